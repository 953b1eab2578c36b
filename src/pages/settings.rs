use yew::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::components::mode_choice::ModeChoice;
use crate::components::read_aloud::use_local_voice;
use crate::components::storage_status::StorageStatusPanel;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use pin::PinSettings;
use rules::UnitRulesSettings;

mod pin;
mod recovery;
mod rules;

pub use pin::{FirstPinPage, PinKindChoice, inputmode as pin_inputmode, pin_issue};

/// Language, the device's mode, the unit's rules, whether it can read aloud, the PIN and its storage.
#[component]
pub fn SettingsPage() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let settings = &session.state().settings;
    let (on_lang, on_choose) = (session.on_lang(), session.on_mode());
    let voice = use_local_voice(i18n.lang);
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::SettingsTitle) }</h1>
            <h2>{ i18n.t(Key::SettingsLanguage) }</h2>
            <LanguageSwitch {i18n} on_change={on_lang} />
            <h2>{ i18n.t(Key::SettingsMode) }</h2>
            if let Some(mode) = settings.mode {
                <p>{ i18n.f(Key::SettingsModeCurrent, &[("mode", &i18n.mode_title(mode))]) }</p>
            }
            <p class="field-hint">{ i18n.t(Key::SettingsModeChangeHint) }</p>
            <ModeChoice {i18n} current={settings.mode} {on_choose} />
            <UnitRulesSettings />
            <h2>{ i18n.t(Key::SettingsVoiceTitle) }</h2>
            if let Some(voice) = voice {
                <p>{ i18n.f(Key::SettingsVoiceFound, &[("voice", &voice.name())]) }</p>
            } else {
                <p class="notice">{ i18n.t(Key::SettingsVoiceNone) }</p>
            }
            <PinSettings />
            <h2>{ i18n.t(Key::StorageTitle) }</h2>
            <StorageStatusPanel />
        </section>
    }
}

use gloo::events::EventListener;
use mestring_core::lang::Lang;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};
use yew::prelude::*;

use crate::i18n::{I18n, Key};

#[derive(Properties, PartialEq)]
pub struct ReadAloudProps {
    pub i18n: I18n,
    /// What is read, in the language of `i18n`.
    pub text: AttrValue,
    /// What the text is about (a question, a domain), so each button on a screen has its own name.
    pub about: AttrValue,
}

/// A button that reads the screen's text aloud with one of the device's own voices. A voice the browser
/// would fetch from a server never speaks: the text could be about someone's health. Without a local
/// voice for the language there is no button (staff see why in the settings).
#[component]
pub fn ReadAloud(props: &ReadAloudProps) -> Html {
    let i18n = props.i18n;
    let Some(chosen) = use_local_voice(i18n.lang) else {
        return Html::default();
    };
    let onclick = {
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| speak(&chosen, &text))
    };
    let name = i18n.f(Key::MeetingReadAloudAbout, &[("about", &props.about)]);
    html! {
        <button type="button" class="read-aloud" aria-label={name} {onclick}>
            // Drawn, not an emoji: a device without an emoji font would show an empty box.
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor" />
                <path d="M16 8.5a4.5 4.5 0 0 1 0 7M18.5 5.5a8.5 8.5 0 0 1 0 13" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
            { i18n.t(Key::MeetingReadAloud) }
        </button>
    }
}

/// The device's own voice for `lang`, followed as the browser lists its voices (a moment after the page
/// loads, which it announces).
#[hook]
pub fn use_local_voice(lang: Lang) -> Option<SpeechSynthesisVoice> {
    let voice = use_state(|| local_voice(lang));
    {
        let voice = voice.clone();
        use_effect_with(lang, move |&lang| {
            voice.set(local_voice(lang));
            let listener = synthesis().map(|synthesis| {
                EventListener::new(&synthesis, "voiceschanged", move |_| {
                    voice.set(local_voice(lang))
                })
            });
            move || drop(listener)
        });
    }
    (*voice).clone()
}

fn synthesis() -> Option<SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// The device's own voice for `lang`, if it has one.
fn local_voice(lang: Lang) -> Option<SpeechSynthesisVoice> {
    // Bokmål voices are tagged nb or no.
    let tags: &[&str] = match lang {
        Lang::Da => &["da"],
        Lang::Nb => &["nb", "no"],
        Lang::En => &["en"],
    };
    synthesis()?
        .get_voices()
        .iter()
        .filter_map(|voice| wasm_bindgen::JsCast::dyn_into::<SpeechSynthesisVoice>(voice).ok())
        .filter(|voice| voice.local_service())
        .find(|voice| {
            let tag = voice.lang().to_ascii_lowercase();
            tags.iter().any(|wanted| tag.starts_with(wanted))
        })
}

fn speak(voice: &SpeechSynthesisVoice, text: &str) {
    let (Some(synthesis), Ok(utterance)) =
        (synthesis(), SpeechSynthesisUtterance::new_with_text(text))
    else {
        return;
    };
    utterance.set_voice(Some(voice));
    utterance.set_lang(&voice.lang());
    // A second tap starts over rather than queueing the same text.
    synthesis.cancel();
    synthesis.speak(&utterance);
}

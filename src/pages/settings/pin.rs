//! The PIN part of the settings: setting the device's PIN (which encrypts what is stored), changing it
//! after a recovery export, and how soon an idle device locks.

use mestring_core::lock::{IDLE_MINUTES, MIN_PIN_CHARS, PinIssue, check_new_pin};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::route_link::RouteLink;
use crate::components::text_field::TextField;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::{I18n, Key};
use crate::lock::LockStatus;
use crate::router::Route;
use crate::settings::Settings;
use crate::storage::UnlockError;

#[derive(Properties, PartialEq)]
pub struct PinSettingsProps {
    pub app: UseAppHandle,
}

#[derive(Clone, Default, PartialEq)]
struct Entries {
    old: String,
    new: String,
    again: String,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Typing,
    Working,
    Done(Key),
    Problem(String),
}

fn pin_issue(i18n: I18n, issue: PinIssue) -> String {
    match issue {
        PinIssue::TooShort => i18n.f(Key::PinTooShort, &[("min", &MIN_PIN_CHARS)]),
        PinIssue::Mismatch => i18n.t(Key::PinMismatch).to_owned(),
    }
}

#[component]
pub fn PinSettings(props: &PinSettingsProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let entries = use_state(Entries::default);
    let outcome = use_state(|| Outcome::Typing);
    let has_pin = app.state().lock == Some(LockStatus::Open);
    let field = |id: &'static str, label: Key, pick: fn(&mut Entries) -> &mut String| {
        let entries = entries.clone();
        let value = pick(&mut (*entries).clone()).clone();
        let on_input = Callback::from(move |typed: String| {
            let mut next = (*entries).clone();
            *pick(&mut next) = typed;
            entries.set(next);
        });
        html! {
            <TextField {id} kind="password" inputmode="numeric" label={i18n.t(label)} {value} {on_input} />
        }
    };
    let onsubmit = {
        let (app, entries, outcome) = (app.clone(), entries.clone(), outcome.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Err(issue) = check_new_pin(&entries.new, &entries.again) {
                outcome.set(Outcome::Problem(pin_issue(i18n, issue)));
                return;
            }
            outcome.set(Outcome::Working);
            let (app, entries, outcome) = (app.clone(), entries.clone(), outcome.clone());
            spawn_local(async move {
                let typed = (*entries).clone();
                let res = if has_pin {
                    app.change_pin(&typed.old, &typed.new)
                        .await
                        .map(|()| Key::PinChanged)
                        .map_err(|err| match err {
                            UnlockError::Wrong { .. } => i18n.t(Key::PinWrongOld).to_owned(),
                            UnlockError::Wait { .. } => i18n.t(Key::PinWait).to_owned(),
                            UnlockError::Store(err) => i18n.store_error(err.kind()).to_owned(),
                        })
                } else {
                    app.set_pin(&typed.new)
                        .await
                        .map(|()| Key::PinSet)
                        .map_err(|err| i18n.store_error(err.kind()).to_owned())
                };
                entries.set(Entries::default());
                outcome.set(match res {
                    Ok(done) => Outcome::Done(done),
                    Err(problem) => Outcome::Problem(problem),
                });
            });
        })
    };
    let on_idle = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let chosen = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(lock_after_minutes) = chosen.parse() {
                app.change_settings(Settings {
                    lock_after_minutes,
                    ..app.state().settings.clone()
                });
            }
        })
    };
    let working = *outcome == Outcome::Working;
    html! {
        <>
            <h2>{ i18n.t(Key::PinTitle) }</h2>
            if has_pin {
                <p>{ i18n.t(Key::PinOn) }</p>
                <div class="field">
                    <label for="lock-after">{ i18n.t(Key::PinIdleLabel) }</label>
                    <p class="field-hint" id="lock-after-hint">{ i18n.t(Key::PinIdleHint) }</p>
                    <select id="lock-after" aria-describedby="lock-after-hint" onchange={on_idle}>
                        for minutes in IDLE_MINUTES {
                            <option
                                value={minutes.to_string()}
                                selected={minutes == app.state().settings.lock_after_minutes}
                            >
                                { i18n.f(Key::PinIdleMinutes, &[("n", &minutes)]) }
                            </option>
                        }
                    </select>
                </div>
                <h3>{ i18n.t(Key::PinChangeTitle) }</h3>
                <p class="notice">
                    { i18n.t(Key::PinRecovery) }{ " " }
                    <RouteLink to={Route::Export}>{ i18n.t(Key::PinRecoveryLink) }</RouteLink>
                </p>
            } else {
                <p>{ i18n.t(Key::PinIntro) }</p>
                <p class="notice">{ i18n.t(Key::PinLostWarning) }</p>
            }
            <form {onsubmit}>
                if has_pin {
                    { field("pin-old", Key::PinOld, |entries| &mut entries.old) }
                }
                { field("pin-new", Key::PinNew, |entries| &mut entries.new) }
                { field("pin-again", Key::PinAgain, |entries| &mut entries.again) }
                <p role="status">
                    { match &*outcome {
                        Outcome::Done(done) => i18n.t(*done).to_owned(),
                        Outcome::Problem(problem) => problem.clone(),
                        Outcome::Working => i18n.t(if has_pin { Key::PinChanging } else { Key::PinSetting }).to_owned(),
                        Outcome::Typing => String::new(),
                    } }
                </p>
                <button type="submit" class="primary big" disabled={working}>
                    { i18n.t(if has_pin { Key::PinChange } else { Key::PinSetButton }) }
                </button>
            </form>
        </>
    }
}

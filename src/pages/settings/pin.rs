//! The PIN part of the settings: setting the device's PIN and its recovery code (which encrypts what is
//! stored), changing the PIN after a recovery export, a new recovery code, and how soon an idle device
//! locks. [`PinSetup`] is also the first start's step on a device that must have a PIN.

use mestring_core::lock::{
    IDLE_MINUTES, PinAtStart, PinIssue, PinKind, RecoveryCode, check_new_pin, pin_at_first_start,
};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::recovery::{RecoveryCodeCard, new_recovery_code};
use crate::components::route_link::RouteLink;
use crate::components::text_field::TextField;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::{Counted, I18n, Key};
use crate::lock::LockStatus;
use crate::router::Route;
use crate::settings::Settings;
use crate::storage::UnlockError;

pub fn pin_issue(i18n: I18n, issue: PinIssue, kind: PinKind) -> String {
    match issue {
        PinIssue::TooShort => i18n.f(Key::PinTooShort, &[("min", &kind.min_chars())]),
        PinIssue::NotDigits => i18n.t(Key::PinNotDigits).to_owned(),
        PinIssue::Mismatch => i18n.t(Key::PinMismatch).to_owned(),
    }
}

/// The on-screen keyboard for a PIN of `kind`.
pub fn inputmode(kind: PinKind) -> AttrValue {
    AttrValue::Static(match kind {
        PinKind::Digits => "numeric",
        PinKind::Passcode => "text",
    })
}

pub fn unlock_problem(i18n: I18n, err: UnlockError) -> String {
    match err {
        UnlockError::Wrong { .. } => i18n.t(Key::PinWrongOld).to_owned(),
        UnlockError::Wait { .. } => i18n.t(Key::PinWait).to_owned(),
        UnlockError::Store(err) => i18n.store_error(err.kind()).to_owned(),
    }
}

#[derive(Properties, PartialEq)]
pub struct PinKindChoiceProps {
    pub i18n: I18n,
    /// Names the radio group, so two choices on one page do not share it.
    pub name: AttrValue,
    pub kind: PinKind,
    pub on_change: Callback<PinKind>,
}

/// Digits or a longer passcode with letters: the second is what holds against a copied profile.
#[component]
pub fn PinKindChoice(props: &PinKindChoiceProps) -> Html {
    let i18n = props.i18n;
    let option = |kind: PinKind, label: Key| {
        let id = format!(
            "{}-{}",
            props.name,
            if kind == PinKind::Digits {
                "digits"
            } else {
                "passcode"
            }
        );
        html! {
            <label class="radio-choice" for={id.clone()}>
                <input
                    type="radio"
                    {id}
                    name={props.name.clone()}
                    checked={props.kind == kind}
                    onchange={props.on_change.reform(move |_| kind)}
                />
                { i18n.t(label) }
            </label>
        }
    };
    html! {
        <fieldset class="choice-group">
            <legend>{ i18n.t(Key::PinKindLegend) }</legend>
            { option(PinKind::Digits, Key::PinKindDigits) }
            { option(PinKind::Passcode, Key::PinKindPasscode) }
        </fieldset>
    }
}

#[derive(Clone, PartialEq)]
enum SetupStep {
    Typing,
    /// The PIN is checked; the recovery code is shown until staff confirm it is written down.
    Code {
        pin: String,
        kind: PinKind,
        code: RecoveryCode,
    },
    Working {
        code: RecoveryCode,
    },
}

#[derive(Properties, PartialEq)]
pub struct PinSetupProps {
    /// The recovery code's heading level (see [`RecoveryCodeCard`]).
    #[prop_or(3)]
    pub level: u8,
}

/// Setting the first PIN: its kind, the PIN twice, then its recovery code shown once and confirmed;
/// only then is anything stored (the PIN, the code's wrap and every record sealed, at once).
#[component]
pub fn PinSetup(props: &PinSetupProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let kind = use_state(PinKind::default);
    let pin = use_state(String::new);
    let again = use_state(String::new);
    let step = use_state(|| SetupStep::Typing);
    let problem = use_state(|| None::<String>);
    let on_typed = {
        let (kind, pin, again, step, problem) = (
            kind.clone(),
            pin.clone(),
            again.clone(),
            step.clone(),
            problem.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Err(issue) = check_new_pin(&pin, &again, *kind) {
                problem.set(Some(pin_issue(i18n, issue, *kind)));
                return;
            }
            match new_recovery_code() {
                Ok(code) => {
                    problem.set(None);
                    step.set(SetupStep::Code {
                        pin: (*pin).clone(),
                        kind: *kind,
                        code,
                    });
                    pin.set(String::new());
                    again.set(String::new());
                }
                Err(err) => {
                    crate::browser::log_error(&err);
                    problem.set(Some(
                        i18n.store_error(mestring_core::store::StoreErrorKind::Aborted)
                            .to_owned(),
                    ));
                }
            }
        })
    };
    if let SetupStep::Code { code, .. } | SetupStep::Working { code } = &*step {
        let on_confirmed = {
            let (records, step, problem) = (records.clone(), step.clone(), problem.clone());
            Callback::from(move |()| {
                let SetupStep::Code { pin, kind, code } = (*step).clone() else {
                    return;
                };
                step.set(SetupStep::Working { code: code.clone() });
                let (records, step, problem) = (records.clone(), step.clone(), problem.clone());
                spawn_local(async move {
                    match records.set_pin(&pin, kind, &code).await {
                        Ok(()) => problem.set(None),
                        Err(err) => {
                            problem.set(Some(i18n.store_error(err.kind()).to_owned()));
                            step.set(SetupStep::Typing);
                        }
                    }
                });
            })
        };
        let working = matches!(*step, SetupStep::Working { .. });
        return html! {
            <>
                <RecoveryCodeCard {i18n} code={code.clone()} {on_confirmed} {working} level={props.level} />
                <p role="status">{ if working { i18n.t(Key::PinSetting) } else { "" } }</p>
            </>
        };
    }
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |chosen| kind.set(chosen))
    };
    let field = |id: &'static str, label: String, value: &UseStateHandle<String>| {
        let handle = value.clone();
        html! {
            <TextField {id} kind="password" inputmode={inputmode(*kind)} {label}
                value={(**value).clone()} on_input={Callback::from(move |typed: String| handle.set(typed))} />
        }
    };
    let new_label = i18n.f(Key::PinNew, &[("min", &kind.min_chars())]);
    html! {
        <form onsubmit={on_typed}>
            <PinKindChoice {i18n} name="pin-kind" kind={*kind} on_change={on_kind} />
            { field("pin-new", new_label, &pin) }
            { field("pin-again", i18n.t(Key::PinAgain).to_owned(), &again) }
            <p role="status">{ (*problem).clone().unwrap_or_default() }</p>
            <button type="submit" class="primary big">{ i18n.t(Key::PinSetButton) }</button>
        </form>
    }
}

#[component]
pub fn PinSettings() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let has_pin = session.state().lock == Some(LockStatus::Open);
    let on_idle = {
        let session = session.clone();
        Callback::from(move |event: Event| {
            let chosen = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(lock_after_minutes) = chosen.parse() {
                session.change_settings(Settings {
                    lock_after_minutes,
                    ..session.state().settings.clone()
                });
            }
        })
    };
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
                                selected={minutes == session.state().settings.lock_after_minutes}
                            >
                                { i18n.f(Key::PinIdleMinutes, &[("minutes", &i18n.count(Counted::Minutes, minutes.into()))]) }
                            </option>
                        }
                    </select>
                </div>
                <ChangePin />
                <NewRecoveryCode />
            } else {
                <p>{ i18n.t(Key::PinIntro) }</p>
                <p class="notice">{ i18n.t(Key::PinLostWarning) }</p>
                <PinSetup />
            }
        </>
    }
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

fn outcome_text(i18n: I18n, outcome: &Outcome, working: Key) -> String {
    match outcome {
        Outcome::Done(done) => i18n.t(*done).to_owned(),
        Outcome::Problem(problem) => problem.clone(),
        Outcome::Working => i18n.t(working).to_owned(),
        Outcome::Typing => String::new(),
    }
}

/// The current PIN, then the new one (of either kind) twice; the recovery code stays as it is.
#[component]
fn ChangePin() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let entries = use_state(Entries::default);
    let kind = use_state(PinKind::default);
    let outcome = use_state(|| Outcome::Typing);
    let field = |id: &'static str,
                 label: String,
                 mode: PinKind,
                 pick: fn(&mut Entries) -> &mut String| {
        let entries = entries.clone();
        let value = pick(&mut (*entries).clone()).clone();
        let on_input = Callback::from(move |typed: String| {
            let mut next = (*entries).clone();
            *pick(&mut next) = typed;
            entries.set(next);
        });
        html! {
            <TextField {id} kind="password" inputmode={inputmode(mode)} {label} {value} {on_input} />
        }
    };
    let onsubmit = {
        let (records, entries, kind, outcome) = (
            records.clone(),
            entries.clone(),
            kind.clone(),
            outcome.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Err(issue) = check_new_pin(&entries.new, &entries.again, *kind) {
                outcome.set(Outcome::Problem(pin_issue(i18n, issue, *kind)));
                return;
            }
            outcome.set(Outcome::Working);
            let (records, entries, kind, outcome) =
                (records.clone(), entries.clone(), *kind, outcome.clone());
            spawn_local(async move {
                let typed = (*entries).clone();
                let res = records.change_pin(&typed.old, &typed.new, kind).await;
                entries.set(Entries::default());
                outcome.set(match res {
                    Ok(()) => Outcome::Done(Key::PinChanged),
                    Err(err) => Outcome::Problem(unlock_problem(i18n, err)),
                });
            });
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |chosen| kind.set(chosen))
    };
    html! {
        <>
            <h3>{ i18n.t(Key::PinChangeTitle) }</h3>
            <p class="notice">
                { i18n.t(Key::PinRecovery) }{ " " }
                <RouteLink to={Route::Export} class="button">{ i18n.t(Key::PinRecoveryLink) }</RouteLink>
            </p>
            <form {onsubmit}>
                { field("pin-old", i18n.t(Key::PinOld).to_owned(), PinKind::Passcode, |entries| &mut entries.old) }
                <PinKindChoice {i18n} name="pin-change-kind" kind={*kind} on_change={on_kind} />
                { field("pin-new", i18n.f(Key::PinNew, &[("min", &kind.min_chars())]), *kind, |entries| &mut entries.new) }
                { field("pin-again", i18n.t(Key::PinAgain).to_owned(), *kind, |entries| &mut entries.again) }
                <p role="status">{ outcome_text(i18n, &outcome, Key::PinChanging) }</p>
                <button type="submit" class="primary big" disabled={*outcome == Outcome::Working}>
                    { i18n.t(Key::PinChange) }
                </button>
            </form>
        </>
    }
}

/// A new recovery code (the first, on a device whose PIN is older than recovery codes): the PIN, then
/// the code shown once and confirmed; the old code stops working when the new one is stored.
#[component]
fn NewRecoveryCode() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let pin = use_state(String::new);
    let code = use_state(|| None::<(String, RecoveryCode)>);
    let outcome = use_state(|| Outcome::Typing);
    if let Some((typed_pin, shown)) = (*code).clone() {
        let on_confirmed = {
            let (records, code, outcome, shown) = (
                records.clone(),
                code.clone(),
                outcome.clone(),
                shown.clone(),
            );
            Callback::from(move |()| {
                outcome.set(Outcome::Working);
                let (records, code, outcome, typed_pin, shown) = (
                    records.clone(),
                    code.clone(),
                    outcome.clone(),
                    typed_pin.clone(),
                    shown.clone(),
                );
                spawn_local(async move {
                    let res = records.make_recovery_code(&typed_pin, &shown).await;
                    code.set(None);
                    outcome.set(match res {
                        Ok(()) => Outcome::Done(Key::PinRecoveryMade),
                        Err(err) => Outcome::Problem(unlock_problem(i18n, err)),
                    });
                });
            })
        };
        return html! {
            <RecoveryCodeCard {i18n} code={shown} {on_confirmed} working={*outcome == Outcome::Working} />
        };
    }
    let onsubmit = {
        let (pin, code, outcome) = (pin.clone(), code.clone(), outcome.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match new_recovery_code() {
                Ok(new) => {
                    code.set(Some(((*pin).clone(), new)));
                    pin.set(String::new());
                    outcome.set(Outcome::Typing);
                }
                Err(err) => outcome.set(Outcome::Problem(err)),
            }
        })
    };
    let on_input = {
        let pin = pin.clone();
        Callback::from(move |typed: String| pin.set(typed))
    };
    html! {
        <>
            <h3 id="new-recovery-code">{ i18n.t(Key::PinRecoveryNewTitle) }</h3>
            <p>{ i18n.t(Key::PinRecoveryNewIntro) }</p>
            <form {onsubmit}>
                <TextField id="recovery-pin" kind="password" label={i18n.t(Key::PinOld)} value={(*pin).clone()} {on_input} />
                <p role="status">{ outcome_text(i18n, &outcome, Key::PinRecoveryMaking) }</p>
                <button type="submit" class="big">{ i18n.t(Key::PinRecoveryNewButton) }</button>
            </form>
        </>
    }
}

/// The first start's step after the device's mode: a shared device (a facility's, a caseworker's) sets
/// its PIN and recovery code before anything about a person can be entered; a personal one is offered
/// it, with "not now".
#[component]
pub fn FirstPinPage() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let required = session
        .state()
        .settings
        .mode
        .is_none_or(|mode| pin_at_first_start(mode) == PinAtStart::Required);
    let on_decline = {
        let session = session.clone();
        Callback::from(move |_| {
            session.change_settings(Settings {
                pin_declined: true,
                ..session.state().settings.clone()
            })
        })
    };
    html! {
        <section class="page first-pin">
            <h1>{ i18n.t(Key::PinFirstTitle) }</h1>
            <p class="lead">{ i18n.t(if required { Key::PinFirstRequired } else { Key::PinFirstOffered }) }</p>
            <p class="notice">{ i18n.t(Key::PinLostWarning) }</p>
            <PinSetup level={2} />
            if !required {
                <button type="button" class="big" onclick={on_decline}>{ i18n.t(Key::PinNotNow) }</button>
            }
        </section>
    }
}

//! A forgotten PIN. With the recovery code, staff open the device and choose a new PIN: nothing is lost.
//! Without it, anyone at the lock screen may only *ask* for an erase: it waits [`ERASE_WAIT`], the lock
//! screen says until when, and whoever unlocks with the PIN meanwhile cancels it. So nobody holding the
//! tablet (a citizen in citizen mode, a passer-by) can destroy what is on it.

use chrono::{DateTime, FixedOffset};
use mestring_core::lock::{EraseRequest, PinKind, RecoveryCode, RecoveryIssue, check_new_pin};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::text_field::TextField;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::pages::settings::{PinKindChoice, pin_inputmode, pin_issue};
use crate::storage::{LockInfo, RecoverError};

/// A moment as staff read it: the date and the time of day on the device's clock.
fn when(i18n: I18n, at: DateTime<FixedOffset>) -> String {
    i18n.f(
        Key::LockEraseWhen,
        &[
            ("date", &i18n.date(at.date_naive())),
            ("time", &i18n.time(at.time())),
        ],
    )
}

#[derive(Properties, PartialEq)]
pub struct ErasePendingProps {
    pub i18n: I18n,
    pub request: EraseRequest,
}

/// An erase asked for and waiting: shown above the PIN, so staff see that unlocking cancels it.
#[component]
pub fn ErasePending(props: &ErasePendingProps) -> Html {
    let i18n = props.i18n;
    let request = &props.request;
    html! {
        <p class="notice notice-error erase-pending" role="status">
            { i18n.f(Key::LockEraseRequested, &[
                ("requested", &when(i18n, request.requested_at)),
                ("erasable", &when(i18n, request.erasable_at())),
            ]) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ForgottenProps {
    pub info: LockInfo,
    pub on_erase_requested: Callback<EraseRequest>,
}

#[component]
pub fn Forgotten(props: &ForgottenProps) -> Html {
    let i18n = use_session().i18n();
    html! {
        <details class="erase-device">
            <summary>{ i18n.t(Key::LockForgottenTitle) }</summary>
            if props.info.has_recovery_code {
                <p>{ i18n.t(Key::LockForgotten) }</p>
                <RecoverForm />
            } else {
                <p>{ i18n.t(Key::LockForgottenNoCode) }</p>
            }
            <EraseSection

                request={props.info.erase_request.clone()}
                on_erase_requested={props.on_erase_requested.clone()}
            />
        </details>
    }
}

fn recovery_issue(i18n: I18n, issue: RecoveryIssue) -> String {
    match issue {
        RecoveryIssue::Length { found } => i18n.f(Key::LockRecoveryLength, &[("found", &found)]),
        RecoveryIssue::Character(char) => {
            i18n.f(Key::LockRecoveryCharacter, &[("character", &char)])
        }
        RecoveryIssue::Check => i18n.t(Key::LockRecoveryCheck).to_owned(),
    }
}

/// The recovery code and a new PIN twice: the device opens with the new PIN set, and nothing is lost.
#[component]
fn RecoverForm() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let code = use_state(String::new);
    let kind = use_state(PinKind::default);
    let pin = use_state(String::new);
    let again = use_state(String::new);
    let code_problem = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let working = use_state(|| false);
    let onsubmit = {
        let (records, code, kind, pin, again, code_problem, problem, working) = (
            records.clone(),
            code.clone(),
            kind.clone(),
            pin.clone(),
            again.clone(),
            code_problem.clone(),
            problem.clone(),
            working.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *working {
                return;
            }
            let parsed = RecoveryCode::parse(&code);
            code_problem.set(
                parsed
                    .as_ref()
                    .err()
                    .map(|issue| recovery_issue(i18n, *issue)),
            );
            let checked = check_new_pin(&pin, &again, *kind);
            problem.set(checked.err().map(|issue| pin_issue(i18n, issue, *kind)));
            let (Ok(parsed), Ok(())) = (parsed, checked) else {
                return;
            };
            working.set(true);
            let (records, kind, new_pin, code_problem, problem, working) = (
                records.clone(),
                *kind,
                (*pin).clone(),
                code_problem.clone(),
                problem.clone(),
                working.clone(),
            );
            spawn_local(async move {
                let res = records.recover(&parsed, &new_pin, kind).await;
                working.set(false);
                match res {
                    Ok(()) => {}
                    Err(RecoverError::Wrong) => {
                        code_problem.set(Some(i18n.t(Key::LockRecoveryWrong).to_owned()))
                    }
                    Err(RecoverError::NoCode) => {
                        code_problem.set(Some(i18n.t(Key::LockForgottenNoCode).to_owned()))
                    }
                    Err(RecoverError::Store(err)) => {
                        browser::log_error(&err.to_string());
                        problem.set(Some(i18n.store_error(err.kind()).to_owned()));
                    }
                }
            });
        })
    };
    let text = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |typed: String| handle.set(typed))
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |chosen| kind.set(chosen))
    };
    html! {
        <form class="recover-form" {onsubmit}>
            <TextField
                id="recovery-code"
                label={i18n.t(Key::LockRecoveryLabel)}
                hint={AttrValue::from(i18n.t(Key::LockRecoveryHint))}
                value={(*code).clone()}
                problems={(*code_problem).clone().into_iter().collect::<Vec<_>>()}
                on_input={text(&code)}
            />
            <PinKindChoice {i18n} name="recover-kind" kind={*kind} on_change={on_kind} />
            <TextField
                id="recover-pin-new"
                kind="password"
                inputmode={pin_inputmode(*kind)}
                label={i18n.f(Key::PinNew, &[("min", &kind.min_chars())])}
                value={(*pin).clone()}
                problems={(*problem).clone().into_iter().collect::<Vec<_>>()}
                on_input={text(&pin)}
            />
            <TextField
                id="recover-pin-again"
                kind="password"
                inputmode={pin_inputmode(*kind)}
                label={i18n.t(Key::PinAgain)}
                value={(*again).clone()}
                on_input={text(&again)}
            />
            <button type="submit" class="primary big" disabled={*working}>
                { i18n.t(if *working { Key::LockChecking } else { Key::LockRecoveryButton }) }
            </button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EraseSectionProps {
    request: Option<EraseRequest>,
    on_erase_requested: Callback<EraseRequest>,
}

/// Without PIN or code: ask for an erase (nothing is erased now); once its wait is over, erase after the
/// confirming word. The store checks the wait again, whatever this screen shows.
#[component]
fn EraseSection(props: &EraseSectionProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let typed = use_state(String::new);
    let failed = use_state(|| None);
    let now = browser::now();
    let due = props
        .request
        .as_ref()
        .is_some_and(|request| request.may_erase(now));
    let on_request = {
        let (records, failed, on_erase_requested) = (
            records.clone(),
            failed.clone(),
            props.on_erase_requested.clone(),
        );
        Callback::from(move |_| {
            let (records, failed, on_erase_requested) =
                (records.clone(), failed.clone(), on_erase_requested.clone());
            spawn_local(async move {
                match records.request_erase().await {
                    Ok(request) => on_erase_requested.emit(request),
                    Err(err) => {
                        browser::log_error(&err.to_string());
                        failed.set(Some(err.kind()));
                    }
                }
            });
        })
    };
    let on_erase = {
        let (records, failed) = (records.clone(), failed.clone());
        Callback::from(move |_| {
            let (records, failed) = (records.clone(), failed.clone());
            spawn_local(async move {
                let err = records.erase_device().await;
                browser::log_error(&err.to_string());
                failed.set(Some(err.kind()));
            });
        })
    };
    let confirmed =
        browser::lowercase(typed.trim()) == browser::lowercase(i18n.t(Key::LockEraseWord));
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(value))
    };
    html! {
        <div class="erase-section">
            <h2>{ i18n.t(Key::LockEraseTitle) }</h2>
            <p>{ i18n.t(Key::LockEraseExplain) }</p>
            if let Some(kind) = *failed {
                <p class="notice notice-error" role="alert">{ i18n.store_error(kind) }</p>
            }
            if props.request.is_none() {
                <button type="button" class="big" id="request-erase" onclick={on_request}>
                    { i18n.t(Key::LockEraseRequestButton) }
                </button>
            } else if due {
                <p class="notice notice-error">{ i18n.t(Key::LockEraseDue) }</p>
                <TextField
                    id="erase-confirm"
                    label={i18n.f(Key::LockEraseConfirm, &[("word", &i18n.t(Key::LockEraseWord))])}
                    value={(*typed).clone()}
                    {on_input}
                />
                <button type="button" class="big" disabled={!confirmed} onclick={on_erase}>
                    { i18n.t(Key::LockEraseButton) }
                </button>
            }
        </div>
    }
}

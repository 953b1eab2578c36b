//! The PIN screen: unlocking a locked device, and staff taking the tablet back from a citizen; for a
//! forgotten PIN, unlocking with the recovery code, or asking for an erase that waits 72 hours.

use chrono::{DateTime, FixedOffset};
use gloo::timers::callback::Interval;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::text_field::TextField;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::{Counted, Key};
use crate::storage::{LockInfo, UnlockError};

mod forgotten;

use forgotten::{ErasePending, Forgotten};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PinPurpose {
    /// The device is locked: the PIN opens it.
    Unlock,
    /// A citizen holds the tablet: the PIN ends citizen mode.
    TakeBack,
}

#[derive(Properties, PartialEq)]
pub struct PinScreenProps {
    pub purpose: PinPurpose,
    /// The right PIN was typed.
    pub on_done: Callback<()>,
    /// Back to the form without a PIN (only when taking the tablet back).
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Typing,
    Checking,
    Wrong,
    /// No try is taken before this time.
    Waiting(DateTime<FixedOffset>),
    Failed(mestring_core::store::StoreErrorKind),
}

/// One PIN field and its button; a wrong PIN says so, and after a few a countdown says how long to wait.
#[component]
pub fn PinScreen(props: &PinScreenProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let pin = use_state(String::new);
    let outcome = use_state(|| Outcome::Typing);
    // Re-rendered every second while a wait runs, so the countdown moves.
    let now = use_state(browser::now);
    // How to ask for the PIN, and an erase waiting; read again after an erase is asked for.
    let info = use_state(|| None::<LockInfo>);
    {
        // A wait begun before a reload still holds. Read once the database is open.
        let (records, outcome, info) = (records.clone(), outcome.clone(), info.clone());
        use_effect_with(records.has_store(), move |&has_store| {
            if !has_store {
                return;
            }
            spawn_local(async move {
                if let Ok(attempts) = records.unlock_attempts().await
                    && let Some(until) = attempts.retry_at(browser::now())
                {
                    outcome.set(Outcome::Waiting(until));
                }
                match records.lock_info().await {
                    Ok(read) => {
                        crate::lock::remember_kind(read.kind);
                        info.set(Some(read));
                    }
                    Err(err) => browser::log_error(&err.to_string()),
                }
            });
        });
    }
    {
        let (now, outcome) = (now.clone(), outcome.clone());
        use_effect_with((*outcome).clone(), move |current| {
            let ticker = matches!(current, Outcome::Waiting(_)).then(|| {
                Interval::new(1_000, move || {
                    let at = browser::now();
                    if let Outcome::Waiting(until) = *outcome
                        && at >= until
                    {
                        outcome.set(Outcome::Typing);
                    }
                    now.set(at);
                })
            });
            move || drop(ticker)
        });
    }
    let waiting = match *outcome {
        Outcome::Waiting(until) if until > *now => Some((until - *now).num_seconds() + 1),
        _ => None,
    };
    let onsubmit = {
        let (records, pin, outcome, on_done) = (
            records.clone(),
            pin.clone(),
            outcome.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if matches!(*outcome, Outcome::Checking | Outcome::Waiting(_)) {
                return;
            }
            outcome.set(Outcome::Checking);
            let (records, pin, outcome, on_done) = (
                records.clone(),
                pin.clone(),
                outcome.clone(),
                on_done.clone(),
            );
            spawn_local(async move {
                let typed = (*pin).clone();
                pin.set(String::new());
                match records.unlock(&typed).await {
                    Ok(()) => on_done.emit(()),
                    Err(UnlockError::Wrong { retry_at: None }) => outcome.set(Outcome::Wrong),
                    Err(
                        UnlockError::Wrong {
                            retry_at: Some(until),
                        }
                        | UnlockError::Wait { until },
                    ) => outcome.set(Outcome::Waiting(until)),
                    Err(UnlockError::Store(err)) => {
                        browser::log_error(&err.to_string());
                        outcome.set(Outcome::Failed(err.kind()));
                    }
                }
            });
        })
    };
    let on_input = {
        let pin = pin.clone();
        Callback::from(move |value: String| pin.set(value))
    };
    let (title, intro) = match props.purpose {
        PinPurpose::Unlock => (Key::LockTitle, Key::LockIntro),
        PinPurpose::TakeBack => (Key::LockTakeBackTitle, Key::LockTakeBackIntro),
    };
    let message = match (&*outcome, waiting) {
        (_, Some(seconds)) => Some(i18n.f(
            Key::LockWait,
            &[(
                "seconds",
                &i18n.count(Counted::Seconds, usize::try_from(seconds).unwrap_or(0)),
            )],
        )),
        (Outcome::Wrong, _) => Some(i18n.t(Key::LockWrong).to_owned()),
        (Outcome::Failed(kind), _) => Some(i18n.store_error(*kind).to_owned()),
        _ => None,
    };
    let checking = *outcome == Outcome::Checking;
    let kind = (*info)
        .as_ref()
        .map_or_else(crate::lock::remembered_kind, |info| info.kind);
    let erase_request = (*info).as_ref().and_then(|info| info.erase_request.clone());
    let on_erase_requested = {
        let info = info.clone();
        Callback::from(move |request| {
            if let Some(read) = (*info).clone() {
                info.set(Some(LockInfo {
                    erase_request: Some(request),
                    ..read
                }));
            }
        })
    };
    html! {
        <section class="page lock-screen">
            <h1>{ i18n.t(title) }</h1>
            <p class="lead">{ i18n.t(intro) }</p>
            if let Some(request) = erase_request.clone() {
                <ErasePending {i18n} {request} />
            }
            <form {onsubmit}>
                <TextField
                    id="pin"
                    kind="password"
                    inputmode={crate::pages::settings::pin_inputmode(kind)}
                    label={i18n.t(Key::LockPinLabel)}
                    value={(*pin).clone()}
                    {on_input}
                />
                if let Some(message) = message {
                    <p class="notice notice-error" role="alert">{ message }</p>
                }
                <div class="button-row">
                    <button type="submit" class="primary big" disabled={checking || waiting.is_some()}>
                        { i18n.t(if checking { Key::LockChecking } else { Key::LockUnlock }) }
                    </button>
                    if let Some(on_cancel) = props.on_cancel.clone() {
                        <button type="button" class="big" onclick={move |_| on_cancel.emit(())}>
                            { i18n.t(Key::LockBackToForm) }
                        </button>
                    }
                </div>
            </form>
            if let Some(info) = (*info).clone().filter(|_| props.purpose == PinPurpose::Unlock) {
                <Forgotten {info} {on_erase_requested} />
            }
        </section>
    }
}

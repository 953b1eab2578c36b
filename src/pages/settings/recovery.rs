//! The recovery code as staff see it once: shown in groups, and confirmed by retyping its last group,
//! so nobody leaves the screen believing a code is written down that is not.

use mestring_core::lock::{RECOVERY_GROUP_CHARS, RECOVERY_RANDOM_BYTES, RecoveryCode};
use yew::prelude::*;

use crate::browser;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Key};

/// A new recovery code from the browser's randomness (`crypto.getRandomValues`).
pub fn new_recovery_code() -> Result<RecoveryCode, String> {
    let mut bytes = [0u8; RECOVERY_RANDOM_BYTES];
    browser::fill_random(&mut bytes)?;
    let code = RecoveryCode::from_random(bytes);
    bytes.fill(0);
    Ok(code)
}

#[derive(Properties, PartialEq)]
pub struct RecoveryCodeCardProps {
    pub i18n: I18n,
    pub code: RecoveryCode,
    /// Staff retyped the last group: the code is written down.
    pub on_confirmed: Callback<()>,
    /// The code is being stored: the button waits.
    #[prop_or_default]
    pub working: bool,
    /// The card's heading level: 2 on the first start's page, 3 under the settings' PIN heading.
    #[prop_or(3)]
    pub level: u8,
}

#[component]
pub fn RecoveryCodeCard(props: &RecoveryCodeCardProps) -> Html {
    let i18n = props.i18n;
    let typed = use_state(String::new);
    let wrong = use_state(|| false);
    let on_input = {
        let (typed, wrong) = (typed.clone(), wrong.clone());
        Callback::from(move |value: String| {
            typed.set(value);
            wrong.set(false);
        })
    };
    let onsubmit = {
        let (typed, wrong, code, on_confirmed) = (
            typed.clone(),
            wrong.clone(),
            props.code.clone(),
            props.on_confirmed.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if code.confirmed_by(&typed) {
                on_confirmed.emit(());
            } else {
                wrong.set(true);
            }
        })
    };
    let problems = if *wrong {
        vec![i18n.t(Key::PinRecoveryConfirmWrong).to_owned()]
    } else {
        Vec::new()
    };
    html! {
        <section class="card recovery-card" aria-labelledby="recovery-title">
            if props.level <= 2 {
                <h2 id="recovery-title">{ i18n.t(Key::PinRecoveryTitle) }</h2>
            } else {
                <h3 id="recovery-title">{ i18n.t(Key::PinRecoveryTitle) }</h3>
            }
            <p>{ i18n.t(Key::PinRecoveryExplain) }</p>
            <p class="recovery-code" lang="en" translate="no">
                for group in props.code.groups() {
                    <code>{ group }</code>{ " " }
                }
            </p>
            <p class="notice">{ i18n.t(Key::PinRecoveryOnce) }</p>
            <form {onsubmit}>
                <TextField
                    id="recovery-confirm"
                    label={i18n.f(Key::PinRecoveryConfirm, &[("n", &RECOVERY_GROUP_CHARS)])}
                    value={(*typed).clone()}
                    {problems}
                    {on_input}
                />
                <button type="submit" class="primary big" disabled={props.working}>
                    { i18n.t(Key::PinRecoveryConfirmButton) }
                </button>
            </form>
        </section>
    }
}

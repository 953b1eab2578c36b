use mestring_core::device::DeviceMode;
use yew::prelude::*;

use crate::i18n::I18n;

#[derive(Properties, PartialEq)]
pub struct ModeChoiceProps {
    pub i18n: I18n,
    /// The mode in force, if one has been chosen.
    pub current: Option<DeviceMode>,
    pub on_choose: Callback<DeviceMode>,
}

/// The three ways a device can be used, as large buttons with a line of explanation each.
#[component]
pub fn ModeChoice(props: &ModeChoiceProps) -> Html {
    let i18n = props.i18n;
    html! {
        <ul class="choice-list">
            for mode in DeviceMode::ALL {
                <li>
                    <button
                        type="button"
                        class="choice"
                        aria-pressed={(props.current == Some(mode)).to_string()}
                        onclick={props.on_choose.reform(move |_| mode)}
                    >
                        <span class="choice-title">{ i18n.mode_title(mode) }</span>
                        <span class="choice-text">{ i18n.mode_text(mode) }</span>
                    </button>
                </li>
            }
        </ul>
    }
}

use mestring_core::fit::Tenths;
use yew::prelude::*;

use crate::components::face::face;

/// One face the child can point at: its value on the scale and its label in the user's language.
#[derive(Clone, Debug, PartialEq)]
pub struct FaceOption {
    pub value: Tenths,
    pub label: AttrValue,
}

#[derive(Properties, PartialEq)]
pub struct FaceChoiceProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub options: Vec<FaceOption>,
    pub value: Option<Tenths>,
    pub on_change: Callback<Tenths>,
    /// Beside the question, e.g. the button that reads it aloud.
    #[prop_or_default]
    pub children: Html,
}

/// The young-child versions: a row of large faces, one of which is pointed at.
#[component]
pub fn FaceChoice(props: &FaceChoiceProps) -> Html {
    let label_id = format!("{}-label", props.id);
    let n_options = props.options.len().max(2) - 1;
    html! {
        <div class="faces">
            <div class="item-head">
                <p class="vas-label" id={label_id.clone()}>{ props.label.clone() }</p>
                { props.children.clone() }
            </div>
            <div class="face-row" role="radiogroup" aria-labelledby={label_id}>
                for (option_idx, option) in props.options.iter().enumerate() {
                    <button
                        type="button"
                        role="radio"
                        class="face-button"
                        aria-checked={(props.value == Some(option.value)).to_string()}
                        onclick={props.on_change.reform({ let value = option.value; move |_| value })}
                    >
                        { face((option_idx * 4 / n_options) as u8) }
                        <span>{ option.label.clone() }</span>
                    </button>
                }
            </div>
        </div>
    }
}

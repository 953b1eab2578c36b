use yew::prelude::*;

use crate::i18n::{I18n, Key};

#[derive(Properties, PartialEq)]
pub struct DraftOfferProps {
    pub i18n: I18n,
    /// What was left unfinished, in a sentence.
    pub text: AttrValue,
    pub on_resume: Callback<MouseEvent>,
    pub on_discard: Callback<MouseEvent>,
}

/// Offers to continue unfinished input found after a reload, a crash or a closed tab.
#[component]
pub fn DraftOffer(props: &DraftOfferProps) -> Html {
    let i18n = props.i18n;
    html! {
        <div class="notice" role="status">
            <p>{ props.text.clone() }</p>
            <button type="button" class="primary" onclick={props.on_resume.clone()}>
                { i18n.t(Key::DraftResume) }
            </button>
            <button type="button" onclick={props.on_discard.clone()}>
                { i18n.t(Key::DraftDiscard) }
            </button>
        </div>
    }
}

use yew::prelude::*;

use crate::browser;
use crate::i18n::{I18n, Key};

/// Offers the new version that is installed and waiting. The frame shows it only on staff screens,
/// so the reload it starts never takes a form out of a citizen's hands.
pub fn update_bar(i18n: I18n) -> Html {
    html! {
        <div class="notice-region" role="status">
            <div class="notice notice-update">
                <p>{ i18n.t(Key::UpdateReady) }</p>
                <button type="button" class="primary" onclick={|_: MouseEvent| browser::accept_update()}>
                    { i18n.t(Key::UpdateNow) }
                </button>
            </div>
        </div>
    }
}

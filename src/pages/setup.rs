use yew::prelude::*;

use crate::components::mode_choice::ModeChoice;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;

/// First start: how will this device be used? Nothing else is reachable until that is answered.
#[component]
pub fn SetupPage() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let on_choose = session.on_mode();
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::SetupTitle) }</h1>
            <p class="lead">{ i18n.t(Key::SetupIntro) }</p>
            <ModeChoice {i18n} current={None} {on_choose} />
        </section>
    }
}

use yew::prelude::*;

use crate::components::mode_choice::ModeChoice;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::Key;

#[derive(Properties, PartialEq)]
pub struct SetupPageProps {
    pub app: UseAppHandle,
}

/// First start: how will this device be used? Nothing else is reachable until that is answered.
#[component]
pub fn SetupPage(props: &SetupPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let on_choose = app.on_mode();
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::SetupTitle) }</h1>
            <p class="lead">{ i18n.t(Key::SetupIntro) }</p>
            <ModeChoice {i18n} current={None} {on_choose} />
        </section>
    }
}

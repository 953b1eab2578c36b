use yew::prelude::*;

use crate::components::mode_choice::ModeChoice;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::Key;
use crate::settings::Settings;

#[derive(Properties, PartialEq)]
pub struct SetupPageProps {
    pub app: UseAppHandle,
}

/// First start: how will this device be used? Nothing else is reachable until that is answered.
#[component]
pub fn SetupPage(props: &SetupPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let settings = app.state().settings;
    let on_choose = {
        let app = app.clone();
        Callback::from(move |mode| {
            app.change_settings(Settings {
                mode: Some(mode),
                ..settings
            })
        })
    };
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::SetupTitle) }</h1>
            <p class="lead">{ i18n.t(Key::SetupIntro) }</p>
            <ModeChoice {i18n} current={None} {on_choose} />
        </section>
    }
}

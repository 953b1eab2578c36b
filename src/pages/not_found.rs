use yew::prelude::*;

use crate::components::route_link::RouteLink;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::Key;
use crate::router::Route;

#[derive(Properties, PartialEq)]
pub struct NotFoundPageProps {
    pub app: UseAppHandle,
}

#[component]
pub fn NotFoundPage(props: &NotFoundPageProps) -> Html {
    let i18n = props.app.i18n();
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::NotFoundTitle) }</h1>
            <RouteLink to={Route::Start} class="button">{ i18n.t(Key::NotFoundBack) }</RouteLink>
        </section>
    }
}

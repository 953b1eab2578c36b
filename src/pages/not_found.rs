use yew::prelude::*;

use crate::components::route_link::RouteLink;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::router::Route;

#[component]
pub fn NotFoundPage() -> Html {
    let i18n = use_session().i18n();
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::NotFoundTitle) }</h1>
            <RouteLink to={Route::Start} class="button">{ i18n.t(Key::NotFoundBack) }</RouteLink>
        </section>
    }
}

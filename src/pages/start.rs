use mestring_core::device::DeviceMode;
use yew::prelude::*;

use crate::components::route_link::RouteLink;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::pages::plan::due::DueList;
use crate::router::Route;
use crate::state::Loaded;

#[derive(Properties, PartialEq)]
pub struct StartPageProps {
    pub mode: DeviceMode,
}

/// What this device is for, in one screen.
#[component]
pub fn StartPage(props: &StartPageProps) -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let body = match props.mode {
        DeviceMode::Facility => {
            let count = match &session.state().citizens {
                Loaded::Ready(citizens) => {
                    let n_active = citizens.iter().filter(|citizen| !citizen.archived).count();
                    Some(i18n.f(Key::StartCitizensCount, &[("count", &n_active)]))
                }
                Loaded::Loading | Loaded::Failed(_) => None,
            };
            html! {
                <>
                    <RouteLink to={Route::Citizens} class="tile">
                        <span class="tile-title">{ i18n.t(Key::NavCitizens) }</span>
                        if let Some(count) = count {
                            <span class="tile-text">{ count }</span>
                        }
                    </RouteLink>
                    <DueList />
                </>
            }
        }
        DeviceMode::Personal => html! { <p>{ i18n.t(Key::StartPersonalEmpty) }</p> },
        DeviceMode::Caseworker => html! {
            <>
                <RouteLink to={Route::Import} class="tile">
                    <span class="tile-title">{ i18n.t(Key::NavImport) }</span>
                </RouteLink>
                <RouteLink to={Route::Overview} class="tile">
                    <span class="tile-title">{ i18n.t(Key::NavOverview) }</span>
                </RouteLink>
            </>
        },
    };
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::AppName) }</h1>
            <p class="lead">{ i18n.t(Key::StartLead) }</p>
            { body }
        </section>
    }
}

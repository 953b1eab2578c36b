//! One page per route.

pub mod citizen;
pub mod citizen_edit;
pub mod citizens;
pub mod export;
pub mod import;
pub mod lock;
pub mod mastery;
pub mod meeting;
pub mod not_found;
pub mod overview;
pub mod plan;
pub mod progress;
pub mod record_meeting;
pub mod settings;
pub mod setup;
pub mod start;

use std::rc::Rc;

use mestring_core::citizen::{Citizen, CitizenId};
use yew::prelude::*;

use crate::components::route_link::RouteLink;
use crate::hooks::use_session::Session;
use crate::i18n::Key;
use crate::router::Route;
use crate::state::Loaded;

/// The register and the citizen whose id stands in the address, or the page to show instead:
/// loading, a failed load, or a citizen not on this device.
fn lookup_citizen(session: &Session, id: &str) -> Result<(Rc<Vec<Citizen>>, Citizen), Html> {
    let i18n = session.i18n();
    let citizens = match &session.state().citizens {
        Loaded::Ready(citizens) => citizens.clone(),
        Loaded::Loading => return Err(html! { <p class="page">{ i18n.t(Key::AppLoading) }</p> }),
        Loaded::Failed(_) => {
            return Err(html! {
                <p class="page notice notice-error" role="alert">{ i18n.t(Key::StoreLoadFailed) }</p>
            });
        }
    };
    let found = CitizenId::parse(id)
        .and_then(|id| citizens.iter().find(|citizen| citizen.id == id).cloned());
    match found {
        Some(citizen) => Ok((citizens, citizen)),
        None => Err(html! {
            <section class="page">
                <h1>{ i18n.t(Key::NotFoundCitizen) }</h1>
                <RouteLink to={Route::Citizens} class="button">{ i18n.t(Key::NotFoundToRegister) }</RouteLink>
            </section>
        }),
    }
}

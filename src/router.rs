//! Where the app is: the routes and their addresses, with yew-router following the address bar. Every
//! page asks for the route through [`use_route`], which keeps a citizen on the form they were handed
//! ([`kiosk`]) whatever the address bar says; [`use_kiosk_guard`] puts the form back in the address bar.

use yew::prelude::*;
use yew_router::Routable;

use crate::kiosk;

#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Start,
    #[at("/citizens")]
    Citizens,
    #[at("/citizens/:id")]
    Citizen { id: String },
    #[at("/citizens/:id/edit")]
    CitizenEdit { id: String },
    #[at("/citizens/:id/progress")]
    Progress { id: String },
    /// The citizen's mastery schemas: rounds, profiles and gaps.
    #[at("/citizens/:id/mastery")]
    Mastery { id: String },
    /// One rater rating the domains of a schema, one domain per screen.
    #[at("/citizens/:id/mastery/:schema/:rater")]
    Rating {
        id: String,
        schema: String,
        rater: String,
    },
    /// The mestringsplan: dialogue meetings, goals, follow-ups.
    #[at("/citizens/:id/plan")]
    Plan { id: String },
    #[at("/citizens/:id/plan/edit")]
    PlanEdit { id: String },
    #[at("/citizens/:id/plan/follow-up")]
    FollowUp { id: String },
    /// Staff record a meeting with the citizen: its kind, who took part, the agreements.
    #[at("/citizens/:id/meetings/new")]
    RecordMeeting { id: String },
    #[at("/citizens/:id/meeting/:rater")]
    Meeting { id: String, rater: String },
    #[at("/export")]
    Export,
    #[at("/import")]
    Import,
    #[at("/overview")]
    Overview,
    /// One citizen from the files a caseworker took in.
    #[at("/overview/:id")]
    OverviewCitizen { id: String },
    #[at("/settings")]
    Settings,
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The route at `path`; any other path is [`Route::NotFound`]. Ids are checked by the page they lead to.
    pub fn at(path: &str) -> Route {
        Route::recognize(path).unwrap_or(Route::NotFound)
    }
}

/// The route on screen: while a citizen holds the tablet, their form, whatever the address bar says.
#[hook]
pub fn use_route() -> Route {
    let route = yew_router::hooks::use_route::<Route>().unwrap_or(Route::NotFound);
    kiosk::route().unwrap_or(route)
}

/// A callback that goes to a route, adding it to the browser's history.
#[hook]
pub fn use_navigator() -> Callback<Route> {
    let navigator = yew_router::hooks::use_navigator();
    use_callback(navigator, |to: Route, navigator| {
        if let Some(navigator) = navigator {
            navigator.push(&to);
        }
    })
}

/// While a citizen holds the tablet, puts their form back in the address bar whatever was typed, linked
/// to or gone back to; after the first load, such a try to leave asks for staff's PIN (`on_leave`).
#[hook]
pub fn use_kiosk_guard(on_leave: Callback<()>) {
    let path = yew_router::hooks::use_location().map(|location| location.path().to_owned());
    let navigator = yew_router::hooks::use_navigator();
    let loaded = use_mut_ref(|| false);
    use_effect_with(path, move |path| {
        let first = !std::mem::replace(&mut *loaded.borrow_mut(), true);
        if let (Some(held), Some(path), Some(navigator)) = (kiosk::route(), path, navigator)
            && Route::at(path) != held
        {
            navigator.replace(&held);
            if !first {
                on_leave.emit(());
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_reads_back_from_its_path() {
        let id = "0f0e8a4c-3b1d-4c2e-9a7b-5d6e7f8a9b0c".to_owned();
        for route in [
            Route::Start,
            Route::Citizens,
            Route::Citizen { id: id.clone() },
            Route::CitizenEdit { id: id.clone() },
            Route::Progress { id: id.clone() },
            Route::Mastery { id: id.clone() },
            Route::RecordMeeting { id: id.clone() },
            Route::Rating {
                id: id.clone(),
                schema: "mastery".to_owned(),
                rater: "staff".to_owned(),
            },
            Route::Plan { id: id.clone() },
            Route::PlanEdit { id: id.clone() },
            Route::FollowUp { id: id.clone() },
            Route::Meeting {
                id: id.clone(),
                rater: "self".to_owned(),
            },
            Route::Export,
            Route::Import,
            Route::Overview,
            Route::OverviewCitizen { id },
            Route::Settings,
            Route::NotFound,
        ] {
            assert_eq!(Route::at(&route.to_path()), route);
        }
    }

    #[test]
    fn unknown_paths_are_not_found_and_slashes_do_not_matter() {
        assert_eq!(Route::at("/citizens/"), Route::Citizens);
        assert_eq!(Route::at(""), Route::Start);
        for path in [
            "/nowhere",
            "/citizens/a/b",
            "/citizens/a/meeting",
            "/settings/x",
        ] {
            assert_eq!(Route::at(path), Route::NotFound, "{path}");
        }
    }
}

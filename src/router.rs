//! Where the app is: the route in the address bar, and moving between routes without reloading.
//!
//! By hand rather than with yew-router: a fixed handful of routes needs no route recogniser, URL
//! decoding or history abstraction, which cost 19 KB gzip of the first load (measured: 299.5 KB with it, 280.5 without).

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::kiosk;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Start,
    Citizens,
    Citizen {
        id: String,
    },
    CitizenEdit {
        id: String,
    },
    Progress {
        id: String,
    },
    /// The citizen's mastery schemas: rounds, profiles and gaps.
    Mastery {
        id: String,
    },
    /// One rater rating the domains of a schema, one domain per screen.
    Rating {
        id: String,
        schema: String,
        rater: String,
    },
    /// The mestringsplan: dialogue meetings, goals, follow-ups.
    Plan {
        id: String,
    },
    PlanEdit {
        id: String,
    },
    FollowUp {
        id: String,
    },
    Meeting {
        id: String,
        rater: String,
    },
    Export,
    Import,
    Overview,
    /// One citizen from the files a caseworker took in.
    OverviewCitizen {
        id: String,
    },
    Settings,
    NotFound,
}

impl Route {
    /// The route at `path`; any other path is [`Route::NotFound`]. Ids are checked by the page they lead to.
    pub fn from_path(path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments[..] {
            [] => Route::Start,
            ["citizens"] => Route::Citizens,
            ["citizens", id] => Route::Citizen { id: id.to_owned() },
            ["citizens", id, "edit"] => Route::CitizenEdit { id: id.to_owned() },
            ["citizens", id, "progress"] => Route::Progress { id: id.to_owned() },
            ["citizens", id, "mastery"] => Route::Mastery { id: id.to_owned() },
            ["citizens", id, "mastery", schema, rater] => Route::Rating {
                id: id.to_owned(),
                schema: schema.to_owned(),
                rater: rater.to_owned(),
            },
            ["citizens", id, "plan"] => Route::Plan { id: id.to_owned() },
            ["citizens", id, "plan", "edit"] => Route::PlanEdit { id: id.to_owned() },
            ["citizens", id, "plan", "follow-up"] => Route::FollowUp { id: id.to_owned() },
            ["citizens", id, "meeting", rater] => Route::Meeting {
                id: id.to_owned(),
                rater: rater.to_owned(),
            },
            ["export"] => Route::Export,
            ["import"] => Route::Import,
            ["overview"] => Route::Overview,
            ["overview", id] => Route::OverviewCitizen { id: id.to_owned() },
            ["settings"] => Route::Settings,
            _ => Route::NotFound,
        }
    }

    pub fn to_path(&self) -> String {
        match self {
            Route::Start => "/".to_owned(),
            Route::Citizens => "/citizens".to_owned(),
            Route::Citizen { id } => format!("/citizens/{id}"),
            Route::CitizenEdit { id } => format!("/citizens/{id}/edit"),
            Route::Progress { id } => format!("/citizens/{id}/progress"),
            Route::Mastery { id } => format!("/citizens/{id}/mastery"),
            Route::Rating { id, schema, rater } => {
                format!("/citizens/{id}/mastery/{schema}/{rater}")
            }
            Route::Plan { id } => format!("/citizens/{id}/plan"),
            Route::PlanEdit { id } => format!("/citizens/{id}/plan/edit"),
            Route::FollowUp { id } => format!("/citizens/{id}/plan/follow-up"),
            Route::Meeting { id, rater } => format!("/citizens/{id}/meeting/{rater}"),
            Route::Export => "/export".to_owned(),
            Route::Import => "/import".to_owned(),
            Route::Overview => "/overview".to_owned(),
            Route::OverviewCitizen { id } => format!("/overview/{id}"),
            Route::Settings => "/settings".to_owned(),
            Route::NotFound => "/404".to_owned(),
        }
    }
}

/// The current route and the way to another, shared with every component below [`BrowserRouter`].
#[derive(Clone, PartialEq)]
struct Router {
    route: Route,
    navigate: Callback<Route>,
}

#[derive(Properties, PartialEq)]
pub struct BrowserRouterProps {
    pub children: Html,
}

/// Follows the address bar: the browser's back and forward buttons included.
/// Without a history API the address bar cannot change, and neither can the page.
#[component]
pub fn BrowserRouter(props: &BrowserRouterProps) -> Html {
    // On loading, a citizen-mode device is locked, so the PIN is asked for anyway.
    let route = use_state(|| route_in_address_bar(false));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| {
                    route.set(route_in_address_bar(true))
                })
            });
            move || drop(listener)
        });
    }
    // Moving on is a new history entry and a `popstate` that every router on the page hears,
    // this one and the second app's (`tools`) alike, as they hear the back and forward buttons.
    let navigate = use_callback((), |to: Route, _| {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&to.to_path()));
        }
        if let Ok(event) = web_sys::Event::new("popstate") {
            let _ = window.dispatch_event(&event);
        }
    });
    let context = Router {
        route: (*route).clone(),
        navigate,
    };
    html! {
        <ContextProvider<Router> {context}>{ props.children.clone() }</ContextProvider<Router>>
    }
}

/// The route in the address bar; while a citizen holds the tablet ([`kiosk`]), their form, put back in
/// the address bar whatever was typed, linked to or gone back to, and, if `ask`, staff's PIN asked for.
fn route_in_address_bar(ask: bool) -> Route {
    let Some(window) = web_sys::window() else {
        return Route::Start;
    };
    let route = window
        .location()
        .pathname()
        .map_or(Route::Start, |path| Route::from_path(&path));
    match kiosk::route() {
        Some(held) if held != route => {
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&held.to_path()));
            }
            // Someone tried to leave the form: staff's PIN is asked for.
            if ask {
                kiosk::ask_take_back();
            }
            held
        }
        _ => route,
    }
}

/// The route on screen.
#[hook]
pub fn use_route() -> Route {
    use_context::<Router>().map_or(Route::NotFound, |router| router.route)
}

/// A callback that goes to a route, adding it to the browser's history.
#[hook]
pub fn use_navigator() -> Callback<Route> {
    use_context::<Router>().map_or_else(Callback::noop, |router| router.navigate)
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
            assert_eq!(Route::from_path(&route.to_path()), route);
        }
    }

    #[test]
    fn unknown_paths_are_not_found_and_slashes_do_not_matter() {
        assert_eq!(Route::from_path("/citizens/"), Route::Citizens);
        assert_eq!(Route::from_path(""), Route::Start);
        for path in [
            "/nowhere",
            "/citizens/a/b",
            "/citizens/a/meeting",
            "/settings/x",
        ] {
            assert_eq!(Route::from_path(path), Route::NotFound, "{path}");
        }
    }
}

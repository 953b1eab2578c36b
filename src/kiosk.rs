//! Citizen mode: while a citizen holds the tablet, the one form they were handed is the only screen.
//!
//! The form's address is kept in `localStorage`, so a reload, a typed address, the back button or a
//! link all land on it again ([`crate::router`] puts it back in the address bar); only staff's PIN ends
//! it. Only a device with a PIN has it: without one there is nothing to guard the way out.

use gloo::storage::{LocalStorage, Storage};
use mestring_core::device::DeviceMode;
use mestring_core::fit::Rater;

use crate::router::Route;
use yew_router::Routable;

const STORAGE_KEY: &str = "mestring.kiosk";
/// The route the tablet is held to, if a citizen holds it.
pub fn route() -> Option<Route> {
    LocalStorage::raw()
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .map(|path| Route::at(&path))
}

/// Holds the tablet to `route`. If storage refuses, the form still shows, without the hold across reloads.
pub fn enter(route: &Route) {
    let _ = LocalStorage::raw().set_item(STORAGE_KEY, &route.to_path());
}

pub fn leave() {
    LocalStorage::delete(STORAGE_KEY);
}

/// Whether `route` is one a citizen (or a parent) rates on from its first screen, which a device with a PIN
/// holds them to as it opens: a mastery rating. A meeting opens on staff's set-up and holds the tablet
/// from the moment staff hand it over ([`crate::hooks::use_session::Session::hand_over`]).
pub fn holds(route: &Route) -> bool {
    match route {
        Route::Rating { rater, .. } => rater != Rater::Staff.code(),
        _ => false,
    }
}

/// Where staff land when they take the tablet back: the citizen's page on a facility's tablet.
pub fn staff_route_after(route: &Route, mode: Option<DeviceMode>) -> Route {
    match route {
        Route::Meeting { id, .. } | Route::Rating { id, .. }
            if mode.is_some_and(DeviceMode::shows_register) =>
        {
            Route::Citizen { id: id.clone() }
        }
        _ => Route::Start,
    }
}

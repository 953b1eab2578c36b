//! Citizen mode: while a citizen holds the tablet, the one form they were handed is the only screen.
//!
//! The form's address is kept in `localStorage`, so a reload, a typed address, the back button or a
//! link all land on it again ([`crate::router`] puts it back in the address bar); only staff's PIN ends
//! it. Only a device with a PIN has it: without one there is nothing to guard the way out.

use gloo::storage::{LocalStorage, Storage};
use js_sys::Reflect;
use mestring_core::device::DeviceMode;
use mestring_core::fit::Rater;

use crate::router::Route;

const STORAGE_KEY: &str = "mestring.kiosk";
/// Raised when staff's PIN is asked for to end citizen mode, and when that ends (PIN typed or not):
/// both Yew apps follow it, the tools app showing the PIN screen.
pub const TAKE_BACK_CHANGED: &str = "mestring-kiosk-take-back";
/// The property of the page's global object that says the PIN screen is asked for.
const TAKE_BACK: &str = "mestringTakeBack";

/// The route the tablet is held to, if a citizen holds it.
pub fn route() -> Option<Route> {
    LocalStorage::raw()
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .map(|path| Route::from_path(&path))
}

/// Holds the tablet to `route`. If storage refuses, the form still shows, without the hold across reloads.
pub fn enter(route: &Route) {
    let _ = LocalStorage::raw().set_item(STORAGE_KEY, &route.to_path());
}

pub fn leave() {
    LocalStorage::delete(STORAGE_KEY);
}

/// Whether `route` is one a citizen (or a parent) answers on, which a device with a PIN holds them to.
pub fn holds(route: &Route) -> bool {
    match route {
        Route::Meeting { rater, .. } | Route::Rating { rater, .. } => rater != Rater::Staff.code(),
        _ => false,
    }
}

/// Asks for staff's PIN to end citizen mode: a link, the back button or a finished form tried to
/// leave the form, or staff tapped their button.
pub fn ask_take_back() {
    set_take_back(true);
}

/// The PIN screen is done: typed right (the hold has ended) or the citizen went back to the form.
pub fn end_take_back() {
    set_take_back(false);
}

pub fn taking_back() -> bool {
    Reflect::get(&js_sys::global(), &TAKE_BACK.into()).is_ok_and(|asked| asked.is_truthy())
}

fn set_take_back(asked: bool) {
    let _ = Reflect::set(&js_sys::global(), &TAKE_BACK.into(), &asked.into());
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(TAKE_BACK_CHANGED)) {
        let _ = window.dispatch_event(&event);
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

//! Locks an open device after the chosen minutes without a touch or a key, and at once when the app
//! leaves the screen (another app, the tablet's sleep button, a closed cover), but not for the share
//! sheet of an export being handed over.

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

use crate::hooks::use_app::UseAppHandle;
use crate::lock::{self, LockStatus};

/// The events that count as someone using the device.
const ACTIVITY: [&str; 3] = ["pointerdown", "keydown", "input"];

#[hook]
pub fn use_auto_lock(app: &UseAppHandle) {
    let open = app.state().lock == Some(LockStatus::Open);
    let minutes = app.state().settings.lock_after_minutes;
    let app = app.clone();
    use_effect_with((open, minutes), move |&(open, minutes)| {
        let listeners = if open { watch(app, minutes) } else { None };
        move || drop(listeners)
    });
}

fn watch(app: UseAppHandle, minutes: u8) -> Option<(Vec<EventListener>, Rc<RefCell<Timeout>>)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let idle_ms = u32::from(minutes) * 60_000;
    let start = {
        let app = app.clone();
        move || {
            let app = app.clone();
            Timeout::new(idle_ms, move || app.lock())
        }
    };
    let timeout = Rc::new(RefCell::new(start()));
    let mut listeners: Vec<EventListener> = ACTIVITY
        .iter()
        .map(|event| {
            let (timeout, start) = (timeout.clone(), start.clone());
            // Capture: a component that stops an event's propagation still counts as activity.
            EventListener::new_with_options(
                &window,
                *event,
                gloo::events::EventListenerOptions::run_in_capture_phase(),
                move |_| {
                    // The old timeout is cancelled as it is dropped.
                    *timeout.borrow_mut() = start();
                },
            )
        })
        .collect();
    let hidden_document = document.clone();
    listeners.push(EventListener::new(
        &document,
        "visibilitychange",
        move |_| {
            if hidden_document.hidden() && !lock::sharing() {
                app.lock();
            }
        },
    ));
    Some((listeners, timeout))
}

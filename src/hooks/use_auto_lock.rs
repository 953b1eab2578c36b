//! Locks an open device after the chosen minutes without a touch or a key, and at once when the app
//! leaves the screen (another app, the tablet's sleep button, a closed cover), but not for the share
//! sheet of an export being handed over.

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

use crate::hooks::use_session::{Session, use_session};
use crate::lock::{self, LockStatus};

/// The events that count as someone using the device.
const ACTIVITY: [&str; 3] = ["pointerdown", "keydown", "input"];

#[hook]
pub fn use_auto_lock() {
    let session = use_session();
    let open = session.state().lock == Some(LockStatus::Open);
    let minutes = session.state().settings.lock_after_minutes;
    use_effect_with((open, minutes), move |&(open, minutes)| {
        let listeners = if open { watch(session, minutes) } else { None };
        move || drop(listeners)
    });
}

fn watch(session: Session, minutes: u8) -> Option<(Vec<EventListener>, Rc<RefCell<Timeout>>)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let idle_ms = u32::from(minutes) * 60_000;
    let start = {
        let session = session.clone();
        move || {
            let session = session.clone();
            Timeout::new(idle_ms, move || session.lock())
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
                session.lock();
            }
        },
    ));
    Some((listeners, timeout))
}

//! Whether staff's PIN is asked for to end citizen mode ([`crate::kiosk`]), followed in both Yew apps.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::kiosk;

#[hook]
pub fn use_taking_back() -> UseStateHandle<bool> {
    let taking_back = use_state(kiosk::taking_back);
    {
        let taking_back = taking_back.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, kiosk::TAKE_BACK_CHANGED, move |_| {
                    taking_back.set(kiosk::taking_back())
                })
            });
            move || drop(listener)
        });
    }
    taking_back
}

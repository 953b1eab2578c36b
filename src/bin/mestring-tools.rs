//! The app's second Yew app (see `mestring::tools`): the screens the first form does not need.
//! The app loads it on demand and calls `mount`; Trunk builds it like a worker, as a plain script.

use std::cell::RefCell;

use mestring::tools::ToolsApp;
use wasm_bindgen::prelude::*;
use yew::AppHandle;

thread_local! {
    static MOUNTED: RefCell<Option<AppHandle<ToolsApp>>> = const { RefCell::new(None) };
}

fn main() {
    mestring::i18n::register_tools_texts();
    mestring::instruments::use_whole();
    // Yew numbers the roots of its apps from 1 in each Wasm instance, marks every element with its root's
    // number, and lets an event be handled by the app whose number the element carries. The app already on
    // the page has root 1 (it renders one root, no portals), so this instance must never use 1, or that
    // app would also act on clicks here (measured: a radio button here switched the page's language).
    // The first root therefore goes to an empty app that is gone at once.
    let spare = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("div").ok());
    if let Some(spare) = spare {
        yew::Renderer::<Spare>::with_root(spare).render().destroy();
    }
}

#[yew::component]
fn Spare() -> yew::Html {
    yew::Html::default()
}

/// Renders the screens into `host`, replacing any earlier mount.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element) {
    unmount();
    let handle = yew::Renderer::<ToolsApp>::with_root(host).render();
    MOUNTED.with(|mounted| *mounted.borrow_mut() = Some(handle));
}

/// Removes the screens, as the app does when it leaves them.
#[wasm_bindgen]
pub fn unmount() {
    if let Some(handle) = MOUNTED.with(|mounted| mounted.borrow_mut().take()) {
        handle.destroy();
    }
}

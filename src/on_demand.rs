//! Wasm apps the page fetches only when first asked for: the tools (`tools`) and the texts of the
//! languages other than Danish (`i18n::load_texts`). Trunk builds each like a worker, as a plain script
//! whose exports `scripts/postbuild.mjs` names on the global object.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

/// One app fetched on demand: its script, its Wasm, the global name of its exports and its styles.
pub struct OnDemand {
    pub script: &'static str,
    pub wasm: &'static str,
    pub exports: &'static str,
    pub styles: Option<&'static str>,
}

thread_local! {
    /// Each app's loading, once per page load, shared by every caller meanwhile: a script loaded twice
    /// would declare its exports twice and fail (the start screen starts the tools; a tap on a staff
    /// screen at once must not load them a second time).
    static LOADING: RefCell<Vec<(&'static str, js_sys::Promise)>> = const { RefCell::new(Vec::new()) };
}

impl OnDemand {
    /// Loads and starts the app if no one has; resolves once it is started. A failed loading is
    /// forgotten, so the next caller tries again.
    pub async fn loaded(&'static self) -> Result<(), JsValue> {
        let loading = LOADING.with(|loading| {
            let mut loading = loading.borrow_mut();
            if let Some((_, promise)) = loading.iter().find(|(script, _)| *script == self.script) {
                return promise.clone();
            }
            let promise = js_sys::Promise::new(&mut |resolve, reject| {
                spawn_local(async move {
                    let settled = match self.start().await {
                        Ok(()) => resolve.call0(&JsValue::NULL),
                        Err(err) => {
                            self.forget();
                            reject.call1(&JsValue::NULL, &err)
                        }
                    };
                    // Settling a promise cannot fail.
                    drop(settled);
                })
            });
            loading.push((self.script, promise.clone()));
            promise
        });
        JsFuture::from(loading).await.map(drop)
    }

    /// The started app's exports.
    pub fn exports(&self) -> Result<JsValue, JsValue> {
        js_sys::Reflect::get(&js_sys::global(), &self.exports.into())
            .ok()
            .filter(|value| !value.is_undefined())
            .ok_or_else(|| JsValue::from_str("not loaded"))
    }

    /// Calls `name(..arguments)` among the started app's exports.
    pub fn call(&self, name: &str, arguments: &js_sys::Array) -> Result<JsValue, JsValue> {
        let exports = self.exports()?;
        let function: js_sys::Function =
            js_sys::Reflect::get(&exports, &name.into())?.dyn_into()?;
        function.apply(&exports, arguments)
    }

    fn forget(&self) {
        LOADING.with(|loading| {
            loading
                .borrow_mut()
                .retain(|(script, _)| *script != self.script)
        });
    }

    async fn start(&self) -> Result<(), JsValue> {
        if let Some(styles) = self.styles {
            load(styles).await?;
        }
        load(self.script).await?;
        let init: js_sys::Function = self.exports()?.dyn_into()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"module_or_path".into(), &self.wasm.into())?;
        JsFuture::from(js_sys::Promise::from(init.call1(&JsValue::NULL, &options)?))
            .await
            .map(drop)
    }
}

/// Adds a script or stylesheet to the page and waits until it has loaded.
async fn load(url: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let element: web_sys::HtmlElement = if url.ends_with(".css") {
        let link: web_sys::HtmlLinkElement = document.create_element("link")?.unchecked_into();
        link.set_rel("stylesheet");
        link.set_href(url);
        link.unchecked_into()
    } else {
        let script: web_sys::HtmlScriptElement =
            document.create_element("script")?.unchecked_into();
        script.set_src(url);
        script.unchecked_into()
    };
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        element.set_onload(Some(&resolve));
        element.set_onerror(Some(&reject));
    });
    document.body().ok_or("no body")?.append_child(&element)?;
    JsFuture::from(loaded).await.map(drop)
}

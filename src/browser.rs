//! The few facts the core takes as arguments and only the browser can supply: the time, randomness, the page language.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use gloo::events::EventListener;
use mestring_core::citizen::CitizenId;
use mestring_core::lang::Lang;
use mestring_core::store::{StorageUsage, StoreError, StoreErrorKind};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Now, in UTC with the device's current offset.
pub fn now() -> DateTime<FixedOffset> {
    let date = js_sys::Date::new_0();
    // A JS Date is always within chrono's range; the epoch fallback is unreachable.
    let utc = DateTime::<Utc>::from_timestamp_millis(date.get_time() as i64).unwrap_or_default();
    // `getTimezoneOffset` is minutes *behind* UTC, so Copenhagen in winter gives -60.
    let offset_seconds = -(date.get_timezone_offset() as i32) * 60;
    let offset = FixedOffset::east_opt(offset_seconds).unwrap_or(Utc.fix());
    utc.with_timezone(&offset)
}

/// The value of the input, text area or select an event came from.
pub fn typed(event: &web_sys::Event) -> String {
    event
        .target()
        .and_then(|target| js_sys::Reflect::get(&target, &"value".into()).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// Back to the top of the page: a new form within the same page starts at its beginning, not where
/// the last screen's button was.
pub fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A fresh random id from the browser's cryptographic random source.
pub fn new_citizen_id() -> Result<CitizenId, StoreError> {
    random_bytes().map(CitizenId::from_random_bytes)
}

/// 16 bytes from `crypto.getRandomValues`.
/// Without them no id can be made, so nothing can be stored: the failure is reported like an aborted write.
pub fn random_bytes() -> Result<[u8; 16], StoreError> {
    let mut bytes = [0u8; 16];
    fill_random(&mut bytes).map_err(|detail| StoreError::new(StoreErrorKind::Aborted, detail))?;
    Ok(bytes)
}

/// Fills `bytes` from `crypto.getRandomValues`, in a page or in a worker.
pub fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
    let crypto: web_sys::Crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|crypto| crypto.dyn_into().ok())
        .ok_or("no crypto")?;
    crypto
        .get_random_values_with_u8_array(bytes)
        .map(drop)
        .map_err(|err| format!("getRandomValues failed: {err:?}"))
}

/// Tells screen readers and hyphenation which language the page is in.
/// Calls `ready` once a new version of the app is installed and waiting (`assets/pwa/register.js`),
/// at once if it already is. The listener lives as long as the returned value.
pub fn on_update_ready(ready: impl Fn() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let waiting = window
        .document()
        .and_then(|document| document.document_element())
        .is_some_and(|html| html.has_attribute("data-update-ready"));
    if waiting {
        ready();
    }
    Some(EventListener::new(
        &window,
        "mestring-update-ready",
        move |_| ready(),
    ))
}

/// Tells the waiting version to take over; the page reloads when it has.
pub fn accept_update() {
    let event = web_sys::Event::new("mestring-update-accept");
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

/// Moves the keyboard's focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// `text` in lower case, by the browser's Unicode tables rather than Rust's (which cost 11.7 KB of Wasm);
/// by Rust's in native tests of the reducer, which has no browser.
pub fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(text).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    text.to_lowercase()
}

/// Citizens in the order a Danish or Norwegian reader expects ([`mestring_core::citizen::sort_for_display`]).
pub fn sort_citizens(citizens: &mut [mestring_core::citizen::Citizen]) {
    mestring_core::citizen::sort_for_display_with(citizens, lowercase);
}

/// Reads JSON text with the browser's parser rather than serde_json's, so the bundle carries no JSON text reader.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|err| format!("{err:?}"))?;
    serde_wasm_bindgen::from_value(value).map_err(|err| err.to_string())
}

pub fn set_document_lang(lang: Lang) {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element());
    if let Some(root) = root {
        // Failing to set an attribute on <html> leaves the previous language; nothing to recover.
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// Sets a CSS custom property on the document's root, or with `None` removes it.
pub fn set_root_property(name: &str, value: Option<&str>) {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let style = root.style();
        // A property that cannot be set leaves the page as it was; printing still works without it.
        let _ = match value {
            Some(value) => style.set_property(name, value),
            None => style.remove_property(name).map(drop),
        };
    }
}

/// Opens the browser's print dialogue.
pub fn print() {
    if let Some(window) = web_sys::window() {
        // A browser without printing refuses; there is nothing to do about it.
        let _ = window.print();
    }
}

/// Calls `before` just before the page is printed, by the app's button or the browser's own menu.
/// The listener lives as long as the returned value.
pub fn on_before_print(before: impl Fn() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "beforeprint", move |_| {
        before()
    }))
}

/// Leaves the technical detail of a failure in the console for whoever debugs the device.
pub fn log_error(detail: &str) {
    web_sys::console::error_1(&detail.into());
}

/// Whether the browser has promised to keep this origin's data, and how much of the quota it uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageStatus {
    pub persisted: bool,
    /// `None` where the browser does not tell.
    pub usage: Option<StorageUsage>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    web_sys::window().map(|window| window.navigator().storage())
}

/// Asks the browser to exempt our data from eviction when space runs low (Safari, Chromium).
/// The answer is shown in the settings; a refusal is no error.
pub async fn request_persistent_storage() -> bool {
    let Some(promise) = storage_manager().and_then(|manager| manager.persist().ok()) else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

pub async fn storage_status() -> StorageStatus {
    let Some(manager) = storage_manager() else {
        return StorageStatus {
            persisted: false,
            usage: None,
        };
    };
    let persisted = match manager.persisted() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let estimate = match manager.estimate() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let number = |name: &str| {
        estimate
            .as_ref()
            .and_then(|estimate| js_sys::Reflect::get(estimate, &name.into()).ok())
            .and_then(|value| value.as_f64())
    };
    StorageStatus {
        persisted: persisted.unwrap_or(false),
        usage: number("usage")
            .zip(number("quota"))
            .map(|(used_bytes, quota_bytes)| StorageUsage {
                used_bytes,
                quota_bytes,
            }),
    }
}

/// A file made in the app (an export, a spreadsheet), ready to leave it by a deliberate act of the user.
pub struct OutgoingFile(web_sys::File);

impl OutgoingFile {
    /// The JSON file `name` holding `text`, a JS string.
    pub fn json(name: &str, text: &wasm_bindgen::JsValue) -> Result<OutgoingFile, String> {
        OutgoingFile::new(name, text, "application/json")
    }

    /// The CSV file `name` holding `text`.
    pub fn csv(name: &str, text: &str) -> Result<OutgoingFile, String> {
        OutgoingFile::new(name, &text.into(), "text/csv;charset=utf-8")
    }

    fn new(name: &str, text: &wasm_bindgen::JsValue, kind: &str) -> Result<OutgoingFile, String> {
        let options = web_sys::FilePropertyBag::new();
        options.set_type(kind);
        let parts = js_sys::Array::of1(text);
        web_sys::File::new_with_str_sequence_and_options(&parts, name, &options)
            .map(OutgoingFile)
            .map_err(|err| format!("{err:?}"))
    }

    pub fn size(&self) -> f64 {
        self.0.size()
    }

    /// Whether the device's share sheet takes files (Web Share); where it does not, files are saved.
    pub fn can_share(&self) -> bool {
        let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
            return false;
        };
        call(&navigator, "canShare", &self.share_data())
            .ok()
            .and_then(|answer| answer.as_bool())
            .unwrap_or(false)
    }

    /// Opens the share sheet with the file; `Ok(false)` when the user closed it without sharing.
    pub async fn share(&self) -> Result<bool, String> {
        let navigator = web_sys::window().ok_or("no window")?.navigator();
        // The share sheet hides the page; the device must not lock under it, or the export would never
        // be marked as handed over.
        crate::lock::set_sharing(true);
        let shared = match call(&navigator, "share", &self.share_data()) {
            Ok(promise) => JsFuture::from(js_sys::Promise::from(promise)).await,
            Err(err) => Err(err),
        };
        crate::lock::set_sharing(false);
        match shared {
            Ok(_) => Ok(true),
            Err(err) if error_name(&err).as_deref() == Some("AbortError") => Ok(false),
            Err(err) => Err(format!("{err:?}")),
        }
    }

    /// Saves the file through the browser's download, as a link with `download` would.
    pub fn save(&self) -> Result<(), String> {
        let fail = |err: wasm_bindgen::JsValue| format!("{err:?}");
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or("no document")?;
        let url = web_sys::Url::create_object_url_with_blob(&self.0).map_err(fail)?;
        let link: web_sys::HtmlAnchorElement =
            document.create_element("a").map_err(fail)?.unchecked_into();
        link.set_href(&url);
        link.set_download(&self.0.name());
        link.click();
        // The download has taken its copy once the click is handled; the URL only holds the memory.
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                revoke.unchecked_ref(),
                60_000,
            );
        }
        Ok(())
    }

    fn share_data(&self) -> js_sys::Object {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(&self.0));
        data
    }
}

/// Calls `target.name(argument)`: for Web Share, which web-sys holds as unstable.
fn call(
    target: &wasm_bindgen::JsValue,
    name: &str,
    argument: &wasm_bindgen::JsValue,
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    let function: js_sys::Function = js_sys::Reflect::get(target, &name.into())?.dyn_into()?;
    function.call1(target, argument)
}

fn error_name(err: &wasm_bindgen::JsValue) -> Option<String> {
    js_sys::Reflect::get(err, &"name".into()).ok()?.as_string()
}

//! The app's texts in the languages other than Danish, and the instruments whole, which the app fetches
//! only when another language is chosen (`mestring::i18n::load_texts`): compiled in, they would cost every
//! Danish first load 5 KB gzip.
//! Trunk builds it like a worker, as a plain script.

use mestring::i18n::{APP_KEYS_VERSION, compiled_app_texts};
use mestring_core::lang::Lang;
use wasm_bindgen::prelude::*;

fn main() {}

/// The app's texts in the language `code`, in the order of its keys, a missing one `undefined`; empty
/// for Danish (the app carries it), an unknown language or an app built from other translation files
/// (`version`).
#[wasm_bindgen]
pub fn texts(code: &str, version: u32) -> js_sys::Array {
    let table = Lang::from_code(code)
        .filter(|_| version == APP_KEYS_VERSION)
        .and_then(compiled_app_texts);
    match table {
        Some(table) => table
            .iter()
            .map(|text| text.map_or(JsValue::UNDEFINED, JsValue::from_str))
            .collect(),
        None => js_sys::Array::new(),
    }
}

/// The whole instrument registry, compiled (`mestring::instruments::use_compiled` reads it).
#[wasm_bindgen]
pub fn instruments() -> Vec<u8> {
    mestring::instruments::whole_compiled().to_vec()
}

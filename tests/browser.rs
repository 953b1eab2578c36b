//! Tests that need a real browser: run with `cargo test -p mestring --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` is not `#[test]` to clippy; here a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use mestring::browser;
use mestring_core::citizen::{Citizen, CitizenDraft, RegisterContext, validate};
use mestring_core::store::Store;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn new_citizen(label: &str, unit: &str) -> Citizen {
    let draft = CitizenDraft {
        label,
        birth_year: "2008",
        unit,
    };
    let context = RegisterContext {
        current_year: 2026,
        citizens: &[],
        editing: None,
    };
    let fields = validate(&draft, &context).unwrap();
    Citizen::new(browser::new_citizen_id().unwrap(), fields, browser::now())
}

#[wasm_bindgen_test]
async fn the_register_round_trips_through_the_apps_store() {
    let store = mestring::storage::AppStore::new();
    let (ole, anna, ida) = (
        new_citizen("OL", "Hus 1"),
        new_citizen("AN", "Hus 1"),
        new_citizen("ID", "Hus 2"),
    );
    for citizen in [&ole, &anna, &ida] {
        store.put_citizen(citizen).await.unwrap();
    }
    let renamed = ole.with_fields(
        validate(
            &CitizenDraft {
                label: "OK",
                birth_year: "2007",
                unit: "Hus 2",
            },
            &RegisterContext {
                current_year: 2026,
                citizens: &[],
                editing: Some(ole.id),
            },
        )
        .unwrap(),
        browser::now(),
    );
    let archived = ida.with_archived(true, browser::now());
    store.put_citizen(&renamed).await.unwrap();
    store.put_citizen(&archived).await.unwrap();

    let listed = store.citizens().await.unwrap();
    assert_eq!(listed, [anna, archived, renamed]);
}

#[wasm_bindgen_test]
fn ids_from_the_browser_are_unique() {
    let ids: std::collections::BTreeSet<_> = (0..100)
        .map(|_| browser::new_citizen_id().unwrap())
        .collect();
    assert_eq!(ids.len(), 100);
}

#[wasm_bindgen_test]
fn the_clock_carries_the_devices_offset() {
    let now = browser::now();
    let expected = -(js_sys::Date::new_0().get_timezone_offset() as i32) * 60;
    assert_eq!(now.offset().local_minus_utc(), expected);
    assert!(now.timestamp() > 1_700_000_000, "{now}");
}

#[wasm_bindgen_test]
async fn a_first_start_asks_how_the_device_is_used() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<mestring::app::App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;

    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Hvordan skal enheden bruges?"), "{text}");
    assert_eq!(
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("da")
    );
}

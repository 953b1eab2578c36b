//! How the IndexedDB store copes with a full tablet: 150 citizens and 100,000 stored responses.
//! A benchmark, not a test: it prints figures and asserts only that the data is all there.
//! Run: `WASM_BINDGEN_TEST_TIMEOUT=900 cargo test -p mestring --target wasm32-unknown-unknown --test storage_bench -- --nocapture`
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` is not `#[test]` to clippy; here a failed unwrap is a failed run.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use mestring::browser;
use mestring::storage::IdbStore;
use mestring_core::citizen::{Citizen, CitizenDraft, CitizenId, RegisterContext, validate};
use mestring_core::export::{self, Origin, Selection};
use mestring_core::fit::{Kind, Rater, Registry, Response, ResponseId, Tenths};
use mestring_core::progress::trajectory::trajectory;
use mestring_core::record::{DeviceId, RecordMeta};
use mestring_core::store::{ExportedIds, Store};
use mestring_core::stored::{StoredCitizen, StoredResponse};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/raw_idb.rs"]
mod raw_idb;

wasm_bindgen_test_configure!(run_in_browser);

const N_CITIZENS: usize = 150;
const N_RESPONSES: usize = 100_000;
/// Records per seeding transaction; seeding is setup, not what is measured.
const BATCH: usize = 5_000;

fn millis_since(start: f64) -> f64 {
    js_sys::Date::now() - start
}

fn citizens(device: DeviceId) -> Vec<Citizen> {
    let context = RegisterContext {
        current_year: 2026,
        current_month: 12,
        citizens: &[],
        editing: None,
    };
    (0..N_CITIZENS)
        .map(|idx| {
            let label = format!("B-{idx:03}");
            let birth_year = (1960 + idx % 50).to_string();
            let draft = CitizenDraft {
                label: &label,
                birth_year: &birth_year,
                birth_month: "",
                unit: "Hus 1",
            };
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&(idx as u64 + 1).to_le_bytes());
            Citizen::new(
                CitizenId::from_random_bytes(bytes),
                validate(&draft, &context).unwrap(),
                RecordMeta::new(device, browser::now()),
            )
        })
        .collect()
}

/// Responses spread over the citizens, alternating ORS and SRS, two per meeting.
fn response(
    idx: usize,
    citizens: &[Citizen],
    registry: &Registry,
    device: DeviceId,
) -> StoredResponse {
    let citizen = &citizens[idx % citizens.len()];
    let nth = idx / citizens.len();
    let outcome = nth.is_multiple_of(2);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(idx as u64 + 1).to_le_bytes());
    bytes[8] = 0xee;
    let response = Response {
        id: ResponseId::from_random_bytes(bytes),
        citizen_id: citizen.id,
        meeting: (nth / 2 + 1) as u32,
        date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
            + chrono::Days::new((nth / 2) as u64 * 7),
        instrument: registry
            .get(if outcome { "ors" } else { "srs" }, None)
            .unwrap()
            .id()
            .clone(),
        version: mestring_core::fit::definition::Version::new(1),
        kind: if outcome {
            Kind::Outcome
        } else {
            Kind::Session
        },
        rater: Rater::Oneself,
        answers: [(idx % 101) as u16, 50, 60, 70].map(Tenths::new).to_vec(),
        meta: RecordMeta::new(device, browser::now()),
    };
    StoredResponse::from(&response)
}

#[wasm_bindgen_test]
async fn storage_with_100k_responses() {
    let name = format!("bench-{}", browser::new_citizen_id().unwrap());
    let store = IdbStore::open(&name).await.unwrap();
    let device = store.device_id();
    store.close();
    let citizens = citizens(device);

    let start = js_sys::Date::now();
    let citizen_rows = citizens
        .iter()
        .map(|citizen| {
            let json = serde_json::to_string(&StoredCitizen::from(citizen)).unwrap();
            (citizen.id.to_string(), js_sys::JSON::parse(&json).unwrap())
        })
        .collect::<Vec<_>>();
    raw_idb::put_raw(&name, "citizens", &citizen_rows, BATCH).await;
    let registry = Registry::bundled().unwrap();
    let response_rows = (0..N_RESPONSES)
        .map(|idx| {
            let stored = response(idx, &citizens, &registry, device);
            let json = serde_json::to_string(&stored).unwrap();
            (stored.id.to_string(), js_sys::JSON::parse(&json).unwrap())
        })
        .collect::<Vec<_>>();
    raw_idb::put_raw(&name, "responses", &response_rows, BATCH).await;
    let seeding = millis_since(start);

    let start = js_sys::Date::now();
    let store = IdbStore::open(&name).await.unwrap();
    let open = millis_since(start);

    let start = js_sys::Date::now();
    let listed = store.citizens().await.unwrap();
    let list = millis_since(start);

    let start = js_sys::Date::now();
    let history = store.responses_of(citizens[0].id).await.unwrap();
    let one_history = millis_since(start);

    // Chart it, as the trajectory page does: everyone's forms read for the typical course and the course of
    // those who started alike, the citizen's trajectory computed from them (drawing the SVG from it is the
    // UI's part, not timed here).
    let start = js_sys::Date::now();
    let facility = store.all_responses().await.unwrap();
    let chart = trajectory(&citizens[0], &listed, &facility, &registry);
    let one_trajectory = millis_since(start);
    let points: usize = chart.outcome.iter().map(|line| line.points.len()).sum();
    drop(facility);

    // Export everything: every response read back in one go, then the file written (as the app will).
    let start = js_sys::Date::now();
    let everything = store.all_responses().await.unwrap();
    let origin = Origin {
        app_version: "bench".to_owned(),
        export_id: uuid::Uuid::from_bytes([1; 16]),
        device_id: device,
        created_at: browser::now(),
        facility: None,
    };
    let records = export::Records {
        citizens: &listed,
        responses: &everything,
        ..export::Records::default()
    };
    let file = export::write(&origin, &Selection::Everything, &records, &registry).unwrap();
    let export_all = millis_since(start);
    assert_eq!(everything.len(), N_RESPONSES);

    // After the file is handed over, every record in it is marked exported (one transaction).
    let start = js_sys::Date::now();
    let ids = ExportedIds::of(&Selection::Everything.apply(&records));
    store.mark_exported(&ids, browser::now()).await.unwrap();
    let mark_all = millis_since(start);

    let usage = browser::storage_status().await.usage;
    assert_eq!(listed.len(), N_CITIZENS);
    assert_eq!(history.len(), N_RESPONSES / N_CITIZENS + 1);
    assert!(points > 0, "the citizen's chart has points");

    console_log!("storage benchmark: {N_CITIZENS} citizens, {N_RESPONSES} responses in IndexedDB");
    console_log!("  seed (setup, {BATCH} per transaction)  {seeding:>9.0} ms");
    console_log!("  open the database                        {open:>9.1} ms");
    console_log!("  list all citizens                        {list:>9.1} ms");
    console_log!(
        "  load one citizen's history ({:>4} forms) {one_history:>9.1} ms",
        history.len()
    );
    console_log!("  chart one citizen ({points:>4} outcome points)  {one_trajectory:>9.1} ms");
    console_log!(
        "  export everything ({:>5.1} MB of JSON)      {export_all:>9.1} ms",
        file.len() as f64 / 1e6
    );
    console_log!("  mark everything exported                 {mark_all:>9.1} ms");
    match usage {
        Some(usage) => console_log!(
            "  storage used                             {:>9.1} MB",
            usage.used_bytes / 1e6
        ),
        None => console_log!("  storage used                             unknown"),
    }
    // One line for `scripts/bench-report.mjs`.
    let used = usage.map_or("null".to_owned(), |usage| usage.used_bytes.to_string());
    console_log!(
        "storage-bench-json {{\"open_ms\":{open},\"list_citizens_ms\":{list},\"one_history_ms\":{one_history},\"one_trajectory_ms\":{one_trajectory},\"export_everything_ms\":{export_all},\"mark_exported_ms\":{mark_all},\"storage_used_bytes\":{used}}}"
    );
}

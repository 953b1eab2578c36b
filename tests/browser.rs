//! Tests that need a real browser: run with `cargo test -p mestring --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` is not `#[test]` to clippy; here a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use chrono::NaiveDate;
use indexed_db_futures::database::Database;
use mestring::browser;
use mestring::storage::IdbStore;
use mestring_core::citizen::{Citizen, CitizenDraft, CitizenId, RegisterContext, validate};
use mestring_core::fit::Rater;
use mestring_core::lock::{PinKind, RECOVERY_RANDOM_BYTES, RecoveryCode};
use mestring_core::mastery::{
    Assessment, AssessmentId, FollowUp, Interval, Plan, PlanId, Rating, SchemaId,
};
use mestring_core::meeting::{Meeting, MeetingId, MeetingKind, Role};
use mestring_core::record::{DeviceId, RecordMeta};
use mestring_core::sort;
use mestring_core::store::{ExportedIds, Store, StoreErrorKind};
use mestring_core::stored::{StoredAssessment, StoredPlan, decode_citizen};
use mestring_core::testing::{DEVICE, at, bus_goal};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/raw_idb.rs"]
mod raw_idb;

wasm_bindgen_test_configure!(run_in_browser);

/// Writes one raw record, as an older release or a corrupted disk would have left it.
async fn put_raw(db_name: &str, store: &str, key: &str, value: JsValue) {
    raw_idb::put_raw(db_name, store, &[(key.to_owned(), value)], 1).await;
}

/// A quarantined record's raw JSON text as a value.
fn raw_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("{text}: {err}"))
}

/// The raw value under `key` in `store`, read past `IdbStore`.
async fn get_raw(db_name: &str, store: &str, key: &str) -> Option<JsValue> {
    use indexed_db_futures::prelude::*;
    let db = Database::open(db_name).await.unwrap();
    let tx = db.transaction(store).build().unwrap();
    let value: Option<JsValue> = tx
        .object_store(store)
        .unwrap()
        .get(key)
        .primitive()
        .unwrap()
        .await
        .unwrap();
    drop(tx);
    db.close();
    value
}

/// A recovery code of its own for each seed.
fn code(seed: u8) -> RecoveryCode {
    RecoveryCode::from_random([seed; RECOVERY_RANDOM_BYTES])
}

/// A database of its own for each test, so tests cannot see each other's records.
fn fresh_name() -> String {
    format!("test-{}", browser::new_citizen_id().unwrap())
}

fn new_citizen(label: &str, unit: &str) -> Citizen {
    let draft = CitizenDraft {
        label,
        birth_year: "2008",
        birth_month: "",
        unit,
    };
    let context = RegisterContext {
        current_year: 2026,
        current_month: 12,
        citizens: &[],
        editing: None,
    };
    let fields = validate(&draft, &context).unwrap();
    let device = DeviceId::from_random_bytes(browser::random_bytes().unwrap());
    Citizen::new(
        browser::new_citizen_id().unwrap(),
        fields,
        RecordMeta::new(device, browser::now()),
    )
}

#[wasm_bindgen_test]
async fn the_register_round_trips_through_the_apps_store() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
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
                birth_month: "",
                unit: "Hus 2",
            },
            &RegisterContext {
                current_year: 2026,
                current_month: 12,
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

#[wasm_bindgen_test]
async fn a_record_survives_closing_and_reopening_the_database() {
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    let citizen = new_citizen("AB", "Hus 1");
    store.put_citizen(&citizen).await.unwrap();
    let device_id = store.device_id();
    store.close();
    drop(store);

    let reopened = IdbStore::open(&name).await.unwrap();
    assert_eq!(reopened.citizens().await.unwrap(), [citizen]);
    assert_eq!(reopened.device_id(), device_id, "the device keeps its id");
}

#[wasm_bindgen_test]
async fn a_connection_the_browser_closed_is_reopened() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    store.close();
    let citizen = new_citizen("AB", "Hus 1");
    store.put_citizen(&citizen).await.unwrap();
    store.close();
    assert_eq!(store.citizens().await.unwrap(), [citizen]);
}

#[wasm_bindgen_test]
async fn a_corrupted_record_lands_in_quarantine_with_its_raw_value() {
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    let good = new_citizen("AB", "Hus 1");
    store.put_citizen(&good).await.unwrap();
    let raw = js_sys::JSON::parse(r#"{"schema_version": 1, "label": 42}"#).unwrap();
    put_raw(&name, "citizens", "broken-1", raw).await;

    assert_eq!(store.citizens().await.unwrap(), std::slice::from_ref(&good));
    let quarantined = store.quarantined().await.unwrap();
    assert_eq!(quarantined.len(), 1);
    let record = &quarantined[0];
    assert_eq!(
        (record.store.as_str(), record.key.as_str()),
        ("citizens", "broken-1")
    );
    // Kept as JSON text, so that no nesting can make an export unreadable.
    assert_eq!(raw_value(&record.raw)["label"], 42);
    assert!(record.reason.contains("malformed"), "{}", record.reason);

    // Moved, not copied: the next load is clean and the quarantine still holds exactly one.
    assert_eq!(store.citizens().await.unwrap(), [good]);
    assert_eq!(store.quarantined().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn two_windows_editing_the_same_citizen_lose_nothing() {
    let name = fresh_name();
    let (window_a, window_b) = (
        IdbStore::open(&name).await.unwrap(),
        IdbStore::open(&name).await.unwrap(),
    );
    let citizen = new_citizen("AB", "Hus 1");
    window_a.put_citizen(&citizen).await.unwrap();

    let read_by_b = window_b.citizens().await.unwrap().remove(0);
    let renamed_in_a = citizen.with_archived(true, browser::now());
    window_a.put_citizen(&renamed_in_a).await.unwrap();
    let stale_edit_in_b = read_by_b.with_archived(false, browser::now());
    let err = window_b.put_citizen(&stale_edit_in_b).await.unwrap_err();

    assert_eq!(err.kind(), StoreErrorKind::Conflict);
    assert_eq!(window_b.citizens().await.unwrap(), [renamed_in_a]);
}

#[wasm_bindgen_test]
async fn the_version_1_fixture_is_read_completely() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/db-v1.json")).unwrap();
    let name = fresh_name();
    // Create the layout, then write the fixture's raw records as the first release wrote them.
    IdbStore::open(&name).await.unwrap().close();
    let to_js = |value: &serde_json::Value| js_sys::JSON::parse(&value.to_string()).unwrap();
    let records = fixture["stores"]["citizens"].as_array().unwrap();
    for record in records {
        put_raw(
            &name,
            "citizens",
            record["id"].as_str().unwrap(),
            to_js(record),
        )
        .await;
    }
    let device = &fixture["stores"]["meta"][0];
    put_raw(
        &name,
        "meta",
        device["key"].as_str().unwrap(),
        to_js(&device["value"]),
    )
    .await;

    let store = IdbStore::open(&name).await.unwrap();
    let mut expected: Vec<Citizen> = records
        .iter()
        .map(|raw| decode_citizen(raw).unwrap())
        .collect();
    mestring_core::citizen::sort_for_display(&mut expected);
    let listed = store.citizens().await.unwrap();
    assert_eq!(listed, expected);
    assert_eq!(listed.len(), 3);
    assert!(store.quarantined().await.unwrap().is_empty());
    assert_eq!(
        store.device_id().to_string(),
        device["value"].as_str().unwrap()
    );
}

#[wasm_bindgen_test]
async fn the_version_2_fixtures_plans_are_read_completely() {
    use mestring_core::stored::decode_plan;
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/db-v2.json")).unwrap();
    let name = fresh_name();
    IdbStore::open(&name).await.unwrap().close();
    let records = fixture["stores"]["plans"].as_array().unwrap();
    for record in records {
        put_raw(
            &name,
            "plans",
            record["id"].as_str().unwrap(),
            to_js(record),
        )
        .await;
    }
    let store = IdbStore::open(&name).await.unwrap();
    let registry = mestring_core::mastery::Registry::bundled().unwrap();
    let expected: Vec<Plan> = records
        .iter()
        .map(|raw| decode_plan(raw, &registry).unwrap())
        .collect();
    let mut read = store.all_plans().await.unwrap();
    sort::by_key(&mut read, |plan| plan.id);
    let mut expected_sorted = expected.clone();
    sort::by_key(&mut expected_sorted, |plan| plan.id);
    assert_eq!(read, expected_sorted);
    assert!(store.quarantined().await.unwrap().is_empty());
    // The plan that lost goal 2 before version 2 gives its next goal number 4.
    let followed_up = read.iter().find(|plan| !plan.goals.is_empty()).unwrap();
    assert_eq!(followed_up.next_goal_number(), 4);
}

/// The plans of `db-v2.json` (shape 1, with their own dialogue meetings and agreements), moved into meeting
/// records as the app does after unlock: once, with the ids the plans give, and not again.
#[wasm_bindgen_test]
async fn older_plans_meetings_move_into_meeting_records_once() {
    use mestring_core::store::move_plan_meetings;
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/db-v2.json")).unwrap();
    let name = fresh_name();
    IdbStore::open(&name).await.unwrap().close();
    for record in fixture["stores"]["plans"].as_array().unwrap() {
        put_raw(
            &name,
            "plans",
            record["id"].as_str().unwrap(),
            to_js(record),
        )
        .await;
    }
    let store = IdbStore::open(&name).await.unwrap();
    let before = store.all_plans().await.unwrap();
    let carried: Vec<Meeting> = before.iter().flat_map(Plan::meeting_records).collect();
    assert_eq!(carried.len(), 3);
    assert_eq!(move_plan_meetings(&store, at(20)).await.unwrap(), 2);
    let mut moved = store.all_meetings().await.unwrap();
    let mut expected = carried.clone();
    mestring_core::store::sort_meetings(&mut expected);
    sort::by_key(&mut moved, |meeting| meeting.id);
    sort::by_key(&mut expected, |meeting| meeting.id);
    assert_eq!(moved, expected);
    assert!(
        moved
            .iter()
            .any(|meeting| meeting.agreements == "Vi ses igen om tre måneder")
    );
    let after = store.all_plans().await.unwrap();
    assert!(
        after
            .iter()
            .all(|plan| plan.meetings.is_empty() && plan.agreements.is_empty())
    );
    // Read again (another unlock): nothing moves, nothing doubles, and nothing was put aside.
    assert_eq!(move_plan_meetings(&store, at(21)).await.unwrap(), 0);
    assert_eq!(store.all_meetings().await.unwrap().len(), 3);
    assert_eq!(store.all_plans().await.unwrap(), after);
    assert!(store.quarantined().await.unwrap().is_empty());
}

/// `db-v3-plans-v4.json`, a device after the move: its plans read without meetings of their own, its meeting
/// records completely, and nothing is left to move.
#[wasm_bindgen_test]
async fn the_fixture_of_moved_plans_reads_completely_with_nothing_to_move() {
    use mestring_core::store::move_plan_meetings;
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/db-v3-plans-v4.json")).unwrap();
    let name = fresh_name();
    IdbStore::open(&name).await.unwrap().close();
    for list in ["plans", "meetings"] {
        for record in fixture["stores"][list].as_array().unwrap() {
            put_raw(&name, list, record["id"].as_str().unwrap(), to_js(record)).await;
        }
    }
    let store = IdbStore::open(&name).await.unwrap();
    let plans = store.all_plans().await.unwrap();
    assert_eq!(plans.len(), 2);
    assert!(plans.iter().all(|plan| plan.meetings.is_empty()));
    assert_eq!(store.all_meetings().await.unwrap().len(), 3);
    assert_eq!(move_plan_meetings(&store, at(21)).await.unwrap(), 0);
    assert!(store.quarantined().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_meeting_recorded_from_a_draft_is_stored_with_the_draft_removed() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    let citizen = new_citizen("AB", "Hus 1");
    store.put_citizen(&citizen).await.unwrap();
    store
        .put_draft("meeting-record/ab", r#"{"kind":"acute"}"#)
        .await
        .unwrap();
    let meeting = dialogue(citizen.id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    store
        .put_meeting_from_draft(&meeting, "meeting-record/ab")
        .await
        .unwrap();
    assert_eq!(
        store.meetings_of(citizen.id).await.unwrap(),
        std::slice::from_ref(&meeting)
    );
    assert_eq!(store.draft("meeting-record/ab").await.unwrap(), None);
    // A refused write (the same revision again) leaves the draft where it was.
    store
        .put_draft("meeting-record/ab", "still here")
        .await
        .unwrap();
    let err = store
        .put_meeting_from_draft(&meeting, "meeting-record/ab")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Conflict);
    assert_eq!(
        store.draft("meeting-record/ab").await.unwrap().as_deref(),
        Some("still here")
    );
}

#[wasm_bindgen_test]
async fn the_version_3_fixtures_meetings_are_read_completely() {
    use mestring_core::stored::decode_meeting;
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/db-v3.json")).unwrap();
    let name = fresh_name();
    IdbStore::open(&name).await.unwrap().close();
    let records = fixture["stores"]["meetings"].as_array().unwrap();
    for record in records {
        put_raw(
            &name,
            "meetings",
            record["id"].as_str().unwrap(),
            to_js(record),
        )
        .await;
    }
    let store = IdbStore::open(&name).await.unwrap();
    let mut expected: Vec<Meeting> = records
        .iter()
        .map(|raw| decode_meeting(raw).unwrap())
        .collect();
    mestring_core::store::sort_meetings(&mut expected);
    assert_eq!(store.all_meetings().await.unwrap(), expected);
    assert_eq!(expected.len(), 4);
    let citizen = expected[0].citizen_id;
    let of_citizen: Vec<Meeting> = expected
        .iter()
        .filter(|meeting| meeting.citizen_id == citizen)
        .cloned()
        .collect();
    assert_eq!(store.meetings_of(citizen).await.unwrap(), of_citizen);
    assert!(store.quarantined().await.unwrap().is_empty());
}

/// A dialogue meeting of `citizen` on `date` at ten, with the young person, a parent and staff.
fn dialogue(citizen: CitizenId, date: NaiveDate) -> Meeting {
    Meeting {
        time: chrono::NaiveTime::from_hms_opt(10, 0, 0),
        participants: vec![Role::Citizen, Role::Relative, Role::Staff],
        minutes_by: Some(Role::Staff),
        ..Meeting::new(
            MeetingId::from_random_bytes(browser::random_bytes().unwrap()),
            citizen,
            MeetingKind::Dialogue,
            date,
            RecordMeta::new(DEVICE, browser::now()),
        )
    }
}

#[wasm_bindgen_test]
async fn a_meeting_survives_reopening_and_a_stale_revision_is_refused() {
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    let (ole, anna) = (new_citizen("OL", "Hus 1").id, new_citizen("AN", "Hus 1").id);
    let (second, first) = (dialogue(ole, march(16)), dialogue(ole, march(2)));
    let annas = dialogue(anna, march(9));
    for meeting in [&second, &first, &annas] {
        store.put_meeting(meeting).await.unwrap();
    }
    store.close();
    drop(store);

    let (window_a, window_b) = (
        IdbStore::open(&name).await.unwrap(),
        IdbStore::open(&name).await.unwrap(),
    );
    assert_eq!(
        window_a.meetings_of(ole).await.unwrap(),
        [first.clone(), second.clone()]
    );
    assert_eq!(window_a.all_meetings().await.unwrap().len(), 3);
    // Window A writes the agreements (revision 2); window B, which read revision 1, writes its own.
    let mut agreed = first.clone();
    agreed.agreements = "OL tager bussen to gange.".to_owned();
    agreed.next_date = Some(march(16));
    agreed.meta = first.meta.next(browser::now());
    window_a.put_meeting(&agreed).await.unwrap();
    let mut stale = first.clone();
    stale.note = "Skrevet i det andet vindue".to_owned();
    stale.meta = first.meta.next(browser::now());
    let err = window_b.put_meeting(&stale).await.unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Conflict, "{err}");
    assert_eq!(window_b.meetings_of(ole).await.unwrap(), [agreed, second]);
    assert_eq!(window_b.meetings_of(anna).await.unwrap(), [annas]);
}

#[wasm_bindgen_test]
async fn completing_a_draft_stores_the_record_and_removes_the_draft_together() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    store
        .put_draft("citizen/new", r#"{"label":"A"}"#)
        .await
        .unwrap();
    let citizen = new_citizen("AB", "Hus 1");
    store
        .put_citizen_from_draft(&citizen, "citizen/new")
        .await
        .unwrap();
    assert_eq!(
        store.citizens().await.unwrap(),
        std::slice::from_ref(&citizen)
    );
    assert_eq!(store.draft("citizen/new").await.unwrap(), None);

    // A refused write (a stale revision) leaves the draft where it was.
    store.put_draft("citizen/new", "still here").await.unwrap();
    let err = store
        .put_citizen_from_draft(&citizen, "citizen/new")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Conflict);
    assert_eq!(
        store.draft("citizen/new").await.unwrap().as_deref(),
        Some("still here")
    );
}

#[wasm_bindgen_test]
async fn a_newer_version_in_another_window_is_not_blocked_and_this_window_is_told_to_reload() {
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    store
        .put_citizen(&new_citizen("AB", "Hus 1"))
        .await
        .unwrap();
    // Another window with a (much) newer release upgrades the database; it would wait forever if we held on.
    let newer = Database::open(name.as_str())
        .with_version(100u32)
        .await
        .unwrap();
    newer.close();

    let err = store.citizens().await.unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Outdated, "{err}");
}

#[wasm_bindgen_test]
async fn responses_are_found_by_citizen_and_stored_once() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    let (ole, anna) = (new_citizen("OL", "Hus 1"), new_citizen("AN", "Hus 1"));
    let (first, second) = (
        mestring_core::testing::response(&ole, 1, 1),
        mestring_core::testing::response(&ole, 2, 2),
    );
    store.put_draft("meeting", "{}").await.unwrap();
    store
        .add_response_from_draft(&second, "meeting")
        .await
        .unwrap();
    store.add_response_from_draft(&first, "x").await.unwrap();
    let annas = mestring_core::testing::response(&anna, 1, 3);
    store.add_response_from_draft(&annas, "y").await.unwrap();

    assert_eq!(
        store.responses_of(ole.id).await.unwrap(),
        [first.clone(), second.clone()]
    );
    let mut all = store.all_responses().await.unwrap();
    sort::by_key(&mut all, |response| response.id);
    let mut expected = [first.clone(), second, annas];
    sort::by_key(&mut expected, |response| response.id);
    assert_eq!(all, expected);
    assert_eq!(store.draft("meeting").await.unwrap(), None);
    store.put_draft("again", "{}").await.unwrap();
    let err = store
        .add_response_from_draft(&first, "again")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Conflict, "{err}");
    assert!(
        store.draft("again").await.unwrap().is_some(),
        "a refused write keeps the draft"
    );
}

#[wasm_bindgen_test]
async fn marking_an_export_changes_only_exported_at_and_deleting_takes_exported_forms_only() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    let (ole, anna) = (new_citizen("OL", "Hus 1"), new_citizen("AN", "Hus 1"));
    store.put_citizen(&ole).await.unwrap();
    store.put_citizen(&anna).await.unwrap();
    let form = mestring_core::testing::response(&ole, 1, 1);
    store.add_response_from_draft(&form, "x").await.unwrap();
    let gone = mestring_core::testing::response(&anna, 1, 2);
    let rating = rated(ole.id, Rater::Oneself, 1, march(2), 9);
    let unrated = rated(anna.id, Rater::Oneself, 1, march(3), 9);
    store.add_assessment_from_draft(&rating, "x").await.unwrap();
    let (plan, annas_plan) = (new_plan(ole.id), new_plan(anna.id));
    store.put_plan(&plan).await.unwrap();
    store.put_plan(&annas_plan).await.unwrap();

    let at = browser::now();
    let ids = ExportedIds {
        citizens: vec![ole.id],
        responses: vec![form.id, gone.id],
        assessments: vec![rating.id, unrated.id],
        plans: vec![plan.id],
        meetings: Vec::new(),
    };
    store.mark_exported(&ids, at).await.unwrap();

    // Assessments and plans are marked in the same pass, and nothing else about them changes.
    let assessments = store.all_assessments().await.unwrap();
    let mut marked = rating.clone();
    marked.meta.exported_at = Some(at);
    assert_eq!(assessments, [marked], "an id no longer stored adds nothing");
    let plans = store.all_plans().await.unwrap();
    let stored_plan = plans.iter().find(|p| p.id == plan.id).unwrap();
    let mut marked_plan = plan.clone();
    marked_plan.meta.exported_at = Some(at);
    assert_eq!(stored_plan, &marked_plan);
    let stored_annas = plans.iter().find(|p| p.id == annas_plan.id).unwrap();
    assert_eq!(stored_annas.meta.exported_at, None);

    let citizens = store.citizens().await.unwrap();
    let stored_ole = citizens.iter().find(|c| c.id == ole.id).unwrap();
    let stored_anna = citizens.iter().find(|c| c.id == anna.id).unwrap();
    assert_eq!(stored_ole.meta.exported_at, Some(at));
    assert_eq!(stored_ole.meta.revision, ole.meta.revision);
    assert_eq!(stored_anna.meta.exported_at, None);
    let responses = store.all_responses().await.unwrap();
    assert_eq!(responses.len(), 1, "an id no longer stored adds nothing");
    assert_eq!(responses[0].meta.exported_at, Some(at));
    assert_eq!(responses[0].answers, form.answers);

    // Data minimisation deletes exported forms only, whatever it is asked (and never the first or the
    // latest of a series: the 1st meeting's and the 4th's stay).
    let unexported = mestring_core::testing::response(&ole, 2, 3);
    let (third, fourth) = (
        mestring_core::testing::response(&ole, 3, 4),
        mestring_core::testing::response(&ole, 4, 5),
    );
    for added in [&unexported, &third, &fourth] {
        store.add_response_from_draft(added, "y").await.unwrap();
    }
    let later = ExportedIds {
        responses: vec![third.id, fourth.id],
        ..ExportedIds::default()
    };
    store.mark_exported(&later, at).await.unwrap();
    let deleted = store
        .delete_exported_responses(&[form.id, unexported.id, third.id, fourth.id])
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    let left: Vec<u32> = store
        .all_responses()
        .await
        .unwrap()
        .iter()
        .map(|response| response.meeting)
        .collect();
    assert_eq!(left, [1, 2, 4]);
}

#[wasm_bindgen_test]
async fn deleting_exported_forms_keeps_the_baseline_and_the_meeting_numbers_sealed_or_not() {
    use mestring_core::fit::{Kind, next_form};
    use mestring_core::testing::form;
    for pin in [None, Some("482913")] {
        let store = IdbStore::open(&fresh_name()).await.unwrap();
        if let Some(pin) = pin {
            store.set_pin(pin, PinKind::Digits, &code(3)).await.unwrap();
        }
        let ole = new_citizen("OL", "Hus 1");
        store.put_citizen(&ole).await.unwrap();
        let mut forms = Vec::new();
        for meeting in 1..=4u32 {
            let seed = meeting as u8 * 10;
            forms.push(form(
                &ole,
                "ors",
                Rater::Oneself,
                meeting,
                seed,
                &[40 + 10 * meeting as u16; 4],
            ));
            forms.push(form(
                &ole,
                "srs",
                Rater::Oneself,
                meeting,
                seed + 1,
                &[95; 4],
            ));
        }
        for added in &forms {
            store.add_response_from_draft(added, "x").await.unwrap();
        }
        let every: Vec<_> = forms.iter().map(|response| response.id).collect();
        let exported = ExportedIds {
            responses: every.clone(),
            ..ExportedIds::default()
        };
        store
            .mark_exported(&exported, browser::now())
            .await
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let next = |stored: &[mestring_core::fit::Response]| next_form(stored, Rater::Oneself, day);

        assert_eq!(store.delete_exported_responses(&every).await.unwrap(), 4);
        let left = store.responses_of(ole.id).await.unwrap();
        let kept: Vec<(u32, Kind)> = left.iter().map(|form| (form.meeting, form.kind)).collect();
        assert_eq!(
            kept,
            [
                (1, Kind::Outcome),
                (1, Kind::Session),
                (4, Kind::Outcome),
                (4, Kind::Session)
            ],
            "the first meeting's forms are the baseline, the latest's carry the numbering on"
        );
        assert_eq!(next(&left).meeting, 5);
        assert_eq!(left[0].answers, forms[0].answers);
        mestring::lock::forget();
    }
}

fn march(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
}

/// An assessment on the bundled `mastery` schema, rated on `date` and stored at `hour` on the test day.
/// Dates differ between the assessments of one citizen: the builder's id takes only the first letter of the rater's
/// code, so `self` and `staff` in the same round on the same date would share one.
fn rated(citizen: CitizenId, rater: Rater, round: u32, date: NaiveDate, hour: u32) -> Assessment {
    let mut assessment = mestring_core::testing::assessment(
        citizen,
        rater,
        round,
        date,
        &[("home", Some(7)), ("talking", None)],
    );
    assessment.meta = RecordMeta::new(DEVICE, at(hour));
    assessment
}

/// A citizen's plan still in its dialogue meetings (meeting records, not the plan's): nothing agreed yet.
fn new_plan(citizen: CitizenId) -> Plan {
    let device = DeviceId::from_random_bytes(browser::random_bytes().unwrap());
    Plan::new(
        PlanId::from_random_bytes(browser::random_bytes().unwrap()),
        citizen,
        SchemaId::new("mastery"),
        Interval::default(),
        RecordMeta::new(device, browser::now()),
    )
}

/// `plan` one revision on: agreed with a goal and followed up once.
fn agreed(plan: &Plan) -> Plan {
    let mut agreed = plan.clone();
    agreed.add_goal(bus_goal());
    agreed.agreed_on = Some(march(16));
    agreed.interval = Interval::months(2).unwrap();
    agreed.follow_ups.push(FollowUp {
        date: NaiveDate::from_ymd_opt(2026, 5, 16).unwrap(),
        attained: vec![(1, 1)],
    });
    agreed.meta = plan.meta.next(browser::now());
    agreed
}

fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

#[wasm_bindgen_test]
async fn assessments_are_found_by_citizen_in_round_order_and_stored_once() {
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    let (ole, anna) = (new_citizen("OL", "Hus 1").id, new_citizen("AN", "Hus 1").id);
    // Neither the order of storing, nor of creation, nor of the keys (the index returns records by key)
    // is the order by round: the second round is stored first, created earliest and has the lowest id.
    let with_id = |mut assessment: Assessment, byte: u8| {
        assessment.id = AssessmentId::from_random_bytes([byte; 16]);
        assessment
    };
    let second = with_id(rated(ole, Rater::Oneself, 2, march(20), 9), 1);
    let first_by_staff = with_id(rated(ole, Rater::Staff, 1, march(5), 11), 2);
    let first_own = with_id(rated(ole, Rater::Oneself, 1, march(4), 10), 3);
    let annas = rated(anna, Rater::Oneself, 1, march(4), 10);
    store.put_draft("assessment/ole", "{}").await.unwrap();
    store.put_draft("assessment/other", "{}").await.unwrap();
    store
        .add_assessment_from_draft(&second, "assessment/ole")
        .await
        .unwrap();
    assert_eq!(store.draft("assessment/ole").await.unwrap(), None);
    assert!(
        store.draft("assessment/other").await.unwrap().is_some(),
        "only the assessment's own draft goes"
    );
    for assessment in [&first_by_staff, &first_own, &annas] {
        store
            .add_assessment_from_draft(assessment, "x")
            .await
            .unwrap();
    }

    assert_eq!(
        store.assessments_of(ole).await.unwrap(),
        [first_own.clone(), first_by_staff.clone(), second.clone()]
    );
    assert_eq!(
        store.assessments_of(anna).await.unwrap(),
        std::slice::from_ref(&annas)
    );
    let nobody = new_citizen("NN", "Hus 1").id;
    assert_eq!(store.assessments_of(nobody).await.unwrap(), []);
    // Every assessment on the device, for an export: each citizen's in round order.
    let all = store.all_assessments().await.unwrap();
    assert_eq!(all.len(), 4);
    let of = |citizen: CitizenId| -> Vec<Assessment> {
        all.iter()
            .filter(|a| a.citizen_id == citizen)
            .cloned()
            .collect()
    };
    assert_eq!(
        of(ole),
        [first_own.clone(), first_by_staff.clone(), second.clone()]
    );
    assert_eq!(of(anna), std::slice::from_ref(&annas));

    // Stored once: the same id again is refused, even with other ratings, and keeps its draft.
    let mut altered = first_own.clone();
    altered.entries[0].rating = Some(Rating::new(2));
    store.put_draft("again", "still here").await.unwrap();
    for again in [&first_own, &altered] {
        let err = store
            .add_assessment_from_draft(again, "again")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict, "{err}");
    }
    assert_eq!(
        store.draft("again").await.unwrap().as_deref(),
        Some("still here"),
        "a refused write keeps the draft"
    );
    assert_eq!(
        store.assessments_of(ole).await.unwrap(),
        [first_own, first_by_staff, second]
    );
}

#[wasm_bindgen_test]
async fn a_plan_round_trips_and_a_stale_revision_is_refused() {
    let name = fresh_name();
    let (window_a, window_b) = (
        IdbStore::open(&name).await.unwrap(),
        IdbStore::open(&name).await.unwrap(),
    );
    let (ole, anna) = (new_citizen("OL", "Hus 1").id, new_citizen("AN", "Hus 1").id);
    let (plan, annas) = (new_plan(ole), new_plan(anna));
    assert_eq!(window_a.all_plans().await.unwrap(), []);
    window_a.put_plan(&plan).await.unwrap();
    window_a.put_plan(&annas).await.unwrap();
    let by_id = |mut plans: Vec<Plan>| {
        sort::by_key(&mut plans, |plan| plan.id);
        plans
    };
    assert_eq!(
        by_id(window_b.all_plans().await.unwrap()),
        by_id(vec![plan.clone(), annas.clone()])
    );

    // Window A agrees the plan (revision 2); window B, which read revision 1, then writes its own revision 2.
    let agreed = agreed(&plan);
    window_a.put_plan(&agreed).await.unwrap();
    let mut stale = plan.clone();
    stale.interval = Interval::months(6).unwrap();
    stale.meta = plan.meta.next(browser::now());
    for refused in [&stale, &plan] {
        let err = window_b.put_plan(refused).await.unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict, "{err}");
    }
    assert_eq!(
        by_id(window_b.all_plans().await.unwrap()),
        by_id(vec![agreed.clone(), annas])
    );

    // A newer revision still goes through.
    let mut followed_up = agreed.clone();
    followed_up.follow_ups.push(FollowUp {
        date: NaiveDate::from_ymd_opt(2026, 7, 16).unwrap(),
        attained: vec![(1, 2)],
    });
    followed_up.meta = agreed.meta.next(browser::now());
    window_b.put_plan(&followed_up).await.unwrap();
    let plans = window_a.all_plans().await.unwrap();
    assert!(plans.contains(&followed_up), "{plans:?}");
    assert_eq!(plans.len(), 2);
}

#[wasm_bindgen_test]
async fn a_corrupted_assessment_lands_in_quarantine_and_the_good_ones_are_still_read() {
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    let ole = new_citizen("OL", "Hus 1").id;
    let good = rated(ole, Rater::Oneself, 1, march(4), 10);
    store.add_assessment_from_draft(&good, "x").await.unwrap();
    // Both carry Ole's `citizen_id`, so his index finds them.
    let valid = serde_json::to_value(StoredAssessment::from(&rated(
        ole,
        Rater::Staff,
        1,
        march(5),
        11,
    )))
    .unwrap();
    let mut off_the_ladder = valid.clone();
    off_the_ladder["entries"][0]["rating"] = 11.into();
    let mut no_round = valid;
    no_round.as_object_mut().unwrap().remove("round");
    put_raw(
        &name,
        "assessments",
        "off-the-ladder",
        to_js(&off_the_ladder),
    )
    .await;
    put_raw(&name, "assessments", "no-round", to_js(&no_round)).await;

    assert_eq!(
        store.assessments_of(ole).await.unwrap(),
        std::slice::from_ref(&good)
    );
    let quarantined = store.quarantined().await.unwrap();
    assert_eq!(quarantined.len(), 2, "{quarantined:?}");
    let find = |key: &str| {
        quarantined
            .iter()
            .find(|record| record.key == key)
            .unwrap_or_else(|| panic!("{key} not quarantined: {quarantined:?}"))
    };
    let (off, missing) = (find("off-the-ladder"), find("no-round"));
    assert_eq!(off.store, "assessments");
    assert_eq!(raw_value(&off.raw), off_the_ladder);
    assert!(off.reason.contains("11 is outside 1–10"), "{}", off.reason);
    assert_eq!(missing.store, "assessments");
    assert_eq!(raw_value(&missing.raw), no_round);
    assert!(
        missing.reason.contains("malformed") && missing.reason.contains("round"),
        "{}",
        missing.reason
    );

    // Moved, not copied.
    for key in ["off-the-ladder", "no-round"] {
        assert!(get_raw(&name, "assessments", key).await.is_none(), "{key}");
    }
    assert_eq!(store.assessments_of(ole).await.unwrap(), [good]);
    assert_eq!(store.quarantined().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn a_corrupted_plan_lands_in_quarantine_and_the_good_ones_are_still_read() {
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    let good = new_plan(new_citizen("OL", "Hus 1").id);
    store.put_plan(&good).await.unwrap();
    let mut undescribed = serde_json::to_value(StoredPlan::from(&agreed(&new_plan(
        new_citizen("AN", "Hus 1").id,
    ))))
    .unwrap();
    undescribed["goals"][0]["levels"][0] = "".into();
    put_raw(&name, "plans", "undescribed", to_js(&undescribed)).await;

    assert_eq!(
        store.all_plans().await.unwrap(),
        std::slice::from_ref(&good)
    );
    let quarantined = store.quarantined().await.unwrap();
    assert_eq!(quarantined.len(), 1, "{quarantined:?}");
    let record = &quarantined[0];
    assert_eq!(
        (record.store.as_str(), record.key.as_str()),
        ("plans", "undescribed")
    );
    assert_eq!(raw_value(&record.raw), undescribed);
    assert!(
        record.reason.contains("level -2 is not described"),
        "{}",
        record.reason
    );

    assert!(get_raw(&name, "plans", "undescribed").await.is_none());
    assert_eq!(store.all_plans().await.unwrap(), [good]);
    assert_eq!(store.quarantined().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn with_a_pin_every_record_is_sealed_and_read_only_while_unlocked() {
    use mestring::lock;
    use mestring::storage::UnlockError;
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    let citizen = new_citizen("Zebrafinke", "Solsikkehuset");
    store.put_citizen(&citizen).await.unwrap();
    store
        .put_draft("draft", r#"{"label":"Zebrafinke"}"#)
        .await
        .unwrap();
    let meeting = dialogue(citizen.id, march(2));
    store.put_meeting(&meeting).await.unwrap();
    assert_eq!(lock::status(), lock::LockStatus::NoPin);

    store
        .set_pin("482913", PinKind::Digits, &code(1))
        .await
        .unwrap();
    assert_eq!(lock::status(), lock::LockStatus::Open);
    let form = mestring_core::testing::response(&citizen, 1, 1);
    store.add_response_from_draft(&form, "x").await.unwrap();
    // What was stored before the PIN is sealed now, like what came after; only the clear fields show.
    for (store_name, key) in [
        ("citizens", citizen.id.to_string()),
        ("responses", form.id.to_string()),
        ("meetings", meeting.id.to_string()),
        ("drafts", "draft".to_owned()),
    ] {
        let raw = get_raw(&name, store_name, &key).await.unwrap();
        let fields: Vec<String> = js_sys::Object::keys(raw.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|key| key.as_string())
            .collect();
        assert!(
            fields.contains(&"sealed".to_owned()),
            "{store_name}: {fields:?}"
        );
        for field in &fields {
            assert!(
                ["citizen_id", "date", "revision", "exported_at", "sealed"]
                    .contains(&field.as_str()),
                "{store_name} keeps {field} in the clear"
            );
        }
    }
    assert_eq!(
        store.citizens().await.unwrap(),
        std::slice::from_ref(&citizen)
    );
    assert_eq!(
        store.responses_of(citizen.id).await.unwrap(),
        std::slice::from_ref(&form)
    );
    assert_eq!(
        store.draft("draft").await.unwrap().as_deref(),
        Some(r#"{"label":"Zebrafinke"}"#)
    );
    assert_eq!(
        store.meetings_of(citizen.id).await.unwrap(),
        std::slice::from_ref(&meeting)
    );
    // The day of a sealed form is read without opening it.
    assert_eq!(store.form_dates_of(citizen.id).await.unwrap(), [form.date]);
    // Marked exported without opening the record, and read back with the mark.
    let at = browser::now();
    let ids = ExportedIds {
        responses: vec![form.id],
        meetings: vec![meeting.id],
        ..ExportedIds::default()
    };
    store.mark_exported(&ids, at).await.unwrap();
    assert_eq!(
        store.all_responses().await.unwrap()[0].meta.exported_at,
        Some(at)
    );
    assert_eq!(
        store.all_meetings().await.unwrap()[0].meta.exported_at,
        Some(at)
    );

    // Locked: nothing is read or written, and nothing is taken for broken.
    lock::forget();
    assert_eq!(lock::status(), lock::LockStatus::Locked);
    assert_eq!(
        store.citizens().await.unwrap_err().kind(),
        StoreErrorKind::Locked
    );
    assert_eq!(
        store.put_citizen(&citizen).await.unwrap_err().kind(),
        StoreErrorKind::Locked
    );
    assert_eq!(
        store.meetings_of(citizen.id).await.unwrap_err().kind(),
        StoreErrorKind::Locked
    );
    assert!(matches!(
        store.unlock("000000").await,
        Err(UnlockError::Wrong { retry_at: None })
    ));
    store.unlock("482913").await.unwrap();
    assert_eq!(
        store.unlock_attempts().await.unwrap().failures,
        0,
        "a right PIN clears the count"
    );
    assert_eq!(
        store.citizens().await.unwrap(),
        std::slice::from_ref(&citizen)
    );
    assert!(store.quarantined().await.unwrap().is_empty());

    // A new PIN opens the same records; the old one no longer does.
    store
        .change_pin("482913", "135790", PinKind::Digits)
        .await
        .unwrap();
    lock::forget();
    assert!(matches!(
        store.unlock("482913").await,
        Err(UnlockError::Wrong { .. })
    ));
    store.unlock("135790").await.unwrap();
    assert_eq!(store.responses_of(citizen.id).await.unwrap().len(), 1);

    // Another window opening the database learns there is a PIN.
    store.close();
    let reopened = IdbStore::open(&name).await.unwrap();
    assert_eq!(lock::status(), lock::LockStatus::Open);
    assert_eq!(reopened.citizens().await.unwrap(), [citizen]);
}

#[wasm_bindgen_test]
async fn three_wrong_pins_make_the_next_try_wait_even_for_the_right_one() {
    use mestring::lock;
    use mestring::storage::UnlockError;
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    store
        .set_pin("482913", PinKind::Digits, &code(1))
        .await
        .unwrap();
    lock::forget();
    for _ in 0..2 {
        assert!(matches!(
            store.unlock("111111").await,
            Err(UnlockError::Wrong { retry_at: None })
        ));
    }
    assert!(matches!(
        store.unlock("111111").await,
        Err(UnlockError::Wrong { retry_at: Some(_) })
    ));
    assert!(matches!(
        store.unlock("482913").await,
        Err(UnlockError::Wait { .. })
    ));
    assert_eq!(lock::status(), lock::LockStatus::Locked);
}

#[wasm_bindgen_test]
async fn a_sealed_record_that_does_not_open_is_quarantined_sealed() {
    use mestring::lock;
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    store
        .set_pin("482913", PinKind::Digits, &code(1))
        .await
        .unwrap();
    let good = new_citizen("AB", "Hus 1");
    store.put_citizen(&good).await.unwrap();
    let broken = get_raw(&name, "citizens", &good.id.to_string())
        .await
        .unwrap();
    let sealed = js_sys::Reflect::get(&broken, &"sealed".into()).unwrap();
    let data: js_sys::Uint8Array = js_sys::Reflect::get(&sealed, &"data".into())
        .unwrap()
        .unchecked_into();
    data.set_index(0, data.get_index(0) ^ 1);
    put_raw(&name, "citizens", "tampered", broken).await;

    assert_eq!(store.citizens().await.unwrap(), std::slice::from_ref(&good));
    let quarantined = store.quarantined().await.unwrap();
    assert_eq!(quarantined.len(), 1);
    assert!(
        quarantined[0].reason.contains("decrypted"),
        "{}",
        quarantined[0].reason
    );
    assert_eq!(lock::status(), lock::LockStatus::Open);
}

#[wasm_bindgen_test]
async fn a_forgotten_pin_is_recovered_with_the_recovery_code_and_nothing_is_lost() {
    use mestring::lock;
    use mestring::storage::{RecoverError, UnlockError};
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    store
        .set_pin("482913", PinKind::Digits, &code(7))
        .await
        .unwrap();
    let citizen = new_citizen("Zebrafinke", "Solsikkehuset");
    store.put_citizen(&citizen).await.unwrap();
    let form = mestring_core::testing::response(&citizen, 1, 1);
    store.add_response_from_draft(&form, "x").await.unwrap();
    lock::forget();

    // Another device's code opens nothing and changes nothing.
    assert_eq!(
        store
            .recover(&code(8), "24681357", PinKind::Passcode)
            .await
            .unwrap_err(),
        RecoverError::Wrong
    );
    assert_eq!(lock::status(), lock::LockStatus::Locked);

    let unlocked = store
        .recover(&code(7), "hest-batteri", PinKind::Passcode)
        .await
        .unwrap();
    assert!(!unlocked.needs_recovery_code);
    assert_eq!(lock::status(), lock::LockStatus::Open);
    assert_eq!(
        store.citizens().await.unwrap(),
        std::slice::from_ref(&citizen)
    );
    assert_eq!(store.responses_of(citizen.id).await.unwrap(), [form]);
    assert!(store.quarantined().await.unwrap().is_empty());

    // The new PIN opens the device, the forgotten one no longer does, and the code still does.
    lock::forget();
    assert!(matches!(
        store.unlock("482913").await,
        Err(UnlockError::Wrong { .. })
    ));
    store.unlock("hest-batteri").await.unwrap();
    assert_eq!(
        store.lock_info().await.unwrap().kind,
        PinKind::Passcode,
        "the lock screen offers the whole keyboard"
    );
    lock::forget();
    store
        .recover(&code(7), "135790", PinKind::Digits)
        .await
        .unwrap();
    assert_eq!(store.citizens().await.unwrap(), [citizen]);
}

/// Records every key WebCrypto is asked to import from raw bytes, by algorithm: a data key imported
/// so came through script (and Wasm) memory as bytes.
fn spy_on_raw_imports() -> js_sys::Array {
    let install = js_sys::Function::new_no_args(
        "const seen = [];
         const subtle = globalThis.crypto.subtle;
         const original = SubtleCrypto.prototype.importKey;
         subtle.importKey = function (format, data, algorithm, ...rest) {
             if (format === 'raw') seen.push(typeof algorithm === 'string' ? algorithm : algorithm.name);
             return original.call(this, format, data, algorithm, ...rest);
         };
         return seen;",
    );
    install.call0(&JsValue::NULL).unwrap().unchecked_into()
}

fn stop_spying() {
    js_sys::Function::new_no_args("delete globalThis.crypto.subtle.importKey;")
        .call0(&JsValue::NULL)
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_data_key_is_unwrapped_by_webcrypto_and_can_never_be_read_out() {
    use mestring::lock;
    let seen = spy_on_raw_imports();
    let store = IdbStore::open(&fresh_name()).await.unwrap();
    store
        .set_pin("482913", PinKind::Digits, &code(2))
        .await
        .unwrap();
    let held = |when: &str| {
        let key = lock::key().unwrap();
        let extractable = js_sys::Reflect::get(&key, &"extractable".into()).unwrap();
        assert_eq!(
            extractable,
            JsValue::FALSE,
            "{when}: the held key is extractable"
        );
    };
    held("after setting the PIN");
    lock::forget();
    store.unlock("482913").await.unwrap();
    held("after unlocking");
    lock::forget();
    store
        .recover(&code(2), "246813", PinKind::Digits)
        .await
        .unwrap();
    held("after recovering");
    store
        .change_pin("246813", "482913", PinKind::Digits)
        .await
        .unwrap();
    store.make_recovery_code("482913", &code(3)).await.unwrap();
    stop_spying();
    let imported: Vec<String> = seen.iter().filter_map(|name| name.as_string()).collect();
    assert!(
        imported.iter().all(|name| name == "PBKDF2"),
        "a key other than the PIN's material was imported from bytes: {imported:?}"
    );
}

/// A lock as the first release with a PIN stored it (schema 1): the data key's bytes encrypted with
/// AES-GCM under the PIN's key, beside a citizen sealed with that data key.
const VERSION_1_LOCK: &str = "
    const subtle = crypto.subtle;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const material = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
    const pinKey = await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600000 },
        material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const wrapped = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce }, pinKey, bytes));
    const dataKey = await subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const recordNonce = crypto.getRandomValues(new Uint8Array(12));
    const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: recordNonce }, dataKey,
        new TextEncoder().encode(record)));
    return {
        lock: { schema_version: 1, kdf: 'pbkdf2-hmac-sha256', iterations: 600000, salt: [...salt],
            wrap_nonce: [...nonce], wrapped_key: [...wrapped], migrated: true },
        sealed: { sealed: { nonce: recordNonce, data } },
    };
";

#[wasm_bindgen_test]
async fn a_lock_from_before_recovery_codes_still_unlocks_and_asks_for_a_code() {
    use mestring::lock;
    let name = fresh_name();
    let citizen = new_citizen("Zebrafinke", "Solsikkehuset");
    let record = {
        let store = IdbStore::open(&name).await.unwrap();
        store.put_citizen(&citizen).await.unwrap();
        store.close();
        let raw = get_raw(&name, "citizens", &citizen.id.to_string())
            .await
            .unwrap();
        js_sys::JSON::stringify(&raw).unwrap()
    };
    let make = js_sys::Function::new_with_args(
        "pin, record",
        &format!("return (async () => {{ {VERSION_1_LOCK} }})();"),
    );
    let made = make
        .call2(&JsValue::NULL, &"482913".into(), &record)
        .unwrap();
    let made = wasm_bindgen_futures::JsFuture::from(made.unchecked_into::<js_sys::Promise>())
        .await
        .unwrap();
    let raw_lock = js_sys::Reflect::get(&made, &"lock".into()).unwrap();
    let sealed = js_sys::Reflect::get(&made, &"sealed".into()).unwrap();
    put_raw(&name, "meta", "lock", raw_lock).await;
    put_raw(&name, "citizens", &citizen.id.to_string(), sealed).await;

    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(lock::status(), lock::LockStatus::Locked);
    let unlocked = store.unlock("482913").await.unwrap();
    assert!(
        unlocked.needs_recovery_code,
        "staff are asked to make a code"
    );
    assert_eq!(
        store.citizens().await.unwrap(),
        std::slice::from_ref(&citizen)
    );
    store.make_recovery_code("482913", &code(5)).await.unwrap();
    lock::forget();
    store
        .recover(&code(5), "135790", PinKind::Digits)
        .await
        .unwrap();
    assert_eq!(store.citizens().await.unwrap(), [citizen]);
}

#[wasm_bindgen_test]
async fn an_erase_waits_72_hours_and_unlocking_meanwhile_cancels_it() {
    use mestring::lock;
    let name = fresh_name();
    let store = IdbStore::open(&name).await.unwrap();
    store
        .set_pin("482913", PinKind::Digits, &code(4))
        .await
        .unwrap();
    let citizen = new_citizen("Zebrafinke", "Solsikkehuset");
    store.put_citizen(&citizen).await.unwrap();
    lock::forget();

    // Nothing is erased without a request, nor before its wait is over.
    assert_eq!(
        store.erase().await.unwrap_err().kind(),
        StoreErrorKind::Conflict
    );
    let request = store.request_erase().await.unwrap();
    assert_eq!(
        request.erasable_at() - request.requested_at,
        chrono::Duration::hours(72)
    );
    assert_eq!(
        store.request_erase().await.unwrap(),
        request,
        "asking again waits no less"
    );
    assert_eq!(
        store.erase().await.unwrap_err().kind(),
        StoreErrorKind::Conflict
    );
    assert_eq!(
        store.lock_info().await.unwrap().erase_request,
        Some(request.clone())
    );

    // Unlocking with the PIN cancels it and says so; the records are all there.
    let unlocked = store.unlock("482913").await.unwrap();
    assert_eq!(unlocked.cancelled_erase, Some(request));
    assert_eq!(store.lock_info().await.unwrap().erase_request, None);
    assert_eq!(store.citizens().await.unwrap(), [citizen]);

    // A request whose wait is over erases everything.
    let long_ago = (browser::now() - chrono::Duration::hours(73)).to_rfc3339();
    let old = js_sys::Object::new();
    js_sys::Reflect::set(&old, &"requested_at".into(), &long_ago.into()).unwrap();
    store.close();
    put_raw(&name, "meta", "erase_request", old.into()).await;
    lock::forget();
    store.erase().await.unwrap();
    assert_eq!(lock::status(), lock::LockStatus::NoPin);
    let fresh = IdbStore::open(&name).await.unwrap();
    assert!(fresh.citizens().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_devices_easy_read_lists_move_into_the_citizens_records_once() {
    use gloo::storage::{LocalStorage, Storage};
    use mestring::settings;
    let fixture: serde_json::Value = serde_json::from_str(include_str!(
        "fixtures/citizens-v2-easy-read-on-device.json"
    ))
    .unwrap();
    let name = fresh_name();
    IdbStore::open(&name).await.unwrap().close();
    // As the release before wrote them: citizens at version 2, the device's list in `meta`, and an
    // even older list in the clear beside the settings, naming the other citizen.
    let citizens = fixture["stores"]["citizens"].as_array().unwrap();
    for record in citizens {
        put_raw(
            &name,
            "citizens",
            record["id"].as_str().unwrap(),
            to_js(record),
        )
        .await;
    }
    for entry in fixture["stores"]["meta"].as_array().unwrap() {
        put_raw(
            &name,
            "meta",
            entry["key"].as_str().unwrap(),
            to_js(&entry["value"]),
        )
        .await;
    }
    let (listed, legacy) = (
        citizens[0]["id"].as_str().unwrap(),
        citizens[1]["id"].as_str().unwrap(),
    );
    let old_settings = format!(
        r#"{{"schema_version":"3","lang":"da","mode":"facility","easy_read":["{legacy}"],"lock_after_minutes":5}}"#
    );
    LocalStorage::raw()
        .set_item("mestring.settings", &old_settings)
        .unwrap();

    let store = IdbStore::open(&name).await.unwrap();
    let moved = settings::move_easy_read_into_records(&store).await.unwrap();
    assert_eq!(moved.len(), 2);
    let read = store.citizens().await.unwrap();
    assert!(read.iter().all(|citizen| citizen.easy_read), "{read:?}");
    for id in [listed, legacy] {
        let raw = get_raw(&name, "citizens", id).await.unwrap();
        let text: String = js_sys::JSON::stringify(&raw).unwrap().into();
        assert!(
            text.contains(r#""schema_version":3"#) && text.contains(r#""easy_read":true"#),
            "{text}"
        );
    }
    // Both lists are gone, and the settings are kept.
    assert!(get_raw(&name, "meta", "easy_read").await.is_none());
    assert_eq!(store.easy_read().await.unwrap(), []);
    let text = LocalStorage::raw()
        .get_item("mestring.settings")
        .unwrap()
        .unwrap();
    assert!(!text.contains(legacy), "{text}");
    assert_eq!(
        settings::load().unwrap().mode,
        Some(mestring_core::device::DeviceMode::Facility)
    );
    // A second start finds nothing to move and changes nobody.
    assert_eq!(
        settings::move_easy_read_into_records(&store).await.unwrap(),
        []
    );
    assert_eq!(store.citizens().await.unwrap(), read);
    LocalStorage::delete("mestring.settings");
}

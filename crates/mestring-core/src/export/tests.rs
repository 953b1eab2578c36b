use expect_test::{expect, expect_file};
use proptest::prelude::*;
use serde_json::json;

use super::archive::Archive;
use super::csv::{Separator, responses_csv};
use super::*;
use crate::fit::{Kind, Rater};
use crate::mastery::{Assessment, Plan};
use crate::record::{DeviceId, RecordMeta};
use crate::testing::{DEVICE, assessment, at, citizen, form, plan};

mod course;
mod individual_plan;
mod strict;

/// The bundled mastery schemas, parsed once.
static SCHEMAS: std::sync::LazyLock<crate::mastery::Registry> =
    std::sync::LazyLock::new(|| crate::mastery::Registry::bundled().unwrap());

/// [`read`] with the bundled mastery schemas.
fn read_back(text: &str, registry: &Registry) -> Result<ExportFile, ReadError> {
    read(text, registry, &SCHEMAS)
}

/// [`write`] of citizens, forms and quarantined records only.
fn write_fit(
    origin: &Origin,
    selection: &Selection,
    citizens: &[Citizen],
    responses: &[Response],
    quarantine: &[QuarantinedRecord],
    registry: &Registry,
) -> Result<String, WriteError> {
    let records = Records {
        citizens,
        responses,
        quarantine,
        ..Records::default()
    };
    write(origin, selection, &records, registry)
}

/// The payload's checksum computed the plain way, over one `Value`: a cross-check of the streaming
/// writer and reader, which never build that tree.
fn checksum(payload: &Value) -> String {
    let mut digesting = Digesting(Sha256::new());
    serde_json::to_writer(&mut digesting, payload).unwrap();
    hex(&digesting.0.finalize())
}

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

fn origin() -> Origin {
    Origin {
        app_version: "0.1.0".to_owned(),
        export_id: Uuid::from_bytes([0xe1; 16]),
        device_id: DEVICE,
        created_at: at(16),
        facility: Some("Ungeenheden".to_owned()),
    }
}

/// Two citizens: MJ with two meetings (ORS and SRS by MJ, an ORS by a parent), AB with one ORS.
fn records() -> (Vec<Citizen>, Vec<Response>) {
    let mj = citizen(1, "MJ", "Ungeenheden");
    let ab = citizen(2, "AB", "Hus 1");
    let responses = vec![
        form(&mj, "ors", Rater::Oneself, 2, 10, &[30, 40, 50, 45]),
        form(&mj, "srs", Rater::Oneself, 2, 11, &[90, 95, 85, 100]),
        form(&mj, "ors", Rater::Parent, 2, 12, &[40, 40, 40, 40]),
        form(&mj, "ors", Rater::Oneself, 9, 13, &[70, 75, 80, 72]),
        form(&ab, "ors", Rater::Oneself, 3, 14, &[80, 85, 90, 88]),
    ];
    (vec![mj, ab], responses)
}

fn november(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// The mastery records about [`records`]' citizens: MJ's first round rated by MJ and staff on 2 November
/// and MJ's plan (first dialogue meeting 20 October, agreed 3 November); AB's own rating on 12 November.
fn mastery_records(citizens: &[Citizen]) -> (Vec<Assessment>, Vec<Plan>) {
    let (mj, ab) = (citizens[0].id, citizens[1].id);
    let ratings = [("home", Some(6)), ("getting_around", Some(3))];
    let assessments = vec![
        assessment(mj, Rater::Oneself, 1, november(2), &ratings),
        assessment(
            mj,
            Rater::Staff,
            1,
            november(2),
            &[("home", Some(7)), ("getting_around", Some(2))],
        ),
        assessment(ab, Rater::Oneself, 1, november(12), &[("home", Some(9))]),
    ];
    let plans = vec![plan(
        mj,
        NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        false,
    )];
    (assessments, plans)
}

fn quarantined() -> QuarantinedRecord {
    QuarantinedRecord {
        store: "responses".to_owned(),
        key: "9b1c".to_owned(),
        reason: "malformed record: missing field `answers`".to_owned(),
        quarantined_at: at(12),
        raw: json!({"schema_version": 1, "id": "9b1c"}).to_string(),
    }
}

/// Every kind of record: [`records`], [`mastery_records`], a meeting of every kind and a quarantined record.
fn everything() -> String {
    let (citizens, responses) = records();
    let (assessments, plans) = mastery_records(&citizens);
    let meetings = crate::testing::meetings(
        citizens[0].id,
        NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(),
    );
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        meetings: &meetings,
        quarantine: &[quarantined()],
    };
    write(&origin(), &Selection::Everything, &records, &registry())
        .unwrap_or_else(|err| panic!("{err}"))
}

/// Rewrites the file's payload with `change` and a checksum that fits again, as a careless tool might.
fn tampered(text: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut file: Value = serde_json::from_str(text).unwrap();
    change(&mut file["payload"]);
    file["checksum"]["value"] = Value::String(checksum(&file["payload"]));
    file.to_string()
}

#[test]
fn the_version_3_file_is_stable() {
    // Pretty-printed, so a person can read the golden file as an example.
    let file: Value = serde_json::from_str(&everything()).unwrap();
    assert_eq!(file["format_version"], json!(3));
    let pretty = serde_json::to_string_pretty(&file).unwrap();
    expect_file!["../../../../tests/fixtures/export-v3.json"].assert_eq(&(pretty + "\n"));
}

/// A version 3 file written before activities had a start and plans an individual plan part (plan shape 4),
/// kept as it was.
const VERSION_3_PLANS_4: &str = include_str!("../../../../tests/fixtures/export-v3-plans-v4.json");

#[test]
fn a_plan_of_shape_4_in_a_file_reads_as_a_plan_without_an_individual_plan() {
    let old = read_back(VERSION_3_PLANS_4, &registry()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(old.rejected, []);
    let mut now = read_back(&everything(), &registry()).unwrap().plans;
    for activity in now
        .iter_mut()
        .flat_map(|plan| &mut plan.goals)
        .flat_map(|goal| &mut goal.activities)
    {
        activity.start = None;
    }
    assert_eq!(old.plans, now);
    assert!(old.plans.iter().all(|plan| plan.individual_plan.is_none()));
}

/// A version 3 file written while plans kept their own dialogue meetings and agreements (plan shape 3).
const VERSION_3_PLANS_3: &str = include_str!("../../../../tests/fixtures/export-v3-plans-v3.json");

#[test]
fn a_plan_of_shape_3_in_a_file_adds_its_meetings_to_the_files_once() {
    let file = read_back(VERSION_3_PLANS_3, &registry()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(file.rejected, []);
    let derived = file.plans[0].meeting_records();
    assert_eq!(derived.len(), 1);
    assert_eq!(derived[0].agreements, "Vi ses igen om tre måneder");
    // The file's four meeting records and the plan's dialogue meeting.
    assert_eq!(file.meetings.len(), 4 + 1);
    assert!(file.meetings.contains(&derived[0]));
    // Read again, the same ids: merged, nothing twice.
    let again = read_back(VERSION_3_PLANS_3, &registry()).unwrap();
    assert_eq!(again.meetings, file.meetings);
    let mut archive = Archive::default();
    archive.merge(file);
    archive.merge(again);
    assert_eq!(archive.meetings().count(), 5);
}

/// A file written by the version 2 writer (before meeting records), kept as it was.
const VERSION_2: &str = include_str!("../../../../tests/fixtures/export-v2.json");

#[test]
fn a_version_2_file_is_read_with_its_plans_meetings_as_records_and_refused_with_a_meetings_list() {
    let file = read_back(VERSION_2, &registry()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(file.rejected, []);
    assert_eq!(
        (file.citizens.len(), file.responses.len(), file.plans.len()),
        (2, 5, 1)
    );
    // Its plan's dialogue meeting is a meeting record, with the plan's agreements on it.
    assert_eq!(file.plans[0].meetings.len(), 1);
    assert_eq!(file.meetings, file.plans[0].meeting_records());
    assert_eq!(file.meetings[0].agreements, file.plans[0].agreements);
    assert!(!file.meetings[0].agreements.is_empty());
    let mut with_meetings: Value = serde_json::from_str(VERSION_2).unwrap();
    with_meetings["payload"]["meetings"] = json!([]);
    crate::testing::resign(&mut with_meetings);
    assert_eq!(
        read_back(&with_meetings.to_string(), &registry()),
        Err(ReadError::Malformed(
            "payload.meetings: not in format version 2".to_owned()
        ))
    );
}

#[test]
fn meetings_travel_by_selection_and_only_with_their_citizen() {
    let text = everything();
    let file = read_back(&text, &registry()).unwrap();
    let kinds: Vec<_> = file.meetings.iter().map(|meeting| meeting.kind).collect();
    use crate::meeting::MeetingKind::{Acute, Dialogue, FollowUp, Network};
    assert_eq!(kinds, [Dialogue, Acute, Network, FollowUp]);
    let (citizens, _) = records();
    assert_eq!(
        file.meetings,
        crate::testing::meetings(
            citizens[0].id,
            NaiveDate::from_ymd_opt(2026, 10, 5).unwrap()
        )
    );
    let in_october = Selection::Dates {
        from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    };
    let taken: Vec<_> = file
        .meetings
        .iter()
        .filter(|meeting| in_october.includes_meeting(meeting))
        .map(|meeting| meeting.kind)
        .collect();
    assert_eq!(taken, [Dialogue, Acute, Network]);
    // A meeting whose citizen is not in the file is rejected, the rest read.
    let orphaned = tampered(&text, |payload| {
        payload["meetings"][1]["citizen_id"] = json!("0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f");
    });
    let file = read_back(&orphaned, &registry()).unwrap();
    assert_eq!(file.meetings.len(), 3);
    assert_eq!(
        file.rejected
            .iter()
            .map(|rejected| (rejected.list, rejected.reason.as_str()))
            .collect::<Vec<_>>(),
        [(
            "meetings",
            "its citizen 0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f is not in the file"
        )]
    );
    // A personal number in a meeting's agreements refuses the whole export, naming the meeting.
    let mut leaking = crate::testing::meetings(
        citizens[0].id,
        NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(),
    );
    leaking[3].agreements = "Ring 010190-1234".to_owned();
    let (_, responses) = records();
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        meetings: &leaking,
        ..Records::default()
    };
    let err = write(&origin(), &Selection::Everything, &records, &registry()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("meeting {}: agreements", leaking[3].id)),
        "{err}"
    );
}

/// A file written by the version 1 writer (before assessments and plans), kept as it was.
const VERSION_1: &str = include_str!("../../../../tests/fixtures/export-v1.json");

/// A file written by the release before easy-read joined the citizen record (citizens at version 2).
const BEFORE_EASY_READ: &str =
    include_str!("../../../../tests/fixtures/export-v2-before-easy-read.json");

#[test]
fn a_file_from_before_easy_read_is_read_with_nobody_in_easy_read() {
    let file = read_back(BEFORE_EASY_READ, &registry()).unwrap();
    assert_eq!(file.rejected, []);
    assert_eq!(file.citizens.len(), 2);
    assert!(file.citizens.iter().all(|citizen| !citizen.easy_read));
    // Written again, the same citizens at version 3.
    let old: Value = serde_json::from_str(BEFORE_EASY_READ).unwrap();
    let again: Value = serde_json::from_str(&everything()).unwrap();
    let mut upgraded = old["payload"]["citizens"].clone();
    for citizen in upgraded.as_array_mut().unwrap() {
        assert_eq!(citizen["schema_version"], json!(2));
        citizen["schema_version"] = json!(3);
        citizen["easy_read"] = json!(false);
    }
    assert_eq!(again["payload"]["citizens"], upgraded);
}

#[test]
fn easy_read_travels_with_the_citizen_through_an_export() {
    let (mut citizens, responses) = records();
    citizens[0] = citizens[0].with_easy_read(true, at(15));
    let text = write_fit(
        &origin(),
        &Selection::Everything,
        &citizens,
        &responses,
        &[],
        &registry(),
    )
    .unwrap();
    let file = read_back(&text, &registry()).unwrap();
    let read: Vec<(&str, bool)> = file
        .citizens
        .iter()
        .map(|citizen| (citizen.fields.label.as_str(), citizen.easy_read))
        .collect();
    assert_eq!(read, [("MJ", true), ("AB", false)]);
    assert_eq!(file.citizens[0], citizens[0]);
}

#[test]
fn a_version_1_file_is_still_read() {
    let (citizens, responses) = records();
    let file = read_back(VERSION_1, &registry()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(file.citizens, citizens);
    assert_eq!(file.responses, responses);
    assert_eq!((file.assessments.len(), file.plans.len()), (0, 0));
    assert_eq!(file.quarantine, [quarantined()]);
    assert_eq!(file.rejected, []);
    // Its records are the version 1 file's FIT records: a file written again is version 3.
    let again = write_fit(
        &file.origin,
        &file.selection,
        &file.citizens,
        &file.responses,
        &file.quarantine,
        &registry(),
    )
    .unwrap();
    let again: Value = serde_json::from_str(&again).unwrap();
    let old: Value = serde_json::from_str(VERSION_1).unwrap();
    assert_eq!(again["format_version"], json!(3));
    // The same records; each citizen is written at schema version 3 with no birth month, not in easy-read, and each
    // form's `score` is read again by today's norms (an item under its line is now a talking point),
    // which a reader re-scores anyway.
    let without_scores = |list: &Value| -> Vec<Value> {
        let mut records = list.as_array().unwrap().clone();
        for record in &mut records {
            record.as_object_mut().unwrap().remove("score");
        }
        records
    };
    let mut upgraded = old["payload"]["citizens"].clone();
    for citizen in upgraded.as_array_mut().unwrap() {
        citizen["schema_version"] = json!(3);
        citizen["birth_month"] = Value::Null;
        citizen["easy_read"] = json!(false);
    }
    assert_eq!(again["payload"]["citizens"], upgraded);
    assert_eq!(
        without_scores(&again["payload"]["responses"]),
        without_scores(&old["payload"]["responses"])
    );
    assert_eq!(
        again["payload"]["responses"][0]["score"]["schema"],
        json!(2)
    );
    // A quarantined record's raw value now travels as its JSON text.
    assert_eq!(
        again["payload"]["quarantine"][0]["raw"],
        json!(old["payload"]["quarantine"][0]["raw"].to_string())
    );
    assert_eq!(again["payload"]["assessments"], json!([]));
}

#[test]
fn each_version_has_its_own_lists() {
    let registry = registry();
    let refused = |text: &str| read_back(text, &registry).unwrap_err().to_string();
    // Version 1 with mastery lists, or version 2 without them, is not what either version writes.
    let mut v1: Value = serde_json::from_str(VERSION_1).unwrap();
    v1["payload"]["plans"] = json!([]);
    let v1 = tampered(&v1.to_string(), |_| {});
    expect![[r#"malformed export: payload.plans: not in format version 1"#]]
        .assert_eq(&refused(&v1));
    let v2 = tampered(&everything(), |payload| {
        payload.as_object_mut().unwrap().remove("assessments");
    });
    expect![[r#"malformed export: payload.assessments: not a list"#]].assert_eq(&refused(&v2));
}

#[test]
fn the_file_matches_the_published_json_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("../../../../docs/export-format.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|err| panic!("{err}"));
    let file: Value = serde_json::from_str(&everything()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&file)
        .map(|err| err.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    let mut broken = file;
    broken["payload"]["responses"][0]["answers"][2] = json!(500);
    broken["selection"] = json!({"kind": "some"});
    assert_eq!(validator.iter_errors(&broken).count(), 2);
}

#[test]
fn a_form_without_norms_for_the_age_is_exported_with_the_reason() {
    // A child version, chosen by staff, for a 36-year-old: no norms apply, the record still goes.
    let mj = citizen(1, "MJ", "Ungeenheden");
    let responses = vec![form(&mj, "cors", Rater::Oneself, 2, 10, &[30, 40, 50, 45])];
    let text = write_fit(
        &origin(),
        &Selection::Everything,
        &[mj],
        &responses,
        &[],
        &registry(),
    )
    .unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    let record = &file["payload"]["responses"][0];
    assert_eq!(record["score"], Value::Null);
    expect![[r#""cors is for ages 6–12, not 36""#]].assert_eq(&record["score_problem"].to_string());
    assert_eq!(read_back(&text, &registry()).unwrap().responses, responses);
}

#[test]
fn a_file_reads_back_as_written() {
    let (citizens, responses) = records();
    let (assessments, plans) = mastery_records(&citizens);
    let file = read_back(&everything(), &registry()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(file.origin, origin());
    assert_eq!(file.selection, Selection::Everything);
    assert_eq!(file.citizens, citizens);
    assert_eq!(file.responses, responses);
    assert_eq!(file.assessments, assessments);
    assert_eq!(file.plans, plans);
    assert_eq!(file.quarantine, [quarantined()]);
    assert_eq!(file.rejected, []);
}

#[test]
fn the_layout_of_the_file_does_not_matter_but_its_content_does() {
    let file: Value = serde_json::from_str(&everything()).unwrap();
    let pretty = serde_json::to_string_pretty(&file).unwrap();
    assert!(read_back(&pretty, &registry()).is_ok());
    let changed = everything().replacen("\"birth_year\":1990", "\"birth_year\":1991", 1);
    assert_eq!(
        read_back(&changed, &registry()),
        Err(ReadError::ChecksumMismatch)
    );
}

#[test]
fn files_that_are_not_readable_exports_are_refused_whole() {
    let registry = registry();
    let refused = |text: &str| read_back(text, &registry).unwrap_err().to_string();
    expect![[r#"not JSON: expected value at line 1 column 1"#]].assert_eq(&refused("PK\u{3}\u{4}"));
    expect![[r#"not a Mestring export (no "format": "mestring-export")"#]]
        .assert_eq(&refused(r#"{"format": "something-else"}"#));
    let newer = everything().replacen("\"format_version\":3", "\"format_version\":4", 1);
    expect![[r#"written by a newer Mestring (format version 4; this one reads up to 3)"#]]
        .assert_eq(&refused(&newer));
}

#[test]
fn a_bad_record_is_rejected_with_its_reason_and_the_rest_is_read() {
    let text = tampered(&everything(), |payload| {
        payload["responses"][0]["answers"] = json!([30, 40, 500, 45]);
        payload["citizens"][1]["label"] = json!("0101901234");
        payload["assessments"][0]["entries"][0]["rating"] = json!(11);
        payload["plans"][0]["goals"][0]["levels"][0] = json!("");
    });
    let file = read_back(&text, &registry()).unwrap_or_else(|err| panic!("{err}"));
    let reasons: Vec<String> = file
        .rejected
        .iter()
        .map(|rejected| format!("{}: {}", rejected.list, rejected.reason))
        .collect();
    expect![[r#"
        [
            "assessments: invalid record: entries[0]: 11 is outside 1–10",
            "citizens: invalid record: [LabelIsPersonalNumber]",
            "plans: invalid record: goal 1: level -2 is not described",
            "responses: invalid record: ors item socially: 50.0 is outside 0–10",
            "responses: its citizen 02020202-0202-4202-8202-020202020202 is not in the file",
            "assessments: its citizen 02020202-0202-4202-8202-020202020202 is not in the file",
        ]
    "#]]
    .assert_debug_eq(&reasons);
    assert_eq!(file.citizens.len(), 1);
    assert_eq!(file.responses.len(), 3);
    assert_eq!((file.assessments.len(), file.plans.len()), (1, 0));
    let ids: Vec<_> = file.rejected.iter().map(|r| r.id.is_some()).collect();
    assert!(
        ids.iter().all(|has_id| *has_id),
        "every rejected record names its id"
    );
}

#[test]
fn merging_the_same_file_twice_changes_nothing() {
    let mut archive = Archive::default();
    let first = archive.merge(read_back(&everything(), &registry()).unwrap());
    // 2 citizens, 5 forms, 3 assessments, a plan, 4 meetings.
    assert_eq!((first.accepted, first.already_present), (15, 0));
    let before = archive.clone();
    let again = archive.merge(read_back(&everything(), &registry()).unwrap());
    assert_eq!(
        (again.accepted, again.already_present, again.conflicts.len()),
        (0, 15, 0)
    );
    assert_eq!(archive, before);
}

#[test]
fn a_later_revision_updates_an_earlier_one_is_ignored_and_two_devices_conflict() {
    let (citizens, responses) = records();
    let export = |citizens: &[Citizen]| {
        let text = write_fit(
            &origin(),
            &Selection::Everything,
            citizens,
            &responses,
            &[],
            &registry(),
        )
        .unwrap();
        read_back(&text, &registry()).unwrap()
    };
    let renamed = {
        let mut fields = citizens[0].fields.clone();
        fields.unit = citizens[1].fields.unit.clone();
        citizens[0].with_fields(fields, at(17))
    };
    let mut archive = Archive::default();
    archive.merge(export(&[renamed.clone(), citizens[1].clone()]));
    let older = archive.merge(export(&citizens));
    assert_eq!((older.superseded, older.already_present), (1, 6));

    let mut newer_archive = Archive::default();
    newer_archive.merge(export(&citizens));
    let newer = newer_archive.merge(export(&[renamed.clone(), citizens[1].clone()]));
    assert_eq!((newer.updated, newer.already_present), (1, 6));
    assert!(newer_archive.citizens().any(|citizen| *citizen == renamed));

    let elsewhere = Citizen {
        meta: RecordMeta::new(DeviceId::from_uuid(Uuid::from_bytes([7; 16])), at(18)),
        ..renamed.clone()
    };
    let conflict = newer_archive.merge(export(&[elsewhere, citizens[1].clone()]));
    assert_eq!(conflict.conflicts, [citizens[0].id.to_string()]);
    assert_eq!(newer_archive.conflicts(), [citizens[0].id.to_string()]);
    assert_eq!(newer_archive.citizens().count(), 2);
}

#[test]
fn a_selection_takes_what_it_names_and_every_citizen_concerned() {
    let (mut citizens, mut responses) = records();
    let registry = registry();
    let ids = |selection: Selection, citizens: &[Citizen], responses: &[Response]| {
        let text = write_fit(&origin(), &selection, citizens, responses, &[], &registry).unwrap();
        let file = read_back(&text, &registry).unwrap();
        let labels: Vec<String> = file
            .citizens
            .iter()
            .map(|c| c.fields.label.as_str().to_owned())
            .collect();
        (labels, file.responses.len())
    };
    assert_eq!(
        ids(
            Selection::Dates {
                from: november(3),
                to: november(9)
            },
            &citizens,
            &responses
        ),
        (vec!["MJ".to_owned(), "AB".to_owned()], 2)
    );
    let ab = Selection::Citizen {
        citizen_id: citizens[1].id.uuid(),
    };
    assert_eq!(ids(ab, &citizens, &responses), (vec!["AB".to_owned()], 1));

    for response in &mut responses[..4] {
        response.meta.exported_at = Some(at(15));
    }
    for citizen in &mut citizens {
        citizen.meta.exported_at = Some(at(15));
    }
    assert_eq!(
        ids(Selection::NotYetExported, &citizens, &responses),
        (vec!["AB".to_owned()], 1)
    );
}

#[test]
fn once_marked_exported_only_later_changes_are_new() {
    use crate::store::{ExportedIds, MemoryStore, Store};
    use pollster::block_on;

    let (citizens, responses) = records();
    let store = MemoryStore::new();
    for citizen in &citizens {
        block_on(store.put_citizen(citizen)).unwrap();
    }
    for response in &responses {
        block_on(store.add_response_from_draft(response, "none")).unwrap();
    }
    let (assessments, plans) = mastery_records(&citizens);
    for assessment in &assessments {
        block_on(store.add_assessment_from_draft(assessment, "none")).unwrap();
    }
    block_on(store.put_plan(&plans[0])).unwrap();
    let stored = || {
        (
            block_on(store.citizens()).unwrap(),
            block_on(store.all_responses()).unwrap(),
            block_on(store.all_assessments()).unwrap(),
            block_on(store.all_plans()).unwrap(),
        )
    };
    let (all_citizens, all_responses, all_assessments, all_plans) = stored();
    let records = |citizens, responses, assessments, plans| Records {
        citizens,
        responses,
        assessments,
        plans,
        meetings: &[],
        quarantine: &[],
    };
    let first = Selection::NotYetExported.apply(&records(
        &all_citizens,
        &all_responses,
        &all_assessments,
        &all_plans,
    ));
    assert_eq!(
        (
            first.citizens.len(),
            first.responses.len(),
            first.assessments.len(),
            first.plans.len()
        ),
        (2, 5, 3, 1)
    );
    block_on(store.mark_exported(&ExportedIds::of(&first), at(16))).unwrap();

    let (all_citizens, all_responses, all_assessments, all_plans) = stored();
    assert!(
        all_responses
            .iter()
            .all(|r| r.meta.exported_at == Some(at(16)))
    );
    // Only `exported_at` changed.
    let mut unmarked = all_assessments.clone();
    for assessment in &mut unmarked {
        assert_eq!(assessment.meta.exported_at, Some(at(16)));
        assessment.meta.exported_at = None;
    }
    let mut sorted = assessments.clone();
    crate::store::sort_assessments(&mut sorted);
    assert_eq!(unmarked, sorted);
    assert_eq!(all_plans[0].meta.exported_at, Some(at(16)));
    assert_eq!(all_plans[0].meta.revision, 1);
    let nothing = Selection::NotYetExported.apply(&records(
        &all_citizens,
        &all_responses,
        &all_assessments,
        &all_plans,
    ));
    assert!(nothing.citizens.is_empty() && nothing.responses.is_empty());
    assert!(nothing.assessments.is_empty() && nothing.plans.is_empty());

    // An edit after the export makes the citizen new again; a new form brings its citizen along.
    let by_label = |label: &str| {
        all_citizens
            .iter()
            .find(|c| c.fields.label.as_str() == label)
            .unwrap()
    };
    block_on(store.put_citizen(&by_label("MJ").with_archived(true, at(17)))).unwrap();
    let later = form(
        by_label("AB"),
        "ors",
        Rater::Oneself,
        10,
        18,
        &[10, 20, 30, 40],
    );
    block_on(store.add_response_from_draft(&later, "none")).unwrap();
    // So does a new revision of a plan.
    let mut revised = all_plans[0].clone();
    revised.goals[0]
        .sub_goals
        .push("Tage bussen hjem".to_owned());
    revised.meta = revised.meta.next(at(17));
    block_on(store.put_plan(&revised)).unwrap();
    let (all_citizens, all_responses, all_assessments, all_plans) = stored();
    let again = Selection::NotYetExported.apply(&records(
        &all_citizens,
        &all_responses,
        &all_assessments,
        &all_plans,
    ));
    let labels: Vec<_> = again
        .citizens
        .iter()
        .map(|c| c.fields.label.as_str())
        .collect();
    assert_eq!(labels, ["AB", "MJ"]);
    assert_eq!(again.responses, [&later]);
    assert_eq!(again.plans, [&revised]);
    assert!(again.assessments.is_empty());
}

#[test]
fn a_file_is_named_by_its_day_and_id() {
    assert_eq!(origin().file_name(), "mestring-2026-11-23-e1e1e1e1.json");
    assert_eq!(
        origin().sealed_file_name(),
        "mestring-2026-11-23-e1e1e1e1.sealed.json"
    );
}

#[test]
fn quarantined_records_travel_only_with_whole_device_selections() {
    let (citizens, responses) = records();
    let registry = registry();
    let quarantine_in = |selection: Selection| {
        let text = write_fit(
            &origin(),
            &selection,
            &citizens,
            &responses,
            &[quarantined()],
            &registry,
        )
        .unwrap();
        read_back(&text, &registry).unwrap().quarantine.len()
    };
    assert_eq!(quarantine_in(Selection::Everything), 1);
    assert_eq!(quarantine_in(Selection::NotYetExported), 1);
    let one = Selection::Citizen {
        citizen_id: citizens[0].id.uuid(),
    };
    assert_eq!(quarantine_in(one), 0);
}

#[test]
fn csv_has_one_row_per_form_for_danish_excel() {
    let mut archive = Archive::default();
    archive.merge(read_back(&everything(), &registry()).unwrap());
    let csv = responses_csv(&archive, &registry(), Separator::Semicolon);
    assert!(csv.starts_with('\u{feff}'));
    expect![[r#"
        citizen;birth_year;unit;date;meeting;instrument;version;rater;item_1;item_2;item_3;item_4;total;cutoff;clinical;alert;change_since_first;reliable_change;clinically_significant;response_id
        AB;1990;Hus 1;2026-11-03;3;ors;1;self;8,0;8,5;9,0;8,8;34,3;25,0;false;;;;;0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e
        MJ;1990;Ungeenheden;2026-11-02;2;ors;1;parent;4,0;4,0;4,0;4,0;16,0;25,0;true;;;;;0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c
        MJ;1990;Ungeenheden;2026-11-02;2;ors;1;self;3,0;4,0;5,0;4,5;16,5;25,0;true;;;;;0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a
        MJ;1990;Ungeenheden;2026-11-02;2;srs;1;self;9,0;9,5;8,5;10,0;37,0;;;false;;;;0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b
        MJ;1990;Ungeenheden;2026-11-09;9;ors;1;self;7,0;7,5;8,0;7,2;29,7;25,0;false;;13,2;improvement;true;0d0d0d0d-0d0d-4d0d-8d0d-0d0d0d0d0d0d
    "#]]
    .assert_eq(&csv.trim_start_matches('\u{feff}').replace("\r\n", "\n"));
}

proptest! {
    /// Any valid answers survive writing and reading, exactly.
    #[test]
    fn answers_survive_the_round_trip(answers in proptest::collection::vec(0u16..=100, 4), meeting in 1u32..=14) {
        let mj = citizen(1, "MJ", "Ungeenheden");
        let responses = vec![form(&mj, "ors", Rater::Oneself, meeting, 10, &answers)];
        let registry = registry();
        let text = write_fit(&origin(), &Selection::Everything, &[mj], &responses, &[], &registry).unwrap();
        let file = read_back(&text, &registry).unwrap();
        prop_assert_eq!(file.responses.first().map(|r| r.kind), Some(Kind::Outcome));
        prop_assert_eq!(file.responses, responses);
    }
}

proptest! {
    /// Any valid ratings, comments and follow-up levels survive writing and reading, exactly.
    #[test]
    fn mastery_records_survive_the_round_trip(
        ratings in proptest::collection::vec(proptest::option::of(1u8..=10), 1..=9),
        comment in proptest::option::of("\\PC{0,40}".prop_filter("a comment the app takes", |text| {
            crate::free_text::check(text, crate::mastery::assessment::COMMENT_FIELD).is_empty()
        })),
        round in 1u32..=20,
        level in -2i8..=2,
        months in 1u8..=12,
    ) {
        let mj = citizen(1, "MJ", "Ungeenheden");
        let domains = [
            "self_care", "home", "getting_around", "talking", "relationships", "community",
            "mental_health", "physical_health", "surroundings",
        ];
        let entries: Vec<(&str, Option<u8>)> = domains.iter().copied().zip(ratings).collect();
        let mut rated = assessment(mj.id, Rater::Staff, round, november(2), &entries);
        rated.entries[0].comment = comment;
        let mut followed = plan(mj.id, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(), true);
        followed.follow_ups[0].attained = vec![(1, level)];
        followed.interval = crate::mastery::Interval::months(months).unwrap();
        let (assessments, plans) = (vec![rated], vec![followed]);
        let records = Records {
            citizens: std::slice::from_ref(&mj),
            assessments: &assessments,
            plans: &plans,
            ..Records::default()
        };
        let text = write(&origin(), &Selection::Everything, &records, &FUZZ_REGISTRY).unwrap();
        let file = read_back(&text, &FUZZ_REGISTRY).unwrap();
        prop_assert_eq!(file.rejected, []);
        prop_assert_eq!(file.assessments, assessments);
        prop_assert_eq!(file.plans, plans);
    }
}

/// The registry and the file the fuzz tests mutate, made once: 10,000 cases would otherwise spend
/// their time parsing the instruments again.
static FUZZ_REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(registry);
static FUZZ_FILE: std::sync::LazyLock<String> = std::sync::LazyLock::new(everything);

/// Every leaf of `value` as a JSON pointer.
fn leaf_pointers(value: &Value, at: String, into: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                leaf_pointers(
                    field,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    into,
                );
            }
        }
        Value::Array(items) => {
            for (idx, item) in items.iter().enumerate() {
                leaf_pointers(item, format!("{at}/{idx}"), into);
            }
        }
        _ => into.push(at),
    }
}

/// Values that no field expects, or that stretch one: wrong types, out of range, malformed, huge.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(-1)),
        Just(json!(101)),
        Just(json!(1e308)),
        Just(json!(0.05)),
        Just(json!("")),
        Just(json!("2026-13-45")),
        Just(json!("x".repeat(10_000))),
        Just(json!("<script>alert(1)</script>\u{202e}")),
        Just(json!([])),
        Just(json!({})),
        "[a-z0-9-]{0,40}".prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
    ]
}

/// Checks the import's promise on one file: it never panics; a refused file says why; in a read file
/// every record is either taken in or rejected with a reason.
fn read_is_accountable(text: &str, registry: &Registry) -> Result<(), TestCaseError> {
    let counts = serde_json::from_str::<Value>(text).ok().map(|file| {
        [
            "citizens",
            "responses",
            "assessments",
            "plans",
            "meetings",
            "quarantine",
        ]
        .map(|list| {
            file.pointer(&format!("/payload/{list}"))
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
    });
    match read_back(text, registry) {
        Err(err) => prop_assert!(!err.to_string().is_empty()),
        Ok(file) => {
            prop_assert!(file.rejected.iter().all(|r| !r.reason.is_empty()));
            let taken = file.citizens.len()
                + file.responses.len()
                + file.assessments.len()
                + file.plans.len()
                + file.meetings.len()
                + file.quarantine.len();
            let given: usize = counts.map_or(0, |counts| counts.iter().sum());
            // A facility's name refused is named too, but it is no record of the lists counted.
            let records_rejected = file
                .rejected
                .iter()
                .filter(|r| r.list != "facility")
                .count();
            prop_assert_eq!(taken + records_rejected, given);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// Files damaged on the way (a USB stick, an e-mail client): bytes changed, cut or repeated.
    #[test]
    fn damaged_files_are_refused_with_a_reason(
        cut in any::<prop::sample::Index>(),
        len in 0usize..64,
        byte in any::<u8>(),
        how in 0u8..3,
    ) {
        let mut bytes = FUZZ_FILE.clone().into_bytes();
        let at = cut.index(bytes.len());
        let end = (at + len).min(bytes.len());
        match how {
            0 => bytes[at] = byte,
            1 => { bytes.drain(at..end); }
            _ => { let copy = bytes[at..end].to_vec(); bytes.splice(at..at, copy); }
        }
        let text = String::from_utf8_lossy(&bytes);
        read_is_accountable(&text, &FUZZ_REGISTRY)?;
    }

    /// Files whose records were changed and the checksum made to match again: each bad record is
    /// rejected with its reason, the rest read.
    #[test]
    fn changed_records_with_a_matching_checksum_are_rejected_one_by_one(
        leaf in any::<prop::sample::Index>(),
        value in hostile_value(),
        remove in any::<bool>(),
    ) {
        let mut file: Value = serde_json::from_str(&FUZZ_FILE).unwrap();
        let payload = file.get_mut("payload").unwrap();
        let mut leaves = Vec::new();
        leaf_pointers(payload, String::new(), &mut leaves);
        let pointer = &leaves[leaf.index(leaves.len())];
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        match (remove, payload.pointer_mut(parent).unwrap()) {
            (true, Value::Object(fields)) => { fields.remove(key); }
            _ => *payload.pointer_mut(pointer).unwrap() = value,
        }
        let resigned = checksum(payload);
        file["checksum"]["value"] = json!(resigned);
        read_is_accountable(&file.to_string(), &FUZZ_REGISTRY)?;
    }
}

/// The example files in `docs/examples/`: tablet A's export, its next one a week later (MJ moved to
/// another unit in between, one more meeting), and tablet B's, with a citizen of its own. Tablet A's carry
/// MJ's meetings of every kind, an acute contact among them.
fn examples() -> [(&'static str, String); 3] {
    let registry = registry();
    let tablet_b = DeviceId::from_uuid_const([0xbb; 16]);
    let (citizens, responses) = records();
    let later = citizens[0].with_fields(citizen(1, "MJ", "Hus 2").fields, at(17));
    let mut second_week = responses.clone();
    second_week.push(form(
        &later,
        "ors",
        Rater::Oneself,
        14,
        20,
        &[75, 80, 80, 78],
    ));
    let mut lb = citizen(3, "LB", "Børnehuset");
    lb.meta.device_id = tablet_b;
    let mut lb_form = form(&lb, "ors", Rater::Parent, 4, 21, &[60, 55, 70, 65]);
    lb_form.meta.device_id = tablet_b;
    let mut lb_rating = assessment(
        lb.id,
        Rater::Parent,
        1,
        november(4),
        &[("home", Some(5)), ("relationships", Some(4))],
    );
    lb_rating.meta.device_id = tablet_b;
    // Week 1 has MJ's and AB's ratings and MJ's plan; by week 2 the goal had a sub-goal more and
    // an early follow-up found the goal a level better than expected.
    let (assessments, plans) = mastery_records(&citizens);
    let mut revised = plans[0].clone();
    revised.goals[0]
        .sub_goals
        .push("Øve ruten til Hus 2".to_owned());
    revised.follow_ups.push(crate::mastery::FollowUp {
        date: november(27),
        attained: vec![(1, 1)],
    });
    revised.meta = revised.meta.next(at(17));
    let meetings =
        crate::testing::meetings(citizens[0].id, NaiveDate::from_ymd_opt(2026, 8, 3).unwrap());
    let file = |origin: Origin,
                citizens: &[Citizen],
                responses: &[Response],
                assessments: &[Assessment],
                plans: &[Plan],
                meetings: &[Meeting]| {
        let records = Records {
            citizens,
            responses,
            assessments,
            plans,
            meetings,
            quarantine: &[],
        };
        let text = write(&origin, &Selection::Everything, &records, &registry).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        serde_json::to_string_pretty(&value).unwrap() + "\n"
    };
    let week_later = |origin: Origin| Origin {
        export_id: Uuid::from_bytes([0xe2; 16]),
        created_at: DateTime::parse_from_rfc3339("2026-11-30T16:00:00+01:00").unwrap(),
        ..origin
    };
    [
        (
            "tablet-a-week-1.json",
            file(
                origin(),
                &citizens,
                &responses,
                &assessments,
                &plans,
                &meetings,
            ),
        ),
        (
            "tablet-a-week-2.json",
            file(
                week_later(origin()),
                &[later, citizens[1].clone()],
                &second_week,
                &assessments,
                &[revised],
                &meetings,
            ),
        ),
        (
            "tablet-b.json",
            file(
                Origin {
                    export_id: Uuid::from_bytes([0xe3; 16]),
                    device_id: tablet_b,
                    facility: Some("Børnehuset".to_owned()),
                    ..origin()
                },
                &[lb],
                &[lb_form],
                &[lb_rating],
                &[],
                &[],
            ),
        ),
    ]
}

#[test]
fn the_examples_in_the_docs_are_what_the_code_writes() {
    let [(a1, week_1), (a2, week_2), (b, tablet_b)] = examples();
    assert_eq!(
        (a1, a2, b),
        (
            "tablet-a-week-1.json",
            "tablet-a-week-2.json",
            "tablet-b.json"
        )
    );
    for (name, text) in [(a1, &week_1), (a2, &week_2), (b, &tablet_b)] {
        let file = read_back(text, &registry()).unwrap();
        assert_eq!(file.rejected, [], "{name}");
        assert!(!file.assessments.is_empty(), "{name} has mastery ratings");
    }
    expect_file!["../../../../docs/examples/tablet-a-week-1.json"].assert_eq(&week_1);
    expect_file!["../../../../docs/examples/tablet-a-week-2.json"].assert_eq(&week_2);
    expect_file!["../../../../docs/examples/tablet-b.json"].assert_eq(&tablet_b);
    // Sealed with the passphrase that docs/export-format.md states; salt and nonce fixed for the example.
    let sealed = sealed::seal(&tablet_b, EXAMPLE_PASSPHRASE, [0x5a; 16], [0x17; 12]).unwrap();
    expect_file!["../../../../docs/examples/tablet-b.sealed.json"]
        .assert_eq(&(sealed.clone() + "\n"));
    assert_eq!(read_back(&sealed, &registry()), Err(ReadError::Sealed));
    let opened = sealed::open(&sealed, EXAMPLE_PASSPHRASE).unwrap();
    assert_eq!(
        read_back(&opened, &registry()),
        read_back(&tablet_b, &registry())
    );
}

const EXAMPLE_PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";

#[test]
fn two_tablets_merge_with_the_later_revision_and_nothing_twice() {
    let registry = registry();
    let mut archive = Archive::default();
    let reports: Vec<_> = examples()
        .iter()
        .map(|(_, text)| archive.merge(read_back(text, &registry).unwrap()))
        .collect();
    // Week 2 repeats week 1 except MJ's new unit and plan (later revisions) and the new meeting.
    assert_eq!((reports[1].updated, reports[1].accepted), (2, 1));
    assert_eq!(reports[1].already_present, 6 + 3 + 4);
    assert_eq!(archive.meetings().count(), 4);
    assert_eq!(archive.citizens().count(), 3);
    assert_eq!(archive.responses().count(), 7);
    assert_eq!(archive.assessments().count(), 4);
    let plans: Vec<_> = archive.plan_versions().collect();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].meta.revision, 2);
    assert!(archive.conflicts().is_empty());
    let mj = archive
        .citizens()
        .find(|c| c.fields.label.as_str() == "MJ")
        .unwrap();
    assert_eq!(mj.fields.unit.as_str(), "Hus 2");
}

#[test]
fn fhir_has_a_questionnaire_per_instrument_and_a_completed_response_per_form() {
    let registry = registry();
    let file = read_back(&examples()[0].1, &registry).unwrap();
    let written = fhir::bundle(
        file.citizens.iter().map(|citizen| citizen.id),
        file.responses.iter().map(FormKey::from),
        &registry,
    );
    assert!(written.left_out().is_empty());
    let mut text = Vec::new();
    written
        .write(
            file.responses.iter().map(Ok::<_, std::io::Error>),
            std::iter::empty(),
            &SCHEMAS,
            &mut text,
        )
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    // Written entry by entry, exactly as the whole `Value` prints.
    assert_eq!(text, serde_json::to_string_pretty(&bundle).unwrap() + "\n");
    expect_file!["../../../../docs/examples/tablet-a-week-1.fhir.json"].assert_eq(&text);

    assert_eq!(
        (bundle["resourceType"].as_str(), bundle["type"].as_str()),
        (Some("Bundle"), Some("collection"))
    );
    let resources: Vec<&Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let of_type = |kind: &str| {
        resources
            .iter()
            .filter(|r| r["resourceType"] == kind)
            .count()
    };
    assert_eq!(
        (of_type("Questionnaire"), of_type("QuestionnaireResponse")),
        (2, 5)
    );
    let urls: std::collections::BTreeSet<_> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), 7, "every entry has its own fullUrl");

    // The ORS questionnaire's linkIds are the instrument file's item ids, then the total.
    let ors = registry.get("ors", None).unwrap();
    let questionnaire = resources
        .iter()
        .find(|r| r["url"] == "urn:mestring:questionnaire:ors")
        .unwrap();
    let link_ids: Vec<&str> = questionnaire["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = ors.items().iter().map(|item| item.id().as_str()).collect();
    expected.push("total");
    assert_eq!(link_ids, expected);

    // MJ's first ORS: answered by MJ (the subject), recorded by the tablet, decimals in points.
    let first = resources
        .iter()
        .find(|r| {
            r["id"]
                == file
                    .responses
                    .iter()
                    .find(|r| {
                        r.meeting == 2 && r.rater == Rater::Oneself && r.kind == Kind::Outcome
                    })
                    .unwrap()
                    .id
                    .to_string()
        })
        .unwrap();
    assert_eq!(first["status"], "completed");
    assert_eq!(first["questionnaire"], "urn:mestring:questionnaire:ors|1");
    assert_eq!(first["source"], first["subject"]);
    assert_eq!(first["author"]["type"], "Device");
    let answers: Vec<f64> = first["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["answer"][0]["valueDecimal"].as_f64().unwrap())
        .collect();
    assert_eq!(answers, [3.0, 4.0, 5.0, 4.5, 16.5]);
    let parents = resources
        .iter()
        .filter(|r| r["source"]["type"] == "RelatedPerson")
        .count();
    assert_eq!(parents, 1);
}

#[test]
fn only_exported_forms_old_enough_are_deletable_and_deleted() {
    use crate::store::{MemoryStore, Store};
    use pollster::block_on;

    let (citizens, mut responses) = records();
    let mj = &citizens[0];
    // MJ's own forms at meetings 2, 5 and 9: only the 5th meeting's are neither first nor latest.
    responses.extend([
        form(mj, "ors", Rater::Oneself, 5, 15, &[50, 50, 50, 50]),
        form(mj, "srs", Rater::Oneself, 5, 16, &[90, 90, 90, 90]),
        form(mj, "srs", Rater::Oneself, 9, 17, &[95, 95, 95, 95]),
    ]);
    // Dated 2 to 9 November; all but AB's exported.
    for response in &mut responses {
        if response.citizen_id == mj.id {
            response.meta.exported_at = Some(at(15));
        }
    }
    let ids = |days| deletable(&responses, november(23), days);
    let fifth: Vec<_> = responses[5..7].iter().map(|response| response.id).collect();
    assert_eq!(ids(14), fifth, "exported, dated up to 9 November, not kept");
    assert_eq!(ids(18), fifth, "dated up to 5 November");
    assert!(ids(19).is_empty());

    let store = MemoryStore::new();
    for citizen in &citizens {
        block_on(store.put_citizen(citizen)).unwrap();
    }
    for response in &responses {
        block_on(store.add_response_from_draft(response, "none")).unwrap();
    }
    // Asked to delete every form, the store deletes only the exported ones the statistics do not keep.
    let every: Vec<_> = responses.iter().map(|response| response.id).collect();
    assert_eq!(
        block_on(store.delete_exported_responses(&every)).unwrap(),
        2
    );
    let left = block_on(store.all_responses()).unwrap();
    assert_eq!(left.len(), responses.len() - 2);
    assert!(left.iter().all(|response| !fifth.contains(&response.id)));
}

#[test]
fn export_import_export_gives_the_same_payload() {
    let registry = registry();
    let first = everything();
    let file = read_back(&first, &registry).unwrap();
    assert_eq!((file.assessments.len(), file.plans.len()), (3, 1));
    let records = Records {
        citizens: &file.citizens,
        responses: &file.responses,
        assessments: &file.assessments,
        plans: &file.plans,
        meetings: &file.meetings,
        quarantine: &file.quarantine,
    };
    let again = write(&file.origin, &file.selection, &records, &registry).unwrap();
    let payload = |text: &str| serde_json::from_str::<Value>(text).unwrap()["payload"].clone();
    assert_eq!(checksum(&payload(&again)), checksum(&payload(&first)));
    assert_eq!(
        again, first,
        "same origin, same records: the same file, byte for byte"
    );
}

#[test]
fn assessments_merge_by_id_and_plans_by_revision() {
    let (citizens, responses) = records();
    let (assessments, plans) = mastery_records(&citizens);
    let export = |assessments: &[Assessment], plans: &[Plan]| {
        let records = Records {
            citizens: &citizens,
            responses: &responses,
            assessments,
            plans,
            meetings: &[],
            quarantine: &[],
        };
        let text = write(&origin(), &Selection::Everything, &records, &registry()).unwrap();
        read_back(&text, &registry()).unwrap()
    };
    let mut revised = plans[0].clone();
    revised.goals[0]
        .sub_goals
        .push("Tage bussen hjem".to_owned());
    revised.meta = revised.meta.next(at(17));

    let mut archive = Archive::default();
    archive.merge(export(&assessments, &plans));
    let later = archive.merge(export(&assessments, std::slice::from_ref(&revised)));
    assert_eq!((later.updated, later.already_present), (1, 7 + 3));
    let earlier = archive.merge(export(&assessments, &plans));
    assert_eq!((earlier.superseded, earlier.updated), (1, 0));
    assert_eq!(archive.plans().collect::<Vec<_>>(), [&revised]);

    // The same assessment id with other ratings, and the plan edited on another device: both kept.
    let mut changed = assessments[0].clone();
    changed.entries[0].rating = Some(crate::mastery::Rating::new(1));
    let mut elsewhere = revised.clone();
    elsewhere.meta = RecordMeta::new(DeviceId::from_uuid(Uuid::from_bytes([7; 16])), at(18));
    let conflict = archive.merge(export(&[changed.clone()], &[elsewhere.clone()]));
    assert_eq!(
        conflict.conflicts,
        [changed.id.to_string(), elsewhere.id.to_string()]
    );
    assert_eq!(archive.assessment_versions().count(), 4);
    assert_eq!(archive.plan_versions().count(), 2);
    assert_eq!(archive.conflicts().len(), 2);
    assert_eq!(archive.plans().collect::<Vec<_>>(), [&elsewhere]);
}

#[test]
fn a_selection_takes_assessments_by_date_and_plans_by_what_happened_in_the_period() {
    let (citizens, responses) = records();
    let (assessments, plans) = mastery_records(&citizens);
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        meetings: &[],
        quarantine: &[],
    };
    let taken = |selection: Selection| {
        let selected = selection.apply(&records);
        let labels: Vec<&str> = selected
            .citizens
            .iter()
            .map(|c| c.fields.label.as_str())
            .collect();
        (
            labels,
            selected.responses.len(),
            selected.assessments.len(),
            selected.plans.len(),
        )
    };
    let dates = |from: NaiveDate, to: NaiveDate| Selection::Dates { from, to };
    let october = |day| NaiveDate::from_ymd_opt(2026, 10, day).unwrap();
    // Nothing of MJ's plan of shape 4 is dated in October: its dialogue meetings are meeting records.
    assert_eq!(taken(dates(october(1), october(31))), (vec![], 0, 0, 0));
    // A plan of shape 3 that logged a dialogue meeting on 20 October goes with October, and brings MJ.
    let mut older = plans.clone();
    older[0].meetings.push(crate::mastery::DialogueMeeting {
        date: october(20),
        participants: vec![crate::mastery::Participant::Citizen],
    });
    let selected = Selection::Dates {
        from: october(1),
        to: october(31),
    }
    .apply(&Records {
        plans: &older,
        ..records
    });
    assert_eq!((selected.citizens.len(), selected.plans.len()), (1, 1));
    // AB's rating of 12 November brings AB.
    assert_eq!(
        taken(dates(november(10), november(12))),
        (vec!["AB"], 0, 1, 0)
    );
    // The plan agreed on 3 November; MJ's ratings of 2 November stay out.
    assert_eq!(
        taken(dates(november(3), november(3))),
        (vec!["MJ", "AB"], 1, 0, 1)
    );
    assert_eq!(
        taken(Selection::Citizen {
            citizen_id: citizens[1].id.uuid()
        }),
        (vec!["AB"], 1, 1, 0)
    );
    assert_eq!(taken(Selection::Everything), (vec!["MJ", "AB"], 5, 3, 1));
    // A citizen with nothing but a plan is still in a file of new records, with the plan.
    let exported = |mut records: Vec<Response>| {
        for response in &mut records {
            response.meta.exported_at = Some(at(15));
        }
        records
    };
    let (responses, mut citizens) = (exported(responses), citizens);
    for citizen in &mut citizens {
        citizen.meta.exported_at = Some(at(15));
    }
    let mut assessments = assessments;
    for assessment in &mut assessments {
        assessment.meta.exported_at = Some(at(15));
    }
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        meetings: &[],
        quarantine: &[],
    };
    let selected = Selection::NotYetExported.apply(&records);
    assert_eq!(
        (
            selected.citizens.len(),
            selected.responses.len(),
            selected.assessments.len(),
            selected.plans
        ),
        (1, 0, 0, vec![&plans[0]])
    );
    assert_eq!(selected.citizens[0].id, plans[0].citizen_id);
}

#[test]
fn a_record_whose_citizen_is_not_in_the_register_is_not_written() {
    let (citizens, responses) = records();
    let (assessments, plans) = mastery_records(&citizens);
    let records = Records {
        citizens: &citizens[..1],
        responses: &responses[..4],
        assessments: &assessments,
        plans: &plans,
        meetings: &[],
        quarantine: &[],
    };
    let err = write(&origin(), &Selection::Everything, &records, &registry()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the export could not be written: assessment {} concerns a citizen who is not in the register",
            assessments[2].id
        )
    );
}

#[test]
fn a_personal_number_in_any_free_text_refuses_the_export() {
    let (citizens, responses) = records();
    let (mut assessments, mut plans) = mastery_records(&citizens);
    let refused = |assessments: &[Assessment], plans: &[Plan], origin: &Origin| {
        let records = Records {
            citizens: &citizens,
            responses: &responses,
            assessments,
            plans,
            meetings: &[],
            quarantine: &[],
        };
        write(origin, &Selection::Everything, &records, &registry())
            .map(|_| ())
            .map_err(|err| err.to_string())
    };
    assert_eq!(refused(&assessments, &plans, &origin()), Ok(()));

    plans[0].agreements = "Ring til mor: ０１０１９０\u{2013}１２３４".to_owned();
    assert_eq!(
        refused(&assessments, &plans, &origin()),
        Err(format!(
            "the export could not be written: plan {}: agreements looks like a personal identity \
             number (CPR or fødselsnummer): correct it on the device and export again",
            plans[0].id
        ))
    );
    plans[0].agreements.clear();
    plans[0].goals[0].sub_goals = vec!["Bus 12\u{1b}[2J".to_owned()];
    assert_eq!(
        refused(&assessments, &plans, &origin()),
        Err(format!(
            "the export could not be written: plan {}: goal 1: sub_goals[0] holds the control \
             character U+001B: correct it on the device and export again",
            plans[0].id
        ))
    );
    plans[0].goals[0].sub_goals.clear();
    assessments[1].entries[0].comment = Some("CPR 010190\u{a0}1234".to_owned());
    assert_eq!(
        refused(&assessments, &plans, &origin()),
        Err(format!(
            "the export could not be written: assessment {}: entries[0].comment looks like a \
             personal identity number (CPR or fødselsnummer): correct it on the device and export again",
            assessments[1].id
        ))
    );
    assessments[1].entries[0].comment = None;
    let facility = Origin {
        facility: Some("Hus 010190_1234".to_owned()),
        ..origin()
    };
    assert_eq!(
        refused(&assessments, &plans, &facility),
        Err(
            "the export could not be written: the facility's name looks like a personal identity \
             number (CPR or fødselsnummer): correct it on the device and export again"
                .to_owned()
        )
    );
}

#[test]
fn a_quarantined_record_travels_with_its_personal_numbers_masked() {
    let (citizens, responses) = records();
    let raw = json!({
        "schema_version": 1,
        "id": "0101901a-2345-4678-8123-456789012345",
        "label": "010190\u{2013}1234",
        "unit": "Hus 2, ring ٠١٠١٩٠١٢٣٤",
        "birth_year": 3112991234u64,
        "created_at": "2026-03-12T10:11:12-01:00",
        "0101901234": "a key too",
    });
    let record = QuarantinedRecord {
        store: "citizens".to_owned(),
        key: "0101901a-2345-4678-8123-456789012345".to_owned(),
        reason: "invalid record: [LabelIsPersonalNumber]".to_owned(),
        quarantined_at: at(12),
        raw: raw.to_string(),
    };
    assert_eq!(
        personal_numbers_in_quarantine(std::slice::from_ref(&record)),
        4
    );
    let text = write_fit(
        &origin(),
        &Selection::Everything,
        &citizens,
        &responses,
        &[record],
        &registry(),
    )
    .unwrap();
    for leaked in [
        "010190\u{2013}1234",
        "٠١٠١٩٠",
        "3112991234",
        "\"0101901234\"",
    ] {
        assert!(!text.contains(leaked), "{leaked} in {text}");
    }
    let file = read_back(&text, &registry()).unwrap();
    let quarantined = &file.quarantine[0];
    expect![[r#"
        {
          "0101901a-2345-4678-8123-456789012345": {
            "XXXXXXXXXX": "a key too",
            "birth_year": "XXXXXXXXXX",
            "created_at": "2026-03-12T10:11:12-01:00",
            "id": "0101901a-2345-4678-8123-456789012345",
            "label": "XXXXXXXXXXX",
            "schema_version": 1,
            "unit": "Hus 2, ring XXXXXXXXXX"
          },
          "reason": "invalid record: [LabelIsPersonalNumber] (personal numbers masked on export: 4)"
        }"#]]
    .assert_eq(
        &serde_json::to_string_pretty(&json!({
            quarantined.key.clone(): serde_json::from_str::<serde_json::Value>(&quarantined.raw).unwrap(),
            "reason": quarantined.reason,
        }))
        .unwrap(),
    );
}

#[test]
fn reading_rejects_free_text_with_a_personal_number_or_a_control_character() {
    let text = tampered(&everything(), |payload| {
        payload["citizens"][0]["unit"] = json!("Ungeenheden 010190\u{2011}1234");
        payload["citizens"][1]["label"] = json!("AB\u{1b}]0;owned\u{7}");
        payload["assessments"][0]["entries"][0]["comment"] = json!("ring ０１０１９０１２３４");
        // A plan as version 3 kept it, with its own agreements.
        payload["plans"][0]["schema_version"] = json!(3);
        payload["plans"][0]["meetings"] = json!([]);
        payload["plans"][0]["agreements"] = json!("Næste gang \u{202e}");
        let raw = payload["quarantine"][0]["raw"]
            .as_str()
            .expect("raw is JSON text");
        let mut raw: serde_json::Value = serde_json::from_str(raw).expect("raw JSON text");
        raw["note"] = json!("0101901234");
        payload["quarantine"][0]["raw"] = json!(raw.to_string());
    })
    .replacen("\"Ungeenheden\",", "\"Ungeenheden 0101901234\",", 1);
    let file = read_back(&text, &registry()).unwrap_or_else(|err| panic!("{err}"));
    let reasons: Vec<String> = file
        .rejected
        .iter()
        .map(|rejected| format!("{}: {}", rejected.list, rejected.reason))
        .collect();
    expect![[r#"
        [
            "assessments: invalid record: entries[0].comment: looks like a personal identity number (CPR or fødselsnummer)",
            "citizens: invalid record: [UnitIsPersonalNumber]",
            "citizens: invalid record: [LabelControlCharacter('\\u{1b}')]",
            "plans: invalid record: agreements: holds the control character U+202E",
            "quarantine: quarantined record 9b1c: holds 1 unmasked personal numbers, which a tablet masks when it writes a file",
            "responses: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "responses: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "responses: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "responses: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "responses: its citizen 02020202-0202-4202-8202-020202020202 is not in the file",
            "assessments: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "assessments: its citizen 02020202-0202-4202-8202-020202020202 is not in the file",
            "meetings: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "meetings: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "meetings: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "meetings: its citizen 01010101-0101-4101-8101-010101010101 is not in the file",
            "facility: the facility's name looks like a personal identity number (CPR or fødselsnummer)",
        ]
    "#]]
    .assert_debug_eq(&reasons);
    assert_eq!(file.origin.facility, None);
    // A tablet masks every personal number of a quarantined record, so one found unmasked was put there.
    assert_eq!(file.quarantine, []);
}

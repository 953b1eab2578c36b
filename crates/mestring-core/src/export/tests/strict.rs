//! Strict reading of export files: what a careless or hostile tool can put in a file that still parses.

use expect_test::{Expect, expect};
use serde_json::json;

use super::*;

/// The reasons `text` gives: the whole file's refusal, or each rejected record's.
fn verdict(text: &str) -> Vec<String> {
    match read_back(text, &registry()) {
        Err(err) => vec![err.to_string()],
        Ok(file) => file
            .rejected
            .iter()
            .map(|rejected| format!("{}: {}", rejected.list, rejected.reason))
            .collect(),
    }
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    expect.assert_debug_eq(&verdict(text));
}

/// The first record of `list` changed by `change`, the checksum made to match again.
fn with_record(list: &str, change: impl FnOnce(&mut Value)) -> String {
    tampered(&everything(), |payload| change(&mut payload[list][0]))
}

#[test]
fn a_key_given_twice_refuses_the_file_even_with_a_matching_checksum() {
    // serde_json keeps the last of two keys, and the checksum is over what was read: today's reader
    // would take the clean label while the file carries a personal number.
    let clean = everything();
    let disguised = clean.replacen(
        r#""label":"MJ""#,
        r#""label":"010190-1234","label":"MJ""#,
        1,
    );
    assert_ne!(disguised, clean);
    check(
        &disguised,
        expect![[r#"
            [
                "malformed export: the key \"label\" is given twice in one object at line 1 column 2063",
            ]
        "#]],
    );
    let header_twice = clean.replacen(r#""facility":"#, r#""facility":"X","facility":"#, 1);
    check(
        &header_twice,
        expect![[r#"
            [
                "malformed export: the key \"facility\" is given twice in the file at line 1 column 301",
            ]
        "#]],
    );
}

#[test]
fn format_version_names_what_it_found() {
    let with_version = |version: Option<Value>| {
        let mut file: Value = serde_json::from_str(&everything()).unwrap();
        match version {
            Some(version) => file["format_version"] = version,
            None => {
                file.as_object_mut().unwrap().remove("format_version");
            }
        }
        verdict(&file.to_string()).join("")
    };
    let found: Vec<String> = [
        Some(json!(-1)),
        Some(json!("2")),
        Some(json!(2.0)),
        Some(Value::Null),
        Some(json!(0)),
        None,
    ]
    .into_iter()
    .map(with_version)
    .collect();
    expect![[r#"
        [
            "malformed export: format_version: expected a whole number 1, 2 or 3, found -1",
            "malformed export: format_version: expected a whole number 1, 2 or 3, found \"2\"",
            "malformed export: format_version: expected a whole number 1, 2 or 3, found 2.0",
            "malformed export: format_version: expected a whole number 1, 2 or 3, found null",
            "malformed export: format_version: expected a whole number 1, 2 or 3, found 0",
            "malformed export: format_version: missing",
        ]
    "#]]
    .assert_debug_eq(&found);
    assert!(KNOWN_VERSIONS.ends_with(&FORMAT_VERSION.to_string()));
}

#[test]
fn a_byte_order_mark_before_the_file_is_skipped() {
    let file = read_back(&format!("\u{feff}{}", everything()), &registry()).unwrap();
    assert_eq!(file, read_back(&everything(), &registry()).unwrap());
}

#[test]
fn header_fields_are_named_with_the_value_found() {
    let with_header = |field: &str, value: Value| {
        let mut file: Value = serde_json::from_str(&everything()).unwrap();
        file[field] = value;
        verdict(&file.to_string()).join("")
    };
    let found = [
        with_header("export_id", json!("E1E1E1E1-E1E1-E1E1-E1E1-E1E1E1E1E1E1")),
        with_header(
            "device_id",
            json!("urn:uuid:5e5e5e5e-5e5e-5e5e-5e5e-5e5e5e5e5e5e"),
        ),
        with_header("created_at", json!("2999-11-23T16:00:00+01:00")),
        with_header(
            "selection",
            json!({"kind": "citizen", "citizen_id": "{01010101-0101-4101-8101-010101010101}"}),
        ),
        with_header("app_version", json!(7)),
    ];
    expect![[r#"
        [
            "malformed export: export_id: \"E1E1E1E1-E1E1-E1E1-E1E1-E1E1E1E1E1E1\" is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
            "malformed export: device_id: \"urn:uuid:5e5e5e5e-5e5e-5e5e-5e5e-5e5e5e5\"… is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
            "malformed export: created_at: \"2999-11-23T16:00:00+01:00\" is outside the plausible dates 1900-01-01 to 2199-12-31",
            "malformed export: selection: \"{01010101-0101-4101-8101-010101010101}\" is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
            "malformed export: app_version: invalid type: integer `7`, expected a string",
        ]
    "#]]
    .assert_debug_eq(&found);
}

#[test]
fn records_that_break_the_rules_of_counting_time_and_ids_are_rejected_one_by_one() {
    let cases: Vec<String> = [
        with_record("citizens", |c| c["revision"] = json!(0)),
        with_record("citizens", |c| c["birth_year"] = json!(2027)),
        with_record("citizens", |c| c["birth_year"] = json!("1990")),
        with_record("citizens", |c| {
            c["updated_at"] = json!("2026-11-23T08:59:59+01:00")
        }),
        with_record("citizens", |c| {
            c["id"] = json!("01010101010141018101010101010101")
        }),
        with_record("responses", |r| r["meeting"] = json!(0)),
        with_record("responses", |r| r["date"] = json!("1899-12-31")),
        with_record("responses", |r| {
            r["citizen_id"] = json!("01010101-0101-4101-8101-01010101010A")
        }),
        with_record("responses", |r| r["answers"][2] = json!(-1)),
        with_record("assessments", |a| a["round"] = json!(0)),
        with_record("assessments", |a| {
            a["exported_at"] = json!("9999-12-31T23:59:59Z")
        }),
        with_record("plans", |p| p["goals"][0]["number"] = json!(0)),
        with_record("plans", |p| {
            // A plan as version 3 kept it, with its own dialogue meetings.
            p["schema_version"] = json!(3);
            p["agreements"] = json!("");
            p["meetings"] = json!([{ "date": "2200-01-01", "participants": ["citizen"] }]);
        }),
        with_record("plans", |p| {
            p["device_id"] = json!("5E5E5E5E-5E5E-5E5E-5E5E-5E5E5E5E5E5E")
        }),
    ]
    .iter()
    // The record itself is named first; its forms and ratings follow as orphans.
    .map(|text| verdict(text).swap_remove(0))
    .collect();
    expect![[r#"
        [
            "citizens: invalid record: revision: expected a whole number from 1, found 0",
            "citizens: invalid record: birth_year: 2027 is after 2026, the year of updated_at",
            "citizens: malformed record: birth_year: invalid type: string \"1990\", expected u16",
            "citizens: invalid record: updated_at: 2026-11-23T08:59:59+01:00 is before created_at 2026-11-23T09:00:00+01:00",
            "citizens: malformed record: id: \"01010101010141018101010101010101\" is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
            "responses: invalid record: meeting: expected a whole number from 1, found 0",
            "responses: malformed record: date: \"1899-12-31\" is outside the plausible dates 1900-01-01 to 2199-12-31",
            "responses: malformed record: citizen_id: \"01010101-0101-4101-8101-01010101010A\" is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
            "responses: malformed record: answers[2]: invalid value: integer `-1`, expected u16",
            "assessments: invalid record: round: expected a whole number from 1, found 0",
            "assessments: malformed record: exported_at: \"9999-12-31T23:59:59Z\" is outside the plausible dates 1900-01-01 to 2199-12-31",
            "plans: invalid record: goals[0].number: expected a whole number from 1, found 0",
            "plans: malformed record: meetings[0].date: \"2200-01-01\" is outside the plausible dates 1900-01-01 to 2199-12-31",
            "plans: malformed record: device_id: \"5E5E5E5E-5E5E-5E5E-5E5E-5E5E5E5E5E5E\" is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
        ]
    "#]]
    .assert_debug_eq(&cases);
}

#[test]
fn a_quarantined_record_of_any_nesting_keeps_the_file_readable() {
    // A broken record nested deeper than any JSON reader goes (serde_json stops at 128): as a JSON
    // value inside the file it made the whole export unreadable, as text it is one string.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let broken = QuarantinedRecord {
        raw: deep.clone(),
        ..quarantined()
    };
    let (citizens, responses) = records();
    let text = write_fit(
        &origin(),
        &Selection::Everything,
        &citizens,
        &responses,
        std::slice::from_ref(&broken),
        &registry(),
    )
    .unwrap();
    let file = read_back(&text, &registry()).unwrap();
    assert_eq!(file.quarantine, [broken]);
    assert_eq!(file.rejected, []);
    // A file written before `raw` was text carries the record itself, and is read as its text.
    let old: Value = serde_json::from_str(VERSION_1).unwrap();
    assert!(old["payload"]["quarantine"][0]["raw"].is_object());
    assert_eq!(
        read_back(VERSION_1, &registry()).unwrap().quarantine[0].raw,
        r#"{"id":"9b1c","schema_version":1}"#
    );
}

#[test]
fn a_quarantined_record_whose_texts_quote_a_huge_value_is_cut_on_the_tablet_and_refused_uncut() {
    // A record whose id and error quote a huge text: the tablet cuts both when it quarantines it, and
    // even with personal numbers masked the file it writes reads back; the raw record keeps everything.
    let huge = "ø".repeat(100_000);
    let reason = format!("malformed record: label: invalid type: string \"{huge} 010190-1234\"");
    let cut = QuarantinedRecord::new("citizens", &huge, &reason, at(12), huge.clone());
    assert_eq!(cut.key.chars().count(), QuarantinedRecord::MAX_KEY_CHARS);
    assert!(cut.key.ends_with('…'));
    assert!(cut.reason.chars().count() < QuarantinedRecord::MAX_REASON_CHARS);
    assert_eq!(cut.raw, huge);
    let (citizens, responses) = records();
    let write = |quarantined: &QuarantinedRecord| {
        write_fit(
            &origin(),
            &Selection::Everything,
            &citizens,
            &responses,
            std::slice::from_ref(quarantined),
            &registry(),
        )
        .unwrap()
    };
    let file = read_back(&write(&cut), &registry()).unwrap();
    assert_eq!(file.quarantine.len(), 1);
    assert_eq!(file.rejected, []);
    // Written uncut by another writer, the file is refused by name.
    let uncut = QuarantinedRecord {
        reason,
        ..quarantined()
    };
    let file = read_back(&write(&uncut), &registry()).unwrap();
    expect![[r#"
        [
            Rejected {
                list: "quarantine",
                id: None,
                reason: "quarantined record: reason: longer than 2000 characters",
            },
        ]
    "#]]
    .assert_debug_eq(&file.rejected);
}

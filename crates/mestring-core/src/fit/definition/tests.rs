//! Each rule of an instrument file, shown by editing a minimal valid one.

use expect_test::{Expect, expect};

use crate::data_file::tests::read_edited;
use crate::fit::definition::{AgeRange, Definition};
use crate::fit::rated::Age;

const MINIMAL: &str = r#"{
        "id": "demo", "version": 1, "kind": "outcome",
        "title": {"da": "Demo", "nb": "Demo", "en": "Demo"},
        "instructions": {"da": "Sæt et mærke", "nb": "Sett et merke", "en": "Put a mark"},
        "audience": {"min_age": 13, "max_age": null, "meeting": "individual"},
        "licence": "ours",
        "scale": {"kind": "line", "length_cm": 10, "min": 0, "max": 10, "step": 0.1},
        "items": [
            {"id": "one", "label": {"da": "En", "nb": "En", "en": "One"},
             "anchors": {"low": {"da": "Lav", "nb": "Lav", "en": "Low"}, "high": {"da": "Høj", "nb": "Høy", "en": "High"}}},
            {"id": "two", "label": {"da": "To", "nb": "To", "en": "Two"},
             "anchors": {"low": {"da": "Lav", "nb": "Lav", "en": "Low"}, "high": {"da": "Høj", "nb": "Høy", "en": "High"}}}
        ],
        "norms": {
            "cutoffs": [
                {"group": "adolescent", "ages": {"min": 13, "max": 17}, "value": 14, "source": "test", "verified": false},
                {"group": "adult", "ages": {"min": 18, "max": null}, "value": 12.5, "source": "test", "verified": true}
            ]
        }
    }"#;

/// Validates `MINIMAL` with its text edited by `edit`, and prints the result or every problem.
#[track_caller]
fn check(edit: &[(&str, &str)], expect: Expect) {
    let res = read_edited(MINIMAL, edit, |definition: &Definition| {
        let cutoffs: Vec<String> = (definition.norms().cutoffs().iter())
            .map(|cutoff| format!("{} {}", cutoff.ages(), cutoff.value()))
            .collect();
        let n_items = definition.items().len();
        let max = definition.max_total();
        format!(
            " {}, {n_items} items, max {max}, cut-offs {cutoffs:?}",
            definition.kind()
        )
    });
    expect.assert_eq(&res);
}

#[test]
fn a_valid_definition_parses() {
    check(
        &[],
        expect![[r#"ok: demo v1 outcome, 2 items, max 20.0, cut-offs ["13–17 14.0", "18+ 12.5"]"#]],
    );
}

#[test]
fn syntax_errors_name_the_file_and_position() {
    check(
        &[(r#""version": 1,"#, r#""version": "one","#)],
        expect![[
            r#"Syntax: demo.json: invalid type: string "one", expected u16 at line 2 column 38"#
        ]],
    );
}

#[test]
fn every_problem_is_named_by_its_field() {
    check(
        &[
            (r#""id": "two""#, r#""id": "one""#),
            (r#""nb": "To", "#, ""),
            (
                r#""en": "Low"}, "high""#,
                r#""en": "Low", "sv": "Låg"}, "high""#,
            ),
            (r#""value": 14"#, r#""value": 45"#),
            (r#""value": 12.5"#, r#""value": 12.55"#),
        ],
        expect![[
            r#"Invalid: demo.json: items[0].anchors.low: text in unknown language "sv"; items[1].id: "one" is used by an earlier item; items[1].label: no nb text; norms.cutoffs[0].value: 45 is outside 0.1–20; norms.cutoffs[1].value: 12.55 is not a whole tenth"#
        ]],
    );
}

#[test]
fn norms_must_cover_the_audience_once() {
    check(
        &[(r#""min": 13, "max": 17"#, r#""min": 14, "max": 18"#)],
        expect![[
            r#"Invalid: demo.json: norms.cutoffs: no entry covers age 13 of the audience; norms.cutoffs: more than one entry covers age 18"#
        ]],
    );
    check(
        &[(r#""min": 13, "max": 17"#, r#""min": 10, "max": 17"#)],
        expect![[
            r#"Invalid: demo.json: norms.cutoffs[0].ages: ages 10–17 reach outside the audience 13+"#
        ]],
    );
}

#[test]
fn only_the_ten_centimetre_line_is_supported() {
    check(
        &[(r#""length_cm": 10"#, r#""length_cm": 15"#)],
        expect![[r#"Invalid: demo.json: scale.length_cm: 15 is not supported; only 10"#]],
    );
}

#[test]
fn alert_rules_belong_to_session_scales() {
    check(
        &[(
            r#""norms": {"#,
            r#""norms": {"alerts": {"total_below": {"value": 36, "source": "s", "verified": true}},"#,
        )],
        expect![[
            r#"Invalid: demo.json: norms.alerts.total_below.value: 36 is outside 0.1–20; norms.alerts: does not apply to outcome scales"#
        ]],
    );
}

#[test]
fn talking_points_belong_to_session_scales_and_an_item_rule_is_no_alert() {
    check(
        &[(
            r#""norms": {"#,
            r#""norms": {"talking_points": {"item_below": {"value": 9, "source": "s", "verified": true}},"#,
        )],
        expect!["Invalid: demo.json: norms.talking_points: does not apply to outcome scales"],
    );
    // The item rule moved from the alerts to the talking points; under the alerts it is a misspelt field.
    check(
        &[(
            r#""norms": {"#,
            r#""norms": {"alerts": {"item_below": {"value": 9, "source": "s", "verified": true}}},"#,
        )],
        expect![
            "Syntax: demo.json: unknown field `item_below`, expected `total_below` or `drop_from_previous` at line 14 column 41"
        ],
    );
}

#[test]
fn a_note_beside_a_source_is_optional_but_never_blank() {
    check(
        &[(
            r#""source": "test", "verified": false}"#,
            r#""source": "test", "verified": false, "note": "why 14"}"#,
        )],
        expect![[r#"ok: demo v1 outcome, 2 items, max 20.0, cut-offs ["13–17 14.0", "18+ 12.5"]"#]],
    );
    check(
        &[(
            r#""source": "test", "verified": true}"#,
            r#""source": "test", "verified": true, "note": " "}"#,
        )],
        expect![
            "Invalid: demo.json: norms.cutoffs[1].note: is empty; norms.cutoffs: no entry covers age 18 of the audience"
        ],
    );
}

#[test]
fn age_ranges_print_as_readers_expect() {
    let range = |min: u8, max: Option<u8>| AgeRange {
        min: Age::years(min),
        max: max.map(Age::years),
    };
    assert_eq!(range(13, Some(17)).to_string(), "13–17");
    assert_eq!(range(18, None).to_string(), "18+");
    assert!(range(18, None).contains(Age::years(99)));
    assert!(!range(13, Some(17)).contains(Age::years(18)));
}

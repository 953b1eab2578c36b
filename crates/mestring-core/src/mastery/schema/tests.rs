//! Each rule of a schema file, shown by editing a minimal valid one.

use expect_test::{Expect, expect};

use crate::data_file::tests::read_edited;
use crate::mastery::schema::Schema;

const MINIMAL: &str = r#"{
        "id": "demo", "version": 1,
        "title": {"da": "Demo", "nb": "Demo", "en": "Demo"},
        "instructions": {"da": "Vælg", "nb": "Velg", "en": "Pick"},
        "rated_by": ["self", "staff"],
        "licence": "ours",
        "code_system": "urn:oid:1.2.208.176.2.22",
        "ladder": {
            "kind": "steps", "min": 1, "max": 10, "higher_is": "better",
            "unrated": {"da": "Spring over", "nb": "Hopp over", "en": "Skip"},
            "stages": [
                {"from": 1, "to": 4, "label": {"da": "Lav", "nb": "Lav", "en": "Low"}, "text": {"da": "L", "nb": "L", "en": "L"}},
                {"from": 5, "to": 7, "label": {"da": "Mellem", "nb": "Middels", "en": "Middle"}, "text": {"da": "M", "nb": "M", "en": "M"}},
                {"from": 8, "to": 10, "label": {"da": "Høj", "nb": "Høy", "en": "High"}, "text": {"da": "H", "nb": "H", "en": "H"}}
            ]
        },
        "domains": [
            {"id": "one", "ffb_code": "Egenomsorg", "code_verified": false,
             "title": {"da": "En", "nb": "En", "en": "One"}, "question": {"da": "?", "nb": "?", "en": "?"}},
            {"id": "two", "ffb_code": "Mobilitet", "code_verified": false,
             "title": {"da": "To", "nb": "To", "en": "Two"}, "question": {"da": "?", "nb": "?", "en": "?"}}
        ]
    }"#;

/// Validates `MINIMAL` with its text edited by `edit`, and prints the result or every problem.
#[track_caller]
fn check(edit: &[(&str, &str)], expect: Expect) {
    let res = read_edited(MINIMAL, edit, |schema: &Schema| {
        let ladder = schema.ladder();
        let stages: Vec<String> = (ladder.stages().iter())
            .map(|stage| format!("{}–{}", stage.from(), stage.to()))
            .collect();
        let n_domains = schema.domains().len();
        let (min, max) = (ladder.min(), ladder.max());
        format!(", {n_domains} domains, ladder {min}–{max} with stages {stages:?}")
    });
    expect.assert_eq(&res);
}

#[test]
fn a_valid_schema_parses() {
    check(
        &[],
        expect![[r#"ok: demo v1, 2 domains, ladder 1–10 with stages ["1–4", "5–7", "8–10"]"#]],
    );
}

#[test]
fn syntax_errors_name_the_file_and_position() {
    check(
        &[(r#""kind": "steps""#, r#""kind": "stars""#)],
        expect![
            "Syntax: demo.json: unknown variant `stars`, expected `steps` or `function_level` at line 9 column 27"
        ],
    );
}

#[test]
fn a_missing_translation_names_the_field() {
    check(
        &[(r#""nb": "To", "#, "")],
        expect![[r#"Invalid: demo.json: domains[1].title: no nb text"#]],
    );
    check(
        &[(r#""en": "Skip""#, r#""en": " ""#)],
        expect![[r#"Invalid: demo.json: ladder.unrated.en: is empty"#]],
    );
}

#[test]
fn duplicate_domain_ids_are_refused() {
    check(
        &[(r#""id": "two""#, r#""id": "one""#)],
        expect![[r#"Invalid: demo.json: domains[1].id: "one" is used by an earlier domain"#]],
    );
}

#[test]
fn stages_outside_the_ladder_are_refused() {
    check(
        &[(r#""from": 8, "to": 10"#, r#""from": 8, "to": 11"#)],
        expect![[r#"Invalid: demo.json: ladder.stages[2].to: 11 is outside 1–10"#]],
    );
    check(
        &[(r#""from": 1, "to": 4"#, r#""from": 0, "to": 4"#)],
        expect![[r#"Invalid: demo.json: ladder.stages[0].from: 0 is outside 1–10"#]],
    );
    check(
        &[(r#""max": 10"#, r#""max": 7"#)],
        expect![[r#"Invalid: demo.json: ladder.max: 7 is not supported; a steps ladder has 10"#]],
    );
}

#[test]
fn stages_must_cover_the_ladder_exactly_once() {
    check(
        &[(r#""from": 5, "to": 7"#, r#""from": 6, "to": 7"#)],
        expect![[r#"Invalid: demo.json: ladder.stages: no stage covers 5"#]],
    );
    check(
        &[(r#""from": 5, "to": 7"#, r#""from": 4, "to": 8"#)],
        expect![[
            r#"Invalid: demo.json: ladder.stages: more than one stage covers 4; ladder.stages: more than one stage covers 8"#
        ]],
    );
    check(
        &[(r#""from": 5, "to": 7"#, r#""from": 7, "to": 5"#)],
        expect!["Invalid: demo.json: ladder.stages[1]: starts at 7 but ends at 5"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    check(
        &[
            (r#""version": 1"#, r#""version": 0"#),
            (
                r#""rated_by": ["self", "staff"]"#,
                r#""rated_by": ["self", "self"]"#,
            ),
            (r#""id": "two""#, r#""id": "Two""#),
            (r#""ffb_code": "Mobilitet""#, r#""ffb_code": """#),
            (r#""en": "Middle"}"#, r#""en": "Middle", "sv": "Mitten"}"#),
        ],
        expect![[
            r#"Invalid: demo.json: version: must be 1 or more; rated_by[1]: "self" is listed twice; ladder.stages[1].label: text in unknown language "sv"; domains[1].id: "Two" is not an id (lowercase letters, digits and _, starting with a letter); domains[1].ffb_code: is empty"#
        ]],
    );
}

#[test]
fn function_levels_cover_one_level_each_with_a_code() {
    check(
        &[(
            r#""from": 1, "to": 4, "#,
            r#""from": 1, "to": 4, "ffb_code": "x", "#,
        )],
        expect![[
            r#"Invalid: demo.json: ladder.stages[0].ffb_code: only function levels have codes"#
        ]],
    );
    check(
        &[(
            r#""kind": "steps", "min": 1, "max": 10"#,
            r#""kind": "function_level", "min": 0, "max": 4"#,
        )],
        expect![
            "Invalid: demo.json: ladder.stages[0]: a function level stage covers exactly one level and has an ffb_code; ladder.stages[1].from: 5 is outside 0–4; ladder.stages[1].to: 7 is outside 0–4; ladder.stages[1]: a function level stage covers exactly one level and has an ffb_code; ladder.stages[2].from: 8 is outside 0–4; ladder.stages[2].to: 10 is outside 0–4; ladder.stages[2]: a function level stage covers exactly one level and has an ffb_code"
        ],
    );
}

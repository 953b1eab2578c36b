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
            {"id": "one", "ffb": ["egenomsorg"],
             "title": {"da": "En", "nb": "En", "en": "One"}, "question": {"da": "?", "nb": "?", "en": "?"}},
            {"id": "two", "ffb": ["mobilitet"],
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
            "Syntax: demo.json: unknown variant `stars`, expected `steps` or `function_level` at line 8 column 27"
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
            (r#""ffb": ["mobilitet"]"#, r#""ffb": []"#),
            (r#""en": "Middle"}"#, r#""en": "Middle", "sv": "Mitten"}"#),
        ],
        expect![[
            r#"Invalid: demo.json: version: must be 1 or more; rated_by[1]: "self" is listed twice; ladder.stages[1].label: text in unknown language "sv"; domains[1].id: "Two" is not an id (lowercase letters, digits and _, starting with a letter); domains[1].ffb: is empty"#
        ]],
    );
}

#[test]
fn a_domain_names_ffb_themes_or_sub_themes_that_exist() {
    check(
        &[(
            r#""ffb": ["mobilitet"]"#,
            r#""ffb": ["mobilitet", "Mobilitet", "aktivitet_og_deltagelse", "lave_mad"]"#,
        )],
        expect![[
            r#"Invalid: demo.json: domains[1].ffb[1]: "Mobilitet" is no FFB theme or sub-theme (assets/ffb/ffb.json); domains[1].ffb[2]: "aktivitet_og_deltagelse" is no FFB theme or sub-theme (assets/ffb/ffb.json)"#
        ]],
    );
}

#[test]
fn on_steps_every_domain_has_its_own_title_and_question() {
    check(
        &[(r#", "question": {"da": "?", "nb": "?", "en": "?"}}"#, "}")],
        expect!["Invalid: demo.json: domains[0].question: is missing"],
    );
}

/// `MINIMAL` turned into a function-level schema rating two sub-themes, edited by `edit`.
#[track_caller]
fn check_levels(edit: &[(&str, &str)], expect: Expect) {
    let levels = r#""kind": "function_level", "min": 0, "max": 4, "higher_is": "worse",
            "unrated": {"da": "Ikke vurderet", "nb": "Ikke vurdert", "en": "Not assessed"},
            "stages": [
                {"from": 0, "to": 0, "ffb": "ingen_nedsat_funktionsevne", "text": {"da": "0", "nb": "0", "en": "0"}},
                {"from": 1, "to": 1, "ffb": "let_nedsat_funktionsevne", "text": {"da": "1", "nb": "1", "en": "1"}},
                {"from": 2, "to": 2, "ffb": "moderat_nedsat_funktionsevne", "text": {"da": "2", "nb": "2", "en": "2"}},
                {"from": 3, "to": 3, "ffb": "svaert_nedsat_funktionsevne", "text": {"da": "3", "nb": "3", "en": "3"}},
                {"from": 4, "to": 4, "ffb": "fuldstaendig_nedsat_funktionsevne", "text": {"da": "4", "nb": "4", "en": "4"}}
            ]
        },
        "domains": [{"id": "one", "ffb": ["lave_mad"]}, {"id": "two", "ffb": ["koebe_ind"]}]
    }"#;
    let start = MINIMAL.find(r#""kind": "steps""#).unwrap();
    let text = format!("{}{levels}", &MINIMAL[..start]);
    let res = read_edited(&text, edit, |schema: &Schema| {
        let stages: Vec<String> = (schema.ladder().stages().iter())
            .map(|stage| {
                format!(
                    "{} {}",
                    stage.from(),
                    stage.label().get(crate::lang::Lang::En)
                )
            })
            .collect();
        let domains: Vec<String> = (schema.domains().iter())
            .map(|domain| {
                format!(
                    "{} {} / {}",
                    domain.id(),
                    domain.title().get(crate::lang::Lang::Da),
                    domain.title().get(crate::lang::Lang::Nb)
                )
            })
            .collect();
        format!(": {}; {}", stages.join(", "), domains.join(", "))
    });
    expect.assert_eq(&res);
}

#[test]
fn on_function_levels_titles_and_labels_are_ffb_s_with_mestring_s_gloss() {
    check_levels(
        &[],
        expect![[
            r#"ok: demo v1: 0 No reduced functioning, 1 Mildly reduced functioning, 2 Moderately reduced functioning, 3 Severely reduced functioning, 4 Completely reduced functioning; one Lave mad / Lage mat, two Købe ind / Handle inn"#
        ]],
    );
    check_levels(
        &[
            (
                r#"{"id": "one", "ffb": ["lave_mad"]}"#,
                r#"{"id": "one", "ffb": ["lave_mad"], "title": {"da": "Mad", "nb": "Mat", "en": "Food"}}"#,
            ),
            (
                r#""ffb": ["koebe_ind"]"#,
                r#""ffb": ["koebe_ind", "lave_mad"]"#,
            ),
            (
                r#""ffb": "let_nedsat_funktionsevne", "#,
                r#""ffb": "let_nedsat_funktionsevne", "label": {"da": "Let", "nb": "Lett", "en": "Mild"}, "#,
            ),
        ],
        expect![[
            r#"Invalid: demo.json: ladder.stages[1].label: comes from FFB on a function level ladder; leave it out; domains[0].title: comes from FFB on a function level ladder; leave it out; domains[1].ffb: a domain rated on function levels names exactly one FFB condition"#
        ]],
    );
}

#[test]
fn each_function_level_stage_names_ffb_s_level_of_its_number() {
    check_levels(
        &[
            (
                r#""ffb": "let_nedsat_funktionsevne""#,
                r#""ffb": "moderat_nedsat_funktionsevne""#,
            ),
            (
                r#""ffb": "svaert_nedsat_funktionsevne""#,
                r#""ffb": "svaert""#,
            ),
            (
                r#""from": 4, "to": 4, "ffb": "fuldstaendig_nedsat_funktionsevne", "#,
                r#""from": 4, "to": 4, "ffb": "ikke_vurderet", "#,
            ),
        ],
        expect![[
            r#"Invalid: demo.json: ladder.stages[1].ffb: "moderat_nedsat_funktionsevne" is not FFB's level 1; ladder.stages[3].ffb: "svaert" is no FFB function level (assets/ffb/ffb.json); ladder.stages[4].ffb: "ikke_vurderet" is not FFB's level 4"#
        ]],
    );
    check_levels(
        &[(
            r#""ffb": ["lave_mad"]"#,
            r#""ffb": ["varetage_seksualitet"]"#,
        )],
        expect![[
            r#"Invalid: demo.json: domains[0].ffb[0]: "varetage_seksualitet" is no FFB theme or sub-theme (assets/ffb/ffb.json)"#
        ]],
    );
}

#[test]
fn a_term_rated_without_a_gloss_is_refused() {
    // Hukommelse is a sub-theme the app never levels, so it has no gloss to show.
    check_levels(
        &[(r#""ffb": ["lave_mad"]"#, r#""ffb": ["hukommelse"]"#)],
        expect![[
            r#"Invalid: demo.json: domains[0].ffb: "hukommelse" has no gloss in assets/ffb/glossary.json"#
        ]],
    );
}

#[test]
fn function_levels_cover_one_level_each_naming_it_and_take_their_texts_from_ffb() {
    check(
        &[(
            r#""from": 1, "to": 4, "#,
            r#""from": 1, "to": 4, "ffb": "let_nedsat_funktionsevne", "#,
        )],
        expect![[
            r#"Invalid: demo.json: ladder.stages[0].ffb: only function levels name an FFB level"#
        ]],
    );
    check(
        &[(
            r#""kind": "steps", "min": 1, "max": 10"#,
            r#""kind": "function_level", "min": 0, "max": 4"#,
        )],
        expect![
            "Invalid: demo.json: ladder.stages[0].label: comes from FFB on a function level ladder; leave it out; ladder.stages[0]: a function level stage covers exactly one level and names it (ffb); ladder.stages[1].from: 5 is outside 0–4; ladder.stages[1].to: 7 is outside 0–4; ladder.stages[1].label: comes from FFB on a function level ladder; leave it out; ladder.stages[1]: a function level stage covers exactly one level and names it (ffb); ladder.stages[2].from: 8 is outside 0–4; ladder.stages[2].to: 10 is outside 0–4; ladder.stages[2].label: comes from FFB on a function level ladder; leave it out; ladder.stages[2]: a function level stage covers exactly one level and names it (ffb); domains[0].title: comes from FFB on a function level ladder; leave it out; domains[1].title: comes from FFB on a function level ladder; leave it out"
        ],
    );
}

use assert_cmd::Command;
use serde_json::{Value, json};

fn mestring() -> Command {
    Command::cargo_bin("mestring").unwrap_or_else(|err| panic!("{err}"))
}

/// Runs `mestring` with `args`; returns the output and its stderr as text.
fn run(args: &[&str]) -> (std::process::Output, String) {
    let output = mestring()
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{args:?}: {err}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stderr)
}

/// Runs `mestring` with `args`, expects success and one JSON object on stdout.
#[track_caller]
fn json_of(args: &[&str]) -> Value {
    let (output, stderr) = run(args);
    assert!(output.status.success(), "{args:?} failed: {stderr}");
    assert_eq!(stderr, "");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("{args:?}: {err}"))
}

/// Runs `mestring` with `args`, expects exit code 1 and returns the single line on stderr.
#[track_caller]
fn failure_of(args: &[&str]) -> String {
    let (output, stderr) = run(args);
    assert_eq!(output.status.code(), Some(1), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("mestring: "), "{stderr}");
    stderr.trim_end().to_owned()
}

#[test]
fn version_prints_the_package_version() {
    let output = mestring().arg("version").output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("mestring {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_the_commands() {
    let output = mestring().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["version", "score", "change"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn an_unknown_command_fails_with_a_reason() {
    let output = mestring().arg("frobnicate").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("frobnicate"), "{stderr}");
}

#[test]
fn score_an_adult_ors_at_the_cutoff() {
    let report = json_of(&["score", "ors", "--age", "30", "6", "6.5", "6", "6.5"]);
    assert_eq!(report["total"], json!(25));
    assert_eq!(report["cutoff"], json!(25));
    assert_eq!(report["clinical"], json!(false));

    let report = json_of(&["score", "ors", "--age", "30", "6", "6.5", "6", "6.4"]);
    assert_eq!(report["total"], json!(24.9));
    assert_eq!(report["clinical"], json!(true));
}

#[test]
fn a_parents_ors_about_a_14_year_old_uses_the_adolescent_cutoff() {
    let report = json_of(&[
        "score", "ors", "--age", "14", "--rater", "parent", "7", "7", "7", "6.9",
    ]);
    assert_eq!(report["rater"], json!("parent"));
    assert_eq!(report["total"], json!(27.9));
    assert_eq!(report["cutoff"], json!(28));
    assert_eq!(report["cutoff_norm"]["group"], json!("adolescent"));
    assert_eq!(report["cutoff_norm"]["ages"], json!("13–17"));
    assert_eq!(report["cutoff_norm"]["verified"], json!(false));
    assert_eq!(report["clinical"], json!(true));
}

#[test]
fn a_blank_item_leaves_the_total_unavailable() {
    let report = json_of(&["score", "ors", "--age", "30", "6", "-", "6", "6"]);
    assert_eq!(report["total"], Value::Null);
    assert_eq!(report["missing"], json!(["interpersonally"]));
    assert_eq!(report["clinical"], Value::Null);
}

#[test]
fn score_a_session_scale_with_alerts() {
    let report = json_of(&["score", "srs", "--age", "30", "9", "9", "9", "9"]);
    assert_eq!(report["total"], json!(36));
    assert_eq!(report["alert"], json!(false));

    let report = json_of(&["score", "srs", "--age", "30", "8.9", "9", "9", "9"]);
    assert_eq!(report["total"], json!(35.9));
    assert_eq!(report["alert"], json!(true));
    assert_eq!(report["alerts"][0]["rule"], json!("total_below"));
    assert_eq!(report["alerts"][0]["verified"], json!(true));
    assert_eq!(report["talking_points"][0]["item"], json!("relationship"));

    let report = json_of(&[
        "score",
        "srs",
        "--age",
        "30",
        "--previous",
        "40",
        "10",
        "10",
        "9.5",
        "9.5",
    ]);
    assert_eq!(report["alert"], json!(true));
    assert_eq!(report["alerts"][0]["rule"], json!("drop_from_previous"));
}

#[test]
fn an_item_under_its_line_is_a_talking_point_not_an_alert() {
    let report = json_of(&["score", "srs", "--age", "20", "9.5", "9.5", "8.9", "9.8"]);
    assert_eq!(report["total"], json!(37.7));
    assert_eq!(report["alert"], json!(false));
    assert_eq!(report["alerts"], json!([]));
    let points = report["talking_points"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["item"], json!("approach"));
    assert_eq!(points[0]["value"], json!(8.9));
    assert_eq!(points[0]["threshold"], json!(9));
    assert_eq!(points[0]["verified"], json!(true));
    assert!(
        points[0]["source"].as_str().unwrap().contains("check-in"),
        "{points:?}"
    );
}

#[test]
fn the_age_band_follows_a_birth_month_and_is_reported_with_its_source() {
    // Born June 2008: on 31 May 2026 still 17 by the month, 18 by the year alone.
    let by_month = json_of(&[
        "score",
        "ors",
        "--born",
        "2008-06",
        "--date",
        "2026-05-31",
        "7",
        "7",
        "7",
        "6.9",
    ]);
    assert_eq!(
        (&by_month["age"], &by_month["age_basis"]),
        (&json!(17), &json!("birth_month"))
    );
    assert_eq!(by_month["cutoff"], json!(28));
    assert_eq!(by_month["clinical"], json!(true));
    assert_eq!(by_month["cutoff_norm"]["ages"], json!("13–17"));
    assert_eq!(by_month["cutoff_norm"]["verified"], json!(false));
    let by_year = json_of(&[
        "score",
        "ors",
        "--born",
        "2008",
        "--date",
        "2026-05-31",
        "7",
        "7",
        "7",
        "6.9",
    ]);
    assert_eq!(
        (&by_year["age"], &by_year["age_basis"]),
        (&json!(18), &json!("birth_year"))
    );
    assert_eq!(by_year["cutoff"], json!(25));
    assert_eq!(by_year["clinical"], json!(false));
    assert_eq!(by_year["cutoff_norm"]["verified"], json!(true));
    assert!(
        by_year["cutoff_norm"]["source"]
            .as_str()
            .unwrap()
            .contains("KA-01031"),
        "{by_year}"
    );

    // Change over a birthday: each meeting's age from its own day.
    let change = json_of(&[
        "change",
        "ors",
        "--born",
        "2008-06",
        "--dates",
        "2026-03-02,2026-06-01",
        "26",
        "31",
    ]);
    assert_eq!(change["age_basis"], json!("birth_month"));
    assert_eq!(change["first_cutoff_norm"]["group"], json!("adolescent"));
    assert_eq!(change["latest_cutoff_norm"]["group"], json!("adult"));
    assert_eq!(change["rci_norm"]["ages"], json!("13–17"));
    assert_eq!(change["rci_norm"]["verified"], json!(false));
    assert_eq!(change["clinically_significant"], json!(true));
    let adult = json_of(&["change", "ors", "--age", "30", "20", "25"]);
    assert_eq!(adult["age_basis"], json!("given"));
    assert_eq!(adult["rci_norm"]["verified"], json!(true));
}

#[test]
fn score_a_faces_scale() {
    let report = json_of(&["score", "ycors", "--age", "4", "7.5"]);
    assert_eq!(report["total"], json!(7.5));
    assert_eq!(report["cutoff"], Value::Null);
    assert_eq!(report["clinical"], Value::Null);
}

#[test]
fn change_with_clinically_significant_improvement() {
    let report = json_of(&["change", "ors", "--age", "30", "20", "18", "25"]);
    assert_eq!(report["change"], json!(5));
    assert_eq!(report["reliable"], json!("improvement"));
    assert_eq!(report["clinically_significant"], json!(true));
    assert_eq!(report["slope"], json!(2.5));
}

#[test]
fn change_below_the_rci_is_not_reliable() {
    let report = json_of(&["change", "ors", "--age", "30", "30", "25.1"]);
    assert_eq!(report["change"], json!(-4.9));
    assert_eq!(report["reliable"], json!("none"));
    assert_eq!(report["clinically_significant"], json!(false));

    let report = json_of(&["change", "ors", "--age", "30", "30", "25"]);
    assert_eq!(report["reliable"], json!("deterioration"));
}

#[test]
fn bad_input_fails_with_a_one_line_reason() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["score", "ors", "--age", "30", "6", "11", "6", "6"],
            "mestring: item 2 (interpersonally): 11 is outside 0–10",
        ),
        (
            &["score", "ors", "--age", "30", "-0.1", "6", "6", "6"],
            "mestring: item 1 (individually): -0.1 is outside 0–10",
        ),
        (
            &["score", "ors", "--age", "30", "6", "6", "NaN", "6"],
            "mestring: item 3 (socially): not a number",
        ),
        (
            &["score", "ors", "--age", "30", "6", "6", "6", "inf"],
            "mestring: item 4 (overall): infinite",
        ),
        (
            &["score", "ors", "--age", "30", "six", "6", "6", "6"],
            r#"mestring: item 1 (individually): "six" is not a number"#,
        ),
        (
            &["score", "ors", "--age", "30", "6", "6", "6"],
            "mestring: ors has 4 items, got 3 answers",
        ),
        (
            &["score", "ors", "--age", "30", "6", "6", "6", "6", "6"],
            "mestring: ors has 4 items, got 5 answers",
        ),
        (
            &["score", "oq45", "--age", "30", "6"],
            r#"mestring: unknown instrument "oq45" (known: cors, csrs, gsrs, ors, srs, ycors, ycsrs)"#,
        ),
        (
            &[
                "score",
                "ors",
                "--instrument-version",
                "9",
                "--age",
                "30",
                "6",
                "6",
                "6",
                "6",
            ],
            "mestring: ors has no version 9 (known: 1)",
        ),
        (
            &["score", "ors", "--age", "10", "6", "6", "6", "6"],
            "mestring: ors is for ages 13+, not 10",
        ),
        (
            &["score", "ycors", "--age", "4", "3"],
            "mestring: ycors item how_things_are: 3.0 is not one of the faces",
        ),
        (
            &[
                "score",
                "ors",
                "--age",
                "30",
                "--previous",
                "20",
                "6",
                "6",
                "6",
                "6",
            ],
            "mestring: --previous applies to session scales, and ors is not one",
        ),
        (
            &["change", "ors", "--age", "30", "20", "41"],
            "mestring: total 2: 41 is outside 0–40",
        ),
        (
            &["change", "srs", "--age", "30", "30", "35"],
            "mestring: srs is a session scale; change is computed for outcome scales",
        ),
        (
            &["change", "ycors", "--age", "4", "5", "7.5"],
            "mestring: ycors has no published cut-off and reliable change index",
        ),
        (
            &[
                "score",
                "ors",
                "--born",
                "2008-13",
                "--date",
                "2026-05-31",
                "7",
                "7",
                "7",
                "7",
            ],
            "mestring: --born \"2008-13\": the birth month is not a month from 1 to 12",
        ),
        (
            &["score", "ors", "--born", "2008-06", "7", "7", "7", "7"],
            "mestring: --born needs the day of each meeting by --date: 1 expected, 0 given",
        ),
        (
            &[
                "score",
                "ors",
                "--born",
                "2008",
                "--date",
                "31.05.2026",
                "7",
                "7",
                "7",
                "7",
            ],
            "mestring: \"31.05.2026\" is not a date (YYYY-MM-DD): input contains invalid characters",
        ),
        (
            &[
                "change",
                "ors",
                "--born",
                "2008",
                "--dates",
                "2026-01-01",
                "20",
                "25",
            ],
            "mestring: --born needs the day of each meeting by --dates: 2 expected, 1 given",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(failure_of(args), *expected, "{args:?}");
    }
}

const EXPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/export-v1.json"
);

#[test]
fn import_merges_files_and_the_same_file_twice_adds_nothing() {
    let summary = json_of(&["import", EXPORT, EXPORT]);
    assert_eq!(summary["citizens"], 2);
    assert_eq!(summary["responses"], 5);
    assert_eq!(summary["files"][0]["accepted"], 7);
    assert_eq!(summary["files"][1]["accepted"], 0);
    assert_eq!(summary["files"][1]["already_present"], 7);
    assert_eq!(summary["conflicts"], json!([]));
    // A format version 1 file: no mastery records.
    assert_eq!(
        (summary["assessments"].as_u64(), summary["plans"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn a_changed_file_is_refused_with_its_name() {
    let changed = std::env::temp_dir().join("mestring-cli-changed-export.json");
    let text = std::fs::read_to_string(EXPORT).unwrap().replacen(
        "\"label\": \"MJ\"",
        "\"label\": \"MK\"",
        1,
    );
    std::fs::write(&changed, text).unwrap();
    let line = failure_of(&["import", changed.to_str().unwrap()]);
    assert!(
        line.ends_with(
            "the checksum does not match: the file was changed or damaged after it was written"
        ),
        "{line}"
    );
    assert!(line.contains("mestring-cli-changed-export.json"), "{line}");
}

#[test]
fn csv_is_for_danish_excel_unless_told_otherwise() {
    let output = mestring().args(["csv", EXPORT]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("\u{feff}citizen;birth_year;unit;date;"));
    assert!(text.contains(";ors;1;self;7,0;7,5;8,0;7,2;29,7;25,0;false;;13,2;improvement;true;"));
    let comma = mestring()
        .args(["csv", "--separator", "comma", EXPORT])
        .output()
        .unwrap();
    let text = String::from_utf8(comma.stdout).unwrap();
    assert!(text.contains(",ors,1,self,7.0,7.5,8.0,7.2,29.7,25.0,false,,13.2,improvement,true,"));
}

/// An example file in `docs/examples/` (written by the core's tests).
fn example(name: &str) -> String {
    format!("{}/../../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn temp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("mestring-cli-{}-{name}", std::process::id()))
}

#[test]
fn validate_gives_each_file_its_verdict_and_fails_unless_all_are_valid() {
    let (week_1, tablet_b) = (example("tablet-a-week-1.json"), example("tablet-b.json"));
    let (output, stderr) = run(&["validate", &week_1, &tablet_b]);
    assert!(output.status.success(), "{stderr}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        text,
        format!(
            "{week_1}: valid: 2 citizens, 5 forms, 3 mastery assessments, 1 plans, 4 meetings, 0 quarantined records\n{tablet_b}: valid: 1 citizens, 1 forms, 1 mastery assessments, 0 plans, 0 meetings, 0 quarantined records\n"
        )
    );

    let changed = temp_path("changed.json");
    let text = std::fs::read_to_string(&week_1)
        .unwrap()
        .replacen("\"Hus 1\"", "\"Hus 9\"", 1);
    std::fs::write(&changed, text).unwrap();
    let missing = temp_path("missing.json");
    let changed = changed.to_str().unwrap();
    let (output, _) = run(&["validate", changed, &week_1, missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with(&format!("{changed}: not read: the checksum does not match")));
    assert!(lines[1].ends_with(
        ": valid: 2 citizens, 5 forms, 3 mastery assessments, 1 plans, 4 meetings, 0 quarantined records"
    ));
    assert!(
        lines[2].contains("missing.json: not read: "),
        "{}",
        lines[2]
    );
}

#[test]
fn two_tablets_merge_into_one_file_that_merges_again_to_nothing_new() {
    let inputs = [
        "tablet-a-week-1.json",
        "tablet-a-week-2.json",
        "tablet-b.json",
    ]
    .map(example);
    let merged = temp_path("merged.json");
    let merged = merged.to_str().unwrap();
    let mut args = vec!["merge", "-o", merged];
    args.extend(inputs.iter().map(String::as_str));
    let summary = json_of(&args);
    let counts = |summary: &Value| {
        ["citizens", "responses", "assessments", "plans", "meetings"]
            .map(|list| summary[list].as_u64())
    };
    assert_eq!(
        counts(&summary),
        [Some(3), Some(7), Some(4), Some(1), Some(4)]
    );
    // Week 2: MJ's new unit and MJ's plan with other agreements, both later revisions.
    assert_eq!(summary["files"][1]["updated"], 2);

    let again = json_of(&["import", merged, &inputs[0], &inputs[1], &inputs[2]]);
    assert_eq!(again["files"][0]["accepted"], 3 + 7 + 4 + 1 + 4);
    for file in 1..=3 {
        assert_eq!(again["files"][file]["accepted"], 0, "{again}");
    }
    assert_eq!(
        counts(&again),
        [Some(3), Some(7), Some(4), Some(1), Some(4)]
    );
    let text = std::fs::read_to_string(merged).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["format_version"], 3);
    assert_eq!(file["payload"]["plans"][0]["revision"], 2);
}

#[test]
fn csv_can_be_written_to_a_file() {
    let out = temp_path("forms.csv");
    let (output, stderr) = run(&[
        "csv",
        "-o",
        out.to_str().unwrap(),
        &example("tablet-b.json"),
    ]);
    assert!(output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}citizen;"));
    assert_eq!(text.lines().count(), 2, "a header and LB's one form");
}

#[test]
fn csv_into_a_folder_writes_every_sheet_as_the_examples_show_them() {
    let dir = temp_path("sheets");
    std::fs::create_dir_all(&dir).unwrap();
    let (output, stderr) = run(&["csv", "-o", dir.to_str().unwrap(), &example("course.json")]);
    assert!(output.status.success(), "{stderr}");
    for (file, example_name) in [
        ("forms.csv", "course.forms.csv"),
        ("mastery-ratings.csv", "course.mastery-ratings.csv"),
        ("goals.csv", "course.goals.csv"),
        ("follow-ups.csv", "course.follow-ups.csv"),
        ("meetings.csv", "course.meetings.csv"),
    ] {
        let written = std::fs::read_to_string(dir.join(file)).unwrap();
        let expected = std::fs::read_to_string(example(example_name)).unwrap();
        assert_eq!(written, expected, "{file}");
    }
    // One kind to standard output, with a comma and a decimal point.
    let output = mestring()
        .args([
            "csv",
            "--kind",
            "follow-ups",
            "--separator",
            "comma",
            &example("course.json"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("\u{feff}citizen,birth_year,unit,date,goal,level,"),
        "{text}"
    );
    assert!(text.contains(",52.9,35.4,"), "{text}");
}

#[test]
fn a_sealed_export_opens_with_its_passphrase_from_a_file_or_the_environment() {
    let sealed = example("tablet-b.sealed.json");
    let (output, _) = run(&["validate", &sealed]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!(
            "{sealed}: not read: sealed with a passphrase: give it with --passphrase-file FILE or MESTRING_PASSPHRASE\n"
        )
    );

    // The passphrase docs/export-format.md gives for the example.
    let output = mestring()
        .env("MESTRING_PASSPHRASE", "korrekt hest batteri hæfteklamme")
        .args(["validate", &sealed])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8(output.stdout).unwrap().ends_with(
        ": valid: 1 citizens, 1 forms, 1 mastery assessments, 0 plans, 0 meetings, 0 quarantined records\n"
    ));

    let wrong = temp_path("wrong-passphrase.txt");
    std::fs::write(&wrong, "korrekt hest batteri\n").unwrap();
    let line = failure_of(&[
        "import",
        "--passphrase-file",
        wrong.to_str().unwrap(),
        &sealed,
    ]);
    assert!(
        line.ends_with("the passphrase is wrong, or the file was changed after it was sealed"),
        "{line}"
    );
}

#[test]
fn fhir_writes_one_bundle_from_several_tablets() {
    let out = temp_path("bundle.json");
    let out_path = out.to_str().unwrap();
    let inputs = [
        "tablet-a-week-1.json",
        "tablet-a-week-2.json",
        "tablet-b.json",
    ]
    .map(example);
    let (output, stderr) = run(&["fhir", "-o", out_path, &inputs[0], &inputs[1], &inputs[2]]);
    assert!(output.status.success(), "{stderr}");
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["resource"]["resourceType"].as_str().unwrap())
        .collect();
    // ORS and SRS questionnaires; the seven forms of both tablets, once each.
    assert_eq!(
        kinds
            .iter()
            .filter(|kind| **kind == "Questionnaire")
            .count(),
        2
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|kind| **kind == "QuestionnaireResponse")
            .count(),
        7
    );
}

#[test]
fn fhir_of_a_course_is_the_example_bundle() {
    let (output, stderr) = run(&["fhir", &example("course.json")]);
    assert!(output.status.success(), "{stderr}");
    let expected = std::fs::read_to_string(example("course.fhir.json")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

#[test]
fn report_gives_each_citizens_change_in_words() {
    let inputs = [
        "tablet-a-week-1.json",
        "tablet-a-week-2.json",
        "tablet-b.json",
    ]
    .map(example);
    let (output, stderr) = run(&["report", &inputs[0], &inputs[1], &inputs[2]]);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "AB (Hus 1, born 1990): 1 meetings\n  ORS: first 34.3, latest 34.3 on 2026-11-03: too early to say\n  mastery round 1: rated by self, latest on 2026-11-12\n\
         LB (Børnehuset, born 1990): 1 meetings\n  no outcome form rated by the citizen\n  mastery round 1: rated by parent, latest on 2026-11-04\n\
         MJ (Hus 2, born 1990): 3 meetings\n  ORS: first 16.5, latest 31.3 on 2026-11-14: reliable improvement, clinically significant\n  mastery round 1: rated by self, staff, latest on 2026-11-02\n  plan: agreed 2026-11-03, 1 goal, T-score 60.0 at the follow-up on 2026-11-27 (50 is as expected; goal 1 at +1)\n\
         \n3 citizens: 1 reliable improvement (100 %), 0 no reliable change, 0 deterioration, 2 too early to say; sessions with an alert: 0 %\n"
    );
}

/// An export file with its payload changed by `change` and its checksum made right again, as a careless
/// or hostile writer could.
fn rewritten(text: &str, change: impl FnOnce(&mut Value)) -> String {
    use sha2::Digest as _;
    let mut file: Value = serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}"));
    change(&mut file["payload"]);
    // The canonical form: compact, keys in order, as serde_json writes a `Value`.
    let digest = sha2::Sha256::digest(
        serde_json::to_vec(&file["payload"]).unwrap_or_else(|err| panic!("{err}")),
    );
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    file["checksum"]["value"] = json!(hex);
    serde_json::to_string(&file).unwrap_or_else(|err| panic!("{err}"))
}

/// Week 1 of tablet A with MJ's label changed to `label`: MJ and every record of MJ's depend on it.
fn week_1_with_label(name: &str, label: &str) -> String {
    let text = std::fs::read_to_string(example("tablet-a-week-1.json"))
        .unwrap_or_else(|err| panic!("{err}"));
    let text = rewritten(&text, |payload| {
        let mj = mj_in(payload);
        mj["label"] = json!(label);
    });
    written(name, &text)
}

/// MJ's record in an example's payload.
fn mj_in(payload: &mut Value) -> &mut Value {
    payload["citizens"]
        .as_array_mut()
        .unwrap_or_else(|| panic!("not in the example"))
        .iter_mut()
        .find(|citizen| citizen["label"] == "MJ")
        .unwrap_or_else(|| panic!("not in the example"))
}

/// `text` written to a temporary file called `name`; its path.
fn written(name: &str, text: &str) -> String {
    let path = temp_path(name);
    std::fs::write(&path, text).unwrap_or_else(|err| panic!("{err}"));
    path.to_str()
        .unwrap_or_else(|| panic!("not a UTF-8 path"))
        .to_owned()
}

const MJ: &str = "01010101-0101-4101-8101-010101010101";

#[test]
fn a_rejected_record_is_listed_and_nothing_written_unless_a_partial_result_is_accepted() {
    // A CPR-shaped label: MJ is rejected, and with MJ MJ's four forms, two ratings, plan and four meetings.
    let cpr = week_1_with_label("cpr-label.json", "010190-1234");
    let tablet_b = example("tablet-b.json");
    let out = temp_path("partial.csv");
    let out = out.to_str().unwrap();
    for command in [
        &["csv", &cpr, &tablet_b][..],
        &["fhir", &cpr, &tablet_b],
        &["report", &cpr, &tablet_b],
        &["merge", "-o", out, &cpr, &tablet_b],
        &["import", &cpr, &tablet_b],
    ] {
        let (output, stderr) = run(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1 + 4 + 2 + 1 + 4 + 1, "{command:?}: {stderr}");
        assert!(
            lines[0].starts_with(&format!("mestring: {cpr}: rejected citizens {MJ}: ")),
            "{stderr}"
        );
        assert!(
            lines[1].ends_with(&format!("its citizen {MJ} is not in the file")),
            "{stderr}"
        );
        let last = lines.last().unwrap();
        assert!(
            last.starts_with("mestring: 12 records were rejected (listed above)")
                && last.ends_with("pass --accept-partial to go on without them"),
            "{last}"
        );
        if command[0] == "import" {
            let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
            assert_eq!(
                summary["files"][0]["rejected"].as_array().unwrap().len(),
                12
            );
        } else {
            assert!(output.stdout.is_empty(), "{command:?} wrote");
        }
        assert!(!std::path::Path::new(out).exists(), "{command:?}");
    }

    let (output, stderr) = run(&["csv", "--accept-partial", &cpr, &tablet_b]);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.ends_with(
            "mestring: the output is partial: 12 rejected records are not in it (--accept-partial)\n"
        ),
        "{stderr}"
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    // AB's form from week 1 and LB's from tablet B: a header and two rows, none of MJ's.
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(!csv.contains("010190"));
}

/// Two tablets' files about one citizen, changed at the same moment on each: a tie no revision breaks.
fn tied_files() -> (String, String) {
    let week_1 = std::fs::read_to_string(example("tablet-a-week-1.json"))
        .unwrap_or_else(|err| panic!("{err}"));
    let tablet = |name: &str, device: &str, unit: &str| {
        let text = rewritten(&week_1, |payload| {
            for list in ["citizens", "responses", "assessments", "plans"] {
                for record in payload[list]
                    .as_array_mut()
                    .unwrap_or_else(|| panic!("not in the example"))
                {
                    record["device_id"] = json!(device);
                }
            }
            let mj = mj_in(payload);
            mj["unit"] = json!(unit);
        });
        written(name, &text)
    };
    (
        tablet(
            "tied-a.json",
            "a1a1a1a1-a1a1-4a1a-8a1a-a1a1a1a1a1a1",
            "Hus 7",
        ),
        tablet(
            "tied-b.json",
            "b2b2b2b2-b2b2-4b2b-8b2b-b2b2b2b2b2b2",
            "Hus 8",
        ),
    )
}

#[test]
fn the_order_of_the_files_never_changes_an_output_and_conflicts_are_listed() {
    let (p1, p2) = tied_files();
    for command in ["csv", "fhir", "report"] {
        let (one, one_err) = run(&[command, &p1, &p2]);
        let (other, other_err) = run(&[command, &p2, &p1]);
        assert!(one.status.success() && other.status.success(), "{one_err}");
        assert_eq!(
            String::from_utf8_lossy(&one.stdout),
            String::from_utf8_lossy(&other.stdout),
            "mestring {command}"
        );
        assert_eq!(one_err, other_err);
        assert!(
            one_err.contains(&format!("mestring: conflict: citizens {MJ} is held in 2 versions (device a1a1a1a1-a1a1-4a1a-8a1a-a1a1a1a1a1a1 revision 1 updated ")),
            "{one_err}"
        );
    }
    let merged = |name: &str, files: [&str; 2]| {
        let out = temp_path(name);
        let (output, stderr) = run(&["merge", "-o", out.to_str().unwrap(), files[0], files[1]]);
        assert!(output.status.success(), "{stderr}");
        let file: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
        (file["payload"].to_string(), file["checksum"].clone())
    };
    assert_eq!(
        merged("tied-1-2.json", [&p1, &p2]),
        merged("tied-2-1.json", [&p2, &p1])
    );
}

#[test]
fn control_characters_in_typed_text_and_file_names_never_reach_the_terminal() {
    // ESC clearing the screen and setting the title, CR, BEL, a C1 CSI and a right-to-left override.
    let hostile = "M\u{1b}[2J\u{1b}]0;x\u{7}\r\u{9b}1m\u{202e}J";
    let labelled = week_1_with_label("control-label.json", hostile);
    let named = temp_path("name-\u{1b}[31m.json");
    std::fs::copy(example("tablet-b.json"), &named).unwrap();
    let named = named.to_str().unwrap();
    let raw = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        text.chars()
            .find(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}')
    };
    // The core refuses the label as typed text; the rejection names its first control character, escaped.
    let refused = "rejected citizens 01010101-0101-4101-8101-010101010101: invalid record: [LabelControlCharacter('\\u{1b}')]";
    for (command, shown) in [
        (
            &["report", "--accept-partial", &labelled, named][..],
            refused,
        ),
        (&["validate", &labelled, named], "\\u{1b}[31m.json: valid"),
        (
            &[
                "csv",
                "--accept-partial",
                &labelled,
                "missing-\u{1b}[31m.json",
            ],
            "mestring: missing-\\u{1b}[31m.json: ",
        ),
    ] {
        let (output, stderr) = run(command);
        assert_eq!(raw(&output.stdout), None, "{command:?} stdout");
        assert_eq!(raw(stderr.as_bytes()), None, "{command:?} stderr");
        let all = String::from_utf8_lossy(&output.stdout) + stderr.as_str();
        assert!(all.contains(shown), "{command:?}: {all}");
    }
}

#[cfg(unix)]
#[test]
fn a_hundred_files_are_read_with_few_open_at_once() {
    use std::os::unix::process::CommandExt as _;
    // Week 1 of tablet A sealed, then 100 copies of tablet B's file, with the process allowed 80 open
    // files: the sealed file is closed to open others, and opened again to read its forms back.
    let dir = temp_path("many");
    std::fs::create_dir_all(&dir).unwrap();
    let week_1 = std::fs::read_to_string(example("tablet-a-week-1.json")).unwrap();
    let sealed = dir.join("000-week-1.sealed.json");
    let passphrase = "korrekt hest batteri hæfteklamme";
    std::fs::write(
        &sealed,
        mestring_core::testing::seal_cheaply(&week_1, passphrase, [5; 16]),
    )
    .unwrap();
    let copies = (1..=100).map(|idx| {
        let path = dir.join(format!("{idx:03}-tablet-b.json"));
        std::fs::copy(example("tablet-b.json"), &path).unwrap();
        path
    });
    let files: Vec<_> = std::iter::once(sealed).chain(copies).collect();
    for command in ["csv", "report"] {
        let mut run = std::process::Command::new(env!("CARGO_BIN_EXE_mestring"));
        run.arg(command)
            .args(&files)
            .env("MESTRING_PASSPHRASE", passphrase);
        // SAFETY: `setrlimit` is async-signal-safe, and nothing else runs in the child before `exec`.
        unsafe {
            run.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 80,
                    rlim_max: 80,
                };
                match libc::setrlimit(libc::RLIMIT_NOFILE, &limit) {
                    0 => Ok(()),
                    _ => Err(std::io::Error::last_os_error()),
                }
            });
        }
        let output = run.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{command}: {stderr}");
        let text = String::from_utf8(output.stdout).unwrap();
        if command == "csv" {
            // A header, week 1's five forms and LB's one.
            assert_eq!(text.lines().count(), 1 + 5 + 1, "{text}");
        } else {
            assert!(
                ["AB (", "LB (", "MJ ("]
                    .iter()
                    .all(|label| text.contains(label)),
                "{text}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn outputs_spilled_a_record_a_run_are_the_same_and_leave_no_temporary_file() {
    let tmp = temp_path("spill");
    std::fs::create_dir_all(&tmp).unwrap();
    let tablets = [
        "tablet-a-week-1.json",
        "tablet-a-week-2.json",
        "tablet-b.json",
    ]
    .map(example);
    let course = [example("course.json")];
    let runs = [
        (&["csv"][..], &tablets[..]),
        (&["fhir"], &tablets),
        (&["report"], &tablets),
        (&["csv", "--kind", "ratings"], &course),
        (&["csv", "--kind", "follow-ups"], &course),
        (&["fhir"], &course),
    ];
    for (command, inputs) in runs {
        let args: Vec<&str> = command
            .iter()
            .copied()
            .chain(inputs.iter().map(String::as_str))
            .collect();
        let in_memory = mestring().args(&args).output().unwrap();
        assert!(in_memory.status.success(), "{args:?}");
        // A budget of nothing: every entry is a run of its own in the temporary directory.
        let spilled = mestring()
            .args(&args)
            .env("MESTRING_SPILL_BUDGET", "0")
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        assert!(spilled.status.success(), "{args:?}");
        assert_eq!(spilled.stdout, in_memory.stdout, "{args:?}");
        assert!(!in_memory.stdout.is_empty());
        let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
    let (output, stderr) = {
        let output = mestring()
            .args(["csv", &tablets[0]])
            .env("MESTRING_SPILL_BUDGET", "lots")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output, stderr)
    };
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("MESTRING_SPILL_BUDGET: not a number of bytes: lots"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}

/// `n_citizens` citizens in one export file, their labels few and alike but for case and Danish
/// letters (the register's order and the CSV's differ), each with a form or two, some with a mastery
/// rating and a plan; its path.
fn many_citizens(name: &str, n_citizens: u32) -> String {
    use mestring_core::citizen::CitizenId;
    use mestring_core::export::{self, Origin, Records, Selection};
    use mestring_core::fit::{Rater, Registry};
    use mestring_core::testing::{assessment, citizen, form, plan};

    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let labels = [
        "Åse", "aase", "Æble", "æble", "Øst", "ost", "B", "b", "AB", "Ab",
    ];
    let mut citizens = Vec::new();
    let mut responses = Vec::new();
    let mut assessments = Vec::new();
    let mut plans = Vec::new();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_else(|| panic!("a date"));
    for idx in 0..n_citizens {
        let scattered = u128::from(idx).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
        let label = labels[(scattered % labels.len() as u128) as usize];
        let mut one = citizen(1, label, "Hus 1");
        one.id = CitizenId::from_random_bytes(scattered.to_le_bytes());
        let mut ors = form(&one, "ors", Rater::Oneself, 1, 0, &[40, 50, 60, 70]);
        ors.id = mestring_core::fit::ResponseId::from_random_bytes((scattered + 1).to_le_bytes());
        responses.push(ors);
        if idx % 3 == 0 {
            let mut srs = form(&one, "srs", Rater::Oneself, 1, 0, &[90, 90, 90, 80]);
            srs.id =
                mestring_core::fit::ResponseId::from_random_bytes((scattered + 2).to_le_bytes());
            responses.push(srs);
        }
        if idx % 5 == 0 {
            assessments.push(assessment(one.id, Rater::Staff, 1, day, &[]));
            plans.push(plan(one.id, day, idx % 10 == 0));
        }
        citizens.push(one);
    }
    let origin = Origin {
        app_version: "test".to_owned(),
        export_id: uuid::Uuid::from_bytes([7; 16]),
        device_id: mestring_core::record::DeviceId::MERGED,
        created_at: chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+01:00")
            .unwrap_or_else(|err| panic!("{err}")),
        facility: None,
    };
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        ..Records::default()
    };
    let text = export::write(&origin, &Selection::Everything, &records, &registry)
        .unwrap_or_else(|err| panic!("{err}"));
    written(name, &text)
}

#[test]
fn many_citizens_spilled_an_entry_a_run_come_in_the_register_order_and_the_labels_order() {
    let file = many_citizens("many-citizens.json", 120);
    let tmp = temp_path("many-citizens-spill");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut outputs = Vec::new();
    for command in [
        &["csv", &file][..],
        &["csv", "--kind", "ratings", &file],
        &["csv", "--kind", "goals", &file],
        &["fhir", &file],
        &["report", &file],
    ] {
        let in_memory = mestring().args(command).output().unwrap();
        assert!(in_memory.status.success(), "{command:?}");
        let spilled = mestring()
            .args(command)
            .env("MESTRING_SPILL_BUDGET", "0")
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        assert!(spilled.status.success(), "{command:?}");
        assert_eq!(spilled.stdout, in_memory.stdout, "{command:?}");
        let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        outputs.push(String::from_utf8(in_memory.stdout).unwrap());
    }
    // The forms' rows by label, as strings order (upper case and `B` before `b`, `Å` last).
    let labels: Vec<&str> = outputs[0]
        .lines()
        .skip(1)
        .map(|row| row.split(',').next().unwrap())
        .collect();
    assert_eq!(labels.len(), 120 + 40);
    assert!(labels.is_sorted(), "{labels:?}");
    // The report's paragraphs in the register's order: case folded, æ, ø, å after z.
    let paragraphs: Vec<&str> = outputs[4]
        .lines()
        .filter(|line| line.contains(" (Hus 1, born 1990)"))
        .map(|line| line.split(" (").next().unwrap())
        .collect();
    assert_eq!(paragraphs.len(), 120);
    let mut folded: Vec<String> = paragraphs
        .iter()
        .map(|label| label.to_lowercase())
        .collect();
    folded.dedup();
    assert_eq!(folded, ["aase", "ab", "b", "ost", "æble", "øst", "åse"]);
    assert!(outputs[4].contains("\n120 citizens: "), "{}", outputs[4]);
    std::fs::remove_dir_all(&tmp).unwrap();
}

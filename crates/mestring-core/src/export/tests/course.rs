//! The course example in `docs/examples/`: a staff FFB rating, the citizen's own rating and a plan with two goals
//! and a follow-up, exported, and what the caseworker's outputs make of it; and KL's profile constraints on the
//! FHIR resources.

use std::collections::BTreeMap;

use expect_test::expect_file;
use serde_json::Value;

use super::{SCHEMAS, origin, read_back, registry};
use crate::export::archive::Archive;
use crate::export::csv::{Separator, Sheet, write_archive_sheet};
use crate::export::{Records, Selection, fhir, write};
use crate::ffb::{self, FunctionLevel, Rank, TermId};
use crate::fit::Rater;
use crate::fit::definition::Version;
use crate::mastery::{DialogueMeeting, FollowUp, GasWeight, Goal, Participant, SchemaId};
use crate::testing::{assessment, bus_goal, citizen, form, meetings, plan};

fn date(month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// MJ's course: an ORS, staff's FFB rating of five sub-themes (one left "ikke vurderet"), MJ's own rating on the
/// second edition of the citizen's schema, a plan with two goals followed up once, and a meeting record of every
/// kind (from 18 August, the follow-up on the plan's follow-up day); the plan, in shape 4, logs no meetings itself.
fn course_file() -> String {
    let mj = citizen(1, "MJ", "Ungeenheden");
    let ors = form(&mj, "ors", Rater::Oneself, 1, 1, &[42, 55, 61, 38]);
    let mut staff = assessment(
        mj.id,
        Rater::Staff,
        1,
        date(9, 8),
        &[
            ("koebe_ind", Some(2)),
            ("lave_mad", Some(3)),
            ("faerdes_med_transportmidler", Some(3)),
            ("indgaa_i_samspil_og_kontakt", Some(1)),
            ("varetage_oekonomi", None),
        ],
    );
    staff.schema = SchemaId::new("ffb_function");
    staff.version = Version::new(2);
    let mut own = assessment(
        mj.id,
        Rater::Oneself,
        1,
        date(9, 8),
        &[
            ("home", Some(4)),
            ("getting_around", Some(3)),
            ("physical_health", Some(7)),
            ("community", None),
        ],
    );
    own.version = Version::new(2);
    own.entries[0].comment = Some("Vil gerne lave mad selv".to_owned());
    let mut course = plan(mj.id, date(9, 1), false);
    course.schema = SchemaId::new("mastery");
    course.goals[0].weight = Some(GasWeight {
        importance: 3,
        difficulty: 2,
    });
    course.add_goal(Goal {
        own_words: "Lave aftensmad to gange om ugen".to_owned(),
        domains: vec![crate::mastery::DomainId::new("home")],
        sub_themes: vec![TermId::new("lave_mad"), TermId::new("koebe_ind")],
        goal_type: Some(TermId::new("fastholde_funktionsevne")),
        level_at_start: Some(FunctionLevel::new(3)),
        level_aimed_for: Some(FunctionLevel::new(3)),
        baseline: Some(-2),
        weight: Some(GasWeight {
            importance: 2,
            difficulty: 1,
        }),
        levels: [
            "Laver ingen mad",
            "Laver mad med hjælp en gang om ugen",
            "Laver mad med hjælp to gange om ugen",
            "Laver mad selv to gange om ugen",
            "Laver mad selv og inviterer en ven",
        ]
        .map(str::to_owned),
        ..bus_goal()
    });
    course.follow_ups.push(FollowUp {
        date: date(12, 1),
        attained: vec![(1, 0), (2, 1)],
    });
    let mj_id = mj.id;
    let records = Records {
        citizens: &[mj],
        responses: &[ors],
        assessments: &[staff, own],
        plans: &[course],
        meetings: &meetings(mj_id, date(8, 18)),
        quarantine: &[],
    };
    let text = write(&origin(), &Selection::Everything, &records, &registry()).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

fn archive() -> Archive {
    let file = read_back(&course_file(), &registry()).unwrap();
    assert_eq!(file.rejected, []);
    let mut archive = Archive::default();
    archive.merge(file);
    archive
}

fn bundle(archive: &Archive) -> String {
    let mut text = Vec::new();
    fhir::write_archive_bundle(archive, &registry(), &SCHEMAS, &mut text).unwrap();
    String::from_utf8(text).unwrap()
}

fn sheet(archive: &Archive, sheet: Sheet) -> String {
    let mut text = Vec::new();
    write_archive_sheet(
        sheet,
        archive,
        &registry(),
        &SCHEMAS,
        Separator::Semicolon,
        &mut text,
    )
    .unwrap();
    String::from_utf8(text).unwrap()
}

#[test]
fn the_course_example_and_its_outputs_are_what_the_code_writes() {
    expect_file!["../../../../../docs/examples/course.json"].assert_eq(&course_file());
    let archive = archive();
    expect_file!["../../../../../docs/examples/course.fhir.json"].assert_eq(&bundle(&archive));
    for (name, kind) in [
        ("course.forms.csv", Sheet::Forms),
        ("course.mastery-ratings.csv", Sheet::Ratings),
        ("course.goals.csv", Sheet::Goals),
        ("course.follow-ups.csv", Sheet::FollowUps),
        ("course.meetings.csv", Sheet::Meetings),
    ] {
        golden_bytes(name, &sheet(&archive, kind));
    }
}

/// `docs/examples/<name>` is `text` byte for byte (its CR LF line ends too, which `expect_file` would
/// normalise away); written when `UPDATE_EXPECT` is set.
#[track_caller]
fn golden_bytes(name: &str, text: &str) {
    let path = format!("{}/../../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == text,
        "{name} is not what the code writes: UPDATE_EXPECT=1 cargo test"
    );
}

#[test]
fn the_sheets_have_a_row_per_domain_rated_per_goal_per_goal_followed_up_and_per_meeting() {
    let archive = archive();
    let rows = |kind: Sheet| {
        let text = sheet(&archive, kind);
        assert!(text.starts_with('\u{feff}'), "{kind:?} starts with a BOM");
        assert!(text.ends_with("\r\n"));
        text.lines().count() - 1
    };
    // Staff rated five sub-themes, MJ four domains.
    assert_eq!(rows(Sheet::Ratings), 5 + 4);
    assert_eq!(rows(Sheet::Goals), 2);
    assert_eq!(rows(Sheet::FollowUps), 2);
    // The four meeting records (a plan in shape 4 logs none itself).
    assert_eq!(rows(Sheet::Meetings), 4);
    let ratings = sheet(&archive, Sheet::Ratings);
    // A comment is flagged, never copied; FFB's code beside its display.
    assert!(!ratings.contains("Vil gerne"), "{ratings}");
    let koebe_ind = ffb::condition("koebe_ind").unwrap().term();
    assert!(
        ratings.contains(&format!("{};Købe ind;2;", koebe_ind.code())),
        "{ratings}"
    );
}

/// Every resource of the course bundle by its full URL.
fn resources(text: &str) -> BTreeMap<String, Value> {
    let bundle: Value = serde_json::from_str(text).unwrap();
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["fullUrl"].as_str().unwrap().to_owned(),
                entry["resource"].clone(),
            )
        })
        .collect()
}

/// The FFB term `coding` names, checked against the generated tables: the code in FFB's system with its display.
#[track_caller]
fn ffb_term(coding: &Value) -> &'static str {
    assert_eq!(coding["system"], ffb::SYSTEM, "{coding}");
    let code = coding["code"].as_str().unwrap();
    let display = coding["display"].as_str().unwrap();
    let term = ffb::conditions()
        .iter()
        .map(ffb::Condition::term)
        .chain(ffb::function_levels().iter().map(ffb::Level::term))
        .chain(ffb::goal_types())
        .find(|term| term.code() == code)
        .unwrap_or_else(|| panic!("{code} is not an FFB code Mestring has"));
    assert_eq!(term.display(), display);
    term.id()
}

#[test]
fn the_fhir_course_keeps_kls_ffb_reporting_constraints() {
    let text = bundle(&archive());
    let resources = resources(&text);
    let of_type = |kind: &str| -> Vec<&Value> {
        resources
            .values()
            .filter(|resource| resource["resourceType"] == kind)
            .collect()
    };
    let levels: Vec<&str> = ffb::function_levels()
        .iter()
        .map(|level| level.term().id())
        .collect();
    let goal_types: Vec<&str> = ffb::goal_types().iter().map(|term| term.id()).collect();
    let subject = |resource: &Value| {
        assert_eq!(
            resource["subject"]["identifier"]["system"],
            "urn:mestring:citizen"
        );
        resource["subject"]["identifier"]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mj = archive().citizens().next().unwrap().id.to_string();

    // Conditions: a code under FFB tilstande (a sub-theme), clinical status and recorded date; a severity from
    // Funktionsevneniveau exactly for Aktivitet og deltagelse (kl-reporting-ffb-condition-1).
    let conditions = of_type("Condition");
    assert_eq!(conditions.len(), 5, "one per sub-theme staff rated");
    for condition in &conditions {
        let id = ffb_term(&condition["code"]["coding"][0]);
        let term = ffb::condition(id).unwrap();
        assert_eq!(term.rank(), Rank::SubTheme);
        assert_eq!(condition["clinicalStatus"]["coding"][0]["code"], "active");
        assert!(condition["recordedDate"].is_string());
        let severity = &condition["severity"]["coding"][0];
        assert_eq!(severity.is_object(), term.is_levelled(), "{condition}");
        assert!(levels.contains(&ffb_term(severity)));
        assert_eq!(subject(condition), mj);
    }

    // Goals: category and description as KL's, the måltype target from Måltype, the level target from
    // Funktionsevneniveau, and exactly one addressed Condition of rank 1, each of Aktivitet og deltagelse
    // (kl-reporting-ffb-intervention-goal-1 and -2).
    let goals = of_type("Goal");
    assert_eq!(goals.len(), 2);
    for goal in &goals {
        assert_eq!(goal["lifecycleStatus"], "active");
        assert_eq!(
            goal["category"][0]["coding"][0]["code"],
            "0bb3daef-538d-45dc-b444-abdbcb63f6bc"
        );
        assert_eq!(goal["description"]["coding"][0]["code"], "410518001");
        let targets = goal["target"].as_array().unwrap();
        let by_measure = |measure: &str| {
            targets
                .iter()
                .find(|target| target["measure"]["coding"][0]["code"] == measure)
                .map(|target| ffb_term(&target["detailCodeableConcept"]["coding"][0]))
                .unwrap()
        };
        assert!(goal_types.contains(&by_measure("90c48f03-f194-4b2f-ad7d-6cba1069ae48")));
        assert!(levels.contains(&by_measure("66959f77-6e2a-4574-8423-3ff097f8b9fa")));
        let addresses = goal["addresses"].as_array().unwrap();
        let primary = addresses
            .iter()
            .filter(|address| address["extension"][0]["valuePositiveInt"] == 1)
            .count();
        assert_eq!(primary, 1, "{goal}");
        for address in addresses {
            let condition = &resources[address["reference"].as_str().unwrap()];
            assert_eq!(condition["resourceType"], "Condition");
            let id = ffb_term(&condition["code"]["coding"][0]);
            assert!(ffb::levelled_sub_theme(id).is_some(), "{id}");
        }
        assert_eq!(subject(goal), mj);
        let gas_levels = goal["extension"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|extension| extension["url"] == fhir::course::EXTENSION_GAS_LEVEL)
            .count();
        assert_eq!(gas_levels, 5);
    }

    // The CarePlan holds both goals; every reference in the bundle resolves within it.
    let care_plans = of_type("CarePlan");
    assert_eq!(care_plans.len(), 1);
    assert_eq!(care_plans[0]["goal"].as_array().unwrap().len(), 2);
    let mut references = Vec::new();
    collect_references(&serde_json::from_str(&text).unwrap(), &mut references);
    assert!(!references.is_empty());
    for reference in references {
        assert!(resources.contains_key(&reference), "{reference} resolves");
    }

    // The follow-up: a level per goal and the T-score with both as members.
    let observations = of_type("Observation");
    let t_scores: Vec<&&Value> = observations
        .iter()
        .filter(|observation| observation["code"]["coding"][0]["code"] == "t-score")
        .collect();
    assert_eq!(t_scores.len(), 1);
    assert_eq!(t_scores[0]["hasMember"].as_array().unwrap().len(), 2);
    // Not even the label staff know the citizen by: the subject is the pseudonym only.
    assert!(!text.contains("\"MJ\""));
}

fn collect_references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::String(reference)) = fields.get("reference") {
                out.push(reference.clone());
            }
            fields
                .values()
                .for_each(|value| collect_references(value, out));
        }
        Value::Array(values) => values
            .iter()
            .for_each(|value| collect_references(value, out)),
        _ => {}
    }
}

#[test]
fn a_goal_whose_sub_theme_nobody_rated_addresses_a_condition_of_its_own_start_level() {
    let mj = citizen(1, "MJ", "Ungeenheden");
    let course = plan(mj.id, date(9, 1), true);
    let mut archive = Archive::default();
    let records = Records {
        citizens: std::slice::from_ref(&mj),
        plans: std::slice::from_ref(&course),
        ..Records::default()
    };
    let text = write(&origin(), &Selection::Everything, &records, &registry()).unwrap();
    archive.merge(read_back(&text, &registry()).unwrap());
    let resources = resources(&bundle(&archive));
    let goal = resources
        .values()
        .find(|resource| resource["resourceType"] == "Goal")
        .unwrap();
    let condition = &resources[goal["addresses"][0]["reference"].as_str().unwrap()];
    assert_eq!(
        ffb_term(&condition["code"]["coding"][0]),
        "faerdes_med_transportmidler"
    );
    // The bus goal starts from level 3, svært nedsat.
    assert_eq!(
        ffb_term(&condition["severity"]["coding"][0]),
        ffb::function_level(Some(FunctionLevel::new(3)))
            .unwrap()
            .term()
            .id()
    );
    assert_eq!(
        condition["recordedDate"],
        course.agreed_on.unwrap().to_string()
    );
}

#[test]
fn a_meeting_the_plan_logged_and_stored_as_a_record_is_one_row_the_records() {
    let mj = citizen(1, "MJ", "Ungeenheden");
    // A plan read in an older shape, still carrying the dialogue meeting it logged.
    let mut course = plan(mj.id, date(9, 1), false);
    course.meetings = vec![DialogueMeeting {
        date: date(9, 1),
        participants: vec![Participant::Citizen, Participant::Caseworker],
    }];
    let mut stored = course.meeting_records().remove(0);
    stored.agreements = "=Ringer til skolen".to_owned();
    let sheet_of = |meetings: &[crate::meeting::Meeting]| {
        let records = Records {
            citizens: std::slice::from_ref(&mj),
            responses: &[],
            assessments: &[],
            plans: std::slice::from_ref(&course),
            meetings,
            quarantine: &[],
        };
        let text = write(&origin(), &Selection::Everything, &records, &registry()).unwrap();
        let mut archive = Archive::default();
        archive.merge(read_back(&text, &registry()).unwrap());
        sheet(&archive, Sheet::Meetings)
    };
    // A plan is written in shape 4: the meeting it logged travels as the record it becomes.
    let meeting_id = stored.id.to_string();
    let from_the_plan = sheet_of(&[]);
    assert_eq!(from_the_plan.lines().count(), 2, "{from_the_plan}");
    assert!(from_the_plan.contains(&meeting_id), "{from_the_plan}");
    let recorded = sheet_of(&[stored]);
    assert_eq!(recorded.lines().count(), 2, "{recorded}");
    assert!(recorded.contains(&meeting_id), "{recorded}");
    // The record's agreements, a formula defused.
    assert!(recorded.contains(";'=Ringer til skolen;"), "{recorded}");
}

#[test]
fn each_meeting_is_one_finished_encounter_with_its_kind_roles_and_start_and_no_free_text() {
    let archive = archive();
    let text = bundle(&archive);
    let resources = resources(&text);
    let encounters: Vec<&Value> = resources
        .values()
        .filter(|resource| resource["resourceType"] == "Encounter")
        .collect();
    let meetings = crate::meeting::with_plan_meetings(
        &archive.meetings().cloned().collect::<Vec<_>>(),
        archive.plans(),
    );
    // The four records, each once.
    assert_eq!(encounters.len(), 4);
    for meeting in &meetings {
        let encounter = &resources[&format!("urn:uuid:{}", meeting.id)];
        assert_eq!(encounter["status"], "finished");
        assert_eq!(encounter["class"]["code"], "HH");
        assert_eq!(
            encounter["subject"]["identifier"]["system"],
            "urn:mestring:citizen"
        );
        assert_eq!(
            encounter["type"][0]["coding"][0]["code"],
            meeting.kind.code()
        );
        let roles: Vec<&str> = encounter["participant"]
            .as_array()
            .unwrap()
            .iter()
            .map(|participant| {
                participant["type"][0]["coding"][0]["code"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        let expected: Vec<&str> = meeting
            .participants
            .iter()
            .map(|role| role.code())
            .collect();
        assert_eq!(roles, expected);
        let start = encounter["period"]["start"].as_str().unwrap();
        match meeting.time {
            Some(time) => assert!(
                start.starts_with(&format!("{}T{}", meeting.date, time.format("%H:%M:00"))),
                "{start}"
            ),
            None => assert_eq!(start, meeting.date.to_string()),
        }
    }
    // The follow-up carries KL's "opfølgning" beside its kind; whoever took the minutes is marked.
    let follow_up = encounters
        .iter()
        .find(|encounter| encounter["type"][0]["coding"][0]["code"] == "follow_up")
        .unwrap();
    assert_eq!(
        follow_up["type"][0]["coding"][1]["code"],
        "9f03dfbb-7a97-45a5-94db-d4c3501714a9"
    );
    assert!(follow_up.to_string().contains("\"minutes\""), "{follow_up}");
    // Agreements and notes stay in the CSV.
    assert!(!text.contains("Fortsætter med bussen"));
    assert!(!text.contains("Ringede om aftenen"));
}

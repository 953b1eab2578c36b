//! The Norwegian example in `docs/examples/`: a young person's plan with its *individuell plan* part
//! (coordinator, period, revision date, measures with who is responsible, consent, ansvarsgruppe).

use expect_test::expect_file;
use serde_json::Value;

use super::{SCHEMAS, origin, read_back, registry};
use crate::export::archive::Archive;
use crate::export::csv::{Separator, Sheet, write_archive_sheet};
use crate::export::{Origin, Records, Selection, fhir, write};
use crate::testing::{citizen, individual_plan, plan};

fn date(month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// SN's plan at a Norwegian unit, agreed 2 March, with an IP running a year from then and its revision
/// set for 1 September.
fn norwegian_file() -> String {
    let sn = citizen(4, "SN", "Ungdomsteamet");
    let mut agreed = plan(sn.id, date(2, 16), false);
    agreed.individual_plan = Some(individual_plan(date(3, 2), 183));
    let citizens = [sn];
    let plans = [agreed];
    let records = Records {
        citizens: &citizens,
        plans: &plans,
        ..Records::default()
    };
    let origin = Origin {
        facility: Some("Ungdomsteamet".to_owned()),
        ..origin()
    };
    let text = write(&origin, &Selection::Everything, &records, &registry()).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

#[test]
fn the_norwegian_example_reads_back_and_matches_the_published_schema() {
    let text = norwegian_file();
    let file = read_back(&text, &registry()).unwrap();
    assert_eq!(file.rejected, []);
    let ip = file.plans[0].individual_plan.as_ref().unwrap();
    assert_eq!(ip.revision_due, Some(date(9, 1)));
    assert_eq!(ip.missing(), []);
    let schema: Value = serde_json::from_str(include_str!(
        "../../../../../docs/export-format.schema.json"
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|err| err.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    // A member's role is one of the meeting roles; a consent carries whether it was given.
    let mut unknown_role = value.clone();
    unknown_role["payload"]["plans"][0]["individual_plan"]["members"][0]["role"] = "friend".into();
    assert!(!validator.is_valid(&unknown_role));
    let mut consent_unsaid = value;
    consent_unsaid["payload"]["plans"][0]["individual_plan"]["consent"] =
        serde_json::json!({"date": null});
    assert!(!validator.is_valid(&consent_unsaid));
    expect_file!["../../../../../docs/examples/norwegian-plan.json"].assert_eq(&text);
}

fn archive() -> Archive {
    let file = read_back(&norwegian_file(), &registry()).unwrap();
    let mut archive = Archive::default();
    archive.merge(file);
    archive
}

#[test]
fn the_goals_sheet_carries_the_individual_plan_on_each_goal_row() {
    let mut text = Vec::new();
    write_archive_sheet(
        Sheet::Goals,
        &archive(),
        &registry(),
        &SCHEMAS,
        Separator::Semicolon,
        &mut text,
    )
    .unwrap();
    let text = String::from_utf8(text).unwrap();
    let rows: Vec<Vec<&str>> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|line| line.split(';').collect())
        .collect();
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|column| *column == name).unwrap();
    let row = &rows[1];
    let ip: Vec<&str> = [
        "ip_coordinator",
        "ip_period_from",
        "ip_period_to",
        "ip_revision_due",
        "ip_consent",
        "ip_consent_date",
        "ip_measures",
        "ip_members",
    ]
    .iter()
    .map(|name| row[column(name)])
    .collect();
    assert_eq!(
        ip,
        [
            "Koordinator i kommunens helse- og omsorgstjeneste",
            "2026-03-02",
            "2027-03-01",
            "2026-09-01",
            "yes",
            "2026-03-02",
            "Støttekontakt to ettermiddager i uka: Kommunens psykiske helsetjeneste | Arbeidstrening med jobbspesialist: NAV",
            "citizen | relative (mor) | coordinator | other_professional (kontaktlærer)",
        ]
    );
}

#[test]
fn the_care_plan_carries_the_individual_plan() {
    let mut text = Vec::new();
    fhir::write_archive_bundle(&archive(), &registry(), &SCHEMAS, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let care_plan = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| &entry["resource"])
        .find(|resource| resource["resourceType"] == "CarePlan")
        .unwrap();
    assert_eq!(care_plan["period"]["start"], "2026-03-02");
    assert_eq!(care_plan["period"]["end"], "2027-03-01");
    let performers: Vec<&str> = care_plan["activity"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|activity| activity["detail"]["performer"][0]["display"].as_str())
        .collect();
    assert_eq!(
        performers,
        ["Kontaktperson", "Kommunens psykiske helsetjeneste", "NAV"],
        "the goal's training, then the measures"
    );
    assert_eq!(care_plan["careTeam"][0]["reference"], "#ansvarsgruppe");
    assert_eq!(
        care_plan["contained"][0]["participant"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    expect_file!["../../../../../docs/examples/norwegian-plan.fhir.json"].assert_eq(&text);
}

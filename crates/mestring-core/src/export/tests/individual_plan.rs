//! The Norwegian example in `docs/examples/`: a young person's plan with its *individuell plan* part
//! (coordinator, period, revision date, measures with who is responsible, consent, ansvarsgruppe).

use expect_test::expect_file;
use serde_json::Value;

use super::{origin, read_back, registry};
use crate::export::{Origin, Records, Selection, write};
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

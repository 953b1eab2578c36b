//! Merging is order-free: any order of the same files gives the same archive, and so the same bytes
//! out of every writer that reads it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::export::csv::{Separator, Sheet, responses_csv, write_archive_sheet};
use crate::export::{FormKey, Origin, Records, Selection, fhir, write};
use crate::fit::{Rater, Registry};
use crate::testing::{assessment, at, citizen, form, plan};

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

const TABLET_A: DeviceId = DeviceId::from_uuid_const([0xa1; 16]);
const TABLET_B: DeviceId = DeviceId::from_uuid_const([0xb2; 16]);

fn file(citizens: Vec<Citizen>, responses: Vec<Response>, plans: Vec<Plan>) -> ExportFile {
    ExportFile {
        origin: Origin {
            app_version: "test".to_owned(),
            export_id: Uuid::nil(),
            device_id: DeviceId::MERGED,
            created_at: at(16),
            facility: None,
        },
        selection: Selection::Everything,
        citizens,
        responses,
        assessments: Vec::new(),
        plans,
        meetings: Vec::new(),
        quarantine: Vec::new(),
        rejected: Vec::new(),
    }
}

fn meta(device_id: DeviceId, revision: u32, updated_at: DateTime<FixedOffset>) -> RecordMeta {
    RecordMeta {
        revision,
        updated_at,
        ..RecordMeta::new(device_id, at(9))
    }
}

/// What everything the caseworker gets from an archive looks like: the merged file's payload, the CSV,
/// the FHIR bundle and the conflicts, one text.
fn outputs(archive: &Archive) -> String {
    let registry = registry();
    let citizens: Vec<_> = archive.citizen_versions().cloned().collect();
    let responses: Vec<_> = archive.response_versions().cloned().collect();
    let assessments: Vec<_> = archive.assessment_versions().cloned().collect();
    let plans: Vec<_> = archive.plan_versions().cloned().collect();
    let meetings: Vec<_> = archive.meeting_versions().cloned().collect();
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        meetings: &meetings,
        quarantine: archive.quarantine(),
    };
    let origin = Origin {
        app_version: "test".to_owned(),
        export_id: Uuid::nil(),
        device_id: DeviceId::MERGED,
        created_at: at(17),
        facility: None,
    };
    let merged = write(&origin, &Selection::Everything, &records, &registry)
        .unwrap_or_else(|err| err.to_string());
    let bundle = fhir::bundle(
        archive.citizens().map(|citizen| citizen.id),
        archive.responses().map(FormKey::from),
        &registry,
    );
    let mut fhir = Vec::new();
    let schemas = crate::mastery::Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    bundle
        .write(
            archive.responses().map(Ok::<_, std::io::Error>),
            fhir::archive_course(archive).into_iter().map(Ok),
            &schemas,
            &mut fhir,
        )
        .unwrap_or_else(|err| panic!("{err}"));
    let mut sheets = Vec::new();
    for sheet in Sheet::ALL {
        write_archive_sheet(
            sheet,
            archive,
            &registry,
            &schemas,
            Separator::Semicolon,
            &mut sheets,
        )
        .unwrap_or_else(|err| panic!("{err}"));
    }
    format!(
        "{merged}\n{}\n{}\n{:?}",
        String::from_utf8_lossy(&sheets),
        String::from_utf8_lossy(&fhir),
        archive.conflict_details()
    )
}

fn merged(files: &[ExportFile]) -> Archive {
    let mut archive = Archive::default();
    for file in files {
        archive.merge(file.clone());
    }
    archive
}

#[test]
fn a_plans_revisions_and_another_tablets_version_merge_alike_in_any_order() {
    // X1 and X2: revisions 1 and 2 of a plan on tablet A; Y1: the same plan edited on tablet B.
    let mj = citizen(1, "MJ", "Hus 1");
    let first = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let mut x1 = plan(mj.id, first, false);
    x1.meta = meta(TABLET_A, 1, at(10));
    let mut x2 = plan(mj.id, first, true);
    x2.meta = meta(TABLET_A, 2, at(12));
    let mut y1 = plan(mj.id, first, false);
    y1.goals[0]
        .sub_goals
        .push("Ringe til kontaktpersonen".to_owned());
    y1.meta = meta(TABLET_B, 1, at(12));
    let [x1, y1, x2] = [x1, y1, x2].map(|plan| file(vec![mj.clone()], Vec::new(), vec![plan]));

    let one = merged(&[x1.clone(), y1.clone(), x2.clone()]);
    let other = merged(&[x1, x2.clone(), y1]);
    assert_eq!(one, other);
    // Tablet A's revision 1 is superseded by its revision 2 whatever came between.
    let versions: Vec<u32> = one.plan_versions().map(|plan| plan.meta.revision).collect();
    assert_eq!(versions.len(), 2, "{versions:?}");
    // Both changed at 12:00: the tie goes to the higher revision, never to the later file.
    assert_eq!(one.plans().next(), x2.plans.first());
    let conflicts = one.conflict_details();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].list, "plans");
    assert_eq!(
        conflicts[0]
            .versions
            .iter()
            .map(|version| (version.device_id, version.revision))
            .collect::<Vec<_>>(),
        [(TABLET_B, 1), (TABLET_A, 2)]
    );
}

#[test]
fn citizens_changed_at_the_same_moment_on_two_tablets_give_the_same_csv_in_either_order() {
    let mut on_a = citizen(1, "MJ", "Hus 1");
    on_a.meta = meta(TABLET_A, 2, at(12));
    let mut on_b = citizen(1, "MJ", "Hus 2");
    on_b.meta = meta(TABLET_B, 2, at(12));
    let ors = form(&on_a, "ors", Rater::Oneself, 3, 7, &[50, 60, 70, 80]);
    let p1 = file(vec![on_a], vec![ors.clone()], Vec::new());
    let p2 = file(vec![on_b], vec![ors], Vec::new());
    let registry = registry();
    let csv = |files: &[ExportFile]| responses_csv(&merged(files), &registry, Separator::Semicolon);
    assert_eq!(csv(&[p1.clone(), p2.clone()]), csv(&[p2, p1]));
}

/// One version of a record in a generated file: which kind and id, from which tablet, which revision,
/// when changed (few choices, so ties are common), and which content.
#[derive(Clone, Debug)]
struct Version {
    kind: u8,
    id: u8,
    tablet_b: bool,
    revision: u32,
    hour: u32,
    content: u8,
}

fn version() -> impl Strategy<Value = Version> {
    (0u8..5, 1u8..=3, any::<bool>(), 1u32..=3, 10u32..=11, 0u8..2).prop_map(
        |(kind, id, tablet_b, revision, hour, content)| Version {
            kind,
            id,
            tablet_b,
            revision,
            hour,
            content,
        },
    )
}

/// A generated file: its citizens, forms, plans, mastery ratings and quarantined records.
fn build(versions: &[Version]) -> ExportFile {
    let mut export = file(Vec::new(), Vec::new(), Vec::new());
    for version in versions {
        let device = if version.tablet_b { TABLET_B } else { TABLET_A };
        let (label, unit) = [("MJ", "Hus 1"), ("MJ", "Hus 2")][usize::from(version.content)];
        let mut person = citizen(version.id, label, unit);
        match version.kind {
            0 => {
                person.meta = meta(device, version.revision, at(version.hour));
                export.citizens.push(person);
            }
            1 => {
                // Written once: revision 1 always; other answers under the same id are a conflict.
                let answers = [50 + u16::from(version.content) * 10, 60, 70, 80];
                let mut response = form(&person, "ors", Rater::Oneself, 2, version.id, &answers);
                response.meta = meta(device, 1, at(version.hour));
                export.responses.push(response);
            }
            2 => {
                let first = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
                let mut revised = plan(person.id, first, version.content == 1);
                revised.meta = meta(device, version.revision, at(version.hour));
                export.plans.push(revised);
            }
            3 => {
                // Written once: other ratings under the same id are a conflict.
                let day = NaiveDate::from_ymd_opt(2026, 9, 2).unwrap();
                let ratings = [("home", Some(version.content + 4)), ("talking", None)];
                let mut rated = assessment(person.id, Rater::Oneself, 1, day, &ratings);
                rated.meta = meta(device, 1, at(version.hour));
                export.assessments.push(rated);
            }
            _ => {
                let record = serde_json::from_value(json!({
                    "store": "citizens",
                    "key": format!("k{}", version.id),
                    "reason": format!("unreadable {}", version.content),
                    "quarantined_at": at(version.hour).to_rfc3339(),
                    "raw": format!("{{\"id\": {}}}", version.revision),
                }))
                .unwrap_or_else(|err| panic!("{err}"));
                export.quarantine.push(record);
            }
        }
    }
    export
}

fn files_and_an_order() -> impl Strategy<Value = (Vec<ExportFile>, Vec<ExportFile>)> {
    proptest::collection::vec(proptest::collection::vec(version(), 0..6), 1..5).prop_flat_map(
        |files| {
            let files: Vec<ExportFile> = files.iter().map(|versions| build(versions)).collect();
            (Just(files.clone()), Just(files).prop_shuffle())
        },
    )
}

proptest! {
    /// Any permutation of the same files gives the same archive and byte-identical outputs.
    #[test]
    fn the_order_of_the_files_changes_nothing((files, shuffled) in files_and_an_order()) {
        let (one, other) = (merged(&files), merged(&shuffled));
        prop_assert_eq!(&one, &other);
        prop_assert_eq!(outputs(&one), outputs(&other));
        // Merging everything again adds nothing.
        let mut again = one.clone();
        for file in &shuffled {
            again.merge(file.clone());
        }
        prop_assert_eq!(again, one);
    }
}

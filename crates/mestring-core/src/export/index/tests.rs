//! The index gives every output exactly what the archive gives, from files read twice and never held.

use std::collections::BTreeSet;
use std::io::Cursor;

use chrono::{DateTime, FixedOffset, NaiveDate};
use proptest::prelude::*;

use std::rc::Rc;

use super::*;
use crate::export::archive::Archive;
use crate::export::csv::{Separator, Sheet, write_archive_sheet, write_merged_sheet};
use crate::export::{ExportFile, Records, Selection, fhir, read, write};
use crate::record::{DeviceId, RecordMeta};
use crate::testing::{assessment, at, citizen, form, plan};

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

fn schemas() -> mastery::Registry {
    mastery::Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

/// A budget whose runs are kept in memory.
fn in_memory() -> Budget {
    Budget {
        spill: Rc::new(spill::InMemory::default()),
        bytes: spill::BUDGET,
    }
}

/// The files in memory, as the second pass reads them.
struct InMemory(Vec<Vec<u8>>);

impl Inputs for InMemory {
    fn bytes(&mut self, at: Location) -> io::Result<&[u8]> {
        let start = usize::try_from(at.start).map_err(io::Error::other)?;
        self.0
            .get(at.input as usize)
            .and_then(|file| file.get(start..start + at.len as usize))
            .ok_or_else(|| io::Error::other("past the end"))
    }
}

/// Every CSV sheet, the FHIR bundle and the conflicts, one text, from the archive of `files` read whole.
fn from_the_archive(files: &[Vec<u8>]) -> String {
    let (registry, schemas) = (registry(), schemas());
    let mut archive = Archive::default();
    for file in files {
        let text = String::from_utf8_lossy(file);
        archive.merge(read(&text, &registry, &schemas).unwrap_or_else(|err| panic!("{err}")));
    }
    let bundle = fhir::bundle(
        archive.citizens().map(|citizen| citizen.id),
        archive.responses().map(FormKey::from),
        &registry,
    );
    let mut fhir = Vec::new();
    let course = fhir::archive_course(&archive);
    bundle
        .write(
            archive.responses().map(Ok::<_, io::Error>),
            course.into_iter().map(Ok),
            &schemas,
            &mut fhir,
        )
        .unwrap_or_else(|err| panic!("{err}"));
    let mut sheets = Vec::new();
    for sheet in Sheet::ALL {
        write_archive_sheet(
            sheet,
            &archive,
            &registry,
            &schemas,
            Separator::Semicolon,
            &mut sheets,
        )
        .unwrap_or_else(|err| panic!("{err}"));
    }
    format!(
        "{}\n{}\n{:?}",
        String::from_utf8_lossy(&sheets),
        String::from_utf8_lossy(&fhir),
        archive.conflict_details()
    )
}

/// The same from the index of `files`, each record read back from them as the outputs need it.
fn from_the_index(files: &[Vec<u8>]) -> String {
    from_the_index_within(files, spill::BUDGET)
}

/// [`from_the_index`], the index and the outputs' orders holding at most `budget` bytes of entries
/// each, the rest spilled and merged back.
fn from_the_index_within(files: &[Vec<u8>], budget: usize) -> String {
    let (registry, schemas) = (registry(), schemas());
    let spill = Rc::new(spill::InMemory::default());
    let budget = Budget {
        spill: spill.clone(),
        bytes: budget,
    };
    let mut index = Index::new(&registry, &budget);
    for (idx, file) in files.iter().enumerate() {
        let scanned = scan(
            Cursor::new(file),
            idx as u32,
            (&registry, &schemas),
            &budget,
        )
        .unwrap_or_else(|err| panic!("{err}"));
        index.add(scanned.entries).unwrap();
    }
    let merged = index.merge().unwrap();
    let mut inputs = InMemory(files.to_vec());
    let mut sheets = Vec::new();
    for sheet in Sheet::ALL {
        write_merged_sheet(
            sheet,
            &merged,
            &mut inputs,
            &registry,
            &schemas,
            Separator::Semicolon,
            &mut sheets,
        )
        .unwrap_or_else(|err| panic!("{err}"));
    }
    let bundle = fhir::merged_bundle(
        merged
            .latest(List::Responses)
            .filter_map(|entry| entry.unwrap().form_key()),
        &registry,
    );
    let mut fhir = Vec::new();
    let inputs = std::cell::RefCell::new(inputs);
    let responses = merged.latest(List::Responses).map(|entry| {
        entry
            .unwrap()
            .response(&mut *inputs.borrow_mut(), &registry)
    });
    let course = fhir::merged_course(&merged).unwrap();
    let course =
        course.map(|entry| fhir::read_course(&entry?, &mut *inputs.borrow_mut(), &schemas));
    bundle
        .write(responses, course, &schemas, &mut fhir)
        .unwrap_or_else(|err| panic!("{err}"));
    let outputs = format!(
        "{}\n{}\n{:?}",
        String::from_utf8_lossy(&sheets),
        String::from_utf8_lossy(&fhir),
        merged.conflict_details().unwrap()
    );
    drop(merged);
    // Every run is removed once read, or with what held it.
    assert_eq!(spill.held(), 0);
    outputs
}

fn example(name: &str) -> Vec<u8> {
    let path = format!("{}/../../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn examples() -> Vec<Vec<u8>> {
    [
        "tablet-a-week-1.json",
        "tablet-a-week-2.json",
        "tablet-b.json",
    ]
    .map(example)
    .to_vec()
}

#[test]
fn the_examples_give_the_same_outputs_through_the_index_as_read_whole() {
    let files = examples();
    let outputs = from_the_archive(&files);
    assert!(outputs.contains("ors;1;self"), "{outputs}");
    assert_eq!(from_the_index(&files), outputs);
}

#[test]
fn the_examples_spilled_a_record_a_run_give_the_same_outputs() {
    // A budget of nothing: each entry is a run of its own, more than are merged at once.
    let files = examples();
    assert_eq!(from_the_index_within(&files, 0), from_the_archive(&files));
}

#[test]
fn a_byte_order_mark_and_a_payload_out_of_order_are_read_and_located_alike() {
    let mut files = examples();
    files[0].splice(0..0, *b"\xef\xbb\xbf");
    // Week 2 with its payload's lists in reverse order and laid out on one line: valid, and hashed
    // only once every list is read.
    let text = String::from_utf8(files[1].clone()).unwrap();
    let mut file: Value = serde_json::from_str(&text).unwrap();
    let payload = file["payload"].as_object().unwrap().clone();
    let mut reversed = String::from("{");
    for (idx, (key, value)) in payload.iter().rev().enumerate() {
        if idx > 0 {
            reversed.push(',');
        }
        reversed.push_str(&format!("{}:{value}", Value::from(key.as_str())));
    }
    reversed.push('}');
    file["payload"] = Value::Null;
    let text = serde_json::to_string(&file)
        .unwrap()
        .replace("\"payload\":null", &format!("\"payload\":{reversed}"));
    assert!(
        text.contains("\"responses\":[")
            && text.find("\"responses\"") < text.find("\"assessments\"")
    );
    files[1] = text.into_bytes();
    assert_eq!(from_the_index(&files), from_the_archive(&files));
}

#[test]
fn a_file_that_fails_its_checksum_gives_no_entry() {
    let (registry, schemas) = (registry(), schemas());
    let text = String::from_utf8(example("tablet-b.json"))
        .unwrap()
        .replacen("\"LB\"", "\"LC\"", 1);
    let scanned = scan(
        Cursor::new(text.as_bytes()),
        0,
        (&registry, &schemas),
        &in_memory(),
    );
    // Only a file that passed gives `Entries`, and nothing else can be added to an index.
    assert!(matches!(
        scanned.err(),
        Some(ScanError::Read(ReadError::ChecksumMismatch))
    ));
    assert_eq!(
        read(&text, &registry, &schemas).err(),
        Some(ReadError::ChecksumMismatch)
    );
}

#[test]
fn a_record_changed_between_the_passes_is_refused() {
    let (registry, schemas) = (registry(), schemas());
    let file = example("tablet-b.json");
    let budget = in_memory();
    let scanned = scan(Cursor::new(&file), 0, (&registry, &schemas), &budget).unwrap();
    let mut index = Index::new(&registry, &budget);
    index.add(scanned.entries).unwrap();
    let merged = index.merge().unwrap();
    // The same length, so every other record still lies where the scan found it.
    let changed = String::from_utf8(file)
        .unwrap()
        .replacen("\"LB\"", "\"LC\"", 1)
        .into_bytes();
    let mut inputs = InMemory(vec![changed]);
    let first = merged.latest(List::Citizens).next().unwrap().unwrap();
    let err = first.citizen(&mut inputs).unwrap_err();
    assert!(
        matches!(&err, OutputError::Input { input: 0, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().ends_with(
            "is not what it was when the file was checked: the file changed while it was read"
        ),
        "{err}"
    );
}

#[test]
fn an_entry_is_small() {
    // The bytes the outputs hold or spill per record; a record held whole took about 1 KB.
    assert_eq!(WIDTH, 115);
}

const TABLET_A: DeviceId = DeviceId::from_uuid_const([0xa1; 16]);
const TABLET_B: DeviceId = DeviceId::from_uuid_const([0xb2; 16]);

fn meta(device_id: DeviceId, revision: u32, updated_at: DateTime<FixedOffset>) -> RecordMeta {
    RecordMeta {
        revision,
        updated_at,
        ..RecordMeta::new(device_id, at(9))
    }
}

/// One version of a record in a generated file: a citizen, a form or a plan; which id, from which
/// tablet, which revision, when changed (few choices, so ties are common), which content and meeting.
#[derive(Clone, Debug)]
struct Version {
    kind: u8,
    id: u8,
    tablet_b: bool,
    revision: u32,
    hour: u32,
    content: u8,
    meeting: u32,
}

fn version() -> impl Strategy<Value = Version> {
    (
        0u8..4,
        1u8..=3,
        any::<bool>(),
        1u32..=3,
        10u32..=11,
        0u8..2,
        1u32..=3,
    )
        .prop_map(
            |(kind, id, tablet_b, revision, hour, content, meeting)| Version {
                kind,
                id,
                tablet_b,
                revision,
                hour,
                content,
                meeting,
            },
        )
}

/// A generated file as an export writes it: every record's citizen is in it.
fn build(versions: &[Version]) -> Vec<u8> {
    let registry = registry();
    let mut file = ExportFile {
        origin: crate::export::Origin {
            app_version: "test".to_owned(),
            export_id: Uuid::nil(),
            device_id: DeviceId::MERGED,
            created_at: at(16),
            facility: None,
        },
        selection: Selection::Everything,
        citizens: Vec::new(),
        responses: Vec::new(),
        assessments: Vec::new(),
        plans: Vec::new(),
        meetings: Vec::new(),
        quarantine: Vec::new(),
        rejected: Vec::new(),
    };
    for version in versions {
        let device = if version.tablet_b { TABLET_B } else { TABLET_A };
        let (label, unit) = [("MJ", "Hus 1"), ("AB", "Hus 2")][usize::from(version.content)];
        let mut person = citizen(version.id, label, unit);
        match version.kind {
            0 => {
                person.meta = meta(device, version.revision, at(version.hour));
                file.citizens.push(person);
            }
            1 => {
                // Written once: other answers under the same id are a conflict.
                let answers = [50 + u16::from(version.content) * 10, 60, 70, 80];
                let seed = version.id * 10 + version.meeting as u8;
                let instrument = ["ors", "srs"][usize::from(version.meeting == 3)];
                let mut response = form(
                    &person,
                    instrument,
                    Rater::Oneself,
                    version.meeting,
                    seed,
                    &answers,
                );
                response.meta = meta(device, 1, at(version.hour));
                file.responses.push(response);
            }
            2 => {
                let first = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
                let mut revised = plan(person.id, first, version.content == 1);
                revised.meta = meta(device, version.revision, at(version.hour));
                file.plans.push(revised);
            }
            _ => {
                // A staff FFB rating or the citizen's own, on days and rounds that tie often; written
                // once, so other ratings under the same id are a conflict.
                let day = NaiveDate::from_ymd_opt(2026, 9, version.meeting).unwrap();
                let mut rated = if version.tablet_b {
                    let mut rated = assessment(
                        person.id,
                        Rater::Staff,
                        version.meeting,
                        day,
                        &[("koebe_ind", Some(version.content + 1)), ("spise", None)],
                    );
                    rated.schema = mastery::SchemaId::new("ffb_function");
                    rated.version = crate::fit::definition::Version::new(2);
                    rated
                } else {
                    assessment(
                        person.id,
                        Rater::Oneself,
                        version.meeting,
                        day,
                        &[
                            ("home", Some(version.content + 5)),
                            ("physical_health", None),
                        ],
                    )
                };
                rated.meta = meta(device, 1, at(version.hour));
                file.assessments.push(rated);
            }
        }
    }
    // Every citizen a record of the file is about, in the version of tablet A's first revision unless
    // the file has one of its own.
    let about: BTreeSet<u8> = versions.iter().map(|version| version.id).collect();
    for id in about {
        let person = citizen(id, "MJ", "Hus 1");
        if !file.citizens.iter().any(|held| held.id == person.id) {
            file.citizens.push(person);
        }
    }
    let records = Records {
        citizens: &file.citizens,
        responses: &file.responses,
        assessments: &file.assessments,
        plans: &file.plans,
        ..Records::default()
    };
    write(&file.origin, &Selection::Everything, &records, &registry)
        .unwrap_or_else(|err| panic!("{err}"))
        .into_bytes()
}

fn files_and_an_order() -> impl Strategy<Value = (Vec<Vec<u8>>, Vec<Vec<u8>>)> {
    proptest::collection::vec(proptest::collection::vec(version(), 0..8), 1..5).prop_flat_map(
        |files| {
            let files: Vec<Vec<u8>> = files.iter().map(|versions| build(versions)).collect();
            (Just(files.clone()), Just(files).prop_shuffle())
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever the files and their order, the index gives the archive's outputs, byte for byte.
    #[test]
    fn the_index_gives_what_the_archive_gives((files, shuffled) in files_and_an_order()) {
        let outputs = from_the_archive(&files);
        prop_assert_eq!(&from_the_index(&files), &outputs);
        prop_assert_eq!(&from_the_index(&shuffled), &outputs);
    }

    /// The same when every sort holds a few entries at most and merges many runs back from the spill.
    #[test]
    fn a_spilled_index_gives_the_same(
        (files, shuffled) in files_and_an_order(),
        budget in 0usize..2_000,
    ) {
        let outputs = from_the_index(&files);
        prop_assert_eq!(&from_the_index_within(&shuffled, budget), &outputs);
    }
}

/// A spill with no room left.
struct Full;

impl spill::Spill for Full {
    fn create(&self) -> io::Result<usize> {
        Err(io::Error::other("no space left on device"))
    }
    fn append(&self, _: usize, _: &[u8]) -> io::Result<()> {
        Err(io::Error::other("no space left on device"))
    }
    fn read(&self, _: usize, _: u64, _: &mut [u8]) -> io::Result<()> {
        Err(io::Error::other("no such run"))
    }
    fn remove(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_spill_that_fails_stops_the_scan_with_its_reason() {
    let (registry, schemas) = (registry(), schemas());
    let budget = Budget {
        spill: Rc::new(Full),
        bytes: 0,
    };
    let file = example("tablet-b.json");
    let err = scan(Cursor::new(&file), 0, (&registry, &schemas), &budget)
        .err()
        .map(|err| err.to_string());
    assert_eq!(
        err.as_deref(),
        Some("the tool's temporary files: no space left on device")
    );
}

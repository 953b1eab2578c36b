//! The records as HL7 FHIR R4: a `Bundle` (type `collection`) with a `Questionnaire` per instrument
//! version used and a `QuestionnaireResponse` per completed FIT form, then the mastery course
//! ([`course`]: ratings, goals, the plan, follow-ups, meetings).
//!
//! KL's Danish social-care guides (`kl.dk.fhir.core`, `kl.dk.fhir.children`) have no profile for FIT;
//! their questionnaire responses require `questionnaire`, `subject` and `authored` and keep items flat,
//! and so does this. The subject is pseudonymous: the citizen's Mestring id as an identifier, no name.
//! `source` says who answered (the citizen, a related person or staff: the rater), `author` which
//! device recorded it. Item `linkId`s are the instrument file's item ids; answers are decimals in points,
//! and a read-only `total` item carries the sum.
//!
//! The bundle is written entry by entry as each is made, never as one `Value` tree: 88 MB of exports
//! took 5.6 GB so.

use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::io;

use serde_json::{Value, json};

use crate::citizen::CitizenId;
use crate::export::FormKey;
use crate::export::archive::Archive;
use crate::export::index::{self, Entry, Inputs, List, Merged, Ordered, OutputError};
use crate::fit::definition::Definition;
use crate::fit::{Rater, Registry, Response};
use crate::lang::Lang;
use crate::mastery;
use crate::sort;

pub mod course;

pub use course::{Course, CourseOrder, assessment_order, course_order, meeting_order, plan_order};

const CITIZEN_SYSTEM: &str = "urn:mestring:citizen";
const DEVICE_SYSTEM: &str = "urn:mestring:device";
const RATER_SYSTEM: &str = "urn:mestring:rater";
/// The linkId of the total, beside the instrument's own items.
const TOTAL: &str = "total";

/// The canonical URL of an instrument's questionnaire (a URN: Mestring publishes no FHIR server).
fn canonical(definition: &Definition) -> String {
    format!("urn:mestring:questionnaire:{}", definition.id().as_str())
}

/// What a bundle holds: the forms that go in, each with the instrument version it answers, and
/// those left out. Decided before any form is read whole, from each form's [`FormKey`].
pub struct Bundle<'a> {
    registry: &'a Registry,
    /// The citizens whose records go in; `None` for all, when no record comes without its citizen.
    known: Option<BTreeSet<CitizenId>>,
    /// Each instrument version in use, in the order of first use.
    questionnaires: Vec<&'a Definition>,
    left_out: Vec<String>,
}

/// The forms of `citizens` as one FHIR `Bundle`; a form whose citizen is not among them, whose
/// instrument version is unknown, or whose answers do not fit it is left out and named in
/// [`Bundle::left_out`]. Nothing is written yet, so a caller can refuse before writing anything; the
/// forms are written by [`Bundle::write`], in the same order.
pub fn bundle<'a, 'k>(
    citizens: impl IntoIterator<Item = CitizenId>,
    forms: impl IntoIterator<Item = FormKey<'k>>,
    registry: &'a Registry,
) -> Bundle<'a> {
    bundle_of(Some(citizens.into_iter().collect()), forms, registry)
}

/// The forms of a merged index as one FHIR `Bundle`, as [`bundle`] makes it of the index's citizens:
/// an index holds no record without its citizen ([`Index::add`](index::Index::add)), so none is left
/// out for it, and no citizen's id is held.
pub fn merged_bundle<'a, 'k>(
    forms: impl IntoIterator<Item = FormKey<'k>>,
    registry: &'a Registry,
) -> Bundle<'a> {
    bundle_of(None, forms, registry)
}

fn bundle_of<'a, 'k>(
    known: Option<BTreeSet<CitizenId>>,
    forms: impl IntoIterator<Item = FormKey<'k>>,
    registry: &'a Registry,
) -> Bundle<'a> {
    let mut bundle = Bundle {
        registry,
        known,
        questionnaires: Vec::new(),
        left_out: Vec::new(),
    };
    // The instrument versions met so far, so no form scans the questionnaires.
    let mut used: BTreeSet<(&str, u16)> = BTreeSet::new();
    for form in forms {
        match bundle.fitting(&form) {
            Some(definition) => {
                let key = (definition.id().as_str(), definition.version().get());
                if used.insert(key) {
                    bundle.questionnaires.push(definition);
                }
            }
            None => bundle.left_out.push(form.id.to_string()),
        }
    }
    bundle
}

impl<'a> Bundle<'a> {
    /// The ids of the forms that are not in the bundle.
    pub fn left_out(&self) -> &[String] {
        &self.left_out
    }

    /// The instrument version `form` answers, if it goes in.
    fn fitting(&self, form: &FormKey) -> Option<&'a Definition> {
        let definition = self
            .registry
            .get(form.instrument, Some(form.version))
            .ok()?;
        (self.goes_in(form.citizen_id) && form.n_answers == definition.items().len())
            .then_some(definition)
    }

    /// Whether the records of `citizen_id` go in.
    fn goes_in(&self, citizen_id: CitizenId) -> bool {
        self.known
            .as_ref()
            .is_none_or(|known| known.contains(&citizen_id))
    }

    /// The bundle as pretty-printed JSON (as `serde_json::to_string_pretty` prints the whole `Value`,
    /// and a line break), one entry at a time: the questionnaires, then each of `responses` that goes in
    /// (the forms the bundle was made of, in the same order), then the resources of each `course` record,
    /// which come in [`course_order`]; a record whose citizen is not among the bundle's is left out.
    pub fn write<R: Borrow<Response>, E: From<io::Error>>(
        &self,
        responses: impl IntoIterator<Item = Result<R, E>>,
        course: impl IntoIterator<Item = Result<Course, E>>,
        schemas: &mastery::Registry,
        out: &mut (impl io::Write + ?Sized),
    ) -> Result<(), E> {
        // The keys of the bundle in the order serde_json prints an object's: `entry` first.
        out.write_all(b"{\n  \"entry\": [")?;
        let mut text = Vec::new();
        let mut n_entries = 0;
        let mut write_entry = |entry: Value| {
            out.write_all(if n_entries == 0 { b"\n" } else { b",\n" })?;
            n_entries += 1;
            text.clear();
            serde_json::to_writer_pretty(&mut text, &entry)?;
            // Indented two levels, as inside the bundle; JSON strings hold no raw line breaks.
            for (line_idx, line) in text.split(|byte| *byte == b'\n').enumerate() {
                if line_idx > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"    ")?;
                out.write_all(line)?;
            }
            Ok::<(), io::Error>(())
        };
        for definition in &self.questionnaires {
            let url = format!("{}:{}", canonical(definition), definition.version().get());
            write_entry(entry(url, questionnaire(definition)))?;
        }
        for response in responses {
            let response = response?;
            let response = response.borrow();
            if let Some(definition) = self.fitting(&FormKey::from(response)) {
                write_entry(entry(
                    format!("urn:uuid:{}", response.id),
                    questionnaire_response(response, definition),
                ))?;
            }
        }
        let mut resources = course::Resources::default();
        for record in course {
            let record = record?;
            if !self.goes_in(record.citizen_id()) {
                continue;
            }
            for (full_url, resource) in resources.of(&record, schemas) {
                write_entry(entry(full_url, resource))?;
            }
        }
        for (full_url, resource) in resources.finish() {
            write_entry(entry(full_url, resource))?;
        }
        let close = if n_entries == 0 { "]" } else { "\n  ]" };
        Ok(write!(
            out,
            "{close},\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\"\n}}\n"
        )?)
    }
}

/// Why an archive's bundle was not written.
#[derive(Debug)]
pub enum ArchiveBundleError {
    /// Forms that fit no instrument version known here, by id: nothing is written rather than a bundle
    /// silently without them.
    LeftOut(Vec<String>),
    Write(io::Error),
}

impl std::fmt::Display for ArchiveBundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArchiveBundleError::LeftOut(forms) => write!(
                f,
                "these forms fit no instrument version known here: {}",
                forms.join(", ")
            ),
            ArchiveBundleError::Write(err) => write!(f, "the bundle was not written: {err}"),
        }
    }
}

/// An archive's every form and mastery course as one bundle, as `mestring fhir` writes it of the same
/// files (the app's caseworker holds the archive; the command-line tool writes from its index).
pub fn write_archive_bundle(
    archive: &Archive,
    registry: &Registry,
    schemas: &mastery::Registry,
    out: &mut (impl io::Write + ?Sized),
) -> Result<(), ArchiveBundleError> {
    let bundle = bundle(
        archive.citizens().map(|citizen| citizen.id),
        archive.responses().map(FormKey::from),
        registry,
    );
    if !bundle.left_out().is_empty() {
        return Err(ArchiveBundleError::LeftOut(bundle.left_out().to_vec()));
    }
    bundle
        .write(
            archive.responses().map(Ok::<_, io::Error>),
            archive_course(archive).into_iter().map(Ok),
            schemas,
            out,
        )
        .map_err(ArchiveBundleError::Write)
}

/// The course records of a merged index (the latest version of each), in [`course_order`]: their entries, each
/// read back by [`read_course`] when the bundle comes to it.
pub fn merged_course<'r>(merged: &Merged<'r>) -> Result<Ordered<'r>, OutputError> {
    let lists = [List::Assessments, List::Plans, List::Meetings];
    index::ordered(merged, &lists, 16 + 1 + 4 + 4 + 1 + 16, |entry, bytes| {
        bytes.bytes(entry.citizen_id().uuid().as_bytes());
        match entry.rating_key() {
            // As `assessment_order` puts it.
            Some(key) => bytes
                .u8(0)
                .i32(index::days(key.date))
                .u32(key.round)
                .u8(index::rater_order(key.rater)),
            // As `plan_order` puts it: after the citizen's assessments, by id.
            None if entry.list() == List::Plans => bytes.u8(1).u32(0).u32(0).u8(0),
            // As `meeting_order` puts it: last, by id.
            None if entry.list() == List::Meetings => bytes.u8(2).u32(0).u32(0).u8(0),
            None => return false,
        };
        bytes.bytes(entry.id().as_bytes());
        true
    })
}

/// The course record of `entry` (an assessment's, a plan's or a meeting's), read back from `inputs`.
pub fn read_course(
    entry: &Entry,
    inputs: &mut impl Inputs,
    schemas: &mastery::Registry,
) -> Result<Course, OutputError> {
    match entry.list() {
        List::Plans => Ok(Course::Plan(entry.plan(inputs, schemas)?)),
        List::Meetings => Ok(Course::Meeting(entry.meeting(inputs)?)),
        _ => Ok(Course::Assessment(entry.assessment(inputs, schemas)?)),
    }
}

/// The course records of an archive (the latest version of each), in [`course_order`].
pub fn archive_course(archive: &Archive) -> Vec<Course> {
    let mut course: Vec<Course> = archive
        .assessments()
        .cloned()
        .map(Course::Assessment)
        .chain(archive.plans().cloned().map(Course::Plan))
        .chain(archive.meetings().cloned().map(Course::Meeting))
        .collect();
    sort::by_key(&mut course, course_order);
    course
}

fn entry(full_url: String, resource: Value) -> Value {
    json!({ "fullUrl": full_url, "resource": resource })
}

fn questionnaire(definition: &Definition) -> Value {
    let mut items: Vec<Value> = definition
        .items()
        .iter()
        .map(|item| {
            json!({
                "linkId": item.id().as_str(),
                "text": item.label().get(Lang::Da),
                "type": "decimal",
                "required": true,
            })
        })
        .collect();
    items.push(json!({
        "linkId": TOTAL,
        "type": "decimal",
        "readOnly": true,
    }));
    json!({
        "resourceType": "Questionnaire",
        "id": format!("mestring-{}-{}", definition.id().as_str(), definition.version().get()),
        "url": canonical(definition),
        "version": definition.version().get().to_string(),
        "name": definition.id().as_str().to_ascii_uppercase(),
        "title": definition.title().get(Lang::Da),
        "status": "active",
        "copyright": definition.licence(),
        "item": items,
    })
}

fn questionnaire_response(response: &Response, definition: &Definition) -> Value {
    let subject = json!({
        "type": "Patient",
        "identifier": { "system": CITIZEN_SYSTEM, "value": response.citizen_id.to_string() },
    });
    // Who the parent or the staff member was is not recorded; their role is, as the rater's code.
    let role = |kind: &str| {
        json!({
            "type": kind,
            "identifier": { "system": RATER_SYSTEM, "value": response.rater.code() },
        })
    };
    let source = match response.rater {
        Rater::Oneself => subject.clone(),
        Rater::Parent => role("RelatedPerson"),
        Rater::Staff => role("Practitioner"),
    };
    let mut items: Vec<Value> = definition
        .items()
        .iter()
        .zip(&response.answers)
        .map(|(item, answer)| {
            json!({
                "linkId": item.id().as_str(),
                "answer": [{ "valueDecimal": answer.as_points() }],
            })
        })
        .collect();
    if let Some(total) = response.total(definition) {
        items.push(json!({
            "linkId": TOTAL,
            "answer": [{ "valueDecimal": total.as_points() }],
        }));
    }
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": response.id.to_string(),
        "questionnaire": format!("{}|{}", canonical(definition), definition.version().get()),
        "status": "completed",
        "subject": subject,
        "authored": response.meta.created_at.to_rfc3339(),
        "author": {
            "type": "Device",
            "identifier": { "system": DEVICE_SYSTEM, "value": response.meta.device_id.to_string() },
        },
        "source": source,
        "item": items,
    })
}

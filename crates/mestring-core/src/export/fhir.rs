//! Completed FIT forms as HL7 FHIR R4: a `Bundle` (type `collection`) with a `Questionnaire` per
//! instrument version used and a `QuestionnaireResponse` per form.
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

use std::collections::BTreeSet;
use std::io;

use serde_json::{Value, json};

use crate::citizen::CitizenId;
use crate::fit::definition::Definition;
use crate::fit::{Rater, Registry, Response};
use crate::lang::Lang;

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
/// those left out.
pub struct Bundle<'a> {
    /// Each instrument version in use, in the order of first use.
    questionnaires: Vec<&'a Definition>,
    forms: Vec<(&'a Response, &'a Definition)>,
    left_out: Vec<String>,
}

/// The forms of `citizens` as one FHIR `Bundle`; a form whose citizen is not among them, whose
/// instrument version is unknown, or whose answers do not fit it is left out and named in
/// [`Bundle::left_out`]. Nothing is written yet, so a caller can refuse before writing anything.
pub fn bundle<'a>(
    citizens: impl IntoIterator<Item = CitizenId>,
    responses: impl IntoIterator<Item = &'a Response>,
    registry: &'a Registry,
) -> Bundle<'a> {
    let known: BTreeSet<CitizenId> = citizens.into_iter().collect();
    let mut questionnaires: Vec<&Definition> = Vec::new();
    // The instrument versions met so far, so no form scans the questionnaires.
    let mut used: BTreeSet<(&str, u16)> = BTreeSet::new();
    let mut forms = Vec::new();
    let mut left_out = Vec::new();
    for response in responses {
        let definition = registry.get(response.instrument.as_str(), Some(response.version));
        match definition {
            Ok(definition)
                if known.contains(&response.citizen_id)
                    && response.answers.len() == definition.items().len() =>
            {
                let key = (definition.id().as_str(), definition.version().get());
                if used.insert(key) {
                    questionnaires.push(definition);
                }
                forms.push((response, definition));
            }
            _ => left_out.push(response.id.to_string()),
        }
    }
    Bundle {
        questionnaires,
        forms,
        left_out,
    }
}

impl Bundle<'_> {
    /// The ids of the forms that are not in the bundle.
    pub fn left_out(&self) -> &[String] {
        &self.left_out
    }

    /// The bundle as pretty-printed JSON (as `serde_json::to_string_pretty` prints the whole `Value`,
    /// and a line break), one entry at a time.
    pub fn write(&self, out: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
        let questionnaires = self.questionnaires.iter().map(|definition| {
            let url = format!("{}:{}", canonical(definition), definition.version().get());
            entry(url, questionnaire(definition))
        });
        let responses = self.forms.iter().map(|(response, definition)| {
            entry(
                format!("urn:uuid:{}", response.id),
                questionnaire_response(response, definition),
            )
        });
        // The keys of the bundle in the order serde_json prints an object's: `entry` first.
        out.write_all(b"{\n  \"entry\": [")?;
        let mut text = Vec::new();
        for (idx, entry) in questionnaires.chain(responses).enumerate() {
            out.write_all(if idx == 0 { b"\n" } else { b",\n" })?;
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
        }
        let close = if self.forms.is_empty() { "]" } else { "\n  ]" };
        write!(
            out,
            "{close},\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\"\n}}\n"
        )
    }
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

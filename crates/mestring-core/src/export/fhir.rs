//! Completed FIT forms as HL7 FHIR R4: a `Bundle` (type `collection`) with a `Questionnaire` per
//! instrument version used and a `QuestionnaireResponse` per form.
//!
//! KL's Danish social-care guides (`kl.dk.fhir.core`, `kl.dk.fhir.children`) have no profile for FIT;
//! their questionnaire responses require `questionnaire`, `subject` and `authored` and keep items flat,
//! and so does this. The subject is pseudonymous: the citizen's Mestring id as an identifier, no name.
//! `source` says who answered (the citizen, a related person or staff: the rater), `author` which
//! device recorded it. Item `linkId`s are the instrument file's item ids; answers are decimals in points,
//! and a read-only `total` item carries the sum.

use serde_json::{Value, json};

use crate::citizen::Citizen;
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

/// The forms (of `citizens`) as one FHIR `Bundle`; a form whose instrument version is unknown, or
/// whose answers do not fit it, is left out and named in the second value.
pub fn bundle(
    citizens: &[&Citizen],
    responses: &[&Response],
    registry: &Registry,
) -> (Value, Vec<String>) {
    let mut questionnaires: Vec<&Definition> = Vec::new();
    let mut entries = Vec::new();
    let mut left_out = Vec::new();
    for response in responses {
        let known = citizens.iter().any(|c| c.id == response.citizen_id);
        let definition = registry.get(response.instrument.as_str(), Some(response.version));
        match (known, definition) {
            (true, Ok(definition)) if response.answers.len() == definition.items().len() => {
                if !questionnaires.contains(&definition) {
                    questionnaires.push(definition);
                }
                entries.push(entry(
                    format!("urn:uuid:{}", response.id),
                    questionnaire_response(response, definition),
                ));
            }
            _ => left_out.push(response.id.to_string()),
        }
    }
    let mut all: Vec<Value> = questionnaires
        .iter()
        .map(|definition| {
            let url = format!("{}:{}", canonical(definition), definition.version().get());
            entry(url, questionnaire(definition))
        })
        .collect();
    all.extend(entries);
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": all,
    });
    (bundle, left_out)
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

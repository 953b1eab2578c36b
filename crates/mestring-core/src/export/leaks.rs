//! The export's last guard against a personal number or a control character leaving the device.
//!
//! Every record a device holds passed [`free_text::check`] when it was typed and again when it was read,
//! so a selected record that fails it now was changed behind the app's back (or by a bug): the export
//! refuses to be written and names the record and field, rather than carry it or leave it out unseen.
//! Staff fix it in its editor, which shows the same problem beside the field.
//!
//! A quarantined record is different: it is kept raw because it could not be read, so nothing ever
//! checked it. It travels (with the selections of the whole device) for a person to recover, so every
//! personal number in it is masked (`XXXXXX-XXXX`) and its reason says how many were, so the caseworker
//! sees that something was held back and why.

use chrono::DateTime;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::citizen::Citizen;
use crate::export::{Selected, WriteError};
use crate::free_text::{self, FieldKind};
use crate::mastery::assessment::COMMENT_FIELD;
use crate::mastery::{Assessment, Plan, PlanText, goal_texts};
use crate::meeting::{Meeting, MeetingText};
use crate::stored::QuarantinedRecord;

/// Refuses the export when any free text of a selected record, or the facility's name, fails the check
/// every text passes at input.
pub(super) fn check_selected(
    selected: &Selected<'_>,
    facility: Option<&str>,
) -> Result<(), WriteError> {
    if let Some(facility) = facility {
        refuse_if_bad("the facility's name", facility, FieldKind::Unit)?;
    }
    for citizen in &selected.citizens {
        check_citizen(citizen)?;
    }
    for assessment in &selected.assessments {
        check_assessment(assessment)?;
    }
    for plan in &selected.plans {
        check_plan(plan)?;
    }
    for meeting in &selected.meetings {
        check_meeting(meeting)?;
    }
    Ok(())
}

fn check_meeting(meeting: &Meeting) -> Result<(), WriteError> {
    for (field, text) in [
        (MeetingText::Agreements, &meeting.agreements),
        (MeetingText::Note, &meeting.note),
    ] {
        refuse_if_bad(
            &format!("meeting {}: {field}", meeting.id),
            text,
            field.kind(),
        )?;
    }
    Ok(())
}

fn check_citizen(citizen: &Citizen) -> Result<(), WriteError> {
    let record = format!("citizen {}", citizen.id);
    let fields = &citizen.fields;
    refuse_if_bad(
        &format!("{record}: label"),
        fields.label.as_str(),
        FieldKind::Label,
    )?;
    refuse_if_bad(
        &format!("{record}: unit"),
        fields.unit.as_str(),
        FieldKind::Unit,
    )
}

fn check_assessment(assessment: &Assessment) -> Result<(), WriteError> {
    for (idx, entry) in assessment.entries.iter().enumerate() {
        if let Some(comment) = &entry.comment {
            let field = format!("assessment {}: entries[{idx}].comment", assessment.id);
            refuse_if_bad(&field, comment, COMMENT_FIELD)?;
        }
    }
    Ok(())
}

fn check_plan(plan: &Plan) -> Result<(), WriteError> {
    for goal in &plan.goals {
        for (field, text) in goal_texts(goal) {
            let named = format!("plan {}: goal {}: {field}", plan.id, goal.number);
            refuse_if_bad(&named, text, field.kind())?;
        }
    }
    refuse_if_bad(
        &format!("plan {}: agreements", plan.id),
        &plan.agreements,
        PlanText::Agreements.kind(),
    )
}

fn refuse_if_bad(field: &str, text: &str, kind: FieldKind) -> Result<(), WriteError> {
    match free_text::check(text, kind).first() {
        None => Ok(()),
        Some(problem) => Err(WriteError(format!(
            "{field} {problem}: correct it on the device and export again"
        ))),
    }
}

/// `record` with every personal number in its raw value, key and reason masked, and how many were.
pub(super) fn mask_quarantined(record: &QuarantinedRecord) -> (QuarantinedRecord, usize) {
    let mut n_masked = 0;
    let mut mask = |text: &str| {
        if is_id_or_timestamp(text) {
            return text.to_owned();
        }
        let (masked, n_found) = free_text::mask_personal_numbers(text);
        n_masked += n_found;
        masked
    };
    let store = mask(&record.store);
    let key = mask(&record.key);
    let reason = mask(&record.reason);
    // Raw text that is JSON is masked value by value, so ids and timestamps in it stay whole; text that
    // is not (or nests deeper than a reader goes) is masked as one text.
    let raw = match serde_json::from_str::<Value>(&record.raw) {
        Ok(value) => mask_value(&value, &mut mask).to_string(),
        Err(_) => mask(&record.raw),
    };
    let reason = match n_masked {
        0 => reason,
        n => format!("{reason} (personal numbers masked on export: {n})"),
    };
    let masked = QuarantinedRecord {
        store,
        key,
        reason,
        quarantined_at: record.quarantined_at,
        raw,
    };
    (masked, n_masked)
}

/// `record` as read from a file, refused when it holds what no tablet writes: a personal number (a tablet
/// masks them all when it writes the file) or a control character in its text.
pub(super) fn check_quarantined(record: &QuarantinedRecord) -> Result<QuarantinedRecord, String> {
    let (_, n_unmasked) = mask_quarantined(record);
    if n_unmasked > 0 {
        return Err(format!(
            "quarantined record {}: holds {n_unmasked} unmasked personal numbers, which a tablet masks when it writes a file",
            record.key
        ));
    }
    let texts = [
        (
            "store",
            &record.store,
            Some(QuarantinedRecord::MAX_STORE_CHARS),
        ),
        ("key", &record.key, Some(QuarantinedRecord::MAX_KEY_CHARS)),
        (
            "reason",
            &record.reason,
            Some(QuarantinedRecord::MAX_REASON_CHARS),
        ),
        ("raw", &record.raw, None),
    ];
    for (field, text, max) in texts {
        if let Some(control) = text.chars().find(|ch| free_text::is_control(*ch)) {
            return Err(format!(
                "quarantined record: {field}: {}",
                free_text::TextProblem::ControlCharacter(control)
            ));
        }
        if let Some(max) = max
            && text.chars().count() > max
        {
            return Err(format!(
                "quarantined record: {field}: {}",
                free_text::TextProblem::TooLong { max }
            ));
        }
    }
    Ok(record.clone())
}

/// How many personal numbers the quarantined records hold: what an export masks in them.
pub fn personal_numbers_in_quarantine(quarantine: &[QuarantinedRecord]) -> usize {
    quarantine
        .iter()
        .map(|record| mask_quarantined(record).1)
        .sum()
}

/// Every string, object key and number of `value` masked by `mask`.
fn mask_value(value: &Value, mask: &mut impl FnMut(&str) -> String) -> Value {
    match value {
        Value::String(text) => Value::String(mask(text)),
        Value::Number(number) => {
            let text = number.to_string();
            let masked = mask(&text);
            match masked == text {
                true => value.clone(),
                false => Value::String(masked),
            }
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| mask_value(item, mask)).collect())
        }
        Value::Object(fields) => {
            // Inserted one by one: `collect()` would compile a whole sort for the pairs.
            let mut masked = Map::new();
            for (key, item) in fields {
                masked.insert(mask(key), mask_value(item, mask));
            }
            Value::Object(masked)
        }
        Value::Null | Value::Bool(_) => value.clone(),
    }
}

/// Ids and timestamps, the stored shapes' own formats, are left as they are: their digits are no
/// personal number (a random UUID's often look like one), and a masked id could not be recovered.
fn is_id_or_timestamp(text: &str) -> bool {
    (text.len() == 36 && Uuid::try_parse(text).is_ok())
        || DateTime::parse_from_rfc3339(text).is_ok()
}

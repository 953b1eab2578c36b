//! The meeting's step and set-up as they are kept with the drafts (sealed on a device with a PIN), so a
//! reload or a lock resumes at the same screen with the same form, and every rater of the meeting starts
//! from the one set-up ([`mestring_core::fit::meeting`] holds the rules).

use chrono::NaiveDate;
use mestring_core::fit::definition::{Definition, Version};
use mestring_core::fit::meeting::{MeetingForm, MeetingStep, SetUp, Step};
use mestring_core::fit::{Age, Rater, Registry, ResponseId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a rater's step is kept: beside the draft of their answers, apart from it, since storing a form
/// deletes its draft in the same transaction while the step goes on to the form's summary.
pub fn key(citizen: &str, rater: Rater) -> String {
    format!("meeting/{citizen}/{}/step", rater.code())
}

/// Where a meeting's set-up is kept: one for the citizen's and the parent's pages, which staff hand the
/// tablet between; staff's own outcome scale is a set-up of its own, which never replaces theirs.
pub fn set_up_key(citizen: &str, rater: Rater) -> String {
    match rater {
        Rater::Staff => format!("meeting/{citizen}/staff/set-up"),
        Rater::Oneself | Rater::Parent => format!("meeting/{citizen}/set-up"),
    }
}

/// How the staff's and the citizen's screens name a form: its code (`SRS`), as the history does.
pub fn short_name(definition: &Definition) -> String {
    definition.id().as_str().to_ascii_uppercase()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredStep {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    date: NaiveDate,
    form_age: Age,
    #[serde(deserialize_with = "mestring_core::iso::date")]
    on: NaiveDate,
    step: StoredPhase,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StoredPhase {
    Answering {
        meeting: u32,
        instrument: String,
        version: u16,
    },
    Thanks {
        response: KeptId,
    },
    Staff {
        response: KeptId,
    },
}

/// A response's id as its 16 bytes. Kept as text, an id whose digits happen to read as a personal number
/// (`…-0101-90123…`) would be blanked with the rest of the draft's texts, and the step lost with it.
type KeptId = [u8; 16];

impl StoredStep {
    pub fn of(step: &MeetingStep) -> StoredStep {
        StoredStep {
            date: step.date,
            form_age: step.form_age,
            on: step.on,
            step: match &step.step {
                Step::Answering(form) => StoredPhase::Answering {
                    meeting: form.meeting,
                    instrument: form.instrument.as_str().to_owned(),
                    version: form.version.get(),
                },
                Step::Thanks(id) => StoredPhase::Thanks {
                    response: id.uuid().into_bytes(),
                },
                Step::Staff(id) => StoredPhase::Staff {
                    response: id.uuid().into_bytes(),
                },
            },
        }
    }

    /// The step, its form found in `registry`; `None` for a form or id this version cannot read.
    pub fn read(&self, registry: &Registry) -> Option<MeetingStep> {
        let step = match &self.step {
            StoredPhase::Answering {
                meeting,
                instrument,
                version,
            } => {
                let definition = registry
                    .get(instrument, Some(Version::new(*version)))
                    .ok()?;
                Step::Answering(MeetingForm {
                    meeting: *meeting,
                    kind: definition.kind(),
                    instrument: definition.id().clone(),
                    version: definition.version(),
                })
            }
            StoredPhase::Thanks { response } => Step::Thanks(response_id(*response)?),
            StoredPhase::Staff { response } => Step::Staff(response_id(*response)?),
        };
        Some(MeetingStep {
            date: self.date,
            form_age: self.form_age,
            on: self.on,
            step,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredSetUp {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    date: NaiveDate,
    form_age: Age,
    raters: Vec<Rater>,
    #[serde(deserialize_with = "mestring_core::iso::date")]
    on: NaiveDate,
}

impl StoredSetUp {
    pub fn of(set_up: &SetUp) -> StoredSetUp {
        StoredSetUp {
            date: set_up.date,
            form_age: set_up.form_age,
            raters: set_up.raters.clone(),
            on: set_up.on,
        }
    }

    /// The set-up; `None` for one naming no rater, which no meeting has.
    pub fn read(&self) -> Option<SetUp> {
        (!self.raters.is_empty()).then(|| SetUp {
            date: self.date,
            form_age: self.form_age,
            raters: self.raters.clone(),
            on: self.on,
        })
    }
}

fn response_id(bytes: KeptId) -> Option<ResponseId> {
    ResponseId::parse(&Uuid::from_bytes(bytes).hyphenated().to_string())
}

#[cfg(test)]
mod tests {
    use mestring_core::fit::meeting::planned;

    use super::*;

    #[test]
    fn every_step_reads_back_as_it_was_kept() {
        let registry = Registry::bundled().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let planned = planned(&registry, &[], Rater::Oneself, day, Age::years(8)).unwrap();
        let answering = MeetingStep::start(day, Age::years(6), &planned, day);
        let id = ResponseId::from_random_bytes([7; 16]);
        for step in [
            answering.clone(),
            answering.to(Step::Thanks(id), day),
            answering.to(Step::Staff(id), day),
        ] {
            let text = serde_json::to_string(&StoredStep::of(&step)).unwrap();
            let stored: StoredStep = serde_json::from_str(&text).unwrap();
            assert_eq!(stored.read(&registry), Some(step), "{text}");
        }
    }

    #[test]
    fn a_set_up_reads_back_as_it_was_kept_and_one_without_raters_is_refused() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let set_up = SetUp {
            date: day,
            form_age: Age::years(17),
            raters: vec![Rater::Oneself, Rater::Parent],
            on: day,
        };
        let text = serde_json::to_string(&StoredSetUp::of(&set_up)).unwrap();
        let stored: StoredSetUp = serde_json::from_str(&text).unwrap();
        assert_eq!(stored.read(), Some(set_up.clone()), "{text}");
        let nobody = StoredSetUp::of(&SetUp {
            raters: Vec::new(),
            ..set_up
        });
        assert_eq!(nobody.read(), None);
    }

    #[test]
    fn a_response_id_that_reads_as_a_personal_number_survives_the_drafts_cleaning() {
        let registry = Registry::bundled().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let planned = planned(&registry, &[], Rater::Oneself, day, Age::years(30)).unwrap();
        let id = ResponseId::parse("01019012-3456-4789-8abc-def012345678").unwrap();
        let step = MeetingStep::start(day, Age::years(30), &planned, day).to(Step::Staff(id), day);
        let mut kept = serde_json::to_value(StoredStep::of(&step)).unwrap();
        assert!(mestring_core::free_text::has_personal_number(
            &id.to_string()
        ));
        mestring_core::draft::without_personal_numbers(&mut kept);
        let stored: StoredStep = serde_json::from_value(kept).unwrap();
        assert_eq!(stored.read(&registry), Some(step));
    }

    #[test]
    fn a_step_kept_with_its_id_as_text_or_mangled_is_refused_not_misread() {
        let registry = Registry::bundled().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let planned = planned(&registry, &[], Rater::Oneself, day, Age::years(30)).unwrap();
        let id = ResponseId::from_random_bytes([7; 16]);
        let step = MeetingStep::start(day, Age::years(30), &planned, day).to(Step::Staff(id), day);
        let kept = serde_json::to_value(StoredStep::of(&step)).unwrap();
        let with_response = |response: serde_json::Value| {
            let mut kept = kept.clone();
            kept["step"]["staff"]["response"] = response;
            kept
        };
        // As the version before kept it, as the drafts' cleaning left it then, short, and out of range.
        for response in [
            serde_json::json!(id.to_string()),
            serde_json::json!(""),
            serde_json::json!(vec![7; 15]),
            serde_json::json!([7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 256]),
        ] {
            let mangled = with_response(response.clone());
            assert!(
                serde_json::from_value::<StoredStep>(mangled).is_err(),
                "{response}"
            );
        }
        let whole = with_response(serde_json::json!(id.uuid().into_bytes()));
        let whole: StoredStep = serde_json::from_value(whole).unwrap();
        assert_eq!(whole.read(&registry), Some(step));
    }
}

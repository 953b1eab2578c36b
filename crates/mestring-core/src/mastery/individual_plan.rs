//! The Norwegian *individuell plan* (IP) part of a plan, as the *forskrift om habilitering, rehabilitering,
//! individuell plan og koordinator* asks a plan to record: the coordinator, the plan period, when it is
//! revised, the measures (*tiltak*) with who is responsible for each, the citizen's consent and the
//! *ansvarsgruppe*.
//!
//! People are named by role or service only (the app never stores a name), so every text here goes through
//! [`crate::free_text`] like the rest of the plan. A Danish plan has no IP part ([`super::Plan::individual_plan`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::meeting::Role;

// Stored as it is (`stored::StoredPlan`, shape 5): a change to its fields needs a new record version.

/// The IP part of a plan. Every field may be empty while the plan is being written; [`IndividualPlan::missing`]
/// says what a complete IP still lacks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndividualPlan {
    /// The coordinator by role or service ("koordinator i NAV", "helsesykepleier"), never by name.
    pub coordinator: String,
    /// The first day of the plan period.
    #[serde(default, deserialize_with = "crate::iso::optional_date")]
    pub period_from: Option<NaiveDate>,
    /// The last day of the plan period.
    #[serde(default, deserialize_with = "crate::iso::optional_date")]
    pub period_to: Option<NaiveDate>,
    /// The day the plan is to be revised with the citizen and the ansvarsgruppe.
    #[serde(default, deserialize_with = "crate::iso::optional_date")]
    pub revision_due: Option<NaiveDate>,
    /// The measures (*tiltak*), each with who is responsible.
    pub measures: Vec<Measure>,
    /// The citizen's consent to the plan; `None` while not recorded.
    pub consent: Option<Consent>,
    /// The members of the ansvarsgruppe, by role.
    pub members: Vec<Member>,
}

/// A measure (*tiltak*) and the service or role responsible for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub what: String,
    pub responsible: String,
}

/// Whether the citizen consented to the plan, and when that was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub given: bool,
    #[serde(default, deserialize_with = "crate::iso::optional_date")]
    pub date: Option<NaiveDate>,
}

/// A member of the ansvarsgruppe: a role, and an optional short pseudonymous description ("kontaktlærer").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub role: Role,
    pub description: String,
}

/// How many days before the revision date the plan says it is coming up.
pub const REVISION_NOTICE_DAYS: i64 = 30;

/// Where the plan stands with its revision on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revision {
    /// No revision date is set.
    NotSet,
    /// Due later than [`REVISION_NOTICE_DAYS`] from today.
    Scheduled(NaiveDate),
    /// Due today or within [`REVISION_NOTICE_DAYS`].
    Due(NaiveDate),
    /// The revision date has passed.
    Overdue(NaiveDate),
}

/// What a complete IP still lacks; shown as a list on the plan page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Missing {
    Coordinator,
    Period,
    RevisionDate,
    Measures,
    /// Measure `idx` (from 0) names no one responsible.
    Responsible(usize),
    Consent,
    Members,
}

impl IndividualPlan {
    /// Where the revision stands on `today`.
    pub fn revision(&self, today: NaiveDate) -> Revision {
        let Some(due) = self.revision_due else {
            return Revision::NotSet;
        };
        let days_left = (due - today).num_days();
        if days_left < 0 {
            Revision::Overdue(due)
        } else if days_left <= REVISION_NOTICE_DAYS {
            Revision::Due(due)
        } else {
            Revision::Scheduled(due)
        }
    }

    /// The revision date, when it has passed by `today`.
    pub fn revision_overdue(&self, today: NaiveDate) -> Option<NaiveDate> {
        match self.revision(today) {
            Revision::Overdue(due) => Some(due),
            _ => None,
        }
    }

    /// Everything a complete IP still lacks, in the order the plan page lists it.
    pub fn missing(&self) -> Vec<Missing> {
        let mut missing = Vec::new();
        if self.coordinator.trim().is_empty() {
            missing.push(Missing::Coordinator);
        }
        if self.period_from.is_none() || self.period_to.is_none() {
            missing.push(Missing::Period);
        }
        if self.revision_due.is_none() {
            missing.push(Missing::RevisionDate);
        }
        let measures: Vec<&Measure> = self.measures().collect();
        if measures.is_empty() {
            missing.push(Missing::Measures);
        }
        for (idx, measure) in self.measures.iter().enumerate() {
            if !measure.what.trim().is_empty() && measure.responsible.trim().is_empty() {
                missing.push(Missing::Responsible(idx));
            }
        }
        if self.consent.is_none_or(|consent| consent.date.is_none()) {
            missing.push(Missing::Consent);
        }
        if self.members.is_empty() {
            missing.push(Missing::Members);
        }
        missing
    }

    /// The measures that say what is done (an empty row of the editor is none).
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        self.measures
            .iter()
            .filter(|measure| !measure.what.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn complete() -> IndividualPlan {
        IndividualPlan {
            coordinator: "Koordinator i kommunen".to_owned(),
            period_from: Some(date("2026-01-01")),
            period_to: Some(date("2026-12-31")),
            revision_due: Some(date("2026-06-30")),
            measures: vec![Measure {
                what: "Støttekontakt to ganger i uka".to_owned(),
                responsible: "Kommunens tjeneste for psykisk helse".to_owned(),
            }],
            consent: Some(Consent {
                given: true,
                date: Some(date("2026-01-05")),
            }),
            members: vec![Member {
                role: Role::Coordinator,
                description: String::new(),
            }],
        }
    }

    #[test]
    fn the_revision_is_scheduled_then_due_then_overdue() {
        let ip = complete();
        assert_eq!(
            ip.revision(date("2026-05-30")),
            Revision::Scheduled(date("2026-06-30"))
        );
        assert_eq!(
            ip.revision(date("2026-05-31")),
            Revision::Due(date("2026-06-30"))
        );
        assert_eq!(
            ip.revision(date("2026-06-30")),
            Revision::Due(date("2026-06-30")),
            "due on the day itself, not yet passed"
        );
        assert_eq!(
            ip.revision(date("2026-07-01")),
            Revision::Overdue(date("2026-06-30"))
        );
        assert_eq!(ip.revision_overdue(date("2026-06-30")), None);
        assert_eq!(
            ip.revision_overdue(date("2026-07-01")),
            Some(date("2026-06-30"))
        );
        let unset = IndividualPlan::default();
        assert_eq!(unset.revision(date("2030-01-01")), Revision::NotSet);
        assert_eq!(unset.revision_overdue(date("2030-01-01")), None);
    }

    #[test]
    fn a_complete_plan_misses_nothing() {
        assert_eq!(complete().missing(), []);
    }

    #[test]
    fn an_empty_plan_misses_everything() {
        assert_eq!(
            IndividualPlan::default().missing(),
            [
                Missing::Coordinator,
                Missing::Period,
                Missing::RevisionDate,
                Missing::Measures,
                Missing::Consent,
                Missing::Members,
            ]
        );
    }

    #[test]
    fn half_a_period_an_undated_consent_and_a_measure_without_anyone_are_missing() {
        let mut ip = complete();
        ip.period_to = None;
        ip.consent = Some(Consent {
            given: true,
            date: None,
        });
        ip.measures.push(Measure {
            what: "Jobbspesialist".to_owned(),
            responsible: " ".to_owned(),
        });
        // An empty row the editor left is neither a measure nor one without a responsible.
        ip.measures.push(Measure::default());
        assert_eq!(
            ip.missing(),
            [Missing::Period, Missing::Responsible(1), Missing::Consent]
        );
    }

    #[test]
    fn a_refused_consent_with_its_date_is_recorded() {
        let mut ip = complete();
        ip.consent = Some(Consent {
            given: false,
            date: Some(date("2026-01-05")),
        });
        assert_eq!(ip.missing(), []);
    }
}

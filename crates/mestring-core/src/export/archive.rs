//! The caseworker's collection: export files from several tablets merged by record id.
//!
//! Importing a file twice changes nothing. A later revision of a record from the device that made it
//! replaces the earlier one; an earlier one is ignored. Two different versions that no revision orders
//! (edited on two devices, or changed by hand) are both kept and flagged as a conflict, never chosen between.
//! Written-once records (responses, assessments) have one revision, so the same id with other content is
//! such a conflict; plans change by revisions as citizens do.

use std::collections::BTreeMap;

use crate::citizen::{Citizen, CitizenId};
use crate::export::{ExportFile, Rejected};
use crate::fit::{Response, ResponseId};
use crate::mastery::{Assessment, AssessmentId, Plan, PlanId};
use crate::record::RecordMeta;
use crate::stored::QuarantinedRecord;

/// Every record imported so far; each id holds one version, or several when they conflict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Archive {
    citizens: BTreeMap<CitizenId, Vec<Citizen>>,
    responses: BTreeMap<ResponseId, Vec<Response>>,
    assessments: BTreeMap<AssessmentId, Vec<Assessment>>,
    plans: BTreeMap<PlanId, Vec<Plan>>,
    /// Records a tablet could not read, kept raw so that someone can recover them.
    quarantine: Vec<QuarantinedRecord>,
}

/// What merging one file did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// New records.
    pub accepted: usize,
    /// Later revisions that replaced what was held.
    pub updated: usize,
    /// Records held already, exactly so.
    pub already_present: usize,
    /// Earlier revisions of records held in a later one.
    pub superseded: usize,
    /// Ids of records now held in more than one version.
    pub conflicts: Vec<String>,
    /// Records the file itself could not give, with the reason.
    pub rejected: Vec<Rejected>,
}

enum Outcome {
    Accepted,
    Updated,
    AlreadyPresent,
    Superseded,
    Conflict,
}

trait Versioned: PartialEq {
    fn meta(&self) -> &RecordMeta;
}

impl Versioned for Citizen {
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
}

impl Versioned for Response {
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
}

impl Versioned for Assessment {
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
}

impl Versioned for Plan {
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
}

fn merge_one<T: Versioned>(held: &mut Vec<T>, incoming: T) -> Outcome {
    if held.is_empty() {
        held.push(incoming);
        return Outcome::Accepted;
    }
    if held.contains(&incoming) {
        return Outcome::AlreadyPresent;
    }
    // Revisions order the versions of one device only; `held` has one version unless in conflict.
    if let [only] = held.as_slice()
        && only.meta().device_id == incoming.meta().device_id
    {
        if incoming.meta().revision > only.meta().revision {
            held[0] = incoming;
            return Outcome::Updated;
        }
        if incoming.meta().revision < only.meta().revision {
            return Outcome::Superseded;
        }
    }
    held.push(incoming);
    Outcome::Conflict
}

impl Archive {
    pub fn merge(&mut self, file: ExportFile) -> MergeReport {
        let mut report = MergeReport {
            rejected: file.rejected,
            ..MergeReport::default()
        };
        let mut count = |outcome: Outcome, id: String| match outcome {
            Outcome::Accepted => report.accepted += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::AlreadyPresent => report.already_present += 1,
            Outcome::Superseded => report.superseded += 1,
            Outcome::Conflict => report.conflicts.push(id),
        };
        for citizen in file.citizens {
            let id = citizen.id;
            count(
                merge_one(self.citizens.entry(id).or_default(), citizen),
                id.to_string(),
            );
        }
        for response in file.responses {
            let id = response.id;
            count(
                merge_one(self.responses.entry(id).or_default(), response),
                id.to_string(),
            );
        }
        for assessment in file.assessments {
            let id = assessment.id;
            count(
                merge_one(self.assessments.entry(id).or_default(), assessment),
                id.to_string(),
            );
        }
        for plan in file.plans {
            let id = plan.id;
            count(
                merge_one(self.plans.entry(id).or_default(), plan),
                id.to_string(),
            );
        }
        for record in file.quarantine {
            if !self.quarantine.contains(&record) {
                self.quarantine.push(record);
            }
        }
        report
    }

    /// Every version of every citizen: a merged file keeps conflicts for a person to decide.
    pub fn citizen_versions(&self) -> impl Iterator<Item = &Citizen> {
        self.citizens.values().flatten()
    }

    pub fn response_versions(&self) -> impl Iterator<Item = &Response> {
        self.responses.values().flatten()
    }

    pub fn assessment_versions(&self) -> impl Iterator<Item = &Assessment> {
        self.assessments.values().flatten()
    }

    pub fn plan_versions(&self) -> impl Iterator<Item = &Plan> {
        self.plans.values().flatten()
    }

    pub fn quarantine(&self) -> &[QuarantinedRecord] {
        &self.quarantine
    }

    /// Each citizen once: of conflicting versions, the one changed last.
    pub fn citizens(&self) -> impl Iterator<Item = &Citizen> {
        self.citizens
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Each response once: of conflicting versions, the one changed last.
    pub fn responses(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Each assessment once: of conflicting versions, the one changed last.
    pub fn assessments(&self) -> impl Iterator<Item = &Assessment> {
        self.assessments
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Each plan once: of conflicting versions, the one changed last.
    pub fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.plans.values().filter_map(|versions| latest(versions))
    }

    /// Ids held in more than one version, for a person to decide.
    pub fn conflicts(&self) -> Vec<String> {
        let mut ids = conflicting(&self.citizens);
        ids.extend(conflicting(&self.responses));
        ids.extend(conflicting(&self.assessments));
        ids.extend(conflicting(&self.plans));
        ids
    }
}

fn conflicting<K: std::fmt::Display, T>(records: &BTreeMap<K, Vec<T>>) -> Vec<String> {
    records
        .iter()
        .filter(|(_, versions)| versions.len() > 1)
        .map(|(id, _)| id.to_string())
        .collect()
}

fn latest<T: Versioned>(versions: &[T]) -> Option<&T> {
    versions
        .iter()
        .max_by_key(|version| version.meta().updated_at)
}

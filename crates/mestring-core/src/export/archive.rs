//! The caseworker's collection: export files from several tablets merged by record id.
//!
//! Importing a file twice changes nothing. A later revision of a record from the device that made it
//! replaces the earlier one; an earlier one is ignored. Two different versions that no revision orders
//! (edited on two devices, or changed by hand) are both kept and flagged as a conflict, never chosen between.
//! Written-once records (responses, assessments) have one revision, so the same id with other content is
//! such a conflict; plans and meetings change by revisions as citizens do.
//!
//! The result depends on which records were merged, never on the order the files came in: each id holds,
//! for every device that wrote it, the versions of that device's highest revision, kept in [`precedence`]
//! order; so `mestring csv A B` and `mestring csv B A` write the same bytes.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::citizen::{Citizen, CitizenId};
use crate::export::{ExportFile, Rejected};
use crate::fit::{Response, ResponseId};
use crate::mastery::{Assessment, AssessmentId, Plan, PlanId};
use crate::meeting::{Meeting, MeetingId};
use crate::record::{DeviceId, RecordMeta};
use crate::stored::{
    QuarantinedRecord, StoredAssessment, StoredCitizen, StoredMeeting, StoredPlan, StoredResponse,
};

/// Every record imported so far; each id holds one version, or several when they conflict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Archive {
    citizens: BTreeMap<CitizenId, Vec<Citizen>>,
    responses: BTreeMap<ResponseId, Vec<Response>>,
    assessments: BTreeMap<AssessmentId, Vec<Assessment>>,
    plans: BTreeMap<PlanId, Vec<Plan>>,
    meetings: BTreeMap<MeetingId, Vec<Meeting>>,
    /// Records a tablet could not read, kept raw so that someone can recover them; in
    /// [`quarantine_order`], each once.
    quarantine: Vec<QuarantinedRecord>,
}

/// An id held in more than one version: a person must decide which is right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// `citizens`, `responses`, `assessments`, `plans` or `meetings`, as in the export file.
    pub list: &'static str,
    pub id: String,
    /// Every version held, in [`precedence`] order: the last is the one CSV, FHIR and reports use.
    pub versions: Vec<VersionOf>,
}

/// Which version of a record: what tells the versions of a conflict apart for a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionOf {
    pub device_id: DeviceId,
    pub revision: u32,
    pub updated_at: DateTime<FixedOffset>,
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

pub(crate) enum Outcome {
    Accepted,
    Updated,
    AlreadyPresent,
    Superseded,
    Conflict,
}

/// A record as the merge sees it: which version it is and what it holds.
pub(crate) trait Versioned: PartialEq {
    fn version(&self) -> VersionOf;
    /// What tells two versions apart when nothing else does: a digest of the record as the export file
    /// carries it ([`digest_of`]).
    fn digest(&self) -> Digest;
}

/// The first 16 bytes of a SHA-256: enough to tell apart any two versions a person could make.
pub(crate) type Digest = [u8; 16];

/// The digest of a record's stored shape as compact JSON.
pub(crate) fn digest_of(stored: &impl Serialize) -> Digest {
    let mut digest = [0; 16];
    digest.copy_from_slice(&Sha256::digest(json_of(stored))[..16]);
    digest
}

/// A stored shape as compact JSON; empty if it cannot be written, which no stored shape does.
fn json_of(stored: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(stored).unwrap_or_default()
}

impl VersionOf {
    fn of(meta: &RecordMeta) -> VersionOf {
        VersionOf {
            device_id: meta.device_id,
            revision: meta.revision,
            updated_at: meta.updated_at,
        }
    }
}

impl Versioned for Citizen {
    fn version(&self) -> VersionOf {
        VersionOf::of(&self.meta)
    }
    fn digest(&self) -> Digest {
        digest_of(&StoredCitizen::from(self))
    }
}

impl Versioned for Response {
    fn version(&self) -> VersionOf {
        VersionOf::of(&self.meta)
    }
    fn digest(&self) -> Digest {
        digest_of(&StoredResponse::from(self))
    }
}

impl Versioned for Assessment {
    fn version(&self) -> VersionOf {
        VersionOf::of(&self.meta)
    }
    fn digest(&self) -> Digest {
        digest_of(&StoredAssessment::from(self))
    }
}

impl Versioned for Plan {
    fn version(&self) -> VersionOf {
        VersionOf::of(&self.meta)
    }
    fn digest(&self) -> Digest {
        digest_of(&StoredPlan::from(self))
    }
}

impl Versioned for Meeting {
    fn version(&self) -> VersionOf {
        VersionOf::of(&self.meta)
    }
    fn digest(&self) -> Digest {
        digest_of(&StoredMeeting::from(self))
    }
}

/// The order of the versions of one id, the last taken where one must be: changed last by its device's
/// clock, then the higher revision, then the device id, then the digest of the content. Nothing here
/// depends on which file brought a version, so ties never fall to the order of the files.
fn precedence<T: Versioned>(a: &T, b: &T) -> Ordering {
    let (version_a, version_b) = (a.version(), b.version());
    version_a
        .updated_at
        .cmp(&version_b.updated_at)
        .then(version_a.revision.cmp(&version_b.revision))
        .then(version_a.device_id.cmp(&version_b.device_id))
        .then_with(|| a.digest().cmp(&b.digest()))
}

/// Keeps, per device, the versions of its highest revision seen (revisions order one device's versions
/// only), in [`precedence`] order: the same versions whatever order they arrive in.
pub(crate) fn merge_one<T: Versioned>(held: &mut Vec<T>, incoming: T) -> Outcome {
    if held.contains(&incoming) {
        return Outcome::AlreadyPresent;
    }
    let VersionOf {
        device_id: device,
        revision,
        ..
    } = incoming.version();
    let same_device = |version: &T| version.version().device_id == device;
    if held
        .iter()
        .any(|version| same_device(version) && version.version().revision > revision)
    {
        return Outcome::Superseded;
    }
    let before = held.len();
    held.retain(|version| !(same_device(version) && version.version().revision < revision));
    let replaced = held.len() < before;
    let at = held.partition_point(|version| precedence(version, &incoming) == Ordering::Less);
    held.insert(at, incoming);
    match (held.len(), replaced) {
        (1, false) => Outcome::Accepted,
        (1, true) => Outcome::Updated,
        _ => Outcome::Conflict,
    }
}

/// Quarantined records in an order of their own content, so the merged file's list does not follow the
/// order of the files.
fn quarantine_order(a: &QuarantinedRecord, b: &QuarantinedRecord) -> Ordering {
    (&a.store, &a.key, a.quarantined_at, &a.reason)
        .cmp(&(&b.store, &b.key, b.quarantined_at, &b.reason))
        .then_with(|| json_of(&a.raw).cmp(&json_of(&b.raw)))
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
        for meeting in file.meetings {
            let id = meeting.id;
            count(
                merge_one(self.meetings.entry(id).or_default(), meeting),
                id.to_string(),
            );
        }
        for record in file.quarantine {
            if let Err(at) = self
                .quarantine
                .binary_search_by(|held| quarantine_order(held, &record))
            {
                self.quarantine.insert(at, record);
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

    pub fn meeting_versions(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings.values().flatten()
    }

    pub fn quarantine(&self) -> &[QuarantinedRecord] {
        &self.quarantine
    }

    /// Each citizen once: of conflicting versions, the last in [`precedence`] (the one changed last).
    pub fn citizens(&self) -> impl Iterator<Item = &Citizen> {
        self.citizens
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Each response once: of conflicting versions, the last in [`precedence`].
    pub fn responses(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Each assessment once: of conflicting versions, the last in [`precedence`].
    pub fn assessments(&self) -> impl Iterator<Item = &Assessment> {
        self.assessments
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Each plan once: of conflicting versions, the last in [`precedence`].
    pub fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.plans.values().filter_map(|versions| latest(versions))
    }

    /// Each meeting once: of conflicting versions, the last in [`precedence`].
    pub fn meetings(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings
            .values()
            .filter_map(|versions| latest(versions))
    }

    /// Ids held in more than one version, for a person to decide.
    pub fn conflicts(&self) -> Vec<String> {
        let mut ids = conflicting(&self.citizens);
        ids.extend(conflicting(&self.responses));
        ids.extend(conflicting(&self.assessments));
        ids.extend(conflicting(&self.plans));
        ids.extend(conflicting(&self.meetings));
        ids
    }

    /// Every id held in more than one version, with what tells the versions apart.
    pub fn conflict_details(&self) -> Vec<Conflict> {
        let mut conflicts = details("citizens", &self.citizens);
        conflicts.extend(details("responses", &self.responses));
        conflicts.extend(details("assessments", &self.assessments));
        conflicts.extend(details("plans", &self.plans));
        conflicts.extend(details("meetings", &self.meetings));
        conflicts
    }
}

fn conflicting<K: std::fmt::Display, T>(records: &BTreeMap<K, Vec<T>>) -> Vec<String> {
    records
        .iter()
        .filter(|(_, versions)| versions.len() > 1)
        .map(|(id, _)| id.to_string())
        .collect()
}

fn details<K: std::fmt::Display, T: Versioned>(
    list: &'static str,
    records: &BTreeMap<K, Vec<T>>,
) -> Vec<Conflict> {
    records
        .iter()
        .filter(|(_, versions)| versions.len() > 1)
        .map(|(id, versions)| Conflict {
            list,
            id: id.to_string(),
            versions: versions.iter().map(Versioned::version).collect(),
        })
        .collect()
}

/// The versions are held in [`precedence`] order.
fn latest<T: Versioned>(versions: &[T]) -> Option<&T> {
    versions.last()
}

#[cfg(test)]
mod tests;

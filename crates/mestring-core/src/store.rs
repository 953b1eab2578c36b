//! Where records live: the `Store` trait and its in-memory implementation.
//!
//! The browser app implements the trait over IndexedDB; tests and the CLI use [`MemoryStore`].
//! Every method returns a `Result`: a storage failure is shown to the user, never turned into an empty list.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::citizen::{Citizen, CitizenId, sort_for_display};
use crate::fit::definition::InstrumentId;
use crate::fit::{Rater, Response, ResponseId};
use crate::mastery::{Assessment, AssessmentId, Plan, PlanId};
use crate::meeting::{Meeting, MeetingId};
use crate::record::RecordMeta;
use crate::sort;

mod plan_meetings;

pub use plan_meetings::{move_plan_meetings, put_plan_meetings};

/// Durable storage of the device's records.
// Wasm is single-threaded, so these futures carry no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// All citizens, archived ones included, in display order.
    async fn citizens(&self) -> Result<Vec<Citizen>, StoreError>;

    /// Inserts the citizen or replaces the stored one with the same id.
    /// Fails with [`StoreErrorKind::Conflict`] unless `citizen` is a newer revision than the stored one:
    /// a change made elsewhere (another window) in the meantime is never overwritten.
    async fn put_citizen(&self, citizen: &Citizen) -> Result<(), StoreError>;

    /// Unfinished input saved under `key`, kept so that a reload, a crash or a closed tab loses nothing.
    async fn draft(&self, key: &str) -> Result<Option<String>, StoreError>;

    async fn put_draft(&self, key: &str, draft: &str) -> Result<(), StoreError>;

    async fn delete_draft(&self, key: &str) -> Result<(), StoreError>;

    /// Stores the citizen and removes the draft it was typed in, both or neither.
    async fn put_citizen_from_draft(
        &self,
        citizen: &Citizen,
        draft_key: &str,
    ) -> Result<(), StoreError>;

    /// Every completed form about the citizen, by meeting and then in the order written.
    async fn responses_of(&self, citizen: CitizenId) -> Result<Vec<Response>, StoreError>;

    /// The day of each completed form about the citizen, in any order: the days that count as meetings
    /// where no meeting was recorded ([`crate::meeting::counted_meeting_dates`]). A store reads them without
    /// opening the forms, the day being one of the fields kept in the clear.
    async fn form_dates_of(&self, citizen: CitizenId) -> Result<Vec<NaiveDate>, StoreError>;

    /// Every completed form on the device (for an export), in the same order within each citizen.
    async fn all_responses(&self) -> Result<Vec<Response>, StoreError>;

    /// Stores a completed form and removes the draft it was answered in, both or neither.
    /// A completed form is never replaced: storing the same id twice is a [`StoreErrorKind::Conflict`].
    async fn add_response_from_draft(
        &self,
        response: &Response,
        draft_key: &str,
    ) -> Result<(), StoreError>;

    /// Deletes these completed forms, all or none, each only if it has been exported and is not one the
    /// statistics keep ([`kept_for_statistics`] among the citizen's forms as stored when the deletion runs):
    /// data minimisation that staff confirm, never automatic. Returns how many were deleted.
    async fn delete_exported_responses(&self, ids: &[ResponseId]) -> Result<usize, StoreError>;

    /// Sets `exported_at` on these records, all or none, once their export was handed over;
    /// nothing else about them changes. Ids no longer stored are passed over.
    async fn mark_exported(
        &self,
        ids: &ExportedIds,
        at: DateTime<FixedOffset>,
    ) -> Result<(), StoreError>;

    /// Every completed mastery assessment of the citizen, by round and then in the order written.
    async fn assessments_of(&self, citizen: CitizenId) -> Result<Vec<Assessment>, StoreError>;

    /// Every completed mastery assessment on the device (for an export), in the same order within each citizen.
    async fn all_assessments(&self) -> Result<Vec<Assessment>, StoreError>;

    /// Stores a completed assessment and removes the draft it was rated in, both or neither.
    /// Like a completed form, it is never replaced: the same id twice is a [`StoreErrorKind::Conflict`].
    async fn add_assessment_from_draft(
        &self,
        assessment: &Assessment,
        draft_key: &str,
    ) -> Result<(), StoreError>;

    /// Every plan on the device (for the follow-up list and exports).
    async fn all_plans(&self) -> Result<Vec<Plan>, StoreError>;

    /// Inserts the plan or replaces the stored one with the same id, on the same revision rule as
    /// [`Store::put_citizen`].
    async fn put_plan(&self, plan: &Plan) -> Result<(), StoreError>;

    /// Stores the plan as [`Store::put_plan`] does and removes the draft it was edited in, both or neither.
    async fn put_plan_from_draft(&self, plan: &Plan, draft_key: &str) -> Result<(), StoreError>;

    /// Every meeting with the citizen, in the order they were held ([`sort_meetings`]).
    async fn meetings_of(&self, citizen: CitizenId) -> Result<Vec<Meeting>, StoreError>;

    /// Every meeting on the device (for an export), in the same order within each citizen.
    async fn all_meetings(&self) -> Result<Vec<Meeting>, StoreError>;

    /// Inserts the meeting or replaces the stored one with the same id, on the same revision rule as
    /// [`Store::put_citizen`]: the minutes of a meeting are completed in steps, and two tablets must not
    /// overwrite each other's.
    async fn put_meeting(&self, meeting: &Meeting) -> Result<(), StoreError>;

    /// Stores the meeting as [`Store::put_meeting`] does and removes the draft it was written in, both or
    /// neither.
    async fn put_meeting_from_draft(
        &self,
        meeting: &Meeting,
        draft_key: &str,
    ) -> Result<(), StoreError>;
}

/// The records an export held, by kind: what [`Store::mark_exported`] marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportedIds {
    pub citizens: Vec<CitizenId>,
    pub responses: Vec<ResponseId>,
    pub assessments: Vec<AssessmentId>,
    pub plans: Vec<PlanId>,
    pub meetings: Vec<MeetingId>,
}

impl ExportedIds {
    pub fn of(selected: &crate::export::Selected) -> ExportedIds {
        ExportedIds {
            citizens: selected.citizens.iter().map(|citizen| citizen.id).collect(),
            responses: selected
                .responses
                .iter()
                .map(|response| response.id)
                .collect(),
            assessments: selected
                .assessments
                .iter()
                .map(|assessment| assessment.id)
                .collect(),
            plans: selected.plans.iter().map(|plan| plan.id).collect(),
            meetings: selected.meetings.iter().map(|meeting| meeting.id).collect(),
        }
    }
}

/// The citizen's plan among `plans`: the one changed last, should two devices each have started one.
pub fn plan_of<'a>(
    plans: impl IntoIterator<Item = &'a Plan>,
    citizen: CitizenId,
) -> Option<&'a Plan> {
    plans
        .into_iter()
        .filter(|plan| plan.citizen_id == citizen)
        .max_by_key(|plan| plan.meta.updated_at)
}

/// The forms a deletion of exported forms always keeps, among `responses` (every stored form of the
/// citizens concerned): for each citizen, instrument and rater, the first form and the latest.
///
/// The first is the baseline: "change since the first meeting" (`fit::feedback`, `progress`) is measured
/// from it, so deleting it would silently move the starting point to a later meeting. The latest carries
/// the numbering on (`fit::next_form` counts from the highest meeting, so with every form gone the next
/// meeting would be number 1 again) and is the "previous" a session alert compares with. The forms between
/// go; the caseworker has them in the exports.
pub fn kept_for_statistics<'a>(
    responses: impl IntoIterator<Item = &'a Response>,
) -> BTreeSet<ResponseId> {
    // The order `responses_of` returns a citizen's forms in, the id breaking a tie so the choice never
    // depends on the order given.
    let order = |response: &Response| (response.meeting, response.meta.created_at, response.id);
    let mut ends: HashMap<(CitizenId, &InstrumentId, Rater), (&Response, &Response)> =
        HashMap::new();
    for response in responses {
        let key = (response.citizen_id, &response.instrument, response.rater);
        let (first, latest) = ends.entry(key).or_insert((response, response));
        if order(response) < order(first) {
            *first = response;
        }
        if order(response) > order(latest) {
            *latest = response;
        }
    }
    sort::set(
        ends.values()
            .flat_map(|(first, latest)| [first.id, latest.id]),
    )
}

/// Of `ids`, the forms a deletion of exported forms removes: stored among `stored` (every form of their
/// citizens), exported, and not kept for the statistics. What every [`Store`] applies inside its deletion.
pub fn deletable_among(ids: &[ResponseId], stored: &[Response]) -> Vec<ResponseId> {
    let kept = kept_for_statistics(stored);
    let asked: BTreeSet<ResponseId> = sort::set(ids.iter().copied());
    stored
        .iter()
        .filter(|response| {
            asked.contains(&response.id)
                && response.meta.exported_at.is_some()
                && !kept.contains(&response.id)
        })
        .map(|response| response.id)
        .collect()
}

/// Orders a citizen's assessments as [`Store::assessments_of`] returns them.
pub fn sort_assessments(assessments: &mut [Assessment]) {
    sort::by_key(assessments, |assessment| {
        (assessment.round, assessment.meta.created_at)
    });
}

/// Orders a citizen's meetings as [`Store::meetings_of`] returns them: by day and start (a meeting
/// without a time first in its day), then in the order written.
pub fn sort_meetings(meetings: &mut [Meeting]) {
    sort::by_key(meetings, meeting_order);
}

/// Where a meeting goes among its citizen's, as [`sort_meetings`] orders them.
pub fn meeting_order(
    meeting: &Meeting,
) -> (
    chrono::NaiveDate,
    chrono::NaiveTime,
    chrono::DateTime<chrono::FixedOffset>,
    crate::meeting::MeetingId,
) {
    (
        meeting.date,
        meeting.time.unwrap_or(chrono::NaiveTime::MIN),
        meeting.meta.created_at,
        meeting.id,
    )
}

/// Orders a citizen's responses as [`Store::responses_of`] returns them.
pub fn sort_responses(responses: &mut [Response]) {
    sort::by_key(responses, |response| {
        (response.meeting, response.meta.created_at)
    });
}

/// What kind of storage failure happened; the UI picks its message and advice from this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// Storage cannot be opened at all (private browsing, blocked by the browser).
    Unavailable,
    /// The device has no room left for the write.
    QuotaExceeded,
    /// The write was cancelled before it was stored.
    Aborted,
    /// The record changed elsewhere (another window) since it was read; nothing was overwritten.
    Conflict,
    /// The stored data belongs to a newer version of the app (open in another window).
    Outdated,
    /// The device has a PIN and is locked: nothing can be read or written until it is typed.
    Locked,
}

/// A failed storage operation: a kind to act on and a detail for logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    kind: StoreErrorKind,
    detail: String,
}

impl StoreError {
    pub fn new(kind: StoreErrorKind, detail: impl Into<String>) -> StoreError {
        StoreError {
            kind,
            detail: detail.into(),
        }
    }

    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            StoreErrorKind::Unavailable => "storage unavailable",
            StoreErrorKind::QuotaExceeded => "storage full",
            StoreErrorKind::Aborted => "write aborted",
            StoreErrorKind::Conflict => "changed elsewhere",
            StoreErrorKind::Outdated => "stored by a newer version",
            StoreErrorKind::Locked => "locked",
        };
        write!(f, "{kind}: {}", self.detail)
    }
}

impl std::error::Error for StoreError {}

/// How much of the browser's storage quota the app's origin uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageUsage {
    pub used_bytes: f64,
    pub quota_bytes: f64,
}

impl StorageUsage {
    /// From this share of the quota on, staff are told to export and free space before writes start failing.
    pub const WARN_AT: f64 = 0.8;

    /// The used share of the quota, 0.0–1.0; an unknown (zero) quota counts as full.
    pub fn share(self) -> f64 {
        if self.quota_bytes > 0.0 {
            (self.used_bytes / self.quota_bytes).clamp(0.0, 1.0)
        } else {
            1.0
        }
    }

    /// From this share on, a write the browser aborted without saying why is taken to have hit the quota.
    pub const FULL_AT: f64 = 0.95;

    pub fn nearly_full(self) -> bool {
        self.share() >= StorageUsage::WARN_AT
    }

    /// The likely reason for an aborted write: a full device needs "export and free space", not "try again".
    pub fn abort_kind(self) -> StoreErrorKind {
        if self.share() >= StorageUsage::FULL_AT {
            StoreErrorKind::QuotaExceeded
        } else {
            StoreErrorKind::Aborted
        }
    }
}

/// Keeps records in memory, for tests and the CLI.
#[derive(Debug, Default)]
pub struct MemoryStore {
    citizens: RefCell<BTreeMap<CitizenId, Citizen>>,
    responses: RefCell<BTreeMap<ResponseId, Response>>,
    assessments: RefCell<Vec<Assessment>>,
    plans: RefCell<Vec<Plan>>,
    meetings: RefCell<BTreeMap<MeetingId, Meeting>>,
    drafts: RefCell<BTreeMap<String, String>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl Store for MemoryStore {
    async fn citizens(&self) -> Result<Vec<Citizen>, StoreError> {
        let mut citizens: Vec<Citizen> = self.citizens.borrow().values().cloned().collect();
        sort_for_display(&mut citizens);
        Ok(citizens)
    }

    async fn put_citizen(&self, citizen: &Citizen) -> Result<(), StoreError> {
        let mut citizens = self.citizens.borrow_mut();
        check_newer(
            "citizen",
            &citizen.id,
            citizens.get(&citizen.id).map(|stored| stored.meta.revision),
            &citizen.meta,
        )?;
        citizens.insert(citizen.id, citizen.clone());
        Ok(())
    }

    async fn draft(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.drafts.borrow().get(key).cloned())
    }

    async fn put_draft(&self, key: &str, draft: &str) -> Result<(), StoreError> {
        self.drafts
            .borrow_mut()
            .insert(key.to_owned(), draft.to_owned());
        Ok(())
    }

    async fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.drafts.borrow_mut().remove(key);
        Ok(())
    }

    async fn put_citizen_from_draft(
        &self,
        citizen: &Citizen,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        self.put_citizen(citizen).await?;
        self.drafts.borrow_mut().remove(draft_key);
        Ok(())
    }

    async fn responses_of(&self, citizen: CitizenId) -> Result<Vec<Response>, StoreError> {
        let mut responses: Vec<Response> = self
            .responses
            .borrow()
            .values()
            .filter(|response| response.citizen_id == citizen)
            .cloned()
            .collect();
        sort_responses(&mut responses);
        Ok(responses)
    }

    async fn form_dates_of(&self, citizen: CitizenId) -> Result<Vec<NaiveDate>, StoreError> {
        Ok(self
            .responses
            .borrow()
            .values()
            .filter(|response| response.citizen_id == citizen)
            .map(|response| response.date)
            .collect())
    }

    async fn all_responses(&self) -> Result<Vec<Response>, StoreError> {
        let mut responses: Vec<Response> = self.responses.borrow().values().cloned().collect();
        sort_responses(&mut responses);
        Ok(responses)
    }

    async fn add_response_from_draft(
        &self,
        response: &Response,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        let mut responses = self.responses.borrow_mut();
        if responses.contains_key(&response.id) {
            return Err(already_stored("response", &response.id));
        }
        responses.insert(response.id, response.clone());
        self.drafts.borrow_mut().remove(draft_key);
        Ok(())
    }

    async fn delete_exported_responses(&self, ids: &[ResponseId]) -> Result<usize, StoreError> {
        let mut responses = self.responses.borrow_mut();
        let stored: Vec<Response> = responses.values().cloned().collect();
        let deletable = deletable_among(ids, &stored);
        for id in &deletable {
            responses.remove(id);
        }
        Ok(deletable.len())
    }

    async fn mark_exported(
        &self,
        ids: &ExportedIds,
        at: DateTime<FixedOffset>,
    ) -> Result<(), StoreError> {
        let mut stored_citizens = self.citizens.borrow_mut();
        for id in &ids.citizens {
            if let Some(citizen) = stored_citizens.get_mut(id) {
                citizen.meta.exported_at = Some(at);
            }
        }
        let mut stored_responses = self.responses.borrow_mut();
        for id in &ids.responses {
            if let Some(response) = stored_responses.get_mut(id) {
                response.meta.exported_at = Some(at);
            }
        }
        for assessment in self.assessments.borrow_mut().iter_mut() {
            if ids.assessments.contains(&assessment.id) {
                assessment.meta.exported_at = Some(at);
            }
        }
        for plan in self.plans.borrow_mut().iter_mut() {
            if ids.plans.contains(&plan.id) {
                plan.meta.exported_at = Some(at);
            }
        }
        let mut stored_meetings = self.meetings.borrow_mut();
        for id in &ids.meetings {
            if let Some(meeting) = stored_meetings.get_mut(id) {
                meeting.meta.exported_at = Some(at);
            }
        }
        Ok(())
    }

    async fn assessments_of(&self, citizen: CitizenId) -> Result<Vec<Assessment>, StoreError> {
        let mut assessments: Vec<Assessment> = self
            .assessments
            .borrow()
            .iter()
            .filter(|assessment| assessment.citizen_id == citizen)
            .cloned()
            .collect();
        sort_assessments(&mut assessments);
        Ok(assessments)
    }

    async fn all_assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        let mut assessments = self.assessments.borrow().clone();
        sort_assessments(&mut assessments);
        Ok(assessments)
    }

    async fn add_assessment_from_draft(
        &self,
        assessment: &Assessment,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        let mut assessments = self.assessments.borrow_mut();
        if assessments.iter().any(|stored| stored.id == assessment.id) {
            return Err(already_stored("assessment", &assessment.id));
        }
        assessments.push(assessment.clone());
        self.drafts.borrow_mut().remove(draft_key);
        Ok(())
    }

    async fn all_plans(&self) -> Result<Vec<Plan>, StoreError> {
        Ok(self.plans.borrow().clone())
    }

    async fn put_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        let mut plans = self.plans.borrow_mut();
        let stored = plans.iter().position(|stored| stored.id == plan.id);
        check_newer(
            "plan",
            &plan.id,
            stored.map(|idx| plans[idx].meta.revision),
            &plan.meta,
        )?;
        match stored {
            Some(idx) => plans[idx] = plan.clone(),
            None => plans.push(plan.clone()),
        }
        Ok(())
    }

    async fn put_plan_from_draft(&self, plan: &Plan, draft_key: &str) -> Result<(), StoreError> {
        self.put_plan(plan).await?;
        self.drafts.borrow_mut().remove(draft_key);
        Ok(())
    }

    async fn meetings_of(&self, citizen: CitizenId) -> Result<Vec<Meeting>, StoreError> {
        let mut meetings: Vec<Meeting> = self
            .meetings
            .borrow()
            .values()
            .filter(|meeting| meeting.citizen_id == citizen)
            .cloned()
            .collect();
        sort_meetings(&mut meetings);
        Ok(meetings)
    }

    async fn all_meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        let mut meetings: Vec<Meeting> = self.meetings.borrow().values().cloned().collect();
        sort_meetings(&mut meetings);
        Ok(meetings)
    }

    async fn put_meeting(&self, meeting: &Meeting) -> Result<(), StoreError> {
        let mut meetings = self.meetings.borrow_mut();
        check_newer(
            "meeting",
            &meeting.id,
            meetings.get(&meeting.id).map(|stored| stored.meta.revision),
            &meeting.meta,
        )?;
        meetings.insert(meeting.id, meeting.clone());
        Ok(())
    }

    async fn put_meeting_from_draft(
        &self,
        meeting: &Meeting,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        self.put_meeting(meeting).await?;
        self.drafts.borrow_mut().remove(draft_key);
        Ok(())
    }
}

/// The error for a second write of a completed record (`what` is "response", "assessment").
pub fn already_stored(what: &str, id: &dyn fmt::Display) -> StoreError {
    StoreError::new(
        StoreErrorKind::Conflict,
        format!("{what} {id} is already stored"),
    )
}

/// The rule every implementation applies before replacing a stored record that changes (a citizen, a plan).
/// `stored` is the revision held, if any.
pub fn check_newer(
    what: &str,
    id: &dyn fmt::Display,
    stored: Option<u32>,
    incoming: &RecordMeta,
) -> Result<(), StoreError> {
    match stored {
        Some(stored) if stored >= incoming.revision => Err(StoreError::new(
            StoreErrorKind::Conflict,
            format!(
                "{what} {id} is at revision {stored}, the write brings revision {}",
                incoming.revision
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use pollster::block_on;

    use super::*;
    use crate::testing::{at, citizen, response};

    #[test]
    fn put_then_list_returns_every_citizen_in_display_order() {
        let store = MemoryStore::new();
        let (ole, anna) = (citizen(1, "OL", "Hus 1"), citizen(2, "AN", "Hus 1"));
        block_on(store.put_citizen(&ole)).unwrap();
        block_on(store.put_citizen(&anna)).unwrap();
        assert_eq!(block_on(store.citizens()).unwrap(), [anna, ole]);
    }

    #[test]
    fn put_replaces_by_id() {
        let store = MemoryStore::new();
        let original = citizen(1, "OL", "Hus 1");
        block_on(store.put_citizen(&original)).unwrap();
        let archived = original.with_archived(true, original.meta.updated_at);
        block_on(store.put_citizen(&archived)).unwrap();
        assert_eq!(block_on(store.citizens()).unwrap(), [archived]);
    }

    #[test]
    fn a_write_based_on_an_old_revision_is_refused() {
        let store = MemoryStore::new();
        let original = citizen(1, "OL", "Hus 1");
        block_on(store.put_citizen(&original)).unwrap();
        // Two windows both start from revision 1.
        let first = original.with_archived(true, at(10));
        let second = original.with_archived(false, at(11));
        block_on(store.put_citizen(&first)).unwrap();
        let err = block_on(store.put_citizen(&second)).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict);
        assert_eq!(block_on(store.citizens()).unwrap(), [first]);
    }

    #[test]
    fn completing_a_draft_stores_the_citizen_and_drops_the_draft() {
        let store = MemoryStore::new();
        block_on(store.put_draft("citizen/new", r#"{"label":"O"}"#)).unwrap();
        block_on(store.put_draft("other", "x")).unwrap();
        let citizen = citizen(1, "OL", "Hus 1");
        block_on(store.put_citizen_from_draft(&citizen, "citizen/new")).unwrap();
        assert_eq!(
            block_on(store.citizens()).unwrap(),
            std::slice::from_ref(&citizen)
        );
        assert_eq!(block_on(store.draft("citizen/new")).unwrap(), None);
        assert_eq!(
            block_on(store.draft("other")).unwrap().as_deref(),
            Some("x")
        );

        // A refused write keeps the draft.
        block_on(store.put_draft("citizen/new", "again")).unwrap();
        assert!(block_on(store.put_citizen_from_draft(&citizen, "citizen/new")).is_err());
        assert_eq!(
            block_on(store.draft("citizen/new")).unwrap().as_deref(),
            Some("again")
        );
    }

    #[test]
    fn a_completed_form_is_stored_once_with_its_draft_gone() {
        let store = MemoryStore::new();
        let (ole, anna) = (citizen(1, "OL", "Hus 1"), citizen(2, "AN", "Hus 1"));
        let second = response(&ole, 2, 7);
        let first = response(&ole, 1, 8);
        block_on(store.put_draft("meeting", "{}")).unwrap();
        block_on(store.add_response_from_draft(&second, "meeting")).unwrap();
        block_on(store.add_response_from_draft(&first, "other")).unwrap();
        let annas = response(&anna, 1, 9);
        block_on(store.add_response_from_draft(&annas, "x")).unwrap();
        assert_eq!(block_on(store.draft("meeting")).unwrap(), None);
        assert_eq!(
            block_on(store.responses_of(ole.id)).unwrap(),
            [first.clone(), second.clone()]
        );
        let mut dates = block_on(store.form_dates_of(ole.id)).unwrap();
        crate::sort::ascending(&mut dates);
        let mut expected_dates = [first.date, second.date];
        crate::sort::ascending(&mut expected_dates);
        assert_eq!(dates, expected_dates);
        let mut all = block_on(store.all_responses()).unwrap();
        crate::sort::by_key(&mut all, |response| response.id);
        let mut expected = [first.clone(), second, annas];
        crate::sort::by_key(&mut expected, |response| response.id);
        assert_eq!(all, expected);

        block_on(store.put_draft("again", "{}")).unwrap();
        let err = block_on(store.add_response_from_draft(&first, "again")).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict);
        assert!(block_on(store.draft("again")).unwrap().is_some());
    }

    #[test]
    fn storage_warns_from_eighty_percent() {
        let usage = |used_bytes| StorageUsage {
            used_bytes,
            quota_bytes: 1000.0,
        };
        assert!(!usage(799.0).nearly_full());
        assert!(usage(800.0).nearly_full());
        assert_eq!(usage(2000.0).share(), 1.0);
        let unknown = StorageUsage {
            used_bytes: 0.0,
            quota_bytes: 0.0,
        };
        assert!(unknown.nearly_full());
    }

    #[test]
    fn an_abort_on_a_full_device_is_a_full_device() {
        let usage = |used_bytes| StorageUsage {
            used_bytes,
            quota_bytes: 1000.0,
        };
        assert_eq!(usage(949.0).abort_kind(), StoreErrorKind::Aborted);
        assert_eq!(usage(950.0).abort_kind(), StoreErrorKind::QuotaExceeded);
    }

    #[test]
    fn errors_name_their_kind() {
        let err = StoreError::new(StoreErrorKind::QuotaExceeded, "QuotaExceededError");
        assert_eq!(err.kind(), StoreErrorKind::QuotaExceeded);
        assert_eq!(err.to_string(), "storage full: QuotaExceededError");
    }

    #[test]
    fn an_assessment_is_stored_once_with_its_draft_removed() {
        let store = MemoryStore::new();
        let anna = citizen(2, "AN", "Hus 1");
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let later = crate::testing::assessment(anna.id, crate::fit::Rater::Oneself, 2, date, &[]);
        let first = crate::testing::assessment(anna.id, crate::fit::Rater::Staff, 1, date, &[]);
        let other = crate::testing::assessment(
            citizen(3, "OL", "Hus 1").id,
            crate::fit::Rater::Staff,
            1,
            date,
            &[],
        );
        block_on(store.put_draft("assessment/a", "{}")).unwrap();
        for assessment in [&later, &first, &other] {
            block_on(store.add_assessment_from_draft(assessment, "assessment/a")).unwrap();
        }
        assert_eq!(block_on(store.draft("assessment/a")).unwrap(), None);
        assert_eq!(
            block_on(store.assessments_of(anna.id)).unwrap(),
            [first.clone(), later]
        );
        let err = block_on(store.add_assessment_from_draft(&first, "x")).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict);
    }

    /// What the staff view shows before the next meeting of `citizen`'s own: the meeting's number, and the
    /// change since the first meeting (first total, latest total, change) once a new ORS is in.
    fn next_meeting_reading(store: &MemoryStore, citizen: &Citizen) -> (u32, String) {
        use crate::fit::{Age, Reading, Registry, feedback, next_form};
        let stored = block_on(store.responses_of(citizen.id)).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let next = next_form(&stored, crate::fit::Rater::Oneself, date);
        let mut new = crate::testing::form(citizen, "ors", Rater::Oneself, 5, 99, &[90; 4]);
        new.meeting = next.meeting;
        let registry = Registry::bundled().unwrap();
        let ors = registry.get("ors", None).unwrap();
        let read = feedback(ors, &new, &stored, |_| Age::years(36)).unwrap();
        let Reading::Outcome {
            change: Some(change),
            ..
        } = read.reading
        else {
            return (next.meeting, "no change".to_owned());
        };
        let change = format!("{} → {}: {}", change.first, change.latest, change.change);
        (next.meeting, change)
    }

    #[test]
    fn deleting_exported_forms_keeps_the_baseline_and_the_meeting_numbers() {
        use crate::testing::form;
        let store = MemoryStore::new();
        let mj = citizen(1, "MJ", "Hus 1");
        let ab = citizen(2, "AB", "Hus 1");
        // MJ's own ORS and SRS at meetings 1 to 4, a parent's ORS at meeting 2, AB's ORS at meeting 3.
        let mut forms = Vec::new();
        for meeting in 1..=4u32 {
            let seed = meeting as u8 * 10;
            let ors = 20 + 10 * meeting as u16;
            forms.push(form(&mj, "ors", Rater::Oneself, meeting, seed, &[ors; 4]));
            forms.push(form(
                &mj,
                "srs",
                Rater::Oneself,
                meeting,
                seed + 1,
                &[95; 4],
            ));
        }
        forms.push(form(&mj, "ors", Rater::Parent, 2, 50, &[60; 4]));
        forms.push(form(&ab, "ors", Rater::Oneself, 3, 60, &[70; 4]));
        for response in &mut forms {
            response.meta.exported_at = Some(at(15));
            block_on(store.add_response_from_draft(response, "none")).unwrap();
        }
        let before = next_meeting_reading(&store, &mj);
        assert_eq!(before, (5, "12.0 → 36.0: 24.0".to_owned()));

        // Everything is exported and staff delete it all: only the forms between first and latest go.
        let every: Vec<ResponseId> = forms.iter().map(|response| response.id).collect();
        assert_eq!(
            block_on(store.delete_exported_responses(&every)).unwrap(),
            4
        );
        assert_eq!(next_meeting_reading(&store, &mj), before);
        let left: Vec<(u32, Rater)> = block_on(store.responses_of(mj.id))
            .unwrap()
            .iter()
            .map(|response| (response.meeting, response.rater))
            .collect();
        assert_eq!(
            left,
            [
                (1, Rater::Oneself),
                (1, Rater::Oneself),
                (2, Rater::Parent),
                (4, Rater::Oneself),
                (4, Rater::Oneself)
            ]
        );
        // A second deletion finds nothing more to take.
        assert_eq!(
            block_on(store.delete_exported_responses(&every)).unwrap(),
            0
        );
        assert_eq!(block_on(store.responses_of(ab.id)).unwrap().len(), 1);
    }

    #[test]
    fn the_kept_forms_do_not_depend_on_the_order_given() {
        use crate::testing::form;
        let mj = citizen(1, "MJ", "Hus 1");
        let forms: Vec<Response> = (1..=5u32)
            .map(|meeting| form(&mj, "ors", Rater::Oneself, meeting, meeting as u8, &[50; 4]))
            .collect();
        let kept = kept_for_statistics(&forms);
        let reversed: Vec<Response> = forms.iter().rev().cloned().collect();
        assert_eq!(kept_for_statistics(&reversed), kept);
        assert_eq!(kept, BTreeSet::from([forms[0].id, forms[4].id]));
    }

    #[test]
    fn a_plan_is_replaced_only_by_a_newer_revision() {
        use crate::mastery::{Interval, PlanId, SchemaId};
        let store = MemoryStore::new();
        let anna = citizen(2, "AN", "Hus 1");
        let plan = Plan::new(
            PlanId::from_random_bytes([4; 16]),
            anna.id,
            SchemaId::new("mastery"),
            Interval::default(),
            RecordMeta::new(crate::testing::DEVICE, at(9)),
        );
        block_on(store.put_plan(&plan)).unwrap();
        let mut changed = plan.clone();
        changed.agreements = "Ring til tandlægen".to_owned();
        changed.meta = plan.meta.next(at(10));
        block_on(store.put_plan(&changed)).unwrap();
        let err = block_on(store.put_plan(&plan)).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict);
        block_on(store.put_draft("plan/anna", "{}")).unwrap();
        let err = block_on(store.put_plan_from_draft(&plan, "plan/anna")).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict);
        assert!(
            block_on(store.draft("plan/anna")).unwrap().is_some(),
            "a refused plan keeps its draft"
        );
        let plans = block_on(store.all_plans()).unwrap();
        assert_eq!(plan_of(&plans, anna.id), Some(&changed));
        assert_eq!(plan_of(&plans, citizen(3, "OL", "Hus 1").id), None);
    }

    #[test]
    fn meetings_are_listed_in_the_order_held_and_replaced_only_by_a_newer_revision() {
        use crate::meeting::{Meeting, MeetingId, MeetingKind, Role};
        let store = MemoryStore::new();
        let (anna, ole) = (citizen(2, "AN", "Hus 1"), citizen(3, "OL", "Hus 1"));
        let day = |day| chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        let meeting = |seed: u8, citizen: CitizenId, kind, date, hour: Option<u32>| Meeting {
            time: hour.and_then(|hour| chrono::NaiveTime::from_hms_opt(hour, 0, 0)),
            participants: vec![Role::Citizen, Role::Staff],
            ..Meeting::new(
                MeetingId::from_random_bytes([seed; 16]),
                citizen,
                kind,
                date,
                RecordMeta::new(crate::testing::DEVICE, at(seed.into())),
            )
        };
        let evening = meeting(1, anna.id, MeetingKind::Acute, day(9), Some(21));
        let morning = meeting(2, anna.id, MeetingKind::Dialogue, day(9), Some(10));
        let untimed = meeting(3, anna.id, MeetingKind::Dialogue, day(9), None);
        let first = meeting(4, anna.id, MeetingKind::Dialogue, day(2), Some(14));
        let oles = meeting(5, ole.id, MeetingKind::Network, day(1), None);
        for meeting in [&evening, &morning, &untimed, &first, &oles] {
            block_on(store.put_meeting(meeting)).unwrap();
        }
        let expected = [&first, &untimed, &morning, &evening].map(Clone::clone);
        assert_eq!(block_on(store.meetings_of(anna.id)).unwrap(), expected);
        assert_eq!(block_on(store.all_meetings()).unwrap().len(), 5);

        let mut agreed = first.clone();
        agreed.agreements = "AN tager bussen".to_owned();
        agreed.meta = first.meta.next(at(20));
        block_on(store.put_meeting(&agreed)).unwrap();
        let err = block_on(store.put_meeting(&first)).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Conflict);
        assert_eq!(block_on(store.meetings_of(anna.id)).unwrap()[0], agreed);

        let ids = ExportedIds {
            meetings: vec![agreed.id],
            ..ExportedIds::default()
        };
        block_on(store.mark_exported(&ids, at(22))).unwrap();
        let marked = block_on(store.meetings_of(anna.id)).unwrap();
        assert_eq!(marked[0].meta.exported_at, Some(at(22)));
        assert_eq!(marked[1].meta.exported_at, None);
    }
}

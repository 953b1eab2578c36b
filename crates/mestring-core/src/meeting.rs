//! The meeting as a record: what kind of meeting, when, who took part and in what role, who took the
//! minutes, what was agreed until next time and when that is.
//!
//! Every meeting with a citizen is one [`Meeting`]: a dialogue meeting before the plan, a follow-up after
//! it, an acute contact in between, a network (*ansvarsgruppe*) meeting. The agreements are one entry per
//! meeting, so the history of what was agreed is the citizen's meetings in date order, never one text
//! overwritten.
//!
//! **What attaches to a meeting.** FIT forms and mastery ratings attach to a meeting by citizen and day
//! ([`meeting_of`]), not by a meeting id on each form. A form already says whom it is about and on which
//! day (its `date`, and the time in its `created_at`): a meeting id beside them could only repeat that or
//! contradict it. Forms kept their stored shape and the export its form records, so every form ever written
//! attaches to the meeting record of its day without a migration, and a form given with no meeting opened
//! still counts as a meeting of its own ([`counted_meeting_dates`]). Two meetings with one citizen on one day
//! are told apart by their start time: a form belongs to the latest meeting started at or before it.
//!
//! **The plan's dialogue meetings.** Before meeting records, a plan kept its dialogue meetings as a list
//! of dates and participants. Those become meeting records ([`from_plan_meetings`]) with ids derived from the
//! plan's id and the meeting's date, so the same old plan read on two devices, or in two export files,
//! yields the same records and merging by id keeps one of each.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::citizen::CitizenId;
use crate::free_text::{self, FieldKind, TextProblem};
use crate::mastery::{DialogueMeeting, Participant, Plan, PlanId};
use crate::record::{RecordMeta, uuid_id};
use crate::sort;

uuid_id!(MeetingId);

/// What kind of meeting it was, which decides whether it counts towards the meetings before a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// A dialogue meeting (in the spirit of Open Dialogue), before and while the plan is made.
    Dialogue,
    /// A follow-up of the plan, every few months.
    FollowUp,
    /// An acute contact between the planned meetings.
    Acute,
    /// A network meeting, or in Norway the *ansvarsgruppe*: the professionals around the citizen.
    Network,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 4] = [
        MeetingKind::Dialogue,
        MeetingKind::FollowUp,
        MeetingKind::Acute,
        MeetingKind::Network,
    ];

    /// The kind as the stored record and the export name it.
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Dialogue => "dialogue",
            MeetingKind::FollowUp => "follow_up",
            MeetingKind::Acute => "acute",
            MeetingKind::Network => "network",
        }
    }

    /// Whether a meeting of this kind counts towards the dialogue meetings held before a plan must exist:
    /// an acute contact or a network meeting is not a step of the course towards the plan.
    pub fn counts_towards_plan(self) -> bool {
        matches!(self, MeetingKind::Dialogue | MeetingKind::FollowUp)
    }
}

/// The role someone took part in a meeting in; people are named by role only, never by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    /// A parent or another relative.
    Relative,
    /// Staff of the unit that delivers the support.
    Staff,
    /// The municipality's caseworker (*myndighed*).
    Caseworker,
    /// The coordinator of a Norwegian *individuell plan*.
    Coordinator,
    /// Someone of the citizen's network.
    NetworkMember,
    /// A professional from elsewhere (school, psychiatry, job centre).
    OtherProfessional,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Citizen,
        Role::Relative,
        Role::Staff,
        Role::Caseworker,
        Role::Coordinator,
        Role::NetworkMember,
        Role::OtherProfessional,
    ];

    /// The role as the stored record and the export name it.
    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Relative => "relative",
            Role::Staff => "staff",
            Role::Caseworker => "caseworker",
            Role::Coordinator => "coordinator",
            Role::NetworkMember => "network_member",
            Role::OtherProfessional => "other_professional",
        }
    }
}

impl From<Participant> for Role {
    fn from(participant: Participant) -> Role {
        match participant {
            Participant::Citizen => Role::Citizen,
            Participant::Parent => Role::Relative,
            Participant::Caseworker => Role::Caseworker,
            Participant::Provider => Role::Staff,
        }
    }
}

/// One meeting with a citizen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    pub id: MeetingId,
    pub citizen_id: CitizenId,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    /// When it started, to the minute; `None` where it was not recorded (meetings from before the record).
    pub time: Option<NaiveTime>,
    /// One entry per person taking part, so two parents are two `Relative`s.
    pub participants: Vec<Role>,
    /// The role of the person who takes the minutes: one of the participants.
    pub minutes_by: Option<Role>,
    /// What was agreed to do until the next meeting.
    pub agreements: String,
    /// The day of the next meeting, after this one.
    pub next_date: Option<NaiveDate>,
    /// A short note, pseudonymous like every text.
    pub note: String,
    pub meta: RecordMeta,
}

impl Meeting {
    /// A meeting of `kind` on `date` with nothing else recorded yet.
    pub fn new(
        id: MeetingId,
        citizen_id: CitizenId,
        kind: MeetingKind,
        date: NaiveDate,
        meta: RecordMeta,
    ) -> Meeting {
        Meeting {
            id,
            citizen_id,
            kind,
            date,
            time: None,
            participants: Vec::new(),
            minutes_by: None,
            agreements: String::new(),
            next_date: None,
            note: String::new(),
            meta,
        }
    }

    /// Everything that keeps this meeting from being stored, all at once: the rules every stored meeting
    /// is read by (`stored::decode_meeting`), so a meeting that passes them is never put aside as unreadable.
    pub fn issues(&self) -> Vec<MeetingIssue> {
        let mut issues = Vec::new();
        if self.participants.is_empty() {
            issues.push(MeetingIssue::NoParticipants);
        }
        if let Some(role) = self.minutes_by
            && !self.participants.contains(&role)
        {
            issues.push(MeetingIssue::MinutesByAbsent(role));
        }
        if let Some(time) = self.time
            && (time.second() != 0 || time.nanosecond() != 0)
        {
            issues.push(MeetingIssue::TimeNotInMinutes);
        }
        if self.next_date.is_some_and(|next| next <= self.date) {
            issues.push(MeetingIssue::NextNotAfter);
        }
        for (field, text) in [
            (MeetingText::Agreements, &self.agreements),
            (MeetingText::Note, &self.note),
        ] {
            issues.extend(
                free_text::check(text, field.kind())
                    .into_iter()
                    .map(|problem| MeetingIssue::Text { field, problem }),
            );
        }
        issues
    }
}

/// A free-text field of a meeting, named as the stored record names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MeetingText {
    Agreements,
    Note,
}

impl MeetingText {
    pub fn kind(self) -> FieldKind {
        match self {
            MeetingText::Agreements => FieldKind::Note,
            MeetingText::Note => FieldKind::Line,
        }
    }
}

impl std::fmt::Display for MeetingText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MeetingText::Agreements => "agreements",
            MeetingText::Note => "note",
        })
    }
}

/// What is wrong with a meeting; the UI names each in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MeetingIssue {
    #[error("no one took part")]
    NoParticipants,
    #[error("the minutes are taken by the {}, who did not take part", .0.code())]
    MinutesByAbsent(Role),
    #[error("the time has seconds; a meeting starts on a whole minute")]
    TimeNotInMinutes,
    #[error("the next meeting is not after this one")]
    NextNotAfter,
    #[error("{field}: {problem}")]
    Text {
        field: MeetingText,
        problem: TextProblem,
    },
}

/// The meeting of `citizen` that a form or rating made on `date` at `time` (the local time of its
/// `created_at`) belongs to: of that citizen's meetings on that day, the latest that started at or before
/// `time`, a meeting without a time counting as started at the beginning of the day; before the first
/// meeting of the day, the first. `None` when the citizen had no meeting that day.
pub fn meeting_of(
    meetings: &[Meeting],
    citizen: CitizenId,
    date: NaiveDate,
    time: NaiveTime,
) -> Option<&Meeting> {
    let mut of_day: Vec<&Meeting> = meetings
        .iter()
        .filter(|meeting| meeting.citizen_id == citizen && meeting.date == date)
        .collect();
    // By start, then by id, so that two meetings started at the same minute are always taken in one order.
    sort::by_key(&mut of_day, |meeting| {
        (meeting.time.unwrap_or(NaiveTime::MIN), meeting.id)
    });
    let started = |meeting: &&&Meeting| meeting.time.unwrap_or(NaiveTime::MIN) <= time;
    of_day.iter().rfind(started).or(of_day.first()).copied()
}

/// The dates of the meetings that count towards the dialogue meetings before a plan, one entry per meeting,
/// in date order: every meeting record of a counting kind ([`MeetingKind::counts_towards_plan`]), and every
/// day with FIT forms (`fit_dates`, in any order, repeats allowed) on which no meeting was recorded, as one
/// meeting. A day with a meeting record is counted by its records: FIT forms at an acute contact do not
/// make it a dialogue meeting. `meetings` are one citizen's.
pub fn counted_meeting_dates(meetings: &[Meeting], fit_dates: &[NaiveDate]) -> Vec<NaiveDate> {
    let recorded = sort::set(meetings.iter().map(|meeting| meeting.date));
    let fit_only = sort::set(
        fit_dates
            .iter()
            .copied()
            .filter(|date| !recorded.contains(date)),
    );
    let mut dates: Vec<NaiveDate> = meetings
        .iter()
        .filter(|meeting| meeting.kind.counts_towards_plan())
        .map(|meeting| meeting.date)
        .chain(fit_only)
        .collect();
    sort::ascending(&mut dates);
    dates
}

/// How many meetings a citizen has had by `today`, of every kind: each meeting record held by then, and each
/// day of FIT forms (`fit_dates`, any order, repeats allowed) without a record, as one meeting. Forms attach
/// to the meeting of their day ([`meeting_of`]), so a day with a record is counted by its records.
pub fn held_count(meetings: &[Meeting], fit_dates: &[NaiveDate], today: NaiveDate) -> usize {
    let held = || meetings.iter().filter(|meeting| meeting.date <= today);
    let recorded = sort::set(held().map(|meeting| meeting.date));
    let forms_only = sort::set(
        fit_dates
            .iter()
            .filter(|date| **date <= today && !recorded.contains(date)),
    );
    held().count() + forms_only.len()
}

/// A citizen's meetings: the meeting records stored (`stored`, the citizen's) and those their `plans` still
/// carry from an older stored shape ([`Plan::meeting_records`]; none once a plan is stored in shape 4), each
/// id once, a stored record winning over a plan's version of it, in the order held
/// ([`crate::store::sort_meetings`]).
pub fn with_plan_meetings<'p>(
    stored: &[Meeting],
    plans: impl IntoIterator<Item = &'p Plan>,
) -> Vec<Meeting> {
    let mut gathered = Gathered::default();
    stored
        .iter()
        .for_each(|meeting| gathered.stored(meeting.clone()));
    plans.into_iter().for_each(|plan| gathered.plan(plan));
    gathered
        .meetings()
        .into_iter()
        .map(|(meeting, _)| meeting)
        .collect()
}

/// One citizen's meetings gathered a record at a time, as the caseworker's outputs read them back: the
/// meeting records and the plans, in any order, then [`Gathered::meetings`] as [`with_plan_meetings`] has them.
#[derive(Debug, Default)]
pub struct Gathered {
    stored: Vec<Meeting>,
    from_plans: Vec<(Meeting, PlanId)>,
}

impl Gathered {
    pub fn stored(&mut self, meeting: Meeting) {
        self.stored.push(meeting);
    }

    pub fn plan(&mut self, plan: &Plan) {
        self.from_plans.extend(
            plan.meeting_records()
                .into_iter()
                .map(|meeting| (meeting, plan.id)),
        );
    }

    /// Each meeting once, in the order held, with the plan that logged it where it is known only from a
    /// plan's own list (no meeting record of it is stored).
    pub fn meetings(self) -> Vec<(Meeting, Option<PlanId>)> {
        let stored_ids = sort::set(self.stored.iter().map(|meeting| meeting.id));
        let mut meetings: Vec<(Meeting, Option<PlanId>)> = self
            .stored
            .into_iter()
            .map(|meeting| (meeting, None))
            .chain(
                self.from_plans
                    .into_iter()
                    .filter(|(meeting, _)| !stored_ids.contains(&meeting.id))
                    .map(|(meeting, plan)| (meeting, Some(plan))),
            )
            .collect();
        sort::by_key(&mut meetings, |(meeting, _)| {
            crate::store::meeting_order(meeting)
        });
        meetings
    }
}

/// The meeting records of a plan's dialogue meetings and agreements as plans kept them before meeting records
/// (stored shape 3 and older): dialogue meetings with the plan's bookkeeping (so the newest plan's wins a
/// merge) and no time or minutes. Each id is derived from the plan's id, the date and the meeting's place
/// among that day's, so reading the same plan again yields the same records.
///
/// The plan's one text of agreements goes on its latest meeting: it was overwritten at each meeting, so what
/// it holds is what was agreed last. A plan with agreements and no meeting logged gets a record of its own
/// for them, on the day the plan was agreed (or last changed), rather than losing them.
///
/// A meeting logged with no one ticked is recorded with staff: the plan page was staff's, and a meeting
/// record names at least one participant.
pub fn from_plan_meetings(
    plan: PlanId,
    citizen: CitizenId,
    meetings: &[DialogueMeeting],
    agreements: &str,
    agreed_on: Option<NaiveDate>,
    meta: &RecordMeta,
) -> Vec<Meeting> {
    let mut dates: Vec<NaiveDate> = Vec::new();
    let mut records: Vec<Meeting> = meetings
        .iter()
        .map(|meeting| {
            let same_day = dates.iter().filter(|date| **date == meeting.date).count();
            dates.push(meeting.date);
            let mut participants: Vec<Role> = Vec::new();
            for role in meeting.participants.iter().copied().map(Role::from) {
                if !participants.contains(&role) {
                    participants.push(role);
                }
            }
            if participants.is_empty() {
                participants.push(Role::Staff);
            }
            Meeting {
                participants,
                ..Meeting::new(
                    derived_id(plan, meeting.date, same_day),
                    citizen,
                    MeetingKind::Dialogue,
                    meeting.date,
                    meta.clone(),
                )
            }
        })
        .collect();
    let agreements = agreements.trim();
    if agreements.is_empty() {
        return records;
    }
    // The latest meeting: the last of the latest day, as the plan logged them.
    let latest = records
        .iter_mut()
        .enumerate()
        .max_by_key(|(idx, meeting)| (meeting.date, *idx))
        .map(|(_, meeting)| meeting);
    match latest {
        Some(meeting) => meeting.agreements = agreements.to_owned(),
        None => {
            let date = agreed_on.unwrap_or_else(|| meta.updated_at.date_naive());
            records.push(Meeting {
                participants: vec![Role::Staff],
                agreements: agreements.to_owned(),
                ..Meeting::new(
                    derived_id(plan, date, usize::MAX),
                    citizen,
                    MeetingKind::Dialogue,
                    date,
                    meta.clone(),
                )
            });
        }
    }
    records
}

/// An id that follows from a plan, a date and a place among that day's meetings: a version 4 UUID whose
/// bits come from SHA-256 rather than a random source.
fn derived_id(plan: PlanId, date: NaiveDate, same_day: usize) -> MeetingId {
    let mut hash = Sha256::new();
    hash.update(b"mestring plan meeting\0");
    hash.update(plan.uuid().as_bytes());
    hash.update(date.to_string().as_bytes());
    hash.update((same_day as u64).to_be_bytes());
    let digest = hash.finalize();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&digest[..16]);
    MeetingId::from_random_bytes(bytes)
}

#[cfg(test)]
mod tests;

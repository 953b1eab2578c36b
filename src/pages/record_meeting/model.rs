//! The meeting record as staff fill it in: the draft kept on the device while typed, and how it becomes a
//! [`Meeting`] checked by the core's rules ([`Meeting::issues`]) plus the ones only typing can break (a
//! date left empty, a time or next date that does not read).

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use mestring_core::citizen::CitizenId;
use mestring_core::iso;
use mestring_core::meeting::{Meeting, MeetingId, MeetingIssue, MeetingKind, Role};
use mestring_core::record::RecordMeta;
use mestring_core::sort;
use serde::{Deserialize, Serialize};

/// The most people of one role a meeting is recorded with; more is a typing slip.
pub const MOST_OF_A_ROLE: u8 = 20;

/// A meeting being recorded, as typed: dates and times as their fields hold them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub kind: MeetingKind,
    /// `YYYY-MM-DD`, as a date field holds it.
    pub date: String,
    /// `HH:MM`, as a time field holds it; empty when not known.
    pub time: String,
    /// How many took part in each role; a role not listed had no one.
    pub counts: Vec<(Role, u8)>,
    pub minutes_by: Option<Role>,
    pub agreements: String,
    /// `YYYY-MM-DD`; empty when the next meeting is not set yet.
    pub next_date: String,
    pub note: String,
}

/// What keeps a draft from being stored: the core's issues with the meeting, and what only typing can break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftIssue {
    /// The date field is empty or does not hold a date.
    NoDate,
    /// The time field holds something that is not a time of day.
    TimeUnreadable,
    /// The next meeting's date field holds something that is not a date.
    NextDateUnreadable,
    Meeting(MeetingIssue),
}

/// The field an issue is shown beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Date,
    Time,
    Participants,
    MinutesBy,
    Agreements,
    NextDate,
    Note,
}

impl DraftIssue {
    pub fn field(&self) -> Field {
        match self {
            DraftIssue::NoDate => Field::Date,
            DraftIssue::TimeUnreadable | DraftIssue::Meeting(MeetingIssue::TimeNotInMinutes) => {
                Field::Time
            }
            DraftIssue::NextDateUnreadable | DraftIssue::Meeting(MeetingIssue::NextNotAfter) => {
                Field::NextDate
            }
            DraftIssue::Meeting(MeetingIssue::NoParticipants) => Field::Participants,
            DraftIssue::Meeting(MeetingIssue::MinutesByAbsent(_)) => Field::MinutesBy,
            DraftIssue::Meeting(MeetingIssue::Text { field, .. }) => match field {
                mestring_core::meeting::MeetingText::Agreements => Field::Agreements,
                mestring_core::meeting::MeetingText::Note => Field::Note,
            },
        }
    }
}

impl MeetingDraft {
    /// A dialogue meeting starting `now` (to the minute) with the citizen and one of staff, staff taking
    /// the minutes: the meeting most often recorded, so most fields are already right.
    pub fn start(now: NaiveDateTime) -> MeetingDraft {
        MeetingDraft {
            kind: MeetingKind::Dialogue,
            date: now.date().to_string(),
            time: format!("{:02}:{:02}", now.hour(), now.minute()),
            counts: vec![(Role::Citizen, 1), (Role::Staff, 1)],
            minutes_by: Some(Role::Staff),
            agreements: String::new(),
            next_date: String::new(),
            note: String::new(),
        }
    }

    /// How many took part as `role`.
    pub fn count(&self, role: Role) -> u8 {
        self.counts
            .iter()
            .find(|(counted, _)| *counted == role)
            .map_or(0, |(_, count)| *count)
    }

    /// Sets how many took part as `role`, at most [`MOST_OF_A_ROLE`].
    pub fn set_count(&mut self, role: Role, count: u8) {
        let count = count.min(MOST_OF_A_ROLE);
        self.counts.retain(|(counted, _)| *counted != role);
        if count > 0 {
            self.counts.push((role, count));
            // Roles order as `Role::ALL` lists them.
            sort::by_key(&mut self.counts, |(role, _)| *role);
        }
    }

    /// One entry per person, in the order of [`Role::ALL`]: two parents are two relatives.
    pub fn participants(&self) -> Vec<Role> {
        Role::ALL
            .iter()
            .flat_map(|role| std::iter::repeat_n(*role, usize::from(self.count(*role))))
            .collect()
    }

    /// The meeting the draft describes, with `id`, `citizen` and `meta`, and everything that keeps it from
    /// being stored. A date that does not read leaves `fallback` in its place, reported as [`DraftIssue::NoDate`].
    pub fn meeting(
        &self,
        id: MeetingId,
        citizen: CitizenId,
        meta: RecordMeta,
        fallback: NaiveDate,
    ) -> (Meeting, Vec<DraftIssue>) {
        let mut issues = Vec::new();
        let date = iso::parse_date(self.date.trim()).unwrap_or_else(|| {
            issues.push(DraftIssue::NoDate);
            fallback
        });
        let time = match self.time.trim() {
            "" => None,
            typed => {
                let read = iso::parse_time(typed);
                if read.is_none() {
                    issues.push(DraftIssue::TimeUnreadable);
                }
                read
            }
        };
        let next_date = match self.next_date.trim() {
            "" => None,
            typed => {
                let read = iso::parse_date(typed);
                if read.is_none() {
                    issues.push(DraftIssue::NextDateUnreadable);
                }
                read
            }
        };
        let meeting = Meeting {
            time,
            participants: self.participants(),
            minutes_by: self.minutes_by,
            agreements: self.agreements.trim().to_owned(),
            next_date,
            note: self.note.trim().to_owned(),
            ..Meeting::new(id, citizen, self.kind, date, meta)
        };
        issues.extend(meeting.issues().into_iter().map(DraftIssue::Meeting));
        (meeting, issues)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, NaiveTime};
    use mestring_core::free_text::TextProblem;
    use mestring_core::meeting::MeetingText;
    use mestring_core::record::DeviceId;

    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(10, 5, 42)
            .unwrap()
    }

    fn checked(draft: &MeetingDraft) -> (Meeting, Vec<DraftIssue>) {
        let meta = RecordMeta::new(
            DeviceId::from_random_bytes([5; 16]),
            DateTime::parse_from_rfc3339("2026-12-07T10:05:42+01:00").unwrap(),
        );
        draft.meeting(
            MeetingId::from_random_bytes([4; 16]),
            CitizenId::from_random_bytes([1; 16]),
            meta,
            now().date(),
        )
    }

    #[test]
    fn a_new_draft_is_a_dialogue_meeting_now_with_the_citizen_and_staff_and_can_be_stored() {
        let draft = MeetingDraft::start(now());
        let (meeting, issues) = checked(&draft);
        assert_eq!(issues, []);
        assert_eq!(meeting.kind, MeetingKind::Dialogue);
        assert_eq!(meeting.date, now().date());
        assert_eq!(meeting.time, NaiveTime::from_hms_opt(10, 5, 0));
        assert_eq!(meeting.participants, [Role::Citizen, Role::Staff]);
        assert_eq!(meeting.minutes_by, Some(Role::Staff));
    }

    #[test]
    fn two_parents_are_two_relatives_in_the_order_of_the_roles() {
        let mut draft = MeetingDraft::start(now());
        draft.set_count(Role::Relative, 2);
        draft.set_count(Role::Caseworker, 1);
        draft.set_count(Role::Staff, 0);
        assert_eq!(
            draft.participants(),
            [
                Role::Citizen,
                Role::Relative,
                Role::Relative,
                Role::Caseworker
            ]
        );
        draft.set_count(Role::NetworkMember, 200);
        assert_eq!(draft.count(Role::NetworkMember), MOST_OF_A_ROLE);
    }

    #[test]
    fn every_problem_is_named_at_once_beside_its_field() {
        let mut draft = MeetingDraft::start(now());
        draft.date = String::new();
        draft.time = "25:99".to_owned();
        draft.counts.clear();
        draft.next_date = "i morgen".to_owned();
        draft.agreements = "Ring 010190-1234".to_owned();
        let (_, issues) = checked(&draft);
        let fields: Vec<Field> = issues.iter().map(DraftIssue::field).collect();
        assert_eq!(
            fields,
            [
                Field::Date,
                Field::Time,
                Field::NextDate,
                Field::Participants,
                Field::MinutesBy,
                Field::Agreements
            ]
        );
        assert!(issues.contains(&DraftIssue::Meeting(MeetingIssue::Text {
            field: MeetingText::Agreements,
            problem: TextProblem::PersonalNumber,
        })));
    }

    #[test]
    fn the_next_meeting_comes_after_this_one_and_an_empty_time_is_no_time() {
        let mut draft = MeetingDraft::start(now());
        draft.time = String::new();
        draft.next_date = "2026-12-07".to_owned();
        let (meeting, issues) = checked(&draft);
        assert_eq!(meeting.time, None);
        assert_eq!(issues, [DraftIssue::Meeting(MeetingIssue::NextNotAfter)]);
        draft.next_date = "2026-12-21".to_owned();
        assert_eq!(checked(&draft).1, []);
    }

    #[test]
    fn a_draft_reads_back_as_it_was_kept() {
        let mut draft = MeetingDraft::start(now());
        draft.kind = MeetingKind::Acute;
        draft.set_count(Role::Relative, 2);
        let kept = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<MeetingDraft>(&kept).unwrap(), draft);
    }
}

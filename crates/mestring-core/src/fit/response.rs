//! A completed FIT form as a record, and the rules for which form comes next in a meeting.
//!
//! Meetings are numbered per citizen. The citizen and a parent answer in the same meeting, each with their own forms:
//! the outcome scale (ORS family) at the start, the session scale (SRS family) at the end.

use chrono::NaiveDate;

use crate::citizen::CitizenId;
use crate::fit::definition::{Definition, InstrumentId, Kind, Meeting, Version};
use crate::fit::rated::{Age, Rater};
use crate::fit::registry::Registry;
use crate::fit::score::score;
use crate::fit::tenths::Tenths;
use crate::record::{RecordMeta, uuid_id};

uuid_id!(ResponseId);

/// One completed form: every item answered, in the order of the definition's items.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub id: ResponseId,
    /// The rated person.
    pub citizen_id: CitizenId,
    /// The meeting's number for this citizen, from 1.
    pub meeting: u32,
    pub date: NaiveDate,
    pub instrument: InstrumentId,
    pub version: Version,
    pub kind: Kind,
    pub rater: Rater,
    pub answers: Vec<Tenths>,
    pub meta: RecordMeta,
}

impl Response {
    /// The total of the answers on `definition`; `None` when they do not fit it.
    pub fn total(&self, definition: &Definition) -> Option<Tenths> {
        let answers: Vec<Option<Tenths>> = self.answers.iter().copied().map(Some).collect();
        score(definition, &answers)
            .ok()
            .and_then(|score| score.total().value())
    }
}

/// The form to fill in next: which meeting it belongs to and what kind of scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextForm {
    pub meeting: u32,
    pub kind: Kind,
}

/// What `rater` answers next about a citizen with these `responses`, on `date`.
///
/// The latest meeting continues while it is the same day: a rater who gave the outcome scale but not yet
/// the session scale gives that next, and a second rater (a parent) joins the meeting with an outcome scale.
/// Otherwise a new meeting starts with the outcome scale.
///
/// Staff never give the session scale: it asks how the meeting felt to the person it was for (the citizen
/// or a parent), and staff's own view of the session is not what FIT measures. Their outcome scale is the
/// whole of their part in a meeting.
pub fn next_form(responses: &[Response], rater: Rater, date: NaiveDate) -> NextForm {
    let Some(latest) = responses.iter().map(|response| response.meeting).max() else {
        return NextForm {
            meeting: 1,
            kind: Kind::Outcome,
        };
    };
    let in_latest: Vec<&Response> = responses
        .iter()
        .filter(|response| response.meeting == latest)
        .collect();
    let same_day = in_latest.iter().any(|response| response.date == date);
    let answered = |kind| {
        in_latest
            .iter()
            .any(|response| response.rater == rater && response.kind == kind)
    };
    match (same_day, answered(Kind::Outcome), answered(Kind::Session)) {
        (true, true, false) if rater != Rater::Staff => NextForm {
            meeting: latest,
            kind: Kind::Session,
        },
        (true, false, false) => NextForm {
            meeting: latest,
            kind: Kind::Outcome,
        },
        _ => NextForm {
            meeting: latest + 1,
            kind: Kind::Outcome,
        },
    }
}

impl Registry {
    /// The instrument of `kind` made for individual meetings with a person of `age`, in its latest version:
    /// the ORS from 13, the child version from 6 to 12, the young-child version under 6.
    pub fn for_age(&self, kind: Kind, age: Age) -> Option<&Definition> {
        self.individual(kind)
            .filter(|definition| definition.audience().ages().contains(age))
            .max_by_key(|definition| definition.version())
    }

    /// The instruments of `kind` that staff may choose instead of the one for the person's age
    /// (a 13-year-old who reads better with the child version), each in its latest version, in registry order.
    /// Choosing one means answering as its youngest age: [`Registry::for_age`] then finds its session partner.
    pub fn choices(&self, kind: Kind) -> Vec<&Definition> {
        let mut latest: Vec<&Definition> = Vec::new();
        for definition in self.individual(kind) {
            match latest
                .iter_mut()
                .find(|chosen| chosen.id() == definition.id())
            {
                Some(chosen) if chosen.version() < definition.version() => *chosen = definition,
                Some(_) => {}
                None => latest.push(definition),
            }
        }
        latest
    }

    fn individual(&self, kind: Kind) -> impl Iterator<Item = &Definition> {
        self.all().iter().filter(move |definition| {
            definition.kind() == kind && definition.audience().meeting() == Meeting::Individual
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{DEVICE, at};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn response(meeting: u32, date: NaiveDate, rater: Rater, kind: Kind) -> Response {
        Response {
            id: ResponseId::from_random_bytes([meeting as u8; 16]),
            citizen_id: crate::citizen::CitizenId::from_random_bytes([1; 16]),
            meeting,
            date,
            instrument: InstrumentId::new(if kind == Kind::Outcome { "ors" } else { "srs" }),
            version: Version::new(1),
            kind,
            rater,
            answers: vec![Tenths::new(50); 4],
            meta: RecordMeta::new(DEVICE, at(9)),
        }
    }

    #[track_caller]
    fn check(responses: &[Response], rater: Rater, date: NaiveDate, meeting: u32, kind: Kind) {
        assert_eq!(
            next_form(responses, rater, date),
            NextForm { meeting, kind }
        );
    }

    #[test]
    fn a_first_meeting_starts_with_the_outcome_scale() {
        check(&[], Rater::Oneself, day(2), 1, Kind::Outcome);
    }

    #[test]
    fn the_session_scale_follows_on_the_same_day() {
        let ors = [response(1, day(2), Rater::Oneself, Kind::Outcome)];
        check(&ors, Rater::Oneself, day(2), 1, Kind::Session);
        // A parent joins the same meeting with their own outcome scale.
        check(&ors, Rater::Parent, day(2), 1, Kind::Outcome);
        // Another day is another meeting, even with the session scale missing.
        check(&ors, Rater::Oneself, day(9), 2, Kind::Outcome);
    }

    #[test]
    fn staff_give_the_outcome_scale_only() {
        let ors = [
            response(1, day(2), Rater::Oneself, Kind::Outcome),
            response(1, day(2), Rater::Staff, Kind::Outcome),
        ];
        // Staff's part of the meeting is done; the citizen's session scale is still to come.
        check(&ors, Rater::Staff, day(2), 2, Kind::Outcome);
        check(&ors, Rater::Oneself, day(2), 1, Kind::Session);
        check(&ors[..1], Rater::Staff, day(2), 1, Kind::Outcome);
    }

    #[test]
    fn a_finished_meeting_is_followed_by_a_new_one() {
        let done = [
            response(1, day(2), Rater::Oneself, Kind::Outcome),
            response(1, day(2), Rater::Oneself, Kind::Session),
        ];
        check(&done, Rater::Oneself, day(2), 2, Kind::Outcome);
    }

    #[test]
    fn the_version_follows_the_age() {
        let registry = Registry::bundled().unwrap();
        let pick = |kind, age| {
            registry
                .for_age(kind, Age::years(age))
                .map(|definition| definition.id().as_str().to_owned())
        };
        assert_eq!(pick(Kind::Outcome, 5).as_deref(), Some("ycors"));
        assert_eq!(pick(Kind::Outcome, 6).as_deref(), Some("cors"));
        assert_eq!(pick(Kind::Outcome, 12).as_deref(), Some("cors"));
        assert_eq!(pick(Kind::Outcome, 13).as_deref(), Some("ors"));
        assert_eq!(pick(Kind::Session, 40).as_deref(), Some("srs"));
        assert_eq!(pick(Kind::Session, 8).as_deref(), Some("csrs"));
    }

    #[test]
    fn a_chosen_version_brings_its_session_partner() {
        let registry = Registry::bundled().unwrap();
        let outcome: Vec<&str> = registry
            .choices(Kind::Outcome)
            .iter()
            .map(|definition| definition.id().as_str())
            .collect();
        // The group session scale is no choice for an individual meeting.
        assert_eq!(outcome, ["ors", "cors", "ycors"]);
        let partners: Vec<&str> = registry
            .choices(Kind::Outcome)
            .iter()
            .filter_map(|chosen| registry.for_age(Kind::Session, chosen.audience().ages().min()))
            .map(|definition| definition.id().as_str())
            .collect();
        assert_eq!(partners, ["srs", "csrs", "ycsrs"]);
    }
}

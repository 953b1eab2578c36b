//! A rater's way through one meeting as one piece of state: the set-up, the outcome scale, the calm
//! result, staff's view, the session scale.
//!
//! The app keeps the step on the device whenever it changes (with the drafts, sealed on a device with a
//! PIN), so a reload or a lock resumes at the same screen with the same form: the form is part of the
//! step, never worked out again from what happens to be stored. Every screen that starts a form names it
//! from [`planned`], the same function that decides which form starts, so no screen can name one form
//! and start another.

use chrono::NaiveDate;

use crate::fit::definition::{Definition, InstrumentId, Kind, Version};
use crate::fit::rated::{Age, Rater};
use crate::fit::registry::Registry;
use crate::fit::response::{NextForm, Response, ResponseId, next_form};

/// A form of a meeting: which meeting, which instrument and version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingForm {
    pub meeting: u32,
    pub kind: Kind,
    pub instrument: InstrumentId,
    pub version: Version,
}

/// The form that starts next, with its definition: what a screen names and what its button starts.
#[derive(Clone, Copy, Debug)]
pub struct Planned<'r> {
    pub meeting: u32,
    pub definition: &'r Definition,
}

impl Planned<'_> {
    pub fn form(&self) -> MeetingForm {
        MeetingForm {
            meeting: self.meeting,
            kind: self.definition.kind(),
            instrument: self.definition.id().clone(),
            version: self.definition.version(),
        }
    }
}

/// The form `rater` starts next on `date` given the stored `responses`, in the version made for
/// `form_age`; `None` when no version is made for that age.
pub fn planned<'r>(
    registry: &'r Registry,
    responses: &[Response],
    rater: Rater,
    date: NaiveDate,
    form_age: Age,
) -> Option<Planned<'r>> {
    let next = next_form(responses, rater, date);
    registry
        .for_age(next.kind, form_age)
        .map(|definition| Planned {
            meeting: next.meeting,
            definition,
        })
}

/// The age whose version the set-up preselects for `next`: for a session scale, the age of the outcome
/// scale the rater gave in the same meeting, so its partner follows (the child version after the child
/// version staff chose for a 13-year-old); otherwise the person's own `age`.
pub fn preselected_age(
    registry: &Registry,
    responses: &[Response],
    rater: Rater,
    next: NextForm,
    age: Age,
) -> Age {
    if next.kind != Kind::Session {
        return age;
    }
    responses
        .iter()
        .rev()
        .filter(|response| {
            response.rater == rater
                && response.meeting == next.meeting
                && response.kind == Kind::Outcome
        })
        .find_map(|response| {
            registry
                .get(response.instrument.as_str(), Some(response.version))
                .ok()
        })
        .map_or(age, |definition| definition.audience().ages().min())
}

/// Where a rater is in a meeting that staff have set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Answering this form.
    Answering(MeetingForm),
    /// The form is stored; the rater sees a calm summary.
    Thanks(ResponseId),
    /// Handed back: staff see the cut-off, the change and the alerts.
    Staff(ResponseId),
}

/// A rater's meeting after the set-up: what staff settled and the step it has reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingStep {
    /// The meeting's date as staff set it (today or earlier).
    pub date: NaiveDate,
    /// The age the forms are chosen for: the person's own, or the youngest age of the version staff chose.
    pub form_age: Age,
    /// The day the step was reached on the device. A meeting is held in one day: a step from another day
    /// is a meeting left unfinished, not one under way.
    pub on: NaiveDate,
    pub step: Step,
}

impl MeetingStep {
    /// The set-up done on `today`: answering the planned form.
    pub fn start(
        date: NaiveDate,
        form_age: Age,
        planned: &Planned<'_>,
        today: NaiveDate,
    ) -> MeetingStep {
        MeetingStep {
            date,
            form_age,
            on: today,
            step: Step::Answering(planned.form()),
        }
    }

    /// The same meeting at `step`, reached on `today`.
    pub fn to(&self, step: Step, today: NaiveDate) -> MeetingStep {
        MeetingStep {
            on: today,
            step,
            ..self.clone()
        }
    }
}

/// A meeting as staff set it up once: its date, the age its forms are chosen for, and who rates in it,
/// in the order they are handed the tablet (the young person, then a parent).
/// Every rater's step starts from it, so handing the tablet to the next rater needs no new set-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetUp {
    pub date: NaiveDate,
    pub form_age: Age,
    pub raters: Vec<Rater>,
    /// The day it was set up on the device: like a step, it holds for that day only.
    pub on: NaiveDate,
}

impl SetUp {
    /// The meeting of `step` with its rater alone: a form resumed without a set-up of its own.
    pub fn alone(step: &MeetingStep, rater: Rater) -> SetUp {
        SetUp {
            date: step.date,
            form_age: step.form_age,
            raters: vec![rater],
            on: step.on,
        }
    }

    /// Whether it is `today`'s meeting and `rater` rates in it.
    pub fn applies(&self, rater: Rater, today: NaiveDate) -> bool {
        self.on == today && self.raters.contains(&rater)
    }

    /// The form `rater` is handed next in this meeting; `None` once they have given every form of it
    /// (or when they do not rate in it).
    pub fn form_for<'r>(
        &self,
        registry: &'r Registry,
        responses: &[Response],
        rater: Rater,
    ) -> Option<Planned<'r>> {
        if !self.raters.contains(&rater) || done_on(responses, rater, self.date) {
            return None;
        }
        planned(registry, responses, rater, self.date, self.form_age)
    }

    /// `rater`'s step when handed the tablet on `today`: answering their next form of the meeting.
    pub fn step_for(
        &self,
        registry: &Registry,
        responses: &[Response],
        rater: Rater,
        today: NaiveDate,
    ) -> Option<MeetingStep> {
        self.form_for(registry, responses, rater)
            .map(|planned| MeetingStep::start(self.date, self.form_age, &planned, today))
    }

    /// The step of `rater`, the first to rate, when staff start the meeting from the set-up on `today`: the
    /// form the set-up screen named ([`planned`]), even when they gave a whole meeting's forms earlier that
    /// day. A set-up started is a new meeting (an acute contact after the planned one), which
    /// [`SetUp::step_for`], for a rater handed the tablet within a meeting, would refuse as done.
    pub fn start_for(
        &self,
        registry: &Registry,
        responses: &[Response],
        rater: Rater,
        today: NaiveDate,
    ) -> Option<MeetingStep> {
        if !self.raters.contains(&rater) {
            return None;
        }
        planned(registry, responses, rater, self.date, self.form_age)
            .map(|planned| MeetingStep::start(self.date, self.form_age, &planned, today))
    }

    /// Who is handed the tablet next, with the form they give: every rater's outcome scale first, in the
    /// set-up's order, then each one's session scale after the conversation; `None` when all are done.
    pub fn next<'r>(
        &self,
        registry: &'r Registry,
        responses: &[Response],
    ) -> Option<(Rater, Planned<'r>)> {
        let of_kind = |kind: Kind| {
            self.raters.iter().find_map(|&rater| {
                self.form_for(registry, responses, rater)
                    .filter(|planned| planned.definition.kind() == kind)
                    .map(|planned| (rater, planned))
            })
        };
        of_kind(Kind::Outcome).or_else(|| of_kind(Kind::Session))
    }
}

/// Whether `rater` has given every form of the latest meeting, held on `date`: their outcome scale is in
/// it, and what comes next for them is a new meeting's. Only the latest meeting counts: in a second meeting
/// the same day (an acute contact after the planned one), a parent who rated in the first still rates.
fn done_on(responses: &[Response], rater: Rater, date: NaiveDate) -> bool {
    let Some(latest) = responses.iter().map(|response| response.meeting).max() else {
        return false;
    };
    let gave_outcome = responses.iter().any(|response| {
        response.rater == rater
            && response.meeting == latest
            && response.date == date
            && response.kind == Kind::Outcome
    });
    gave_outcome && next_form(responses, rater, date).meeting > latest
}

/// Where a stored `step` resumes after a reload or a lock on `today`, given the forms stored since;
/// `None` when it no longer applies and the set-up comes again (a step from another day, a form that
/// is gone, or a form another window has answered meanwhile).
pub fn resume(
    step: MeetingStep,
    responses: &[Response],
    rater: Rater,
    today: NaiveDate,
) -> Option<MeetingStep> {
    if step.on != today {
        return None;
    }
    match &step.step {
        Step::Thanks(id) | Step::Staff(id) => responses
            .iter()
            .any(|response| response.id == *id)
            .then_some(step),
        Step::Answering(form) => {
            // Stored, but the step that follows was not (the page went in between): its summary.
            let stored = responses.iter().find(|response| {
                response.rater == rater
                    && response.meeting == form.meeting
                    && response.instrument == form.instrument
                    && response.date == step.date
            });
            if let Some(response) = stored {
                let id = response.id;
                return Some(step.to(Step::Thanks(id), today));
            }
            let next = next_form(responses, rater, step.date);
            (next.meeting == form.meeting && next.kind == form.kind).then_some(step)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{citizen, form};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn registry() -> Registry {
        Registry::bundled().unwrap()
    }

    /// What a screen names: meeting and instrument.
    fn named(planned: Option<Planned<'_>>) -> Option<(u32, &str)> {
        planned.map(|planned| (planned.meeting, planned.definition.id().as_str()))
    }

    fn answered(rater: Rater, meeting: u32, seed: u8, id: &str) -> Response {
        form(&citizen(1, "AB", "U"), id, rater, meeting, seed, &[100; 4])
    }

    #[test]
    fn the_set_up_names_the_form_that_comes_next() {
        let registry = registry();
        let adult = Age::years(30);
        let plan = |responses: &[Response], date| {
            named(planned(&registry, responses, Rater::Oneself, date, adult))
        };
        assert_eq!(plan(&[], day(2)), Some((1, "ors")));
        let ors = [answered(Rater::Oneself, 2, 1, "ors")];
        // After the outcome scale on the same day, the set-up names and starts the session scale.
        assert_eq!(plan(&ors, day(2)), Some((2, "srs")));
        assert_eq!(plan(&ors, day(9)), Some((3, "ors")));
        let child = named(planned(
            &registry,
            &ors,
            Rater::Oneself,
            day(2),
            Age::years(8),
        ));
        assert_eq!(child, Some((2, "csrs")));
    }

    #[test]
    fn the_session_scale_follows_the_version_chosen_for_the_outcome_scale() {
        let registry = registry();
        let teen = Age::years(13);
        let ors = [answered(Rater::Oneself, 2, 1, "cors")];
        let next = next_form(&ors, Rater::Oneself, day(2));
        let age = preselected_age(&registry, &ors, Rater::Oneself, next, teen);
        assert_eq!(age, Age::years(6));
        let outcome = next_form(&[], Rater::Oneself, day(2));
        assert_eq!(
            preselected_age(&registry, &ors, Rater::Oneself, outcome, teen),
            teen
        );
        // Another rater's outcome scale is theirs.
        let parent = next_form(&ors, Rater::Parent, day(2));
        assert_eq!(
            preselected_age(&registry, &ors, Rater::Parent, parent, teen),
            teen
        );
    }

    #[test]
    fn a_step_resumes_on_the_day_it_was_reached() {
        let registry = registry();
        let adult = Age::years(30);
        let ors = planned(&registry, &[], Rater::Oneself, day(2), adult).unwrap();
        let step = MeetingStep::start(day(2), adult, &ors, day(2));
        assert_eq!(
            resume(step.clone(), &[], Rater::Oneself, day(2)),
            Some(step.clone())
        );
        assert_eq!(resume(step, &[], Rater::Oneself, day(3)), None);
    }

    #[test]
    fn the_staff_view_after_the_outcome_scale_resumes_and_the_session_scale_follows() {
        let registry = registry();
        let adult = Age::years(30);
        let set_up = SetUp {
            date: day(2),
            form_age: adult,
            raters: vec![Rater::Oneself],
            on: day(2),
        };
        let ors = answered(Rater::Oneself, 2, 1, "ors");
        let stored = [ors.clone()];
        let staff = set_up
            .step_for(&registry, &[], Rater::Oneself, day(2))
            .unwrap()
            .to(Step::Staff(ors.id), day(2));
        assert_eq!(
            resume(staff.clone(), &stored, Rater::Oneself, day(2)),
            Some(staff.clone())
        );
        let next = set_up.next(&registry, &stored).unwrap();
        assert_eq!(
            (next.0, named(Some(next.1))),
            (Rater::Oneself, Some((2, "srs")))
        );
        // The session scale's step is stored with its form, and resumes as that form.
        let srs = staff.to(Step::Answering(next.1.form()), day(2));
        assert_eq!(
            resume(srs.clone(), &stored, Rater::Oneself, day(2)),
            Some(srs)
        );
        // A form that is no longer stored has no summary to resume.
        assert_eq!(resume(staff, &[], Rater::Oneself, day(2)), None);
    }

    /// Who the set-up hands the tablet to after each of `stored`, in a line: `self ors`, … or `none`.
    #[track_caller]
    fn check_hand_overs(set_up: &SetUp, stored: &[Response], expect: &[&str]) {
        let registry = registry();
        let handed: Vec<String> = (0..=stored.len())
            .map(
                |n_stored| match set_up.next(&registry, &stored[..n_stored]) {
                    Some((rater, planned)) => {
                        format!("{} {}", rater.code(), planned.definition.id().as_str())
                    }
                    None => "none".to_owned(),
                },
            )
            .collect();
        assert_eq!(handed, expect);
    }

    #[test]
    fn one_meeting_hands_the_tablet_to_each_rater_for_the_outcome_scale_then_each_session_scale() {
        let both = SetUp {
            date: day(2),
            form_age: Age::years(17),
            raters: vec![Rater::Oneself, Rater::Parent],
            on: day(2),
        };
        let stored = [
            answered(Rater::Oneself, 2, 1, "ors"),
            answered(Rater::Parent, 2, 2, "ors"),
            answered(Rater::Oneself, 2, 3, "srs"),
            answered(Rater::Parent, 2, 4, "srs"),
        ];
        check_hand_overs(
            &both,
            &stored,
            &["self ors", "parent ors", "self srs", "parent srs", "none"],
        );
        // A parent first: the young person's outcome scale before anyone's session scale.
        let parent_first = SetUp {
            raters: vec![Rater::Parent, Rater::Oneself],
            ..both.clone()
        };
        check_hand_overs(
            &parent_first,
            &[stored[1].clone(), stored[0].clone()],
            &["parent ors", "self ors", "parent srs"],
        );
        // One rater: their two forms, then nothing more; the meeting's forms of an earlier day do not count.
        let alone = SetUp {
            raters: vec![Rater::Oneself],
            ..both.clone()
        };
        check_hand_overs(&alone, &stored[..1], &["self ors", "self srs"]);
        let earlier = [
            answered(Rater::Oneself, 1, 5, "ors"),
            answered(Rater::Oneself, 1, 6, "srs"),
        ];
        check_hand_overs(&alone, &earlier, &["self ors", "self ors", "self ors"]);
    }

    #[test]
    fn a_meeting_started_from_the_set_up_is_a_new_one_even_after_a_whole_meeting_that_day() {
        let registry = registry();
        let set_up = SetUp {
            date: day(1),
            form_age: Age::years(30),
            raters: vec![Rater::Oneself],
            on: day(1),
        };
        let stored = [
            answered(Rater::Oneself, 1, 1, "ors"),
            answered(Rater::Oneself, 1, 2, "srs"),
        ];
        // Handed the tablet within the day's meeting, the citizen has nothing left to give…
        assert_eq!(
            set_up.step_for(&registry, &stored, Rater::Oneself, day(1)),
            None
        );
        // …but staff starting the set-up again begin a second meeting that day, as its screen said.
        let step = set_up
            .start_for(&registry, &stored, Rater::Oneself, day(1))
            .unwrap();
        let Step::Answering(form) = &step.step else {
            panic!("not answering: {step:?}");
        };
        assert_eq!((form.meeting, form.instrument.as_str()), (2, "ors"));
        assert_eq!(
            set_up.start_for(&registry, &stored, Rater::Parent, day(1)),
            None,
            "not a rater of this set-up"
        );
    }

    #[test]
    fn a_second_meeting_the_same_day_hands_the_tablet_to_every_rater_again() {
        let both = SetUp {
            date: day(1),
            form_age: Age::years(17),
            raters: vec![Rater::Oneself, Rater::Parent],
            on: day(1),
        };
        let on_day_one = |rater, meeting, seed, id| Response {
            date: day(1),
            ..answered(rater, meeting, seed, id)
        };
        let stored = [
            on_day_one(Rater::Oneself, 1, 1, "ors"),
            on_day_one(Rater::Parent, 1, 2, "ors"),
            on_day_one(Rater::Oneself, 1, 3, "srs"),
            on_day_one(Rater::Parent, 1, 4, "srs"),
            // Staff started the set-up again: the young person's outcome scale opens meeting 2.
            on_day_one(Rater::Oneself, 2, 5, "ors"),
            on_day_one(Rater::Parent, 2, 6, "ors"),
            on_day_one(Rater::Oneself, 2, 7, "srs"),
            on_day_one(Rater::Parent, 2, 8, "srs"),
        ];
        check_hand_overs(
            &both,
            &stored,
            &[
                "self ors",
                "parent ors",
                "self srs",
                "parent srs",
                "none",
                "parent ors",
                "self srs",
                "parent srs",
                "none",
            ],
        );
    }

    #[test]
    fn a_rater_is_handed_their_next_form_of_the_meeting_only_if_they_rate_in_it() {
        let registry = registry();
        let set_up = SetUp {
            date: day(2),
            form_age: Age::years(8),
            raters: vec![Rater::Oneself, Rater::Parent],
            on: day(2),
        };
        let stored = [answered(Rater::Oneself, 2, 1, "cors")];
        let form = |rater| named(set_up.form_for(&registry, &stored, rater));
        // The version the set-up chose for the young person's age, for the parent too.
        assert_eq!(form(Rater::Oneself), Some((2, "csrs")));
        assert_eq!(form(Rater::Parent), Some((2, "cors")));
        assert_eq!(form(Rater::Staff), None);
        assert!(set_up.applies(Rater::Parent, day(2)));
        assert!(!set_up.applies(Rater::Staff, day(2)));
        assert!(
            !set_up.applies(Rater::Parent, day(3)),
            "set up on another day"
        );
        let step = set_up
            .step_for(&registry, &stored, Rater::Parent, day(2))
            .unwrap();
        assert_eq!(step.date, day(2));
        assert!(matches!(
            step.step,
            Step::Answering(MeetingForm { meeting: 2, .. })
        ));
    }

    #[test]
    fn a_form_stored_before_its_step_moved_on_resumes_at_its_summary() {
        let registry = registry();
        let adult = Age::years(30);
        let ors = planned(&registry, &[], Rater::Oneself, day(2), adult).unwrap();
        let step = MeetingStep::start(day(2), adult, &ors, day(2));
        let stored = [answered(Rater::Oneself, 2, 1, "ors")];
        let mut at_ors = step.clone();
        at_ors.step = Step::Answering(MeetingForm {
            meeting: 2,
            ..ors.form()
        });
        let resumed = resume(at_ors, &stored, Rater::Oneself, day(2)).map(|step| step.step);
        assert_eq!(resumed, Some(Step::Thanks(stored[0].id)));
        // Meanwhile another window stored a form as meeting 1: the step's form no longer comes next, the
        // set-up comes again.
        let elsewhere = [answered(Rater::Parent, 1, 1, "ors")];
        assert_eq!(resume(step, &elsewhere, Rater::Oneself, day(2)), None);
    }
}

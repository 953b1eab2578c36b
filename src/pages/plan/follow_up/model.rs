//! The follow-up's model: the day and the level chosen for each goal, kept as a draft until stored, and
//! the follow-up they make with its T-score (the core's).

use std::rc::Rc;

use chrono::NaiveDate;
use mestring_core::mastery::{FollowUp, Plan, TScore};
use mestring_core::sort;
use serde::{Deserialize, Serialize};
use yew::Reducible;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpDraft {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    pub date: NaiveDate,
    /// `(goal number, level)` as chosen so far, by goal number.
    pub attained: Vec<(u32, i8)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FollowUpAction {
    /// The day of the follow-up as the date field gives it; a day it cannot read is left out.
    Date { text: String },
    /// Goal `goal` reached `level`, in place of what was chosen for it before.
    Choose { goal: u32, level: i8 },
}

impl Reducible for FollowUpDraft {
    type Action = FollowUpAction;

    fn reduce(self: Rc<Self>, action: FollowUpAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}

impl FollowUpDraft {
    /// A follow-up held `today` with nothing chosen yet.
    pub fn start(today: NaiveDate) -> FollowUpDraft {
        FollowUpDraft {
            date: today,
            attained: Vec::new(),
        }
    }

    /// Applies `action`, the draft's one way to change.
    pub fn apply(&mut self, action: FollowUpAction) {
        match action {
            FollowUpAction::Date { text } => {
                if let Some(date) = mestring_core::iso::parse_date(&text) {
                    self.date = date;
                }
            }
            FollowUpAction::Choose { goal, level } => {
                self.attained.retain(|(number, _)| *number != goal);
                self.attained.push((goal, level));
                sort::ascending(&mut self.attained);
            }
        }
    }

    pub fn is_chosen(&self, goal: u32, level: i8) -> bool {
        self.attained.contains(&(goal, level))
    }

    /// Whether a level is chosen for every goal of `plan` still worked on (an ended goal keeps its
    /// history but is no longer followed up).
    pub fn is_complete(&self, plan: &Plan) -> bool {
        plan.active_goals().all(|goal| {
            self.attained
                .iter()
                .any(|(number, _)| *number == goal.number)
        })
    }

    /// The follow-up to store and its T-score on `plan`'s goals; `None` while nothing is chosen to score.
    pub fn scored(&self, plan: &Plan) -> Option<(FollowUp, TScore)> {
        let follow_up = FollowUp {
            date: self.date,
            attained: self.attained.clone(),
        };
        let score = plan.t_score(&follow_up).ok()?;
        Some((follow_up, score))
    }
}

/// `plan` with `follow_up` among its follow-ups, which stay in date order.
pub fn with_follow_up(plan: &mut Plan, follow_up: FollowUp) {
    plan.follow_ups.push(follow_up);
    sort::by_key(&mut plan.follow_ups, |follow_up| follow_up.date);
}

#[cfg(test)]
mod tests {
    use mestring_core::mastery::Goal;
    use mestring_core::testing;

    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn after(actions: impl IntoIterator<Item = FollowUpAction>) -> FollowUpDraft {
        let start = Rc::new(FollowUpDraft::start(date("2026-08-03")));
        Rc::unwrap_or_clone(
            actions
                .into_iter()
                .fold(start, |draft, action| draft.reduce(action)),
        )
    }

    fn choose(goal: u32, level: i8) -> FollowUpAction {
        FollowUpAction::Choose { goal, level }
    }

    /// The test plan (goal 1 agreed 19 January 2026, scored +1 on 20 April) with a goal 2 and an ended goal 3.
    fn plan() -> Plan {
        let citizen = testing::citizen(1, "Anna", "Hus 1").id;
        let mut plan = testing::plan(citizen, date("2026-01-05"), true);
        plan.add_goal(testing::bus_goal());
        let ended = plan.add_goal(testing::bus_goal());
        plan.end_goal(ended, date("2026-06-01")).unwrap();
        plan
    }

    #[test]
    fn a_goal_has_one_level_the_last_chosen() {
        let draft = after([choose(2, 1), choose(1, -1), choose(2, -2)]);
        assert_eq!(draft.attained, [(1, -1), (2, -2)]);
        assert!(draft.is_chosen(2, -2));
        assert!(!draft.is_chosen(2, 1));
    }

    #[test]
    fn a_day_the_field_cannot_read_keeps_the_one_before() {
        let draft = after([FollowUpAction::Date {
            text: "2026-08-10".to_owned(),
        }]);
        assert_eq!(draft.date, date("2026-08-10"));
        let unread = Rc::new(draft);
        let same = Rc::clone(&unread).reduce(FollowUpAction::Date {
            text: "10.08.2026".to_owned(),
        });
        assert!(Rc::ptr_eq(&unread, &same));
    }

    #[test]
    fn every_goal_still_worked_on_needs_a_level() {
        let plan = plan();
        let active: Vec<u32> = plan.active_goals().map(|goal: &Goal| goal.number).collect();
        assert_eq!(active, [1, 2]);
        assert!(!after([choose(1, 0)]).is_complete(&plan));
        assert!(after([choose(1, 0), choose(2, 1)]).is_complete(&plan));
    }

    #[test]
    fn the_stored_follow_up_is_scored_and_kept_in_date_order() {
        let plan = plan();
        assert_eq!(after([]).scored(&plan), None);
        let (follow_up, score) = after([
            FollowUpAction::Date {
                text: "2026-03-02".to_owned(),
            },
            choose(1, 0),
            choose(2, 0),
        ])
        .scored(&plan)
        .unwrap();
        assert_eq!(score.tenths(), 500);
        let mut plan = plan;
        with_follow_up(&mut plan, follow_up);
        let dates: Vec<NaiveDate> = plan.follow_ups.iter().map(|f| f.date).collect();
        assert_eq!(dates, [date("2026-03-02"), date("2026-04-20")]);
    }
}

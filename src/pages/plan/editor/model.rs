//! The plan editor's model: the draft staff type into, the changes they make to it, and what the draft
//! would be as a stored plan. The rules a change must keep (a scored goal is ended, not removed; a goal
//! number is never given twice) are the core's, asked of the stored plan the draft revises.

mod individual_plan;

use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use mestring_core::citizen::CitizenId;
use mestring_core::ffb::{FunctionLevel, TermId};
use mestring_core::mastery::{
    Activity, DomainId, GasWeight, Goal, IndividualPlan, Interval, Plan, PlanId, PlanIssue, Schema,
    SchemaId, next_goal_number,
};
use mestring_core::record::{DeviceId, RecordMeta};
use mestring_core::sort;
use serde::{Deserialize, Serialize};
use yew::Reducible;

pub use self::individual_plan::{IpDate, IpEdit, MeasurePart};
use crate::pages::plan::PLAN_SCHEMA;

/// What the editor holds while staff type, kept as a draft under the plan's key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanDraft {
    /// The revision of the stored plan the draft started from; 0 for a new plan.
    pub base_revision: u32,
    pub goals: Vec<Goal>,
    pub months: u8,
    /// The highest goal number given out, in the stored plan or in this draft (0 in a draft from before
    /// it was kept, which the stored plan's own count then covers).
    #[serde(default)]
    pub last_goal_number: u32,
    /// The Norwegian individual plan part; `None` until a field of it is typed (and in a draft from before
    /// plans had one).
    #[serde(default)]
    pub individual_plan: Option<IndividualPlan>,
}

/// A change staff make to the draft. Goals are named by number, which stays a goal's own while goals
/// before it are removed.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanAction {
    AddGoal,
    /// Removes goal `number`; refused for a goal a follow-up of the `stored` plan has scored.
    RemoveGoal {
        number: u32,
        stored: Option<Rc<Plan>>,
    },
    /// Ends goal `number` on `on`; refused before a follow-up of the `stored` plan that scored it.
    EndGoal {
        number: u32,
        on: NaiveDate,
        stored: Option<Rc<Plan>>,
    },
    ResumeGoal {
        number: u32,
    },
    /// Puts goal `number` back as the `stored` plan has it (a draft from before scored goals could
    /// only be ended may lack one), or, where the draft has it, its levels, baseline and weight.
    PutBack {
        number: u32,
        stored: Option<Rc<Plan>>,
    },
    OwnWords {
        number: u32,
        text: String,
    },
    ToggleDomain {
        number: u32,
        domain: DomainId,
    },
    /// The primary FFB sub-theme as its select gives it (empty: none).
    SubTheme {
        number: u32,
        text: String,
    },
    /// One more FFB sub-theme the goal addresses, or one fewer.
    ToggleSubTheme {
        number: u32,
        sub_theme: TermId,
    },
    /// The FFB goal type as its select gives it (empty: none).
    GoalType {
        number: u32,
        text: String,
    },
    /// A function level as its select gives it ("0"–"4"; empty: ikke vurderet), at the start or aimed for.
    FunctionLevel {
        number: u32,
        aimed_for: bool,
        text: String,
    },
    /// The GAS baseline as its select gives it ("-2", "-1"; empty: not recorded).
    Baseline {
        number: u32,
        text: String,
    },
    /// Weights for every goal (each 1 × 1 to start with), or for none.
    Weighted {
        on: bool,
    },
    /// Importance or difficulty (0–3) of a weighted goal, as its select gives it.
    Weight {
        number: u32,
        difficulty: bool,
        text: String,
    },
    /// The sub-goals, one a line.
    SubGoals {
        number: u32,
        text: String,
    },
    AddActivity {
        number: u32,
    },
    Activity {
        number: u32,
        row: usize,
        part: ActivityPart,
        text: String,
    },
    /// The day a training row starts, as a date field gives it (`YYYY-MM-DD`, empty when cleared).
    ActivityStart {
        number: u32,
        row: usize,
        text: String,
    },
    /// What level `level` (−2…+2) looks like for goal `number`.
    Level {
        number: u32,
        level: i8,
        text: String,
    },
    /// The months between follow-ups, as the select gives them.
    Months {
        text: String,
    },
    /// A change to the Norwegian individual plan part.
    IndividualPlan {
        edit: IpEdit,
    },
}

/// The three texts of a training row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityPart {
    What,
    Support,
    HowOften,
}

impl Reducible for PlanDraft {
    type Action = PlanAction;

    fn reduce(self: Rc<Self>, action: PlanAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}

impl PlanDraft {
    /// The draft a plan's editing starts from: the `stored` plan's goals or, before the plan is agreed
    /// (there are only dialogue meetings), one new goal; followed up as the stored plan is, or a new one
    /// every `follow_up` (the unit's rule).
    pub fn start(stored: Option<&Plan>, follow_up: Interval) -> PlanDraft {
        let last = stored.map_or(0, |plan| plan.next_goal_number() - 1);
        let goals = match stored {
            Some(plan) if !plan.goals.is_empty() => plan.goals.clone(),
            _ => vec![new_goal(last + 1)],
        };
        PlanDraft {
            base_revision: stored.map_or(0, |plan| plan.meta.revision),
            last_goal_number: next_goal_number(last, &goals) - 1,
            goals,
            months: stored
                .filter(|plan| plan.agreed_on.is_some())
                .map_or(follow_up, |plan| plan.interval)
                .get(),
            individual_plan: stored.and_then(|plan| plan.individual_plan.clone()),
        }
    }

    /// Applies `action`, the draft's one way to change; what the rules refuse leaves it as it was.
    pub fn apply(&mut self, action: PlanAction) {
        match action {
            PlanAction::AddGoal => {
                let number = self.next_goal_number();
                self.last_goal_number = number;
                let weight = self.is_weighted().then_some(UNIT_WEIGHT);
                self.goals.push(Goal {
                    weight,
                    ..new_goal(number)
                });
            }
            PlanAction::RemoveGoal { number, stored } => {
                if !allowed(stored.as_deref(), |plan| plan.remove_goal(number)) {
                    return;
                }
                if let Some(idx) = self.goals.iter().position(|goal| goal.number == number) {
                    self.goals.remove(idx);
                    // Its number stays given out, so a goal added next does not take it.
                    self.last_goal_number = self.last_goal_number.max(number);
                }
            }
            PlanAction::EndGoal { number, on, stored } => {
                if allowed(stored.as_deref(), |plan| plan.end_goal(number, on)) {
                    self.edit_goal(number, |goal| goal.ended = Some(on));
                }
            }
            PlanAction::ResumeGoal { number } => self.edit_goal(number, |goal| goal.ended = None),
            PlanAction::PutBack { number, stored } => {
                let Some(goal) = stored
                    .as_deref()
                    .and_then(|plan| plan.goals.iter().find(|goal| goal.number == number))
                else {
                    return;
                };
                match self.goals.iter_mut().find(|kept| kept.number == number) {
                    Some(kept) => {
                        kept.levels = goal.levels.clone();
                        kept.baseline = goal.baseline;
                        kept.weight = goal.weight;
                    }
                    None => {
                        self.goals.push(goal.clone());
                        sort::by_key(&mut self.goals, |kept| kept.number);
                    }
                }
            }
            PlanAction::OwnWords { number, text } => {
                self.edit_goal(number, |goal| goal.own_words = text);
            }
            PlanAction::ToggleDomain { number, domain } => {
                self.edit_goal(number, |goal| {
                    match goal.domains.iter().position(|taken| *taken == domain) {
                        Some(at) => {
                            goal.domains.remove(at);
                        }
                        None => goal.domains.push(domain),
                    }
                })
            }
            PlanAction::SubTheme { number, text } => self.edit_goal(number, |goal| {
                let others = goal.sub_themes.iter().skip(1);
                let kept: Vec<TermId> = others.filter(|id| id.as_str() != text).cloned().collect();
                goal.sub_themes = (!text.is_empty())
                    .then(|| TermId::new(&text))
                    .into_iter()
                    .chain(kept)
                    .collect();
            }),
            PlanAction::ToggleSubTheme { number, sub_theme } => self.edit_goal(number, |goal| {
                // The primary one is chosen in its own field; without it, there are no others.
                match goal
                    .sub_themes
                    .iter()
                    .skip(1)
                    .position(|id| *id == sub_theme)
                {
                    Some(at) => {
                        goal.sub_themes.remove(at + 1);
                    }
                    None if !goal.sub_themes.is_empty() && goal.sub_themes[0] != sub_theme => {
                        goal.sub_themes.push(sub_theme);
                    }
                    None => {}
                }
            }),
            PlanAction::GoalType { number, text } => self.edit_goal(number, |goal| {
                goal.goal_type = (!text.is_empty()).then(|| TermId::new(&text));
            }),
            PlanAction::FunctionLevel {
                number,
                aimed_for,
                text,
            } => self.edit_goal(number, |goal| {
                let level = text.parse().ok().map(FunctionLevel::new);
                *(if aimed_for {
                    &mut goal.level_aimed_for
                } else {
                    &mut goal.level_at_start
                }) = level;
            }),
            PlanAction::Baseline { number, text } => self.edit_goal(number, |goal| {
                goal.baseline = text.parse().ok();
            }),
            PlanAction::Weighted { on } => {
                for goal in &mut self.goals {
                    goal.weight = match (on, goal.weight) {
                        (true, None) => Some(UNIT_WEIGHT),
                        (true, kept) => kept,
                        (false, _) => None,
                    };
                }
            }
            PlanAction::Weight {
                number,
                difficulty,
                text,
            } => self.edit_goal(number, |goal| {
                if let (Some(weight), Ok(value)) = (&mut goal.weight, text.parse()) {
                    *(if difficulty {
                        &mut weight.difficulty
                    } else {
                        &mut weight.importance
                    }) = value;
                }
            }),
            PlanAction::SubGoals { number, text } => self.edit_goal(number, |goal| {
                goal.sub_goals = text.split('\n').map(str::to_owned).collect();
            }),
            PlanAction::AddActivity { number } => {
                self.edit_goal(number, |goal| goal.activities.push(Activity::default()));
            }
            PlanAction::Activity {
                number,
                row,
                part,
                text,
            } => self.edit_goal(number, |goal| {
                if let Some(activity) = goal.activities.get_mut(row) {
                    *match part {
                        ActivityPart::What => &mut activity.what,
                        ActivityPart::Support => &mut activity.support,
                        ActivityPart::HowOften => &mut activity.how_often,
                    } = text;
                }
            }),
            PlanAction::ActivityStart { number, row, text } => self.edit_goal(number, |goal| {
                if let Some(activity) = goal.activities.get_mut(row) {
                    activity.start = text.parse().ok();
                }
            }),
            PlanAction::Level {
                number,
                level,
                text,
            } => self.edit_goal(number, |goal| {
                let slot = usize::try_from(i32::from(level) + 2)
                    .ok()
                    .and_then(|idx| goal.levels.get_mut(idx));
                if let Some(slot) = slot {
                    *slot = text;
                }
            }),
            PlanAction::Months { text } => {
                if let Some(interval) = text.parse().ok().and_then(Interval::months) {
                    self.months = interval.get();
                }
            }
            PlanAction::IndividualPlan { edit } => {
                individual_plan::apply(&mut self.individual_plan, edit);
            }
        }
    }

    /// Whether the goals are weighted (then every one is, [`PlanIssue::WeightsMixed`]).
    pub fn is_weighted(&self) -> bool {
        self.goals.iter().any(|goal| goal.weight.is_some())
    }

    /// The number the next goal added gets: never one a goal has had.
    pub fn next_goal_number(&self) -> u32 {
        next_goal_number(self.last_goal_number, &self.goals)
    }

    /// Whether the plan was stored again (on another device, or in another tab) since the draft began.
    pub fn is_stale(&self, stored: Option<&Plan>) -> bool {
        stored
            .is_some_and(|plan| self.base_revision != 0 && self.base_revision < plan.meta.revision)
    }

    /// `base` with the draft's goals and interval, agreed `today` unless it already was.
    pub fn drafted(&self, base: &Plan, today: NaiveDate) -> Plan {
        let goals: Vec<Goal> = self.goals.iter().map(tidied).collect();
        let last = base.last_goal_number.max(self.last_goal_number);
        Plan {
            last_goal_number: next_goal_number(last, &goals) - 1,
            goals,
            interval: Interval::months(self.months).unwrap_or_default(),
            agreed_on: base.agreed_on.or(Some(today)),
            individual_plan: individual_plan::tidied(self.individual_plan.as_ref()),
            ..base.clone()
        }
    }

    /// What keeps the draft from being stored as a revision of the `stored` plan of `citizen` (or as a
    /// new plan): the rules reading applies and those of a change to the stored plan.
    pub fn issues(
        &self,
        stored: Option<&Plan>,
        citizen: CitizenId,
        schema: &Schema,
        now: DateTime<FixedOffset>,
    ) -> Vec<PlanIssue> {
        let base = stored.cloned().unwrap_or_else(|| placeholder(citizen, now));
        self.drafted(&base, now.date_naive())
            .change_issues(stored, schema)
    }

    /// Whether the draft can be stored, given its `issues`: a plan is agreed with at least one goal.
    pub fn is_storable(&self, issues: &[PlanIssue]) -> bool {
        issues.is_empty() && !self.goals.is_empty()
    }

    fn edit_goal(&mut self, number: u32, edit: impl FnOnce(&mut Goal)) {
        if let Some(goal) = self.goals.iter_mut().find(|goal| goal.number == number) {
            edit(goal);
        }
    }
}

/// The goals the `issues` say were scored and then removed or rescaled, which the `stored` plan still
/// has: each can be put back.
pub fn restorable(issues: &[PlanIssue], stored: Option<&Plan>) -> Vec<u32> {
    let Some(stored) = stored else {
        return Vec::new();
    };
    issues
        .iter()
        .filter_map(|issue| match issue {
            PlanIssue::ScoredGoalRemoved(number) | PlanIssue::ScoredGoalRescaled(number) => {
                Some(*number)
            }
            _ => None,
        })
        .filter(|number| stored.goals.iter().any(|goal| goal.number == *number))
        .collect()
}

/// Whether the issue is shown on a goal's card (the rest are shown above the store button).
pub fn is_about_a_field(issue: &PlanIssue) -> bool {
    matches!(
        issue,
        PlanIssue::NoWords(_)
            | PlanIssue::Text { .. }
            | PlanIssue::NoDomain(_)
            | PlanIssue::UnknownDomain(..)
            | PlanIssue::LevelMissing(..)
            | PlanIssue::NoSubTheme(_)
            | PlanIssue::UnknownSubTheme(..)
            | PlanIssue::DuplicateSubTheme(..)
            | PlanIssue::NoGoalType(_)
            | PlanIssue::UnknownGoalType(..)
            | PlanIssue::FunctionLevelOutOfRange(..)
            | PlanIssue::BaselineOutOfRange(..)
            | PlanIssue::WeightOutOfRange(_)
    )
}

/// The problems of goal `number` among the draft's `issues`, shown on its card once storing has been
/// tried: its texts' problems are not among them, as they stand beside their fields from the first
/// keystroke.
pub fn goal_problems(issues: &[PlanIssue], number: u32) -> Vec<PlanIssue> {
    issues
        .iter()
        .filter(|issue| is_about_a_field(issue) && issue.goal() == Some(number))
        .filter(|issue| !matches!(issue, PlanIssue::Text { .. }))
        .cloned()
        .collect()
}

/// Whether the core lets `change` be made to the `stored` plan; a plan never stored has nothing scored,
/// so it refuses nothing.
fn allowed(stored: Option<&Plan>, change: impl FnOnce(&mut Plan) -> Result<(), PlanIssue>) -> bool {
    stored.is_none_or(|plan| change(&mut plan.clone()).is_ok())
}

/// A plan not stored yet, to check a draft against: its ids are never stored.
fn placeholder(citizen: CitizenId, now: DateTime<FixedOffset>) -> Plan {
    Plan::new(
        PlanId::from_random_bytes([0; 16]),
        citizen,
        SchemaId::new(PLAN_SCHEMA),
        Interval::default(),
        RecordMeta::new(DeviceId::from_random_bytes([0; 16]), now),
    )
}

/// The weight a goal starts with when weights are switched on: 1 × 1, as much as no weight.
const UNIT_WEIGHT: GasWeight = GasWeight {
    importance: 1,
    difficulty: 1,
};

fn new_goal(number: u32) -> Goal {
    Goal {
        number,
        activities: vec![Activity::default()],
        ..Goal::default()
    }
}

/// The goal as stored: words trimmed, empty sub-goals and training rows left out.
fn tidied(goal: &Goal) -> Goal {
    Goal {
        own_words: goal.own_words.trim().to_owned(),
        sub_goals: goal
            .sub_goals
            .iter()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect(),
        activities: goal
            .activities
            .iter()
            .filter(|activity| !activity.what.trim().is_empty())
            .cloned()
            .collect(),
        levels: goal.levels.clone().map(|text| text.trim().to_owned()),
        ..goal.clone()
    }
}

#[cfg(test)]
mod tests {
    use mestring_core::mastery::Registry;
    use mestring_core::testing::{self, at};

    use super::*;

    fn schema() -> Schema {
        let registry = Registry::bundled().unwrap();
        registry
            .get(&SchemaId::new(PLAN_SCHEMA), None)
            .unwrap()
            .clone()
    }

    fn citizen() -> CitizenId {
        testing::citizen(1, "Anna", "Hus 1").id
    }

    /// A stored plan with goal 1 agreed on 19 January 2026 and, if `followed_up`, scored on 20 April.
    fn stored(followed_up: bool) -> Rc<Plan> {
        let first_meeting = date("2026-01-05");
        Rc::new(testing::plan(citizen(), first_meeting, followed_up))
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// `draft` after `actions` in turn, through the reducer.
    fn after(draft: PlanDraft, actions: impl IntoIterator<Item = PlanAction>) -> PlanDraft {
        let reduced = actions
            .into_iter()
            .fold(Rc::new(draft), |draft, action| draft.reduce(action));
        Rc::unwrap_or_clone(reduced)
    }

    #[track_caller]
    fn check_unchanged(draft: PlanDraft, action: PlanAction) {
        let before = Rc::new(draft);
        let after = Rc::clone(&before).reduce(action.clone());
        assert!(Rc::ptr_eq(&before, &after), "{action:?} changed the draft");
    }

    fn numbers(draft: &PlanDraft) -> Vec<u32> {
        draft.goals.iter().map(|goal| goal.number).collect()
    }

    #[test]
    fn a_new_plan_starts_with_one_goal_and_a_stored_one_with_its_own() {
        let new = PlanDraft::start(None, Interval::default());
        assert_eq!(
            (numbers(&new), new.months, new.base_revision),
            (vec![1], 3, 0)
        );
        let plan = stored(true);
        let revising = PlanDraft::start(Some(&plan), Interval::default());
        assert_eq!(revising.goals, plan.goals);
        assert_eq!(revising.last_goal_number, 1);
        assert_eq!(revising.base_revision, plan.meta.revision);
    }

    #[test]
    fn a_goal_number_is_never_given_twice() {
        let draft = after(
            PlanDraft::start(None, Interval::default()),
            [
                PlanAction::AddGoal,
                PlanAction::RemoveGoal {
                    number: 2,
                    stored: None,
                },
                PlanAction::AddGoal,
            ],
        );
        assert_eq!(numbers(&draft), [1, 3]);
        assert_eq!(draft.next_goal_number(), 4);
    }

    #[test]
    fn a_draft_kept_before_the_count_was_still_never_gives_a_number_twice() {
        let goal = |number: u32| serde_json::to_value(new_goal(number)).unwrap();
        let kept = serde_json::json!({
            "base_revision": 0,
            "goals": [goal(1), goal(2)],
            // Drafts kept before the agreements moved to the meeting records still hold them; they read.
            "agreements": "",
            "months": 3,
        });
        let draft: PlanDraft = serde_json::from_value(kept).unwrap();
        assert_eq!(draft.last_goal_number, 0);
        let draft = after(
            draft,
            [
                PlanAction::RemoveGoal {
                    number: 2,
                    stored: None,
                },
                PlanAction::AddGoal,
            ],
        );
        assert_eq!(numbers(&draft), [1, 3]);
    }

    #[test]
    fn a_removed_stored_goal_keeps_its_number_from_a_goal_added_after() {
        let plan = stored(false);
        let draft = after(
            PlanDraft::start(Some(&plan), Interval::default()),
            [
                PlanAction::RemoveGoal {
                    number: 1,
                    stored: Some(Rc::clone(&plan)),
                },
                PlanAction::AddGoal,
            ],
        );
        assert_eq!(numbers(&draft), [2]);
        let issues = draft.issues(Some(&plan), citizen(), &schema(), at(12));
        assert!(
            !issues.contains(&PlanIssue::GoalNumberReused(2)),
            "{issues:?}"
        );
        assert!(issues.contains(&PlanIssue::NoWords(2)), "{issues:?}");
    }

    #[test]
    fn a_scored_goal_is_not_removed_but_can_be_ended_and_resumed() {
        let plan = stored(true);
        let start = PlanDraft::start(Some(&plan), Interval::default());
        check_unchanged(
            start.clone(),
            PlanAction::RemoveGoal {
                number: 1,
                stored: Some(Rc::clone(&plan)),
            },
        );
        let ended = after(
            start,
            [PlanAction::EndGoal {
                number: 1,
                on: date("2026-06-01"),
                stored: Some(Rc::clone(&plan)),
            }],
        );
        assert_eq!(ended.goals[0].ended, Some(date("2026-06-01")));
        assert!(ended.is_storable(&ended.issues(Some(&plan), citizen(), &schema(), at(12))));
        let resumed = after(ended, [PlanAction::ResumeGoal { number: 1 }]);
        assert_eq!(resumed.goals[0].ended, None);
    }

    #[test]
    fn a_goal_is_not_ended_before_a_follow_up_that_scored_it() {
        let plan = stored(true);
        check_unchanged(
            PlanDraft::start(Some(&plan), Interval::default()),
            PlanAction::EndGoal {
                number: 1,
                on: date("2026-04-01"),
                stored: Some(plan),
            },
        );
    }

    #[test]
    fn a_draft_that_lost_a_scored_goal_offers_to_put_it_back() {
        let plan = stored(true);
        let mut draft = PlanDraft::start(Some(&plan), Interval::default());
        draft.goals.clear();
        draft.goals.push(new_goal(2));
        let issues = draft.issues(Some(&plan), citizen(), &schema(), at(12));
        assert!(
            issues.contains(&PlanIssue::ScoredGoalRemoved(1)),
            "{issues:?}"
        );
        assert_eq!(restorable(&issues, Some(&plan)), [1]);
        assert_eq!(restorable(&issues, None), Vec::<u32>::new());
        let put_back = after(
            draft,
            [PlanAction::PutBack {
                number: 1,
                stored: Some(Rc::clone(&plan)),
            }],
        );
        assert_eq!(numbers(&put_back), [1, 2]);
        assert_eq!(put_back.goals[0], plan.goals[0]);
        check_unchanged(
            put_back,
            PlanAction::PutBack {
                number: 1,
                stored: Some(plan),
            },
        );
    }

    #[test]
    fn edits_reach_the_goal_they_name() {
        let draft = after(
            PlanDraft::start(None, Interval::default()),
            [
                PlanAction::AddGoal,
                PlanAction::OwnWords {
                    number: 2,
                    text: "Lave mad".to_owned(),
                },
                PlanAction::ToggleDomain {
                    number: 2,
                    domain: DomainId::new("getting_around"),
                },
                PlanAction::ToggleDomain {
                    number: 2,
                    domain: DomainId::new("home"),
                },
                PlanAction::ToggleDomain {
                    number: 2,
                    domain: DomainId::new("getting_around"),
                },
                PlanAction::SubGoals {
                    number: 2,
                    text: "Handle ind\nKoge kartofler".to_owned(),
                },
                PlanAction::AddActivity { number: 2 },
                PlanAction::Activity {
                    number: 2,
                    row: 1,
                    part: ActivityPart::Support,
                    text: "Kontaktperson".to_owned(),
                },
                PlanAction::Level {
                    number: 2,
                    level: 2,
                    text: "Laver middag til venner".to_owned(),
                },
                PlanAction::Level {
                    number: 2,
                    level: -2,
                    text: "Spiser ikke varm mad".to_owned(),
                },
            ],
        );
        let untouched = new_goal(1);
        assert_eq!(draft.goals[0], untouched);
        let goal = &draft.goals[1];
        assert_eq!(goal.own_words, "Lave mad");
        assert_eq!(goal.domains, [DomainId::new("home")]);
        assert_eq!(goal.sub_goals, ["Handle ind", "Koge kartofler"]);
        assert_eq!(goal.activities.len(), 2);
        assert_eq!(goal.activities[1].support, "Kontaktperson");
        assert_eq!(goal.level_text(2), "Laver middag til venner");
        assert_eq!(goal.level_text(-2), "Spiser ikke varm mad");
    }

    #[test]
    fn a_goal_is_set_in_ffb_terms_the_primary_sub_theme_first() {
        let choose = |text: &str| PlanAction::SubTheme {
            number: 1,
            text: text.to_owned(),
        };
        let toggle = |id: &str| PlanAction::ToggleSubTheme {
            number: 1,
            sub_theme: TermId::new(id),
        };
        let sub_themes = |draft: &PlanDraft| -> Vec<String> {
            draft.goals[0]
                .sub_themes
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        // No others before the primary one.
        check_unchanged(
            PlanDraft::start(None, Interval::default()),
            toggle("koebe_ind"),
        );
        let draft = after(
            PlanDraft::start(None, Interval::default()),
            [
                choose("lave_mad"),
                toggle("koebe_ind"),
                toggle("lave_mad"),
                toggle("goere_rent"),
            ],
        );
        assert_eq!(sub_themes(&draft), ["lave_mad", "koebe_ind", "goere_rent"]);
        // Choosing one of the others as primary moves it; toggling one again takes it off.
        let draft = after(draft, [choose("koebe_ind"), toggle("goere_rent")]);
        assert_eq!(sub_themes(&draft), ["koebe_ind"]);
        let draft = after(
            draft,
            [
                PlanAction::GoalType {
                    number: 1,
                    text: "udvikle_funktionsevne".to_owned(),
                },
                PlanAction::FunctionLevel {
                    number: 1,
                    aimed_for: false,
                    text: "3".to_owned(),
                },
                PlanAction::FunctionLevel {
                    number: 1,
                    aimed_for: true,
                    text: "1".to_owned(),
                },
                PlanAction::Baseline {
                    number: 1,
                    text: "-2".to_owned(),
                },
            ],
        );
        let goal = &draft.goals[0];
        assert_eq!(goal.goal_type, Some(TermId::new("udvikle_funktionsevne")));
        assert_eq!(
            (goal.level_at_start, goal.level_aimed_for, goal.baseline),
            (
                Some(FunctionLevel::new(3)),
                Some(FunctionLevel::new(1)),
                Some(-2)
            )
        );
        // "Ikke vurderet", no goal type, no baseline: the empty choices.
        let cleared = after(
            draft,
            [
                PlanAction::FunctionLevel {
                    number: 1,
                    aimed_for: false,
                    text: String::new(),
                },
                PlanAction::GoalType {
                    number: 1,
                    text: String::new(),
                },
                PlanAction::Baseline {
                    number: 1,
                    text: String::new(),
                },
                choose(""),
            ],
        );
        let goal = &cleared.goals[0];
        assert_eq!(
            (
                goal.level_at_start,
                &goal.goal_type,
                goal.baseline,
                goal.sub_themes.len()
            ),
            (None, &None, None, 0)
        );
    }

    #[test]
    fn weights_are_given_to_every_goal_or_none() {
        let draft = after(
            PlanDraft::start(None, Interval::default()),
            [
                PlanAction::AddGoal,
                PlanAction::Weighted { on: true },
                PlanAction::Weight {
                    number: 2,
                    difficulty: false,
                    text: "3".to_owned(),
                },
                PlanAction::AddGoal,
            ],
        );
        let weights: Vec<Option<u8>> = draft
            .goals
            .iter()
            .map(|goal| goal.weight.map(GasWeight::value))
            .collect();
        assert_eq!(
            weights,
            [Some(1), Some(3), Some(1)],
            "a goal added later gets one too"
        );
        let unweighted = after(draft, [PlanAction::Weighted { on: false }]);
        assert!(!unweighted.is_weighted());
        // A weight part only for a weighted goal, and only 0–3 as the select gives them.
        check_unchanged(
            unweighted,
            PlanAction::Weight {
                number: 1,
                difficulty: true,
                text: "2".to_owned(),
            },
        );
    }

    #[test]
    fn a_scored_goal_rescaled_in_an_old_draft_is_put_back_to_its_scale() {
        let plan = stored(true);
        let mut draft = PlanDraft::start(Some(&plan), Interval::default());
        draft.goals[0].levels[0] = "Ændret".to_owned();
        draft.goals[0].own_words = "Tage bussen alene hver dag".to_owned();
        let issues = draft.issues(Some(&plan), citizen(), &schema(), at(12));
        assert_eq!(issues, [PlanIssue::ScoredGoalRescaled(1)]);
        assert_eq!(restorable(&issues, Some(&plan)), [1]);
        let put_back = after(
            draft,
            [PlanAction::PutBack {
                number: 1,
                stored: Some(Rc::clone(&plan)),
            }],
        );
        assert_eq!(put_back.goals[0].levels, plan.goals[0].levels);
        assert_eq!(
            put_back.goals[0].own_words, "Tage bussen alene hver dag",
            "the rest is kept"
        );
        assert_eq!(
            put_back.issues(Some(&plan), citizen(), &schema(), at(12)),
            []
        );
    }

    #[test]
    fn an_edit_of_what_is_not_there_changes_nothing() {
        let draft = PlanDraft::start(None, Interval::default());
        check_unchanged(
            draft.clone(),
            PlanAction::OwnWords {
                number: 7,
                text: "Ingen".to_owned(),
            },
        );
        check_unchanged(
            draft.clone(),
            PlanAction::Activity {
                number: 1,
                row: 5,
                part: ActivityPart::What,
                text: "Ingen".to_owned(),
            },
        );
        check_unchanged(
            draft,
            PlanAction::Level {
                number: 1,
                level: 3,
                text: "Ingen".to_owned(),
            },
        );
    }

    #[test]
    fn the_interval_starts_as_the_units_rule_and_keeps_a_value_it_cannot_take_out() {
        let six = Interval::months(6).unwrap();
        let months = |text: &str| {
            let draft = after(
                PlanDraft::start(None, six),
                [PlanAction::Months {
                    text: text.to_owned(),
                }],
            );
            let plan = draft.drafted(&placeholder(citizen(), at(12)), date("2026-01-19"));
            (draft.months, plan.interval.get())
        };
        assert_eq!(months("4"), (4, 4));
        assert_eq!(months("sex"), (6, 6));
        assert_eq!(months("0"), (6, 6));
        // An agreed plan keeps its own interval; one not yet agreed takes the unit's.
        let agreed = stored(false);
        assert_eq!(
            PlanDraft::start(Some(&agreed), six).months,
            agreed.interval.get()
        );
        let unagreed = Plan {
            agreed_on: None,
            ..(*agreed).clone()
        };
        assert_eq!(PlanDraft::start(Some(&unagreed), six).months, 6);
    }

    #[test]
    fn an_activitys_start_date_is_set_and_cleared() {
        let mut draft = PlanDraft::start(None, Interval::default());
        let number = draft.goals[0].number;
        let start = |draft: &mut PlanDraft, text: &str| {
            draft.apply(PlanAction::ActivityStart {
                number,
                row: 0,
                text: text.to_owned(),
            });
            draft.goals[0].activities[0].start
        };
        assert_eq!(start(&mut draft, "2026-02-02"), Some(date("2026-02-02")));
        assert_eq!(start(&mut draft, ""), None);
    }

    #[test]
    fn the_stored_plan_is_tidied_and_agreed_once() {
        let plan = stored(false);
        let mut draft = PlanDraft::start(Some(&plan), Interval::default());
        draft.apply(PlanAction::SubGoals {
            number: 1,
            text: " Kende køreplanen \n\n".to_owned(),
        });
        draft.apply(PlanAction::OwnWords {
            number: 1,
            text: "Tage bussen alene ".to_owned(),
        });
        let drafted = draft.drafted(&plan, date("2026-06-01"));
        assert_eq!(drafted.goals, plan.goals);
        assert_eq!(drafted.agreed_on, plan.agreed_on);
        let new = PlanDraft::start(None, Interval::default())
            .drafted(&placeholder(citizen(), at(12)), date("2026-06-01"));
        assert_eq!(new.agreed_on, Some(date("2026-06-01")));
    }

    #[test]
    fn a_new_plan_is_stored_only_once_its_goal_is_whole() {
        let schema = schema();
        let draft = PlanDraft::start(None, Interval::default());
        let issues = draft.issues(None, citizen(), &schema, at(12));
        assert!(issues.contains(&PlanIssue::NoWords(1)), "{issues:?}");
        assert!(issues.iter().all(is_about_a_field), "{issues:?}");
        assert!(!draft.is_storable(&issues));
        let problems = goal_problems(&issues, 1);
        assert!(problems.contains(&PlanIssue::NoDomain(1)), "{problems:?}");
        assert!(problems.contains(&PlanIssue::NoSubTheme(1)), "{problems:?}");
        assert!(problems.contains(&PlanIssue::NoGoalType(1)), "{problems:?}");
        assert_eq!(goal_problems(&issues, 2), []);
        let mut whole = draft.clone();
        whole.goals = vec![testing::bus_goal()];
        let issues = whole.issues(None, citizen(), &schema, at(12));
        assert_eq!(issues, []);
        assert!(whole.is_storable(&issues));
        whole.goals.clear();
        assert!(!whole.is_storable(&whole.issues(None, citizen(), &schema, at(12))));
    }

    #[test]
    fn a_norwegian_plan_keeps_its_individual_plan_through_the_editor_with_its_problems_listed() {
        let schema = schema();
        let mut plan = (*stored(false)).clone();
        plan.individual_plan = Some(testing::individual_plan(date("2026-01-19"), 180));
        let draft = PlanDraft::start(Some(&plan), Interval::default());
        assert_eq!(draft.individual_plan, plan.individual_plan);
        assert_eq!(draft.drafted(&plan, date("2026-06-01")), plan);
        // A period ending before it starts, and consent given without its date, are listed above the store button.
        let changed = after(
            draft,
            [
                PlanAction::IndividualPlan {
                    edit: IpEdit::Date {
                        field: IpDate::PeriodTo,
                        text: "2026-01-01".to_owned(),
                    },
                },
                PlanAction::IndividualPlan {
                    edit: IpEdit::Date {
                        field: IpDate::Consent,
                        text: String::new(),
                    },
                },
            ],
        );
        let issues = changed.issues(Some(&plan), citizen(), &schema, at(12));
        assert_eq!(
            issues,
            [PlanIssue::PeriodReversed, PlanIssue::ConsentUndated]
        );
        assert!(!issues.iter().any(is_about_a_field));
        assert!(!changed.is_storable(&issues));
        // A Danish plan's draft has no part, and stores none.
        let danish = PlanDraft::start(Some(&stored(false)), Interval::default());
        assert_eq!(danish.individual_plan, None);
        assert_eq!(
            danish
                .drafted(&stored(false), date("2026-06-01"))
                .individual_plan,
            None
        );
    }

    #[test]
    fn a_draft_is_stale_once_the_plan_is_stored_again() {
        let plan = stored(false);
        let draft = PlanDraft::start(Some(&plan), Interval::default());
        assert!(!draft.is_stale(Some(&plan)));
        let mut newer = (*plan).clone();
        newer.meta = plan.meta.next(at(13));
        assert!(draft.is_stale(Some(&newer)));
        assert!(!PlanDraft::start(None, Interval::default()).is_stale(Some(&newer)));
    }
}

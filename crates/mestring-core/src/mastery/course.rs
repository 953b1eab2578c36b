//! A citizen's mestringsplan as a record: the dialogue meetings that lead to it, the goals agreed in the
//! citizen's own words, and the follow-ups that record how far each goal came.
//!
//! One record per citizen, changed by revisions like a citizen record: it starts with the first dialogue
//! meeting and becomes a plan the day its goals are agreed ([`Plan::agreed_on`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::citizen::CitizenId;
use crate::free_text::{self, FieldKind, TextProblem};
use crate::mastery::gas::{GasError, GoalAttainment, LEVELS, TScore, t_score};
use crate::mastery::plan::{Interval, follow_up_due, plan_missing_after_meetings};
use crate::mastery::schema::{DomainId, Schema, SchemaId};
use crate::record::{RecordMeta, uuid_id};

uuid_id!(PlanId);

/// Who took part in a dialogue meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Participant {
    Citizen,
    Parent,
    /// The municipality's caseworker (myndighed).
    Caseworker,
    /// Staff of the facility or unit that delivers the support.
    Provider,
}

impl Participant {
    pub const ALL: [Participant; 4] = [
        Participant::Citizen,
        Participant::Parent,
        Participant::Caseworker,
        Participant::Provider,
    ];
}

// The pieces below are stored as they are (`stored::StoredPlan`): a change to their fields needs a new record version.

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialogueMeeting {
    #[serde(deserialize_with = "crate::iso::date")]
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
}

/// What the citizen trains, who supports it, and how often.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub what: String,
    pub support: String,
    pub how_often: String,
}

/// A goal in the citizen's own words, with its Goal Attainment Scaling levels written when it was set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Numbered from 1 within the plan; a follow-up names goals by it.
    pub number: u32,
    pub own_words: String,
    /// The life domains the goal works on (ids of the citizen's mastery schema).
    pub domains: Vec<DomainId>,
    pub sub_goals: Vec<String>,
    pub activities: Vec<Activity>,
    /// What each level −2…+2 looks like for this goal, lowest first; 0 is the expected outcome.
    pub levels: [String; 5],
}

impl Goal {
    /// The description of attainment `level` (−2…+2).
    pub fn level_text(&self, level: i8) -> &str {
        level_index(level).map_or("", |idx| self.levels[idx].as_str())
    }
}

fn level_index(level: i8) -> Option<usize> {
    LEVELS
        .contains(&i32::from(level))
        .then(|| usize::try_from(i32::from(level) + 2).ok())
        .flatten()
}

/// The level each goal reached, recorded at a follow-up meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    #[serde(deserialize_with = "crate::iso::date")]
    pub date: NaiveDate,
    /// `(goal number, level)`; a goal not followed up this time is left out.
    pub attained: Vec<(u32, i8)>,
}

impl FollowUp {
    /// The Kiresuk–Sherman T-score of the goals followed up, each of weight 1.
    pub fn t_score(&self) -> Result<TScore, GasError> {
        let goals: Vec<GoalAttainment> = self
            .attained
            .iter()
            .map(|(_, level)| GoalAttainment::new(i32::from(*level)))
            .collect();
        t_score(&goals)
    }

    pub fn level_of(&self, goal: u32) -> Option<i8> {
        self.attained
            .iter()
            .find(|(number, _)| *number == goal)
            .map(|(_, level)| *level)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub id: PlanId,
    pub citizen_id: CitizenId,
    /// The mastery schema whose domains the goals work on.
    pub schema: SchemaId,
    pub meetings: Vec<DialogueMeeting>,
    /// The day the goals were agreed; `None` while the dialogue meetings go on.
    pub agreed_on: Option<NaiveDate>,
    pub goals: Vec<Goal>,
    /// What the citizen and staff agreed to do until the next meeting.
    pub agreements: String,
    pub interval: Interval,
    pub follow_ups: Vec<FollowUp>,
    pub meta: RecordMeta,
}

impl Plan {
    /// A course with nothing in it yet, followed up every `interval`.
    pub fn new(
        id: PlanId,
        citizen_id: CitizenId,
        schema: SchemaId,
        interval: Interval,
        meta: RecordMeta,
    ) -> Plan {
        Plan {
            id,
            citizen_id,
            schema,
            meetings: Vec::new(),
            agreed_on: None,
            goals: Vec::new(),
            agreements: String::new(),
            interval,
            follow_ups: Vec::new(),
            meta,
        }
    }

    /// The date of the dialogue meeting that passed the limit without a plan, if one has.
    pub fn missing_since(&self, today: NaiveDate) -> Option<NaiveDate> {
        let dates: Vec<NaiveDate> = self.meetings.iter().map(|meeting| meeting.date).collect();
        plan_missing_after_meetings(&dates, self.agreed_on.is_some(), today)
    }

    /// When the next follow-up is due: an interval after the latest follow-up or, before the first, after the
    /// plan was agreed. `None` while there is no plan.
    pub fn next_follow_up(&self) -> Option<NaiveDate> {
        let last = self
            .follow_ups
            .iter()
            .map(|follow_up| follow_up.date)
            .chain(self.agreed_on)
            .max()?;
        Some(follow_up_due(last, self.interval))
    }

    /// Due before `today` and not yet held.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.next_follow_up().is_some_and(|due| due < today)
    }

    /// The number the next goal added gets.
    pub fn next_goal_number(&self) -> u32 {
        self.goals.iter().map(|goal| goal.number).max().unwrap_or(0) + 1
    }

    /// Everything that keeps this plan from being stored, checked against the citizen's mastery `schema`.
    pub fn issues(&self, schema: &Schema) -> Vec<PlanIssue> {
        let mut issues = Vec::new();
        for goal in &self.goals {
            issues.extend(goal_issues(goal, schema));
        }
        let mut numbers: Vec<u32> = self.goals.iter().map(|goal| goal.number).collect();
        numbers.sort_unstable();
        if numbers.windows(2).any(|pair| pair[0] == pair[1]) {
            issues.push(PlanIssue::DuplicateGoal);
        }
        issues.extend(
            free_text::check(&self.agreements, PlanText::Agreements.kind())
                .into_iter()
                .map(|problem| PlanIssue::Text {
                    goal: None,
                    field: PlanText::Agreements,
                    problem,
                }),
        );
        if self.agreed_on.is_some() && self.goals.is_empty() {
            issues.push(PlanIssue::NoGoals);
        }
        for follow_up in &self.follow_ups {
            for (number, level) in &follow_up.attained {
                if !numbers.contains(number) {
                    issues.push(PlanIssue::UnknownGoal(*number));
                }
                if level_index(*level).is_none() {
                    issues.push(PlanIssue::LevelOutOfRange(*level));
                }
            }
        }
        issues
    }
}

/// What is missing or wrong in one goal: shown beside the goal in the editor.
pub fn goal_issues(goal: &Goal, schema: &Schema) -> Vec<PlanIssue> {
    let mut issues = Vec::new();
    let number = goal.number;
    if goal.own_words.trim().is_empty() {
        issues.push(PlanIssue::NoWords(number));
    }
    if goal.domains.is_empty() {
        issues.push(PlanIssue::NoDomain(number));
    }
    for domain in &goal.domains {
        if schema.domain(domain).is_none() {
            issues.push(PlanIssue::UnknownDomain(number, domain.to_string()));
        }
    }
    for (idx, text) in goal.levels.iter().enumerate() {
        if text.trim().is_empty() {
            issues.push(PlanIssue::LevelMissing(number, idx as i8 - 2));
        }
    }
    for (field, text) in goal_texts(goal) {
        issues.extend(
            free_text::check(text, field.kind())
                .into_iter()
                .map(|problem| PlanIssue::Text {
                    goal: Some(number),
                    field,
                    problem,
                }),
        );
    }
    issues
}

/// Every free text of a goal, with the field it is in.
pub fn goal_texts(goal: &Goal) -> impl Iterator<Item = (PlanText, &str)> {
    let words = std::iter::once((PlanText::OwnWords, goal.own_words.as_str()));
    let sub_goals = (goal.sub_goals.iter().enumerate())
        .map(|(idx, text)| (PlanText::SubGoal(idx), text.as_str()));
    let activities = goal
        .activities
        .iter()
        .enumerate()
        .flat_map(|(idx, activity)| {
            [
                (PlanText::What(idx), activity.what.as_str()),
                (PlanText::Support(idx), activity.support.as_str()),
                (PlanText::HowOften(idx), activity.how_often.as_str()),
            ]
        });
    let levels = (goal.levels.iter().zip(LEVELS))
        .map(|(text, level)| (PlanText::Level(level as i8), text.as_str()));
    words.chain(sub_goals).chain(activities).chain(levels)
}

/// A free-text field of a plan, named as the stored record names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanText {
    OwnWords,
    SubGoal(usize),
    What(usize),
    Support(usize),
    HowOften(usize),
    /// The description of attainment level −2…+2.
    Level(i8),
    Agreements,
}

impl PlanText {
    pub fn kind(self) -> FieldKind {
        match self {
            PlanText::OwnWords => FieldKind::Goal,
            PlanText::SubGoal(_)
            | PlanText::What(_)
            | PlanText::Support(_)
            | PlanText::HowOften(_)
            | PlanText::Level(_) => FieldKind::Line,
            PlanText::Agreements => FieldKind::Note,
        }
    }
}

impl std::fmt::Display for PlanText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanText::OwnWords => write!(f, "own_words"),
            PlanText::SubGoal(idx) => write!(f, "sub_goals[{idx}]"),
            PlanText::What(idx) => write!(f, "activities[{idx}].what"),
            PlanText::Support(idx) => write!(f, "activities[{idx}].support"),
            PlanText::HowOften(idx) => write!(f, "activities[{idx}].how_often"),
            PlanText::Level(level) => write!(f, "level {level:+}"),
            PlanText::Agreements => write!(f, "agreements"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanIssue {
    #[error("goal {0}: no words for the goal")]
    NoWords(u32),
    #[error("goal {0}: no life domain")]
    NoDomain(u32),
    #[error("goal {0}: unknown domain {1:?}")]
    UnknownDomain(u32, String),
    #[error("goal {0}: level {1} is not described")]
    LevelMissing(u32, i8),
    #[error("two goals have the same number")]
    DuplicateGoal,
    #[error("the plan is agreed without a goal")]
    NoGoals,
    #[error("a follow-up names goal {0}, which the plan does not have")]
    UnknownGoal(u32),
    #[error("a follow-up records level {0}, outside −2…+2")]
    LevelOutOfRange(i8),
    #[error("{}{field}: {problem}", .goal.map(|number| format!("goal {number}: ")).unwrap_or_default())]
    Text {
        /// The goal the text belongs to; `None` for the plan's agreements.
        goal: Option<u32>,
        field: PlanText,
        problem: TextProblem,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mastery::registry::Registry;
    use crate::testing::{DEVICE, at};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn goal(number: u32, words: &str) -> Goal {
        Goal {
            number,
            own_words: words.to_owned(),
            domains: vec![DomainId::new("home")],
            levels: ["a", "b", "c", "d", "e"].map(str::to_owned),
            ..Goal::default()
        }
    }

    fn plan() -> Plan {
        let mut plan = Plan::new(
            PlanId::from_random_bytes([7; 16]),
            CitizenId::from_random_bytes([1; 16]),
            SchemaId::new("mastery"),
            Interval::default(),
            RecordMeta::new(DEVICE, at(9)),
        );
        for day in [
            "2026-01-05",
            "2026-01-19",
            "2026-02-02",
            "2026-02-16",
            "2026-03-02",
        ] {
            plan.meetings.push(DialogueMeeting {
                date: date(day),
                participants: vec![Participant::Citizen, Participant::Provider],
            });
        }
        plan
    }

    #[test]
    fn the_fifth_meeting_without_goals_is_flagged_until_the_plan_is_agreed() {
        let mut plan = plan();
        assert_eq!(plan.missing_since(date("2026-03-01")), None);
        assert_eq!(
            plan.missing_since(date("2026-03-02")),
            Some(date("2026-03-02"))
        );
        assert_eq!(plan.next_follow_up(), None);
        plan.goals.push(goal(1, "Lave mad selv to gange om ugen"));
        plan.agreed_on = Some(date("2026-03-02"));
        assert_eq!(plan.missing_since(date("2026-03-02")), None);
        assert_eq!(plan.next_follow_up(), Some(date("2026-06-02")));
        assert!(!plan.overdue(date("2026-06-02")));
        assert!(plan.overdue(date("2026-06-03")));
    }

    #[test]
    fn a_follow_up_moves_the_next_one_on_and_scores_the_goals() {
        let mut plan = plan();
        plan.goals = vec![goal(1, "Handle ind"), goal(2, "Sove om natten")];
        plan.agreed_on = Some(date("2026-03-02"));
        plan.follow_ups.push(FollowUp {
            date: date("2026-06-10"),
            attained: vec![(1, 0), (2, 0)],
        });
        assert_eq!(plan.next_follow_up(), Some(date("2026-09-10")));
        assert_eq!(plan.follow_ups[0].t_score().unwrap().to_string(), "50.0");
        plan.follow_ups[0].attained = vec![(1, 1), (2, 2)];
        // 50 + 10·3 / √(0.7·2 + 0.3·4) = 50 + 30/√2.6 = 68.6
        assert_eq!(plan.follow_ups[0].t_score().unwrap().to_string(), "68.6");
        assert_eq!(plan.goals[1].level_text(2), "e");
        assert_eq!(plan.goals[1].level_text(-2), "a");
    }

    #[test]
    fn a_plan_names_every_problem_in_its_goals_and_follow_ups() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
        let mut plan = plan();
        assert_eq!(plan.issues(schema), []);
        plan.agreed_on = Some(date("2026-03-02"));
        assert_eq!(plan.issues(schema), [PlanIssue::NoGoals]);
        let mut unfinished = goal(1, " ");
        unfinished.domains = vec![DomainId::new("moon")];
        unfinished.levels[4].clear();
        plan.goals = vec![unfinished, goal(1, "Handle ind")];
        plan.follow_ups.push(FollowUp {
            date: date("2026-06-10"),
            attained: vec![(3, 0), (1, 5)],
        });
        assert_eq!(
            plan.issues(schema),
            [
                PlanIssue::NoWords(1),
                PlanIssue::UnknownDomain(1, "moon".to_owned()),
                PlanIssue::LevelMissing(1, 2),
                PlanIssue::DuplicateGoal,
                PlanIssue::UnknownGoal(3),
                PlanIssue::LevelOutOfRange(5),
            ]
        );
        assert_eq!(plan.next_goal_number(), 2);
    }

    #[test]
    fn every_text_of_a_plan_is_checked() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
        let mut plan = plan();
        let mut disguised = goal(1, "Handle ind");
        disguised.sub_goals = vec!["Liste".to_owned(), "Ring 010190\u{2013}1234".to_owned()];
        disguised.activities = vec![Activity {
            what: "Gå tur".to_owned(),
            support: "Kontakt\u{1b}[2J".to_owned(),
            how_often: "x".repeat(1_001),
        }];
        disguised.levels[4] = "０１０１９０１２３４".to_owned();
        plan.goals = vec![disguised];
        plan.agreements = "Næste møde\n\tkl. 10 \u{202e}".to_owned();
        let issues: Vec<String> = plan
            .issues(schema)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            issues,
            [
                "goal 1: sub_goals[1]: looks like a personal identity number (CPR or fødselsnummer)",
                "goal 1: activities[0].support: holds the control character U+001B",
                "goal 1: activities[0].how_often: longer than 1000 characters",
                "goal 1: level +2: looks like a personal identity number (CPR or fødselsnummer)",
                "agreements: holds the control character U+202E",
            ]
        );
    }
}

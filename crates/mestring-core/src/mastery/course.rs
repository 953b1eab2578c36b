//! A citizen's mestringsplan as a record: the dialogue meetings that lead to it, the goals agreed in the
//! citizen's own words, and the follow-ups that record how far each goal came.
//!
//! One record per citizen, changed by revisions like a citizen record: it starts with the first dialogue
//! meeting and becomes a plan the day its goals are agreed ([`Plan::agreed_on`]).
//!
//! Each goal is also set in FFB's terms, as the municipality's caseworker records it ([`crate::ffb`]): the
//! sub-themes it addresses, its goal type (*måltype*), the function level at the start and the level aimed
//! for. Its Goal Attainment Scaling follows Turner-Stokes' practice: five level texts fixed once a follow-up
//! has scored them, the baseline level, and an optional weight of importance × difficulty.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::citizen::CitizenId;
use crate::ffb::{self, FunctionLevel, TermId};
use crate::free_text::{self, FieldKind, TextProblem};
use crate::mastery::gas::{GasError, GoalAttainment, LEVELS, TScore, t_score};
use crate::mastery::individual_plan::IndividualPlan;
use crate::mastery::plan::{Interval, follow_up_due, plan_missing_after_meetings};
use crate::mastery::schema::{DomainId, Schema, SchemaId};
use crate::meeting::{Meeting, from_plan_meetings};
use crate::record::{RecordMeta, uuid_id};
use crate::sort;
use crate::unit::UnitRules;

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

/// What the citizen trains, who supports it, how often, and from when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub what: String,
    pub support: String,
    pub how_often: String,
    /// The day the training starts; `None` where it is not set (every activity before plan shape 5).
    /// A plan is made only with an activity that has one ([`Plan::is_made`]).
    #[serde(default, deserialize_with = "crate::iso::optional_date")]
    pub start: Option<NaiveDate>,
}

/// How much a goal counts in the T-score, as Turner-Stokes' GAS practice sets it when the goal is set:
/// importance to the citizen and expected difficulty, each 0 (not at all) to 3 (very).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GasWeight {
    pub importance: u8,
    pub difficulty: u8,
}

impl GasWeight {
    /// The highest importance or difficulty.
    pub const MAX: u8 = 3;

    /// Importance × difficulty, 0–9.
    pub fn value(self) -> u8 {
        self.importance.saturating_mul(self.difficulty)
    }
}

/// The GAS levels a goal can start from: −1 (less than expected), or −2 where the citizen could be no worse
/// (Turner-Stokes).
pub const BASELINE_LEVELS: [i8; 2] = [-2, -1];

/// A goal in the citizen's own words, set in FFB's terms too, with its Goal Attainment Scaling levels written
/// when it was set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Numbered from 1 within the plan; a follow-up names goals by it.
    pub number: u32,
    pub own_words: String,
    /// The life domains the goal works on (ids of the citizen's mastery schema).
    pub domains: Vec<DomainId>,
    /// The FFB sub-themes the goal addresses, the primary one first (in KL's reporting a goal addresses one
    /// condition of rank 1, any others of rank 2): sub-themes of *Aktivitet og deltagelse*. Empty in a goal set
    /// before goals had FFB terms; a goal added or changed names at least one ([`Plan::change_issues`]).
    #[serde(default)]
    pub sub_themes: Vec<TermId>,
    /// FFB's goal type (*måltype*): develop, maintain or limit the loss of functioning.
    #[serde(default)]
    pub goal_type: Option<TermId>,
    /// The function level of the primary sub-theme when the goal was set; `None` is "ikke vurderet".
    #[serde(default)]
    pub level_at_start: Option<FunctionLevel>,
    /// The function level the goal aims for; `None` is "ikke vurderet".
    #[serde(default)]
    pub level_aimed_for: Option<FunctionLevel>,
    pub sub_goals: Vec<String>,
    pub activities: Vec<Activity>,
    /// What each level −2…+2 looks like for this goal, lowest first; 0 is the expected outcome. Fixed once a
    /// follow-up has scored the goal.
    pub levels: [String; 5],
    /// The GAS level the citizen was at when the goal was set ([`BASELINE_LEVELS`]); `None` when not recorded.
    #[serde(default)]
    pub baseline: Option<i8>,
    /// The goal's weight in the T-score; without one it counts 1, and then no goal of the plan has one.
    #[serde(default)]
    pub weight: Option<GasWeight>,
    /// The day the goal was ended: it stays in the plan with its follow-ups, but is no longer followed up.
    /// A goal a follow-up has scored is ended, never removed ([`Plan::remove_goal`]).
    #[serde(default, deserialize_with = "crate::iso::optional_date")]
    pub ended: Option<NaiveDate>,
}

impl Goal {
    /// The description of attainment `level` (−2…+2).
    pub fn level_text(&self, level: i8) -> &str {
        level_index(level).map_or("", |idx| self.levels[idx].as_str())
    }

    /// Still worked on, so followed up.
    pub fn is_active(&self) -> bool {
        self.ended.is_none()
    }

    /// What a follow-up scores it against, which a follow-up's level must keep meaning: the level texts,
    /// the baseline and the weight.
    fn scale(&self) -> (&[String; 5], Option<i8>, Option<GasWeight>) {
        (&self.levels, self.baseline, self.weight)
    }

    /// The same goal apart from when it ended: ending a goal is not a change that asks for its FFB terms.
    fn same_apart_from_ending(&self, other: &Goal) -> bool {
        Goal {
            ended: other.ended,
            ..self.clone()
        } == *other
    }
}

/// The number a goal added after `goals` gets, when `last` is the highest number ever given out: one more
/// than both, so the number of a removed goal is never given again.
pub fn next_goal_number(last: u32, goals: &[Goal]) -> u32 {
    goals
        .iter()
        .map(|goal| goal.number)
        .fold(last, u32::max)
        .saturating_add(1)
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
    pub fn level_of(&self, goal: u32) -> Option<i8> {
        self.attained
            .iter()
            .find(|(number, _)| *number == goal)
            .map(|(_, level)| *level)
    }
}

/// The date of the meeting that passed the unit's limit without a plan made ([`Plan::is_made`]), if one has
/// ([`plan_missing_after_meetings`]); `None` where the unit has no limit. Counted from the citizen's stored
/// meeting records (`stored`), the dialogue meetings their `plan` still keeps itself
/// ([`crate::meeting::with_plan_meetings`]) and the days of their FIT forms (`fit_dates`).
pub fn missing_plan_since(
    plan: Option<&Plan>,
    stored: &[Meeting],
    fit_dates: &[NaiveDate],
    today: NaiveDate,
    rules: &UnitRules,
) -> Option<NaiveDate> {
    let limit = rules.meetings_before_plan?;
    let meetings = crate::meeting::with_plan_meetings(stored, plan);
    plan_missing_after_meetings(
        &meetings,
        fit_dates,
        plan.is_some_and(Plan::is_made),
        today,
        limit,
    )
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub id: PlanId,
    pub citizen_id: CitizenId,
    /// The mastery schema whose domains the goals work on.
    pub schema: SchemaId,
    /// The dialogue meetings a plan stored in shape 3 or older logged itself. A plan of shape 4 keeps none:
    /// its meetings are meeting records. Read so that an older plan's meetings still count, and still reach
    /// an export, until they are stored as records ([`Plan::moved_to_records`]); never written again.
    pub meetings: Vec<DialogueMeeting>,
    /// The day the goals were agreed; `None` while the dialogue meetings go on.
    pub agreed_on: Option<NaiveDate>,
    pub goals: Vec<Goal>,
    /// What a plan stored in shape 3 or older held as its one text of agreements, overwritten at each meeting.
    /// A plan of shape 4 keeps none: each meeting record holds the agreements made at it. Read and moved as
    /// [`Plan::meetings`] is.
    pub agreements: String,
    pub interval: Interval,
    pub follow_ups: Vec<FollowUp>,
    /// The highest goal number given out, removed goals included, so that no number is given twice
    /// (a follow-up names goals by number). No goal is numbered above it ([`PlanIssue::GoalNumberUncounted`]).
    pub last_goal_number: u32,
    /// The Norwegian *individuell plan* part; `None` for a plan that is not one (a Danish unit's).
    pub individual_plan: Option<IndividualPlan>,
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
            last_goal_number: 0,
            individual_plan: None,
            meta,
        }
    }

    /// The dialogue meetings and agreements the plan carries from an older stored shape, as meeting records
    /// ([`crate::meeting::from_plan_meetings`]); none for a plan of shape 4.
    pub fn meeting_records(&self) -> Vec<Meeting> {
        from_plan_meetings(
            self.id,
            self.citizen_id,
            &self.meetings,
            &self.agreements,
            self.agreed_on,
            &self.meta,
        )
    }

    /// A plan carrying dialogue meetings or agreements from an older stored shape, split into the plan as
    /// shape 4 keeps it (without them, one revision later at `now`, so it replaces the stored one) and the
    /// meeting records they become ([`Plan::meeting_records`]). `None` when the plan carries none, so moving
    /// a plan twice changes nothing the second time.
    pub fn moved_to_records(&self, now: DateTime<FixedOffset>) -> Option<(Plan, Vec<Meeting>)> {
        if self.meetings.is_empty() && self.agreements.trim().is_empty() {
            return None;
        }
        let records = self.meeting_records();
        let plan = Plan {
            meetings: Vec::new(),
            agreements: String::new(),
            meta: self.meta.next(now),
            ..self.clone()
        };
        Some((plan, records))
    }

    /// Whether the plan counts as made under the rule of the meetings before a plan: its goals are agreed and
    /// at least one goal still worked on has a training activity with its start date. Agreed goals alone are
    /// not yet a bridge to training.
    pub fn is_made(&self) -> bool {
        self.agreed_on.is_some()
            && self.active_goals().any(|goal| {
                goal.activities
                    .iter()
                    .any(|activity| activity.start.is_some() && !activity.what.trim().is_empty())
            })
    }

    /// The follow-up held last, `None` before the first.
    pub fn latest_follow_up(&self) -> Option<&FollowUp> {
        self.follow_ups
            .iter()
            .max_by_key(|follow_up| follow_up.date)
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

    /// The IP part's revision date, when it has passed by `today`; `None` for a plan without an IP part.
    pub fn revision_overdue(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.individual_plan.as_ref()?.revision_overdue(today)
    }

    /// The number the next goal added gets: never one a goal of this plan has had.
    pub fn next_goal_number(&self) -> u32 {
        next_goal_number(self.last_goal_number, &self.goals)
    }

    /// The Kiresuk–Sherman T-score of the goals `follow_up` scored, each with its weight (1 without one).
    pub fn t_score(&self, follow_up: &FollowUp) -> Result<TScore, GasError> {
        let goals: Vec<GoalAttainment> = follow_up
            .attained
            .iter()
            .map(|(number, level)| {
                GoalAttainment::weighted(i32::from(*level), self.weight_of(*number))
            })
            .collect();
        t_score(&goals)
    }

    /// The T-score the goals `follow_up` scored had when they were set, from their baselines: what the
    /// follow-up's T-score moved from. `None` unless each of them has its baseline recorded.
    pub fn baseline_t_score(&self, follow_up: &FollowUp) -> Option<Result<TScore, GasError>> {
        let goals: Option<Vec<GoalAttainment>> = follow_up
            .attained
            .iter()
            .map(|(number, _)| {
                let goal = self.goals.iter().find(|goal| goal.number == *number)?;
                Some(GoalAttainment::weighted(
                    i32::from(goal.baseline?),
                    self.weight_of(*number),
                ))
            })
            .collect();
        goals.map(|goals| t_score(&goals))
    }

    fn weight_of(&self, number: u32) -> i32 {
        self.goals
            .iter()
            .find(|goal| goal.number == number)
            .and_then(|goal| goal.weight)
            .map_or(1, |weight| i32::from(weight.value()))
    }

    /// Whether a follow-up has recorded a level for goal `number`.
    pub fn is_scored(&self, number: u32) -> bool {
        self.follow_ups
            .iter()
            .any(|follow_up| follow_up.level_of(number).is_some())
    }

    /// The goals still worked on: the ones a follow-up asks about.
    pub fn active_goals(&self) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(|goal| goal.is_active())
    }

    /// Adds `goal` under the next number, which it returns.
    pub fn add_goal(&mut self, goal: Goal) -> u32 {
        let number = self.next_goal_number();
        self.last_goal_number = number;
        self.goals.push(Goal { number, ..goal });
        number
    }

    /// Removes goal `number`, which only a goal no follow-up has scored may be: a scored goal is ended
    /// ([`Plan::end_goal`]) so its levels keep their meaning. Its number is never given again.
    pub fn remove_goal(&mut self, number: u32) -> Result<(), PlanIssue> {
        if self.is_scored(number) {
            return Err(PlanIssue::ScoredGoalRemoved(number));
        }
        self.last_goal_number = self.next_goal_number() - 1;
        self.goals.retain(|goal| goal.number != number);
        Ok(())
    }

    /// Ends goal `number` on `date`: kept with its history, no longer followed up. Refused before a
    /// follow-up that scored it.
    pub fn end_goal(&mut self, number: u32, date: NaiveDate) -> Result<(), PlanIssue> {
        if self
            .follow_ups
            .iter()
            .any(|follow_up| follow_up.date > date && follow_up.level_of(number).is_some())
        {
            return Err(PlanIssue::ScoredAfterEnd(number));
        }
        if let Some(goal) = self.goals.iter_mut().find(|goal| goal.number == number) {
            goal.ended = Some(date);
        }
        Ok(())
    }

    /// Everything that keeps this plan from being stored, checked against the citizen's mastery `schema`:
    /// the rules every stored plan is read by (`stored::decode_plan`), so a plan that passes them is never
    /// put aside as unreadable.
    pub fn issues(&self, schema: &Schema) -> Vec<PlanIssue> {
        let mut issues = Vec::new();
        for goal in &self.goals {
            issues.extend(goal_issues(goal, schema));
        }
        for goal in &self.goals {
            if goal.number > self.last_goal_number {
                issues.push(PlanIssue::GoalNumberUncounted(goal.number));
            }
        }
        let mut numbers: Vec<u32> = self.goals.iter().map(|goal| goal.number).collect();
        sort::ascending(&mut numbers);
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
        if let Some(ip) = &self.individual_plan {
            issues.extend(individual_plan_issues(ip));
        }
        let n_weighted = self
            .goals
            .iter()
            .filter(|goal| goal.weight.is_some())
            .count();
        if n_weighted != 0 && n_weighted != self.goals.len() {
            issues.push(PlanIssue::WeightsMixed);
        }
        for follow_up in &self.follow_ups {
            for (number, level) in &follow_up.attained {
                match self.goals.iter().find(|goal| goal.number == *number) {
                    None => issues.push(PlanIssue::UnknownGoal(*number)),
                    Some(goal) if goal.ended.is_some_and(|ended| ended < follow_up.date) => {
                        issues.push(PlanIssue::ScoredAfterEnd(*number));
                    }
                    Some(_) => {}
                }
                if level_index(*level).is_none() {
                    issues.push(PlanIssue::LevelOutOfRange(*level));
                }
            }
        }
        issues
    }

    /// The issues of this plan as a revision of `previous` (the stored one, if any): the rules of
    /// [`Plan::issues`]; that each goal added or changed is set in FFB's terms (a sub-theme and a goal type);
    /// and that no goal a follow-up scored is gone or scored against changed levels, baseline or weight, the
    /// count of goal numbers has not gone back, and no new goal has a number `previous` gave out. What the
    /// editor checks before storing.
    pub fn change_issues(&self, previous: Option<&Plan>, schema: &Schema) -> Vec<PlanIssue> {
        let mut issues = self.issues(schema);
        let before = |number: u32| {
            previous.and_then(|plan| plan.goals.iter().find(|goal| goal.number == number))
        };
        for goal in &self.goals {
            if before(goal.number).is_some_and(|old| goal.same_apart_from_ending(old)) {
                continue;
            }
            if goal.sub_themes.is_empty() {
                issues.push(PlanIssue::NoSubTheme(goal.number));
            }
            if goal.goal_type.is_none() {
                issues.push(PlanIssue::NoGoalType(goal.number));
            }
        }
        let Some(previous) = previous else {
            return issues;
        };
        for goal in &self.goals {
            if previous.is_scored(goal.number)
                && before(goal.number).is_some_and(|old| old.scale() != goal.scale())
            {
                issues.push(PlanIssue::ScoredGoalRescaled(goal.number));
            }
        }
        let has = |plan: &Plan, number: u32| plan.goals.iter().any(|goal| goal.number == number);
        for goal in &previous.goals {
            if previous.is_scored(goal.number) && !has(self, goal.number) {
                // Said once, with what to do, rather than as a follow-up naming an unknown goal.
                issues.retain(|issue| *issue != PlanIssue::UnknownGoal(goal.number));
                issues.push(PlanIssue::ScoredGoalRemoved(goal.number));
            }
        }
        if self.last_goal_number < previous.last_goal_number {
            issues.push(PlanIssue::GoalNumbersRewound);
        }
        let given_out = previous.next_goal_number() - 1;
        for goal in &self.goals {
            if goal.number <= given_out && !has(previous, goal.number) {
                issues.push(PlanIssue::GoalNumberReused(goal.number));
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
    for (idx, sub_theme) in goal.sub_themes.iter().enumerate() {
        if ffb::levelled_sub_theme(sub_theme.as_str()).is_none() {
            issues.push(PlanIssue::UnknownSubTheme(number, sub_theme.to_string()));
        } else if goal.sub_themes[..idx].contains(sub_theme) {
            issues.push(PlanIssue::DuplicateSubTheme(number, sub_theme.to_string()));
        }
    }
    if let Some(goal_type) = &goal.goal_type
        && ffb::goal_type(goal_type.as_str()).is_none()
    {
        issues.push(PlanIssue::UnknownGoalType(number, goal_type.to_string()));
    }
    for level in [goal.level_at_start, goal.level_aimed_for]
        .into_iter()
        .flatten()
    {
        if level.get() > ffb::MAX_LEVEL {
            issues.push(PlanIssue::FunctionLevelOutOfRange(number, level.get()));
        }
    }
    if let Some(baseline) = goal.baseline
        && !BASELINE_LEVELS.contains(&baseline)
    {
        issues.push(PlanIssue::BaselineOutOfRange(number, baseline));
    }
    if let Some(weight) = goal.weight
        && (weight.importance > GasWeight::MAX || weight.difficulty > GasWeight::MAX)
    {
        issues.push(PlanIssue::WeightOutOfRange(number));
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

/// What is wrong in the IP part of a plan: a period that ends before it starts, a consent given without
/// its date, and texts that fail [`free_text::check`].
pub fn individual_plan_issues(ip: &IndividualPlan) -> Vec<PlanIssue> {
    let mut issues = Vec::new();
    if let (Some(from), Some(to)) = (ip.period_from, ip.period_to)
        && to < from
    {
        issues.push(PlanIssue::PeriodReversed);
    }
    if ip
        .consent
        .is_some_and(|consent| consent.given && consent.date.is_none())
    {
        issues.push(PlanIssue::ConsentUndated);
    }
    for (field, text) in individual_plan_texts(ip) {
        issues.extend(
            free_text::check(text, field.kind())
                .into_iter()
                .map(|problem| PlanIssue::Text {
                    goal: None,
                    field,
                    problem,
                }),
        );
    }
    issues
}

/// Every free text of the IP part, with the field it is in.
pub fn individual_plan_texts(ip: &IndividualPlan) -> impl Iterator<Item = (PlanText, &str)> {
    let coordinator = std::iter::once((PlanText::Coordinator, ip.coordinator.as_str()));
    let measures = ip.measures.iter().enumerate().flat_map(|(idx, measure)| {
        [
            (PlanText::Measure(idx), measure.what.as_str()),
            (PlanText::Responsible(idx), measure.responsible.as_str()),
        ]
    });
    let members = (ip.members.iter().enumerate())
        .map(|(idx, member)| (PlanText::Member(idx), member.description.as_str()));
    coordinator.chain(measures).chain(members)
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
    /// The IP's coordinator, by role or service.
    Coordinator,
    /// What IP measure `idx` (*tiltak*) is.
    Measure(usize),
    /// Who is responsible for IP measure `idx`.
    Responsible(usize),
    /// The description of ansvarsgruppe member `idx`.
    Member(usize),
}

impl PlanText {
    pub fn kind(self) -> FieldKind {
        match self {
            PlanText::OwnWords => FieldKind::Goal,
            PlanText::SubGoal(_)
            | PlanText::What(_)
            | PlanText::Support(_)
            | PlanText::HowOften(_)
            | PlanText::Level(_)
            | PlanText::Coordinator
            | PlanText::Measure(_)
            | PlanText::Responsible(_)
            | PlanText::Member(_) => FieldKind::Line,
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
            PlanText::Coordinator => write!(f, "individual_plan.coordinator"),
            PlanText::Measure(idx) => write!(f, "individual_plan.measures[{idx}].what"),
            PlanText::Responsible(idx) => {
                write!(f, "individual_plan.measures[{idx}].responsible")
            }
            PlanText::Member(idx) => write!(f, "individual_plan.members[{idx}].description"),
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
        /// The goal the text belongs to; `None` for the plan's agreements and the IP part's texts.
        goal: Option<u32>,
        field: PlanText,
        problem: TextProblem,
    },
    #[error("goal {0} has been scored at a follow-up, so it can be ended but not removed")]
    ScoredGoalRemoved(u32),
    #[error("goal {0} is scored at a follow-up after the day it ended")]
    ScoredAfterEnd(u32),
    #[error("goal {0} has a number an earlier goal had")]
    GoalNumberReused(u32),
    #[error("goal {0} is numbered above the plan's last goal number")]
    GoalNumberUncounted(u32),
    #[error("the plan's last goal number went back")]
    GoalNumbersRewound,
    #[error("goal {0}: no FFB sub-theme")]
    NoSubTheme(u32),
    #[error("goal {0}: unknown FFB sub-theme {1:?} (a sub-theme of Aktivitet og deltagelse)")]
    UnknownSubTheme(u32, String),
    #[error("goal {0}: FFB sub-theme {1:?} is named twice")]
    DuplicateSubTheme(u32, String),
    #[error("goal {0}: no FFB goal type")]
    NoGoalType(u32),
    #[error("goal {0}: unknown FFB goal type {1:?}")]
    UnknownGoalType(u32, String),
    #[error("goal {0}: function level {1} is outside 0–4")]
    FunctionLevelOutOfRange(u32, u8),
    #[error("goal {0}: baseline {1} is neither −2 nor −1")]
    BaselineOutOfRange(u32, i8),
    #[error("goal {0}: importance and difficulty run from 0 to 3")]
    WeightOutOfRange(u32),
    #[error("some goals have a weight and some have none")]
    WeightsMixed,
    #[error(
        "goal {0} has been scored at a follow-up, so its levels, baseline and weight stay as they were"
    )]
    ScoredGoalRescaled(u32),
    #[error("the individual plan's period ends before it starts")]
    PeriodReversed,
    #[error("the individual plan's consent is recorded as given without its date")]
    ConsentUndated,
}

impl PlanIssue {
    /// The goal the issue is about, if it is about one goal.
    pub fn goal(&self) -> Option<u32> {
        match self {
            PlanIssue::NoWords(number)
            | PlanIssue::NoDomain(number)
            | PlanIssue::UnknownDomain(number, _)
            | PlanIssue::LevelMissing(number, _)
            | PlanIssue::ScoredGoalRemoved(number)
            | PlanIssue::ScoredAfterEnd(number)
            | PlanIssue::GoalNumberReused(number)
            | PlanIssue::GoalNumberUncounted(number)
            | PlanIssue::NoSubTheme(number)
            | PlanIssue::UnknownSubTheme(number, _)
            | PlanIssue::DuplicateSubTheme(number, _)
            | PlanIssue::NoGoalType(number)
            | PlanIssue::UnknownGoalType(number, _)
            | PlanIssue::FunctionLevelOutOfRange(number, _)
            | PlanIssue::BaselineOutOfRange(number, _)
            | PlanIssue::WeightOutOfRange(number)
            | PlanIssue::ScoredGoalRescaled(number) => Some(*number),
            PlanIssue::Text { goal, .. } => *goal,
            PlanIssue::UnknownGoal(_)
            | PlanIssue::LevelOutOfRange(_)
            | PlanIssue::DuplicateGoal
            | PlanIssue::NoGoals
            | PlanIssue::GoalNumbersRewound
            | PlanIssue::WeightsMixed
            | PlanIssue::PeriodReversed
            | PlanIssue::ConsentUndated => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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
            sub_themes: vec![TermId::new("lave_mad")],
            goal_type: Some(TermId::new("udvikle_funktionsevne")),
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
    fn an_individual_plan_is_checked_for_its_period_consent_and_texts() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
        let mut plan = plan();
        let mut ip = crate::testing::individual_plan(date("2026-03-01"), 180);
        assert_eq!(individual_plan_issues(&ip), []);
        ip.period_to = Some(date("2026-02-28"));
        ip.consent = Some(crate::mastery::Consent {
            given: true,
            date: None,
        });
        ip.coordinator = "Koordinator 010190 12345".to_owned();
        ip.measures[1].responsible = "NAV\u{202e}".to_owned();
        ip.members[1].description = "x".repeat(1_001);
        plan.individual_plan = Some(ip);
        let issues: Vec<String> = plan
            .issues(schema)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            issues,
            [
                "the individual plan's period ends before it starts",
                "the individual plan's consent is recorded as given without its date",
                "individual_plan.coordinator: looks like a personal identity number (CPR or fødselsnummer)",
                "individual_plan.measures[1].responsible: holds the control character U+202E",
                "individual_plan.members[1].description: longer than 1000 characters",
            ]
        );
        // A refusal needs no date to be wrong; it is only incomplete.
        let ip = plan.individual_plan.as_mut().unwrap();
        ip.consent = Some(crate::mastery::Consent {
            given: false,
            date: None,
        });
        assert!(!plan.issues(schema).contains(&PlanIssue::ConsentUndated));
    }

    #[test]
    fn only_a_plan_with_an_individual_plan_part_has_its_revision_overdue() {
        let mut plan = plan();
        assert_eq!(plan.revision_overdue(date("2030-01-01")), None);
        plan.individual_plan = Some(crate::testing::individual_plan(date("2026-03-01"), 90));
        assert_eq!(plan.revision_overdue(date("2026-05-30")), None);
        assert_eq!(
            plan.revision_overdue(date("2026-05-31")),
            Some(date("2026-05-30"))
        );
    }

    #[test]
    fn the_fifth_meeting_without_goals_is_flagged_until_the_plan_is_made() {
        let mut plan = plan();
        let youth = UnitRules::default();
        let missing = |plan: &Plan, today: &str| {
            missing_plan_since(Some(plan), &[], &[], date(today), &youth)
        };
        assert_eq!(missing(&plan, "2026-03-01"), None);
        assert_eq!(missing(&plan, "2026-03-02"), Some(date("2026-03-02")));
        // A unit without the rule never flags it.
        let botilbud = UnitRules::defaults(crate::unit::UnitKind::Botilbud);
        assert_eq!(
            missing_plan_since(Some(&plan), &[], &[], date("2026-03-02"), &botilbud),
            None
        );
        // Without the plan record, four stored meetings and a day of FIT forms are five as well.
        let stored = &plan.meeting_records()[..4];
        let fit_day = [date("2026-03-02"), date("2026-03-02")];
        assert_eq!(
            missing_plan_since(None, stored, &fit_day, date("2026-03-02"), &youth),
            Some(date("2026-03-02"))
        );
        assert_eq!(
            missing_plan_since(None, stored, &[], date("2026-03-02"), &youth),
            None
        );
        assert_eq!(plan.next_follow_up(), None);
        plan.goals.push(goal(1, "Lave mad selv to gange om ugen"));
        plan.agreed_on = Some(date("2026-03-02"));
        // Agreed goals are not a plan made until a training activity has its start date.
        assert!(!plan.is_made());
        assert_eq!(missing(&plan, "2026-03-02"), Some(date("2026-03-02")));
        plan.goals[0].activities.push(Activity {
            what: "Handle ind med kontaktpersonen".to_owned(),
            ..Activity::default()
        });
        assert!(!plan.is_made());
        plan.goals[0].activities[0].start = Some(date("2026-03-09"));
        assert!(plan.is_made());
        assert_eq!(missing(&plan, "2026-03-02"), None);
        // An ended goal's activity is no longer a bridge to training.
        plan.end_goal(1, date("2026-04-01")).unwrap();
        assert!(!plan.is_made());
        plan.goals[0].ended = None;
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
        assert_eq!(
            plan.t_score(&plan.follow_ups[0]).unwrap().to_string(),
            "50.0"
        );
        plan.follow_ups[0].attained = vec![(1, 1), (2, 2)];
        // 50 + 10·3 / √(0.7·2 + 0.3·4) = 50 + 30/√2.6 = 68.6
        assert_eq!(
            plan.t_score(&plan.follow_ups[0]).unwrap().to_string(),
            "68.6"
        );
        assert_eq!(plan.goals[1].level_text(2), "e");
        assert_eq!(plan.goals[1].level_text(-2), "a");
    }

    #[test]
    fn a_plan_names_every_problem_in_its_goals_and_follow_ups() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
        let mut plan = plan();
        assert_eq!(plan.issues(schema), []);
        plan.last_goal_number = 1;
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
    fn a_goal_addresses_sub_themes_of_activity_and_participation_with_a_goal_type() {
        let schema = schema();
        let mut plan = plan();
        let mut odd = goal(1, "Huske aftaler");
        odd.sub_themes = ["hukommelse", "lave_mad", "lave_mad", "madlavning"]
            .map(TermId::new)
            .to_vec();
        odd.goal_type = Some(TermId::new("udvikle"));
        odd.level_at_start = Some(FunctionLevel::new(5));
        odd.level_aimed_for = Some(FunctionLevel::new(4));
        odd.baseline = Some(0);
        odd.weight = Some(GasWeight {
            importance: 4,
            difficulty: 1,
        });
        plan.add_goal(odd);
        plan.add_goal(goal(0, "Handle ind"));
        let issues: Vec<String> = plan
            .issues(&schema)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            issues,
            [
                r#"goal 1: unknown FFB sub-theme "hukommelse" (a sub-theme of Aktivitet og deltagelse)"#,
                r#"goal 1: FFB sub-theme "lave_mad" is named twice"#,
                r#"goal 1: unknown FFB sub-theme "madlavning" (a sub-theme of Aktivitet og deltagelse)"#,
                r#"goal 1: unknown FFB goal type "udvikle""#,
                "goal 1: function level 5 is outside 0–4",
                "goal 1: baseline 0 is neither −2 nor −1",
                "goal 1: importance and difficulty run from 0 to 3",
                "some goals have a weight and some have none",
            ]
        );
    }

    #[test]
    fn a_goal_added_or_changed_is_set_in_ffb_terms_and_one_from_before_is_still_read() {
        let schema = schema();
        // A plan stored before goals had FFB terms: read as it is, ended and followed up as before.
        let mut before = followed_up();
        for goal in &mut before.goals {
            goal.sub_themes.clear();
            goal.goal_type = None;
        }
        assert_eq!(before.issues(&schema), []);
        let mut ended = before.clone();
        ended.end_goal(1, date("2026-06-20")).unwrap();
        assert_eq!(ended.change_issues(Some(&before), &schema), []);
        // A goal added, or one reworded, names its sub-theme and goal type.
        let mut changed = before.clone();
        changed.goals[1].own_words = "Sove hele natten".to_owned();
        let mut added = goal(0, "Gå til tandlæge");
        added.sub_themes.clear();
        added.goal_type = None;
        changed.add_goal(added);
        assert_eq!(
            changed.change_issues(Some(&before), &schema),
            [
                PlanIssue::NoSubTheme(2),
                PlanIssue::NoGoalType(2),
                PlanIssue::NoSubTheme(3),
                PlanIssue::NoGoalType(3),
            ]
        );
        assert_eq!(
            changed.change_issues(None, &schema).len(),
            6,
            "in a new plan every goal is new"
        );
    }

    #[test]
    fn a_scored_goal_keeps_the_levels_baseline_and_weight_it_was_scored_against() {
        let schema = schema();
        let stored = followed_up();
        let rescaled = |change: fn(&mut Goal)| {
            let mut next = stored.clone();
            change(&mut next.goals[0]);
            next.change_issues(Some(&stored), &schema)
        };
        assert_eq!(
            rescaled(|goal| goal.levels[2] = "Handle ind med følge".to_owned()),
            [PlanIssue::ScoredGoalRescaled(1)]
        );
        assert_eq!(
            rescaled(|goal| goal.baseline = Some(-2)),
            [PlanIssue::ScoredGoalRescaled(1)]
        );
        // Its words, sub-themes and FFB levels may still be put better.
        assert_eq!(
            rescaled(|goal| {
                goal.own_words = "Handle ind selv".to_owned();
                goal.level_aimed_for = Some(FunctionLevel::new(1));
            }),
            []
        );
        // A goal not yet scored can still be rescaled, weights given to every goal at once.
        let mut weighted = stored.clone();
        weighted.add_goal(goal(0, "Ringe til mor"));
        let before = weighted.clone();
        weighted.goals[2].levels[0] = "Ringer ikke".to_owned();
        assert_eq!(weighted.change_issues(Some(&before), &schema), []);
        weighted.goals[2].weight = Some(GasWeight {
            importance: 3,
            difficulty: 2,
        });
        assert_eq!(
            weighted.change_issues(Some(&before), &schema),
            [PlanIssue::WeightsMixed]
        );
    }

    #[test]
    fn each_goal_counts_in_the_t_score_with_its_weight_and_from_its_baseline() {
        let mut plan = plan();
        let weights = [(3, 3), (1, 1)];
        for (idx, (importance, difficulty)) in weights.into_iter().enumerate() {
            let mut added = goal(0, &format!("goal {idx}"));
            added.weight = Some(GasWeight {
                importance,
                difficulty,
            });
            added.baseline = Some(-1);
            plan.add_goal(added);
        }
        let follow_up = FollowUp {
            date: date("2026-06-10"),
            attained: vec![(1, 2), (2, -1)],
        };
        // Σwx = 9·2 + 1·(−1) = 17; 10·d² = 7·(81 + 1) + 3·10² = 874; T = 50 + 10·17/√87.4 = 68.2
        assert_eq!(plan.t_score(&follow_up).unwrap().to_string(), "68.2");
        // Both at −1 when set: Σwx = −10, T = 50 − 100/√87.4 = 39.3
        assert_eq!(
            plan.baseline_t_score(&follow_up)
                .map(|score| score.unwrap().to_string()),
            Some("39.3".to_owned())
        );
        plan.goals[1].baseline = None;
        assert_eq!(plan.baseline_t_score(&follow_up), None);
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
            start: None,
        }];
        disguised.levels[4] = "０１０１９０１２３４".to_owned();
        plan.add_goal(disguised);
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

    fn schema() -> Schema {
        let registry = Registry::bundled().unwrap();
        registry
            .get(&SchemaId::new("mastery"), None)
            .unwrap()
            .clone()
    }

    /// An agreed plan with goals 1 and 2, both scored at a follow-up.
    fn followed_up() -> Plan {
        let mut plan = plan();
        plan.add_goal(goal(0, "Handle ind"));
        plan.add_goal(goal(0, "Sove om natten"));
        plan.agreed_on = Some(date("2026-03-02"));
        plan.follow_ups.push(FollowUp {
            date: date("2026-06-10"),
            attained: vec![(1, 0), (2, 1)],
        });
        plan
    }

    #[test]
    fn a_scored_goal_is_ended_not_removed() {
        let schema = schema();
        let mut plan = followed_up();
        assert_eq!(plan.remove_goal(1), Err(PlanIssue::ScoredGoalRemoved(1)));
        assert_eq!(plan.goals.len(), 2);
        assert_eq!(
            plan.end_goal(1, date("2026-06-01")),
            Err(PlanIssue::ScoredAfterEnd(1)),
            "a goal cannot end before the follow-up that scored it"
        );
        plan.end_goal(1, date("2026-06-20")).unwrap();
        assert_eq!(plan.issues(&schema), []);
        let active: Vec<u32> = plan.active_goals().map(|goal| goal.number).collect();
        assert_eq!(active, [2]);
        // Its history stays readable: the follow-up still names it.
        assert_eq!(plan.follow_ups[0].level_of(1), Some(0));
    }

    #[test]
    fn a_removed_goals_number_is_never_given_again() {
        let mut plan = followed_up();
        let third = plan.add_goal(goal(0, "Gå til tandlæge"));
        assert_eq!(third, 3);
        plan.remove_goal(3).unwrap();
        assert_eq!(plan.next_goal_number(), 4);
        assert_eq!(plan.add_goal(goal(0, "Ringe til mor")), 4);
        assert_eq!(plan.last_goal_number, 4);
    }

    #[test]
    fn an_edit_is_checked_by_the_rules_reading_applies() {
        let schema = schema();
        let stored = followed_up();
        // The editor as it was: the goal taken out of the list, whatever scored it.
        let mut removed = stored.clone();
        removed.goals.retain(|goal| goal.number != 2);
        assert_eq!(removed.issues(&schema), [PlanIssue::UnknownGoal(2)]);
        assert_eq!(
            removed.change_issues(Some(&stored), &schema),
            [PlanIssue::ScoredGoalRemoved(2)]
        );
        // An unscored last goal removed and stored; then a new one numbered after the highest left, as the
        // editor used to: the old number again, which old levels and drafts would attach to.
        let mut with_third = stored.clone();
        with_third.add_goal(goal(0, "Gå til tandlæge"));
        let mut without_third = with_third.clone();
        without_third.remove_goal(3).unwrap();
        assert_eq!(without_third.change_issues(Some(&with_third), &schema), []);
        let mut reused = without_third.clone();
        reused.goals.push(goal(3, "Ringe til mor"));
        assert_eq!(
            reused.change_issues(Some(&without_third), &schema),
            [PlanIssue::GoalNumberReused(3)]
        );
        // Nor may the count go back, which would give the number out again later.
        let mut rewound = without_third.clone();
        rewound.last_goal_number = 2;
        assert_eq!(
            rewound.change_issues(Some(&without_third), &schema),
            [PlanIssue::GoalNumbersRewound]
        );
        let mut renumbered = without_third.clone();
        assert_eq!(renumbered.add_goal(goal(0, "Ringe til mor")), 4);
        assert_eq!(renumbered.change_issues(Some(&without_third), &schema), []);
    }

    /// One edit staff can make, in the editor or at a follow-up.
    #[derive(Clone, Debug)]
    enum Edit {
        /// A goal added through the plan, which numbers it.
        Add,
        /// A goal added numbered after the highest one left, as the editor used to.
        AddAfterHighest,
        /// The goal at this index (modulo the number of goals) removed through the plan.
        Remove(usize),
        /// The goal at this index taken out of the list, as the editor used to.
        TakeOut(usize),
        /// The goal at this index ended this many days before the latest day so far.
        End(usize, u8),
        /// A follow-up a week on, scoring every active goal with these levels in turn.
        FollowUp(Vec<i8>),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            Just(Edit::Add),
            Just(Edit::AddAfterHighest),
            any::<usize>().prop_map(Edit::Remove),
            any::<usize>().prop_map(Edit::TakeOut),
            (any::<usize>(), 0u8..20).prop_map(|(idx, back)| Edit::End(idx, back)),
            prop::collection::vec(-2i8..=2, 1..4).prop_map(Edit::FollowUp),
        ]
    }

    /// `plan` changed by `edit` on `day`, or why the plan refused it; `added` names the goal it adds.
    fn apply(plan: &Plan, edit: &Edit, day: NaiveDate, added: &str) -> Result<Plan, PlanIssue> {
        let mut next = plan.clone();
        let pick = |idx: usize| {
            plan.goals
                .get(idx % plan.goals.len().max(1))
                .map(|g| g.number)
        };
        match edit {
            Edit::Add => {
                next.add_goal(goal(0, added));
            }
            Edit::AddAfterHighest => {
                let highest = plan.goals.iter().map(|goal| goal.number).max().unwrap_or(0);
                next.goals.push(goal(highest + 1, added));
            }
            Edit::Remove(idx) => next.remove_goal(pick(*idx).unwrap_or(0))?,
            Edit::TakeOut(idx) => {
                let number = pick(*idx).unwrap_or(0);
                next.goals.retain(|goal| goal.number != number);
            }
            Edit::End(idx, back) => next.end_goal(
                pick(*idx).unwrap_or(0),
                day - chrono::Days::new(u64::from(*back)),
            )?,
            Edit::FollowUp(levels) => {
                let attained: Vec<(u32, i8)> = plan
                    .active_goals()
                    .zip(levels.iter().cycle())
                    .map(|(goal, level)| (goal.number, *level))
                    .collect();
                if !attained.is_empty() {
                    next.follow_ups.push(FollowUp {
                        date: day,
                        attained,
                    });
                }
            }
        }
        Ok(next)
    }

    proptest! {
        /// Whatever staff do, a plan the rules accept is read back as it was stored, and a goal number
        /// always names the goal it was given to.
        #[test]
        fn every_accepted_edit_reads_back_and_keeps_its_goal_numbers(
            edits in prop::collection::vec(edit(), 1..25)
        ) {
            let schema = schema();
            let registry = Registry::bundled().unwrap();
            // A plan of shape 4: its dialogue meetings are meeting records, not the plan's.
            let mut plan = Plan { meetings: Vec::new(), ..plan() };
            plan.add_goal(goal(0, "goal 0"));
            plan.agreed_on = Some(date("2026-03-02"));
            let mut named: std::collections::BTreeMap<u32, String> =
                [(1, "goal 0".to_owned())].into();
            let mut day = date("2026-03-02");
            for (step, edit) in edits.iter().enumerate() {
                day = day + chrono::Days::new(7);
                let added = format!("goal {}", step + 1);
                let Ok(mut next) = apply(&plan, edit, day, &added) else {
                    continue;
                };
                if !next.change_issues(Some(&plan), &schema).is_empty() {
                    continue;
                }
                next.meta = plan.meta.next(at(10));
                let raw = serde_json::to_value(crate::stored::StoredPlan::from(&next)).unwrap();
                prop_assert_eq!(crate::stored::decode_plan(&raw, &registry), Ok(next.clone()));
                for goal in &next.goals {
                    let words = named.entry(goal.number).or_insert_with(|| goal.own_words.clone());
                    prop_assert_eq!(&*words, &goal.own_words, "goal {} renamed", goal.number);
                }
                plan = next;
            }
        }
    }
}

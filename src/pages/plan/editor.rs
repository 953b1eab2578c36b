//! Staff write the plan with the citizen: goals in the citizen's own words, the life domains each works on,
//! sub-goals, training (what, who supports, how often), the five GAS levels written when the goal is set,
//! and how often it is followed up (the agreements until the next meeting are the meeting's, written with the
//! meeting record). Kept as a draft while typed; checked before it is stored by
//! the same rules the stored plan is read by (`Plan::change_issues`), so a stored plan is always readable.
//! A goal a follow-up has scored is ended, not removed, and a new goal never takes a number used before.
//! A Norwegian plan's *individuell plan* part has its own folding section ([`individual_plan`]).

mod individual_plan;
mod model;

/// The months between follow-ups staff can choose, for a plan and as the unit's rule.
pub const MONTH_CHOICES: [u8; 6] = [1, 2, 3, 4, 6, 12];

use std::rc::Rc;

use chrono::NaiveDate;
use mestring_core::ffb;
use mestring_core::mastery::{BASELINE_LEVELS, GasWeight, Goal, Plan, PlanIssue, PlanText, Schema};
use yew::prelude::*;

use self::model::{
    ActivityPart, PlanAction, PlanDraft, goal_problems, is_about_a_field, restorable,
};
use super::{LEVELS_TOP_DOWN, ffb_schema, level_key, plan_or_new, revised, use_plan, with_plan};
use crate::browser;
use crate::browser::typed;
use crate::components::text_problems::check_text;
use crate::hooks::use_draft::{UseDraftHandle, use_resumed_draft};
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::use_save;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::router::{Route, use_navigator};

#[derive(Properties, PartialEq)]
pub struct PlanEditPageProps {
    pub id: AttrValue,
}

#[component]
pub fn PlanEditPage(props: &PlanEditPageProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let (loaded, _) = use_plan(&props.id);
    let draft_key = format!("plan/{}", props.id);
    let draft = use_resumed_draft::<PlanDraft>(&draft_key);
    let attempted = use_state(|| false);
    let save = use_save();
    let navigate = use_navigator();
    // A new goal's first field takes the focus, so typing goes on there rather than below the card.
    let focus_goal = use_state(|| None::<u32>);
    use_effect_with(*focus_goal, |goal| {
        if let Some(number) = goal {
            browser::focus(&format!("goal-{number}-words"));
        }
    });
    let (citizen, schema, plan) = match with_plan(&session, &props.id, &loaded) {
        Ok(found) => found,
        Err(page) => return page,
    };
    let plan = plan.map(Rc::new);
    let now = browser::now();
    let today = now.date_naive();
    let current = draft
        .get()
        .cloned()
        .unwrap_or_else(|| PlanDraft::start(plan.as_deref(), session.rules().follow_up));
    let on = Dispatch {
        draft: &draft,
        current: &current,
    };
    let issues = current.issues(plan.as_deref(), citizen.id, schema, now);
    // The unit's rules say whether it works with individual plans; a plan that has one keeps showing it.
    let uses_individual_plan = session.rules().uses_individual_plan();
    let plan_issues: Vec<String> = issues
        .iter()
        .filter(|issue| !is_about_a_field(issue))
        .map(|issue| i18n.plan_issue(issue))
        .collect();
    let put_back: Vec<(u32, Callback<MouseEvent>)> = restorable(&issues, plan.as_deref())
        .into_iter()
        .map(|number| {
            let stored = plan.clone();
            let on_put_back = on.action(move |_: MouseEvent| PlanAction::PutBack {
                number,
                stored: stored.clone(),
            });
            (number, on_put_back)
        })
        .collect();
    let on_store = {
        let (session, records, save, navigate, key) = (
            session.clone(),
            records.clone(),
            save.clone(),
            navigate.clone(),
            draft_key.clone(),
        );
        let (citizen, plan, current, attempted) = (
            citizen.clone(),
            plan.clone(),
            current.clone(),
            attempted.clone(),
        );
        let valid = current.is_storable(&issues);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            attempted.set(true);
            if !valid {
                return;
            }
            let stored = plan.is_some();
            let Some(base) = plan_or_new(&session, &records, &citizen, plan.as_deref().cloned())
            else {
                return;
            };
            let next = revised(&base, stored, |plan| *plan = current.drafted(plan, today));
            let (records, navigate, key) = (records.clone(), navigate.clone(), key.clone());
            let id = next.citizen_id.to_string();
            save.run(
                async move { records.put_plan(next, Some(key)).await },
                move || navigate.emit(Route::Plan { id }),
            );
        })
    };
    let on_add_goal = {
        let (add_goal, focus_goal) = (on.action(|()| PlanAction::AddGoal), focus_goal.clone());
        let next_goal = current.next_goal_number();
        Callback::from(move |_: MouseEvent| {
            add_goal.emit(());
            focus_goal.set(Some(next_goal));
        })
    };
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::PlanEditTitle, "label", citizen.fields.label.as_str()) }</h1>
            <p class="lead">{ i18n.t(Key::PlanEditLead) }</p>
            if current.is_stale(plan.as_deref()) {
                <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanEditStale) }</p>
            }
            <form onsubmit={on_store} novalidate=true>
                { weighting(i18n, &current, plan.as_deref(), &on) }
                for goal in current.goals.iter() {
                    {
                        goal_fields(i18n, schema, goal, &on, GoalState {
                            attempted: *attempted,
                            issues: &issues,
                            stored: plan.clone(),
                            weighted: current.is_weighted(),
                            today,
                        })
                    }
                }
                <button type="button" class="add-goal" onclick={on_add_goal}>
                    { i18n.t(Key::PlanAddGoal) }
                </button>
                if uses_individual_plan || current.individual_plan.is_some() {
                    { individual_plan::ip_section(i18n, current.individual_plan.as_ref(), &on) }
                }
                <div class="field">
                    <label for="plan-months">{ i18n.t(Key::PlanMonths) }</label>
                    <select
                        id="plan-months"
                        onchange={on.action(|event: Event| PlanAction::Months { text: typed(&event) })}
                    >
                        for months in MONTH_CHOICES {
                            <option value={months.to_string()} selected={months == current.months}>
                                { i18n.f(Key::PlanMonthsOption, &[("months", &months)]) }
                            </option>
                        }
                    </select>
                </div>
                if *attempted && current.goals.is_empty() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanIssueNoGoals) }</p>
                } else if *attempted && !issues.is_empty() {
                    <div class="notice notice-error" role="alert">
                        <p>{ i18n.t(Key::PlanEditFix) }</p>
                        if !plan_issues.is_empty() {
                            <ul>
                                for problem in plan_issues {
                                    <li>{ problem }</li>
                                }
                            </ul>
                        }
                        for (number, on_put_back) in put_back {
                            <button type="button" onclick={on_put_back}>
                                { i18n.f(Key::PlanPutBackGoal, &[("n", &number)]) }
                            </button>
                        }
                    </div>
                }
                if save.failed() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanNotStored) }</p>
                }
                <button type="submit" class="big primary" aria-disabled={save.saving().to_string()}>{ i18n.t(Key::PlanStore) }</button>
            </form>
        </section>
    }
}

/// Makes the fields' callbacks: each turns its event into an action on the draft.
struct Dispatch<'a> {
    draft: &'a UseDraftHandle<PlanDraft>,
    /// The draft as drawn, which the first change applies to when none is kept yet.
    current: &'a PlanDraft,
}

impl Dispatch<'_> {
    fn action<E: 'static>(&self, action: impl Fn(E) -> PlanAction + 'static) -> Callback<E> {
        self.draft.edit(self.current, action, |draft, action| {
            draft.apply(action.clone());
        })
    }
}

/// What a goal's card needs to know beyond the goal.
struct GoalState<'a> {
    /// Whether storing has been tried, so the problems show.
    attempted: bool,
    /// The draft's issues, of which the card shows the goal's own.
    issues: &'a [PlanIssue],
    /// The plan as stored, whose follow-ups decide whether the goal can be removed or only ended.
    stored: Option<Rc<Plan>>,
    /// Whether the plan's goals are weighted.
    weighted: bool,
    today: NaiveDate,
}

/// The switch that weights every goal or none; fixed once a goal has been followed up.
fn weighting(i18n: I18n, current: &PlanDraft, stored: Option<&Plan>, on: &Dispatch<'_>) -> Html {
    let weighted = current.is_weighted();
    let scored = stored.is_some_and(|plan| !plan.follow_ups.is_empty());
    html! {
        <div class="field">
            <label class="radio-choice">
                <input
                    type="checkbox"
                    checked={weighted}
                    disabled={scored}
                    aria-describedby="plan-weighted-hint"
                    onchange={on.action(move |_: Event| PlanAction::Weighted { on: !weighted })}
                />
                { i18n.t(Key::PlanWeighted) }
            </label>
            <p class="field-hint" id="plan-weighted-hint">{ i18n.t(Key::PlanWeightedHint) }</p>
        </div>
    }
}

fn goal_fields(
    i18n: I18n,
    schema: &Schema,
    goal: &Goal,
    on: &Dispatch<'_>,
    state: GoalState,
) -> Html {
    let GoalState {
        attempted,
        issues,
        stored,
        weighted,
        today,
    } = state;
    let number = goal.number;
    // A text's problems stand beside its field as soon as they are typed; the rest wait for an attempt.
    let problems: Vec<String> = if attempted {
        goal_problems(issues, number)
            .iter()
            .map(|issue| i18n.plan_issue(issue))
            .collect()
    } else {
        Vec::new()
    };
    // A follow-up scored the goal against its levels, baseline and weight: they stay as they were.
    let scored = stored.as_ref().is_some_and(|plan| plan.is_scored(number));
    let field = |name: &str| format!("goal-{number}-{name}");
    let sub_goals = goal.sub_goals.join("\n");
    let words_check = check_text(
        i18n,
        &field("words"),
        &[&goal.own_words],
        PlanText::OwnWords.kind(),
    );
    let sub_goal_lines: Vec<&str> = goal.sub_goals.iter().map(String::as_str).collect();
    let sub_goals_check = check_text(
        i18n,
        &field("sub-goals"),
        &sub_goal_lines,
        PlanText::SubGoal(0).kind(),
    );
    let activity = |row: usize, part: ActivityPart| {
        on.action(move |text: String| PlanAction::Activity {
            number,
            row,
            part,
            text,
        })
    };
    html! {
        <fieldset class="card goal-fields" key={number}>
            <legend>{ i18n.f(Key::PlanGoalNumber, &[("n", &number)]) }</legend>
            if !problems.is_empty() {
                <div role="alert">
                    <ul class="field-problems">
                        for problem in problems {
                            <li>{ problem }</li>
                        }
                    </ul>
                </div>
            }
            <div class="field">
                <label for={field("words")}>{ i18n.t(Key::PlanOwnWords) }</label>
                <textarea
                    id={field("words")}
                    rows="2"
                    value={goal.own_words.clone()}
                    aria-invalid={words_check.invalid.clone()}
                    aria-describedby={words_check.described_by.clone()}
                    oninput={on.action(move |event: InputEvent| PlanAction::OwnWords { number, text: typed(&event) })}
                />
                { words_check.html }
            </div>
            <fieldset class="choice-group">
                <legend>{ i18n.t(Key::PlanDomainsLegend) }</legend>
                for domain in schema.domains() {
                    <label class="radio-choice">
                        <input
                            type="checkbox"
                            checked={goal.domains.contains(domain.id())}
                            onchange={{
                                let domain = domain.id().clone();
                                on.action(move |_: Event| PlanAction::ToggleDomain { number, domain: domain.clone() })
                            }}
                        />
                        { domain.title().get(i18n.lang) }
                    </label>
                }
            </fieldset>
            { ffb_fields(i18n, goal, on) }
            <div class="field">
                <label for={field("sub-goals")}>{ i18n.t(Key::PlanSubGoals) }</label>
                <p class="field-hint">{ i18n.t(Key::PlanSubGoalsHint) }</p>
                <textarea
                    id={field("sub-goals")}
                    rows="3"
                    value={sub_goals}
                    aria-invalid={sub_goals_check.invalid.clone()}
                    aria-describedby={sub_goals_check.described_by.clone()}
                    oninput={on.action(move |event: InputEvent| PlanAction::SubGoals { number, text: typed(&event) })}
                />
                { sub_goals_check.html }
            </div>
            <h2>{ i18n.t(Key::PlanActivities) }</h2>
            <p class="field-hint">{ i18n.t(Key::PlanActivityStartHint) }</p>
            for (row, activity_row) in goal.activities.iter().enumerate() {
                <div class="activity-fields">
                    { text_input(i18n, &field(&format!("what-{row}")), i18n.t(Key::PlanActivityWhat), &activity_row.what, PlanText::What(row),
                        activity(row, ActivityPart::What), false) }
                    { text_input(i18n, &field(&format!("support-{row}")), i18n.t(Key::PlanActivitySupport), &activity_row.support, PlanText::Support(row),
                        activity(row, ActivityPart::Support), false) }
                    { text_input(i18n, &field(&format!("often-{row}")), i18n.t(Key::PlanActivityOften), &activity_row.how_often, PlanText::HowOften(row),
                        activity(row, ActivityPart::HowOften), false) }
                    <div class="field">
                        <label for={field(&format!("start-{row}"))}>{ i18n.t(Key::PlanActivityStart) }</label>
                        <input
                            type="date"
                            id={field(&format!("start-{row}"))}
                            value={activity_row.start.map(|start| start.to_string()).unwrap_or_default()}
                            onchange={on.action(move |event: Event| PlanAction::ActivityStart { number, row, text: typed(&event) })}
                        />
                    </div>
                </div>
            }
            <button type="button" onclick={on.action(move |_: MouseEvent| PlanAction::AddActivity { number })}>
                { i18n.t(Key::PlanAddActivity) }
            </button>
            <fieldset class="choice-group">
                <legend>{ i18n.t(Key::PlanLevels) }</legend>
                <p class="field-hint">{ i18n.t(if scored { Key::PlanScaleLocked } else { Key::PlanLevelsHint }) }</p>
                for level in LEVELS_TOP_DOWN {
                    { text_input(
                        i18n,
                        &field(&format!("level{level}")),
                        i18n.t(level_key(level)),
                        goal.level_text(level),
                        PlanText::Level(level),
                        on.action(move |text: String| PlanAction::Level { number, level, text }),
                        scored,
                    ) }
                }
                { gas_fields(i18n, goal, on, weighted, scored) }
            </fieldset>
            if let Some(ended) = goal.ended {
                <p class="badge">{ i18n.f(Key::PlanGoalEnded, &[("date", &i18n.date(ended))]) }</p>
                <button type="button" onclick={on.action(move |_: MouseEvent| PlanAction::ResumeGoal { number })}>
                    { i18n.t(Key::PlanResumeGoal) }
                </button>
            } else if scored {
                // A follow-up's levels name the goal: removing it would leave them naming nothing.
                <p class="field-hint" id={field("end-why")}>{ i18n.t(Key::PlanEndGoalWhy) }</p>
                <button
                    type="button"
                    aria-describedby={field("end-why")}
                    onclick={on.action(move |_: MouseEvent| PlanAction::EndGoal { number, on: today, stored: stored.clone() })}
                >
                    { i18n.t(Key::PlanEndGoal) }
                </button>
            } else {
                <button type="button" onclick={on.action(move |_: MouseEvent| PlanAction::RemoveGoal { number, stored: stored.clone() })}>
                    { i18n.t(Key::PlanRemoveGoal) }
                </button>
            }
        </fieldset>
    }
}

/// The goal in FFB's terms: the sub-themes it addresses (the primary one, then any others), its goal
/// type and its function level now and aimed for, as the caseworker records them. The sub-themes are
/// the staff schema's, grouped by theme; every label is FFB's Danish term, glossed in nb and en.
fn ffb_fields(i18n: I18n, goal: &Goal, on: &Dispatch<'_>) -> Html {
    let number = goal.number;
    let field = |name: &str| format!("goal-{number}-{name}");
    let Some(schema) = ffb_schema() else {
        return Html::default();
    };
    let themes = schema.by_theme();
    let primary = goal.sub_themes.first();
    let others = goal.sub_themes.get(1..).unwrap_or_default();
    let level_select = |aimed_for: bool, chosen: Option<ffb::FunctionLevel>| {
        let (name, key) = if aimed_for {
            ("aimed", Key::PlanLevelAimedFor)
        } else {
            ("start", Key::PlanLevelAtStart)
        };
        html! {
            <div class="field">
                <label for={field(name)}>{ i18n.t(key) }</label>
                <select
                    id={field(name)}
                    onchange={on.action(move |event: Event| PlanAction::FunctionLevel { number, aimed_for, text: typed(&event) })}
                >
                    for level in ffb::function_levels() {
                        <option
                            value={level.level().map(|value| value.to_string()).unwrap_or_default()}
                            selected={chosen.map(ffb::FunctionLevel::get) == level.level()}
                        >
                            { level_label(i18n, level) }
                        </option>
                    }
                </select>
            </div>
        }
    };
    html! {
        <fieldset class="choice-group ffb-fields">
            <legend>{ i18n.t(Key::PlanFfbLegend) }</legend>
            <p class="field-hint">{ i18n.t(Key::PlanFfbHint) }</p>
            <div class="field-row">
                <div class="field">
                    <label for={field("sub-theme")}>{ i18n.t(Key::PlanSubTheme) }</label>
                    <select
                        id={field("sub-theme")}
                        onchange={on.action(move |event: Event| PlanAction::SubTheme { number, text: typed(&event) })}
                    >
                        <option value="" selected={primary.is_none()}>{ i18n.t(Key::PlanChoose) }</option>
                        for (theme, domains) in &themes {
                            <optgroup label={i18n.ffb_term(theme.term())}>
                                for domain in domains.iter().map(|idx| &schema.domains()[*idx]) {
                                    <option
                                        value={domain.id().to_string()}
                                        selected={primary.is_some_and(|id| id.as_str() == domain.id().as_str())}
                                    >
                                        { i18n.ffb_texts(domain.title()) }
                                    </option>
                                }
                            </optgroup>
                        }
                    </select>
                </div>
                <div class="field">
                    <label for={field("goal-type")}>{ i18n.t(Key::PlanGoalType) }</label>
                    <select
                        id={field("goal-type")}
                        onchange={on.action(move |event: Event| PlanAction::GoalType { number, text: typed(&event) })}
                    >
                        <option value="" selected={goal.goal_type.is_none()}>{ i18n.t(Key::PlanChoose) }</option>
                        for goal_type in ffb::goal_types() {
                            <option
                                value={goal_type.id()}
                                selected={goal.goal_type.as_ref().is_some_and(|id| id.as_str() == goal_type.id())}
                            >
                                { i18n.ffb_term(goal_type) }
                            </option>
                        }
                    </select>
                </div>
                { level_select(false, goal.level_at_start) }
                { level_select(true, goal.level_aimed_for) }
            </div>
            if primary.is_some() {
                <details class="more-sub-themes">
                    <summary>{ i18n.f(Key::PlanMoreSubThemes, &[("n", &others.len())]) }</summary>
                    for (theme, domains) in &themes {
                        <p class="ffb-theme">{ i18n.ffb_term(theme.term()) }</p>
                        for domain in domains.iter().map(|idx| &schema.domains()[*idx]) {
                            if primary.is_none_or(|id| id.as_str() != domain.id().as_str()) {
                                <label class="radio-choice">
                                    <input
                                        type="checkbox"
                                        checked={others.iter().any(|id| id.as_str() == domain.id().as_str())}
                                        onchange={{
                                            let sub_theme = ffb::TermId::new(domain.id().as_str());
                                            on.action(move |_: Event| PlanAction::ToggleSubTheme { number, sub_theme: sub_theme.clone() })
                                        }}
                                    />
                                    { i18n.ffb_texts(domain.title()) }
                                </label>
                            }
                        }
                    }
                </details>
            }
        </fieldset>
    }
}

/// A function level as a choice shows it: its number and FFB's term ("Ikke vurderet" without a number).
fn level_label(i18n: I18n, level: &ffb::Level) -> String {
    match level.level() {
        Some(value) => format!("{value} {}", i18n.ffb_term(level.term())),
        None => i18n.ffb_term(level.term()),
    }
}

/// The goal's baseline and, in a weighted plan, its importance and difficulty; fixed once it is scored.
fn gas_fields(i18n: I18n, goal: &Goal, on: &Dispatch<'_>, weighted: bool, scored: bool) -> Html {
    let number = goal.number;
    let field = |name: &str| format!("goal-{number}-{name}");
    let scale = [
        Key::PlanScale0,
        Key::PlanScale1,
        Key::PlanScale2,
        Key::PlanScale3,
    ];
    let weight_select = |difficulty: bool, chosen: u8| {
        let (name, key) = if difficulty {
            ("difficulty", Key::PlanDifficulty)
        } else {
            ("importance", Key::PlanImportance)
        };
        html! {
            <div class="field">
                <label for={field(name)}>{ i18n.t(key) }</label>
                <select
                    id={field(name)}
                    disabled={scored}
                    onchange={on.action(move |event: Event| PlanAction::Weight { number, difficulty, text: typed(&event) })}
                >
                    for (value, key) in (0..=GasWeight::MAX).zip(scale) {
                        <option value={value.to_string()} selected={value == chosen}>{ i18n.t(key) }</option>
                    }
                </select>
            </div>
        }
    };
    html! {
        <div class="field-row">
            <div class="field">
                <label for={field("baseline")}>{ i18n.t(Key::PlanBaseline) }</label>
                <select
                    id={field("baseline")}
                    disabled={scored}
                    onchange={on.action(move |event: Event| PlanAction::Baseline { number, text: typed(&event) })}
                >
                    <option value="" selected={goal.baseline.is_none()}>{ i18n.t(Key::PlanBaselineNone) }</option>
                    for level in BASELINE_LEVELS.into_iter().rev() {
                        <option value={level.to_string()} selected={goal.baseline == Some(level)}>{ i18n.t(level_key(level)) }</option>
                    }
                </select>
            </div>
            if let Some(weight) = goal.weight.filter(|_| weighted) {
                { weight_select(false, weight.importance) }
                { weight_select(true, weight.difficulty) }
            }
        </div>
    }
}

/// A one-line text of the plan with its label, and its problems beside it as soon as they are typed;
/// `locked` once a follow-up has scored against it.
fn text_input(
    i18n: I18n,
    id: &str,
    label: &str,
    value: &str,
    field: PlanText,
    on_input: Callback<String>,
    locked: bool,
) -> Html {
    let check = check_text(i18n, id, &[value], field.kind());
    html! {
        <div class={classes!("field", (!check.is_ok()).then_some("field-invalid"))}>
            <label for={id.to_owned()}>{ label.to_owned() }</label>
            <input
                id={id.to_owned()}
                type="text"
                readonly={locked}
                value={value.to_owned()}
                aria-invalid={check.invalid.clone()}
                aria-describedby={check.described_by.clone()}
                oninput={on_input.reform(|event: InputEvent| typed(&event))}
            />
            { check.html }
        </div>
    }
}

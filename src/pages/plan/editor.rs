//! Staff write the plan with the citizen: goals in the citizen's own words, the life domains each works on,
//! sub-goals, training (what, who supports, how often), the five GAS levels written when the goal is set,
//! and the agreements until the next meeting. Kept as a draft while typed; checked before it is stored by
//! the same rules the stored plan is read by (`Plan::change_issues`), so a stored plan is always readable.
//! A goal a follow-up has scored is ended, not removed, and a new goal never takes a number used before.

use chrono::NaiveDate;
use mestring_core::citizen::Citizen;
use mestring_core::mastery::{
    Activity, Goal, Interval, Plan, PlanId, PlanIssue, PlanText, Schema, SchemaId, goal_issues,
    next_goal_number,
};
use mestring_core::record::{DeviceId, RecordMeta};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::{LEVELS_TOP_DOWN, PLAN_SCHEMA, level_key, plan_or_new, revised, use_plan, with_plan};
use crate::browser;
use crate::components::text_problems::check_text;
use crate::hooks::use_app::UseAppHandle;
use crate::hooks::use_draft::use_resumed_draft;
use crate::hooks::use_save::use_save;
use crate::i18n::{I18n, Key};
use crate::router::{Route, use_navigator};

/// What the editor holds while staff type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PlanDraft {
    /// The revision of the stored plan the draft started from; 0 for a new plan.
    base_revision: u32,
    goals: Vec<Goal>,
    agreements: String,
    months: u8,
    /// The highest goal number given out, in the stored plan or in this draft (0 in a draft from before
    /// it was kept, which the stored plan's own count then covers).
    #[serde(default)]
    last_goal_number: u32,
}

#[derive(Properties, PartialEq)]
pub struct PlanEditPageProps {
    pub app: UseAppHandle,
    pub id: AttrValue,
}

#[component]
pub fn PlanEditPage(props: &PlanEditPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let (loaded, _) = use_plan(app, &props.id);
    let draft_key = format!("plan/{}", props.id);
    let draft = use_resumed_draft::<PlanDraft>(app, &draft_key);
    let attempted = use_state(|| false);
    let save = use_save();
    let navigate = use_navigator();
    let (citizen, schema, plan) = match with_plan(app, &props.id, &loaded) {
        Ok(found) => found,
        Err(page) => return page,
    };
    let today = browser::now().date_naive();
    let current = draft.get().cloned().unwrap_or_else(|| {
        let last = plan.as_ref().map_or(0, |plan| plan.next_goal_number() - 1);
        // Before the plan is agreed there are only dialogue meetings: the editor starts with one goal.
        let goals = match &plan {
            Some(plan) if !plan.goals.is_empty() => plan.goals.clone(),
            _ => vec![new_goal(last + 1)],
        };
        PlanDraft {
            base_revision: plan.as_ref().map_or(0, |plan| plan.meta.revision),
            last_goal_number: next_goal_number(last, &goals) - 1,
            goals,
            agreements: plan
                .as_ref()
                .map(|plan| plan.agreements.clone())
                .unwrap_or_default(),
            months: plan
                .as_ref()
                .map_or(Interval::default(), |plan| plan.interval)
                .get(),
        }
    });
    let edit = |change: Change| {
        draft.edit(
            &current,
            |text: String| text,
            move |draft, text: &String| change(draft, text.clone()),
        )
    };
    let text_of = |event: InputEvent| typed(&event);
    // The plan as it would be stored, checked by the rules reading applies and those of a change to the
    // stored plan (a new plan's ids are placeholders here: no rule reads them).
    let issues = drafted(
        &plan.clone().unwrap_or_else(|| placeholder(&citizen)),
        &current,
        today,
    )
    .change_issues(plan.as_ref(), schema);
    let plan_issues: Vec<String> = issues
        .iter()
        .filter(|issue| !is_about_a_field(issue))
        .map(|issue| i18n.plan_issue(issue))
        .collect();
    // A draft from before scored goals could only be ended may lack one: it can be put back as stored.
    let put_back: Vec<(u32, Callback<MouseEvent>)> = issues
        .iter()
        .filter_map(|issue| match issue {
            PlanIssue::ScoredGoalRemoved(number) => plan
                .as_ref()?
                .goals
                .iter()
                .find(|goal| goal.number == *number)
                .cloned(),
            _ => None,
        })
        .map(|goal| {
            let number = goal.number;
            let restore = edit(Box::new(move |draft, _| {
                if !draft.goals.iter().any(|kept| kept.number == goal.number) {
                    draft.goals.push(goal.clone());
                    draft.goals.sort_by_key(|kept| kept.number);
                }
            }));
            (number, restore.reform(|_: MouseEvent| String::new()))
        })
        .collect();
    let agreements_check = check_text(
        i18n,
        "plan-agreements",
        &[&current.agreements],
        PlanText::Agreements.kind(),
    );
    let on_store = {
        let (app, save, navigate, key) = (
            app.clone(),
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
        let valid = issues.is_empty() && agreements_check.is_ok() && !current.goals.is_empty();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            attempted.set(true);
            if !valid {
                return;
            }
            let stored = plan.is_some();
            let Some(base) = plan_or_new(&app, &citizen, plan.clone()) else {
                return;
            };
            let next = revised(&base, stored, |plan| *plan = drafted(plan, &current, today));
            let (app, navigate, key) = (app.clone(), navigate.clone(), key.clone());
            let id = next.citizen_id.to_string();
            save.run(
                async move { app.put_plan(next, Some(key)).await },
                move || navigate.emit(Route::Plan { id }),
            );
        })
    };
    let add_goal = edit(Box::new(|draft, _| {
        let number = next_goal_number(draft.last_goal_number, &draft.goals);
        draft.last_goal_number = number;
        draft.goals.push(new_goal(number));
    }));
    // A new goal's first field takes the focus, so typing goes on there rather than below the card.
    let focus_goal = use_state(|| None::<u32>);
    use_effect_with(*focus_goal, |goal| {
        if let Some(number) = goal {
            browser::focus(&format!("goal-{number}-words"));
        }
    });
    let next_goal = next_goal_number(current.last_goal_number, &current.goals);
    let on_add_goal = {
        let focus_goal = focus_goal.clone();
        Callback::from(move |_: MouseEvent| {
            add_goal.emit(String::new());
            focus_goal.set(Some(next_goal));
        })
    };
    let stale = plan.as_ref().is_some_and(|plan| {
        current.base_revision != 0 && current.base_revision < plan.meta.revision
    });
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::PlanEditTitle, "label", citizen.fields.label.as_str()) }</h1>
            <p class="lead">{ i18n.t(Key::PlanEditLead) }</p>
            if stale {
                <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanEditStale) }</p>
            }
            <form onsubmit={on_store} novalidate=true>
                for (idx, goal) in current.goals.iter().enumerate() {
                    {
                        goal_fields(i18n, schema, goal, idx, &edit, GoalState {
                            attempted: *attempted,
                            scored: plan.as_ref().is_some_and(|plan| plan.is_scored(goal.number)),
                            today,
                        })
                    }
                }
                <button type="button" class="add-goal" onclick={on_add_goal}>
                    { i18n.t(Key::PlanAddGoal) }
                </button>
                <div class="field">
                    <label for="plan-agreements">{ i18n.t(Key::PlanAgreements) }</label>
                    <p class="field-hint">{ i18n.t(Key::PlanAgreementsHint) }</p>
                    <textarea
                        id="plan-agreements"
                        rows="3"
                        value={current.agreements.clone()}
                        aria-invalid={agreements_check.invalid.clone()}
                        aria-describedby={agreements_check.described_by.clone()}
                        oninput={edit(Box::new(|draft, text| draft.agreements = text)).reform(text_of)}
                    />
                    { agreements_check.html.clone() }
                </div>
                <div class="field">
                    <label for="plan-months">{ i18n.t(Key::PlanMonths) }</label>
                    <select
                        id="plan-months"
                        onchange={edit(Box::new(|draft, text| draft.months = text.parse().unwrap_or(3))).reform(|event: Event| typed(&event))}
                    >
                        for months in [1u8, 2, 3, 4, 6, 12] {
                            <option value={months.to_string()} selected={months == current.months}>
                                { i18n.f(Key::PlanMonthsOption, &[("months", &months)]) }
                            </option>
                        }
                    </select>
                </div>
                if *attempted && current.goals.is_empty() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanIssueNoGoals) }</p>
                } else if *attempted && (!issues.is_empty() || !agreements_check.is_ok()) {
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

/// `base` with the draft's goals, agreements and interval, agreed `today` unless it already was.
fn drafted(base: &Plan, draft: &PlanDraft, today: NaiveDate) -> Plan {
    let goals: Vec<Goal> = draft.goals.iter().map(tidied).collect();
    let last = base.last_goal_number.max(draft.last_goal_number);
    Plan {
        last_goal_number: next_goal_number(last, &goals) - 1,
        goals,
        agreements: draft.agreements.trim().to_owned(),
        interval: Interval::months(draft.months).unwrap_or_default(),
        agreed_on: base.agreed_on.or(Some(today)),
        ..base.clone()
    }
}

/// A plan not stored yet, to check a draft against: its ids are never stored.
fn placeholder(citizen: &Citizen) -> Plan {
    Plan::new(
        PlanId::from_random_bytes([0; 16]),
        citizen.id,
        SchemaId::new(PLAN_SCHEMA),
        Interval::default(),
        RecordMeta::new(DeviceId::from_random_bytes([0; 16]), browser::now()),
    )
}

/// Whether the issue is shown beside a goal's field (the rest are shown above the store button).
fn is_about_a_field(issue: &PlanIssue) -> bool {
    matches!(
        issue,
        PlanIssue::NoWords(_)
            | PlanIssue::Text { .. }
            | PlanIssue::NoDomain(_)
            | PlanIssue::UnknownDomain(..)
            | PlanIssue::LevelMissing(..)
    )
}

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

/// The value of the input, text area or select an event came from.
fn typed(event: &Event) -> String {
    event
        .target()
        .and_then(|target| js_sys::Reflect::get(&target, &"value".into()).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// A change to the draft, given what was typed.
type Change = Box<dyn Fn(&mut PlanDraft, String)>;

/// Turns a change into the callback of the field it comes from.
type Edit<'a> = dyn Fn(Change) -> Callback<String> + 'a;

/// What a goal's card needs to know beyond the goal.
struct GoalState {
    /// Whether storing has been tried, so the problems show.
    attempted: bool,
    /// Whether a follow-up has scored the goal, so it can be ended but not removed.
    scored: bool,
    today: NaiveDate,
}

fn goal_fields(
    i18n: I18n,
    schema: &Schema,
    goal: &Goal,
    idx: usize,
    edit: &Edit<'_>,
    state: GoalState,
) -> Html {
    let GoalState {
        attempted,
        scored,
        today,
    } = state;
    // A text's problems stand beside its field as soon as they are typed; the rest wait for an attempt.
    let problems: Vec<String> = if attempted {
        goal_issues(goal, schema)
            .iter()
            .filter(|issue| !matches!(issue, PlanIssue::Text { .. }))
            .map(|issue| i18n.plan_issue(issue))
            .collect()
    } else {
        Vec::new()
    };
    let field = |name: &str| format!("goal-{}-{name}", goal.number);
    let text_of = |event: InputEvent| typed(&event);
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
    html! {
        <fieldset class="card goal-fields" key={goal.number}>
            <legend>{ i18n.f(Key::PlanGoalNumber, &[("n", &goal.number)]) }</legend>
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
                    oninput={edit(Box::new(move |draft, text| draft.goals[idx].own_words = text)).reform(text_of)}
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
                                let id = domain.id().clone();
                                edit(Box::new(move |draft, _| {
                                    let domains = &mut draft.goals[idx].domains;
                                    match domains.iter().position(|taken| *taken == id) {
                                        Some(at) => { domains.remove(at); }
                                        None => domains.push(id.clone()),
                                    }
                                })).reform(|_: Event| String::new())
                            }}
                        />
                        { domain.title().get(i18n.lang) }
                    </label>
                }
            </fieldset>
            <div class="field">
                <label for={field("sub-goals")}>{ i18n.t(Key::PlanSubGoals) }</label>
                <p class="field-hint">{ i18n.t(Key::PlanSubGoalsHint) }</p>
                <textarea
                    id={field("sub-goals")}
                    rows="3"
                    value={sub_goals}
                    aria-invalid={sub_goals_check.invalid.clone()}
                    aria-describedby={sub_goals_check.described_by.clone()}
                    oninput={edit(Box::new(move |draft, text| {
                        draft.goals[idx].sub_goals = text.split('\n').map(str::to_owned).collect();
                    })).reform(text_of)}
                />
                { sub_goals_check.html }
            </div>
            <h2>{ i18n.t(Key::PlanActivities) }</h2>
            for (row, activity) in goal.activities.iter().enumerate() {
                <div class="activity-fields">
                    { text_input(i18n, &field(&format!("what-{row}")), i18n.t(Key::PlanActivityWhat), &activity.what, PlanText::What(row),
                        edit(Box::new(move |draft, text| draft.goals[idx].activities[row].what = text))) }
                    { text_input(i18n, &field(&format!("support-{row}")), i18n.t(Key::PlanActivitySupport), &activity.support, PlanText::Support(row),
                        edit(Box::new(move |draft, text| draft.goals[idx].activities[row].support = text))) }
                    { text_input(i18n, &field(&format!("often-{row}")), i18n.t(Key::PlanActivityOften), &activity.how_often, PlanText::HowOften(row),
                        edit(Box::new(move |draft, text| draft.goals[idx].activities[row].how_often = text))) }
                </div>
            }
            <button type="button" onclick={edit(Box::new(move |draft, _| draft.goals[idx].activities.push(Activity::default()))).reform(|_: MouseEvent| String::new())}>
                { i18n.t(Key::PlanAddActivity) }
            </button>
            <fieldset class="choice-group">
                <legend>{ i18n.t(Key::PlanLevels) }</legend>
                <p class="field-hint">{ i18n.t(Key::PlanLevelsHint) }</p>
                for level in LEVELS_TOP_DOWN {
                    { text_input(
                        i18n,
                        &field(&format!("level{level}")),
                        i18n.t(level_key(level)),
                        goal.level_text(level),
                        PlanText::Level(level),
                        edit(Box::new(move |draft, text| draft.goals[idx].levels[(level + 2) as usize] = text)),
                    ) }
                }
            </fieldset>
            if let Some(ended) = goal.ended {
                <p class="badge">{ i18n.f(Key::PlanGoalEnded, &[("date", &i18n.date(ended))]) }</p>
                <button type="button" onclick={edit(Box::new(move |draft, _| draft.goals[idx].ended = None)).reform(|_: MouseEvent| String::new())}>
                    { i18n.t(Key::PlanResumeGoal) }
                </button>
            } else if scored {
                // A follow-up's levels name the goal: removing it would leave them naming nothing.
                <p class="field-hint" id={field("end-why")}>{ i18n.t(Key::PlanEndGoalWhy) }</p>
                <button
                    type="button"
                    aria-describedby={field("end-why")}
                    onclick={edit(Box::new(move |draft, _| draft.goals[idx].ended = Some(today))).reform(|_: MouseEvent| String::new())}
                >
                    { i18n.t(Key::PlanEndGoal) }
                </button>
            } else {
                <button type="button" onclick={edit(Box::new(move |draft, _| {
                    if idx < draft.goals.len() {
                        let removed = draft.goals.remove(idx);
                        draft.last_goal_number = draft.last_goal_number.max(removed.number);
                    }
                })).reform(|_: MouseEvent| String::new())}>
                    { i18n.t(Key::PlanRemoveGoal) }
                </button>
            }
        </fieldset>
    }
}

/// A one-line text of the plan with its label, and its problems beside it as soon as they are typed.
fn text_input(
    i18n: I18n,
    id: &str,
    label: &str,
    value: &str,
    field: PlanText,
    on_input: Callback<String>,
) -> Html {
    let check = check_text(i18n, id, &[value], field.kind());
    html! {
        <div class={classes!("field", (!check.is_ok()).then_some("field-invalid"))}>
            <label for={id.to_owned()}>{ label.to_owned() }</label>
            <input
                id={id.to_owned()}
                type="text"
                value={value.to_owned()}
                aria-invalid={check.invalid.clone()}
                aria-describedby={check.described_by.clone()}
                oninput={on_input.reform(|event: InputEvent| typed(&event))}
            />
            { check.html }
        </div>
    }
}

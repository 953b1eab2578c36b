//! A follow-up meeting: for each goal, the level the citizen reached, chosen among the five descriptions
//! written when the goal was set; then the plan's T-score with each goal's level beside it. The choices are kept as a draft until stored.

mod model;

use mestring_core::mastery::Goal;
use mestring_core::progress::handover::ScoredFollowUp;
use yew::prelude::*;

use self::model::{FollowUpAction, FollowUpDraft, with_follow_up};
use super::{LEVELS_TOP_DOWN, level_key, revised, use_plan, with_plan};
use crate::browser;
use crate::browser::typed;
use crate::components::handover_card::follow_up_levels;
use crate::components::route_link::RouteLink;
use crate::hooks::use_draft::use_resumed_draft;
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::use_save;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::router::Route;

#[derive(Properties, PartialEq)]
pub struct FollowUpPageProps {
    pub id: AttrValue,
}

#[component]
pub fn FollowUpPage(props: &FollowUpPageProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let (loaded, reload) = use_plan(&props.id);
    let draft_key = format!("follow-up/{}", props.id);
    let draft = use_resumed_draft::<FollowUpDraft>(&draft_key);
    let result = use_state(|| None::<ScoredFollowUp>);
    // The stored follow-up replaces the form and the button pressed: the focus goes to its heading.
    use_effect_with(result.is_some(), |&stored| {
        if stored {
            browser::focus("follow-up-stored");
        }
    });
    let save = use_save();
    let (citizen, _, plan) = match with_plan(&session, &props.id, &loaded) {
        Ok(found) => found,
        Err(page) => return page,
    };
    let plan_route = Route::Plan {
        id: citizen.id.to_string(),
    };
    let Some(plan) = plan.filter(|plan| !plan.goals.is_empty()) else {
        return html! {
            <section class="page">
                <p>{ i18n.t(Key::PlanNone) }</p>
                <RouteLink to={plan_route} class="button">{ i18n.t(Key::PlanBack) }</RouteLink>
            </section>
        };
    };
    if let Some(scored) = &*result {
        return html! {
            <section class="page">
                <h1 id="follow-up-stored" tabindex="-1">{ i18n.t(Key::FollowUpStored) }</h1>
                <div class="big-text" role="status">{ follow_up_levels(i18n, scored) }</div>
                <RouteLink to={plan_route} class="button primary">{ i18n.t(Key::PlanBack) }</RouteLink>
            </section>
        };
    }
    let current = draft
        .get()
        .cloned()
        .unwrap_or_else(|| FollowUpDraft::start(browser::now().date_naive()));
    // A field's callback: its event as an action on the draft.
    let on = |action: Box<dyn Fn(Event) -> FollowUpAction>| {
        draft.edit(&current, action, |draft, action| {
            draft.apply(action.clone())
        })
    };
    let choose =
        |goal: u32, level: i8| on(Box::new(move |_| FollowUpAction::Choose { goal, level }));
    let goals: Vec<&Goal> = plan.active_goals().collect();
    if goals.is_empty() {
        return html! {
            <section class="page">
                <p>{ i18n.t(Key::FollowUpNoActiveGoals) }</p>
                <RouteLink to={plan_route} class="button">{ i18n.t(Key::PlanBack) }</RouteLink>
            </section>
        };
    }
    let complete = current.is_complete(&plan);
    let on_store = {
        let (records, save, result, key, reload) = (
            records.clone(),
            save.clone(),
            result.clone(),
            draft_key.clone(),
            reload.clone(),
        );
        let (plan, current) = (plan.clone(), current.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some((follow_up, _)) = current.scored(&plan) else {
                return;
            };
            let next = revised(&plan, true, |plan| with_follow_up(plan, follow_up.clone()));
            let scored = ScoredFollowUp::of(&next, &follow_up);
            let (records, result, reload, key) =
                (records.clone(), result.clone(), reload.clone(), key.clone());
            save.run(
                async move { records.put_plan(next, Some(key)).await },
                move || {
                    result.set(Some(scored));
                    reload.emit(());
                },
            );
        })
    };
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::FollowUpTitle, "label", citizen.fields.label.as_str()) }</h1>
            <p class="lead">{ i18n.t(Key::FollowUpLead) }</p>
            <form onsubmit={on_store}>
                <div class="field">
                    <label for="follow-up-date">{ i18n.t(Key::FollowUpDate) }</label>
                    <input id="follow-up-date" type="date" value={current.date.to_string()} onchange={on(Box::new(|event| FollowUpAction::Date { text: typed(&event) }))} />
                </div>
                for goal in goals {
                    <fieldset class="choice-group" key={goal.number}>
                        <legend>
                            { i18n.f(Key::PlanGoalNumber, &[("n", &goal.number)]) }{ " " }<bdi>{ goal.own_words.clone() }</bdi>
                        </legend>
                        for level in LEVELS_TOP_DOWN {
                            <label class="radio-choice">
                                <input
                                    type="radio"
                                    name={format!("goal-{}", goal.number)}
                                    checked={current.is_chosen(goal.number, level)}
                                    onchange={choose(goal.number, level)}
                                />
                                <span>
                                    <span class="choice-title">{ i18n.t(level_key(level)) }</span><br />
                                    <span class="choice-text"><bdi>{ goal.level_text(level).to_owned() }</bdi></span>
                                </span>
                            </label>
                        }
                    </fieldset>
                }
                if save.failed() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanNotStored) }</p>
                }
                if !complete {
                    <p class="field-hint">{ i18n.t(Key::FollowUpChooseAll) }</p>
                }
                <button type="submit" class="big primary" disabled={!complete} aria-disabled={save.saving().to_string()}>
                    { i18n.t(Key::FollowUpStore) }
                </button>
            </form>
            <RouteLink to={Route::Plan { id: citizen.id.to_string() }} class="button">{ i18n.t(Key::PlanBack) }</RouteLink>
        </section>
    }
}

//! On the start screen: the plans whose follow-up is overdue, the citizens who have had the unit's limit of
//! meetings without a plan, and the individual plans past their revision date, so staff see what is due
//! before anything else.

use chrono::NaiveDate;
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::mastery::{Plan, missing_plan_since};
use mestring_core::store::{StoreErrorKind, plan_of};
use mestring_core::unit::UnitRules;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::records::Records;
use crate::router::Route;
use crate::state::Loaded;

/// Why a citizen is on the list.
#[derive(Clone, Copy, PartialEq)]
enum Due {
    /// The meeting that passed the limit without an agreed plan.
    PlanMissing(NaiveDate),
    /// The follow-up due then and not held.
    FollowUpOverdue(NaiveDate),
    /// The individual plan's revision date, passed.
    RevisionOverdue(NaiveDate),
}

/// What is due for each of `citizens` on `today`, in their order: the plan missing before an overdue
/// follow-up, before a revision date passed. A citizen's meetings and form days are read only where no plan is agreed yet.
async fn due_for(
    records: &Records,
    citizens: &[CitizenId],
    today: NaiveDate,
    rules: UnitRules,
) -> Result<Vec<(CitizenId, Due)>, StoreErrorKind> {
    let plans = records.all_plans().await?;
    let mut due = Vec::new();
    for &citizen in citizens {
        let plan = plan_of(&plans, citizen);
        if rules.meetings_before_plan.is_some() && !plan.is_some_and(Plan::is_made) {
            let (meetings, form_dates) = records.meeting_days(citizen).await?;
            if let Some(fifth) = missing_plan_since(plan, &meetings, &form_dates, today, &rules) {
                due.push((citizen, Due::PlanMissing(fifth)));
                continue;
            }
        }
        if let Some(plan) = plan.filter(|plan| plan.overdue(today))
            && let Some(date) = plan.next_follow_up()
        {
            due.push((citizen, Due::FollowUpOverdue(date)));
        } else if let Some(date) = plan.and_then(|plan| plan.revision_overdue(today)) {
            due.push((citizen, Due::RevisionOverdue(date)));
        }
    }
    Ok(due)
}

#[component]
pub fn DueList() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let due = use_state(|| None::<Result<Vec<(CitizenId, Due)>, StoreErrorKind>>);
    let listed: Vec<CitizenId> = match &session.state().citizens {
        Loaded::Ready(citizens) => citizens
            .iter()
            .filter(|citizen| !citizen.archived)
            .map(|citizen| citizen.id)
            .collect(),
        _ => Vec::new(),
    };
    let rules = session.rules();
    {
        let (records, due) = (records.clone(), due.clone());
        use_effect_with(
            (records.has_store(), listed, rules),
            move |(open, listed, rules)| {
                if *open {
                    let (listed, rules) = (listed.clone(), *rules);
                    let today = browser::now().date_naive();
                    spawn_local(async move {
                        due.set(Some(due_for(&records, &listed, today, rules).await));
                    });
                }
            },
        );
    }
    let due = match &*due {
        None => return Html::default(),
        Some(Err(kind)) => {
            return html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> };
        }
        Some(Ok(due)) => due,
    };
    let Loaded::Ready(citizens) = &session.state().citizens else {
        return Html::default();
    };
    let due: Vec<(&Citizen, String)> = due
        .iter()
        .filter_map(|(id, due)| {
            let citizen = citizens.iter().find(|citizen| citizen.id == *id)?;
            let reason = match *due {
                Due::PlanMissing(fifth) => {
                    let max = rules.meetings_before_plan.map_or(0, |limit| limit.get());
                    i18n.f(
                        Key::PlanDueMissing,
                        &[("date", &i18n.date(fifth)), ("max", &max)],
                    )
                }
                Due::FollowUpOverdue(date) => {
                    i18n.f(Key::PlanDueOverdue, &[("date", &i18n.date(date))])
                }
                Due::RevisionOverdue(date) => i18n.f(Key::IpDueList, &[("date", &i18n.date(date))]),
            };
            Some((citizen, reason))
        })
        .collect();
    if due.is_empty() {
        return Html::default();
    }
    html! {
        <section class="card" aria-labelledby="due-title">
            <h2 id="due-title">{ i18n.t(Key::PlanDueTitle) }</h2>
            <ul class="choice-list">
                for (citizen, reason) in due {
                    <li key={citizen.id.to_string()}>
                        <RouteLink to={Route::Plan { id: citizen.id.to_string() }} class="tile">
                            <span class="tile-title"><bdi>{ citizen.fields.label.as_str().to_owned() }</bdi></span>
                            <span class="tile-text">{ reason }</span>
                        </RouteLink>
                    </li>
                }
            </ul>
        </section>
    }
}

//! On the start screen: the plans whose follow-up is overdue, and the citizens who have had their 5th
//! dialogue meeting without a plan, so staff see what is due before anything else.

use mestring_core::citizen::Citizen;
use mestring_core::mastery::Plan;
use mestring_core::store::StoreErrorKind;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::router::Route;
use crate::state::Loaded;

#[component]
pub fn DueList() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let plans = use_state(|| None::<Result<Vec<Plan>, StoreErrorKind>>);
    {
        let (records, plans) = (records.clone(), plans.clone());
        use_effect_with(records.has_store(), move |open| {
            if *open {
                spawn_local(async move { plans.set(Some(records.all_plans().await)) });
            }
        });
    }
    let plans = match &*plans {
        None => return Html::default(),
        Some(Err(kind)) => {
            return html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> };
        }
        Some(Ok(plans)) => plans,
    };
    let Loaded::Ready(citizens) = &session.state().citizens else {
        return Html::default();
    };
    let today = browser::now().date_naive();
    let due: Vec<(&Citizen, String)> = citizens
        .iter()
        .filter(|citizen| !citizen.archived)
        .filter_map(|citizen| {
            let plan = plans.iter().find(|plan| plan.citizen_id == citizen.id)?;
            let reason =
                if let Some(fifth) = plan.missing_since(&plan.meeting_records(), &[], today) {
                    i18n.f(Key::PlanDueMissing, &[("date", &i18n.date(fifth))])
                } else if plan.overdue(today) {
                    let due = plan.next_follow_up()?;
                    i18n.f(Key::PlanDueOverdue, &[("date", &i18n.date(due))])
                } else {
                    return None;
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

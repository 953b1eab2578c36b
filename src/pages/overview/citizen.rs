//! One citizen as the caseworker's files hold them: the handover at a glance, the FIT trajectory with the facility's typical course,
//! the mastery profile round by round, and the plan with its follow-ups. Read only, and printable to file.
//!
//! The worker merges the files and draws the trajectory (its typical course needs every citizen's forms);
//! this page decodes the citizen's records as storage reads its own, and draws them with the same parts as
//! the tablet's pages.

use mestring_core::citizen::Citizen;
use mestring_core::fit::Response;
use mestring_core::mastery::{Assessment, Plan};
use mestring_core::meeting::{Meeting, with_plan_meetings};
use mestring_core::progress::handover::{Seen, handover};
use mestring_core::progress::trajectory::Trajectory;
use mestring_core::stored::{
    decode_assessment, decode_citizen, decode_meeting, decode_plan, decode_response,
};
use mestring_core::unit::UnitRules;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::handover_card::handover_card;
use crate::components::print_button::PrintButton;
use crate::components::route_link::RouteLink;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::pages::citizen::history_table;
use crate::pages::mastery::{latest_schemas, results};
use crate::pages::plan::{meeting_log, plan_view};
use crate::pages::progress::trajectory_figure;
use crate::router::Route;
use crate::worker::{self, ImportedCitizen, ReadCitizen};
use crate::{instruments, schemas};

/// The citizen's records, decoded.
#[derive(PartialEq)]
struct Records {
    citizen: Citizen,
    responses: Vec<Response>,
    assessments: Vec<Assessment>,
    plan: Option<Plan>,
    /// The citizen's meetings, the plan's own among them.
    meetings: Vec<Meeting>,
    trajectory: Trajectory,
}

#[derive(PartialEq)]
enum Loaded {
    Loading,
    Found(Box<Records>),
    /// No file taken in holds this citizen.
    Missing,
    Failed,
}

/// Decodes what the worker sent; the first record that does not read fails the whole, with its reason.
fn decode(imported: ImportedCitizen) -> Result<Records, String> {
    let instruments = instruments::registry().ok_or("bundled instruments unreadable")?;
    let schemas = schemas::registry().ok_or("bundled mastery schemas unreadable")?;
    let failed = |err: mestring_core::stored::DecodeError| err.to_string();
    let plan = imported
        .plan
        .map(|raw| decode_plan(&raw, schemas).map_err(failed))
        .transpose()?;
    let stored_meetings: Vec<Meeting> = imported
        .meetings
        .iter()
        .map(|raw| decode_meeting(raw).map_err(failed))
        .collect::<Result<_, _>>()?;
    Ok(Records {
        citizen: decode_citizen(&imported.citizen).map_err(failed)?,
        responses: imported
            .responses
            .iter()
            .map(|raw| decode_response(raw, instruments).map_err(failed))
            .collect::<Result<_, _>>()?,
        assessments: imported
            .assessments
            .iter()
            .map(|raw| decode_assessment(raw, schemas).map_err(failed))
            .collect::<Result<_, _>>()?,
        meetings: with_plan_meetings(&stored_meetings, plan.as_ref()),
        plan,
        trajectory: imported.trajectory,
    })
}

#[derive(Properties, PartialEq)]
pub struct ImportedCitizenPageProps {
    pub id: AttrValue,
}

#[component]
pub fn ImportedCitizenPage(props: &ImportedCitizenPageProps) -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let loaded = use_state(|| Loaded::Loading);
    {
        let loaded = loaded.clone();
        use_effect_with(props.id.clone(), move |id| {
            loaded.set(Loaded::Loading);
            let id = id.to_string();
            spawn_local(async move {
                let outcome = match worker::ask(&ReadCitizen { id }).await {
                    Ok(None) => Loaded::Missing,
                    Ok(Some(imported)) => match decode(imported) {
                        Ok(records) => Loaded::Found(Box::new(records)),
                        Err(detail) => {
                            browser::log_error(&detail);
                            Loaded::Failed
                        }
                    },
                    Err(err) => {
                        browser::log_error(&err.to_string());
                        Loaded::Failed
                    }
                };
                loaded.set(outcome);
            });
        });
    }
    let body = match &*loaded {
        Loaded::Loading => html! { <p>{ i18n.t(Key::AppLoading) }</p> },
        Loaded::Failed => {
            html! { <p class="notice notice-error" role="alert">{ i18n.t(Key::OverviewFailed) }</p> }
        }
        Loaded::Missing => {
            html! { <p class="notice notice-error" role="alert">{ i18n.t(Key::OverviewCitizenMissing) }</p> }
        }
        Loaded::Found(records) => records_view(i18n, records, &session.rules()),
    };
    html! {
        <section class="page">
            { body }
            <RouteLink to={Route::Overview} class="button">{ i18n.t(Key::OverviewCitizenBack) }</RouteLink>
        </section>
    }
}

fn records_view(i18n: I18n, records: &Records, rules: &UnitRules) -> Html {
    let citizen = &records.citizen;
    let schemas = schemas::registry();
    let rated: Vec<_> = schemas
        .map(|registry| {
            latest_schemas(registry)
                .into_iter()
                .filter(|schema| {
                    records
                        .assessments
                        .iter()
                        .any(|assessment| assessment.schema == *schema.id())
                })
                .map(|schema| (registry, schema))
                .collect()
        })
        .unwrap_or_default();
    let plan_schema = records.plan.as_ref().and_then(|plan| {
        let schema = schemas?.get(&plan.schema, None).ok()?;
        Some((plan, schema))
    });
    let fit = match trajectory_figure(i18n, &records.trajectory, false) {
        None => html! { <p>{ i18n.t(Key::CitizenHistoryEmpty) }</p> },
        Some(figure) => html! {
            <>
                { figure }
                // Every form of years of meetings: there for whoever needs the numbers, closed until asked.
                <details>
                    <summary>{ i18n.t(Key::ProgressNumbers) }</summary>
                    { history_table(i18n, &records.responses, records.trajectory.course.as_ref()) }
                </details>
            </>
        },
    };
    let at_a_glance = instruments::registry()
        .map(|registry| {
            let today = browser::now().date_naive();
            let seen = Seen {
                meetings: &records.meetings,
                plan: records.plan.as_ref(),
                forms: &records.responses,
                ratings: &records.assessments,
            };
            handover_card(i18n, &handover(&seen, registry, rules, today))
        })
        .unwrap_or_default();
    html! {
        <>
            <h1><bdi>{ citizen.fields.label.as_str() }</bdi></h1>
            <p class="lead">
                { i18n.with_typed(Key::OverviewCitizenLead, "unit", citizen.fields.unit.as_str()) }
            </p>
            <PrintButton label={citizen.fields.label.as_str().to_owned()} />
            { at_a_glance }
            <section class="card" aria-labelledby="fit-title">
                <h2 id="fit-title">{ i18n.t(Key::OverviewCitizenFit) }</h2>
                { fit }
            </section>
            for (registry, schema) in rated {
                <section class="card" aria-labelledby={format!("schema-{}", schema.id())}>
                    <h2 id={format!("schema-{}", schema.id())}>{ schema.title().get(i18n.lang) }</h2>
                    { results(i18n, registry, schema, &records.assessments) }
                </section>
            }
            <section class="card" aria-labelledby="plan-title">
                <h2 id="plan-title">{ i18n.t(Key::OverviewCitizenPlan) }</h2>
                if let Some((plan, schema)) = plan_schema {
                    { plan_view(i18n, schema, plan) }
                    <h3>{ i18n.t(Key::PlanMeetings) }</h3>
                    { meeting_log(i18n, &records.meetings) }
                } else {
                    <p>{ i18n.t(Key::OverviewCitizenNoPlan) }</p>
                }
            </section>
        </>
    }
}

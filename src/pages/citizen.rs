use mestring_core::citizen::CitizenId;
use mestring_core::fit::{Kind, Rater, Registry, Response};
use mestring_core::meeting::with_plan_meetings;
use mestring_core::progress::handover::{Seen, handover};
use mestring_core::progress::trajectory::CourseLine;
use yew::prelude::*;

use crate::browser;
use crate::components::handover_card::handover_card;
use crate::components::print_button::PrintButton;
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::{use_assessments, use_responses};
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::instruments;
use crate::pages::lookup_citizen;
use crate::pages::plan::{use_meeting_days, use_plan};
use crate::router::Route;

#[derive(Properties, PartialEq)]
pub struct CitizenPageProps {
    pub id: AttrValue,
}

/// One citizen: start a meeting (choosing who answers), the handover at a glance, the forms answered so far,
/// edit the details.
#[component]
pub fn CitizenPage(props: &CitizenPageProps) -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let responses = use_responses(&props.id);
    let ratings = use_assessments(&props.id);
    let (plan, _) = use_plan(&props.id);
    let days = use_meeting_days(CitizenId::parse(&props.id));
    let citizen = match lookup_citizen(&session, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    let id = citizen.id.to_string();
    let fields = &citizen.fields;
    let history = match &responses {
        None => html! { <p>{ i18n.t(Key::AppLoading) }</p> },
        Some(Err(kind)) => html! { <p class="notice notice-error">{ i18n.store_error(*kind) }</p> },
        Some(Ok(responses)) if responses.is_empty() => {
            html! { <p>{ i18n.t(Key::CitizenHistoryEmpty) }</p> }
        }
        Some(Ok(responses)) => history_table(i18n, responses, None),
    };
    // Shown once everything it reads is in; a failed read is reported by the records service.
    let at_a_glance = match (&responses, &ratings, &plan, &days, instruments::registry()) {
        (Some(Ok(forms)), Some(Ok(ratings)), Some(Ok(plan)), Some((stored, _)), Some(registry)) => {
            let seen = Seen {
                meetings: &with_plan_meetings(stored, plan.as_ref()),
                plan: plan.as_ref(),
                forms,
                ratings,
            };
            let today = browser::now().date_naive();
            handover_card(i18n, &handover(&seen, registry, &session.rules(), today))
        }
        _ => Html::default(),
    };
    html! {
        <section class="page">
            <h1><bdi>{ fields.label.as_str() }</bdi></h1>
            <p class="lead">
                { i18n.born(fields.birth()) }
                { " · " }
                <bdi>{ fields.unit.as_str() }</bdi>
                if citizen.archived {
                    { " · " }{ i18n.t(Key::CitizensArchived) }
                }
            </p>
            <PrintButton label={fields.label.as_str().to_owned()} />
            <section class="card screen-only" aria-labelledby="start-title">
                <h2 id="start-title">{ i18n.t(Key::CitizenStartMeeting) }</h2>
                <p>{ i18n.t(Key::CitizenWhoAnswers) }</p>
                <ul class="choice-list">
                    for rater in Rater::ALL {
                        <li>
                            <RouteLink
                                to={Route::Meeting { id: id.clone(), rater: rater.code().to_owned() }}
                                class="tile"
                            >
                                <span class="tile-title">{ i18n.rater(rater) }</span>
                            </RouteLink>
                        </li>
                    }
                </ul>
            </section>
            { at_a_glance }
            <section aria-labelledby="history-title">
                <h2 id="history-title">{ i18n.t(Key::CitizenHistoryTitle) }</h2>
                { history }
            </section>
            if matches!(&responses, Some(Ok(responses)) if !responses.is_empty()) {
                <RouteLink to={Route::Progress { id: id.clone() }} class="button">
                    { i18n.t(Key::CitizenProgress) }
                </RouteLink>
            }
            <RouteLink to={Route::Mastery { id: id.clone() }} class="button">
                { i18n.t(Key::CitizenMastery) }
            </RouteLink>
            <RouteLink to={Route::CitizenEdit { id: id.clone() }} class="button">
                { i18n.t(Key::CitizenEdit) }
            </RouteLink>
        </section>
    }
}

/// The completed forms as a table, which screen readers can walk through cell by cell; with a `course` that
/// has points, each of the citizen's own forms on its instrument shows the expected course at its meeting.
pub(crate) fn history_table(
    i18n: I18n,
    responses: &[Response],
    course: Option<&CourseLine>,
) -> Html {
    let registry = instruments::registry();
    let course = course.filter(|own| !own.points.is_empty());
    let expected = |response: &Response| {
        let own = course?;
        if response.rater != Rater::Oneself
            || response.kind != Kind::Outcome
            || response.instrument.as_str() != own.instrument
        {
            return None;
        }
        let point = own
            .points
            .iter()
            .find(|point| point.meeting == response.meeting)?;
        Some(i18n.f(
            Key::ProgressCourseCell,
            &[
                ("total", &i18n.tenths(point.median.get().into())),
                ("lower", &i18n.tenths(point.lower.get().into())),
                ("upper", &i18n.tenths(point.upper.get().into())),
                ("people", &point.n),
            ],
        ))
    };
    html! {
        <table class="history">
            <thead>
                <tr>
                    <th scope="col">{ i18n.t(Key::CitizenColMeeting) }</th>
                    <th scope="col">{ i18n.t(Key::CitizenColDate) }</th>
                    <th scope="col">{ i18n.t(Key::CitizenColForm) }</th>
                    <th scope="col">{ i18n.t(Key::CitizenColRater) }</th>
                    <th scope="col">{ i18n.t(Key::CitizenColTotal) }</th>
                    <th scope="col">{ i18n.t(Key::CitizenColItems) }</th>
                    if course.is_some() {
                        <th scope="col">{ i18n.t(Key::ProgressColCourse) }</th>
                    }
                </tr>
            </thead>
            <tbody>
                for response in responses.iter().rev() {
                    <tr key={response.id.to_string()}>
                        <td>{ response.meeting }</td>
                        <td>{ i18n.date(response.date) }</td>
                        <td>{ response.instrument.as_str().to_ascii_uppercase() }</td>
                        <td>{ i18n.rater(response.rater) }</td>
                        { totals(i18n, registry, response) }
                        if course.is_some() {
                            <td>{ expected(response).unwrap_or_default() }</td>
                        }
                    </tr>
                }
            </tbody>
        </table>
    }
}

/// A form's total and each line's answer, two cells; empty where the form fits no instrument version.
fn totals(i18n: I18n, registry: Option<&Registry>, response: &Response) -> Html {
    let definition = registry.and_then(|registry| {
        registry
            .get(response.instrument.as_str(), Some(response.version))
            .ok()
    });
    let total = definition.and_then(|definition| response.total(definition));
    // Each line as its rater read it: a parent's "Personen selv", the citizen's "Mig selv".
    let worded = i18n.for_rater(response.rater, false);
    let items = definition
        .filter(|_| total.is_some())
        .map(|definition| {
            definition
                .items()
                .iter()
                .zip(&response.answers)
                // The value first, so a column of four reads down its numbers.
                .map(|(item, value)| {
                    format!(
                        "{} {}",
                        i18n.tenths(value.get().into()),
                        worded.text(item.label())
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    html! {
        <>
            <td>{ total.map(|total| i18n.tenths(total.get().into())).unwrap_or_default() }</td>
            <td>
                for item in items {
                    <span class="item-answer">{ item }</span>
                }
            </td>
        </>
    }
}

//! One citizen's trajectory: the chart, what its marks mean, and the numbers behind it.

use mestring_core::fit::Rater;
use mestring_core::progress::course::COURSE_MIN_PEOPLE;
use mestring_core::progress::trajectory::{Trajectory, trajectory};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::legend_swatch::{Mark, swatch};
use crate::components::print_button::PrintButton;
use crate::components::route_link::RouteLink;
use crate::components::trajectory_chart::{
    band_name, course_status, rater_class, session_class, trajectory_chart,
};
use crate::hooks::use_records::use_responses;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::pages::citizen::history_table;
use crate::pages::lookup_citizen;
use crate::router::Route;
use crate::worker::{self, ReadTrajectory};
use crate::{browser, instruments};

#[derive(Properties, PartialEq)]
pub struct ProgressPageProps {
    pub id: AttrValue,
}

#[component]
pub fn ProgressPage(props: &ProgressPageProps) -> Html {
    let session = use_session();
    let i18n = session.i18n();
    // The citizen's forms draw the chart at once; the worker reads everyone's for the typical and expected courses.
    let own = use_responses(&props.id);
    let with_typical = use_state(|| None::<Option<Trajectory>>);
    {
        let with_typical = with_typical.clone();
        use_effect_with(props.id.clone(), move |id| {
            let citizen = id.to_string();
            spawn_local(async move {
                let found = match worker::ask(&ReadTrajectory { citizen }).await {
                    Ok(found) => found,
                    Err(err) => {
                        browser::log_error(&err.to_string());
                        None
                    }
                };
                // Without it the chart stays as the citizen's own forms draw it.
                with_typical.set(Some(found));
            });
        });
    }
    let citizen = match lookup_citizen(&session, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    let body = match (&own, instruments::registry()) {
        (None, _) => html! { <p>{ i18n.t(Key::AppLoading) }</p> },
        (Some(Err(kind)), _) => {
            html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> }
        }
        (Some(Ok(_)), None) => html! { <p>{ i18n.t(Key::MeetingNoInstruments) }</p> },
        (Some(Ok(own)), Some(registry)) => {
            let trajectory = match &*with_typical {
                Some(Some(full)) => full.clone(),
                _ => trajectory(&citizen, std::slice::from_ref(&citizen), own, registry),
            };
            match trajectory_figure(i18n, &trajectory, with_typical.is_none()) {
                None => html! { <p>{ i18n.t(Key::CitizenHistoryEmpty) }</p> },
                Some(figure) => html! {
                    <>
                        { figure }
                        <h2>{ i18n.t(Key::ProgressNumbers) }</h2>
                        { history_table(i18n, own, trajectory.course.as_ref()) }
                    </>
                },
            }
        }
    };
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::ProgressTitle, "label", citizen.fields.label.as_str()) }</h1>
            <p class="lead">{ i18n.t(Key::ProgressLead) }</p>
            <PrintButton label={citizen.fields.label.as_str().to_owned()} />
            { body }
            <RouteLink to={Route::Citizen { id: citizen.id.to_string() }} class="button">
                { i18n.t(Key::ProgressBack) }
            </RouteLink>
        </section>
    }
}

/// The chart with its legend, or `None` when there is nothing to draw; `busy` while more is being read.
pub(crate) fn trajectory_figure(i18n: I18n, trajectory: &Trajectory, busy: bool) -> Option<Html> {
    let chart = trajectory_chart(i18n, trajectory)?;
    let marks = Marks {
        raters: trajectory.outcome.iter().map(|line| line.rater).collect(),
        session: trajectory.session.iter().map(|line| line.rater).collect(),
        typical: !trajectory.typical.is_empty(),
        course: trajectory
            .course
            .as_ref()
            .filter(|own| !own.points.is_empty())
            .map(|own| band_name(i18n, own.band)),
    };
    Some(html! {
        <figure class="trajectory-figure" aria-busy={busy.to_string()}>
            { chart }
            <figcaption>
                if let Some(status) = course_status(i18n, trajectory) {
                    <p class="course-status">{ status }</p>
                }
                { legend(i18n, &marks) }
            </figcaption>
        </figure>
    })
}

/// Which marks a chart has, for its legend.
struct Marks {
    raters: Vec<Rater>,
    /// Whose session lines there are.
    session: Vec<Rater>,
    typical: bool,
    /// The intake band named, where the course of those who started alike is drawn.
    course: Option<&'static str>,
}

/// What each mark of the chart means, in words beside a sample of it.
fn legend(i18n: I18n, marks: &Marks) -> Html {
    let entry = |class: Classes, mark: Mark, text: String| {
        html! { <li>{ swatch(class, mark) }{ text }</li> }
    };
    html! {
        <ul class="legend">
            for rater in marks.raters.iter().copied() {
                { entry(classes!("series", rater_class(rater)), Mark::LineWithPoint, i18n.f(Key::ProgressLegendOutcome, &[("rater", &i18n.rater_in_text(rater))])) }
            }
            for rater in marks.session.iter().copied() {
                { entry(classes!("series", "series-session", session_class(rater)), Mark::LineWithPoint, i18n.t(match rater {
                    Rater::Oneself => Key::ProgressLegendSession,
                    Rater::Parent => Key::ProgressLegendSessionParent,
                    Rater::Staff => Key::ProgressLegendSessionStaff,
                }).to_owned()) }
            }
            if marks.typical {
                { entry(classes!("typical"), Mark::LineWithPoint, i18n.t(Key::ProgressLegendTypical).to_owned()) }
            }
            if let Some(band) = marks.course {
                { entry(classes!("course"), Mark::LineInBand, i18n.f(Key::ProgressLegendCourse, &[("band", &band), ("min", &COURSE_MIN_PEOPLE)])) }
            }
            { entry(classes!("cutoff"), Mark::Line, i18n.t(Key::ProgressLegendCutoff).to_owned()) }
            { entry(classes!("reliable-band"), Mark::Area, i18n.t(Key::ProgressLegendBand).to_owned()) }
        </ul>
    }
}

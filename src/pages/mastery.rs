//! A citizen's mastery schemas: who rates next, and each round's ratings once the raters can no longer
//! influence each other: side by side, with the gaps worth talking about and the change since last time.
//! Staff also switch easy-read on or off for the citizen here (`settings`, `rating`).

pub mod rating;

use mestring_core::fit::Rater;
use mestring_core::mastery::{
    Assessment, Change, Domain, Gap, LadderKind, Registry, Round, Schema, change_since_previous,
    gaps, next_round, profile, rounds,
};
use yew::prelude::*;

use crate::components::mastery_chart::{Series, small_multiples, star, star_legend};
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::use_assessments;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::pages::lookup_citizen;
use crate::router::Route;
use crate::schemas;

#[derive(Properties, PartialEq)]
pub struct MasteryPageProps {
    pub id: AttrValue,
}

#[component]
pub fn MasteryPage(props: &MasteryPageProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let assessments = use_assessments(&props.id);
    let citizen = match lookup_citizen(&session, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    let id = citizen.id.to_string();
    let easy_read = citizen.easy_read;
    let on_easy_read = {
        let (records, citizen) = (records.clone(), citizen.clone());
        // Part of the citizen's record; a failed write shows the store's notice.
        Callback::from(move |_: MouseEvent| records.set_easy_read(&citizen, !easy_read))
    };
    let body = match (&assessments, schemas::registry()) {
        (None, _) => html! { <p>{ i18n.t(Key::AppLoading) }</p> },
        (Some(Err(kind)), _) => {
            html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> }
        }
        (Some(Ok(_)), None) => html! { <p>{ i18n.t(Key::MasteryNoSchemas) }</p> },
        (Some(Ok(assessments)), Some(registry)) => html! {
            for schema in latest_schemas(registry) {
                { schema_section(i18n, registry, schema, assessments, &id) }
            }
        },
    };
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::MasteryTitle, "label", citizen.fields.label.as_str()) }</h1>
            <p class="lead">{ i18n.t(Key::MasteryLead) }</p>
            <div class="easy-read-switch">
                <button
                    type="button"
                    class="toggle"
                    aria-pressed={easy_read.to_string()}
                    aria-describedby="easy-read-hint"
                    onclick={on_easy_read}
                >
                    { i18n.t(Key::EasyReadSwitch) }
                </button>
                <p id="easy-read-hint" class="field-hint">{ i18n.t(Key::EasyReadHint) }</p>
            </div>
            <RouteLink to={Route::Plan { id: id.clone() }} class="button">{ i18n.t(Key::MasteryToPlan) }</RouteLink>
            { body }
            <RouteLink to={Route::Citizen { id }} class="button">{ i18n.t(Key::ProgressBack) }</RouteLink>
        </section>
    }
}

/// Each schema once, in its latest edition; older editions only score the assessments made on them.
pub(crate) fn latest_schemas(registry: &Registry) -> Vec<&Schema> {
    let mut latest: Vec<&Schema> = Vec::new();
    for schema in registry.all() {
        if !latest.iter().any(|seen| seen.id() == schema.id())
            && let Ok(newest) = registry.get(schema.id(), None)
        {
            latest.push(newest);
        }
    }
    latest
}

fn schema_section(
    i18n: I18n,
    registry: &Registry,
    schema: &Schema,
    assessments: &[Assessment],
    id: &str,
) -> Html {
    let title_id = format!("schema-{}", schema.id());
    html! {
        <section class="card" aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>{ schema.title().get(i18n.lang) }</h2>
            <p>{ i18n.t(Key::MasteryWhoRates) }</p>
            <ul class="choice-list">
                for rater in schema.rated_by().iter().copied() {
                    <li>
                        <RouteLink
                            to={Route::Rating { id: id.to_owned(), schema: schema.id().to_string(), rater: rater.code().to_owned() }}
                            class="tile"
                        >
                            <span class="tile-title">{ i18n.rater(rater) }</span>
                            <span class="tile-text">
                                { i18n.f(Key::MasteryRound, &[("round", &next_round(schema, assessments, rater))]) }
                            </span>
                        </RouteLink>
                    </li>
                }
            </ul>
            { results(i18n, registry, schema, assessments) }
        </section>
    }
}

/// What the rounds on `schema` show: the profile charts and each round, the newest first, hidden until revealed.
pub(crate) fn results(
    i18n: I18n,
    registry: &Registry,
    schema: &Schema,
    assessments: &[Assessment],
) -> Html {
    let rounds = rounds(schema, assessments);
    html! {
        <>
            if rounds.is_empty() {
                <p>{ i18n.t(Key::MasteryNoRounds) }</p>
            }
            // A chart of FFB's thirty-one sub-themes says less than the table of those rated.
            if schema.ladder().kind() == LadderKind::Steps {
                { profile_charts(i18n, schema, &rounds) }
            }
            if let Some((newest, earlier)) = rounds.split_last() {
                { round_view(i18n, registry, schema, newest, assessments) }
                // Years of rounds would bury the newest: the earlier ones open on request.
                if !earlier.is_empty() {
                    <details class="earlier-rounds">
                        <summary>{ i18n.f(Key::MasteryEarlierRounds, &[("count", &earlier.len())]) }</summary>
                        for round in earlier.iter().rev() {
                            { round_view(i18n, registry, schema, round, assessments) }
                        }
                    </details>
                }
            }
        </>
    }
}

/// The latest revealed round as a star (with the citizen's previous round), and each domain round by round.
fn profile_charts(i18n: I18n, schema: &Schema, rounds: &[Round<'_>]) -> Html {
    let revealed: Vec<&Round<'_>> = rounds.iter().filter(|round| round.revealed).collect();
    let Some(latest) = revealed.last() else {
        return Html::default();
    };
    let previous = revealed
        .iter()
        .rev()
        .skip(1)
        .find_map(|round| round.by(Rater::Oneself));
    let series: Vec<Series<'_>> = previous
        .map(|assessment| Series {
            assessment,
            class: "previous",
        })
        .into_iter()
        .chain(latest.by(Rater::Oneself).map(|assessment| Series {
            assessment,
            class: "self",
        }))
        .chain(latest.by(Rater::Staff).map(|assessment| Series {
            assessment,
            class: "staff",
        }))
        .collect();
    html! {
        <>
            <h3>{ i18n.t(Key::MasteryProfile) }</h3>
            <figure class="mastery-figure">
                { star(i18n, schema, &series) }
                <figcaption>{ star_legend(i18n, &series) }</figcaption>
            </figure>
            if revealed.len() > 1 {
                <h3>{ i18n.t(Key::MasteryByDomain) }</h3>
                { small_multiples(i18n, schema, rounds) }
            }
        </>
    }
}

fn round_view(
    i18n: I18n,
    registry: &Registry,
    schema: &Schema,
    round: &Round<'_>,
    assessments: &[Assessment],
) -> Html {
    let raters: Vec<String> = round
        .assessments
        .iter()
        .map(|assessment| {
            i18n.f(
                Key::MasteryRatedBy,
                &[
                    ("rater", &i18n.rater(assessment.rater)),
                    ("date", &i18n.date(assessment.date)),
                ],
            )
        })
        .collect();
    html! {
        <section class="mastery-round">
            <h3>{ i18n.f(Key::MasteryRound, &[("round", &round.number)]) }</h3>
            <p>{ raters.join(" · ") }</p>
            if round.revealed {
                { round_table(i18n, registry, schema, round, assessments) }
            } else {
                <p class="notice" role="status">{ i18n.t(Key::MasteryHidden) }</p>
            }
        </section>
    }
}

/// One row per domain rated in the round, a column per rater, the gap between the citizen and staff, and
/// the change since each rater's previous round. The rows are those of the edition the round was rated on.
fn round_table(
    i18n: I18n,
    registry: &Registry,
    schema: &Schema,
    round: &Round<'_>,
    assessments: &[Assessment],
) -> Html {
    let schema = round
        .assessments
        .first()
        .and_then(|assessment| registry.get(schema.id(), Some(assessment.version)).ok())
        .unwrap_or(schema);
    let rated: Vec<&Domain> = schema
        .domains()
        .iter()
        .filter(|domain| {
            round.assessments.iter().any(|assessment| {
                assessment
                    .entries
                    .iter()
                    .any(|entry| &entry.domain == domain.id())
            })
        })
        .collect();
    let title = |domain: &Domain| match schema.ladder().kind() {
        LadderKind::Steps => domain.title().get(i18n.lang).to_owned(),
        LadderKind::FunctionLevel => i18n.ffb_texts(domain.title()),
    };
    let columns: Vec<(&Assessment, Option<Change<'_>>)> = round
        .assessments
        .iter()
        .map(|assessment| {
            let change = change_since_previous(registry, assessment, assessments)
                .ok()
                .flatten();
            (*assessment, change)
        })
        .collect();
    let gaps: Vec<Gap<'_>> = match (round.by(Rater::Oneself), round.by(Rater::Staff)) {
        (Some(own), Some(staff)) => gaps(schema, own, staff).unwrap_or_default(),
        _ => Vec::new(),
    };
    let cell = |assessment: &Assessment, change: Option<&Change<'_>>, domain: &str| {
        let entry = assessment
            .entries
            .iter()
            .find(|entry| entry.domain.as_str() == domain);
        let rating = entry.and_then(|entry| entry.rating);
        let delta = change.and_then(|change| {
            change
                .domains
                .iter()
                .find(|moved| moved.domain.id().as_str() == domain)
                .map(|moved| moved.delta)
        });
        html! {
            <td>
                { rating.map_or_else(|| i18n.t(Key::MasteryNotRated).to_owned(), |rating| rating.get().to_string()) }
                if let Some(delta) = delta.filter(|delta| *delta != 0) {
                    <span class="change-note">{ i18n.f(Key::MasteryChange, &[("delta", &i18n.signed(delta.into()))]) }</span>
                }
                if let Some(comment) = entry.and_then(|entry| entry.comment.as_deref()) {
                    <span class="comment-note"><bdi>{ comment.to_owned() }</bdi></span>
                }
            </td>
        }
    };
    let means: Vec<String> = columns
        .iter()
        .map(|(assessment, _)| {
            profile(schema, assessment)
                .ok()
                .and_then(|profile| profile.mean)
                .map_or_else(String::new, |mean| i18n.tenths(mean.get().into()))
        })
        .collect();
    html! {
        <div class="table-scroll">
            <table class="history mastery-table">
                <thead>
                    <tr>
                        <th scope="col">{ i18n.t(Key::MasteryColDomain) }</th>
                        for (assessment, _) in &columns {
                            <th scope="col">{ i18n.rater(assessment.rater) }</th>
                        }
                        if !gaps.is_empty() {
                            <th scope="col">{ i18n.t(Key::MasteryColGap) }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for domain in rated {
                        <tr key={domain.id().to_string()}>
                            <th scope="row">{ title(domain) }</th>
                            for (assessment, change) in &columns {
                                { cell(assessment, change.as_ref(), domain.id().as_str()) }
                            }
                            if !gaps.is_empty() {
                                <td>
                                    if let Some(gap) = gaps.iter().find(|gap| gap.domain.id() == domain.id()) {
                                        { i18n.signed(gap.difference.into()) }
                                        if gap.talking_point {
                                            <span class="badge talking-point">{ i18n.t(Key::MasteryTalkingPoint) }</span>
                                        }
                                    }
                                </td>
                            }
                        </tr>
                    }
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{ i18n.t(Key::MasteryMean) }</th>
                        for mean in means {
                            <td>{ mean }</td>
                        }
                        if !gaps.is_empty() {
                            <td></td>
                        }
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

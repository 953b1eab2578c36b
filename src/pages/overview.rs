//! The caseworker's overview: every citizen in the files taken in, with the latest outcome total,
//! the change since the first form and the latest session alert; the facility at a glance above.

use mestring_core::iso;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::route_link::RouteLink;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::{I18n, Key};
use crate::router::Route;
use crate::worker::{self, OverviewRow, OverviewSummary, Reply, Request};

type Loaded = Option<Result<(Vec<OverviewRow>, OverviewSummary), ()>>;

#[derive(Properties, PartialEq)]
pub struct OverviewPageProps {
    pub app: UseAppHandle,
}

#[component]
pub fn OverviewPage(props: &OverviewPageProps) -> Html {
    let i18n = props.app.i18n();
    let loaded = use_state(|| None as Loaded);
    {
        let loaded = loaded.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let result = match worker::ask(&Request::Overview).await {
                    Reply::Overview { rows, summary } => Ok((rows, summary)),
                    Reply::Failed { detail } => {
                        browser::log_error(&detail);
                        Err(())
                    }
                    _ => Err(()),
                };
                loaded.set(Some(result));
            });
        });
    }
    let body = match &*loaded {
        None => html! { <p>{ i18n.t(Key::AppLoading) }</p> },
        Some(Err(())) => {
            html! { <p class="notice notice-error" role="alert">{ i18n.t(Key::OverviewFailed) }</p> }
        }
        Some(Ok((rows, _))) if rows.is_empty() => html! {
            <>
                <p>{ i18n.t(Key::OverviewEmpty) }</p>
                <RouteLink to={Route::Import} class="button">{ i18n.t(Key::NavImport) }</RouteLink>
            </>
        },
        Some(Ok((rows, summary))) => html! {
            <>
                <p class="lead">{ summary_text(i18n, summary) }</p>
                { table(i18n, rows) }
            </>
        },
    };
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::OverviewTitle) }</h1>
            { body }
        </section>
    }
}

fn summary_text(i18n: I18n, summary: &OverviewSummary) -> String {
    let percent =
        |value: Option<usize>| value.map_or_else(|| "–".to_owned(), |value| format!("{value} %"));
    i18n.f(
        Key::OverviewSummary,
        &[
            ("citizens", &summary.citizens),
            ("improvement", &summary.improvement),
            ("improved", &percent(summary.improved_percent)),
            ("none", &summary.no_change),
            ("deterioration", &summary.deterioration),
            ("not_yet", &summary.not_yet),
            ("alerts", &percent(summary.alert_percent)),
        ],
    )
}

fn table(i18n: I18n, rows: &[OverviewRow]) -> Html {
    let date = |text: &str| {
        iso::parse_date(text)
            .map(|date| i18n.date(date))
            .unwrap_or_default()
    };
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={i18n.t(Key::OverviewTitle)}>
        <table class="history overview">
            <thead>
                <tr>
                    <th scope="col">{ i18n.t(Key::OverviewColCitizen) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColUnit) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColLatest) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColChange) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColAlert) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColMeetings) }</th>
                </tr>
            </thead>
            <tbody>
                for row in rows {
                    <tr>
                        <th scope="row"><bdi>{ row.label.clone() }</bdi></th>
                        <td><bdi>{ row.unit.clone() }</bdi></td>
                        <td>
                            if let Some((day, instrument, total)) = &row.latest {
                                { format!("{} ({} {})", i18n.tenths((*total).into()), instrument.to_ascii_uppercase(), date(day)) }
                            }
                        </td>
                        <td>{ change_text(i18n, row) }</td>
                        <td>{ row.last_alert.as_deref().map(date).unwrap_or_default() }</td>
                        <td>{ row.meetings }</td>
                    </tr>
                }
            </tbody>
        </table>
        </div>
    }
}

fn change_text(i18n: I18n, row: &OverviewRow) -> String {
    let category = i18n.t(match row.change.as_deref() {
        Some("improvement") => Key::OverviewImprovement,
        Some("deterioration") => Key::OverviewDeterioration,
        Some(_) => Key::OverviewNoChange,
        None => Key::OverviewNotYet,
    });
    if row.clinically_significant {
        format!("{category} {}", i18n.t(Key::OverviewSignificant))
    } else {
        category.to_owned()
    }
}

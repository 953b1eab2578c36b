//! The caseworker's overview: every citizen in the files taken in, with the latest outcome total,
//! the change since the first form, where they stand on the expected course of those who started alike, the
//! latest session alert and the plan's next follow-up; the facility
//! at a glance above. Each citizen's label opens what the files hold of them (`citizen`).

pub mod citizen;

use mestring_core::fit::Rater;
use mestring_core::iso;
use mestring_core::sort;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::caseworker_files::CaseworkerFiles;
use crate::components::route_link::RouteLink;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::router::Route;
use crate::worker::{self, Overview, OverviewRow, OverviewSummary, ReadOverview};

/// Why a citizen needs attention, by the code the worker gives ([`mestring_core::progress::attention`]), and
/// its button's text.
const ATTENTION: [(&str, Key); 6] = [
    ("plan_missing", Key::OverviewAttentionPlanMissing),
    ("follow_up_overdue", Key::OverviewAttentionFollowUpOverdue),
    ("deterioration", Key::OverviewAttentionDeterioration),
    (
        "alert_at_last_meeting",
        Key::OverviewAttentionAlertAtLastMeeting,
    ),
    ("no_recent_meeting", Key::OverviewAttentionNoRecentMeeting),
    ("revision_overdue", Key::OverviewAttentionRevisionOverdue),
];

type Loaded = Option<Result<Overview, ()>>;

/// The order the caseworker reads the rows in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sort {
    /// The register's order (the worker sorts by label).
    Citizen,
    /// Lowest latest score first: who may need a changed approach.
    LatestScore,
    /// Deterioration first, then no change, too early, improvement.
    Change,
    /// The most recent session alert first.
    LatestAlert,
    /// The earliest follow-up due first (overdue ones at the top); no plan last.
    FollowUp,
}

/// Which rows to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Show {
    All,
    Change(Option<&'static str>),
    WithAlert,
    FollowUpOverdue,
    /// Below the expected course of those who started alike.
    BelowCourse,
}

impl Sort {
    const ALL: [Sort; 5] = [
        Sort::Citizen,
        Sort::LatestScore,
        Sort::Change,
        Sort::LatestAlert,
        Sort::FollowUp,
    ];

    fn label(self) -> Key {
        match self {
            Sort::Citizen => Key::OverviewSortCitizen,
            Sort::LatestScore => Key::OverviewSortScore,
            Sort::Change => Key::OverviewSortChange,
            Sort::LatestAlert => Key::OverviewSortAlert,
            Sort::FollowUp => Key::OverviewSortFollowUp,
        }
    }
}

impl Show {
    const ALL: [Show; 8] = [
        Show::All,
        Show::Change(Some("deterioration")),
        Show::Change(Some("none")),
        Show::Change(Some("improvement")),
        Show::Change(None),
        Show::WithAlert,
        Show::FollowUpOverdue,
        Show::BelowCourse,
    ];

    fn label(self) -> Key {
        match self {
            Show::All => Key::OverviewShowAll,
            Show::Change(Some("deterioration")) => Key::OverviewDeterioration,
            Show::Change(Some("improvement")) => Key::OverviewImprovement,
            Show::Change(Some(_)) => Key::OverviewNoChange,
            Show::Change(None) => Key::OverviewNotYet,
            Show::WithAlert => Key::OverviewShowAlert,
            Show::FollowUpOverdue => Key::OverviewShowOverdue,
            Show::BelowCourse => Key::OverviewShowBelowCourse,
        }
    }

    fn keeps(self, row: &OverviewRow) -> bool {
        match self {
            Show::All => true,
            Show::Change(code) => row.change.as_deref() == code,
            Show::WithAlert => row.last_alert.is_some(),
            Show::FollowUpOverdue => row.follow_up.as_ref().is_some_and(|(_, overdue)| *overdue),
            Show::BelowCourse => row
                .course
                .as_ref()
                .is_some_and(|(position, _)| position == "below"),
        }
    }
}

/// The rows `show` keeps that need `attention` (any row for `None`), in `sort`'s order; rows that tie keep the
/// register's order.
fn arranged<'r>(
    rows: &'r [OverviewRow],
    sort: Sort,
    show: Show,
    attention: Option<&str>,
) -> Vec<&'r OverviewRow> {
    let mut kept: Vec<&OverviewRow> = rows
        .iter()
        .filter(|row| show.keeps(row))
        .filter(|row| attention.is_none_or(|reason| row.attention.iter().any(|had| had == reason)))
        .collect();
    let change_rank = |row: &OverviewRow| match row.change.as_deref() {
        Some("deterioration") => 0,
        Some("none") => 1,
        None => 2,
        Some(_) => 3,
    };
    match sort {
        Sort::Citizen => {}
        Sort::LatestScore => sort::by_key(&mut kept, |row| {
            row.latest.as_ref().map_or(u16::MAX, |(_, _, total)| *total)
        }),
        Sort::Change => sort::by_key(&mut kept, |row| change_rank(row)),
        // ISO dates order as text; no alert goes last.
        Sort::LatestAlert => sort::by(&mut kept, |a, b| b.last_alert.cmp(&a.last_alert)),
        Sort::FollowUp => sort::by_key(&mut kept, |row| {
            row.follow_up
                .as_ref()
                .map_or((1, String::new()), |(due, _)| (0, due.clone()))
        }),
    }
    kept
}

#[component]
pub fn OverviewPage() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let limit = session
        .rules()
        .meetings_before_plan
        .map(|limit| limit.get());
    let loaded = use_state(|| None as Loaded);
    let sort = use_state(|| Sort::Citizen);
    let show = use_state(|| Show::All);
    let attention = use_state(|| None as Option<&'static str>);
    {
        let loaded = loaded.clone();
        use_effect_with(limit, move |limit| {
            let meetings_before_plan = *limit;
            spawn_local(async move {
                let today = browser::now().date_naive();
                let result = worker::ask(&ReadOverview {
                    today,
                    meetings_before_plan,
                })
                .await
                .map_err(|err| browser::log_error(&err.to_string()));
                loaded.set(Some(result));
            });
        });
    }
    let body = match &*loaded {
        None => html! { <p>{ i18n.t(Key::AppLoading) }</p> },
        Some(Err(())) => {
            html! { <p class="notice notice-error" role="alert">{ i18n.t(Key::OverviewFailed) }</p> }
        }
        Some(Ok(overview)) if overview.rows.is_empty() => html! {
            <>
                <p>{ i18n.t(Key::OverviewEmpty) }</p>
                <RouteLink to={Route::Import} class="button">{ i18n.t(Key::NavImport) }</RouteLink>
            </>
        },
        Some(Ok(overview)) => html! {
            <>
                <p class="lead">{ summary_text(i18n, &overview.summary) }</p>
                { attention_filters(i18n, overview, *attention, attention.setter()) }
                <div class="overview-controls">
                    { choice(i18n, "overview-sort", Key::OverviewSort, &Sort::ALL, *sort, Sort::label, sort.setter()) }
                    { choice(i18n, "overview-show", Key::OverviewShow, &Show::ALL, *show, Show::label, show.setter()) }
                </div>
                { table(i18n, &arranged(&overview.rows, *sort, *show, *attention)) }
                <CaseworkerFiles />
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
    // A no-break space keeps the number and its sign on one line.
    let percent = |value: Option<usize>| {
        value.map_or_else(|| "–".to_owned(), |value| format!("{value}\u{a0}%"))
    };
    let number = |n: usize| i18n.number(i64::try_from(n).unwrap_or(i64::MAX));
    i18n.f(
        Key::OverviewSummary,
        &[
            ("citizens", &number(summary.citizens)),
            ("improvement", &number(summary.improvement)),
            ("improved", &percent(summary.improved_percent)),
            ("none", &number(summary.no_change)),
            ("deterioration", &number(summary.deterioration)),
            ("not_yet", &number(summary.not_yet)),
            ("alerts", &percent(summary.alert_percent)),
        ],
    )
}

/// A button per reason for attention with how many citizens it holds; pressing one shows only those citizens,
/// pressing it again shows all.
fn attention_filters(
    i18n: I18n,
    overview: &Overview,
    current: Option<&'static str>,
    set: UseStateSetter<Option<&'static str>>,
) -> Html {
    let count_of = |code: &str| {
        overview
            .attention
            .iter()
            .find(|(had, _)| had == code)
            .map_or(0, |(_, count)| *count)
    };
    let number = |n: usize| i18n.number(i64::try_from(n).unwrap_or(i64::MAX));
    html! {
        <div class="overview-attention" role="group" aria-label={i18n.t(Key::OverviewAttention)}>
            <span class="overview-attention-label">{ i18n.t(Key::OverviewAttention) }</span>
            // Without a limit of meetings before a plan, no citizen can be missing one.
            for (code, key) in ATTENTION.into_iter().filter(|(code, _)| {
                *code != "plan_missing" || overview.meetings_before_plan.is_some()
            }) {
                {{
                    let pressed = current == Some(code);
                    let set = set.clone();
                    let onclick = Callback::from(move |_| set.set((!pressed).then_some(code)));
                    let text = i18n.f(key, &[
                        ("count", &number(count_of(code))),
                        ("weeks", &number(overview.quiet_weeks as usize)),
                        ("max", &number(usize::from(overview.meetings_before_plan.unwrap_or(0)))),
                    ]);
                    html! {
                        <button type="button" data-attention={code}
                            aria-pressed={if pressed { "true" } else { "false" }} {onclick}>
                            { text }
                        </button>
                    }
                }}
            }
        </div>
    }
}

/// A labelled drop-down of `options`, reporting the chosen one to `set`.
fn choice<T: Copy + PartialEq + 'static>(
    i18n: I18n,
    id: &'static str,
    label: Key,
    options: &'static [T],
    current: T,
    text: fn(T) -> Key,
    set: UseStateSetter<T>,
) -> Html {
    let onchange = Callback::from(move |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        if let Some(option) = usize::try_from(select.selected_index())
            .ok()
            .and_then(|idx| options.get(idx))
        {
            set.set(*option);
        }
    });
    html! {
        <div class="field">
            <label for={id}>{ i18n.t(label) }</label>
            <select {id} {onchange}>
                for option in options {
                    <option selected={*option == current}>{ i18n.t(text(*option)) }</option>
                }
            </select>
        </div>
    }
}

/// The rows as a table; on a narrow screen each row stands as a card, each cell named by its
/// `data-label` (the column's heading), so no column is out of sight.
fn table(i18n: I18n, rows: &[&OverviewRow]) -> Html {
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
                    <th scope="col">{ i18n.t(Key::OverviewColCourse) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColAlert) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColMeetings) }</th>
                    <th scope="col">{ i18n.t(Key::OverviewColFollowUp) }</th>
                </tr>
            </thead>
            <tbody>
                for row in rows {
                    <tr>
                        <th scope="row">
                            <RouteLink to={Route::OverviewCitizen { id: row.id.clone() }}>
                                <bdi>{ row.label.clone() }</bdi>
                            </RouteLink>
                        </th>
                        <td data-label={i18n.t(Key::OverviewColUnit)}><bdi>{ row.unit.clone() }</bdi></td>
                        <td data-label={i18n.t(Key::OverviewColLatest)}>
                            if let Some((day, instrument, total)) = &row.latest {
                                { i18n.f(Key::OverviewLatestBy, &[
                                    ("total", &i18n.tenths((*total).into())),
                                    ("instrument", &instrument.to_ascii_uppercase()),
                                    ("date", &date(day)),
                                    ("rater", &i18n.rater_in_text(Rater::Oneself)),
                                ]) }
                            }
                        </td>
                        <td data-label={i18n.t(Key::OverviewColChange)}>{ change_text(i18n, row) }</td>
                        <td data-label={i18n.t(Key::OverviewColCourse)}>{ course_text(i18n, row) }</td>
                        <td data-label={i18n.t(Key::OverviewColAlert)}>{ alert_text(i18n, row, date) }</td>
                        <td data-label={i18n.t(Key::OverviewColMeetings)}>{ row.meetings }</td>
                        <td data-label={i18n.t(Key::OverviewColFollowUp)}>
                            if let Some((due, overdue)) = &row.follow_up {
                                { date(due) }
                                if *overdue {
                                    <span class="badge talking-point">{ i18n.t(Key::OverviewOverdue) }</span>
                                }
                            }
                        </td>
                    </tr>
                }
            </tbody>
        </table>
        </div>
    }
}

/// The latest alert's day and what it was: the instrument, who rated and which rule fired.
fn alert_text(i18n: I18n, row: &OverviewRow, date: impl Fn(&str) -> String) -> String {
    let (Some(day), Some(about)) = (row.last_alert.as_deref(), row.last_alert_about.as_ref())
    else {
        return String::new();
    };
    let why: Vec<&str> = [
        (about.below, Key::OverviewAlertBelow),
        (about.dropped, Key::OverviewAlertDropped),
    ]
    .into_iter()
    .filter(|(fired, _)| *fired)
    .map(|(_, key)| i18n.t(key))
    .collect();
    i18n.f(
        Key::OverviewAlertWhat,
        &[
            ("date", &date(day)),
            ("instrument", &about.instrument.to_ascii_uppercase()),
            ("rater", &i18n.rater_in_text(about.rater)),
            ("why", &why.join(i18n.t(Key::OverviewAlertAnd))),
        ],
    )
}

/// Above, on or below the expected course, with the number of people it rests on; a row with a latest
/// score but no course point to compare with says so.
fn course_text(i18n: I18n, row: &OverviewRow) -> String {
    match &row.course {
        Some((position, people)) => {
            let key = match position.as_str() {
                "above" => Key::OverviewCourseAbove,
                "below" => Key::OverviewCourseBelow,
                _ => Key::OverviewCourseOn,
            };
            i18n.f(key, &[("people", people)])
        }
        None if row.latest.is_some() => i18n.t(Key::OverviewCourseNone).to_owned(),
        None => String::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        label: &str,
        total: Option<u16>,
        change: Option<&str>,
        alert: Option<&str>,
        follow_up: Option<(&str, bool)>,
    ) -> OverviewRow {
        OverviewRow {
            id: format!("id-{label}"),
            label: label.to_owned(),
            unit: "Hus 1".to_owned(),
            latest: total.map(|total| ("2026-11-01".to_owned(), "ors".to_owned(), total)),
            change: change.map(str::to_owned),
            clinically_significant: false,
            last_alert: alert.map(str::to_owned),
            last_alert_about: None,
            meetings: 3,
            follow_up: follow_up.map(|(due, overdue)| (due.to_owned(), overdue)),
            course: change.map(|change| {
                let position = if change == "deterioration" {
                    "below"
                } else {
                    "on"
                };
                (position.to_owned(), 12)
            }),
            attention: follow_up
                .filter(|(_, overdue)| *overdue)
                .map(|_| "follow_up_overdue".to_owned())
                .into_iter()
                .collect(),
        }
    }

    fn labels(rows: Vec<&OverviewRow>) -> Vec<&str> {
        rows.into_iter().map(|row| row.label.as_str()).collect()
    }

    #[test]
    fn rows_sort_and_filter_as_the_caseworker_chooses() {
        let rows = [
            row(
                "AB",
                Some(300),
                Some("improvement"),
                None,
                Some(("2027-02-01", false)),
            ),
            row("CD", None, None, Some("2026-10-01"), None),
            row(
                "EF",
                Some(120),
                Some("deterioration"),
                Some("2026-11-02"),
                Some(("2026-11-01", true)),
            ),
            row("GH", Some(250), Some("none"), None, None),
        ];
        assert_eq!(
            labels(arranged(&rows, Sort::Citizen, Show::All, None)),
            ["AB", "CD", "EF", "GH"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::LatestScore, Show::All, None)),
            ["EF", "GH", "AB", "CD"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::Change, Show::All, None)),
            ["EF", "GH", "CD", "AB"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::LatestAlert, Show::All, None)),
            ["EF", "CD", "AB", "GH"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::Citizen, Show::WithAlert, None)),
            ["CD", "EF"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::Citizen, Show::Change(None), None)),
            ["CD"]
        );
        assert_eq!(
            labels(arranged(
                &rows,
                Sort::Citizen,
                Show::Change(Some("none")),
                None
            )),
            ["GH"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::FollowUp, Show::All, None)),
            ["EF", "AB", "CD", "GH"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::Citizen, Show::FollowUpOverdue, None)),
            ["EF"]
        );
        assert_eq!(
            labels(arranged(&rows, Sort::Citizen, Show::BelowCourse, None)),
            ["EF"]
        );
        assert_eq!(
            labels(arranged(
                &rows,
                Sort::Citizen,
                Show::All,
                Some("follow_up_overdue")
            )),
            ["EF"]
        );
        assert!(arranged(&rows, Sort::Citizen, Show::All, Some("plan_missing")).is_empty());
    }
}

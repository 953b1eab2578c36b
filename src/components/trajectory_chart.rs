//! The trajectory chart: hand-made SVG from `progress::trajectory`. plotters' SVG backend was measured at
//! 2.5 times the Wasm of the same small chart by hand, and can put no `<title>`, class or ARIA attribute
//! on what it draws (figures in ARCHITECTURE.md).
//!
//! Every point carries a `<title>` (a tooltip, read by screen readers); the chart as a whole has a
//! title and a description in words, and the page beside it lists the numbers as a table.

use chrono::{Datelike, NaiveDate};
use mestring_core::fit::{Rater, Tenths};
use mestring_core::progress::PathPoint;
use mestring_core::progress::course::{COURSE_MIN_PEOPLE, IntakeBand, Position};
use mestring_core::progress::trajectory::{CourseLine, Line, Trajectory};
use mestring_core::sort;
use yew::prelude::*;

use crate::i18n::{Counted, I18n, Key};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 390.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 16.0;
/// Room for three lines under the plot: the meeting's number, its day and month, and the year where it
/// changes.
const BOTTOM: f64 = 76.0;
/// At most this many meetings labelled under the plot, so their dates never run into each other.
const MAX_MEETING_LABELS: usize = 12;

/// Where values land in the drawing.
struct Scale {
    max_total: f64,
    last_meeting: u32,
}

impl Scale {
    fn y(&self, total: Tenths) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        TOP + plot * (1.0 - f64::from(total.get()) / self.max_total)
    }

    fn x(&self, meeting: u32) -> f64 {
        let plot = WIDTH - LEFT - RIGHT;
        if self.last_meeting <= 1 {
            return LEFT + plot / 2.0;
        }
        LEFT + plot * f64::from(meeting.saturating_sub(1)) / f64::from(self.last_meeting - 1)
    }
}

/// The class of a rater's line, in the chart and in its legend.
pub(crate) fn rater_class(rater: Rater) -> &'static str {
    match rater {
        Rater::Oneself => "series-self",
        Rater::Parent => "series-parent",
        Rater::Staff => "series-staff",
    }
}

/// The class of a rater's session line: thin like every session line, in the rater's colour and a dash
/// pattern of its own, so a parent's SRS is told from the citizen's on paper too.
pub(crate) fn session_class(rater: Rater) -> &'static str {
    match rater {
        Rater::Oneself => "session-self",
        Rater::Parent => "session-parent",
        Rater::Staff => "session-staff",
    }
}

/// The chart, or `None` when there is nothing to draw.
pub fn trajectory_chart(i18n: I18n, trajectory: &Trajectory) -> Option<Html> {
    if trajectory.outcome.is_empty() && trajectory.session.is_empty() {
        return None;
    }
    let scale = Scale {
        max_total: f64::from(trajectory.max_total.get().max(1)),
        last_meeting: trajectory.last_meeting,
    };
    let mut description: Vec<String> = trajectory
        .outcome
        .iter()
        .chain(&trajectory.session)
        .map(|line| describe(i18n, line))
        .collect();
    if let (Some(first), Some(last)) = (trajectory.typical.first(), trajectory.typical.last()) {
        description.push(i18n.f(
            Key::ProgressTypicalDescribe,
            &[("first", &first.meeting), ("last", &last.meeting)],
        ));
    }
    let course = trajectory
        .course
        .as_ref()
        .filter(|own| !own.points.is_empty());
    if let Some(own) = course {
        let points = &own.points;
        description.push(i18n.f(
            Key::ProgressCourseDescribe,
            &[
                ("first", &points[0].meeting),
                ("last", &points[points.len() - 1].meeting),
            ],
        ));
    }
    description.extend(course_status(i18n, trajectory));
    let (typical, middle_half) = path_shapes(&scale, &trajectory.typical);
    let grid = (0..=trajectory.max_total.get() / 100).map(|step| Tenths::new(step * 100));
    let labelled = axis_labels(i18n, trajectory);
    let plot_right = WIDTH - RIGHT;
    Some(html! {
        <svg
            class="trajectory"
            viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
            role="img"
            aria-labelledby="trajectory-title trajectory-desc"
        >
            <title id="trajectory-title">{ i18n.t(Key::ProgressChartTitle) }</title>
            <desc id="trajectory-desc">{ description.join(" ") }</desc>
            if let Some((low, high)) = trajectory.reliable_band {
                <rect
                    class="reliable-band"
                    x={LEFT.to_string()}
                    y={scale.y(high).to_string()}
                    width={(plot_right - LEFT).to_string()}
                    height={(scale.y(low) - scale.y(high)).to_string()}
                >
                    <title>{ i18n.f(Key::ProgressBand, &[("low", &i18n.tenths(low.get().into())), ("high", &i18n.tenths(high.get().into()))]) }</title>
                </rect>
            }
            for total in grid {
                <line class="grid" x1={LEFT.to_string()} x2={plot_right.to_string()} y1={scale.y(total).to_string()} y2={scale.y(total).to_string()} />
                <text class="axis" x={(LEFT - 8.0).to_string()} y={(scale.y(total) + 5.0).to_string()} text-anchor="end">{ total.get() / 10 }</text>
            }
            for label in labelled {
                <text class="axis" x={scale.x(label.meeting).to_string()} y={(HEIGHT - BOTTOM + 24.0).to_string()} text-anchor="middle">
                    { label.meeting }
                    <tspan class="axis-date" x={scale.x(label.meeting).to_string()} dy="18">{ label.day_month }</tspan>
                    if let Some(year) = label.year {
                        <tspan class="axis-date" x={scale.x(label.meeting).to_string()} dy="18">{ year }</tspan>
                    }
                </text>
            }
            if let Some(cutoff) = trajectory.cutoff {
                <line class="cutoff" x1={LEFT.to_string()} x2={plot_right.to_string()} y1={scale.y(cutoff).to_string()} y2={scale.y(cutoff).to_string()}>
                    <title>{ i18n.f(Key::ProgressCutoff, &[("value", &i18n.tenths(cutoff.get().into()))]) }</title>
                </line>
            }
            if !typical.is_empty() {
                <g class="typical">
                    <polygon class="typical-band" points={middle_half.join(" ")} />
                    <polyline points={typical.join(" ")} />
                    for point in &trajectory.typical {
                        <circle cx={format!("{:.1}", scale.x(point.meeting))} cy={format!("{:.1}", scale.y(point.median))} r="4">
                            <title>{ i18n.f(Key::ProgressTypicalPoint, &[
                                ("meeting", &point.meeting),
                                ("total", &i18n.tenths(point.median.get().into())),
                                ("lower", &i18n.tenths(point.lower.get().into())),
                                ("upper", &i18n.tenths(point.upper.get().into())),
                            ]) }</title>
                        </circle>
                    }
                </g>
            }
            if let Some(own) = course {
                { course_marks(i18n, &scale, own) }
            }
            for line in &trajectory.session {
                { series(i18n, &scale, line, classes!("series-session", session_class(line.rater))) }
            }
            for line in &trajectory.outcome {
                { series(i18n, &scale, line, classes!(rater_class(line.rater))) }
            }
        </svg>
    })
}

/// A meeting as the axis names it: its number, its day and month, and its year on the first label and
/// wherever the year changes.
struct AxisLabel {
    meeting: u32,
    day_month: String,
    year: Option<i32>,
}

/// The meetings named under the plot, each with the date of its first form. Two years of meetings are
/// too many for the axis: every n-th, from the first.
fn axis_labels(i18n: I18n, trajectory: &Trajectory) -> Vec<AxisLabel> {
    let mut meetings: Vec<(u32, NaiveDate)> = trajectory
        .outcome
        .iter()
        .chain(&trajectory.session)
        .flat_map(|line| line.points.iter().map(|point| (point.meeting, point.date)))
        .collect();
    sort::ascending(&mut meetings);
    meetings.dedup_by_key(|(meeting, _)| *meeting);
    let every = meetings.len().div_ceil(MAX_MEETING_LABELS).max(1);
    let mut last_year = None;
    meetings
        .into_iter()
        .step_by(every)
        .map(|(meeting, date)| {
            let year = (last_year != Some(date.year())).then_some(date.year());
            last_year = Some(date.year());
            AxisLabel {
                meeting,
                day_month: i18n.day_month(date),
                year,
            }
        })
        .collect()
}

/// A path's median as a line and its middle half as one shape: along the upper quartiles, back along the
/// lower ones.
fn path_shapes(scale: &Scale, points: &[PathPoint]) -> (Vec<String>, Vec<String>) {
    let at = |meeting: u32, total: Tenths| format!("{:.1},{:.1}", scale.x(meeting), scale.y(total));
    let line = points
        .iter()
        .map(|point| at(point.meeting, point.median))
        .collect();
    let band = points
        .iter()
        .map(|point| at(point.meeting, point.upper))
        .chain(
            points
                .iter()
                .rev()
                .map(|point| at(point.meeting, point.lower)),
        )
        .collect();
    (line, band)
}

/// The course of those who started like the citizen: its middle half as a dashed band, its medians as
/// squares on a line, each telling the number of people behind it.
fn course_marks(i18n: I18n, scale: &Scale, own: &CourseLine) -> Html {
    let (line, band) = path_shapes(scale, &own.points);
    html! {
        <g class="course">
            <polygon class="course-band" points={band.join(" ")} />
            <polyline points={line.join(" ")} />
            for point in &own.points {
                <rect
                    class="course-point"
                    x={format!("{:.1}", scale.x(point.meeting) - 5.0)}
                    y={format!("{:.1}", scale.y(point.median) - 5.0)}
                    width="10"
                    height="10"
                >
                    <title>{ i18n.f(Key::ProgressCoursePoint, &[
                        ("meeting", &point.meeting),
                        ("total", &i18n.tenths(point.median.get().into())),
                        ("lower", &i18n.tenths(point.lower.get().into())),
                        ("upper", &i18n.tenths(point.upper.get().into())),
                        ("people", &point.n),
                    ]) }</title>
                </rect>
            }
        </g>
    }
}

/// Where the citizen stands on the course of those who started like them, in a sentence naming their
/// intake band and form; `None` before a first own outcome total or without norms for the age.
pub(crate) fn course_status(i18n: I18n, trajectory: &Trajectory) -> Option<String> {
    let own = trajectory.course.as_ref()?;
    let band = band_name(i18n, own.band);
    let form = own.instrument.to_ascii_uppercase();
    Some(match own.position {
        Some(placed) => i18n.f(
            match placed.position {
                Position::Above => Key::ProgressCourseAbove,
                Position::On => Key::ProgressCourseOn,
                Position::Below => Key::ProgressCourseBelow,
            },
            &[
                ("meeting", &placed.meeting),
                ("people", &placed.n),
                ("band", &band),
                ("form", &form),
            ],
        ),
        None => {
            let latest = trajectory
                .outcome
                .iter()
                .find(|line| line.rater == Rater::Oneself && line.instrument == own.instrument)
                .and_then(|line| line.points.last())
                .map_or(trajectory.last_meeting, |point| point.meeting);
            i18n.f(
                Key::ProgressCourseTooFew,
                &[
                    ("meeting", &latest),
                    ("min", &COURSE_MIN_PEOPLE),
                    ("band", &band),
                    ("form", &form),
                ],
            )
        }
    })
}

/// Where a citizen started, in plain words.
pub(crate) fn band_name(i18n: I18n, band: IntakeBand) -> &'static str {
    i18n.t(match band {
        IntakeBand::FarBelow => Key::ProgressBandFarBelow,
        IntakeBand::JustBelow => Key::ProgressBandJustBelow,
        IntakeBand::AtOrAbove => Key::ProgressBandAtOrAbove,
    })
}

/// One line with its points; each point tells its meeting, date and total.
fn series(i18n: I18n, scale: &Scale, line: &Line, class: Classes) -> Html {
    let path: Vec<String> = line
        .points
        .iter()
        .map(|point| format!("{:.1},{:.1}", scale.x(point.meeting), scale.y(point.total)))
        .collect();
    html! {
        <g class={classes!("series", class)} data-instrument={line.instrument.clone()}>
            <polyline points={path.join(" ")} />
            for point in &line.points {
                <circle
                    class={classes!(
                        point.alert.then_some("alert"),
                        point.talking_point.then_some("talking-point"),
                    )}
                    cx={format!("{:.1}", scale.x(point.meeting))}
                    cy={format!("{:.1}", scale.y(point.total))}
                    r={if point.alert { "9" } else { "6" }}
                >
                    <title>
                        { i18n.f(Key::ProgressPoint, &[
                            ("rater", &i18n.rater(line.rater)),
                            ("meeting", &point.meeting),
                            ("date", &i18n.date(point.date)),
                            ("total", &i18n.tenths(point.total.get().into())),
                        ]) }
                        if point.alert {
                            { " " }{ i18n.t(Key::ProgressAlert) }
                        }
                        if point.talking_point {
                            { " " }{ i18n.t(Key::ProgressTalkingPoint) }
                        }
                    </title>
                </circle>
            }
        </g>
    }
}

fn describe(i18n: I18n, line: &Line) -> String {
    let total = |idx: usize| {
        line.points
            .get(idx)
            .map(|point| i18n.tenths(point.total.get().into()))
            .unwrap_or_default()
    };
    i18n.f(
        Key::ProgressDescribe,
        &[
            ("rater", &i18n.rater_in_text(line.rater)),
            ("form", &line.instrument.to_ascii_uppercase()),
            ("forms", &i18n.count(Counted::Forms, line.points.len())),
            ("first", &total(0)),
            ("latest", &total(line.points.len().saturating_sub(1))),
        ],
    )
}

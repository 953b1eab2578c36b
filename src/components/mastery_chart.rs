//! Mastery charts as hand-made SVG, like the trajectory chart: a star (radar) of the domains for one round,
//! with the citizen's ratings, their previous round's and staff's overlaid; and one small chart per domain
//! of the ratings round by round. Better is always outwards or upwards, whichever way the ladder runs.
//! The page beside them has the same numbers as a table.

use std::f64::consts::PI;

use mestring_core::fit::Rater;
use mestring_core::mastery::{Assessment, Direction, Round, Schema};
use yew::prelude::*;

use crate::components::legend_swatch::{Mark, swatch};
use crate::i18n::{Counted, I18n, Key};

const SIZE: f64 = 560.0;
const CENTRE: f64 = SIZE / 2.0;
const RADIUS: f64 = 170.0;
/// Room beside the star for the labels of the domains on its left and right, at most two lines each
/// ("Mit humør og" / "mine tanker").
const LABEL_ROOM: f64 = 150.0;

/// One rater's ratings drawn as one shape.
pub struct Series<'a> {
    pub assessment: &'a Assessment,
    /// "previous", "self", "staff", "parent": the CSS class, and which legend text.
    pub class: &'static str,
}

/// How far out (0.0 centre, 1.0 rim) a rating lies: the better end of the ladder is the rim.
fn reach(schema: &Schema, value: u8) -> f64 {
    let ladder = schema.ladder();
    let span = f64::from(ladder.max().saturating_sub(ladder.min()).max(1));
    let up = f64::from(value.saturating_sub(ladder.min())) / span;
    match ladder.higher_is() {
        Direction::Better => up,
        Direction::Worse => 1.0 - up,
    }
}

fn rating(assessment: &Assessment, domain: &str) -> Option<u8> {
    assessment
        .entries
        .iter()
        .find(|entry| entry.domain.as_str() == domain)
        .and_then(|entry| entry.rating)
        .map(|rating| rating.get())
}

/// The star of one round: an axis per domain, a shape per series over the domains it rated.
pub fn star(i18n: I18n, schema: &Schema, series: &[Series<'_>]) -> Html {
    let n = schema.domains().len().max(1);
    let angle = |idx: usize| -PI / 2.0 + 2.0 * PI * idx as f64 / n as f64;
    let at = |idx: usize, reach: f64| {
        (
            CENTRE + RADIUS * reach * angle(idx).cos(),
            CENTRE + RADIUS * reach * angle(idx).sin(),
        )
    };
    let rings = [0.25, 0.5, 0.75, 1.0];
    let shapes = series.iter().map(|one| {
        let points: Vec<(usize, u8)> = schema
            .domains()
            .iter()
            .enumerate()
            .filter_map(|(idx, domain)| Some((idx, rating(one.assessment, domain.id().as_str())?)))
            .collect();
        let outline: Vec<String> = points
            .iter()
            .map(|(idx, value)| {
                let (x, y) = at(*idx, reach(schema, *value));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        html! {
            <g class={classes!("star-series", one.class)}>
                <polygon points={outline.join(" ")} />
                for (idx, value) in points {
                    <circle cx={format!("{:.1}", at(idx, reach(schema, value)).0)} cy={format!("{:.1}", at(idx, reach(schema, value)).1)} r="5">
                        <title>{ format!("{}, {}: {value}", series_name(i18n, one), schema.domains()[idx].title().get(i18n.lang)) }</title>
                    </circle>
                }
            </g>
        }
    });
    let description: Vec<String> = series
        .iter()
        .map(|one| {
            let rated = schema
                .domains()
                .iter()
                .filter(|domain| rating(one.assessment, domain.id().as_str()).is_some())
                .count();
            i18n.f(
                Key::MasteryStarDescribe,
                &[
                    ("who", &series_name(i18n, one)),
                    ("date", &i18n.date(one.assessment.date)),
                    ("areas", &i18n.count(Counted::Areas, rated)),
                ],
            )
        })
        .collect();
    // One star per schema may share a page: the ids name the schema.
    let (title_id, desc_id) = (
        format!("star-title-{}", schema.id()),
        format!("star-desc-{}", schema.id()),
    );
    html! {
        <svg class="mastery-star" viewBox={format!("{} 0 {} {SIZE}", -LABEL_ROOM, SIZE + 2.0 * LABEL_ROOM)} role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
            <title id={title_id}>{ i18n.t(Key::MasteryStarTitle) }</title>
            <desc id={desc_id}>{ description.join(" ") }</desc>
            for ring in rings {
                <polygon class="star-ring" points={(0..n).map(|idx| { let (x, y) = at(idx, ring); format!("{x:.1},{y:.1}") }).collect::<Vec<_>>().join(" ")} />
            }
            for (idx, domain) in schema.domains().iter().enumerate() {
                <line class="star-axis" x1={CENTRE.to_string()} y1={CENTRE.to_string()} x2={format!("{:.1}", at(idx, 1.0).0)} y2={format!("{:.1}", at(idx, 1.0).1)} />
                {{
                    let (x, y) = at(idx, 1.12);
                    let lines = label_lines(domain.title().get(i18n.lang));
                    // Two lines grow away from the star: upwards above it, downwards below it.
                    let first = match (lines.len(), angle(idx).sin()) {
                        (1, _) => "0.35em",
                        (_, up) if up < -0.5 => "-0.75em",
                        (_, down) if down > 0.5 => "0.35em",
                        _ => "-0.2em",
                    };
                    html! {
                        <text class="star-label" y={format!("{y:.1}")} text-anchor={anchor(angle(idx))}>
                            for (line_idx, line) in lines.into_iter().enumerate() {
                                <tspan x={format!("{x:.1}")} dy={if line_idx == 0 { first } else { "1.1em" }}>{ line }</tspan>
                            }
                        </text>
                    }
                }}
            }
            { for shapes }
        </svg>
    }
}

/// A domain's name on one line, or on two when it is long, split at the space nearest its middle, so the
/// labels take less room beside the star and the star itself can be larger on a small screen.
fn label_lines(name: &str) -> Vec<&str> {
    const ONE_LINE: usize = 14;
    if name.chars().count() <= ONE_LINE {
        return vec![name];
    }
    let middle = name.len() / 2;
    let split = name
        .match_indices(' ')
        .map(|(at, _)| at)
        .min_by_key(|at| at.abs_diff(middle));
    match split {
        Some(at) => vec![&name[..at], &name[at + 1..]],
        None => vec![name],
    }
}

/// Labels on the left end at the axis, on the right start there, at top and bottom centre on it.
fn anchor(angle: f64) -> &'static str {
    let x = angle.cos();
    if x > 0.2 {
        "start"
    } else if x < -0.2 {
        "end"
    } else {
        "middle"
    }
}

fn series_name(i18n: I18n, series: &Series<'_>) -> String {
    match series.class {
        "previous" => i18n.f(
            Key::MasteryPrevious,
            &[("rater", &i18n.rater(series.assessment.rater))],
        ),
        _ => i18n.rater(series.assessment.rater).to_owned(),
    }
}

/// What each shape of the star means.
pub fn star_legend(i18n: I18n, series: &[Series<'_>]) -> Html {
    html! {
        <ul class="legend">
            for one in series {
                <li>
                    { swatch(classes!("star-series", one.class), Mark::LineWithPoint) }
                    { format!("{} ({})", series_name(i18n, one), i18n.date(one.assessment.date)) }
                </li>
            }
        </ul>
    }
}

const SMALL_WIDTH: f64 = 220.0;
const SMALL_HEIGHT: f64 = 110.0;
const SMALL_PAD: f64 = 14.0;

/// One small chart per domain: each rater's ratings round by round, the better end up.
pub fn small_multiples(i18n: I18n, schema: &Schema, rounds: &[Round<'_>]) -> Html {
    let revealed: Vec<&Round<'_>> = rounds.iter().filter(|round| round.revealed).collect();
    let (Some(first), Some(last)) = (revealed.first(), revealed.last()) else {
        return Html::default();
    };
    let span = f64::from((last.number - first.number).max(1));
    let x = |round: u32| {
        SMALL_PAD + (SMALL_WIDTH - 2.0 * SMALL_PAD) * f64::from(round - first.number) / span
    };
    let y = |value: u8| {
        SMALL_HEIGHT - SMALL_PAD - (SMALL_HEIGHT - 2.0 * SMALL_PAD) * reach(schema, value)
    };
    html! {
        <ul class="small-multiples">
            for domain in schema.domains() {
                <li key={domain.id().to_string()}>
                    <h4>{ domain.title().get(i18n.lang) }</h4>
                    <svg class="small-chart" viewBox={format!("0 0 {SMALL_WIDTH} {SMALL_HEIGHT}")} role="img" aria-label={i18n.f(Key::MasterySmallLabel, &[("domain", &domain.title().get(i18n.lang))])}>
                        <line class="star-axis" x1={SMALL_PAD.to_string()} x2={(SMALL_WIDTH - SMALL_PAD).to_string()} y1={(SMALL_HEIGHT - SMALL_PAD).to_string()} y2={(SMALL_HEIGHT - SMALL_PAD).to_string()} />
                        for (rater, class) in [(Rater::Oneself, "self"), (Rater::Staff, "staff"), (Rater::Parent, "parent")] {
                            {{
                                let points: Vec<(u32, u8)> = revealed
                                    .iter()
                                    .filter_map(|round| Some((round.number, rating(round.by(rater)?, domain.id().as_str())?)))
                                    .collect();
                                html! {
                                    <g class={classes!("star-series", class)}>
                                        <polyline points={points.iter().map(|(round, value)| format!("{:.1},{:.1}", x(*round), y(*value))).collect::<Vec<_>>().join(" ")} />
                                        for (round, value) in points {
                                            <circle cx={format!("{:.1}", x(round))} cy={format!("{:.1}", y(value))} r="4">
                                                <title>{ format!("{}, {}: {value}", i18n.rater(rater), i18n.f(Key::MasteryRound, &[("round", &round)])) }</title>
                                            </circle>
                                        }
                                    </g>
                                }
                            }}
                        }
                    </svg>
                </li>
            }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::label_lines;

    #[test]
    fn long_domain_names_take_two_lines_split_near_the_middle() {
        assert_eq!(label_lines("Mine relationer"), ["Mine", "relationer"]);
        assert_eq!(
            label_lines("Mit humør og mine tanker"),
            ["Mit humør og", "mine tanker"]
        );
        assert_eq!(
            label_lines("Arbejde, skole og fællesskaber"),
            ["Arbejde, skole", "og fællesskaber"]
        );
        assert_eq!(label_lines("Selvpleje"), ["Selvpleje"]);
        assert_eq!(
            label_lines("Uopdeleligtordsomerlangt"),
            ["Uopdeleligtordsomerlangt"]
        );
    }
}

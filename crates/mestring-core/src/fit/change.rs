//! Change over a series of outcome totals: first against latest, judged by the reliable change index (RCI),
//! and a least-squares trend across every meeting.
//!
//! Reliable change is a change of at least the RCI, up or down.
//! Clinically significant improvement (Jacobson & Truax, 1991) is a reliable improvement
//! that starts under the cut-off and ends at or above it.
//! Each end is read against the cut-off for the person's age at that meeting, so a youth who turns 18 during the series
//! starts against the adolescent cut-off and ends against the adult one.
//! The RCI is the one for the age at the first meeting, the population the person started in.
//! Some systems (OpenFIT) classify change by effect size instead; Mestring uses the RCI.

use serde::{Deserialize, Serialize};

use crate::fit::definition::{AgeNorm, Definition, Kind};
use crate::fit::rated::Age;
use crate::fit::tenths::{Delta, Tenths};

/// One meeting's total, with the rated person's age that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTotal {
    pub total: Tenths,
    pub age: Age,
}

/// Whether the change from first to latest meeting is larger than measurement noise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliable {
    /// Up by at least the RCI.
    Improvement,
    /// Down by at least the RCI.
    Deterioration,
    /// Less than the RCI either way (code `none`).
    #[serde(rename = "none")]
    NoChange,
}

impl Reliable {
    pub fn code(self) -> &'static str {
        match self {
            Reliable::Improvement => "improvement",
            Reliable::Deterioration => "deterioration",
            Reliable::NoChange => "none",
        }
    }
}

/// Change statistics for one person on one outcome scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Change<'a> {
    pub n_sessions: usize,
    pub first: Tenths,
    pub latest: Tenths,
    /// Latest minus first.
    pub change: Delta,
    pub rci: &'a AgeNorm,
    pub first_cutoff: &'a AgeNorm,
    pub latest_cutoff: &'a AgeNorm,
    pub reliable: Reliable,
    pub clinically_significant: bool,
    /// The least-squares slope of the totals against the meeting number, in points per meeting;
    /// `None` with a single meeting.
    pub slope: Option<f64>,
}

/// Computes change over `sessions`, given in meeting order.
pub fn change<'a>(
    definition: &'a Definition,
    sessions: &[SessionTotal],
) -> Result<Change<'a>, ChangeError> {
    let fail = |kind, message: String| Err(ChangeError { kind, message });
    let id = definition.id();
    if definition.kind() != Kind::Outcome {
        return fail(
            ChangeErrorKind::WrongKind,
            format!("{id} is a session scale; change is computed for outcome scales"),
        );
    }
    let (Some(first), Some(latest)) = (sessions.first(), sessions.last()) else {
        return fail(ChangeErrorKind::NoSessions, "no totals given".to_owned());
    };
    let max_total = definition.max_total();
    if let Some((session_idx, session)) = sessions
        .iter()
        .enumerate()
        .find(|(_, session)| session.total > max_total)
    {
        return fail(
            ChangeErrorKind::TotalOutOfRange,
            format!(
                "total {} of meeting {} is above the maximum {max_total}",
                session.total,
                session_idx + 1
            ),
        );
    }
    let ages = definition.audience().ages();
    for age in [first.age, latest.age] {
        if !ages.contains(age) {
            return fail(
                ChangeErrorKind::AgeOutsideAudience,
                format!("{id} is for ages {ages}, not {age}"),
            );
        }
    }
    let norms = definition.norms();
    let (Some(first_cutoff), Some(latest_cutoff), Some(rci)) = (
        norms.cutoff_for(first.age),
        norms.cutoff_for(latest.age),
        norms.reliable_change_for(first.age),
    ) else {
        return fail(
            ChangeErrorKind::NoNorms,
            format!("{id} has no published cut-off and reliable change index"),
        );
    };

    let change = Delta::between(first.total, latest.total);
    let threshold = i32::from(rci.value().get());
    let reliable = if change.get() >= threshold {
        Reliable::Improvement
    } else if change.get() <= -threshold {
        Reliable::Deterioration
    } else {
        Reliable::NoChange
    };
    let clinically_significant = reliable == Reliable::Improvement
        && first.total < first_cutoff.value()
        && latest.total >= latest_cutoff.value();

    Ok(Change {
        n_sessions: sessions.len(),
        first: first.total,
        latest: latest.total,
        change,
        rci,
        first_cutoff,
        latest_cutoff,
        reliable,
        clinically_significant,
        slope: slope(sessions),
    })
}

/// The least-squares slope in points per meeting, from exact integer sums so the result does not depend on summation order.
fn slope(sessions: &[SessionTotal]) -> Option<f64> {
    if sessions.len() < 2 {
        return None;
    }
    let n = sessions.len() as i128;
    let (mut sum_x, mut sum_y, mut sum_xx, mut sum_xy) = (0i128, 0i128, 0i128, 0i128);
    for (x, session) in sessions.iter().enumerate() {
        let (x, y) = (x as i128, i128::from(session.total.get()));
        sum_x += x;
        sum_y += y;
        sum_xx += x * x;
        sum_xy += x * y;
    }
    let numerator = n * sum_xy - sum_x * sum_y;
    let denominator = n * sum_xx - sum_x * sum_x;
    // Tenths per meeting to points per meeting, in one division of exact integers:
    // the result is the nearest `f64` to the true slope, so 2.03 prints as 2.03.
    Some(numerator as f64 / (denominator * 10) as f64)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeErrorKind {
    NoSessions,
    /// Change was asked of a session scale.
    WrongKind,
    /// A total above the instrument's maximum.
    TotalOutOfRange,
    /// The first or latest age is outside the instrument's audience.
    AgeOutsideAudience,
    /// The instrument publishes no cut-off or RCI (the under-6 versions).
    NoNorms,
}

/// A series that change cannot be computed for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ChangeError {
    kind: ChangeErrorKind,
    message: String,
}

impl ChangeError {
    pub fn kind(&self) -> ChangeErrorKind {
        self.kind
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::fit::registry::Registry;

    /// Prints the change over `totals` (in tenths, with the age at each meeting).
    #[track_caller]
    fn check(id: &str, sessions: &[(u16, u8)], expect: Expect) {
        let registry = Registry::bundled().unwrap();
        let definition = registry.get(id, None).unwrap();
        let sessions: Vec<SessionTotal> = sessions
            .iter()
            .map(|(total, age)| SessionTotal {
                total: Tenths::new(*total),
                age: Age::years(*age),
            })
            .collect();
        let res = match change(definition, &sessions) {
            Ok(change) => format!(
                "{} -> {}: change {}, rci {}, {:?}, cut-offs {}/{}, clinically significant {}, slope {:?}",
                change.first,
                change.latest,
                change.change,
                change.rci.value(),
                change.reliable,
                change.first_cutoff.value(),
                change.latest_cutoff.value(),
                change.clinically_significant,
                change.slope,
            ),
            Err(err) => format!("{:?}: {err}", err.kind()),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn rci_boundary() {
        check(
            "ors",
            &[(150, 30), (199, 30)],
            expect![
                "15.0 -> 19.9: change 4.9, rci 5.0, NoChange, cut-offs 25.0/25.0, clinically significant false, slope Some(4.9)"
            ],
        );
        check(
            "ors",
            &[(150, 30), (200, 30)],
            expect![
                "15.0 -> 20.0: change 5.0, rci 5.0, Improvement, cut-offs 25.0/25.0, clinically significant false, slope Some(5.0)"
            ],
        );
        check(
            "ors",
            &[(300, 30), (250, 30)],
            expect![
                "30.0 -> 25.0: change -5.0, rci 5.0, Deterioration, cut-offs 25.0/25.0, clinically significant false, slope Some(-5.0)"
            ],
        );
        check(
            "ors",
            &[(300, 30), (251, 30)],
            expect![
                "30.0 -> 25.1: change -4.9, rci 5.0, NoChange, cut-offs 25.0/25.0, clinically significant false, slope Some(-4.9)"
            ],
        );
    }

    #[test]
    fn clinically_significant_improvement_crosses_the_cutoff_reliably() {
        // Starts under 25, ends at 25 exactly, up by 5.
        check(
            "ors",
            &[(200, 40), (180, 40), (250, 40)],
            expect![
                "20.0 -> 25.0: change 5.0, rci 5.0, Improvement, cut-offs 25.0/25.0, clinically significant true, slope Some(2.5)"
            ],
        );
        // Crosses the cut-off, but by less than the RCI.
        check(
            "ors",
            &[(220, 40), (269, 40)],
            expect![
                "22.0 -> 26.9: change 4.9, rci 5.0, NoChange, cut-offs 25.0/25.0, clinically significant false, slope Some(4.9)"
            ],
        );
        // Reliable, but still under the cut-off.
        check(
            "ors",
            &[(180, 40), (249, 40)],
            expect![
                "18.0 -> 24.9: change 6.9, rci 5.0, Improvement, cut-offs 25.0/25.0, clinically significant false, slope Some(6.9)"
            ],
        );
    }

    #[test]
    fn each_end_uses_the_cutoff_for_the_age_on_that_day() {
        // 26.0 at 17 is under the adolescent 28; 31.0 at 18 is over the adult 25.
        check(
            "ors",
            &[(260, 17), (310, 18)],
            expect![
                "26.0 -> 31.0: change 5.0, rci 5.0, Improvement, cut-offs 28.0/25.0, clinically significant true, slope Some(5.0)"
            ],
        );
    }

    #[test]
    fn one_meeting_has_no_trend() {
        check(
            "cors",
            &[(200, 8)],
            expect![
                "20.0 -> 20.0: change 0.0, rci 5.0, NoChange, cut-offs 32.0/32.0, clinically significant false, slope None"
            ],
        );
    }

    #[test]
    fn series_change_cannot_be_computed_for() {
        check("ors", &[], expect!["NoSessions: no totals given"]);
        check(
            "srs",
            &[(300, 30)],
            expect!["WrongKind: srs is a session scale; change is computed for outcome scales"],
        );
        check(
            "ycors",
            &[(50, 4), (75, 4)],
            expect!["NoNorms: ycors has no published cut-off and reliable change index"],
        );
        check(
            "ors",
            &[(200, 12), (250, 13)],
            expect!["AgeOutsideAudience: ors is for ages 13+, not 12"],
        );
        check(
            "ors",
            &[(200, 30), (401, 30)],
            expect!["TotalOutOfRange: total 40.1 of meeting 2 is above the maximum 40.0"],
        );
    }

    #[test]
    fn the_slope_is_the_least_squares_fit() {
        let sessions = |totals: &[u16]| -> Vec<SessionTotal> {
            totals
                .iter()
                .map(|total| SessionTotal {
                    total: Tenths::new(*total),
                    age: Age::years(30),
                })
                .collect()
        };
        assert_eq!(slope(&sessions(&[100, 200, 300])), Some(10.0));
        assert_eq!(slope(&sessions(&[250, 250, 250, 250])), Some(0.0));
        // Totals of 1, 3, 2 and 4 points (10, 30, 20, 40 tenths): (n·Σxy − Σx·Σy) / (n·Σx² − (Σx)²)
        // = (4·190 − 6·100) / (4·14 − 6²) = 160 / 20 = 8 tenths, 0.8 points per meeting.
        assert_eq!(slope(&sessions(&[10, 30, 20, 40])), Some(0.8));
    }
}

//! Reading one total against the instrument's norms: clinical range for outcome scales, alerts and talking points
//! for session scales.
//!
//! The cut-off is chosen by the rated person's age on the day and by the definition's version, never by who rated:
//! a parent's ORS about a 14-year-old is read against the adolescent cut-off.
//! A total under the cut-off is in the clinical range; a total at or above it is not.

use crate::fit::definition::{AgeNorm, Definition, ItemId, Kind, Norm};
use crate::fit::rated::Age;
use crate::fit::score::Score;
use crate::fit::tenths::{Delta, Tenths};

/// What the norms need besides the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// The rated person's age on the day of the meeting.
    pub age: Age,
    /// The total of the same session scale at the previous meeting, for the drop alert; ignored by outcome scales.
    pub previous_total: Option<Tenths>,
}

/// A total read against the norms of its kind of scale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Interpretation<'a> {
    Outcome(OutcomeStatus<'a>),
    Session(SessionStatus<'a>),
}

/// Where an outcome total stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeStatus<'a> {
    /// The cut-off for the rated person's age; `None` when the instrument publishes none (the under-6 versions).
    pub cutoff: Option<&'a AgeNorm>,
    /// True under the cut-off; `None` without a cut-off or without a total.
    pub clinical: Option<bool>,
}

/// The alerts a session total raises, and the talking points its items give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionStatus<'a> {
    pub alerts: Vec<SessionAlert<'a>>,
    /// True when any alert rule fired; false when none did and every rule could be checked;
    /// `None` when none fired but an item is missing, so the total rules could not be checked.
    pub alert: Option<bool>,
    /// Items under the talking-point line: something to ask about, never an alert.
    pub talking_points: Vec<TalkingPoint<'a>>,
}

/// One alert rule that fired, with the rule and its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionAlert<'a> {
    TotalBelow {
        total: Tenths,
        rule: &'a Norm,
    },
    DropFromPrevious {
        previous: Tenths,
        total: Tenths,
        rule: &'a Norm,
    },
}

/// An item under the talking-point line ("Det, vi talte om" got 8.9: ask about it), with the rule and its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalkingPoint<'a> {
    pub item: ItemId,
    pub value: Tenths,
    pub rule: &'a Norm,
}

/// Reads `score` against the norms of its definition, whatever the kind of scale.
pub fn interpret<'a>(
    definition: &'a Definition,
    score: &Score,
    context: Context,
) -> Result<Interpretation<'a>, NormError> {
    match definition.kind() {
        Kind::Outcome => outcome_status(definition, score.total().value(), context.age)
            .map(Interpretation::Outcome),
        Kind::Session => session_status(definition, score, context).map(Interpretation::Session),
    }
}

/// Whether an outcome total (if there is one) is in the clinical range for the rated person's age.
pub fn outcome_status(
    definition: &Definition,
    total: Option<Tenths>,
    age: Age,
) -> Result<OutcomeStatus<'_>, NormError> {
    check_kind(definition, Kind::Outcome)?;
    check_age(definition, age)?;
    // Validation made the cut-offs cover the audience once, so `None` here means the instrument has none.
    let cutoff = definition.norms().cutoff_for(age);
    let clinical = match (cutoff, total) {
        (Some(cutoff), Some(total)) => Some(total < cutoff.value()),
        _ => None,
    };
    Ok(OutcomeStatus { cutoff, clinical })
}

/// The alerts a session scale raises (total under the limit, a drop since the previous meeting) and its
/// talking points (any item under its line). Item rules are checked even when another item is missing;
/// total rules need the total.
pub fn session_status<'a>(
    definition: &'a Definition,
    score: &Score,
    context: Context,
) -> Result<SessionStatus<'a>, NormError> {
    check_kind(definition, Kind::Session)?;
    check_age(definition, context.age)?;
    let rules = definition.norms().alerts();
    let total = score.total().value();
    let talking_points = match definition.norms().talking_points().item_below() {
        Some(rule) => definition
            .items()
            .iter()
            .zip(score.items())
            .filter_map(|(item, value)| {
                let value = (*value)?;
                (value < rule.value()).then(|| TalkingPoint {
                    item: item.id().clone(),
                    value,
                    rule,
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let mut alerts = Vec::new();
    if let (Some(rule), Some(total)) = (rules.total_below(), total)
        && total < rule.value()
    {
        alerts.push(SessionAlert::TotalBelow { total, rule });
    }
    if let (Some(rule), Some(total), Some(previous)) =
        (rules.drop_from_previous(), total, context.previous_total)
        && -Delta::between(previous, total).get() >= i32::from(rule.value().get())
    {
        alerts.push(SessionAlert::DropFromPrevious {
            previous,
            total,
            rule,
        });
    }
    let alert = if !alerts.is_empty() {
        Some(true)
    } else if total.is_some() {
        Some(false)
    } else {
        None
    };
    Ok(SessionStatus {
        alerts,
        alert,
        talking_points,
    })
}

fn check_kind(definition: &Definition, expected: Kind) -> Result<(), NormError> {
    if definition.kind() != expected {
        return Err(NormError {
            kind: NormErrorKind::WrongKind,
            message: match expected {
                Kind::Outcome => format!("{} is not an outcome scale", definition.id()),
                Kind::Session => format!("{} is not a session scale", definition.id()),
            },
        });
    }
    Ok(())
}

fn check_age(definition: &Definition, age: Age) -> Result<(), NormError> {
    let ages = definition.audience().ages();
    if !ages.contains(age) {
        return Err(NormError {
            kind: NormErrorKind::AgeOutsideAudience,
            message: format!("{} is for ages {ages}, not {age}", definition.id()),
        });
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormErrorKind {
    /// An outcome question asked of a session scale, or the other way round.
    WrongKind,
    /// The rated person is younger or older than the instrument is made for, so no norm applies.
    AgeOutsideAudience,
}

/// A total that the norms cannot be applied to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct NormError {
    kind: NormErrorKind,
    message: String,
}

impl NormError {
    pub fn kind(&self) -> NormErrorKind {
        self.kind
    }
}

#[cfg(test)]
mod band_edges;
#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::fit::registry::Registry;
    use crate::testing::scored;

    /// Scores `items` (in tenths, `None` for blank) and prints how they read for a person of `age`.
    #[track_caller]
    fn check(id: &str, age: u8, previous: Option<u16>, items: &[Option<u16>], expect: Expect) {
        let (definition, score, context) = scored(id, items, age, previous);
        let definition = &definition;
        let total = score
            .total()
            .value()
            .map_or("none".to_owned(), |t| t.to_string());
        let res = match interpret(definition, &score, context) {
            Ok(Interpretation::Outcome(status)) => format!(
                "total {total}, cut-off {}, clinical {:?}",
                status.cutoff.map_or("none".to_owned(), |c| format!(
                    "{} ({:?}, ages {})",
                    c.value(),
                    c.group(),
                    c.ages()
                )),
                status.clinical,
            ),
            Ok(Interpretation::Session(status)) => {
                let alerts: Vec<String> = status
                    .alerts
                    .iter()
                    .map(|alert| match alert {
                        SessionAlert::TotalBelow { total, rule } => {
                            format!("total {total} < {}", rule.value())
                        }
                        SessionAlert::DropFromPrevious {
                            previous,
                            total,
                            rule,
                        } => format!("{previous} -> {total} falls by >= {}", rule.value()),
                    })
                    .collect();
                let talking_points: Vec<String> = status
                    .talking_points
                    .iter()
                    .map(|point| format!("{} {} < {}", point.item, point.value, point.rule.value()))
                    .collect();
                format!(
                    "total {total}, alert {:?}, {alerts:?}, talk about {talking_points:?}",
                    status.alert
                )
            }
            Err(err) => format!("{:?}: {err}", err.kind()),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn adult_cutoff_at_just_under_and_just_over() {
        let at = [Some(62), Some(63), Some(62), Some(63)];
        let under = [Some(62), Some(63), Some(62), Some(62)];
        let over = [Some(62), Some(63), Some(63), Some(63)];
        check(
            "ors",
            18,
            None,
            &at,
            expect!["total 25.0, cut-off 25.0 (Adult, ages 18+), clinical Some(false)"],
        );
        check(
            "ors",
            18,
            None,
            &under,
            expect!["total 24.9, cut-off 25.0 (Adult, ages 18+), clinical Some(true)"],
        );
        check(
            "ors",
            67,
            None,
            &over,
            expect!["total 25.1, cut-off 25.0 (Adult, ages 18+), clinical Some(false)"],
        );
    }

    #[test]
    fn adolescent_cutoff_at_just_under_and_just_over() {
        let at = [Some(70), Some(70), Some(70), Some(70)];
        let under = [Some(70), Some(70), Some(70), Some(69)];
        let over = [Some(70), Some(70), Some(70), Some(71)];
        check(
            "ors",
            13,
            None,
            &at,
            expect!["total 28.0, cut-off 28.0 (Adolescent, ages 13–17), clinical Some(false)"],
        );
        check(
            "ors",
            17,
            None,
            &under,
            expect!["total 27.9, cut-off 28.0 (Adolescent, ages 13–17), clinical Some(true)"],
        );
        check(
            "ors",
            15,
            None,
            &over,
            expect!["total 28.1, cut-off 28.0 (Adolescent, ages 13–17), clinical Some(false)"],
        );
        // The same 27.9 the day after the 18th birthday is above the adult cut-off.
        check(
            "ors",
            18,
            None,
            &under,
            expect!["total 27.9, cut-off 25.0 (Adult, ages 18+), clinical Some(false)"],
        );
    }

    #[test]
    fn child_cutoff_at_just_under_and_just_over() {
        let at = [Some(80), Some(80), Some(80), Some(80)];
        let under = [Some(80), Some(79), Some(80), Some(80)];
        let over = [Some(81), Some(80), Some(80), Some(80)];
        check(
            "cors",
            6,
            None,
            &at,
            expect!["total 32.0, cut-off 32.0 (Child, ages 6–12), clinical Some(false)"],
        );
        check(
            "cors",
            12,
            None,
            &under,
            expect!["total 31.9, cut-off 32.0 (Child, ages 6–12), clinical Some(true)"],
        );
        check(
            "cors",
            9,
            None,
            &over,
            expect!["total 32.1, cut-off 32.0 (Child, ages 6–12), clinical Some(false)"],
        );
    }

    #[test]
    fn without_a_total_or_a_published_cutoff_there_is_no_clinical_status() {
        check(
            "ors",
            30,
            None,
            &[Some(10), None, Some(10), Some(10)],
            expect!["total none, cut-off 25.0 (Adult, ages 18+), clinical None"],
        );
        check(
            "ycors",
            4,
            None,
            &[Some(25)],
            expect!["total 2.5, cut-off none, clinical None"],
        );
    }

    #[test]
    fn ages_outside_the_audience_have_no_norm() {
        check(
            "ors",
            12,
            None,
            &[Some(10); 4],
            expect!["AgeOutsideAudience: ors is for ages 13+, not 12"],
        );
        check(
            "cors",
            13,
            None,
            &[Some(10); 4],
            expect!["AgeOutsideAudience: cors is for ages 6–12, not 13"],
        );
    }

    #[test]
    fn srs_total_alert_at_just_under_and_just_over() {
        check(
            "srs",
            30,
            None,
            &[Some(90); 4],
            expect!["total 36.0, alert Some(false), [], talk about []"],
        );
        check(
            "srs",
            30,
            None,
            &[Some(90), Some(90), Some(90), Some(89)],
            expect![[
                r#"total 35.9, alert Some(true), ["total 35.9 < 36.0"], talk about ["overall 8.9 < 9.0"]"#
            ]],
        );
        check(
            "srs",
            30,
            None,
            &[Some(100), Some(100), Some(100), Some(90)],
            expect!["total 39.0, alert Some(false), [], talk about []"],
        );
    }

    #[test]
    fn an_item_under_the_line_is_a_talking_point_not_an_alert() {
        // The issue's example: a high total with one item at 8.9.
        check(
            "srs",
            20,
            None,
            &[Some(95), Some(95), Some(89), Some(98)],
            expect![[r#"total 37.7, alert Some(false), [], talk about ["approach 8.9 < 9.0"]"#]],
        );
        check(
            "srs",
            30,
            None,
            &[Some(100), Some(100), Some(100), Some(90)],
            expect!["total 39.0, alert Some(false), [], talk about []"],
        );
        // Item rules need only the item; the total rules need every item.
        check(
            "srs",
            30,
            None,
            &[Some(100), None, Some(100), Some(89)],
            expect![[r#"total none, alert None, [], talk about ["overall 8.9 < 9.0"]"#]],
        );
        check(
            "srs",
            30,
            None,
            &[Some(100), None, Some(100), Some(100)],
            expect!["total none, alert None, [], talk about []"],
        );
    }

    #[test]
    fn srs_drop_alert_at_one_point() {
        let items = [Some(100), Some(100), Some(95), Some(95)];
        check(
            "srs",
            30,
            Some(400),
            &items,
            expect![[
                r#"total 39.0, alert Some(true), ["40.0 -> 39.0 falls by >= 1.0"], talk about []"#
            ]],
        );
        check(
            "srs",
            30,
            Some(399),
            &items,
            expect!["total 39.0, alert Some(false), [], talk about []"],
        );
        check(
            "srs",
            30,
            Some(380),
            &items,
            expect!["total 39.0, alert Some(false), [], talk about []"],
        );
    }

    #[test]
    fn a_session_scale_has_no_cutoff_question() {
        let registry = Registry::bundled().unwrap();
        let srs = registry.get("srs", None).unwrap();
        let err = outcome_status(srs, Some(Tenths::new(300)), Age::years(30)).unwrap_err();
        assert_eq!(err.kind(), NormErrorKind::WrongKind);
        assert_eq!(err.to_string(), "srs is not an outcome scale");
    }
}

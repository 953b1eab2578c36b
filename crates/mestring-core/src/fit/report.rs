//! The JSON shapes of a scored form and of change over time: what the CLI prints and exports will carry.
//!
//! They are their own versioned types (`schema`), apart from the domain types, so the domain can change without breaking files.
//! Scores appear in points with at most one decimal (`24.6`, and `25` for a whole number) because people read them;
//! they stay exact because every value is a whole number of tenths.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::fit::change::{Change, Reliable};
use crate::fit::definition::{AgeGroup, Definition};
use crate::fit::norms::{Context, Interpretation, NormError, SessionAlert, interpret};
use crate::fit::rated::{Age, Rater};
use crate::fit::score::{Score, Total};
use crate::fit::tenths::{Delta, Tenths};

/// The version of these shapes; raised when a field changes meaning or goes away.
pub const SCHEMA: u16 = 1;

/// One scored form and how it reads against the norms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    pub schema: u16,
    pub instrument: String,
    pub version: u16,
    pub rater: Rater,
    /// The rated person's age on the day, which chose the norms.
    pub age: Age,
    pub items: Vec<ItemReport>,
    /// `null` when an item is missing; `missing` then names the items.
    pub total: Option<Points>,
    pub missing: Vec<String>,
    #[serde(flatten)]
    pub reading: Reading,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemReport {
    pub id: String,
    pub value: Option<Points>,
}

/// How the total reads, by kind of scale (`"kind": "outcome"` or `"session"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reading {
    Outcome {
        /// The clinical cut-off for the age; `null` where none is published.
        cutoff: Option<Points>,
        cutoff_group: Option<AgeGroup>,
        cutoff_verified: Option<bool>,
        /// True when the total is under the cut-off.
        clinical: Option<bool>,
    },
    Session {
        /// True when any rule fired; `null` when none fired but a missing item kept the total rules from being checked.
        alert: Option<bool>,
        alerts: Vec<AlertReport>,
    },
}

/// One alert rule that fired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertReport {
    pub rule: AlertRule,
    /// The item, for `item_below`.
    pub item: Option<String>,
    /// The total or item value; for `drop_from_previous`, the size of the fall.
    pub value: Points,
    pub threshold: Points,
    pub verified: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertRule {
    TotalBelow,
    ItemBelow,
    DropFromPrevious,
}

impl ScoreReport {
    /// Reads `score` against the norms for `context` and records who rated.
    pub fn new(
        definition: &Definition,
        score: &Score,
        rater: Rater,
        context: Context,
    ) -> Result<ScoreReport, NormError> {
        let reading = match interpret(definition, score, context)? {
            Interpretation::Outcome(status) => Reading::Outcome {
                cutoff: status.cutoff.map(|cutoff| Points(cutoff.value())),
                cutoff_group: status.cutoff.map(|cutoff| cutoff.group()),
                cutoff_verified: status.cutoff.map(|cutoff| cutoff.norm().verified()),
                clinical: status.clinical,
            },
            Interpretation::Session(status) => Reading::Session {
                alert: status.alert,
                alerts: status.alerts.iter().map(alert_report).collect(),
            },
        };
        let missing = match score.total() {
            Total::Complete(_) => Vec::new(),
            Total::Unavailable { missing } => missing.iter().map(ToString::to_string).collect(),
        };
        Ok(ScoreReport {
            schema: SCHEMA,
            instrument: definition.id().to_string(),
            version: definition.version().get(),
            rater,
            age: context.age,
            items: definition
                .items()
                .iter()
                .zip(score.items())
                .map(|(item, value)| ItemReport {
                    id: item.id().to_string(),
                    value: value.map(Points),
                })
                .collect(),
            total: score.total().value().map(Points),
            missing,
            reading,
        })
    }
}

fn alert_report(alert: &SessionAlert<'_>) -> AlertReport {
    match alert {
        SessionAlert::TotalBelow { total, rule } => AlertReport {
            rule: AlertRule::TotalBelow,
            item: None,
            value: Points(*total),
            threshold: Points(rule.value()),
            verified: rule.verified(),
        },
        SessionAlert::ItemBelow { item, value, rule } => AlertReport {
            rule: AlertRule::ItemBelow,
            item: Some(item.to_string()),
            value: Points(*value),
            threshold: Points(rule.value()),
            verified: rule.verified(),
        },
        SessionAlert::DropFromPrevious {
            previous,
            total,
            rule,
        } => AlertReport {
            rule: AlertRule::DropFromPrevious,
            item: None,
            value: Points(Tenths::new(previous.get().saturating_sub(total.get()))),
            threshold: Points(rule.value()),
            verified: rule.verified(),
        },
    }
}

/// Change over a series of outcome totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeReport {
    pub schema: u16,
    pub instrument: String,
    pub version: u16,
    pub sessions: usize,
    pub first: Points,
    pub latest: Points,
    /// Latest minus first, in points.
    pub change: SignedPoints,
    pub rci: Points,
    pub rci_verified: bool,
    pub reliable: Reliable,
    pub first_cutoff: Points,
    pub latest_cutoff: Points,
    pub cutoff_verified: bool,
    pub clinically_significant: bool,
    /// Points per meeting, from a least-squares fit; `null` for a single meeting.
    pub slope: Option<f64>,
}

impl ChangeReport {
    pub fn new(definition: &Definition, change: &Change<'_>) -> ChangeReport {
        ChangeReport {
            schema: SCHEMA,
            instrument: definition.id().to_string(),
            version: definition.version().get(),
            sessions: change.n_sessions,
            first: Points(change.first),
            latest: Points(change.latest),
            change: SignedPoints(change.change),
            rci: Points(change.rci.value()),
            rci_verified: change.rci.norm().verified(),
            reliable: change.reliable,
            first_cutoff: Points(change.first_cutoff.value()),
            latest_cutoff: Points(change.latest_cutoff.value()),
            cutoff_verified: change.first_cutoff.norm().verified()
                && change.latest_cutoff.norm().verified(),
            clinically_significant: change.clinically_significant,
            slope: change.slope,
        }
    }
}

/// A score written in points: `25` or `24.6`, read back to the exact tenth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Points(pub Tenths);

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tenths = self.0.get();
        if tenths.is_multiple_of(10) {
            serializer.serialize_u16(tenths / 10)
        } else {
            serializer.serialize_f64(self.0.as_points())
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Points, D::Error> {
        let points = f64::deserialize(deserializer)?;
        let tenths = whole_tenths(points, 0.0, f64::from(u16::MAX)).ok_or_else(|| {
            serde::de::Error::custom(format!("{points} is not a score in tenths"))
        })?;
        Ok(Points(Tenths::new(tenths as u16)))
    }
}

/// A signed difference in points: `5`, `-4.9`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedPoints(pub Delta);

impl Serialize for SignedPoints {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tenths = self.0.get();
        if tenths % 10 == 0 {
            serializer.serialize_i32(tenths / 10)
        } else {
            serializer.serialize_f64(self.0.as_points())
        }
    }
}

impl<'de> Deserialize<'de> for SignedPoints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SignedPoints, D::Error> {
        let points = f64::deserialize(deserializer)?;
        let limit = f64::from(i32::MAX);
        let tenths = whole_tenths(points, -limit, limit).ok_or_else(|| {
            serde::de::Error::custom(format!("{points} is not a change in tenths"))
        })?;
        Ok(SignedPoints(Delta::new(tenths as i32)))
    }
}

/// The number of tenths in `points`, if it is a whole number of them within `min..=max` tenths.
fn whole_tenths(points: f64, min: f64, max: f64) -> Option<f64> {
    let tenths = points * 10.0;
    let rounded = tenths.round();
    ((tenths - rounded).abs() < 1e-6 && (min..=max).contains(&rounded)).then_some(rounded)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;
    use crate::fit::change::{SessionTotal, change};
    use crate::fit::registry::Registry;
    use crate::fit::score::score;
    use crate::testing::scored;

    #[track_caller]
    fn check(
        id: &str,
        rater: Rater,
        age: u8,
        previous: Option<u16>,
        items: &[Option<u16>],
        expect: Expect,
    ) {
        let (definition, score, context) = scored(id, items, age, previous);
        let report = ScoreReport::new(&definition, &score, rater, context).unwrap();
        expect.assert_eq(&serde_json::to_string(&report).unwrap());
    }

    #[test]
    fn a_parent_rating_a_14_year_old_is_read_against_the_adolescent_cutoff() {
        check(
            "ors",
            Rater::Parent,
            14,
            None,
            &[Some(60), Some(75), Some(66), Some(70)],
            expect![[
                r#"{"schema":1,"instrument":"ors","version":1,"rater":"parent","age":14,"items":[{"id":"individually","value":6},{"id":"interpersonally","value":7.5},{"id":"socially","value":6.6},{"id":"overall","value":7}],"total":27.1,"missing":[],"kind":"outcome","cutoff":28,"cutoff_group":"adolescent","cutoff_verified":false,"clinical":true}"#
            ]],
        );
    }

    #[test]
    fn a_missing_item_leaves_total_and_status_empty() {
        check(
            "ors",
            Rater::Oneself,
            30,
            None,
            &[Some(60), None, Some(66), Some(70)],
            expect![[
                r#"{"schema":1,"instrument":"ors","version":1,"rater":"self","age":30,"items":[{"id":"individually","value":6},{"id":"interpersonally","value":null},{"id":"socially","value":6.6},{"id":"overall","value":7}],"total":null,"missing":["interpersonally"],"kind":"outcome","cutoff":25,"cutoff_group":"adult","cutoff_verified":true,"clinical":null}"#
            ]],
        );
    }

    #[test]
    fn session_alerts_say_which_rule_fired() {
        check(
            "srs",
            Rater::Oneself,
            16,
            Some(392),
            &[Some(95), Some(88), Some(95), Some(100)],
            expect![[
                r#"{"schema":1,"instrument":"srs","version":1,"rater":"self","age":16,"items":[{"id":"relationship","value":9.5},{"id":"goals","value":8.8},{"id":"approach","value":9.5},{"id":"overall","value":10}],"total":37.8,"missing":[],"kind":"session","alert":true,"alerts":[{"rule":"item_below","item":"goals","value":8.8,"threshold":9,"verified":false},{"rule":"drop_from_previous","item":null,"value":1.4,"threshold":1,"verified":true}]}"#
            ]],
        );
    }

    fn arb_score_report() -> impl Strategy<Value = ScoreReport> {
        let registry = Registry::bundled().unwrap();
        let definitions = registry.all().to_vec();
        (
            prop::sample::select(definitions),
            prop::collection::vec(prop::option::weighted(0.9, 0u16..=100), 4),
            any::<u8>(),
            prop::option::of(0u16..=400),
            prop::sample::select(Rater::ALL.to_vec()),
        )
            .prop_filter_map(
                "age outside the audience",
                |(definition, values, age, previous, rater)| {
                    let ages = definition.audience().ages();
                    let age = Age::years(ages.min().get().saturating_add(age % 20));
                    if !ages.contains(age) {
                        return None;
                    }
                    // Snap each value to the scale: a face for faces scales, any tenth for the line.
                    let answers: Vec<Option<Tenths>> = definition
                        .items()
                        .iter()
                        .zip(values)
                        .map(|(_, value)| {
                            value.map(|v| match definition.scale() {
                                crate::fit::definition::Scale::Line => Tenths::new(v),
                                crate::fit::definition::Scale::Faces(faces) => {
                                    faces[usize::from(v) % faces.len()].value()
                                }
                            })
                        })
                        .collect();
                    let score = score(&definition, &answers).ok()?;
                    let context = Context {
                        age,
                        previous_total: previous.map(Tenths::new),
                    };
                    ScoreReport::new(&definition, &score, rater, context).ok()
                },
            )
    }

    fn arb_change_report() -> impl Strategy<Value = ChangeReport> {
        let registry = Registry::bundled().unwrap();
        let outcome: Vec<_> = ["ors", "cors"]
            .iter()
            .map(|id| registry.get(id, None).unwrap().clone())
            .collect();
        (
            prop::sample::select(outcome),
            prop::collection::vec(0u16..=400, 1..12),
        )
            .prop_map(|(definition, totals)| {
                let age = definition.audience().ages().min();
                let sessions: Vec<SessionTotal> = totals
                    .iter()
                    .map(|total| SessionTotal {
                        total: Tenths::new(*total),
                        age,
                    })
                    .collect();
                let change = change(&definition, &sessions).unwrap();
                ChangeReport::new(&definition, &change)
            })
    }

    proptest! {
        #[test]
        fn score_reports_round_trip(report in arb_score_report()) {
            let json = serde_json::to_string(&report).unwrap();
            let back: ScoreReport = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, report);
        }

        #[test]
        fn change_reports_round_trip(report in arb_change_report()) {
            let json = serde_json::to_string(&report).unwrap();
            let back: ChangeReport = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, report);
        }

        #[test]
        fn points_round_trip_exactly(tenths in any::<u16>(), delta in -4000i32..=4000) {
            let json = serde_json::to_string(&(Points(Tenths::new(tenths)), SignedPoints(Delta::new(delta)))).unwrap();
            let back: (Points, SignedPoints) = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, (Points(Tenths::new(tenths)), SignedPoints(Delta::new(delta))));
        }
    }
}

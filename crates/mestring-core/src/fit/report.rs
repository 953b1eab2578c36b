//! The JSON shapes of a scored form and of change over time: what the CLI prints and exports will carry.
//!
//! They are their own versioned types (`schema`), apart from the domain types, so the domain can change without breaking files.
//! Scores appear in points with at most one decimal (`24.6`, and `25` for a whole number) because people read them;
//! they stay exact because every value is a whole number of tenths.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::fit::change::{Change, Reliable};
use crate::fit::definition::{AgeGroup, AgeNorm, Definition, Norm};
use crate::fit::norms::{
    Context, Interpretation, NormError, SessionAlert, TalkingPoint, interpret,
};
use crate::fit::rated::{Age, AgeBasis, Rater};
use crate::fit::score::{Score, Total};
use crate::fit::tenths::{Delta, Tenths};

/// The version of these shapes; raised when a field changes meaning or goes away.
/// Version 2: an item under its line is a talking point, no longer an alert; every threshold names its
/// source, and a cut-off or reliable change index its age band (`*_norm`), in place of `cutoff_group`,
/// `cutoff_verified` and `rci_verified`; `age_basis` says how the age was found.
pub const SCHEMA: u16 = 2;

/// One scored form and how it reads against the norms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    pub schema: u16,
    pub instrument: String,
    pub version: u16,
    pub rater: Rater,
    /// The rated person's age on the day, which chose the norms.
    pub age: Age,
    pub age_basis: AgeBasis,
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
        /// The age band the cut-off holds for and where it comes from.
        cutoff_norm: Option<NormUsed>,
        /// True when the total is under the cut-off.
        clinical: Option<bool>,
    },
    Session {
        /// True when any alert rule fired; `null` when none fired but a missing item kept the total rules
        /// from being checked.
        alert: Option<bool>,
        alerts: Vec<AlertReport>,
        /// Items under their line: something to ask about, never an alert.
        talking_points: Vec<TalkingPointReport>,
    },
}

/// Which published number was used: the age band it holds for and its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NormUsed {
    pub group: AgeGroup,
    /// `13–17`, or `18+` without an upper limit.
    pub ages: String,
    pub source: String,
    /// True where the source's figure was read first-hand.
    pub verified: bool,
}

impl NormUsed {
    fn of(norm: &AgeNorm) -> NormUsed {
        NormUsed {
            group: norm.group(),
            ages: norm.ages().to_string(),
            source: norm.norm().source().to_owned(),
            verified: norm.norm().verified(),
        }
    }
}

/// One alert rule that fired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertReport {
    pub rule: AlertRule,
    /// The total; for `drop_from_previous`, the size of the fall.
    pub value: Points,
    pub threshold: Points,
    pub source: String,
    pub verified: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertRule {
    TotalBelow,
    DropFromPrevious,
}

/// One item under its talking-point line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TalkingPointReport {
    pub item: String,
    pub value: Points,
    pub threshold: Points,
    pub source: String,
    pub verified: bool,
}

impl ScoreReport {
    /// Reads `score` against the norms for `context` and records who rated and how the age was found.
    pub fn new(
        definition: &Definition,
        score: &Score,
        rater: Rater,
        context: Context,
        age_basis: AgeBasis,
    ) -> Result<ScoreReport, NormError> {
        let reading = match interpret(definition, score, context)? {
            Interpretation::Outcome(status) => Reading::Outcome {
                cutoff: status.cutoff.map(|cutoff| Points(cutoff.value())),
                cutoff_norm: status.cutoff.map(NormUsed::of),
                clinical: status.clinical,
            },
            Interpretation::Session(status) => Reading::Session {
                alert: status.alert,
                alerts: status.alerts.iter().map(alert_report).collect(),
                talking_points: status
                    .talking_points
                    .iter()
                    .map(talking_point_report)
                    .collect(),
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
            age_basis,
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
    let (rule_kind, value, rule): (_, _, &Norm) = match alert {
        SessionAlert::TotalBelow { total, rule } => (AlertRule::TotalBelow, *total, rule),
        SessionAlert::DropFromPrevious {
            previous,
            total,
            rule,
        } => (
            AlertRule::DropFromPrevious,
            Tenths::new(previous.get().saturating_sub(total.get())),
            rule,
        ),
    };
    AlertReport {
        rule: rule_kind,
        value: Points(value),
        threshold: Points(rule.value()),
        source: rule.source().to_owned(),
        verified: rule.verified(),
    }
}

fn talking_point_report(point: &TalkingPoint<'_>) -> TalkingPointReport {
    TalkingPointReport {
        item: point.item.to_string(),
        value: Points(point.value),
        threshold: Points(point.rule.value()),
        source: point.rule.source().to_owned(),
        verified: point.rule.verified(),
    }
}

/// Change over a series of outcome totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeReport {
    pub schema: u16,
    pub instrument: String,
    pub version: u16,
    /// How the age at each meeting, which chose the bands, was found.
    pub age_basis: AgeBasis,
    pub sessions: usize,
    pub first: Points,
    pub latest: Points,
    /// Latest minus first, in points.
    pub change: SignedPoints,
    pub rci: Points,
    /// The age band of the reliable change index (the age at the first meeting) and its provenance.
    pub rci_norm: NormUsed,
    pub reliable: Reliable,
    pub first_cutoff: Points,
    /// The band of the cut-off at the first meeting (by the age that day) and its provenance.
    pub first_cutoff_norm: NormUsed,
    pub latest_cutoff: Points,
    pub latest_cutoff_norm: NormUsed,
    pub clinically_significant: bool,
    /// Points per meeting, from a least-squares fit; `null` for a single meeting.
    pub slope: Option<f64>,
}

impl ChangeReport {
    pub fn new(definition: &Definition, change: &Change<'_>, age_basis: AgeBasis) -> ChangeReport {
        ChangeReport {
            schema: SCHEMA,
            instrument: definition.id().to_string(),
            version: definition.version().get(),
            age_basis,
            sessions: change.n_sessions,
            first: Points(change.first),
            latest: Points(change.latest),
            change: SignedPoints(change.change),
            rci: Points(change.rci.value()),
            rci_norm: NormUsed::of(change.rci),
            reliable: change.reliable,
            first_cutoff: Points(change.first_cutoff.value()),
            first_cutoff_norm: NormUsed::of(change.first_cutoff),
            latest_cutoff: Points(change.latest_cutoff.value()),
            latest_cutoff_norm: NormUsed::of(change.latest_cutoff),
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
        let report =
            ScoreReport::new(&definition, &score, rater, context, AgeBasis::Given).unwrap();
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
                r#"{"schema":2,"instrument":"ors","version":1,"rater":"parent","age":14,"age_basis":"given","items":[{"id":"individually","value":6},{"id":"interpersonally","value":7.5},{"id":"socially","value":6.6},{"id":"overall","value":7}],"total":27.1,"missing":[],"kind":"outcome","cutoff":28,"cutoff_norm":{"group":"adolescent","ages":"13–17","source":"Not read. Cited default for 13-17-year-olds (DOMAIN.md); probable origin Duncan, Sparks, Miller, Bohanske & Claud (2006), 'Giving youth a voice: a preliminary study of the reliability and validity of a brief outcome measure for children, adolescents, and caretakers', Journal of Brief Therapy 5(2), 71-87.","verified":false},"clinical":true}"#
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
                r#"{"schema":2,"instrument":"ors","version":1,"rater":"self","age":30,"age_basis":"given","items":[{"id":"individually","value":6},{"id":"interpersonally","value":null},{"id":"socially","value":6.6},{"id":"overall","value":7}],"total":null,"missing":["interpersonally"],"kind":"outcome","cutoff":25,"cutoff_norm":{"group":"adult","ages":"18+","source":"OpenFIT knowledge base, article KA-01031 'Reliable change (ORS)' (openfitcustomersupport.powerappsportals.com/knowledgebase/article/KA-01031/en-us), read 2026-12: 'the ORS clinical cut-off for their age range (25 for adults, 32 for children)'; hiboop.com, 'ORS Scoring & Interpretation' (hiboop.com/assessments/ors/), a third-party scoring guide, read 2026-12: 'Clinical Cutoff: 25'.","verified":true},"clinical":null}"#
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
                r#"{"schema":2,"instrument":"srs","version":1,"rater":"self","age":16,"age_basis":"given","items":[{"id":"relationship","value":9.5},{"id":"goals","value":8.8},{"id":"approach","value":9.5},{"id":"overall","value":10}],"total":37.8,"missing":[],"kind":"session","alert":true,"alerts":[{"rule":"drop_from_previous","value":1.4,"threshold":1,"source":"OpenFIT support, 'Overview of the home page dashboard alerts' (support.openfit.care/support/solutions/articles/204000069702), read 2026-12: 'The latest SRS score is 1 or more points below the last session' (SRSChangeFromLast <= -1).","verified":true}],"talking_points":[{"item":"goals","value":8.8,"threshold":9,"source":"hiboop.com, 'SRS Scoring & Interpretation' (hiboop.com/fr/assessments/srs/, English text), a third-party scoring guide, read 2026-12: 'Any item score below 8–9/10 (even with an acceptable total) should prompt a brief check-in'.","verified":true}]}"#
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
                    ScoreReport::new(&definition, &score, rater, context, AgeBasis::BirthMonth).ok()
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
                ChangeReport::new(&definition, &change, AgeBasis::BirthYear)
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

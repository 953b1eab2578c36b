//! What a completed form tells, read against the person's earlier forms: the total, where it stands,
//! the change since the first meeting (outcome scales) and the alerts and talking points (session scales).

use chrono::NaiveDate;

use crate::fit::change::{Change, SessionTotal, change};
use crate::fit::definition::{AgeNorm, Definition, Item, Kind};
use crate::fit::norms::{
    Context, Interpretation, NormError, NormErrorKind, SessionAlert, TalkingPoint, interpret,
};
use crate::fit::rated::Age;
use crate::fit::response::Response;
use crate::fit::score::{ScoreError, score};
use crate::fit::tenths::Tenths;

/// Why a response could not be read: its answers do not fit the instrument, or the person's age is outside it.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error(transparent)]
    Norms(#[from] NormError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Feedback<'a> {
    pub total: Tenths,
    pub max_total: Tenths,
    pub reading: Reading<'a>,
    /// Each item's answer beside the same rater's previous one: staff see which line moved, not only
    /// the total.
    pub items: Vec<ItemAnswer<'a>>,
}

/// One item of the form: this answer and the one the rater gave on the previous form of the instrument.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemAnswer<'a> {
    pub item: &'a Item,
    pub value: Tenths,
    /// `None` on the rater's first form, or when the previous form does not fit the instrument.
    pub previous: Option<Tenths>,
}

impl ItemAnswer<'_> {
    /// This answer less the previous one, in tenths.
    pub fn change(&self) -> Option<i32> {
        self.previous
            .map(|previous| i32::from(self.value.get()) - i32::from(previous.get()))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Reading<'a> {
    Outcome {
        /// The cut-off for the person's age, with its band and source, where the instrument has one.
        cutoff: Option<&'a AgeNorm>,
        /// Under the cut-off.
        clinical: Option<bool>,
        /// From the first to this meeting, once there are two.
        change: Option<Change<'a>>,
    },
    Session {
        alerts: Vec<SessionAlert<'a>>,
        /// Items to ask about; shown apart from the alerts and never counted as one.
        talking_points: Vec<TalkingPoint<'a>>,
    },
    /// The form is made for another age (staff chose it for this person), so neither cut-off nor
    /// alert rules apply; the total stands on its own.
    NoNormsForAge,
}

/// Reads `response` (on `definition`) against `earlier`, the same person's responses before it.
/// Only earlier forms of the same instrument by the same rater count: a parent's line is its own.
/// `age_on` gives the rated person's age on a date.
pub fn feedback<'a>(
    definition: &'a Definition,
    response: &Response,
    earlier: &[Response],
    age_on: impl Fn(NaiveDate) -> Age,
) -> Result<Feedback<'a>, FeedbackError> {
    let series: Vec<&Response> = earlier
        .iter()
        .filter(|other| {
            other.id != response.id
                && other.rater == response.rater
                && other.instrument == response.instrument
        })
        .collect();
    let answers: Vec<Option<Tenths>> = response.answers.iter().copied().map(Some).collect();
    let this_score = score(definition, &answers)?;
    let total = this_score.total().value().unwrap_or_default();
    let previous = series.last().copied();
    let context = Context {
        age: age_on(response.date),
        previous_total: previous.and_then(|previous| previous.total(definition)),
    };
    let previous_answers = previous
        .map(|previous| previous.answers.as_slice())
        .filter(|answers| answers.len() == definition.items().len());
    let items = definition
        .items()
        .iter()
        .zip(&response.answers)
        .enumerate()
        .map(|(at, (item, value))| ItemAnswer {
            item,
            value: *value,
            previous: previous_answers.map(|answers| answers[at]),
        })
        .collect();
    let interpretation = match interpret(definition, &this_score, context) {
        Err(err) if err.kind() == NormErrorKind::AgeOutsideAudience => {
            return Ok(Feedback {
                total,
                max_total: definition.max_total(),
                reading: Reading::NoNormsForAge,
                items,
            });
        }
        other => other?,
    };
    let reading = match interpretation {
        Interpretation::Outcome(status) => {
            let sessions: Vec<SessionTotal> = series
                .iter()
                .filter(|other| other.kind == Kind::Outcome)
                .filter_map(|other| {
                    other.total(definition).map(|total| SessionTotal {
                        total,
                        age: age_on(other.date),
                    })
                })
                .chain([SessionTotal {
                    total,
                    age: context.age,
                }])
                .collect();
            Reading::Outcome {
                cutoff: status.cutoff,
                clinical: status.clinical,
                change: (sessions.len() >= 2)
                    .then(|| change(definition, &sessions).ok())
                    .flatten(),
            }
        }
        Interpretation::Session(status) => Reading::Session {
            alerts: status.alerts,
            talking_points: status.talking_points,
        },
    };
    Ok(Feedback {
        total,
        max_total: definition.max_total(),
        reading,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::Rater;
    use crate::fit::change::Reliable;
    use crate::fit::registry::Registry;
    use crate::testing::{citizen, response};

    fn ors_with(meeting: u32, tenths: [u16; 4], rater: Rater) -> Response {
        let mut response = response(&citizen(1, "AB", "U"), meeting, meeting as u8);
        response.answers = tenths.map(Tenths::new).to_vec();
        response.rater = rater;
        response
    }

    #[test]
    fn an_outcome_reads_against_the_cutoff_and_the_first_meeting() {
        let registry = Registry::bundled().unwrap();
        let ors = registry.get("ors", None).unwrap();
        let first = ors_with(1, [40, 50, 50, 60], Rater::Oneself); // 20.0
        let parent = ors_with(2, [100, 100, 100, 100], Rater::Parent); // another line
        let latest = ors_with(3, [70, 70, 60, 70], Rater::Oneself); // 27.0
        let feedback = feedback(ors, &latest, &[first, parent], |_| Age::years(30)).unwrap();
        assert_eq!(feedback.total, Tenths::new(270));
        assert_eq!(feedback.max_total, Tenths::new(400));
        let Reading::Outcome {
            cutoff,
            clinical,
            change,
        } = feedback.reading
        else {
            panic!("an outcome scale")
        };
        assert_eq!(
            (cutoff.map(AgeNorm::value), clinical),
            (Some(Tenths::new(250)), Some(false))
        );
        let change = change.unwrap();
        assert_eq!(
            (change.n_sessions, change.first, change.latest),
            (2, Tenths::new(200), Tenths::new(270))
        );
        assert_eq!(change.reliable, Reliable::Improvement);
        assert!(change.clinically_significant);
    }

    #[test]
    fn a_first_outcome_has_no_change_yet() {
        let registry = Registry::bundled().unwrap();
        let ors = registry.get("ors", None).unwrap();
        let only = ors_with(1, [40, 50, 50, 60], Rater::Oneself);
        let feedback =
            feedback(ors, &only, std::slice::from_ref(&only), |_| Age::years(15)).unwrap();
        assert!(matches!(
            feedback.reading,
            Reading::Outcome { cutoff: Some(cutoff), clinical: Some(true), change: None } if cutoff.value() == Tenths::new(280)
        ));
    }

    #[test]
    fn a_version_for_another_age_reads_without_norms() {
        let registry = Registry::bundled().unwrap();
        let cors = registry.get("cors", None).unwrap();
        // A child version for an adult: the total, but no cut-off, change or alerts.
        let answers = ors_with(1, [40, 50, 50, 60], Rater::Oneself);
        let feedback = feedback(cors, &answers, &[], |_| Age::years(36)).unwrap();
        assert_eq!(feedback.total, Tenths::new(200));
        assert_eq!(feedback.reading, Reading::NoNormsForAge);
    }

    #[test]
    fn each_item_stands_beside_the_same_raters_previous_answer() {
        let registry = Registry::bundled().unwrap();
        let ors = registry.get("ors", None).unwrap();
        let first = ors_with(1, [40, 50, 50, 60], Rater::Oneself);
        let parent = ors_with(2, [100, 100, 100, 100], Rater::Parent);
        let latest = ors_with(3, [70, 20, 60, 70], Rater::Oneself);
        let read = |earlier: &[Response]| {
            feedback(ors, &latest, earlier, |_| Age::years(30))
                .unwrap()
                .items
                .iter()
                .map(|answer| {
                    (
                        answer.item.id().as_str().to_owned(),
                        answer.value.get(),
                        answer.change(),
                    )
                })
                .collect::<Vec<_>>()
        };
        // The parent's form comes later but is another line: the citizen's own first form is compared.
        assert_eq!(
            read(&[first.clone(), parent.clone()]),
            [
                ("individually".to_owned(), 70, Some(30)),
                ("interpersonally".to_owned(), 20, Some(-30)),
                ("socially".to_owned(), 60, Some(10)),
                ("overall".to_owned(), 70, Some(10)),
            ]
        );
        // On the rater's first form, no line has a previous answer.
        assert!(
            read(&[parent])
                .iter()
                .all(|(_, _, change)| change.is_none())
        );
    }
}

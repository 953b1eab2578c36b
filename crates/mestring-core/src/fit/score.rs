//! Scoring one filled-in form: item values in, a total out, or the reason there is none.
//!
//! One scorer serves every instrument, because a definition is data.
//! A skipped item makes the total unavailable and names the item: a total is never computed from fewer items,
//! since a missing 0–10 item would look like a drop of up to 10 points.

use crate::fit::definition::{Definition, ItemId};
use crate::fit::tenths::Tenths;

/// A scored form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    items: Vec<Option<Tenths>>,
    total: Total,
}

impl Score {
    pub fn items(&self) -> &[Option<Tenths>] {
        &self.items
    }

    pub fn total(&self) -> &Total {
        &self.total
    }
}

/// The sum of the items, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Total {
    /// Every item answered: 0.0 up to 10.0 points per item.
    Complete(Tenths),
    /// At least one item was left blank; these are the blank ones, in item order.
    Unavailable { missing: Vec<ItemId> },
}

impl Total {
    pub fn value(&self) -> Option<Tenths> {
        match self {
            Total::Complete(total) => Some(*total),
            Total::Unavailable { .. } => None,
        }
    }
}

/// Scores `answers`, given in the definition's item order with `None` for an item left blank.
///
/// The answers must match the definition (one per item, each a value its scale can give); a mismatch is an error,
/// because it means the form and the definition disagree, not that the person skipped something.
pub fn score(definition: &Definition, answers: &[Option<Tenths>]) -> Result<Score, ScoreError> {
    let items = definition.items();
    if answers.len() != items.len() {
        return Err(ScoreError {
            kind: ScoreErrorKind::WrongItemCount,
            instrument: definition.id().to_string(),
            detail: Detail::Count {
                expected: items.len(),
                found: answers.len(),
            },
        });
    }
    let mut total = Tenths::ZERO;
    let mut missing = Vec::new();
    for (item, answer) in items.iter().zip(answers) {
        let Some(value) = *answer else {
            missing.push(item.id().clone());
            continue;
        };
        if !definition.scale().allows(value) {
            let kind = if value > Tenths::ITEM_MAX {
                ScoreErrorKind::OutOfRange
            } else {
                ScoreErrorKind::NotOnScale
            };
            return Err(ScoreError {
                kind,
                instrument: definition.id().to_string(),
                detail: Detail::Value {
                    item: item.id().clone(),
                    value,
                },
            });
        }
        total = total.saturating_add(value);
    }
    let total = if missing.is_empty() {
        Total::Complete(total)
    } else {
        Total::Unavailable { missing }
    };
    Ok(Score {
        items: answers.to_vec(),
        total,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreErrorKind {
    /// More or fewer answers than the instrument has items.
    WrongItemCount,
    /// A value above 10.0 points.
    OutOfRange,
    /// A value the scale cannot give, such as 3.0 on a faces scale whose faces stand for 0, 2.5, 5, 7.5 and 10.
    NotOnScale,
}

/// Answers that do not fit the definition.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct ScoreError {
    kind: ScoreErrorKind,
    instrument: String,
    detail: Detail,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Detail {
    Count { expected: usize, found: usize },
    Value { item: ItemId, value: Tenths },
}

impl ScoreError {
    pub fn kind(&self) -> ScoreErrorKind {
        self.kind
    }
}

fn describe(err: &ScoreError) -> String {
    let instrument = &err.instrument;
    match &err.detail {
        Detail::Count { expected, found } => {
            format!("{instrument} has {expected} items, got {found} answers")
        }
        Detail::Value { item, value } => match err.kind {
            ScoreErrorKind::NotOnScale => {
                format!("{instrument} item {item}: {value} is not one of the faces")
            }
            _ => format!("{instrument} item {item}: {value} is outside 0–10"),
        },
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;
    use crate::fit::registry::Registry;

    fn definition(id: &str) -> Definition {
        Registry::bundled().unwrap().get(id, None).unwrap().clone()
    }

    fn tenths(answers: &[Option<u16>]) -> Vec<Option<Tenths>> {
        answers.iter().map(|value| value.map(Tenths::new)).collect()
    }

    #[track_caller]
    fn check(id: &str, answers: &[Option<u16>], expect: Expect) {
        let res = score(&definition(id), &tenths(answers))
            .map(|score| score.total().clone())
            .map_err(|err| format!("{:?}: {err}", err.kind()));
        expect.assert_debug_eq(&res);
    }

    #[test]
    fn the_total_is_the_exact_sum_of_the_items() {
        check(
            "ors",
            &[Some(46), Some(1), Some(72), Some(99)],
            expect![[r#"
                Ok(
                    Complete(
                        Tenths(
                            218,
                        ),
                    ),
                )
            "#]],
        );
    }

    #[test]
    fn a_missing_item_makes_the_total_unavailable_and_names_it() {
        check(
            "ors",
            &[Some(50), None, Some(50), None],
            expect![[r#"
                Ok(
                    Unavailable {
                        missing: [
                            ItemId(
                                "interpersonally",
                            ),
                            ItemId(
                                "overall",
                            ),
                        ],
                    },
                )
            "#]],
        );
    }

    #[test]
    fn answers_that_do_not_fit_the_definition_are_errors() {
        check(
            "srs",
            &[Some(50), Some(50), Some(50)],
            expect![[r#"
                Err(
                    "WrongItemCount: srs has 4 items, got 3 answers",
                )
            "#]],
        );
        check(
            "ors",
            &[Some(50), Some(101), Some(50), Some(50)],
            expect![[r#"
                Err(
                    "OutOfRange: ors item interpersonally: 10.1 is outside 0–10",
                )
            "#]],
        );
    }

    #[test]
    fn a_faces_answer_must_be_a_face() {
        check(
            "ycors",
            &[Some(75)],
            expect![[r#"
                Ok(
                    Complete(
                        Tenths(
                            75,
                        ),
                    ),
                )
            "#]],
        );
        check(
            "ycors",
            &[Some(30)],
            expect![[r#"
                Err(
                    "NotOnScale: ycors item how_things_are: 3.0 is not one of the faces",
                )
            "#]],
        );
    }

    /// The properties every complete line-scale form must have.
    fn check_props(definition: &Definition, items: &[u16]) -> Result<(), TestCaseError> {
        let answers: Vec<Option<Tenths>> = items.iter().map(|t| Some(Tenths::new(*t))).collect();
        let total = score(definition, &answers)
            .unwrap()
            .total()
            .value()
            .unwrap();
        let sum: u16 = items.iter().sum();
        prop_assert_eq!(total.get(), sum, "total equals the sum of the items");
        prop_assert!(total <= definition.max_total(), "total stays in 0–40");
        for item_idx in 0..items.len() {
            if items[item_idx] < 100 {
                let mut higher = answers.clone();
                higher[item_idx] = Some(Tenths::new(items[item_idx] + 1));
                let raised = score(definition, &higher).unwrap().total().value().unwrap();
                prop_assert!(raised > total, "raising item {} raises the total", item_idx);
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn totals_are_sums_in_range_and_monotonic(
            id in prop::sample::select(vec!["ors", "srs", "cors", "csrs", "gsrs"]),
            items in prop::collection::vec(0u16..=100, 4),
        ) {
            check_props(&definition(id), &items)?;
        }
    }
}

//! Exact scores: every item, total and norm is a whole number of tenths of a point.
//!
//! A FIT item is a mark on a 10 cm line read to the nearest millimetre, that is 0.0–10.0 points in steps of 0.1.
//! Keeping tenths as integers makes totals exact (24.6, never 24.600000000000001), `==` meaningful and golden files stable.
//! `f64` appears only where a number comes in (a mark, a typed value) and in statistics such as the trend slope.

use std::fmt;

/// A non-negative score in tenths of a point: 246 is 24.6 points.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Tenths(u16);

impl Tenths {
    pub const ZERO: Tenths = Tenths(0);
    /// The right end of the line: 10.0 points.
    pub const ITEM_MAX: Tenths = Tenths(100);

    pub const fn new(tenths: u16) -> Tenths {
        Tenths(tenths)
    }

    pub const fn get(self) -> u16 {
        self.0
    }

    /// The item value of a mark, given as the fraction of the line's length from its left end (0.0 to 1.0).
    ///
    /// A fraction rather than millimetres because a screen seldom draws the line exactly 10 cm long:
    /// the app divides the pointer's offset by the drawn line's width, whatever the device.
    /// The value is rounded half up to a whole tenth (0.245 gives 2.5 points); a mark just past either end counts as the end.
    pub fn from_mark(fraction: f64) -> Result<Tenths, ValueError> {
        check_finite(fraction)?;
        let tenths = round_half_up(fraction * f64::from(Tenths::ITEM_MAX.0));
        Ok(Tenths(clamp_to_item(tenths)))
    }

    /// An item value typed or imported in points (0.0 to 10.0), rounded half up to a whole tenth.
    ///
    /// Unlike a mark, a typed value outside the line is a mistake, not a slip of the finger, so it is refused.
    pub fn from_points(points: f64) -> Result<Tenths, ValueError> {
        Tenths::from_points_up_to(points, Tenths::ITEM_MAX)
    }

    /// A value in points between 0 and `max` (a total, a norm), rounded half up to a whole tenth.
    pub fn from_points_up_to(points: f64, max: Tenths) -> Result<Tenths, ValueError> {
        check_finite(points)?;
        if !(0.0..=max.as_points()).contains(&points) {
            return Err(ValueError {
                kind: ValueErrorKind::OutOfRange,
                value: points,
                max,
            });
        }
        // In range, so the rounded value is at most `max` and fits.
        Ok(Tenths(
            round_half_up(points * 10.0).clamp(0.0, f64::from(max.0)) as u16,
        ))
    }

    /// The value in points, for display and statistics.
    pub fn as_points(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// Adds without overflow; sums of a definition's items stay far below the limit.
    pub fn saturating_add(self, other: Tenths) -> Tenths {
        Tenths(self.0.saturating_add(other.0))
    }
}

/// A number of tenths as points with one decimal and the given decimal mark: `24.6`, `-3,5`.
/// Integer arithmetic only, so every figure prints exactly (and a browser bundle needs no float printer).
pub fn points_text(tenths: i64, decimal_mark: char) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}{decimal_mark}{}", abs / 10, abs % 10)
}

/// Prints points with one decimal, as on a paper form: `24.6`, `25.0`.
impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&points_text(i64::from(self.0), '.'))
    }
}

/// A signed difference between two scores, in tenths: the change from one meeting to another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Delta(i32);

impl Delta {
    pub const fn new(tenths: i32) -> Delta {
        Delta(tenths)
    }

    /// `to − from`: positive when the score rose.
    pub fn between(from: Tenths, to: Tenths) -> Delta {
        Delta(i32::from(to.0) - i32::from(from.0))
    }

    pub const fn get(self) -> i32 {
        self.0
    }

    pub fn as_points(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Delta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&points_text(i64::from(self.0), '.'))
    }
}

/// Why a number could not become a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueErrorKind {
    /// NaN: typically a division by a zero line width upstream.
    NotANumber,
    Infinite,
    /// Below 0 or above the scale's maximum.
    OutOfRange,
}

/// A number that is not a score: NaN, infinite, or outside the scale.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct ValueError {
    kind: ValueErrorKind,
    value: f64,
    max: Tenths,
}

impl ValueError {
    pub fn kind(&self) -> ValueErrorKind {
        self.kind
    }
}

fn describe(err: &ValueError) -> String {
    match err.kind {
        ValueErrorKind::NotANumber => "not a number".to_owned(),
        ValueErrorKind::Infinite => "infinite".to_owned(),
        ValueErrorKind::OutOfRange => format!("{} is outside 0–{}", err.value, err.max.as_points()),
    }
}

fn check_finite(value: f64) -> Result<(), ValueError> {
    let kind = if value.is_nan() {
        ValueErrorKind::NotANumber
    } else if value.is_infinite() {
        ValueErrorKind::Infinite
    } else {
        return Ok(());
    };
    Err(ValueError {
        kind,
        value,
        max: Tenths::ITEM_MAX,
    })
}

/// Rounds half up, treating anything within a billionth of a half as the half.
/// Decimal input such as 0.285 is stored by `f64` a hair below the half (0.28499999…),
/// and should round the way it was written.
fn round_half_up(tenths: f64) -> f64 {
    (tenths + 0.5 + 1e-9).floor()
}

fn clamp_to_item(tenths: f64) -> u16 {
    // `as` saturates and the clamp keeps the result on the line.
    tenths.clamp(0.0, f64::from(Tenths::ITEM_MAX.0)) as u16
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;

    #[track_caller]
    fn check(input: &[f64], read: fn(f64) -> Result<Tenths, ValueError>, expect: Expect) {
        let res: Vec<String> = input
            .iter()
            .map(|value| match read(*value) {
                Ok(tenths) => format!("{value} -> {tenths} ({})", tenths.get()),
                Err(err) => format!("{value} -> {:?}: {err}", err.kind()),
            })
            .collect();
        expect.assert_eq(&res.join("\n"));
    }

    #[test]
    fn marks_round_half_up_and_clamp() {
        check(
            &[
                0.0, 0.004, 0.005, 0.245, 0.285, 0.3449, 0.5, 0.995, 1.0, 1.2, -0.01,
            ],
            Tenths::from_mark,
            expect![[r#"
                0 -> 0.0 (0)
                0.004 -> 0.0 (0)
                0.005 -> 0.1 (1)
                0.245 -> 2.5 (25)
                0.285 -> 2.9 (29)
                0.3449 -> 3.4 (34)
                0.5 -> 5.0 (50)
                0.995 -> 10.0 (100)
                1 -> 10.0 (100)
                1.2 -> 10.0 (100)
                -0.01 -> 0.0 (0)"#]],
        );
    }

    #[test]
    fn marks_that_are_not_numbers_are_refused() {
        check(
            &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
            Tenths::from_mark,
            expect![[r#"
                NaN -> NotANumber: not a number
                inf -> Infinite: infinite
                -inf -> Infinite: infinite"#]],
        );
    }

    #[test]
    fn typed_points_outside_the_line_are_refused() {
        check(
            &[0.0, 4.6, 2.45, 7.349, 10.0, 10.01, -0.1, f64::NAN],
            Tenths::from_points,
            expect![[r#"
                0 -> 0.0 (0)
                4.6 -> 4.6 (46)
                2.45 -> 2.5 (25)
                7.349 -> 7.3 (73)
                10 -> 10.0 (100)
                10.01 -> OutOfRange: 10.01 is outside 0–10
                -0.1 -> OutOfRange: -0.1 is outside 0–10
                NaN -> NotANumber: not a number"#]],
        );
    }

    #[test]
    fn deltas_print_with_a_sign() {
        let (low, high) = (Tenths::new(181), Tenths::new(246));
        assert_eq!(Delta::between(low, high).to_string(), "6.5");
        assert_eq!(Delta::between(high, low).to_string(), "-6.5");
        assert_eq!(
            Delta::between(Tenths::new(250), Tenths::new(245)).to_string(),
            "-0.5"
        );
    }

    proptest! {
        #[test]
        fn every_finite_mark_lands_on_the_line(fraction in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
            let tenths = Tenths::from_mark(fraction).unwrap();
            prop_assert!(tenths <= Tenths::ITEM_MAX);
        }

        #[test]
        fn marks_further_right_never_score_lower(a in -0.2f64..1.2, b in -0.2f64..1.2) {
            let (left, right) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(Tenths::from_mark(left).unwrap() <= Tenths::from_mark(right).unwrap());
        }

        #[test]
        fn printed_points_read_back_exactly(tenths in 0u16..=100) {
            let text = Tenths::new(tenths).to_string();
            let points: f64 = text.parse().unwrap();
            prop_assert_eq!(Tenths::from_points(points).unwrap(), Tenths::new(tenths));
        }
    }
}

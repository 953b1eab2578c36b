//! Goal Attainment Scaling: goals scored −2..+2 against the expected outcome, summed into a Kiresuk–Sherman T-score.
//!
//! T = 50 + 10·Σ(wᵢxᵢ) / √((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²) with the conventional inter-goal correlation ρ = 0.3.
//! With ρ = 3/10 the denominator's square is (7·Σwᵢ² + 3·(Σwᵢ)²) / 10, an exact integer fraction,
//! so `f64` enters only for the one square root and the result is kept as exact tenths.

use std::fmt;

/// One goal's attained level (−2 much less than expected, 0 as expected, +2 much more) and its weight (default 1;
/// 0 leaves the goal out, as Turner-Stokes' importance × difficulty can).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoalAttainment {
    pub level: i32,
    pub weight: i32,
}

impl GoalAttainment {
    /// A goal of the default weight 1.
    pub const fn new(level: i32) -> GoalAttainment {
        GoalAttainment { level, weight: 1 }
    }

    pub const fn weighted(level: i32, weight: i32) -> GoalAttainment {
        GoalAttainment { level, weight }
    }
}

/// The lowest and highest attainment levels.
pub const LEVELS: std::ops::RangeInclusive<i32> = -2..=2;

/// A T-score in tenths: 550 is 55.0. 50.0 means every goal met as expected on average.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TScore(i32);

impl TScore {
    pub const fn tenths(self) -> i32 {
        self.0
    }
}

/// `55.0`, `47.3`.
impl fmt::Display for TScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{}", abs / 10, abs % 10)
    }
}

/// The Kiresuk–Sherman T-score of `goals`, rounded half away from zero to one decimal.
pub fn t_score(goals: &[GoalAttainment]) -> Result<TScore, GasError> {
    if goals.is_empty() {
        return Err(GasError::NoGoals);
    }
    let mut weighted_sum: i128 = 0;
    let mut weight_sum: i128 = 0;
    let mut weight_squares: i128 = 0;
    for (goal_idx, goal) in goals.iter().enumerate() {
        if goal.weight < 0 {
            return Err(GasError::Weight {
                goal_idx,
                weight: goal.weight,
            });
        }
        if !LEVELS.contains(&goal.level) {
            return Err(GasError::Level {
                goal_idx,
                level: goal.level,
            });
        }
        let (level, weight) = (i128::from(goal.level), i128::from(goal.weight));
        weighted_sum += weight * level;
        weight_sum += weight;
        weight_squares += weight * weight;
    }
    if weight_sum == 0 {
        return Err(GasError::NoWeight);
    }
    // 10 · denominator² = 7·Σw² + 3·(Σw)², exact; at least 10 because some weight is at least 1.
    let ten_denominator_squared = 7 * weight_squares + 3 * weight_sum * weight_sum;
    // In tenths, T = 500 + 100·Σwx / denominator.
    let denominator = (ten_denominator_squared as f64 / 10.0).sqrt();
    let tenths = 500.0 + 100.0 * weighted_sum as f64 / denominator;
    // |100·Σwx / denominator| ≤ 200·Σw / √(0.3·(Σw)²) < 366, so the result fits easily.
    Ok(TScore(round_half_away(tenths) as i32))
}

/// Rounds to the nearest whole number, treating anything within a billionth of a half as the half,
/// so that 55.05 computed as 55.04999999 rounds the way it would on paper.
fn round_half_away(value: f64) -> f64 {
    if value >= 0.0 {
        (value + 0.5 + 1e-9).floor()
    } else {
        (value - 0.5 - 1e-9).ceil()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GasErrorKind {
    NoGoals,
    NoWeight,
    Weight,
    Level,
}

/// Why goals could not be scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GasError {
    #[error("no goals to score")]
    NoGoals,
    #[error("every goal has weight 0")]
    NoWeight,
    #[error("goal {goal_idx}: weight {weight} must be 0 or more")]
    Weight { goal_idx: usize, weight: i32 },
    #[error("goal {goal_idx}: level {level} is outside -2..+2")]
    Level { goal_idx: usize, level: i32 },
}

impl GasError {
    pub fn kind(&self) -> GasErrorKind {
        match self {
            GasError::NoGoals => GasErrorKind::NoGoals,
            GasError::NoWeight => GasErrorKind::NoWeight,
            GasError::Weight { .. } => GasErrorKind::Weight,
            GasError::Level { .. } => GasErrorKind::Level,
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;

    /// Scores `(level, weight)` pairs.
    #[track_caller]
    fn check(goals: &[(i32, i32)], expect: Expect) {
        let goals: Vec<GoalAttainment> = goals
            .iter()
            .map(|(level, weight)| GoalAttainment::weighted(*level, *weight))
            .collect();
        let res = match t_score(&goals) {
            Ok(t) => format!("T = {t}"),
            Err(err) => format!("{:?}: {err}", err.kind()),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn all_goals_as_expected_give_fifty() {
        check(&[(0, 1), (0, 3), (0, 2)], expect!["T = 50.0"]);
    }

    #[test]
    fn the_domain_worked_example_gives_55() {
        // Σwx = 7, Σw² = 91, (Σw)² = 441, denominator √(63.7 + 132.3) = 14, T = 50 + 70/14 = 55.0.
        check(
            &[(-2, 3), (0, 5), (-1, 1), (2, 4), (0, 2), (1, 6)],
            expect!["T = 55.0"],
        );
    }

    #[test]
    fn a_single_goal_at_plus_two() {
        // Σwx = 2, Σw² = 1, (Σw)² = 1, denominator √(0.7·1 + 0.3·1) = √1 = 1, T = 50 + 10·2/1 = 70.0.
        check(&[(2, 1)], expect!["T = 70.0"]);
        // Two goals of weight 1 at +2 and −1: Σwx = 1, denominator √(0.7·2 + 0.3·4) = √2.6 ≈ 1.6125, T = 50 + 6.2017 ≈ 56.2.
        check(&[(2, 1), (-1, 1)], expect!["T = 56.2"]);
    }

    #[test]
    fn a_goal_of_weight_0_counts_for_nothing() {
        // Turner-Stokes' weight is importance × difficulty, so a goal of no importance weighs 0.
        check(&[(2, 1), (-2, 0)], expect!["T = 70.0"]);
        check(&[(2, 1)], expect!["T = 70.0"]);
    }

    #[test]
    fn bad_goals_are_refused() {
        check(&[], expect!["NoGoals: no goals to score"]);
        check(
            &[(0, 0), (1, 0)],
            expect!["NoWeight: every goal has weight 0"],
        );
        check(
            &[(0, -2)],
            expect!["Weight: goal 0: weight -2 must be 0 or more"],
        );
        check(
            &[(0, 1), (3, 1)],
            expect!["Level: goal 1: level 3 is outside -2..+2"],
        );
        check(
            &[(-3, 1)],
            expect!["Level: goal 0: level -3 is outside -2..+2"],
        );
    }

    fn goals() -> impl Strategy<Value = Vec<GoalAttainment>> {
        proptest::collection::vec((-2i32..=2, 1i32..=20), 1..=8).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(level, weight)| GoalAttainment::weighted(level, weight))
                .collect()
        })
    }

    fn check_props(goals: &[GoalAttainment], goal_idx: usize) {
        let t = t_score(goals).unwrap();
        // Raising one goal's level never lowers T.
        let goal_idx = goal_idx % goals.len();
        if goals[goal_idx].level < 2 {
            let mut raised = goals.to_vec();
            raised[goal_idx].level += 1;
            assert!(
                t_score(&raised).unwrap() >= t,
                "{goals:?} raised at {goal_idx}"
            );
        }
        // T is 50 exactly when the weighted levels cancel out.
        let weighted_sum: i32 = goals.iter().map(|goal| goal.weight * goal.level).sum();
        if weighted_sum == 0 {
            assert_eq!(t, TScore(500));
        }
        // Each goal mirrored by its opposite cancels out.
        let mirrored: Vec<GoalAttainment> = goals
            .iter()
            .flat_map(|goal| [*goal, GoalAttainment::weighted(-goal.level, goal.weight)])
            .collect();
        assert_eq!(t_score(&mirrored).unwrap(), TScore(500));
    }

    proptest! {
        #[test]
        fn t_keeps_its_invariants(goals in goals(), goal_idx in 0usize..8) {
            check_props(&goals, goal_idx);
        }
    }
}

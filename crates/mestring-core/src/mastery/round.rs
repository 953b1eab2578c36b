//! Rounds of a schema: the citizen and staff rate the same domains separately, and neither sees the other's
//! ratings until both have rated.
//!
//! A round is numbered per citizen and schema. A rater joins the newest round unless they have rated in it already;
//! then they start the next. A round is *revealed* when every rater the schema requires (the citizen and staff; a
//! parent is optional) has rated in it, or once a later round is revealed: a round someone left unfinished must
//! not hide the course for good.

use crate::fit::rated::Rater;
use crate::mastery::assessment::Assessment;
use crate::mastery::schema::Schema;
use crate::sort;

/// One round of a schema for one citizen, with the assessments made in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Round<'a> {
    pub number: u32,
    /// By the order they were stored.
    pub assessments: Vec<&'a Assessment>,
    /// The ratings may be shown: the raters can no longer influence each other.
    pub revealed: bool,
}

impl<'a> Round<'a> {
    pub fn by(&self, rater: Rater) -> Option<&'a Assessment> {
        self.assessments
            .iter()
            .copied()
            .find(|assessment| assessment.rater == rater)
    }
}

/// The raters whose ratings a round waits for before it is revealed.
pub fn required_raters(schema: &Schema) -> impl Iterator<Item = Rater> + '_ {
    schema
        .rated_by()
        .iter()
        .copied()
        .filter(|rater| *rater != Rater::Parent)
}

/// The round `rater` rates in next on `schema`, given the citizen's assessments (of any schema).
pub fn next_round(schema: &Schema, assessments: &[Assessment], rater: Rater) -> u32 {
    let rounds = rounds(schema, assessments);
    match rounds.last() {
        None => 1,
        Some(round) if round.by(rater).is_some() => round.number + 1,
        Some(round) => round.number,
    }
}

/// The citizen's rounds of `schema` (any of its editions), oldest first.
pub fn rounds<'a>(schema: &Schema, assessments: &'a [Assessment]) -> Vec<Round<'a>> {
    let mut rounds: Vec<Round<'a>> = Vec::new();
    let mut ordered: Vec<&Assessment> = assessments
        .iter()
        .filter(|assessment| &assessment.schema == schema.id())
        .collect();
    sort::by_key(&mut ordered, |assessment| {
        (assessment.round, assessment.meta.created_at)
    });
    for assessment in ordered {
        match rounds.last_mut() {
            Some(round) if round.number == assessment.round => round.assessments.push(assessment),
            _ => rounds.push(Round {
                number: assessment.round,
                assessments: vec![assessment],
                revealed: false,
            }),
        }
    }
    let mut later_revealed = false;
    for round in rounds.iter_mut().rev() {
        let complete = required_raters(schema).all(|rater| round.by(rater).is_some());
        round.revealed = complete || later_revealed;
        later_revealed = round.revealed;
    }
    rounds
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::citizen::CitizenId;
    use crate::mastery::registry::Registry;
    use crate::mastery::schema::SchemaId;
    use crate::testing::assessment;

    fn rated(rater: Rater, round: u32, day: u32) -> Assessment {
        let date = NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        assessment(
            CitizenId::from_random_bytes([1; 16]),
            rater,
            round,
            date,
            &[("home", Some(5))],
        )
    }

    /// `(round, revealed)` per round.
    fn summary(schema: &Schema, assessments: &[Assessment]) -> Vec<(u32, bool)> {
        rounds(schema, assessments)
            .iter()
            .map(|round| (round.number, round.revealed))
            .collect()
    }

    #[test]
    fn a_round_is_hidden_until_the_citizen_and_staff_have_both_rated() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
        let mut done = Vec::new();
        assert_eq!(next_round(schema, &done, Rater::Oneself), 1);
        done.push(rated(Rater::Oneself, 1, 1));
        assert_eq!(summary(schema, &done), [(1, false)]);
        assert_eq!(next_round(schema, &done, Rater::Staff), 1);
        assert_eq!(next_round(schema, &done, Rater::Oneself), 2);
        done.push(rated(Rater::Parent, 1, 1));
        assert_eq!(summary(schema, &done), [(1, false)], "a parent is optional");
        done.push(rated(Rater::Staff, 1, 2));
        assert_eq!(summary(schema, &done), [(1, true)]);
        assert_eq!(next_round(schema, &done, Rater::Staff), 2);
    }

    #[test]
    fn an_unfinished_round_opens_when_a_later_one_is_revealed() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
        let mut done = vec![rated(Rater::Oneself, 1, 1), rated(Rater::Oneself, 2, 20)];
        assert_eq!(summary(schema, &done), [(1, false), (2, false)]);
        assert_eq!(next_round(schema, &done, Rater::Staff), 2);
        done.push(rated(Rater::Staff, 2, 21));
        assert_eq!(summary(schema, &done), [(1, true), (2, true)]);
    }

    #[test]
    fn a_schema_rated_by_staff_alone_is_revealed_at_once() {
        let registry = Registry::bundled().unwrap();
        let schema = registry.get(&SchemaId::new("ffb_function"), None).unwrap();
        let mut staff = rated(Rater::Staff, 1, 1);
        staff.schema = schema.id().clone();
        let done = [staff, rated(Rater::Oneself, 1, 1)];
        assert_eq!(
            summary(schema, &done),
            [(1, true)],
            "other schemas' rounds do not count"
        );
    }
}

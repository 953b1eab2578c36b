//! A tally gives for one citizen what the views computed over all their forms give.

use std::slice;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::progress::trajectory::trajectory;
use crate::progress::{overview, summary};
use crate::sort;
use crate::testing::{citizen, form, population};

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

/// The tally of `citizen`'s `responses` (given in the order of their ids, as an index gives them) is
/// the row, the summary and the first own total that the views read over all of them give.
#[track_caller]
fn check(citizen: &Citizen, responses: &[Response], registry: &Registry) {
    let mut by_id: Vec<Response> = responses
        .iter()
        .filter(|response| response.citizen_id == citizen.id)
        .cloned()
        .collect();
    sort::by_key(&mut by_id, |response| response.id.uuid());
    let one = slice::from_ref(citizen);
    let rows = overview(one, &by_id, registry);
    let expected_summary = summary(&rows, one, &by_id, registry);
    let expected_first = trajectory(citizen, one, &by_id, registry)
        .outcome
        .into_iter()
        .find(|line| line.rater == Rater::Oneself)
        .and_then(|line| line.points.first().map(|point| point.total));

    let mut ordered = by_id.clone();
    sort::by_key(&mut ordered, |response| {
        (response.date, response.meeting, response.id.uuid())
    });
    let mut tally = Tally::new(citizen);
    for response in &ordered {
        tally.push(response, registry);
    }
    let tallied = tally.finish(registry);
    assert_eq!(Some(&tallied.row), rows.first());
    assert_eq!(tallied.summary, expected_summary);
    assert_eq!(tallied.first_own_outcome, expected_first);
}

#[test]
fn each_generated_citizen_tallies_to_what_the_views_give() {
    let registry = registry();
    let facility = population(11, 40, 1_500);
    assert!(facility.responses.len() > 1_000);
    for citizen in &facility.citizens {
        check(citizen, &facility.responses, &registry);
    }
}

/// Forms as (day from the 1st of November 2026, meeting, rated by a parent, a session form, answers):
/// few days and meetings, so many share them.
fn forms() -> impl Strategy<Value = Vec<(u32, u32, bool, bool, [u16; 4])>> {
    let answer = 0u16..=100;
    prop::collection::vec(
        (
            0u32..4,
            1u32..4,
            any::<bool>(),
            any::<bool>(),
            [answer.clone(), answer.clone(), answer.clone(), answer],
        ),
        0..24,
    )
}

proptest! {
    #[test]
    fn any_forms_tally_to_what_the_views_give(forms in forms()) {
        let registry = registry();
        let who = citizen(1, "AB", "Hus 1");
        let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let responses: Vec<Response> = forms
            .iter()
            .enumerate()
            .map(|(idx, (day, meeting, parent, session, answers))| {
                let rater = if *parent { Rater::Parent } else { Rater::Oneself };
                let instrument = if *session { "srs" } else { "ors" };
                let mut response = form(&who, instrument, rater, *meeting, idx as u8, answers);
                response.date = start + Days::new(u64::from(*day));
                response
            })
            .collect();
        check(&who, &responses, &registry);
    }
}

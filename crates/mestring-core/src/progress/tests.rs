//! Every statistic on hand-computed data. ORS for adults: cut-off 25.0, reliable change 5.0.
//! SRS: an alert when the total is under 36.0; an item under 9.0 is a talking point, not an alert.

use super::*;
use crate::testing::{citizen, form, population};

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

/// Four citizens: improved (16.5 → 29.7, clinically significant), deteriorated (30.0 → 20.0),
/// level (20.0 → 23.0), and one with a single form (24.0). Three SRS: an alert (35.5, an item at 8.5 too),
/// all tens, and a talking point only (37.7 with an item at 8.9).
fn facility() -> (Vec<Citizen>, Vec<Response>) {
    let (up, down, level, once) = (
        citizen(1, "AA", "Hus 1"),
        citizen(2, "BB", "Hus 1"),
        citizen(3, "CC", "Hus 2"),
        citizen(4, "DD", "Hus 2"),
    );
    let responses = vec![
        form(&up, "ors", Rater::Oneself, 1, 10, &[30, 40, 50, 45]),
        form(&up, "srs", Rater::Oneself, 1, 11, &[90, 90, 85, 90]),
        form(&up, "ors", Rater::Parent, 1, 12, &[10, 10, 10, 10]),
        form(&up, "ors", Rater::Oneself, 8, 13, &[70, 75, 80, 72]),
        form(&up, "srs", Rater::Oneself, 8, 14, &[100, 100, 100, 100]),
        form(&down, "ors", Rater::Oneself, 1, 20, &[75, 75, 75, 75]),
        form(&down, "ors", Rater::Oneself, 8, 21, &[50, 50, 50, 50]),
        form(&level, "ors", Rater::Oneself, 1, 30, &[50, 50, 50, 50]),
        form(&level, "ors", Rater::Oneself, 8, 31, &[60, 60, 50, 60]),
        form(&once, "ors", Rater::Oneself, 1, 40, &[60, 60, 60, 60]),
        form(&down, "srs", Rater::Oneself, 8, 22, &[95, 95, 89, 98]),
    ];
    (vec![up, down, level, once], responses)
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn each_citizen_gets_latest_total_change_and_last_alert() {
    let (citizens, responses) = facility();
    let rows = overview(&citizens, &responses, &registry());
    let ors = |tenths| Some((day(8), "ors".to_owned(), Tenths::new(tenths)));
    assert_eq!(rows[0].latest_outcome, ors(297));
    assert_eq!(rows[0].change, Some(Reliable::Improvement));
    assert!(rows[0].clinically_significant);
    // 35.5 is under 36.0 at the first meeting; the second session form is all tens.
    assert_eq!(
        rows[0].last_session_alert,
        Some(AlertSeen {
            date: day(1),
            instrument: "srs".to_owned(),
            rater: Rater::Oneself,
            below: true,
            dropped: false,
        })
    );
    // An item at 8.9 is a talking point: no alert.
    assert_eq!(rows[1].last_session_alert, None);
    assert_eq!(rows[0].meetings, 2);
    assert_eq!(
        (rows[1].change, rows[1].clinically_significant),
        (Some(Reliable::Deterioration), false)
    );
    assert_eq!(rows[2].change, Some(Reliable::NoChange));
    assert_eq!(rows[2].latest_outcome, ors(230));
    assert_eq!((rows[3].change, &rows[3].last_session_alert), (None, &None));
}

#[test]
fn a_parents_forms_are_not_the_citizens_change() {
    let up = citizen(1, "AA", "Hus 1");
    let responses = vec![
        form(&up, "ors", Rater::Oneself, 1, 10, &[30, 40, 50, 45]),
        form(&up, "ors", Rater::Parent, 8, 12, &[100, 100, 100, 100]),
    ];
    let rows = overview(&[up], &responses, &registry());
    assert_eq!(rows[0].change, None);
    assert_eq!(
        rows[0].latest_outcome,
        Some((day(1), "ors".to_owned(), Tenths::new(165)))
    );
}

#[test]
fn the_summary_counts_categories_and_shares() {
    let (citizens, responses) = facility();
    let registry = registry();
    let rows = overview(&citizens, &responses, &registry);
    let summary = summary(&rows, &citizens, &responses, &registry);
    assert_eq!(
        (
            summary.citizens,
            summary.improvement,
            summary.no_change,
            summary.deterioration,
            summary.not_yet
        ),
        (4, 1, 1, 1, 1)
    );
    assert_eq!(summary.improved, Share { count: 1, of: 3 });
    assert_eq!(summary.improved.percent(), Some(33));
    // The talking point (37.7, an item at 8.9) is not an alert.
    assert_eq!(summary.sessions_with_alert, Share { count: 1, of: 3 });
    assert_eq!(summary.sessions_with_alert.percent(), Some(33));
}

#[test]
fn percentages_round_halves_up_and_nothing_has_none() {
    let percent = |count, of| Share { count, of }.percent();
    assert_eq!(percent(2, 3), Some(67));
    assert_eq!(percent(1, 8), Some(13));
    assert_eq!(percent(3, 3), Some(100));
    assert_eq!(percent(0, 0), None);
}

#[test]
fn the_expected_path_is_the_median_by_meeting() {
    let (citizens, mut responses) = facility();
    let point = |meeting, [lower, median, upper]: [u16; 3], n| PathPoint {
        meeting,
        lower: Tenths::new(lower),
        median: Tenths::new(median),
        upper: Tenths::new(upper),
        n,
    };
    // Meeting 1 totals: 16.5, 20.0, 24.0, 30.0 → median of 20.0 and 24.0 → 22.0; the halves' medians
    // 18.25 (shown 18.3) and 27.0. Meeting 8: 20.0, 23.0, 29.7 → 23.0, the halves 20.0 and 29.7, the middle
    // left out. The parent's form does not count.
    let path = median_path(&responses, "ors", &registry());
    assert_eq!(
        path,
        [point(1, [183, 220, 270], 4), point(8, [200, 230, 297], 3)]
    );
    // Two middles 20.0 and 20.1 make 20.05, shown as 20.1.
    responses.retain(|response| response.meeting == 8 && response.citizen_id != citizens[0].id);
    responses[1].answers = [60, 60, 50, 31].map(Tenths::new).to_vec();
    assert_eq!(
        median_path(&responses, "ors", &registry()),
        [point(8, [200, 201, 201], 2)]
    );
    // One total is the whole band.
    responses.truncate(1);
    assert_eq!(
        median_path(&responses, "ors", &registry()),
        [point(8, [200, 200, 200], 1)]
    );
}

#[test]
fn the_generated_facility_is_the_same_for_the_same_seed_and_has_every_category() {
    let facility = population(7, 150, 730);
    let (citizens, responses) = (&facility.citizens, &facility.responses);
    assert_eq!(citizens.len(), 150);
    assert_eq!(responses.len(), 150 * 52 * 2);
    assert_eq!(population(7, 150, 730), facility);
    let registry = registry();
    let rows = overview(citizens, responses, &registry);
    let summary = summary(&rows, citizens, responses, &registry);
    assert!(
        summary.improvement > 0 && summary.no_change > 0 && summary.deterioration > 0,
        "{summary:?}"
    );
    assert_eq!(median_path(responses, "ors", &registry).len(), 52);
    // About one in five: a total under 36 or a drop of a point; a line under 9 alone is a talking point.
    expect_test::expect![[r#"
        Share {
            count: 1502,
            of: 7800,
        }
    "#]]
    .assert_debug_eq(&summary.sessions_with_alert);

    // Each citizen's summary on their own forms adds up to the facility's.
    let mut added = Summary::default();
    for citizen in citizens {
        let own: Vec<Response> = responses
            .iter()
            .filter(|response| response.citizen_id == citizen.id)
            .cloned()
            .collect();
        let one = std::slice::from_ref(citizen);
        added += super::summary(&overview(one, &own, &registry), one, &own, &registry);
    }
    assert_eq!(added, summary);
}

#[test]
fn the_generated_facility_rates_mastery_every_quarter_and_follows_up_its_plans() {
    let facility = population(7, 150, 730);
    let schemas = crate::mastery::Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let schema = schemas
        .get(&crate::mastery::SchemaId::new("mastery"), None)
        .unwrap_or_else(|err| panic!("{err}"));
    // 730 days hold rounds on days 0, 91, … 728: nine, each rated by the citizen and staff.
    assert_eq!(facility.assessments.len(), 150 * 9 * 2);
    let first = facility.citizens[0].id;
    let own: Vec<_> = facility
        .assessments
        .iter()
        .filter(|assessment| assessment.citizen_id == first)
        .cloned()
        .collect();
    let rounds = crate::mastery::rounds(schema, &own);
    assert_eq!(rounds.len(), 9);
    assert!(rounds.iter().all(|round| round.revealed));
    // Four in five citizens have a plan; every plan is one staff could have written.
    assert_eq!(facility.plans.len(), 120);
    for plan in &facility.plans {
        assert_eq!(plan.issues(schema), [], "{plan:?}");
        assert!(
            plan.follow_ups
                .iter()
                .all(|follow_up| plan.t_score(follow_up).is_ok())
        );
    }
    // The day after the last meeting day, only the plans that stopped being followed up are overdue.
    let end = chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or_else(|| panic!("a date"))
        + chrono::Days::new(730);
    let overdue = facility
        .plans
        .iter()
        .filter(|plan| plan.overdue(end))
        .count();
    assert_eq!(
        overdue,
        (0..150).filter(|n| n % 5 != 4 && n % 7 == 3).count()
    );
}

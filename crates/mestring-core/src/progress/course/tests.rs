//! Intake bands on hand-computed data, and the course of a seeded facility.

use expect_test::expect;

use super::*;
use crate::fit::Rater;
use crate::testing::{citizen, form, population};

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

fn tenths(value: u16) -> Tenths {
    Tenths::new(value)
}

#[test]
fn intake_bands_by_the_cutoff_and_the_reliable_change_index() {
    // The adult ORS: cut-off 25.0, reliable change 5.0.
    let band = |intake| IntakeBand::of(tenths(intake), tenths(250), tenths(50));
    assert_eq!(band(0), IntakeBand::FarBelow);
    assert_eq!(
        band(200),
        IntakeBand::FarBelow,
        "under by exactly the index"
    );
    assert_eq!(band(201), IntakeBand::JustBelow);
    assert_eq!(band(249), IntakeBand::JustBelow);
    assert_eq!(band(250), IntakeBand::AtOrAbove);
    assert_eq!(band(400), IntakeBand::AtOrAbove);
}

/// Where each total stands against a point whose middle half runs from 16.6 to 20.2: on its edges is on it.
#[test]
fn a_total_is_above_on_or_below_the_middle_half() {
    let point = PathPoint {
        meeting: 3,
        lower: tenths(166),
        median: tenths(184),
        upper: tenths(202),
        n: 5,
    };
    let positions: Vec<String> = [0, 165, 166, 184, 202, 203, 400]
        .into_iter()
        .map(|total| {
            format!(
                "{} {}",
                tenths(total),
                Position::of(tenths(total), &point).code()
            )
        })
        .collect();
    expect![[r#"
        0.0 below
        16.5 below
        16.6 on
        18.4 on
        20.2 on
        20.3 above
        40.0 above
    "#]]
    .assert_eq(&(positions.join("\n") + "\n"));
}

/// An ORS total of `points` as four equal items (in tenths each).
fn ors(who: &Citizen, rater: Rater, meeting: u32, seed: u8, item: u16) -> Response {
    form(who, "ors", rater, meeting, seed, &[item; 4])
}

#[test]
fn the_course_is_of_the_people_who_started_in_the_same_band_and_age_group() {
    let registry = registry();
    let mut citizens = Vec::new();
    let mut responses = Vec::new();
    // Six adults (born 1990) starting far below the cut-off, at 12.0 to 17.0, each rising 2.0 a meeting;
    // only five of them come to meeting 3, and four to meeting 4.
    for idx in 0..6u8 {
        let who = citizen(10 + idx, &format!("F{idx}"), "Hus 1");
        let start = 30 + u16::from(idx) * 3;
        for meeting in 1..=4u32 {
            if (meeting == 3 && idx == 5) || (meeting == 4 && idx >= 4) {
                continue;
            }
            let item = start + 5 * (meeting as u16 - 1);
            responses.push(ors(
                &who,
                Rater::Oneself,
                meeting,
                idx * 10 + meeting as u8,
                item,
            ));
        }
        // A parent's forms are not the citizen's series.
        responses.push(ors(&who, Rater::Parent, 1, idx * 10 + 9, 100));
        citizens.push(who);
    }
    // Five adults starting above the cut-off (30.0): another course.
    for idx in 0..5u8 {
        let who = citizen(40 + idx, &format!("A{idx}"), "Hus 1");
        responses.push(ors(&who, Rater::Oneself, 1, 100 + idx, 75));
        citizens.push(who);
    }
    let key = CourseKey {
        instrument: "ors".to_owned(),
        group: AgeGroup::Adult,
        band: IntakeBand::FarBelow,
    };
    let course = expected_course(&key, &citizens, &responses, &registry);
    assert_eq!(course.people, 6);
    let points: Vec<_> = course
        .points
        .iter()
        .map(|point| {
            (
                point.meeting,
                point.lower.get(),
                point.median.get(),
                point.upper.get(),
                point.n,
            )
        })
        .collect();
    // Meeting 1: 12.0, 13.2, 14.4, 15.6, 16.8, 18.0 → median 15.0, the halves' medians 13.2 and 16.8;
    // meeting 2 is 2.0 higher; meeting 3 rests on five people (16.0, 17.2, 18.4, 19.6, 20.8: median 18.4,
    // the halves 16.6 and 20.2, the middle left out); meeting 4 on four, so it is left out.
    assert_eq!(
        points,
        [
            (1, 132, 150, 168, 6),
            (2, 152, 170, 188, 6),
            (3, 166, 184, 202, 5),
        ]
    );
    let above = CourseKey {
        band: IntakeBand::AtOrAbove,
        ..key.clone()
    };
    let course = expected_course(&above, &citizens, &responses, &registry);
    assert_eq!((course.people, course.points.len()), (5, 1));

    // F0 started at 12.0 and is at 18.0 by meeting 4, where there is no point: no position yet.
    let first = course_for(&citizens[0], &citizens, &responses, &registry).unwrap();
    assert_eq!(first.course.key, key);
    assert_eq!(first.position, None);
    // F4 did not come to meeting 4: their latest total, 20.8 at meeting 3, is above its middle half (16.6 to 20.2).
    let high = course_for(&citizens[4], &citizens, &responses, &registry).unwrap();
    assert_eq!(
        high.position,
        Some(Placed {
            meeting: 3,
            position: Position::Above,
            n: 5
        })
    );
    let low = course_for(&citizens[1], &citizens, &responses, &registry).unwrap();
    assert_eq!(
        low.position, None,
        "F1 came to meeting 4, which has no point"
    );
}

#[test]
fn an_adolescent_is_compared_with_adolescents_and_by_the_age_at_intake() {
    let registry = registry();
    // Born 2009: 17 in November 2026, so the adolescent cut-off 28.0 applies, and an intake of 24.0 is
    // just below it (by less than 5.0); an adult's 24.0 would be just below 25.0 too, but in another group.
    let young = citizen_born(2009);
    let responses = vec![ors(&young, Rater::Oneself, 1, 1, 60)];
    let course = course_for(&young, std::slice::from_ref(&young), &responses, &registry).unwrap();
    assert_eq!(
        course.course.key,
        CourseKey {
            instrument: "ors".to_owned(),
            group: AgeGroup::Adolescent,
            band: IntakeBand::JustBelow,
        }
    );
    assert!(course.course.points.is_empty(), "one person is no course");
    // Without norms (a young child's faces), there is no course.
    let small = form(&young, "ycors", Rater::Oneself, 2, 2, &[50]);
    assert_eq!(
        course_for(&young, std::slice::from_ref(&young), &[small], &registry),
        None
    );
}

fn citizen_born(year: u16) -> Citizen {
    let draft = crate::citizen::CitizenDraft {
        label: "X",
        birth_year: &year.to_string(),
        birth_month: "",
        unit: "U",
    };
    let context = crate::citizen::RegisterContext {
        current_year: 2026,
        current_month: 11,
        citizens: &[],
        editing: None,
    };
    let fields = crate::citizen::validate(&draft, &context).unwrap();
    Citizen {
        fields,
        ..citizen(99, "X", "U")
    }
}

#[test]
fn a_seeded_facility_has_a_course_per_band_with_enough_people_behind_every_point() {
    let registry = registry();
    let facility = population(7, 150, 938);
    let mut keys: BTreeMap<CourseKey, usize> = BTreeMap::new();
    for who in &facility.citizens {
        let Some(course) = course_for(who, &facility.citizens, &facility.responses, &registry)
        else {
            continue;
        };
        *keys.entry(course.course.key.clone()).or_default() += 1;
        for point in &course.course.points {
            assert!(point.n >= COURSE_MIN_PEOPLE, "{point:?}");
            assert!(point.n <= course.course.people, "{point:?}");
            assert!(point.lower <= point.median && point.median <= point.upper);
        }
    }
    // Every citizen with a series is in exactly one course, and its count is the course's people.
    for (key, n_citizens) in &keys {
        let course = expected_course(key, &facility.citizens, &facility.responses, &registry);
        assert_eq!(course.people, *n_citizens, "{key:?}");
    }
    let summary: Vec<String> = keys
        .keys()
        .map(|key| {
            let course = expected_course(key, &facility.citizens, &facility.responses, &registry);
            let at = |meeting: u32| {
                course
                    .points
                    .iter()
                    .find(|point| point.meeting == meeting)
                    .map_or("-".to_owned(), |point| {
                        format!(
                            "{} ({}–{}, n {})",
                            point.median, point.lower, point.upper, point.n
                        )
                    })
            };
            format!(
                "{:?} {:?}: {} people, {} points; meeting 1 {}, 20 {}, 60 {}",
                key.group,
                key.band,
                course.people,
                course.points.len(),
                at(1),
                at(20),
                at(60)
            )
        })
        .collect();
    expect![[r#"
        Adolescent FarBelow: 9 people, 67 points; meeting 1 17.3 (9.6–19.5, n 9), 20 16.9 (6.6–24.9, n 9), 60 17.2 (0.6–38.2, n 9)
        Adolescent JustBelow: 3 people, 0 points; meeting 1 -, 20 -, 60 -
        Adult FarBelow: 71 people, 67 points; meeting 1 13.6 (10.4–16.7, n 71), 20 16.9 (12.6–21.0, n 71), 60 22.3 (12.8–34.0, n 71)
        Adult JustBelow: 31 people, 67 points; meeting 1 22.8 (20.8–23.9, n 31), 20 21.5 (18.5–26.7, n 31), 60 23.9 (11.1–36.0, n 31)
        Adult AtOrAbove: 36 people, 67 points; meeting 1 28.0 (26.6–29.4, n 36), 20 26.6 (23.8–31.6, n 36), 60 24.8 (18.4–39.3, n 36)
    "#]].assert_eq(&(summary.join("\n") + "\n"));
}

#[test]
fn the_overview_reads_each_citizen_where_course_for_does() {
    let registry = registry();
    let facility = population(7, 150, 938);
    let standings = standings(&facility.citizens, &facility.responses, &registry);
    assert_eq!(standings.len(), facility.citizens.len());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (who, standing) in facility.citizens.iter().zip(&standings) {
        let one = course_for(who, &facility.citizens, &facility.responses, &registry);
        let expected = one.map(|one| Standing {
            key: one.course.key.clone(),
            people: one.course.people,
            position: one.position,
        });
        assert_eq!(standing, &expected, "{}", who.fields.label.as_str());
        let position = standing
            .as_ref()
            .and_then(|standing| standing.position)
            .map_or("no point", |placed| placed.position.code());
        *counts.entry(position.to_owned()).or_default() += 1;
    }
    // About half of a course's people are within its middle half at any meeting.
    expect![[r#"{"above": 35, "below": 35, "no point": 3, "on": 77}"#]]
        .assert_eq(&format!("{counts:?}"));
}

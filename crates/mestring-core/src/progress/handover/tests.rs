use expect_test::{Expect, expect};

use super::*;
use crate::fit::Rater::{Oneself, Parent, Staff};
use crate::testing::{assessment, bus_goal, citizen, form, meetings, plan};
use crate::unit::UnitKind;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// What the handover reads, without mastery ratings.
fn seen<'a>(meetings: &'a [Meeting], plan: Option<&'a Plan>, forms: &'a [Response]) -> Seen<'a> {
    Seen {
        meetings,
        plan,
        forms,
        ratings: &[],
    }
}

fn registry() -> Registry {
    Registry::bundled().unwrap()
}

/// The handover as lines, the way a test reads it best.
fn render(handover: &Handover) -> String {
    let mut lines = Vec::new();
    if let Some(last) = &handover.last_meeting {
        let record = last
            .record
            .as_ref()
            .map_or("forms only".to_owned(), |meeting| {
                format!("{} {:?}", meeting.kind.code(), meeting.time)
            });
        lines.push(format!("last meeting {}: {record}", last.date));
    }
    if let Some(agreed) = &handover.agreements {
        lines.push(format!("agreed {}: {}", agreed.date, agreed.text));
    }
    for due in &handover.due {
        lines.push(format!("due {due:?}"));
    }
    for score in &handover.scores {
        lines.push(format!(
            "{} by {} on {}: {} (before {:?})",
            score.instrument,
            score.rater.code(),
            score.date,
            score.total.get(),
            score.previous.map(Tenths::get)
        ));
    }
    for round in &handover.rounds {
        let raters: Vec<&str> = round.raters.iter().map(|rater| rater.code()).collect();
        lines.push(format!(
            "{} round {} by {} on {}",
            round.schema,
            round.round,
            raters.join("+"),
            round.date
        ));
    }
    if let Some(follow_up) = &handover.follow_up {
        lines.push(format!(
            "follow-up {}: T {:?}, levels {:?}",
            follow_up.date,
            follow_up.t_score.map(TScore::tenths),
            follow_up.levels
        ));
    }
    lines.join("\n")
}

#[track_caller]
fn check(handover: Handover, expect: Expect) {
    expect.assert_eq(&render(&handover));
}

/// The test course: a dialogue meeting on 2 November (next meeting 16 November), an acute contact on the
/// 6th, a network meeting on the 11th and a follow-up in February; ORS and SRS forms on the 2nd and 5th.
fn course() -> (Vec<Meeting>, Vec<Response>) {
    let young = citizen(1, "AA", "Hus 1");
    let forms = vec![
        form(&young, "ors", Oneself, 2, 1, &[40, 40, 40, 40]),
        form(&young, "ors", Parent, 2, 2, &[30, 30, 30, 30]),
        form(&young, "srs", Oneself, 2, 3, &[90, 90, 90, 90]),
        form(&young, "srs", Parent, 2, 4, &[80, 80, 80, 80]),
        form(&young, "ors", Oneself, 5, 5, &[60, 60, 60, 60]),
        form(&young, "ors", Staff, 5, 6, &[55, 55, 55, 55]),
    ];
    (meetings(young.id, date("2026-11-02")), forms)
}

#[test]
fn before_a_plan_the_handover_names_the_last_meeting_its_agreements_the_next_and_the_count() {
    let (meetings, forms) = course();
    check(
        handover(
            &seen(&meetings, None, &forms),
            &registry(),
            &UnitRules::default(),
            date("2026-11-12"),
        ),
        expect![[r#"
            last meeting 2026-11-11: network Some(13:30:00)
            agreed 2026-11-11: Skolen sender skemaet til koordinator.
            due Plan { counted: 2, limit: 5 }
            due Meeting { date: 2026-11-16, overdue: false }
            ors by self on 2026-11-05: 240 (before Some(160))
            ors by parent on 2026-11-02: 120 (before None)
            ors by staff on 2026-11-05: 220 (before None)
            srs by self on 2026-11-02: 360 (before None)
            srs by parent on 2026-11-02: 320 (before None)"#]],
    );
}

#[test]
fn a_next_meeting_not_held_becomes_overdue_and_one_held_is_no_longer_due() {
    let (meetings, mut forms) = course();
    let due_of = |forms: &[Response], today| {
        handover(
            &seen(&meetings, None, forms),
            &registry(),
            &UnitRules::default(),
            date(today),
        )
        .due
        .into_iter()
        .filter(|due| matches!(due, Due::Meeting { .. }))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        due_of(&forms, "2026-11-17"),
        [Due::Meeting {
            date: date("2026-11-16"),
            overdue: true
        }]
    );
    let young = citizen(1, "AA", "Hus 1");
    forms.push(Response {
        date: date("2026-11-16"),
        ..form(&young, "ors", Oneself, 14, 7, &[70, 70, 70, 70])
    });
    assert_eq!(due_of(&forms, "2026-11-17"), []);
    // A meeting after today does not count as held yet.
    assert_eq!(
        due_of(&forms, "2026-11-15"),
        [Due::Meeting {
            date: date("2026-11-16"),
            overdue: false
        }]
    );
}

#[test]
fn a_day_of_forms_after_the_last_record_is_the_last_meeting() {
    let (meetings, forms) = course();
    let only_first = &meetings[..1];
    check(
        handover(
            &seen(only_first, None, &forms[..4]),
            &registry(),
            &UnitRules::default(),
            date("2026-11-03"),
        ),
        expect![[r#"
            last meeting 2026-11-02: dialogue Some(10:00:00)
            agreed 2026-11-02: Tager bussen til byen to gange. Mor ringer til skolen.
            due Plan { counted: 1, limit: 5 }
            due Meeting { date: 2026-11-16, overdue: false }
            ors by self on 2026-11-02: 160 (before None)
            ors by parent on 2026-11-02: 120 (before None)
            srs by self on 2026-11-02: 360 (before None)
            srs by parent on 2026-11-02: 320 (before None)"#]],
    );
    let forms_day = handover(
        &seen(only_first, None, &forms),
        &registry(),
        &UnitRules::default(),
        date("2026-11-06"),
    );
    assert_eq!(
        forms_day.last_meeting,
        Some(LastMeeting {
            date: date("2026-11-05"),
            record: None
        })
    );
}

#[test]
fn with_a_plan_the_follow_up_is_due_and_the_t_score_comes_with_each_goal_s_level() {
    let (meetings, _) = course();
    let young = citizen(1, "AA", "Hus 1");
    let mut plan = plan(young.id, date("2026-11-02"), false);
    plan.add_goal(crate::mastery::Goal {
        own_words: "Lave mad".to_owned(),
        ..bus_goal()
    });
    plan.follow_ups.push(FollowUp {
        date: date("2027-02-10"),
        attained: vec![(1, 1), (2, -1)],
    });
    let seen = handover(
        &seen(&meetings, Some(&plan), &[]),
        &registry(),
        &UnitRules::default(),
        date("2027-05-20"),
    );
    check(
        seen,
        expect![[r#"
            last meeting 2027-02-15: follow_up None
            agreed 2027-02-15: Fortsætter med bussen.
            due FollowUp { date: 2027-05-10, overdue: true }
            due Meeting { date: 2027-05-17, overdue: true }
            follow-up 2027-02-10: T Some(500), levels [(1, "Tage bussen alene", 1), (2, "Lave mad", -1)]"#]],
    );
}

#[test]
fn nothing_recorded_yet_leaves_only_the_plan_s_count() {
    check(
        handover(
            &seen(&[], None, &[]),
            &registry(),
            &UnitRules::default(),
            date("2026-11-12"),
        ),
        expect!["due Plan { counted: 0, limit: 5 }"],
    );
}

#[test]
fn the_latest_round_of_each_schema_names_who_rated_in_it() {
    let young = citizen(1, "AA", "Hus 1").id;
    let ratings = [
        assessment(young, Staff, 2, date("2026-11-20"), &[("home", Some(5))]),
        assessment(young, Oneself, 1, date("2026-08-01"), &[("home", Some(3))]),
        assessment(young, Staff, 1, date("2026-08-02"), &[("home", Some(4))]),
        assessment(young, Oneself, 2, date("2026-11-18"), &[("home", Some(6))]),
    ];
    let seen = Seen {
        ratings: &ratings,
        ..seen(&[], None, &[])
    };
    check(
        handover(
            &seen,
            &registry(),
            &UnitRules::default(),
            date("2026-11-21"),
        ),
        expect![[r#"
            due Plan { counted: 0, limit: 5 }
            mastery round 2 by self+staff on 2026-11-20"#]],
    );
}

#[test]
fn a_unit_without_the_meeting_rule_has_no_count_towards_a_plan() {
    let (meetings, forms) = course();
    let botilbud = UnitRules::defaults(UnitKind::Botilbud);
    let seen = handover(
        &seen(&meetings, None, &forms),
        &registry(),
        &botilbud,
        date("2026-11-12"),
    );
    assert_eq!(
        seen.due,
        [Due::Meeting {
            date: date("2026-11-16"),
            overdue: false
        }]
    );
}

#[test]
fn an_individual_plan_s_revision_date_is_due_and_then_overdue() {
    let (meetings, _) = course();
    let young = citizen(1, "AA", "Hus 1");
    let mut plan = plan(young.id, date("2026-11-02"), false);
    plan.individual_plan = Some(crate::testing::individual_plan(date("2026-11-16"), 90));
    let revision = |today| {
        handover(
            &seen(&meetings, Some(&plan), &[]),
            &registry(),
            &UnitRules::default(),
            date(today),
        )
        .due
        .into_iter()
        .filter(|due| matches!(due, Due::Revision { .. }))
        .collect::<Vec<_>>()
    };
    let due = plan.individual_plan.as_ref().unwrap().revision_due.unwrap();
    assert_eq!(
        revision("2026-12-01"),
        [Due::Revision {
            date: due,
            overdue: false
        }]
    );
    let after = (due + chrono::Days::new(1)).to_string();
    assert_eq!(
        revision(&after),
        [Due::Revision {
            date: due,
            overdue: true
        }]
    );
}

use super::*;
use crate::citizen::CitizenId;
use crate::meeting::{MeetingId, MeetingKind, Role};
use crate::progress::AlertSeen;
use crate::record::RecordMeta;
use crate::testing::{DEVICE, at, citizen, plan};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn row(citizen_id: CitizenId, change: Option<Reliable>, alert: Option<&str>) -> CitizenRow {
    CitizenRow {
        citizen_id,
        latest_outcome: None,
        change,
        clinically_significant: false,
        last_session_alert: alert.map(|day| AlertSeen {
            date: date(day),
            instrument: "srs".to_owned(),
            rater: crate::fit::Rater::Oneself,
            below: true,
            dropped: false,
        }),
        meetings: 0,
    }
}

fn record(citizen_id: CitizenId, seed: u8, kind: MeetingKind, day: &str) -> Meeting {
    Meeting {
        participants: vec![Role::Citizen, Role::Staff],
        ..Meeting::new(
            MeetingId::from_random_bytes([seed; 16]),
            citizen_id,
            kind,
            date(day),
            RecordMeta::new(DEVICE, at(10)),
        )
    }
}

/// The reasons of a citizen registered on 23 November 2026.
fn reasons(
    row_of: impl Fn(CitizenId) -> CitizenRow,
    plan: Option<&Plan>,
    meetings: &[Meeting],
    fit_dates: &[&str],
    today: &str,
) -> Vec<Attention> {
    let citizen = citizen(1, "MJ", "Hus 1");
    let row = row_of(citizen.id);
    let fit_dates: Vec<NaiveDate> = fit_dates.iter().copied().map(date).collect();
    let seen = Seen {
        citizen: &citizen,
        row: &row,
        plan,
        meetings,
        fit_dates: &fit_dates,
    };
    attention(&seen, date(today), Config::default())
}

#[test]
fn five_counted_meetings_without_a_plan_and_an_acute_contact_does_not_count() {
    let mj = citizen(1, "MJ", "Hus 1").id;
    let quiet = |id| row(id, None, None);
    let four = ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"];
    let five = [&four[..], &["2026-12-29"]].concat();
    assert_eq!(
        reasons(quiet, None, &[], &five, "2027-01-04"),
        [Attention::PlanMissing]
    );
    assert_eq!(reasons(quiet, None, &[], &four, "2027-01-04"), []);
    let acute = record(mj, 7, MeetingKind::Acute, "2026-12-29");
    assert_eq!(reasons(quiet, None, &[acute], &four, "2027-01-04"), []);
    let follow_up = record(mj, 8, MeetingKind::FollowUp, "2026-12-29");
    assert_eq!(
        reasons(quiet, None, &[follow_up], &four, "2027-01-04"),
        [Attention::PlanMissing]
    );
}

#[test]
fn the_units_rules_decide_when_a_plan_is_missing() {
    let citizen = citizen(1, "MJ", "Hus 1");
    let row = row(citizen.id, None, None);
    let fit_dates: Vec<NaiveDate> = [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
        "2026-12-22",
        "2026-12-29",
    ]
    .map(date)
    .to_vec();
    let seen = Seen {
        citizen: &citizen,
        row: &row,
        plan: None,
        meetings: &[],
        fit_dates: &fit_dates,
    };
    let with = |rules: UnitRules| {
        attention(
            &seen,
            date("2027-01-04"),
            Config {
                rules,
                ..Config::default()
            },
        )
    };
    let botilbud = UnitRules::defaults(crate::unit::UnitKind::Botilbud);
    assert_eq!(with(botilbud), []);
    let six = UnitRules {
        meetings_before_plan: crate::unit::MeetingLimit::new(6),
        ..UnitRules::default()
    };
    assert_eq!(with(six), []);
    assert_eq!(with(UnitRules::default()), [Attention::PlanMissing]);
}

#[test]
fn an_agreed_plan_past_its_follow_up_is_overdue_and_long_without_a_meeting() {
    let mj = citizen(1, "MJ", "Hus 1").id;
    // The plan's one dialogue meeting on 1 June, agreed on 15 June, followed up every three months.
    let course = plan(mj, date("2026-06-01"), false);
    let quiet = |id| row(id, None, None);
    assert_eq!(reasons(quiet, Some(&course), &[], &[], "2026-07-01"), []);
    assert_eq!(
        reasons(quiet, Some(&course), &[], &[], "2027-01-04"),
        [Attention::FollowUpOverdue, Attention::NoRecentMeeting]
    );
    // A meeting record two weeks ago: overdue still, but not quiet.
    let recent = record(mj, 9, MeetingKind::Dialogue, "2026-12-21");
    assert_eq!(
        reasons(quiet, Some(&course), &[recent], &[], "2027-01-04"),
        [Attention::FollowUpOverdue]
    );
}

#[test]
fn an_individual_plan_past_its_revision_date_is_overdue() {
    let mj = citizen(1, "MJ", "Hus 1").id;
    let mut course = plan(mj, date("2026-11-23"), false);
    let seen_lately = [record(mj, 9, MeetingKind::Dialogue, "2026-12-28")];
    let quiet = |id| row(id, None, None);
    // A Danish plan has no revision date to pass.
    assert_eq!(
        reasons(quiet, Some(&course), &seen_lately, &[], "2027-01-04"),
        []
    );
    course.individual_plan = Some(crate::testing::individual_plan(date("2026-07-01"), 186));
    // Revised by 3 January 2027: passed on the 4th, not on the 3rd.
    assert_eq!(
        reasons(quiet, Some(&course), &seen_lately, &[], "2027-01-03"),
        []
    );
    assert_eq!(
        reasons(quiet, Some(&course), &seen_lately, &[], "2027-01-04"),
        [Attention::RevisionOverdue]
    );
}

#[test]
fn a_deterioration_and_an_alert_on_the_day_of_the_last_meeting_only() {
    let mj = citizen(1, "MJ", "Hus 1").id;
    let days = ["2026-12-01", "2026-12-15"];
    let alerted = |id| row(id, Some(Reliable::Deterioration), Some("2026-12-15"));
    assert_eq!(
        reasons(alerted, None, &[], &days, "2027-01-04"),
        [Attention::Deterioration, Attention::AlertAtLastMeeting]
    );
    // A network meeting after the alert is the last meeting now.
    let network = record(mj, 5, MeetingKind::Network, "2026-12-20");
    assert_eq!(
        reasons(
            alerted,
            None,
            std::slice::from_ref(&network),
            &days,
            "2027-01-04"
        ),
        [Attention::Deterioration]
    );
    // A meeting after today is not held yet.
    let planned = Meeting {
        date: date("2027-01-10"),
        ..network
    };
    assert_eq!(
        reasons(alerted, None, &[planned], &days, "2027-01-04"),
        [Attention::Deterioration, Attention::AlertAtLastMeeting]
    );
    let improving = |id| row(id, Some(Reliable::Improvement), None);
    assert_eq!(reasons(improving, None, &[], &days, "2027-01-04"), []);
}

#[test]
fn six_weeks_without_a_meeting_count_from_the_last_or_from_registration() {
    let quiet = |id| row(id, None, None);
    // Six weeks are 42 days.
    assert_eq!(
        reasons(quiet, None, &[], &["2026-12-01"], "2027-01-12"),
        [Attention::NoRecentMeeting]
    );
    assert_eq!(reasons(quiet, None, &[], &["2026-12-01"], "2027-01-11"), []);
    // Registered on 23 November with no meeting since.
    assert_eq!(
        reasons(quiet, None, &[], &[], "2027-01-04"),
        [Attention::NoRecentMeeting]
    );
    assert_eq!(reasons(quiet, None, &[], &[], "2027-01-03"), []);
}

#[test]
fn each_reason_counts_the_citizens_it_holds() {
    let reasons = [
        vec![Attention::PlanMissing, Attention::NoRecentMeeting],
        vec![],
        vec![Attention::NoRecentMeeting],
    ];
    assert_eq!(
        counts(&reasons),
        [
            (Attention::PlanMissing, 1),
            (Attention::FollowUpOverdue, 0),
            (Attention::Deterioration, 0),
            (Attention::AlertAtLastMeeting, 0),
            (Attention::NoRecentMeeting, 2),
            (Attention::RevisionOverdue, 0),
        ]
    );
}

use expect_test::{Expect, expect};
use proptest::prelude::*;

use super::*;
use crate::mastery::plan_missing_after_meetings;
use crate::testing::{DEVICE, at};
use crate::unit::MeetingLimit;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn citizen() -> CitizenId {
    CitizenId::from_random_bytes([1; 16])
}

/// A meeting of `kind` on `day` at `time` ("HH:MM" or ""), with the citizen and staff, its id from `seed`.
fn meeting(seed: u8, kind: MeetingKind, day: &str, time: &str) -> Meeting {
    Meeting {
        time: (!time.is_empty()).then(|| NaiveTime::parse_from_str(time, "%H:%M").unwrap()),
        participants: vec![Role::Citizen, Role::Staff],
        ..Meeting::new(
            MeetingId::from_random_bytes([seed; 16]),
            citizen(),
            kind,
            date(day),
            RecordMeta::new(DEVICE, at(10)),
        )
    }
}

#[track_caller]
fn check_issues(meeting: &Meeting, expect: Expect) {
    let issues: Vec<String> = meeting.issues().iter().map(ToString::to_string).collect();
    expect.assert_debug_eq(&issues);
}

#[test]
fn a_meeting_with_its_participants_and_minutes_taker_is_fine() {
    let mut held = meeting(1, MeetingKind::Dialogue, "2026-03-02", "10:00");
    held.participants.push(Role::Relative);
    held.minutes_by = Some(Role::Staff);
    held.agreements = "Mor ringer til skolen.\nAB prøver bussen to gange.".to_owned();
    held.next_date = Some(date("2026-03-16"));
    check_issues(
        &held,
        expect![[r#"
        []
    "#]],
    );
}

#[test]
fn every_issue_of_a_meeting_is_found_at_once() {
    let mut broken = meeting(1, MeetingKind::Acute, "2026-03-02", "");
    broken.participants.clear();
    broken.minutes_by = Some(Role::Coordinator);
    broken.time = NaiveTime::from_hms_opt(10, 0, 30);
    broken.next_date = Some(date("2026-03-02"));
    broken.agreements = "Ring 010190\u{2013}1234".to_owned();
    broken.note = format!("{}\u{202e}", "x".repeat(1_000));
    check_issues(
        &broken,
        expect![[r#"
        [
            "no one took part",
            "the minutes are taken by the coordinator, who did not take part",
            "the time has seconds; a meeting starts on a whole minute",
            "the next meeting is not after this one",
            "agreements: looks like a personal identity number (CPR or fødselsnummer)",
            "note: longer than 1000 characters",
            "note: holds the control character U+202E",
        ]
    "#]],
    );
}

#[track_caller]
fn check_attached(meetings: &[Meeting], day: &str, time: &str, expect: Expect) {
    let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
    let res = meeting_of(meetings, citizen(), date(day), time)
        .map(|meeting| format!("{:?} at {:?}", meeting.kind, meeting.time));
    expect.assert_eq(&res.unwrap_or_else(|| "none".to_owned()));
}

#[test]
fn a_form_belongs_to_the_latest_meeting_of_its_day_started_before_it() {
    let meetings = [
        meeting(3, MeetingKind::Acute, "2026-03-02", "18:30"),
        meeting(1, MeetingKind::Dialogue, "2026-03-02", "10:00"),
        meeting(2, MeetingKind::Dialogue, "2026-03-09", ""),
    ];
    check_attached(
        &meetings,
        "2026-03-02",
        "10:40",
        expect!["Dialogue at Some(10:00:00)"],
    );
    check_attached(
        &meetings,
        "2026-03-02",
        "18:45",
        expect!["Acute at Some(18:30:00)"],
    );
    // Filled in while the meeting was being set up, a few minutes early.
    check_attached(
        &meetings,
        "2026-03-02",
        "09:55",
        expect!["Dialogue at Some(10:00:00)"],
    );
    check_attached(
        &meetings,
        "2026-03-09",
        "08:00",
        expect!["Dialogue at None"],
    );
    check_attached(&meetings, "2026-03-10", "10:00", expect!["none"]);
    let other = Meeting {
        citizen_id: CitizenId::from_random_bytes([2; 16]),
        ..meeting(4, MeetingKind::Dialogue, "2026-03-10", "")
    };
    check_attached(&[other], "2026-03-10", "10:00", expect!["none"]);
}

#[track_caller]
fn check_counted(meetings: &[Meeting], fit_dates: &[&str], today: &str, expect: Expect) {
    let fit_dates: Vec<NaiveDate> = fit_dates.iter().map(|text| date(text)).collect();
    let counted = counted_meeting_dates(meetings, &fit_dates);
    let fifth =
        plan_missing_after_meetings(meetings, &fit_dates, false, date(today), MeetingLimit::FIVE);
    let counted: Vec<String> = counted.iter().map(ToString::to_string).collect();
    let res = format!(
        "{}; plan missing since {}",
        counted.join(" "),
        fifth.map_or("-".to_owned(), |fifth| fifth.to_string())
    );
    expect.assert_eq(&res);
}

#[test]
fn acute_contacts_and_network_meetings_do_not_count_and_fit_meetings_do() {
    use MeetingKind::{Acute, Dialogue, Network};
    let course = [
        meeting(1, Dialogue, "2026-01-05", "10:00"),
        meeting(2, Dialogue, "2026-01-19", "10:00"),
        meeting(3, Acute, "2026-01-23", "21:00"),
        meeting(4, Network, "2026-01-28", "13:00"),
        meeting(5, Dialogue, "2026-02-02", "10:00"),
    ];
    check_counted(
        &course,
        &["2026-01-05", "2026-01-05", "2026-01-23"],
        "2026-03-01",
        expect!["2026-01-05 2026-01-19 2026-02-02; plan missing since -"],
    );
    // Two meetings with FIT forms and no meeting record (forms from before meeting records, or given
    // without opening a meeting) are the fourth and fifth.
    check_counted(
        &course,
        &["2026-02-16", "2026-02-16", "2026-03-02", "2026-01-23"],
        "2026-03-02",
        expect![
            "2026-01-05 2026-01-19 2026-02-02 2026-02-16 2026-03-02; plan missing since 2026-03-02"
        ],
    );
    // Two dialogue meetings on one day are two meetings.
    let twice = [
        meeting(1, Dialogue, "2026-01-05", "09:00"),
        meeting(2, Dialogue, "2026-01-05", "14:00"),
    ];
    check_counted(
        &twice,
        &["2026-01-05"],
        "2026-01-05",
        expect!["2026-01-05 2026-01-05; plan missing since -"],
    );
}

#[test]
fn every_meeting_held_is_counted_once_whatever_its_kind() {
    use MeetingKind::{Acute, Dialogue, Network};
    let course = [
        meeting(1, Dialogue, "2026-01-05", "10:00"),
        meeting(2, Acute, "2026-01-05", "21:00"),
        meeting(3, Network, "2026-01-28", "13:00"),
        meeting(4, Dialogue, "2026-03-02", "10:00"),
    ];
    let fit_dates = [
        date("2026-01-05"),
        date("2026-01-05"),
        date("2026-02-16"),
        date("2026-02-16"),
        date("2026-03-02"),
    ];
    // Two records on the 5th, the network meeting, one day of forms alone; the 2 March meeting is to come.
    assert_eq!(held_count(&course, &fit_dates, date("2026-02-20")), 4);
    assert_eq!(held_count(&course, &fit_dates, date("2026-03-02")), 5);
    assert_eq!(held_count(&[], &fit_dates, date("2026-03-02")), 3);
    assert_eq!(held_count(&course, &[], date("2026-01-04")), 0);
}

#[test]
fn a_plans_meetings_become_records_with_the_same_ids_each_time() {
    let plan = PlanId::from_random_bytes([9; 16]);
    let meta = RecordMeta::new(DEVICE, at(11)).next(at(12));
    let old = [
        DialogueMeeting {
            date: date("2026-03-02"),
            participants: vec![Participant::Citizen, Participant::Provider],
        },
        DialogueMeeting {
            date: date("2026-03-02"),
            participants: vec![Participant::Parent, Participant::Caseworker],
        },
        DialogueMeeting {
            date: date("2026-03-16"),
            participants: vec![],
        },
    ];
    let records = from_plan_meetings(plan, citizen(), &old, "", None, &meta);
    let read: Vec<String> = records
        .iter()
        .map(|meeting| {
            let roles: Vec<&str> = meeting
                .participants
                .iter()
                .map(|role| role.code())
                .collect();
            format!(
                "{} {:?} {} [{}] rev {}",
                meeting.id,
                meeting.kind,
                meeting.date,
                roles.join(" "),
                meeting.meta.revision
            )
        })
        .collect();
    expect![[r#"
        1f3e3ea4-7556-4905-aaff-b87ecf126f7e Dialogue 2026-03-02 [citizen staff] rev 2
        078b6719-0f7e-4794-bf4e-16807b8e8852 Dialogue 2026-03-02 [relative caseworker] rev 2
        3cb23293-d65c-4cd5-bea6-ddd20f29a26e Dialogue 2026-03-16 [staff] rev 2"#]]
    .assert_eq(&read.join("\n"));
    assert_eq!(
        from_plan_meetings(plan, citizen(), &old, "", None, &meta),
        records
    );
    // A meeting added later on another day leaves the others' ids as they were.
    let other = from_plan_meetings(plan, citizen(), &old[2..], "", None, &meta);
    assert_eq!(other[0].id, records[2].id);
    let another_plan = from_plan_meetings(
        PlanId::from_random_bytes([8; 16]),
        citizen(),
        &old,
        "",
        None,
        &meta,
    );
    assert_ne!(another_plan[0].id, records[0].id);
}

#[test]
fn a_plans_meetings_join_the_stored_records_once_each() {
    use crate::mastery::{Interval, Plan, SchemaId};
    let mut plan = Plan::new(
        PlanId::from_random_bytes([9; 16]),
        citizen(),
        SchemaId::new("mastery"),
        Interval::default(),
        RecordMeta::new(DEVICE, at(11)),
    );
    for day in ["2026-03-02", "2026-03-16"] {
        plan.meetings.push(DialogueMeeting {
            date: date(day),
            participants: vec![Participant::Citizen, Participant::Provider],
        });
    }
    let acute = meeting(1, MeetingKind::Acute, "2026-03-09", "21:15");
    // The plan's first meeting as stored once its minutes were written: the stored record wins.
    let mut minuted = plan.meeting_records()[0].clone();
    minuted.agreements = "AB tager bussen".to_owned();
    let stored = [acute.clone(), minuted.clone()];
    let all = with_plan_meetings(&stored, Some(&plan));
    assert_eq!(all, [minuted, acute, plan.meeting_records()[1].clone()]);
    assert_eq!(with_plan_meetings(&stored[..1], None), [stored[0].clone()]);
}

#[test]
fn a_plans_agreements_go_on_its_latest_meeting_or_a_record_of_their_own() {
    let plan = PlanId::from_random_bytes([9; 16]);
    let meta = RecordMeta::new(DEVICE, at(11));
    let old = [
        DialogueMeeting {
            date: date("2026-03-16"),
            participants: vec![Participant::Citizen],
        },
        DialogueMeeting {
            date: date("2026-03-02"),
            participants: vec![Participant::Citizen],
        },
        DialogueMeeting {
            date: date("2026-03-16"),
            participants: vec![Participant::Parent],
        },
    ];
    let records = from_plan_meetings(plan, citizen(), &old, " Ring til skolen ", None, &meta);
    let agreed: Vec<&str> = records
        .iter()
        .map(|meeting| meeting.agreements.as_str())
        .collect();
    // The last of the latest day's meetings, as the plan logged them.
    assert_eq!(agreed, ["", "", "Ring til skolen"]);
    assert!(records.iter().all(|meeting| meeting.issues().is_empty()));

    // With no meeting logged, the agreements are a record of their own on the day the plan was agreed.
    let alone = from_plan_meetings(
        plan,
        citizen(),
        &[],
        "Ring til skolen",
        Some(date("2026-04-01")),
        &meta,
    );
    assert_eq!(alone.len(), 1);
    assert_eq!(
        (
            alone[0].kind,
            alone[0].date,
            &alone[0].participants[..],
            alone[0].agreements.as_str()
        ),
        (
            MeetingKind::Dialogue,
            date("2026-04-01"),
            &[Role::Staff][..],
            "Ring til skolen"
        )
    );
    assert_eq!(alone[0].issues(), []);
    assert_eq!(
        from_plan_meetings(
            plan,
            citizen(),
            &[],
            "Ring til skolen",
            Some(date("2026-04-01")),
            &meta
        ),
        alone
    );
    assert_eq!(
        from_plan_meetings(plan, citizen(), &[], "  ", None, &meta),
        []
    );
}

#[test]
fn moving_a_plans_meetings_to_records_is_done_once_with_the_same_ids_each_time() {
    use crate::mastery::{Interval, Plan, SchemaId};
    let mut plan = Plan::new(
        PlanId::from_random_bytes([9; 16]),
        citizen(),
        SchemaId::new("mastery"),
        Interval::default(),
        RecordMeta::new(DEVICE, at(11)),
    );
    for day in ["2026-03-02", "2026-03-16"] {
        plan.meetings.push(DialogueMeeting {
            date: date(day),
            participants: vec![Participant::Citizen, Participant::Provider],
        });
    }
    plan.agreements = "AB tager bussen".to_owned();
    let (moved, records) = plan.moved_to_records(at(12)).unwrap();
    // The same plan moved again (on another device, or after a failed write) gives the same records.
    assert_eq!(plan.moved_to_records(at(13)).unwrap().1, records);
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].agreements, "AB tager bussen");
    // The moved plan keeps neither, is one revision later, and moving it again does nothing.
    assert_eq!((moved.meetings.len(), moved.agreements.as_str()), (0, ""));
    assert_eq!(moved.meta.revision, plan.meta.revision + 1);
    assert_eq!(moved.goals, plan.goals);
    assert_eq!(moved.moved_to_records(at(14)), None);
    // What the citizen's meetings are does not change by moving: the records replace the plan's log.
    assert_eq!(
        with_plan_meetings(&records, Some(&moved)),
        with_plan_meetings(&[], Some(&plan))
    );
}

fn kind() -> impl Strategy<Value = MeetingKind> {
    prop::sample::select(MeetingKind::ALL.to_vec())
}

proptest! {
    /// Counting and attaching depend on the meetings and forms, not on the order they are listed in; a
    /// form always attaches to a meeting of its own day; and the count is the counting records plus the
    /// days with forms and no record.
    #[test]
    fn counting_and_attaching_do_not_depend_on_order(
        held in prop::collection::vec((kind(), 0u64..20, prop::option::of(0u32..24)), 0..12),
        fit_days in prop::collection::vec(0u64..20, 0..12),
        hour in 0u32..24,
        shift in 0usize..12,
    ) {
        let start = date("2026-01-05");
        let meetings: Vec<Meeting> = held
            .iter()
            .enumerate()
            .map(|(idx, (kind, day, hour))| Meeting {
                time: hour.and_then(|hour| NaiveTime::from_hms_opt(hour, 0, 0)),
                ..meeting(idx as u8, *kind, &(start + chrono::Days::new(*day)).to_string(), "")
            })
            .collect();
        let fit_dates: Vec<NaiveDate> = fit_days.iter().map(|day| start + chrono::Days::new(*day)).collect();
        let mut rotated = meetings.clone();
        rotated.rotate_left(shift % meetings.len().max(1));
        let mut fit_rotated = fit_dates.clone();
        fit_rotated.reverse();
        let counted = counted_meeting_dates(&meetings, &fit_dates);
        prop_assert_eq!(&counted, &counted_meeting_dates(&rotated, &fit_rotated));
        let n_counting = meetings.iter().filter(|meeting| meeting.kind.counts_towards_plan()).count();
        let n_fit_only = sort::set(fit_dates.iter().filter(|date| meetings.iter().all(|meeting| meeting.date != **date))).len();
        prop_assert_eq!(counted.len(), n_counting + n_fit_only);
        let time = NaiveTime::from_hms_opt(hour, 30, 0).unwrap();
        for date in &fit_dates {
            let attached = meeting_of(&meetings, citizen(), *date, time);
            prop_assert_eq!(attached.map(|meeting| meeting.id), meeting_of(&rotated, citizen(), *date, time).map(|meeting| meeting.id));
            prop_assert_eq!(attached.is_some(), meetings.iter().any(|meeting| meeting.date == *date));
            prop_assert!(attached.is_none_or(|meeting| meeting.date == *date));
        }
    }
}

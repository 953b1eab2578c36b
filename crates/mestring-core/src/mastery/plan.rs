//! The follow-up rules of a mestringsplan: when the next follow-up is due, and when a plan is overdue.
//!
//! Today is always an argument; nothing here reads a clock.

use chrono::{Months, NaiveDate};

use crate::meeting::{Meeting, counted_meeting_dates};
use crate::unit::MeetingLimit;

/// The months between follow-ups of a plan; 3 unless the plan says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval(u8);

impl Interval {
    /// An interval of `months`; `None` for 0.
    pub fn months(months: u8) -> Option<Interval> {
        (months > 0).then_some(Interval(months))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl Default for Interval {
    fn default() -> Interval {
        Interval(3)
    }
}

/// The date the next follow-up is due: `interval` calendar months after `last`.
/// A day the month lacks becomes its last day (30 November + 3 months is 28 or 29 February).
pub fn follow_up_due(last: NaiveDate, interval: Interval) -> NaiveDate {
    // Only dates near the end of chrono's range (year 262,143) overflow; they are never due.
    last.checked_add_months(Months::new(u32::from(interval.0)))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the follow-up after `last` is overdue on `today`: due before today, so the due day itself is not overdue.
pub fn follow_up_overdue(last: NaiveDate, interval: Interval, today: NaiveDate) -> bool {
    follow_up_due(last, interval) < today
}

/// The dates of the meetings that count towards a plan held by `today` ([`counted_meeting_dates`]: acute
/// contacts and network meetings do not, a day of FIT forms does), in date order. `meetings` are one citizen's
/// meeting records and `fit_dates` the days of their FIT forms, in any order.
pub fn counted_held(
    meetings: &[Meeting],
    fit_dates: &[NaiveDate],
    today: NaiveDate,
) -> Vec<NaiveDate> {
    counted_meeting_dates(meetings, fit_dates)
        .into_iter()
        .filter(|date| *date <= today)
        .collect()
}

/// The date of the `limit`th meeting that counts towards a plan when it has been held (on or before `today`)
/// and no plan is made; `None` otherwise ([`counted_held`]).
pub fn plan_missing_after_meetings(
    meetings: &[Meeting],
    fit_dates: &[NaiveDate],
    plan_made: bool,
    today: NaiveDate,
    limit: MeetingLimit,
) -> Option<NaiveDate> {
    if plan_made {
        return None;
    }
    counted_held(meetings, fit_dates, today)
        .get(usize::from(limit.get()) - 1)
        .copied()
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;
    use crate::citizen::CitizenId;
    use crate::meeting::{MeetingId, MeetingKind};
    use crate::record::RecordMeta;
    use crate::testing::{DEVICE, at};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[track_caller]
    fn check(last: &str, months: u8, today: &str, expect: Expect) {
        let interval = Interval::months(months).unwrap();
        let last = date(last);
        let today = date(today);
        let res = format!(
            "due {}, overdue on {today}: {}",
            follow_up_due(last, interval),
            follow_up_overdue(last, interval, today)
        );
        expect.assert_eq(&res);
    }

    #[test]
    fn follow_up_is_due_after_the_interval() {
        check(
            "2025-01-15",
            3,
            "2025-04-15",
            expect!["due 2025-04-15, overdue on 2025-04-15: false"],
        );
        check(
            "2025-01-15",
            3,
            "2025-04-16",
            expect!["due 2025-04-15, overdue on 2025-04-16: true"],
        );
        check(
            "2024-11-30",
            3,
            "2025-03-01",
            expect!["due 2025-02-28, overdue on 2025-03-01: true"],
        );
        check(
            "2023-11-30",
            3,
            "2024-01-01",
            expect!["due 2024-02-29, overdue on 2024-01-01: false"],
        );
        check(
            "2025-06-01",
            6,
            "2025-06-02",
            expect!["due 2025-12-01, overdue on 2025-06-02: false"],
        );
        assert_eq!(Interval::default().get(), 3);
        assert_eq!(Interval::months(0), None);
    }

    fn dialogue_meetings(meetings: &[&str]) -> Vec<Meeting> {
        meetings
            .iter()
            .map(|text| {
                Meeting::new(
                    MeetingId::from_random_bytes([1; 16]),
                    CitizenId::from_random_bytes([2; 16]),
                    MeetingKind::Dialogue,
                    date(text),
                    RecordMeta::new(DEVICE, at(10)),
                )
            })
            .collect()
    }

    #[track_caller]
    fn check_meetings(meetings: &[&str], plan_made: bool, today: &str, expect: Expect) {
        let meetings = dialogue_meetings(meetings);
        let limit = MeetingLimit::FIVE;
        let res = match plan_missing_after_meetings(&meetings, &[], plan_made, date(today), limit) {
            Some(fifth) => format!("plan missing since the meeting on {fifth}"),
            None if !plan_made
                && limit.plan_due_at_next(counted_held(&meetings, &[], date(today)).len()) =>
            {
                "the plan must be made at the next meeting".to_owned()
            }
            None => "fine".to_owned(),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn a_fifth_meeting_without_a_plan_is_flagged() {
        let five = [
            "2025-03-03",
            "2025-01-06",
            "2025-02-03",
            "2025-01-20",
            "2025-02-17",
        ];
        check_meetings(&five[..3], false, "2025-03-10", expect!["fine"]);
        check_meetings(
            &five[..4],
            false,
            "2025-03-10",
            expect!["the plan must be made at the next meeting"],
        );
        check_meetings(&five[..4], true, "2025-03-10", expect!["fine"]);
        check_meetings(
            &five,
            false,
            "2025-03-10",
            expect!["plan missing since the meeting on 2025-03-03"],
        );
        check_meetings(&five, true, "2025-03-10", expect!["fine"]);
        // The fifth is only booked, not held yet.
        check_meetings(
            &five,
            false,
            "2025-03-02",
            expect!["the plan must be made at the next meeting"],
        );
        // Two meetings on one day are two meetings.
        check_meetings(
            &[
                "2025-01-06",
                "2025-01-06",
                "2025-01-07",
                "2025-01-08",
                "2025-01-09",
            ],
            false,
            "2025-01-09",
            expect!["plan missing since the meeting on 2025-01-09"],
        );
    }

    proptest! {
        /// For any limit and any number of dialogue meetings held without a plan: the notice at exactly one
        /// meeting before the limit, the plan missing from the limit on, never both.
        #[test]
        fn the_notice_comes_one_meeting_before_the_plan_is_missing(
            limit in MeetingLimit::MIN..=MeetingLimit::MAX,
            held in 0usize..16,
        ) {
            let limit = MeetingLimit::new(limit).unwrap();
            let days: Vec<String> = (0..held)
                .map(|week| (date("2025-01-06") + chrono::Days::new(7 * week as u64)).to_string())
                .collect();
            let days: Vec<&str> = days.iter().map(String::as_str).collect();
            let meetings = dialogue_meetings(&days);
            let today = date("2026-01-01");
            let notice = limit.plan_due_at_next(counted_held(&meetings, &[], today).len());
            let missing = plan_missing_after_meetings(&meetings, &[], false, today, limit).is_some();
            prop_assert!(plan_missing_after_meetings(&meetings, &[], true, today, limit).is_none());
            let limit = usize::from(limit.get());
            prop_assert_eq!(notice, held + 1 == limit);
            prop_assert_eq!(missing, held >= limit);
        }

        #[test]
        fn due_dates_follow_the_last_one(day in 0i64..20_000, months in 1u8..=24) {
            let last = date("2000-01-01") + chrono::Days::new(day as u64);
            let interval = Interval::months(months).unwrap();
            let due = follow_up_due(last, interval);
            prop_assert!(due > last);
            prop_assert!(!follow_up_overdue(last, interval, due));
            prop_assert!(follow_up_overdue(last, interval, due.succ_opt().unwrap()));
        }
    }
}

//! Dates, times of day and timestamps as records store them: `YYYY-MM-DD`, `HH:MM` and RFC 3339.
//!
//! Read with a strict date reader and chrono's dedicated RFC 3339 parser rather than chrono's general
//! `FromStr`, whose format interpreter costs the browser bundle about 10 KB. Writing stays chrono's.
//!
//! Only plausible dates are read: from [`EARLIEST_YEAR`] to [`LATEST_YEAR`]. Nobody Mestring serves was
//! born before 1900, and a date after 2199 is a typo or garbage. The window is fixed rather than relative
//! to today because the core has no clock, and a tablet's clock can be wrong: a record is never refused
//! because a device's clock was reset.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::strict::quote;

/// The first year a date may have.
pub const EARLIEST_YEAR: i32 = 1900;
/// The last year a date may have.
pub const LATEST_YEAR: i32 = 2199;

/// A plausible calendar date written `YYYY-MM-DD`, as records store it and `<input type="date">` gives it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    read_date(text).ok()
}

/// A date as [`parse_date`] reads it, or why it is none, quoting the text.
fn read_date(text: &str) -> Result<NaiveDate, String> {
    let not_a_date = || format!("{} is not a date YYYY-MM-DD", quote(text));
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(not_a_date());
    };
    if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return Err(not_a_date());
    }
    // Four and two ASCII digits always parse.
    let (Ok(year), Ok(month), Ok(day)) = (year.parse(), month.parse(), day.parse()) else {
        return Err(not_a_date());
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(not_a_date)?;
    plausible(date).map_err(|window| format!("{} is outside {window}", quote(text)))?;
    Ok(date)
}

/// Whether `date` lies in the window of plausible dates; `Err` names the window.
fn plausible(date: NaiveDate) -> Result<(), String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(format!(
            "the plausible dates {EARLIEST_YEAR}-01-01 to {LATEST_YEAR}-12-31"
        ))
    }
}

/// For `#[serde(deserialize_with)]` on a [`NaiveDate`].
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    read_date(&text).map_err(D::Error::custom)
}

/// For `#[serde(default, deserialize_with)]` on an optional [`NaiveDate`].
pub fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| read_date(&text).map_err(D::Error::custom))
        .transpose()
}

/// A time of day to the minute written `HH:MM`, 00:00 to 23:59, as records store it and
/// `<input type="time">` gives it.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let (hour, minute) = text.split_once(':')?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hour) || !two_digits(minute) {
        return None;
    }
    NaiveTime::from_hms_opt(hour.parse().ok()?, minute.parse().ok()?, 0)
}

/// A time of day as records write it, `HH:MM`.
pub fn format_time(time: NaiveTime) -> String {
    // By hand: chrono's `format` brings its whole formatting machinery into the Wasm (7 KB).
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// For `#[serde(default, deserialize_with)]` on an optional time of day ([`parse_time`]).
pub fn optional_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveTime>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| {
            parse_time(&text).ok_or_else(|| {
                D::Error::custom(format!("{} is not a time of day HH:MM", quote(&text)))
            })
        })
        .transpose()
}

/// For `#[serde(serialize_with)]` on an optional time of day: `HH:MM` or `null`.
pub fn serialize_optional_time<S: serde::Serializer>(
    time: &Option<NaiveTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => serializer.serialize_str(&format_time(*time)),
        None => serializer.serialize_none(),
    }
}

/// For `#[serde(deserialize_with)]` on a timestamp.
pub fn timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<FixedOffset>, D::Error> {
    parse_timestamp::<D>(String::deserialize(deserializer)?)
}

/// For `#[serde(default, deserialize_with)]` on an optional timestamp.
pub fn optional_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(parse_timestamp::<D>)
        .transpose()
}

/// A plausible timestamp: its date, at its own offset, in the window of plausible dates.
fn parse_timestamp<'de, D: Deserializer<'de>>(
    text: String,
) -> Result<DateTime<FixedOffset>, D::Error> {
    let at = DateTime::parse_from_rfc3339(&text).map_err(|err| {
        D::Error::custom(format!(
            "{} is not an RFC 3339 timestamp: {err}",
            quote(&text)
        ))
    })?;
    plausible(at.date_naive())
        .map_err(|window| D::Error::custom(format!("{} is outside {window}", quote(&text))))?;
    Ok(at)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use expect_test::expect;
    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;

    #[test]
    fn only_whole_iso_dates_are_dates() {
        assert_eq!(
            parse_date("2026-11-23"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-11-23",
            "2026-11-23T00:00",
            "",
            "2026/11/23",
            "+2026-11-23",
            "2026-11-23-",
            "1899-12-31",
            "2200-01-01",
            "0000-01-01",
            "9999-12-31",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_date("1900-01-01"),
            NaiveDate::from_ymd_opt(1900, 1, 1)
        );
        assert_eq!(
            parse_date("2199-12-31"),
            NaiveDate::from_ymd_opt(2199, 12, 31)
        );
    }

    #[test]
    fn only_whole_minutes_written_hh_mm_are_times() {
        assert_eq!(parse_time("09:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time("23:59"), NaiveTime::from_hms_opt(23, 59, 0));
        for bad in [
            "9:05",
            "09:5",
            "24:00",
            "12:60",
            "09:05:00",
            "0905",
            "",
            "+9:05",
            "09.05",
            "١٢:٠٠",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        let time = NaiveTime::from_hms_opt(7, 30, 0).unwrap();
        assert_eq!(parse_time(&format_time(time)), Some(time));
    }

    #[test]
    fn implausible_dates_and_timestamps_are_refused_with_the_text_and_the_window() {
        let read = |json| serde_json::from_value::<Stamped>(json).map_err(|err| err.to_string());
        expect![[
            r#"Err("\"9999-12-31\" is outside the plausible dates 1900-01-01 to 2199-12-31")"#
        ]]
        .assert_eq(&format!(
            "{:?}",
            read(serde_json::json!({"date": "9999-12-31", "at": "2026-11-23T09:30:00+01:00"}))
        ));
        expect![[r#"Err("\"0001-01-01T00:00:00Z\" is outside the plausible dates 1900-01-01 to 2199-12-31")"#]]
            .assert_eq(&format!(
                "{:?}",
                read(serde_json::json!({"date": "2026-11-23", "at": "0001-01-01T00:00:00Z"}))
            ));
        expect![[r#"Err("\"2026-02-30\" is not a date YYYY-MM-DD")"#]].assert_eq(&format!(
            "{:?}",
            read(serde_json::json!({"date": "2026-02-30", "at": "2026-11-23T09:30:00+01:00"}))
        ));
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Stamped {
        #[serde(deserialize_with = "date")]
        date: NaiveDate,
        #[serde(deserialize_with = "timestamp")]
        at: DateTime<FixedOffset>,
        #[serde(default, deserialize_with = "optional_timestamp")]
        exported: Option<DateTime<FixedOffset>>,
    }

    proptest! {
        /// Whatever chrono writes, these readers read back.
        #[test]
        fn what_chrono_writes_reads_back(secs in 0i64..4_102_444_800, millis in 0u32..1000, offset_min in -720i32..=840) {
            let offset = FixedOffset::east_opt(offset_min * 60).unwrap();
            let at = Utc.timestamp_opt(secs, millis * 1_000_000).unwrap().with_timezone(&offset);
            let stamped = Stamped { date: at.date_naive(), at, exported: Some(at) };
            let json = serde_json::to_value(&stamped).unwrap();
            prop_assert_eq!(serde_json::from_value::<Stamped>(json).unwrap(), stamped);
        }
    }

    #[test]
    fn a_missing_optional_timestamp_is_none_and_a_bad_one_an_error() {
        let read = |json| serde_json::from_value::<Stamped>(json).map_err(|err| err.to_string());
        let ok = read(serde_json::json!({"date": "2026-11-23", "at": "2026-11-23T09:30:00+01:00"}));
        assert_eq!(ok.unwrap().exported, None);
        let bad = read(serde_json::json!({"date": "2026-11-23", "at": "23.11.2026"}));
        assert!(
            bad.unwrap_err()
                .contains("\"23.11.2026\" is not an RFC 3339 timestamp")
        );
    }
}

//! Dates and timestamps as records store them: `YYYY-MM-DD` and RFC 3339.
//!
//! Read with a strict date reader and chrono's dedicated RFC 3339 parser rather than chrono's general
//! `FromStr`, whose format interpreter costs the browser bundle about 10 KB. Writing stays chrono's.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// A calendar date written `YYYY-MM-DD`, as records store it and `<input type="date">` gives it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// For `#[serde(deserialize_with)]` on a [`NaiveDate`].
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_date(&text).ok_or_else(|| D::Error::custom(format!("{text:?} is not a date YYYY-MM-DD")))
}

/// For `#[serde(default, deserialize_with)]` on an optional [`NaiveDate`].
pub fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| {
            parse_date(&text)
                .ok_or_else(|| D::Error::custom(format!("{text:?} is not a date YYYY-MM-DD")))
        })
        .transpose()
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

fn parse_timestamp<'de, D: Deserializer<'de>>(
    text: String,
) -> Result<DateTime<FixedOffset>, D::Error> {
    DateTime::parse_from_rfc3339(&text)
        .map_err(|err| D::Error::custom(format!("{text:?} is not an RFC 3339 timestamp: {err}")))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
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
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
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

//! Who is rated, and who holds the pen.
//!
//! Norms follow the rated person, never the rater: a parent's ORS about a 14-year-old is read against the adolescent cut-off,
//! because the cut-off describes the young person's scores, not the parent's.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::citizen::Birth;

/// The rated person's age in whole years on the day of the meeting.
///
/// The core reads no clock and no birth date: the age is worked out for the session date ([`age_on`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Age(u8);

impl Age {
    pub const fn years(years: u8) -> Age {
        Age(years)
    }

    pub const fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How the age that chose the norms was found; staff and reports see it beside the age band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBasis {
    /// Given as a number, as on the command line.
    Given,
    /// From the birth year alone: the age the person reaches in the year of the meeting, so from the
    /// 1st of January of the year they turn 18 the adult norms apply.
    BirthYear,
    /// From the birth year and month: the age in the month of the meeting, the birthday counted from the
    /// 1st of its month, so the band changes in the month the person turns 13 or 18.
    BirthMonth,
}

impl AgeBasis {
    pub fn of(birth: Birth) -> AgeBasis {
        match birth.month {
            Some(_) => AgeBasis::BirthMonth,
            None => AgeBasis::BirthYear,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AgeBasis::Given => "given",
            AgeBasis::BirthYear => "birth_year",
            AgeBasis::BirthMonth => "birth_month",
        }
    }
}

/// The age of a person born at `birth` on `date`, as [`AgeBasis::of`] says.
///
/// A birth day is never known (with the year and month it would identify the citizen), so with a month the
/// birthday counts from the 1st of that month, at most a month early; with the year alone the age is the one
/// reached in the year of `date`, up to a year early. Saturates at 255, and at 0 before the birth.
pub fn age_on(birth: Birth, date: NaiveDate) -> Age {
    let mut years = date.year() - i32::from(birth.year.get());
    if let Some(month) = birth.month
        && date.month() < u32::from(month.get())
    {
        years -= 1;
    }
    Age::years(years.clamp(0, 255) as u8)
}

/// Who filled in the form. In FHIR terms the `source` of a `QuestionnaireResponse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rater {
    /// The rated person about themself (code `self`; FHIR `Patient`).
    #[serde(rename = "self")]
    Oneself,
    /// A parent or another relative about the young person (code `parent`; FHIR `RelatedPerson`).
    Parent,
    /// Staff at the facility (code `staff`; FHIR `Practitioner`).
    Staff,
}

impl Rater {
    pub const ALL: [Rater; 3] = [Rater::Oneself, Rater::Parent, Rater::Staff];

    /// A stable code for records, exports and the command line.
    pub fn code(self) -> &'static str {
        match self {
            Rater::Oneself => "self",
            Rater::Parent => "parent",
            Rater::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<Rater> {
        Rater::ALL.into_iter().find(|rater| rater.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rater_codes_round_trip() {
        for rater in Rater::ALL {
            assert_eq!(Rater::from_code(rater.code()), Some(rater));
            let json = serde_json::to_string(&rater).unwrap();
            assert_eq!(json, format!("\"{}\"", rater.code()));
        }
        assert_eq!(Rater::from_code("teacher"), None);
    }
}

//! Who is rated, and who holds the pen.
//!
//! Norms follow the rated person, never the rater: a parent's ORS about a 14-year-old is read against the adolescent cut-off,
//! because the cut-off describes the young person's scores, not the parent's.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The rated person's age in whole years on the day of the meeting.
///
/// The core reads no clock and no birth date: the caller works the age out for the session date.
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

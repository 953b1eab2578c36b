//! Whom an instrument is made for: the rated person's age and the kind of meeting.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fit::rated::Age;

/// The kind of meeting an instrument is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "compiled", derive(Serialize))]
#[serde(rename_all = "snake_case")]
pub enum Meeting {
    Individual,
    Group,
}

/// The age bands that norms are published for, youngest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    /// Under 6.
    YoungChild,
    /// 6–12.
    Child,
    /// 13–17.
    Adolescent,
    /// 18 and over.
    Adult,
}

/// Whole years from `min` up to and including `max`; no `max` means no upper limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct AgeRange {
    pub(super) min: Age,
    pub(super) max: Option<Age>,
}

impl AgeRange {
    pub fn min(self) -> Age {
        self.min
    }

    pub fn max(self) -> Option<Age> {
        self.max
    }

    pub fn contains(self, age: Age) -> bool {
        self.min <= age && self.max.is_none_or(|max| age <= max)
    }

    pub(super) fn ages(self) -> impl Iterator<Item = Age> {
        (self.min.get()..=self.max.map_or(u8::MAX, Age::get)).map(Age::years)
    }
}

/// `13–17`, or `18+` without an upper limit.
impl fmt::Display for AgeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) => write!(f, "{}–{}", self.min, max),
            None => write!(f, "{}+", self.min),
        }
    }
}

/// Whom the instrument is made for: the age of the rated person, whoever answers, and the kind of meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Audience {
    pub(super) ages: AgeRange,
    pub(super) meeting: Meeting,
}

impl Audience {
    pub fn ages(&self) -> AgeRange {
        self.ages
    }

    pub fn meeting(&self) -> Meeting {
        self.meeting
    }
}

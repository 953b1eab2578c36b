//! The expected course of people who started like this citizen, from the facility's own history.
//!
//! The facility's typical path ([`median_path`](super::median_path)) mixes everyone: a citizen who started
//! deep in the clinical range is compared with people who started above the cut-off. Here the comparison is
//! with the citizens whose own outcome series on the same instrument started in the same *intake band*, read
//! by the same age group: the idea of the expected treatment response curves of the online FIT systems, built
//! from the facility's own forms instead of a normative sample.
//!
//! Intake bands follow the norms of the age at intake: under the cut-off by at least the reliable change index
//! (so far into the clinical range that a reliable improvement may still end under the cut-off), under it by
//! less (a reliable improvement crosses it), and at or above it. Each point of the course carries the number of
//! people behind it, and a point resting on fewer than [`COURSE_MIN_PEOPLE`] is left out: it would show few
//! people's own scores, and say little.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::citizen::{Citizen, CitizenId};
use crate::fit::definition::AgeGroup;
use crate::fit::{Kind, Rater, Registry, Response, Tenths, age_on};
use crate::sort;

use super::{PathPoint, by_citizen, path_point};

/// A point of the course resting on fewer people than this is not given.
pub const COURSE_MIN_PEOPLE: usize = 5;

/// Where a first outcome total fell against the norms for the age that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntakeBand {
    /// Under the cut-off by at least the reliable change index.
    FarBelow,
    /// Under the cut-off by less than the reliable change index.
    JustBelow,
    /// At or above the cut-off.
    AtOrAbove,
}

impl IntakeBand {
    /// The band of `intake` for a cut-off and a reliable change index.
    pub fn of(intake: Tenths, cutoff: Tenths, rci: Tenths) -> IntakeBand {
        if intake >= cutoff {
            IntakeBand::AtOrAbove
        } else if intake.get() + rci.get() > cutoff.get() {
            IntakeBand::JustBelow
        } else {
            IntakeBand::FarBelow
        }
    }
}

/// Which people a course is of: the same instrument, age group at intake and intake band.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CourseKey {
    pub instrument: String,
    pub group: AgeGroup,
    pub band: IntakeBand,
}

/// The course of the people who started in one intake band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub key: CourseKey,
    /// How many people's series started in the band.
    pub people: usize,
    /// The median and middle half of their totals by meeting number, each with the number of people behind
    /// it; only points resting on at least [`COURSE_MIN_PEOPLE`].
    pub points: Vec<PathPoint>,
}

/// Where a citizen's latest total stands against the course of the people who started like them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// Above the middle half at that meeting.
    Above,
    /// Within the middle half.
    On,
    /// Below the middle half.
    Below,
}

impl Position {
    /// Where `total` stands against the middle half of `point`; on its edges is on it.
    pub fn of(total: Tenths, point: &PathPoint) -> Position {
        if total > point.upper {
            Position::Above
        } else if total < point.lower {
            Position::Below
        } else {
            Position::On
        }
    }

    /// The name in exports and the worker's replies: `above`, `on` or `below`.
    pub fn code(self) -> &'static str {
        match self {
            Position::Above => "above",
            Position::On => "on",
            Position::Below => "below",
        }
    }
}

/// Where a citizen's latest total stands, at which meeting, and how many people the course's point there
/// rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub meeting: u32,
    pub position: Position,
    pub n: usize,
}

/// A citizen's own course and how they stand on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenCourse {
    pub course: Course,
    /// Where the citizen's latest total stands, where the course has a point at its meeting.
    pub position: Option<Placed>,
}

/// A citizen's course in short, for a list of citizens: which course, how many people it is of, and where
/// the citizen stands on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub key: CourseKey,
    pub people: usize,
    pub position: Option<Placed>,
}

/// One citizen's self-rated outcome series on one instrument, in meeting order, with the key of its intake.
struct Series {
    key: CourseKey,
    totals: Vec<(u32, Tenths)>,
}

/// The series of `citizen` on `instrument`: their own outcome forms on it, the first being the intake. `None`
/// without a total, or where the norms of the age at intake give no cut-off and reliable change index.
fn series(
    citizen: &Citizen,
    responses: &[&Response],
    instrument: &str,
    registry: &Registry,
) -> Option<Series> {
    let mut forms: Vec<&&Response> = responses
        .iter()
        .filter(|response| {
            response.rater == Rater::Oneself
                && response.kind == Kind::Outcome
                && response.instrument.as_str() == instrument
        })
        .collect();
    sort::by_key(&mut forms, |response| (response.meeting, response.date));
    let mut totals = Vec::with_capacity(forms.len());
    let mut intake = None;
    for response in forms {
        let Ok(definition) = registry.get(instrument, Some(response.version)) else {
            continue;
        };
        let Some(total) = response.total(definition) else {
            continue;
        };
        if intake.is_none() {
            let age = age_on(citizen.fields.birth(), response.date);
            let norms = definition.norms();
            let (cutoff, rci) = (norms.cutoff_for(age)?, norms.reliable_change_for(age)?);
            intake = Some(CourseKey {
                instrument: instrument.to_owned(),
                group: cutoff.group(),
                band: IntakeBand::of(total, cutoff.value(), rci.value()),
            });
        }
        totals.push((response.meeting, total));
    }
    Some(Series {
        key: intake?,
        totals,
    })
}

/// The course of everyone in the facility whose series on the key's instrument started in its band and age
/// group.
pub fn expected_course(
    key: &CourseKey,
    citizens: &[Citizen],
    responses: &[Response],
    registry: &Registry,
) -> Course {
    let grouped = by_citizen(responses);
    let all = all_series(citizens, &grouped, &key.instrument, registry);
    course_of(key, all.iter().flatten())
}

/// Each citizen's series on `instrument`, in the order of `citizens`.
fn all_series(
    citizens: &[Citizen],
    grouped: &BTreeMap<CitizenId, Vec<&Response>>,
    instrument: &str,
    registry: &Registry,
) -> Vec<Option<Series>> {
    citizens
        .iter()
        .map(|citizen| series(citizen, grouped.get(&citizen.id)?, instrument, registry))
        .collect()
}

/// The course of the `key` from every series, those of other keys left out.
fn course_of<'a>(key: &CourseKey, all: impl Iterator<Item = &'a Series>) -> Course {
    let mut people = 0;
    let mut by_meeting: BTreeMap<u32, Vec<Tenths>> = BTreeMap::new();
    for series in all.filter(|series| series.key == *key) {
        people += 1;
        for &(meeting, total) in &series.totals {
            by_meeting.entry(meeting).or_default().push(total);
        }
    }
    Course {
        key: key.clone(),
        people,
        points: by_meeting
            .into_iter()
            .filter(|(_, totals)| totals.len() >= COURSE_MIN_PEOPLE)
            .map(|(meeting, totals)| path_point(meeting, totals))
            .collect(),
    }
}

/// Where the latest total of `series` stands on `course`.
fn placed(series: &Series, course: &Course) -> Option<Placed> {
    let &(meeting, total) = series.totals.last()?;
    let point = course
        .points
        .iter()
        .find(|point| point.meeting == meeting)?;
    Some(Placed {
        meeting,
        position: Position::of(total, point),
        n: point.n,
    })
}

/// The instrument of the latest own outcome form among `own`.
fn latest_instrument<'a>(own: &[&'a Response]) -> Option<&'a str> {
    own.iter()
        .filter(|response| response.rater == Rater::Oneself && response.kind == Kind::Outcome)
        .max_by_key(|response| (response.meeting, response.date))
        .map(|response| response.instrument.as_str())
}

/// The course of the people who started like `citizen` on the instrument of their latest own outcome form,
/// and where their latest total stands on it; `None` before a first total, or without norms for the age at
/// intake.
pub fn course_for(
    citizen: &Citizen,
    citizens: &[Citizen],
    responses: &[Response],
    registry: &Registry,
) -> Option<CitizenCourse> {
    let own: Vec<&Response> = responses
        .iter()
        .filter(|response| response.citizen_id == citizen.id)
        .collect();
    let series = series(citizen, &own, latest_instrument(&own)?, registry)?;
    let course = expected_course(&series.key, citizens, responses, registry);
    let position = placed(&series, &course);
    Some(CitizenCourse { course, position })
}

/// Every citizen's standing on their course, in the order of `citizens`: what [`course_for`] tells of each,
/// with each instrument's series read once for everyone rather than once a citizen, so a caseload's overview
/// stays quick.
pub fn standings(
    citizens: &[Citizen],
    responses: &[Response],
    registry: &Registry,
) -> Vec<Option<Standing>> {
    let grouped = by_citizen(responses);
    let latest: Vec<Option<&str>> = citizens
        .iter()
        .map(|citizen| latest_instrument(grouped.get(&citizen.id)?))
        .collect();
    let mut instruments: Vec<&str> = latest.iter().flatten().copied().collect();
    sort::ascending(&mut instruments);
    instruments.dedup();
    // A facility has a few instruments and a few courses on each: lists searched in turn, which keep the
    // app's Wasm smaller than two more kinds of map would.
    let mut by_instrument: Vec<(&str, Vec<Option<Series>>)> = Vec::with_capacity(instruments.len());
    let mut courses: Vec<Course> = Vec::new();
    for instrument in instruments {
        let all = all_series(citizens, &grouped, instrument, registry);
        for series in all.iter().flatten() {
            if !courses.iter().any(|course| course.key == series.key) {
                courses.push(course_of(&series.key, all.iter().flatten()));
            }
        }
        by_instrument.push((instrument, all));
    }
    latest
        .iter()
        .enumerate()
        .map(|(idx, instrument)| {
            let instrument = (*instrument)?;
            let (_, all) = by_instrument.iter().find(|(name, _)| *name == instrument)?;
            let series = all.get(idx)?.as_ref()?;
            let course = courses.iter().find(|course| course.key == series.key)?;
            Some(Standing {
                key: course.key.clone(),
                people: course.people,
                position: placed(series, course),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;

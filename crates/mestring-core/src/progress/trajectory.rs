//! One citizen's FIT forms as the trajectory chart draws them: outcome totals per meeting, one line
//! per rater and instrument, the session totals with their alerts and talking points, the cut-off for the age and the
//! reliable-change band around the first total, and beside them the facility's typical path and the course of
//! the people who started like the citizen. Every front end draws from this; none computes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::citizen::Citizen;
use crate::fit::{Kind, Rater, Registry, Response, Tenths, age_on};
use crate::sort;

use super::course::{IntakeBand, Placed, course_for};
use super::{PathPoint, median_path, session_signals};

/// Serialisable so a worker that holds everyone's forms can hand a page the chart's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trajectory {
    /// Outcome lines, the citizen's own first, then in the order their raters first answered.
    pub outcome: Vec<Line>,
    pub session: Vec<Line>,
    /// The cut-off for the citizen's age at their latest outcome form on the first line.
    pub cutoff: Option<Tenths>,
    /// From the first total of the first line less its reliable change index to that total plus it:
    /// a later total outside the band is a reliable change.
    pub reliable_band: Option<(Tenths, Tenths)>,
    /// The facility's typical path on the first line's instrument: the median and middle half of the totals
    /// citizens gave themselves at each meeting number up to this citizen's last, where at least
    /// [`TYPICAL_MIN_TOTALS`] totals exist (fewer would show other citizens' own scores).
    pub typical: Vec<PathPoint>,
    /// The course of the people who started like the citizen ([`course_for`]), its points up to the citizen's
    /// last meeting; `None` before a first own outcome total, or without norms for the age at intake.
    pub course: Option<CourseLine>,
    /// The highest total any line can reach, the top of the chart.
    pub max_total: Tenths,
    /// The highest meeting number, the right end of the chart.
    pub last_meeting: u32,
}

/// The course of the people who started like the citizen as the chart draws it: fewer types than
/// [`CitizenCourse`](super::course::CitizenCourse) for the worker to send, each of which costs the app's
/// Wasm its own reading and writing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseLine {
    pub instrument: String,
    pub band: IntakeBand,
    pub points: Vec<PathPoint>,
    pub position: Option<Placed>,
}

/// One rater's totals on one instrument, in meeting order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub rater: Rater,
    pub instrument: String,
    pub points: Vec<Point>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub meeting: u32,
    pub date: NaiveDate,
    pub total: Tenths,
    /// A session form that raised an alert.
    pub alert: bool,
    /// A session form with an item under its talking-point line, shown apart from alerts.
    pub talking_point: bool,
}

/// A median of fewer totals than this is not shown.
pub const TYPICAL_MIN_TOTALS: usize = 5;

/// The citizen's trajectory from `responses`, the facility's forms, and `citizens`, the facility's register: the
/// citizen's own forms make the lines, everyone's the typical path and the course of those who started alike.
pub fn trajectory(
    citizen: &Citizen,
    citizens: &[Citizen],
    responses: &[Response],
    registry: &Registry,
) -> Trajectory {
    let mut ordered: Vec<&Response> = responses
        .iter()
        .filter(|response| response.citizen_id == citizen.id)
        .collect();
    sort::by_key(&mut ordered, |response| (response.meeting, response.date));
    let mut outcome: Vec<Line> = Vec::new();
    let mut session: Vec<Line> = Vec::new();
    let mut max_total = Tenths::new(0);
    for response in &ordered {
        let Ok(definition) = registry.get(response.instrument.as_str(), Some(response.version))
        else {
            continue;
        };
        let Some(total) = response.total(definition) else {
            continue;
        };
        max_total = max_total.max(definition.max_total());
        let signals = match response.kind {
            Kind::Session => session_signals(response, &ordered, citizen, registry),
            Kind::Outcome => Default::default(),
        };
        let point = Point {
            meeting: response.meeting,
            date: response.date,
            total,
            alert: signals.alert,
            talking_point: signals.talking_point,
        };
        let lines = match response.kind {
            Kind::Outcome => &mut outcome,
            Kind::Session => &mut session,
        };
        match lines.iter_mut().find(|line| {
            line.rater == response.rater && line.instrument == response.instrument.as_str()
        }) {
            Some(line) => line.points.push(point),
            None => lines.push(Line {
                rater: response.rater,
                instrument: response.instrument.to_string(),
                points: vec![point],
            }),
        }
    }
    // The citizen's own line leads; a young child's may be a parent's only.
    sort::by_key(&mut outcome, |line| line.rater != Rater::Oneself);
    let norms = outcome.first().and_then(|line| {
        let (first, latest) = (line.points.first()?, line.points.last()?);
        let definition = registry.get(&line.instrument, None).ok()?;
        let age = |date| age_on(citizen.fields.birth(), date);
        let cutoff = definition
            .norms()
            .cutoff_for(age(latest.date))
            .map(|norm| norm.value());
        let band = definition
            .norms()
            .reliable_change_for(age(first.date))
            .map(|rci| {
                let (total, rci) = (first.total.get(), rci.value().get());
                let top = definition.max_total().get();
                (
                    Tenths::new(total.saturating_sub(rci)),
                    Tenths::new(total.saturating_add(rci).min(top)),
                )
            });
        Some((cutoff, band))
    });
    let last_meeting = ordered.iter().map(|r| r.meeting).max().unwrap_or(0);
    let typical = outcome.first().map_or_else(Vec::new, |line| {
        median_path(responses, &line.instrument, registry)
            .into_iter()
            .filter(|point| point.meeting <= last_meeting && point.n >= TYPICAL_MIN_TOTALS)
            .collect()
    });
    let course = course_for(citizen, citizens, responses, registry).map(|own| {
        let mut points = own.course.points;
        points.retain(|point| point.meeting <= last_meeting);
        CourseLine {
            instrument: own.course.key.instrument,
            band: own.course.key.band,
            points,
            position: own.position,
        }
    });
    Trajectory {
        cutoff: norms.and_then(|(cutoff, _)| cutoff),
        reliable_band: norms.and_then(|(_, band)| band),
        typical,
        course,
        last_meeting,
        outcome,
        session,
        max_total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{citizen, form};

    /// Meeting, total in tenths, and `A` for an alert, `T` for a talking point.
    fn points(line: &Line) -> Vec<(u32, u16, &'static str)> {
        line.points
            .iter()
            .map(|point| {
                let signals = match (point.alert, point.talking_point) {
                    (true, true) => "AT",
                    (true, false) => "A",
                    (false, true) => "T",
                    (false, false) => "",
                };
                (point.meeting, point.total.get(), signals)
            })
            .collect()
    }

    #[test]
    fn lines_per_rater_with_the_cutoff_and_the_band_around_the_first_total() {
        let registry = Registry::bundled().unwrap();
        let mj = citizen(1, "MJ", "Hus 1");
        let responses = vec![
            form(&mj, "ors", Rater::Oneself, 9, 13, &[70, 75, 80, 72]),
            form(&mj, "ors", Rater::Parent, 2, 12, &[40, 40, 40, 40]),
            form(&mj, "ors", Rater::Oneself, 2, 10, &[30, 40, 50, 45]),
            form(&mj, "srs", Rater::Oneself, 2, 11, &[90, 95, 85, 100]),
            form(&mj, "srs", Rater::Oneself, 9, 14, &[100, 100, 95, 100]),
        ];
        let trajectory = trajectory(&mj, std::slice::from_ref(&mj), &responses, &registry);
        // The citizen's own line first although the parent's form was stored first.
        let lines: Vec<_> = trajectory
            .outcome
            .iter()
            .map(|line| (line.rater, points(line)))
            .collect();
        assert_eq!(
            lines,
            [
                (Rater::Oneself, vec![(2, 165, ""), (9, 297, "")]),
                (Rater::Parent, vec![(2, 160, "")]),
            ]
        );
        // 8.5 on an item is under the talking-point line of 9, but the total 37.0 raises no alert;
        // the second SRS rises to 39.5 with no item under 9.
        assert_eq!(
            points(&trajectory.session[0]),
            [(2, 370, "T"), (9, 395, "")]
        );
        // A total under 36 with an item under 9 is both.
        let low = [form(&mj, "srs", Rater::Oneself, 1, 20, &[90, 90, 90, 85])];
        let alerted = super::trajectory(&mj, std::slice::from_ref(&mj), &low, &registry);
        assert_eq!(points(&alerted.session[0]), [(1, 355, "AT")]);
        // Born 1990: the adult cut-off 25.0 and reliable change 5.0 around the first total 16.5.
        assert_eq!(trajectory.cutoff, Some(Tenths::new(250)));
        assert_eq!(
            trajectory.reliable_band,
            Some((Tenths::new(115), Tenths::new(215)))
        );
        assert_eq!(
            (trajectory.max_total, trajectory.last_meeting),
            (Tenths::new(400), 9)
        );
    }

    #[test]
    fn the_band_stays_on_the_scale_and_a_citizen_without_forms_has_no_lines() {
        let registry = Registry::bundled().unwrap();
        let mj = citizen(1, "MJ", "Hus 1");
        let low = [form(&mj, "ors", Rater::Oneself, 1, 10, &[5, 10, 5, 10])];
        let trajectory = trajectory(&mj, std::slice::from_ref(&mj), &low, &registry);
        assert_eq!(
            trajectory.reliable_band,
            Some((Tenths::new(0), Tenths::new(80)))
        );
        let other = citizen(2, "AB", "Hus 1");
        let empty = super::trajectory(&other, std::slice::from_ref(&other), &low, &registry);
        assert!(empty.outcome.is_empty() && empty.session.is_empty());
        assert_eq!(
            (empty.cutoff, empty.reliable_band, empty.last_meeting),
            (None, None, 0)
        );
    }

    #[test]
    fn the_typical_path_shows_only_medians_of_five_totals_or_more() {
        let registry = Registry::bundled().unwrap();
        let mj = citizen(1, "MJ", "Hus 1");
        let mut responses = vec![
            form(&mj, "ors", Rater::Oneself, 1, 1, &[10, 10, 10, 10]),
            form(&mj, "ors", Rater::Oneself, 2, 2, &[20, 20, 20, 20]),
        ];
        // Four others at meetings 1 and 2 (five totals with MJ's); only three of them at meeting 3.
        for seed in 2..6u8 {
            let other = citizen(seed, &format!("A{seed}"), "Hus 1");
            let level = u16::from(seed) * 10;
            for meeting in 1..=3 {
                if meeting < 3 || seed < 5 {
                    responses.push(form(
                        &other,
                        "ors",
                        Rater::Oneself,
                        meeting,
                        seed * 10 + meeting as u8,
                        &[level; 4],
                    ));
                }
            }
            // A staff member's form does not count: the path is of citizens' own totals.
            responses.push(form(
                &other,
                "ors",
                Rater::Staff,
                1,
                seed * 10 + 9,
                &[100; 4],
            ));
        }
        responses.push(form(&mj, "ors", Rater::Oneself, 3, 3, &[30, 30, 30, 30]));
        let trajectory = trajectory(&mj, std::slice::from_ref(&mj), &responses, &registry);
        // Meeting 1: totals 4, 8, 12, 16, 20 points: median 12.0, the middle half 6.0 to 18.0;
        // meeting 2: 8, 8, 12, 16, 20: median 12.0, 8.0 to 18.0.
        let typical: Vec<_> = trajectory
            .typical
            .iter()
            .map(|point| {
                (
                    point.meeting,
                    point.lower.get(),
                    point.median.get(),
                    point.upper.get(),
                    point.n,
                )
            })
            .collect();
        assert_eq!(typical, [(1, 60, 120, 180, 5), (2, 80, 120, 180, 5)]);
        assert_eq!(
            points(&trajectory.outcome[0]).len(),
            3,
            "the lines are MJ's alone"
        );
    }

    #[test]
    fn the_course_of_those_who_started_alike_goes_as_far_as_the_citizen_has_come() {
        let registry = Registry::bundled().unwrap();
        let mut facility = crate::testing::population(7, 60, 100);
        // A citizen whose course has more than three points has come to three meetings only.
        let first = facility
            .citizens
            .iter()
            .find(|who| {
                course_for(who, &facility.citizens, &facility.responses, &registry)
                    .is_some_and(|own| own.course.points.len() > 3)
            })
            .unwrap()
            .clone();
        facility
            .responses
            .retain(|response| response.citizen_id != first.id || response.meeting <= 3);
        let trajectory = trajectory(&first, &facility.citizens, &facility.responses, &registry);
        let own = trajectory.course.unwrap();
        let whole = course_for(&first, &facility.citizens, &facility.responses, &registry).unwrap();
        assert_eq!(own.points, whole.course.points[..3]);
        assert_eq!(
            (own.instrument.as_str(), own.band),
            (whole.course.key.instrument.as_str(), whole.course.key.band)
        );
        assert_eq!(own.position, whole.position);
        let placed = own.position.unwrap();
        assert_eq!((placed.meeting, placed.n), (3, own.points[2].n));
        // Alone in the register, no one started alike: a course of one, so no point to stand on.
        let alone = super::trajectory(
            &first,
            std::slice::from_ref(&first),
            &facility.responses,
            &registry,
        );
        let alone = alone.course.unwrap();
        assert_eq!((alone.points.len(), alone.position), (0, None));
    }
}

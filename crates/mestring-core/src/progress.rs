//! What the progress views show, computed once for every front end: a row per citizen for the
//! caseworker's overview, the facility's summary, the facility's own expected path, and the expected
//! course of the people who started like a citizen (`course`).
//!
//! Change is the citizen's own outcome series (rated by themself) on the instrument of their latest
//! outcome form, first against latest, as `fit::change` computes it. Shares are counts over a whole,
//! so a view can print both; medians of totals are exact in tenths, halves rounded up.

pub mod attention;
pub mod course;
pub mod handover;
pub mod tally;
pub mod trajectory;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::citizen::{Birth, Citizen, CitizenId};
use crate::fit::{
    Interpretation, Kind, Rater, Registry, Reliable, Response, SessionAlert, SessionTotal, Tenths,
    age_on, change, interpret, score,
};
use crate::sort;

/// One citizen in the caseworker's overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitizenRow {
    pub citizen_id: CitizenId,
    /// The latest outcome total the citizen gave themself, with its date and instrument.
    pub latest_outcome: Option<(NaiveDate, String, Tenths)>,
    /// Change since their first outcome form on that instrument; `None` before a second one, or
    /// where the instrument has no published reliable change index for the age.
    pub change: Option<Reliable>,
    pub clinically_significant: bool,
    /// The latest session form that raised an alert.
    pub last_session_alert: Option<AlertSeen>,
    /// Meetings with at least one form.
    pub meetings: usize,
}

/// A session form that raised an alert, as the overview says what it was: when, on which instrument, who rated,
/// and which rules fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertSeen {
    pub date: NaiveDate,
    pub instrument: String,
    pub rater: Rater,
    /// The total was under the instrument's limit.
    pub below: bool,
    /// The total dropped from the same rater's previous form by the instrument's limit or more.
    pub dropped: bool,
}

impl AlertSeen {
    fn of(response: &Response, signals: SessionSignals) -> AlertSeen {
        AlertSeen {
            date: response.date,
            instrument: response.instrument.to_string(),
            rater: response.rater,
            below: signals.below,
            dropped: signals.dropped,
        }
    }
}

/// A row per citizen, in the order given.
pub fn overview(
    citizens: &[Citizen],
    responses: &[Response],
    registry: &Registry,
) -> Vec<CitizenRow> {
    let mut grouped = by_citizen(responses);
    citizens
        .iter()
        .map(|citizen| {
            let mut own = grouped.remove(&citizen.id).unwrap_or_default();
            sort::by_key(&mut own, |response| (response.date, response.meeting));
            row(citizen, &own, registry)
        })
        .collect()
}

fn by_citizen(responses: &[Response]) -> BTreeMap<CitizenId, Vec<&Response>> {
    let mut grouped: BTreeMap<CitizenId, Vec<&Response>> = BTreeMap::new();
    for response in responses {
        grouped
            .entry(response.citizen_id)
            .or_default()
            .push(response);
    }
    grouped
}

fn row(citizen: &Citizen, responses: &[&Response], registry: &Registry) -> CitizenRow {
    let definition_of = |response: &Response| {
        registry
            .get(response.instrument.as_str(), Some(response.version))
            .ok()
    };
    let self_outcome =
        |response: &&&Response| response.rater == Rater::Oneself && response.kind == Kind::Outcome;
    let latest = responses.iter().rev().find(self_outcome);
    let latest_outcome = latest.and_then(|response| {
        let total = response.total(definition_of(response)?)?;
        Some((response.date, response.instrument.to_string(), total))
    });
    let series: Vec<SessionTotal> = latest
        .map(|latest| {
            responses
                .iter()
                .filter(self_outcome)
                .filter(|response| response.instrument == latest.instrument)
                .filter_map(|response| {
                    Some(SessionTotal {
                        total: response.total(definition_of(response)?)?,
                        age: age_on(citizen.fields.birth(), response.date),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let change = latest
        .and_then(|latest| definition_of(latest))
        .filter(|_| series.len() >= 2)
        .and_then(|definition| change(definition, &series).ok());
    let last_session_alert = responses
        .iter()
        .rev()
        .filter(|response| response.kind == Kind::Session)
        .find_map(|response| {
            let signals = session_signals(response, responses, citizen, registry);
            signals.alert.then(|| AlertSeen::of(response, signals))
        });
    let mut meetings: Vec<u32> = responses.iter().map(|response| response.meeting).collect();
    meetings.dedup();
    CitizenRow {
        citizen_id: citizen.id,
        latest_outcome,
        change: change.as_ref().map(|change| change.reliable),
        clinically_significant: change.is_some_and(|change| change.clinically_significant),
        last_session_alert,
        meetings: meetings.len(),
    }
}

/// What a session form raised, read against the same rater's previous form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct SessionSignals {
    /// An alert rule fired.
    alert: bool,
    /// The rule on the total fired.
    below: bool,
    /// The rule on the drop from the previous form fired.
    dropped: bool,
    /// An item was under its talking-point line; never counted as an alert.
    talking_point: bool,
}

fn session_signals(
    response: &Response,
    responses: &[&Response],
    citizen: &Citizen,
    registry: &Registry,
) -> SessionSignals {
    let previous = responses
        .iter()
        .filter(|other| {
            other.rater == response.rater
                && other.instrument == response.instrument
                && (other.date, other.meeting) < (response.date, response.meeting)
        })
        .max_by_key(|other| (other.date, other.meeting));
    signals_after(
        response,
        previous.copied(),
        citizen.fields.birth(),
        registry,
    )
}

/// [`session_signals`] of `response` given the same rater's form on the instrument right before it:
/// the last of those from an earlier day or meeting.
fn signals_after(
    response: &Response,
    previous: Option<&Response>,
    birth: Birth,
    registry: &Registry,
) -> SessionSignals {
    let Ok(definition) = registry.get(response.instrument.as_str(), Some(response.version)) else {
        return SessionSignals::default();
    };
    let answers: Vec<_> = response.answers.iter().copied().map(Some).collect();
    let Ok(this) = score(definition, &answers) else {
        return SessionSignals::default();
    };
    let previous_total = previous.and_then(|previous| previous.total(definition));
    let context = crate::fit::Context {
        age: age_on(birth, response.date),
        previous_total,
    };
    match interpret(definition, &this, context) {
        Ok(Interpretation::Session(status)) => SessionSignals {
            alert: status.alert == Some(true),
            below: status
                .alerts
                .iter()
                .any(|alert| matches!(alert, SessionAlert::TotalBelow { .. })),
            dropped: status
                .alerts
                .iter()
                .any(|alert| matches!(alert, SessionAlert::DropFromPrevious { .. })),
            talking_point: !status.talking_points.is_empty(),
        },
        _ => SessionSignals::default(),
    }
}

/// A count out of a whole, e.g. citizens with a reliable improvement out of those with a change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub count: usize,
    pub of: usize,
}

impl Share {
    /// Whole percent, halves rounded up; `None` out of nothing.
    pub fn percent(self) -> Option<usize> {
        (self.of > 0).then(|| (200 * self.count + self.of) / (2 * self.of))
    }
}

/// The facility at a glance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub citizens: usize,
    pub improvement: usize,
    pub no_change: usize,
    pub deterioration: usize,
    /// Citizens with fewer than two outcome forms, or no norms to read change by.
    pub not_yet: usize,
    /// Reliable improvement, out of the citizens with a change category.
    pub improved: Share,
    /// Session forms that raised an alert, out of all session forms. A talking point (an item under its
    /// line) is not an alert and is not counted.
    pub sessions_with_alert: Share,
}

/// Summaries of citizens apart add up to their summary together: a caller can read one citizen's forms
/// at a time.
impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, other: Summary) {
        self.citizens += other.citizens;
        self.improvement += other.improvement;
        self.no_change += other.no_change;
        self.deterioration += other.deterioration;
        self.not_yet += other.not_yet;
        self.improved.count += other.improved.count;
        self.improved.of += other.improved.of;
        self.sessions_with_alert.count += other.sessions_with_alert.count;
        self.sessions_with_alert.of += other.sessions_with_alert.of;
    }
}

pub fn summary(
    rows: &[CitizenRow],
    citizens: &[Citizen],
    responses: &[Response],
    registry: &Registry,
) -> Summary {
    let mut summary = Summary {
        citizens: rows.len(),
        ..Summary::default()
    };
    for row in rows {
        match row.change {
            Some(Reliable::Improvement) => summary.improvement += 1,
            Some(Reliable::NoChange) => summary.no_change += 1,
            Some(Reliable::Deterioration) => summary.deterioration += 1,
            None => summary.not_yet += 1,
        }
    }
    summary.improved = Share {
        count: summary.improvement,
        of: summary.improvement + summary.no_change + summary.deterioration,
    };
    let citizens: BTreeMap<CitizenId, &Citizen> =
        sort::map(citizens.iter().map(|citizen| (citizen.id, citizen)));
    for (id, own) in &by_citizen(responses) {
        let Some(citizen) = citizens.get(id) else {
            continue;
        };
        for response in own.iter().filter(|response| response.kind == Kind::Session) {
            summary.sessions_with_alert.of += 1;
            if session_signals(response, own, citizen, registry).alert {
                summary.sessions_with_alert.count += 1;
            }
        }
    }
    summary
}

/// One meeting number of the facility's own path: the middle half of the totals citizens gave themselves
/// there (the lower and upper quartiles, each the median of its half, the middle total left out when
/// their number is odd), their median, and how many totals it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathPoint {
    pub meeting: u32,
    pub lower: Tenths,
    pub median: Tenths,
    pub upper: Tenths,
    pub n: usize,
}

/// The facility's own expected path on one outcome instrument, meeting number by meeting number.
pub fn median_path(
    responses: &[Response],
    instrument: &str,
    registry: &Registry,
) -> Vec<PathPoint> {
    let mut by_meeting: BTreeMap<u32, Vec<Tenths>> = BTreeMap::new();
    for response in responses.iter().filter(|response| {
        response.rater == Rater::Oneself
            && response.kind == Kind::Outcome
            && response.instrument.as_str() == instrument
    }) {
        let Ok(definition) = registry.get(instrument, Some(response.version)) else {
            continue;
        };
        if let Some(total) = response.total(definition) {
            by_meeting.entry(response.meeting).or_default().push(total);
        }
    }
    by_meeting
        .into_iter()
        .map(|(meeting, totals)| path_point(meeting, totals))
        .collect()
}

/// The median and middle half of the `totals` at `meeting`.
fn path_point(meeting: u32, mut totals: Vec<Tenths>) -> PathPoint {
    sort::ascending(&mut totals);
    let (n, half) = (totals.len(), totals.len() / 2);
    // A single total is its own lower and upper half.
    let (low, high) = if n == 1 {
        (&totals[..], &totals[..])
    } else {
        (&totals[..half], &totals[n - half..])
    };
    PathPoint {
        meeting,
        lower: median(low),
        median: median(&totals),
        upper: median(high),
        n,
    }
}

/// The middle of sorted totals; of two middles, their mean in tenths, a half rounded up.
fn median(sorted: &[Tenths]) -> Tenths {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        let sum = sorted[mid - 1].get() + sorted[mid].get();
        Tenths::new(sum.div_ceil(2))
    }
}

#[cfg(test)]
mod tests;

//! One citizen's row, summary and first own outcome total, tallied a form at a time: what
//! [`overview`](super::overview), [`summary`](super::summary) and [`trajectory`](super::trajectory)
//! give for one citizen, without their forms held. A citizen with a million forms costs the caseworker's
//! report what one with ten does.
//!
//! Each figure needs only a few of the forms before: the latest own outcome form, the first and latest
//! total on each outcome instrument, and for each rater and instrument the form right before the
//! current day and meeting (what a session form's alert reads against).

use chrono::NaiveDate;

use crate::citizen::{Birth, Citizen};
use crate::fit::definition::Version;
use crate::fit::{Kind, Rater, Registry, Reliable, Response, SessionTotal, Tenths, age_on, change};

use super::{AlertSeen, CitizenRow, Share, Summary, signals_after};

/// What a citizen's forms add up to so far; see [`Tally::push`] for the order they must come in.
pub struct Tally {
    row: CitizenRow,
    birth: Birth,
    /// The latest outcome form the citizen gave themself: its instrument and version.
    latest: Option<(String, Version)>,
    /// For each instrument of the citizen's own outcome forms, the totals on it so far.
    series: Vec<(String, Series)>,
    /// For each rater and instrument, the forms that a session form's alert reads against.
    lines: Vec<Line>,
    /// The meeting number of the form before: a run of forms of one meeting counts once.
    last_meeting: Option<u32>,
    sessions_with_alert: Share,
    /// The citizen's own first outcome total, first by meeting, then day (the trajectory's order).
    first_own: Option<((u32, NaiveDate), Tenths)>,
}

/// The citizen's own totals on one instrument: what `fit::change` reads of them.
struct Series {
    first: SessionTotal,
    latest: SessionTotal,
    n_totals: usize,
    highest: Tenths,
}

/// One rater's forms on one instrument: the last form of the latest day and meeting, and the last of
/// the day and meeting before that.
struct Line {
    rater: Rater,
    instrument: String,
    at: (NaiveDate, u32),
    last: Response,
    before: Option<Response>,
}

/// What [`Tally::finish`] gives: the citizen's row of the overview, their part of the summary, and the
/// first total of their own outcome line of the trajectory.
pub struct Tallied {
    pub row: CitizenRow,
    pub summary: Summary,
    pub first_own_outcome: Option<Tenths>,
}

impl Tally {
    pub fn new(citizen: &Citizen) -> Tally {
        Tally {
            row: CitizenRow {
                citizen_id: citizen.id,
                latest_outcome: None,
                change: None,
                clinically_significant: false,
                last_session_alert: None,
                meetings: 0,
            },
            birth: citizen.fields.birth(),
            latest: None,
            series: Vec::new(),
            lines: Vec::new(),
            last_meeting: None,
            sessions_with_alert: Share::default(),
            first_own: None,
        }
    }

    /// Adds the citizen's next form. The forms must come ordered by day and meeting, and those of the
    /// same day and meeting by their ids: the order in which [`overview`](super::overview) reads them.
    pub fn push(&mut self, response: &Response, registry: &Registry) {
        let total = registry
            .get(response.instrument.as_str(), Some(response.version))
            .ok()
            .and_then(|definition| response.total(definition));
        if self.last_meeting != Some(response.meeting) {
            self.row.meetings += 1;
            self.last_meeting = Some(response.meeting);
        }
        // Every form of the rater on the instrument is one a session form may read against.
        let birth = self.birth;
        let previous = self.line(response);
        if response.kind == Kind::Session {
            let signals = signals_after(response, previous, birth, registry);
            self.sessions_with_alert.of += 1;
            if signals.alert {
                self.sessions_with_alert.count += 1;
                self.row.last_session_alert = Some(AlertSeen::of(response, signals));
            }
        }
        if response.rater != Rater::Oneself || response.kind != Kind::Outcome {
            return;
        }
        let instrument = response.instrument.as_str();
        self.latest = Some((instrument.to_owned(), response.version));
        self.row.latest_outcome = total.map(|total| (response.date, instrument.to_owned(), total));
        let Some(total) = total else {
            return;
        };
        let key = (response.meeting, response.date);
        if self.first_own.is_none_or(|(first, _)| key < first) {
            self.first_own = Some((key, total));
        }
        let session = SessionTotal {
            total,
            age: age_on(self.birth, response.date),
        };
        match self.series.iter_mut().find(|(id, _)| id == instrument) {
            Some((_, series)) => {
                series.latest = session;
                series.n_totals += 1;
                series.highest = series.highest.max(total);
            }
            None => self.series.push((
                instrument.to_owned(),
                Series {
                    first: session,
                    latest: session,
                    n_totals: 1,
                    highest: total,
                },
            )),
        }
    }

    /// The form of `response`'s rater and instrument right before its day and meeting; `response`
    /// becomes the last of its own.
    fn line(&mut self, response: &Response) -> Option<&Response> {
        let at = (response.date, response.meeting);
        let idx = self.lines.iter().position(|line| {
            line.rater == response.rater && line.instrument == response.instrument.as_str()
        });
        let Some(idx) = idx else {
            self.lines.push(Line {
                rater: response.rater,
                instrument: response.instrument.to_string(),
                at,
                last: response.clone(),
                before: None,
            });
            return None;
        };
        let line = &mut self.lines[idx];
        if line.at != at {
            line.at = at;
            line.before = Some(std::mem::replace(&mut line.last, response.clone()));
        } else {
            line.last = response.clone();
        }
        line.before.as_ref()
    }

    pub fn finish(mut self, registry: &Registry) -> Tallied {
        let change = self.latest.as_ref().and_then(|(instrument, version)| {
            let definition = registry.get(instrument, Some(*version)).ok()?;
            let (_, series) = self.series.iter().find(|(id, _)| id == instrument)?;
            // `fit::change` refuses a series with any total above the maximum, and reads only the
            // first and the latest besides.
            (series.n_totals >= 2 && series.highest <= definition.max_total())
                .then(|| change(definition, &[series.first, series.latest]).ok())
                .flatten()
        });
        self.row.change = change.as_ref().map(|change| change.reliable);
        self.row.clinically_significant =
            change.is_some_and(|change| change.clinically_significant);
        let mut summary = Summary {
            citizens: 1,
            sessions_with_alert: self.sessions_with_alert,
            ..Summary::default()
        };
        match self.row.change {
            Some(Reliable::Improvement) => summary.improvement = 1,
            Some(Reliable::NoChange) => summary.no_change = 1,
            Some(Reliable::Deterioration) => summary.deterioration = 1,
            None => summary.not_yet = 1,
        }
        summary.improved = Share {
            count: summary.improvement,
            of: summary.improvement + summary.no_change + summary.deterioration,
        };
        Tallied {
            row: self.row,
            summary,
            first_own_outcome: self.first_own.map(|(_, total)| total),
        }
    }
}

#[cfg(test)]
mod tests;

//! The caseworker's overview of every citizen in the files taken in.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use mestring_core::citizen::CitizenId;
use mestring_core::fit::Rater;
use mestring_core::meeting::{Meeting, held_count, with_plan_meetings};
use mestring_core::progress::attention::{self, Attention, Seen};
use mestring_core::progress::{self, course};
use mestring_core::store::plan_of;
use mestring_core::unit::{MeetingLimit, UnitRules};
use serde::{Deserialize, Serialize};

use crate::browser;
use crate::worker::imported::imported;
use crate::worker::{Task, WorkerError};

/// The overview as of `today` (the page's day, which the page shows its dates by too), by the unit's limit
/// of meetings before a plan (`None`: no limit).
#[derive(Serialize, Deserialize)]
pub struct ReadOverview {
    pub today: NaiveDate,
    pub meetings_before_plan: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub rows: Vec<OverviewRow>,
    pub summary: OverviewSummary,
    /// Each reason for attention ([`Attention::code`]) with how many citizens it holds, in the order shown.
    pub attention: Vec<(String, usize)>,
    /// The weeks without a meeting that count as too long.
    pub quiet_weeks: u32,
    /// The limit of meetings before a plan it counted by; `None` where the unit has none.
    pub meetings_before_plan: Option<u8>,
}

/// One citizen in the overview, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub id: String,
    pub label: String,
    pub unit: String,
    /// The latest self-rated outcome form: its date (ISO), instrument and total in tenths.
    pub latest: Option<(String, String, u16)>,
    /// `improvement`, `none` or `deterioration`; `None` before a change can be read.
    pub change: Option<String>,
    pub clinically_significant: bool,
    /// The day (ISO) of the latest session alert.
    pub last_alert: Option<String>,
    /// What that alert was: the instrument, who rated, whether the total was under the limit and whether it
    /// dropped from the previous form.
    pub last_alert_about: Option<AlertAbout>,
    /// Meetings held by today, of every kind ([`held_count`]).
    pub meetings: usize,
    /// When the plan's next follow-up is due (ISO), and whether that was before today.
    pub follow_up: Option<(String, bool)>,
    /// Where the latest total stands on the course of those who started alike (`above`, `on` or `below`),
    /// and how many people the course rests on there; `None` where there is no course point to compare with.
    pub course: Option<(String, usize)>,
    /// Why the citizen needs attention ([`Attention::code`]s).
    pub attention: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertAbout {
    pub instrument: String,
    pub rater: Rater,
    pub below: bool,
    pub dropped: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OverviewSummary {
    pub citizens: usize,
    pub improvement: usize,
    pub no_change: usize,
    pub deterioration: usize,
    pub not_yet: usize,
    pub improved_percent: Option<usize>,
    pub alert_percent: Option<usize>,
}

impl Task for ReadOverview {
    const NAME: &'static str = "overview";
    type Reply = Overview;

    async fn run(self) -> Result<Overview, WorkerError> {
        let today = self.today;
        let (archive, registry) = imported().await?;
        let mut citizens: Vec<_> = archive.citizens().cloned().collect();
        browser::sort_citizens(&mut citizens);
        let responses: Vec<_> = archive.responses().cloned().collect();
        let rows = progress::overview(&citizens, &responses, registry);
        let summary = progress::summary(&rows, &citizens, &responses, registry);
        let standings = course::standings(&citizens, &responses, registry);
        let default = attention::Config::default();
        let config = attention::Config {
            rules: UnitRules {
                meetings_before_plan: self.meetings_before_plan.and_then(MeetingLimit::new),
                ..default.rules
            },
            ..default
        };
        // Each citizen's meeting records and FIT days, gathered once rather than searched per citizen.
        let mut meetings: BTreeMap<CitizenId, Vec<Meeting>> = BTreeMap::new();
        for meeting in archive.meetings() {
            meetings
                .entry(meeting.citizen_id)
                .or_default()
                .push(meeting.clone());
        }
        let mut fit_dates: BTreeMap<CitizenId, Vec<NaiveDate>> = BTreeMap::new();
        for response in &responses {
            fit_dates
                .entry(response.citizen_id)
                .or_default()
                .push(response.date);
        }
        let (reasons, held): (Vec<Vec<Attention>>, Vec<usize>) = citizens
            .iter()
            .zip(&rows)
            .map(|(citizen, row)| {
                let plan = plan_of(archive.plans(), citizen.id);
                let stored = meetings.get(&citizen.id).map_or(&[][..], Vec::as_slice);
                let fit_dates = fit_dates.get(&citizen.id).map_or(&[][..], Vec::as_slice);
                let seen = Seen {
                    citizen,
                    row,
                    plan,
                    meetings: stored,
                    fit_dates,
                };
                let held = held_count(&with_plan_meetings(stored, plan), fit_dates, today);
                (attention::attention(&seen, today, config), held)
            })
            .unzip();
        let counts = attention::counts(&reasons);
        let rows = citizens
            .iter()
            .zip(rows)
            .zip(standings)
            .zip(reasons)
            .zip(held)
            .map(
                |((((citizen, row), standing), reasons), held)| OverviewRow {
                    id: citizen.id.to_string(),
                    label: citizen.fields.label.as_str().to_owned(),
                    unit: citizen.fields.unit.as_str().to_owned(),
                    latest: row.latest_outcome.map(|(date, instrument, total)| {
                        (date.to_string(), instrument, total.get())
                    }),
                    change: row.change.map(|change| change.code().to_owned()),
                    clinically_significant: row.clinically_significant,
                    last_alert: row
                        .last_session_alert
                        .as_ref()
                        .map(|alert| alert.date.to_string()),
                    last_alert_about: row.last_session_alert.map(|alert| AlertAbout {
                        instrument: alert.instrument,
                        rater: alert.rater,
                        below: alert.below,
                        dropped: alert.dropped,
                    }),
                    meetings: held,
                    follow_up: plan_of(archive.plans(), citizen.id).and_then(|plan| {
                        let due = plan.next_follow_up()?;
                        Some((due.to_string(), plan.overdue(today)))
                    }),
                    course: standing
                        .and_then(|standing| standing.position)
                        .map(|placed| (placed.position.code().to_owned(), placed.n)),
                    attention: reasons
                        .into_iter()
                        .map(|reason| reason.code().to_owned())
                        .collect(),
                },
            )
            .collect();
        Ok(Overview {
            rows,
            summary: OverviewSummary {
                citizens: summary.citizens,
                improvement: summary.improvement,
                no_change: summary.no_change,
                deterioration: summary.deterioration,
                not_yet: summary.not_yet,
                improved_percent: summary.improved.percent(),
                alert_percent: summary.sessions_with_alert.percent(),
            },
            attention: counts
                .into_iter()
                .map(|(reason, count)| (reason.code().to_owned(), count))
                .collect(),
            quiet_weeks: config.quiet_weeks,
            meetings_before_plan: config.rules.meetings_before_plan.map(MeetingLimit::get),
        })
    }
}

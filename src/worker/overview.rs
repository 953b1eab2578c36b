//! The caseworker's overview of every citizen in the files taken in.

use mestring_core::progress::{self, course};
use mestring_core::store::plan_of;
use serde::{Deserialize, Serialize};

use crate::browser;
use crate::worker::imported::imported;
use crate::worker::{Task, WorkerError};

#[derive(Serialize, Deserialize)]
pub struct ReadOverview;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub rows: Vec<OverviewRow>,
    pub summary: OverviewSummary,
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
    pub last_alert: Option<String>,
    pub meetings: usize,
    /// When the plan's next follow-up is due (ISO), and whether that was before today.
    pub follow_up: Option<(String, bool)>,
    /// Where the latest total stands on the course of those who started alike (`above`, `on` or `below`),
    /// and how many people the course rests on there; `None` where there is no course point to compare with.
    pub course: Option<(String, usize)>,
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
        let (archive, registry) = imported().await?;
        let mut citizens: Vec<_> = archive.citizens().cloned().collect();
        browser::sort_citizens(&mut citizens);
        let responses: Vec<_> = archive.responses().cloned().collect();
        let today = browser::now().date_naive();
        let rows = progress::overview(&citizens, &responses, registry);
        let summary = progress::summary(&rows, &citizens, &responses, registry);
        let standings = course::standings(&citizens, &responses, registry);
        let rows = citizens
            .iter()
            .zip(rows)
            .zip(standings)
            .map(|((citizen, row), standing)| OverviewRow {
                id: citizen.id.to_string(),
                label: citizen.fields.label.as_str().to_owned(),
                unit: citizen.fields.unit.as_str().to_owned(),
                latest: row
                    .latest_outcome
                    .map(|(date, instrument, total)| (date.to_string(), instrument, total.get())),
                change: row.change.map(|change| change.code().to_owned()),
                clinically_significant: row.clinically_significant,
                last_alert: row.last_session_alert.map(|date| date.to_string()),
                meetings: row.meetings,
                follow_up: plan_of(archive.plans(), citizen.id).and_then(|plan| {
                    let due = plan.next_follow_up()?;
                    Some((due.to_string(), plan.overdue(today)))
                }),
                course: standing
                    .and_then(|standing| standing.position)
                    .map(|placed| (placed.position.code().to_owned(), placed.n)),
            })
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
        })
    }
}

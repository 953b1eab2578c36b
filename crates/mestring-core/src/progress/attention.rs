//! What the caseworker's overview picks citizens out by, each with its count: five meetings without a plan, a
//! follow-up overdue, a reliable deterioration, an alert at the last meeting, no meeting for some weeks, an
//! individual plan's revision date passed.
//!
//! A citizen's meetings are their meeting records, the dialogue meetings their plan still logs itself and the days
//! of their FIT forms ([`crate::meeting::with_plan_meetings`], [`crate::meeting::counted_meeting_dates`]), as the
//! tablet counts them; "the last meeting" is the latest of those held by today, of any kind.

use chrono::{Days, NaiveDate};

use super::CitizenRow;
use crate::citizen::Citizen;
use crate::fit::Reliable;
use crate::mastery::{Plan, missing_plan_since};
use crate::meeting::{Meeting, with_plan_meetings};
use crate::unit::UnitRules;

/// Why a citizen needs the caseworker's eye; the overview's filters, in the order it shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attention {
    /// The meetings that count towards a plan reached the unit's limit ([`UnitRules::meetings_before_plan`])
    /// and no plan is made ([`Plan::is_made`]).
    PlanMissing,
    /// The plan's follow-up was due before today.
    FollowUpOverdue,
    /// A reliable deterioration in the citizen's own outcome forms, first against latest.
    Deterioration,
    /// A session form raised an alert on the day of the last meeting.
    AlertAtLastMeeting,
    /// No meeting for [`Config::quiet_weeks`] or more: since the last meeting, or since the citizen was
    /// registered when they have had none.
    NoRecentMeeting,
    /// The revision date of the plan's Norwegian *individuell plan* part has passed.
    RevisionOverdue,
}

impl Attention {
    pub const ALL: [Attention; 6] = [
        Attention::PlanMissing,
        Attention::FollowUpOverdue,
        Attention::Deterioration,
        Attention::AlertAtLastMeeting,
        Attention::NoRecentMeeting,
        Attention::RevisionOverdue,
    ];

    /// Its name where a front end or a test names it.
    pub fn code(self) -> &'static str {
        match self {
            Attention::PlanMissing => "plan_missing",
            Attention::FollowUpOverdue => "follow_up_overdue",
            Attention::Deterioration => "deterioration",
            Attention::AlertAtLastMeeting => "alert_at_last_meeting",
            Attention::NoRecentMeeting => "no_recent_meeting",
            Attention::RevisionOverdue => "revision_overdue",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// How many weeks without a meeting count as too long.
    pub quiet_weeks: u32,
    /// The unit's rules, of which the limit of meetings before a plan decides [`Attention::PlanMissing`].
    pub rules: UnitRules,
}

impl Default for Config {
    /// Six weeks: three missed fortnightly dialogue meetings, well inside the three months between follow-ups;
    /// a youth unit's rules.
    fn default() -> Config {
        Config {
            quiet_weeks: 6,
            rules: UnitRules::default(),
        }
    }
}

/// One citizen as the overview sees them: their row ([`super::overview`]), their plan, their stored meeting records
/// and the days of their FIT forms (any order, repeats allowed).
pub struct Seen<'a> {
    pub citizen: &'a Citizen,
    pub row: &'a CitizenRow,
    pub plan: Option<&'a Plan>,
    pub meetings: &'a [Meeting],
    pub fit_dates: &'a [NaiveDate],
}

/// The reasons `seen` needs attention on `today`, in [`Attention::ALL`]'s order.
pub fn attention(seen: &Seen, today: NaiveDate, config: Config) -> Vec<Attention> {
    let last_meeting = last_meeting(seen, today);
    let quiet_since = last_meeting.unwrap_or(seen.citizen.meta.created_at.date_naive());
    let quiet_limit = today.checked_sub_days(Days::new(7 * u64::from(config.quiet_weeks)));
    Attention::ALL
        .into_iter()
        .filter(|attention| match attention {
            Attention::PlanMissing => missing_plan_since(
                seen.plan,
                seen.meetings,
                seen.fit_dates,
                today,
                &config.rules,
            )
            .is_some(),
            Attention::FollowUpOverdue => seen.plan.is_some_and(|plan| plan.overdue(today)),
            Attention::Deterioration => seen.row.change == Some(Reliable::Deterioration),
            Attention::AlertAtLastMeeting => {
                let alerted = seen.row.last_session_alert.as_ref().map(|alert| alert.date);
                last_meeting.is_some() && alerted == last_meeting
            }
            Attention::NoRecentMeeting => quiet_limit.is_some_and(|limit| quiet_since <= limit),
            Attention::RevisionOverdue => seen
                .plan
                .is_some_and(|plan| plan.revision_overdue(today).is_some()),
        })
        .collect()
}

/// How many citizens each reason holds, given each citizen's reasons, in [`Attention::ALL`]'s order.
pub fn counts(reasons: &[Vec<Attention>]) -> [(Attention, usize); Attention::ALL.len()] {
    Attention::ALL.map(|attention| {
        let count = reasons
            .iter()
            .filter(|reasons| reasons.contains(&attention))
            .count();
        (attention, count)
    })
}

/// The day of the latest meeting held by `today`: a meeting record, a plan's dialogue meeting or a day of FIT forms.
fn last_meeting(seen: &Seen, today: NaiveDate) -> Option<NaiveDate> {
    with_plan_meetings(seen.meetings, seen.plan)
        .iter()
        .map(|meeting| meeting.date)
        .chain(seen.fit_dates.iter().copied())
        .filter(|date| *date <= today)
        .max()
}

#[cfg(test)]
mod tests;

//! One citizen at a glance, for the colleague who takes over or the caseworker who reads many: the last
//! meeting, what was agreed at it, what is due next and the latest scores, each with who rated it.
//!
//! Nothing here is new information: it is what the citizen's meetings, plan and forms already say, picked
//! so that the handover does not mean reading four pages. A meeting is a meeting record (the plan's own
//! older ones included, [`crate::meeting::with_plan_meetings`]) or a day of FIT forms, as the five-meeting
//! rule counts them. Today is an argument; nothing reads a clock.

use chrono::{NaiveDate, NaiveTime};

use crate::fit::{Kind, Rater, Registry, Response, Tenths};
use crate::mastery::{Assessment, FollowUp, Plan, TScore};
use crate::meeting::{Meeting, counted_meeting_dates};
use crate::sort;
use crate::unit::UnitRules;

/// What a handover says about one citizen.
#[derive(Clone, Debug, PartialEq)]
pub struct Handover {
    /// The latest meeting held by today, `None` before the first.
    pub last_meeting: Option<LastMeeting>,
    /// What was agreed at the latest meeting held by today that recorded agreements: the ones in force.
    pub agreements: Option<Agreed>,
    /// What is due, the plan's own rule first, then by date.
    pub due: Vec<Due>,
    /// The latest total each rater gave on each instrument: outcome forms before session forms, the
    /// citizen before a parent before staff.
    pub scores: Vec<LatestScore>,
    /// The latest round of each mastery schema rated: who rated in it, and when last.
    pub rounds: Vec<LatestRound>,
    /// The plan's latest follow-up, `None` before the first.
    pub follow_up: Option<ScoredFollowUp>,
}

/// The latest meeting: its day and, when one was recorded that day, its record (the latest started).
/// A day of FIT forms without a record is a meeting too.
#[derive(Clone, Debug, PartialEq)]
pub struct LastMeeting {
    pub date: NaiveDate,
    pub record: Option<Meeting>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Agreed {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// The unit holds at most `limit` dialogue meetings before a plan ([`UnitRules::meetings_before_plan`])
    /// and none is made yet ([`Plan::is_made`]): how many that count towards it have been held.
    Plan { counted: usize, limit: usize },
    /// The next meeting, as the latest meeting that set one said; `overdue` when its day has passed
    /// without a meeting.
    Meeting { date: NaiveDate, overdue: bool },
    /// The plan's next follow-up; `overdue` when due before today.
    FollowUp { date: NaiveDate, overdue: bool },
    /// A Norwegian individual plan's revision date; `overdue` once it has passed.
    Revision { date: NaiveDate, overdue: bool },
}

impl Due {
    fn date(self) -> Option<NaiveDate> {
        match self {
            Due::Plan { .. } => None,
            Due::Meeting { date, .. } | Due::FollowUp { date, .. } | Due::Revision { date, .. } => {
                Some(date)
            }
        }
    }
}

/// The latest form a rater gave on an instrument, and the total of the one before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestScore {
    pub instrument: String,
    pub kind: Kind,
    pub rater: Rater,
    pub date: NaiveDate,
    pub total: Tenths,
    pub previous: Option<Tenths>,
}

/// The latest round of ratings on one mastery schema: its number, the raters in it (the citizen before a
/// parent before staff) and the day of the latest rating in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestRound {
    pub schema: String,
    pub round: u32,
    pub raters: Vec<Rater>,
    pub date: NaiveDate,
}

/// A follow-up's T-score with each goal's level beside it, so a 50 made of +1 and −1 still shows the goal
/// that is behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoredFollowUp {
    pub date: NaiveDate,
    /// `None` when the plan's weights do not give one (see [`Plan::t_score`]).
    pub t_score: Option<TScore>,
    /// `(goal number, the goal in the citizen's words, level −2 to +2)`, in the plan's order of goals.
    pub levels: Vec<(u32, String, i8)>,
}

/// One citizen's records as the handover reads them, each in any order: their meetings (stored records and
/// the plan's own), their plan, their completed FIT forms and their mastery ratings.
pub struct Seen<'a> {
    pub meetings: &'a [Meeting],
    pub plan: Option<&'a Plan>,
    pub forms: &'a [Response],
    pub ratings: &'a [Assessment],
}

/// The handover of one citizen on `today` at a unit with `rules`; FIT totals from `registry`, a form that
/// fits no instrument there left out.
pub fn handover(seen: &Seen, registry: &Registry, rules: &UnitRules, today: NaiveDate) -> Handover {
    let Seen {
        meetings,
        plan,
        forms,
        ratings,
    } = *seen;
    let mut held: Vec<&Meeting> = meetings
        .iter()
        .filter(|meeting| meeting.date <= today)
        .collect();
    // Two meetings started the same minute (an acute contact recorded right after the dialogue meeting)
    // are in the order they were recorded.
    sort::by_key(&mut held, |meeting| {
        (
            meeting.date,
            meeting.time.unwrap_or(NaiveTime::MIN),
            meeting.meta.created_at,
        )
    });
    let form_days: Vec<NaiveDate> = forms.iter().map(|form| form.date).collect();
    let last_day = held
        .iter()
        .map(|meeting| meeting.date)
        .chain(form_days.iter().copied().filter(|day| *day <= today))
        .max();
    let last_meeting = last_day.map(|date| LastMeeting {
        date,
        record: held
            .iter()
            .rev()
            .find(|meeting| meeting.date == date)
            .map(|meeting| (*meeting).clone()),
    });
    let agreements = held
        .iter()
        .rev()
        .find(|meeting| !meeting.agreements.trim().is_empty())
        .map(|meeting| Agreed {
            date: meeting.date,
            text: meeting.agreements.clone(),
        });
    Handover {
        last_meeting,
        agreements,
        due: due(&held, last_day, seen, rules, &form_days, today),
        scores: latest_scores(forms, registry),
        rounds: latest_rounds(ratings),
        follow_up: plan.and_then(|plan| {
            plan.latest_follow_up()
                .map(|follow_up| ScoredFollowUp::of(plan, follow_up))
        }),
    }
}

fn due(
    held: &[&Meeting],
    last_day: Option<NaiveDate>,
    seen: &Seen,
    rules: &UnitRules,
    form_days: &[NaiveDate],
    today: NaiveDate,
) -> Vec<Due> {
    let mut due = Vec::new();
    let made = seen.plan.is_some_and(Plan::is_made);
    if let (Some(limit), false) = (rules.meetings_before_plan, made) {
        let counted = counted_meeting_dates(seen.meetings, form_days)
            .into_iter()
            .filter(|date| *date <= today)
            .count();
        due.push(Due::Plan {
            counted,
            limit: usize::from(limit.get()),
        });
    }
    // The next meeting the latest record set, unless a meeting has been held on or after that day since.
    let next = held.iter().rev().find_map(|meeting| meeting.next_date);
    if let Some(date) = next.filter(|date| last_day.is_none_or(|last| last < *date)) {
        due.push(Due::Meeting {
            date,
            overdue: date < today,
        });
    }
    let agreed = seen.plan.filter(|plan| plan.agreed_on.is_some());
    if let Some(date) = agreed.and_then(Plan::next_follow_up) {
        due.push(Due::FollowUp {
            date,
            overdue: date < today,
        });
    }
    let revision = seen
        .plan
        .and_then(|plan| plan.individual_plan.as_ref()?.revision_due);
    if let Some(date) = revision {
        due.push(Due::Revision {
            date,
            overdue: seen
                .plan
                .is_some_and(|plan| plan.revision_overdue(today).is_some()),
        });
    }
    sort::by_key(&mut due, |due| due.date());
    due
}

fn latest_scores(forms: &[Response], registry: &Registry) -> Vec<LatestScore> {
    let rank = |form: &Response| {
        let kind: u8 = match form.kind {
            Kind::Outcome => 0,
            Kind::Session => 1,
        };
        let rater = Rater::ALL.iter().position(|rater| *rater == form.rater);
        (kind, rater, form.instrument.as_str().to_owned())
    };
    let mut scored: Vec<(&Response, Tenths)> = forms
        .iter()
        .filter_map(|form| {
            let definition = registry
                .get(form.instrument.as_str(), Some(form.version))
                .ok()?;
            Some((form, form.total(definition)?))
        })
        .collect();
    sort::by_key(&mut scored, |(form, _)| {
        (rank(form), form.date, form.meeting, form.meta.created_at)
    });
    let mut latest: Vec<LatestScore> = Vec::new();
    let mut group: Option<(u8, Option<usize>, String)> = None;
    for (form, total) in scored {
        let this = rank(form);
        let previous = if group.as_ref() == Some(&this) {
            latest.pop().map(|score| score.total)
        } else {
            None
        };
        latest.push(LatestScore {
            instrument: form.instrument.as_str().to_owned(),
            kind: form.kind,
            rater: form.rater,
            date: form.date,
            total,
            previous,
        });
        group = Some(this);
    }
    latest
}

fn latest_rounds(ratings: &[Assessment]) -> Vec<LatestRound> {
    let mut latest: Vec<LatestRound> = Vec::new();
    for rating in ratings {
        let schema = rating.schema.as_str();
        match latest.iter_mut().find(|round| round.schema == schema) {
            Some(round) if round.round > rating.round => {}
            Some(round) if round.round == rating.round => {
                if !round.raters.contains(&rating.rater) {
                    round.raters.push(rating.rater);
                }
                round.date = round.date.max(rating.date);
            }
            Some(round) => {
                *round = LatestRound::of(rating);
            }
            None => latest.push(LatestRound::of(rating)),
        }
    }
    for round in &mut latest {
        sort::by_key(&mut round.raters, |rater| {
            Rater::ALL.iter().position(|each| each == rater)
        });
    }
    sort::by_key(&mut latest, |round| round.schema.clone());
    latest
}

impl LatestRound {
    fn of(rating: &Assessment) -> LatestRound {
        LatestRound {
            schema: rating.schema.as_str().to_owned(),
            round: rating.round,
            raters: vec![rating.rater],
            date: rating.date,
        }
    }
}

impl ScoredFollowUp {
    /// `follow_up` of `plan` with its T-score and the level of each goal it scored.
    pub fn of(plan: &Plan, follow_up: &FollowUp) -> ScoredFollowUp {
        let levels = plan
            .goals
            .iter()
            .filter_map(|goal| {
                let level = follow_up.level_of(goal.number)?;
                Some((goal.number, goal.own_words.clone(), level))
            })
            .collect();
        ScoredFollowUp {
            date: follow_up.date,
            t_score: plan.t_score(follow_up).ok(),
            levels,
        }
    }
}

#[cfg(test)]
mod tests;

//! One citizen at a glance for whoever takes over (the core's `progress::handover`): the last meeting, what
//! was agreed, what is due next and the latest scores and mastery rounds with who rated them; on the tablet's citizen page and
//! the caseworker's.

use mestring_core::progress::handover::{
    Due, Handover, LastMeeting, LatestRound, LatestScore, ScoredFollowUp,
};
use yew::prelude::*;

use crate::i18n::{I18n, Key};
use crate::pages::plan::{level_key, record_line};
use crate::schemas;

pub fn handover_card(i18n: I18n, handover: &Handover) -> Html {
    html! {
        <section class="card handover" aria-labelledby="handover-title">
            <h2 id="handover-title">{ i18n.t(Key::HandoverTitle) }</h2>
            <dl>
                <dt>{ i18n.t(Key::HandoverLastMeeting) }</dt>
                <dd>{ last_meeting(i18n, handover.last_meeting.as_ref()) }</dd>
                if let Some(agreed) = &handover.agreements {
                    <dt>{ i18n.f(Key::HandoverAgreed, &[("date", &i18n.date(agreed.date))]) }</dt>
                    <dd class="agreements"><bdi>{ agreed.text.clone() }</bdi></dd>
                }
                <dt>{ i18n.t(Key::HandoverDue) }</dt>
                <dd>
                    if handover.due.is_empty() {
                        { i18n.t(Key::HandoverNothingDue) }
                    } else {
                        <ul>
                            for due in &handover.due {
                                { due_line(i18n, *due) }
                            }
                        </ul>
                    }
                </dd>
                <dt>{ i18n.t(Key::HandoverScores) }</dt>
                <dd>
                    if handover.scores.is_empty() && handover.rounds.is_empty() {
                        { i18n.t(Key::HandoverNoScores) }
                    } else {
                        <ul>
                            for score in &handover.scores {
                                <li>{ score_line(i18n, score) }</li>
                            }
                            for round in &handover.rounds {
                                <li>{ round_line(i18n, round) }</li>
                            }
                        </ul>
                    }
                </dd>
                if let Some(follow_up) = &handover.follow_up {
                    <dt>{ i18n.f(Key::HandoverFollowUp, &[("date", &i18n.date(follow_up.date))]) }</dt>
                    <dd>{ follow_up_levels(i18n, follow_up) }</dd>
                }
            </dl>
        </section>
    }
}

fn last_meeting(i18n: I18n, last: Option<&LastMeeting>) -> String {
    match last {
        None => i18n.t(Key::HandoverNoMeeting).to_owned(),
        Some(LastMeeting {
            record: Some(meeting),
            ..
        }) => record_line(i18n, meeting),
        Some(LastMeeting { date, record: None }) => {
            i18n.f(Key::HandoverFormsOnly, &[("date", &i18n.date(*date))])
        }
    }
}

fn due_line(i18n: I18n, due: Due) -> Html {
    let (text, overdue) = match due {
        Due::Plan { counted, limit } => (
            i18n.f(Key::PlanCounted, &[("n", &counted), ("max", &limit)]),
            false,
        ),
        Due::Meeting { date, overdue } => {
            let key = if overdue {
                Key::HandoverMeetingOverdue
            } else {
                Key::PlanNextMeeting
            };
            (i18n.f(key, &[("date", &i18n.date(date))]), overdue)
        }
        Due::Revision { date, overdue } => {
            let key = if overdue { Key::IpOverdue } else { Key::IpDue };
            (i18n.f(key, &[("date", &i18n.date(date))]), overdue)
        }
        Due::FollowUp { date, overdue } => {
            let key = if overdue {
                Key::PlanOverdue
            } else {
                Key::PlanNextFollowUp
            };
            (i18n.f(key, &[("date", &i18n.date(date))]), overdue)
        }
    };
    html! { <li class={classes!(overdue.then_some("overdue"))}>{ text }</li> }
}

/// "ORS, borgeren selv, 05.11.2026: 24,0 (+8,0 siden forrige)".
fn score_line(i18n: I18n, score: &LatestScore) -> String {
    let form = score.instrument.to_ascii_uppercase();
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("form", &form),
        ("rater", &i18n.rater_in_text(score.rater)),
        ("date", &i18n.date(score.date)),
        ("total", &i18n.tenths(score.total.get().into())),
    ];
    match score.previous {
        None => i18n.f(Key::HandoverScore, &args),
        Some(previous) => {
            let change =
                i18n.signed_tenths(i64::from(score.total.get()) - i64::from(previous.get()));
            let mut args = args.to_vec();
            args.push(("change", &change));
            i18n.f(Key::HandoverScoreChange, &args)
        }
    }
}

/// "Mit liv lige nu: runde 2, borgeren selv, en medarbejder, senest 20.11.2026".
fn round_line(i18n: I18n, round: &LatestRound) -> String {
    let title = schemas::registry()
        .and_then(|registry| registry.get(&round.schema, None).ok())
        .map_or_else(
            || round.schema.clone(),
            |schema| schema.title().get(i18n.lang).to_owned(),
        );
    let raters: Vec<&str> = round
        .raters
        .iter()
        .map(|rater| i18n.rater_in_text(*rater))
        .collect();
    i18n.f(
        Key::HandoverRound,
        &[
            ("schema", &title),
            ("round", &round.round),
            ("raters", &raters.join(", ")),
            ("date", &i18n.date(round.date)),
        ],
    )
}

/// The T-score with what it means, and each goal's level beside it: 50 can be +1 and −1.
pub fn follow_up_levels(i18n: I18n, follow_up: &ScoredFollowUp) -> Html {
    html! {
        <>
            if let Some(score) = follow_up.t_score {
                <p>
                    { i18n.f(Key::FollowUpScore, &[("score", &i18n.tenths(score.tenths().into()))]) }
                    { " " }
                    <span class="explain">{ i18n.t(Key::FollowUpScoreMeaning) }</span>
                </p>
            }
            <ul>
                for (number, words, level) in &follow_up.levels {
                    <li class={classes!((*level < 0).then_some("behind"))}>
                        { i18n.f(Key::HandoverGoalNumber, &[("n", number)]) }
                        <bdi>{ words.clone() }</bdi>
                        { ": " }
                        { i18n.t(level_key(*level)) }
                    </li>
                }
            </ul>
        </>
    }
}

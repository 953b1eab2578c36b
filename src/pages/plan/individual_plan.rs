//! The Norwegian *individuell plan* part as the plan page shows it: the coordinator, period, revision date,
//! measures with who is responsible, consent and ansvarsgruppe, what a complete IP still lacks, and the notice
//! when the revision date has passed.

use chrono::NaiveDate;
use mestring_core::mastery::{IndividualPlan, Missing, Revision};
use yew::prelude::*;

use crate::i18n::{I18n, Key};

/// The notice of the revision: an error once the date has passed, a reminder when it is near.
pub fn revision_notice(i18n: I18n, ip: &IndividualPlan, today: NaiveDate) -> Html {
    match ip.revision(today) {
        Revision::Overdue(due) => html! {
            <p class="notice notice-error" role="alert" data-notice="revision-overdue">
                { i18n.f(Key::IpOverdue, &[("date", &i18n.date(due))]) }
            </p>
        },
        Revision::Due(due) => html! {
            <p class="notice">{ i18n.f(Key::IpDue, &[("date", &i18n.date(due))]) }</p>
        },
        Revision::Scheduled(_) | Revision::NotSet => Html::default(),
    }
}

/// The IP part in plain words.
pub fn ip_card(i18n: I18n, ip: &IndividualPlan) -> Html {
    let not_filled = i18n.t(Key::IpNotFilled);
    let date = |date: Option<NaiveDate>| date.map_or(not_filled.to_owned(), |date| i18n.date(date));
    let coordinator = match ip.coordinator.as_str() {
        "" => not_filled,
        text => text,
    };
    let consent = match ip.consent {
        None => i18n.t(Key::IpConsentNone).to_owned(),
        Some(consent) => match (consent.given, consent.date) {
            (true, date_given) => i18n.f(Key::IpConsentGiven, &[("date", &date(date_given))]),
            (false, Some(day)) => i18n.f(Key::IpConsentRefused, &[("date", &i18n.date(day))]),
            (false, None) => i18n.t(Key::IpConsentUndated).to_owned(),
        },
    };
    let missing = ip.missing();
    html! {
        <section class="card ip-card" aria-labelledby="ip-title">
            <h2 id="ip-title">{ i18n.t(Key::IpTitle) }</h2>
            <ul>
                <li>{ i18n.f(Key::IpCoordinatorLine, &[("coordinator", &coordinator)]) }</li>
                <li>{ i18n.f(Key::IpPeriodLine, &[("from", &date(ip.period_from)), ("to", &date(ip.period_to))]) }</li>
                <li>{ i18n.f(Key::IpRevisionLine, &[("date", &date(ip.revision_due))]) }</li>
                <li>{ consent }</li>
            </ul>
            if ip.measures().next().is_some() {
                <h3>{ i18n.t(Key::IpMeasures) }</h3>
                <ul>
                    for measure in ip.measures() {
                        <li>
                            { &measure.what }
                            if !measure.responsible.is_empty() {
                                { " – " }{ i18n.f(Key::IpResponsible, &[("who", &measure.responsible)]) }
                            }
                        </li>
                    }
                </ul>
            }
            if !ip.members.is_empty() {
                <h3>{ i18n.t(Key::IpMembers) }</h3>
                <ul>
                    for member in &ip.members {
                        <li>
                            { i18n.role(member.role) }
                            if !member.description.is_empty() {
                                { format!(" ({})", member.description) }
                            }
                        </li>
                    }
                </ul>
            }
            if !missing.is_empty() {
                <p class="notice">{ i18n.f(Key::IpMissing, &[("what", &missing_list(i18n, &missing))]) }</p>
            }
        </section>
    }
}

fn missing_list(i18n: I18n, missing: &[Missing]) -> String {
    let named: Vec<String> = missing
        .iter()
        .map(|missing| match missing {
            Missing::Coordinator => i18n.t(Key::IpMissingCoordinator).to_owned(),
            Missing::Period => i18n.t(Key::IpMissingPeriod).to_owned(),
            Missing::RevisionDate => i18n.t(Key::IpMissingRevision).to_owned(),
            Missing::Measures => i18n.t(Key::IpMissingMeasures).to_owned(),
            Missing::Responsible(idx) => i18n.f(Key::IpMissingResponsible, &[("n", &(idx + 1))]),
            Missing::Consent => i18n.t(Key::IpMissingConsent).to_owned(),
            Missing::Members => i18n.t(Key::IpMissingMembers).to_owned(),
        })
        .collect();
    named.join(", ")
}

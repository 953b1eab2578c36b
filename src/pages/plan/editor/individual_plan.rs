//! The editor's section for the Norwegian *individuell plan* part: coordinator, plan period, revision date,
//! measures with who is responsible, consent and the ansvarsgruppe. A collapsible section, so a plan that is
//! not an IP keeps the editor as short as it was; open from the start when the plan already has IP data.

use mestring_core::mastery::{IndividualPlan, PlanText};
use mestring_core::meeting::Role;
use yew::prelude::*;

use super::model::{IpDate, IpEdit, MeasurePart, PlanAction};
use super::{Dispatch, text_input};
use crate::browser::typed;
use crate::i18n::{I18n, Key};

fn ip_action<E: 'static>(on: &Dispatch<'_>, edit: impl Fn(E) -> IpEdit + 'static) -> Callback<E> {
    on.action(move |event| PlanAction::IndividualPlan { edit: edit(event) })
}

/// The IP section of the editor, for the draft's part (`None` while nothing of it is typed).
pub fn ip_section(i18n: I18n, part: Option<&IndividualPlan>, on: &Dispatch<'_>) -> Html {
    let empty = IndividualPlan::default();
    let ip = part.unwrap_or(&empty);
    let date = |field: IpDate, id: &'static str, label: Key, value: Option<chrono::NaiveDate>| {
        html! {
            <div class="field">
                <label for={id}>{ i18n.t(label) }</label>
                <input
                    id={id}
                    type="date"
                    value={value.map(|date| date.to_string()).unwrap_or_default()}
                    onchange={ip_action(on, move |event: Event| IpEdit::Date { field, text: typed(&event) })}
                />
            </div>
        }
    };
    let consent = match ip.consent {
        None => "",
        Some(consent) if consent.given => "yes",
        Some(_) => "no",
    };
    html! {
        <details class="card ip-fields" open={part.is_some()}>
            <summary><h2>{ i18n.t(Key::IpTitle) }</h2></summary>
            <p class="field-hint">{ i18n.t(Key::IpHint) }</p>
            { text_input(i18n, "ip-coordinator", i18n.t(Key::IpCoordinator), &ip.coordinator, PlanText::Coordinator,
                ip_action(on, |text| IpEdit::Coordinator { text }), false) }
            <div class="field-row">
                { date(IpDate::PeriodFrom, "ip-period-from", Key::IpPeriodFrom, ip.period_from) }
                { date(IpDate::PeriodTo, "ip-period-to", Key::IpPeriodTo, ip.period_to) }
            </div>
            { date(IpDate::Revision, "ip-revision", Key::IpRevision, ip.revision_due) }
            { measures(i18n, ip, on) }
            <div class="field-row">
                <div class="field">
                    <label for="ip-consent">{ i18n.t(Key::IpConsent) }</label>
                    <select
                        id="ip-consent"
                        onchange={ip_action(on, |event: Event| IpEdit::Consent { text: typed(&event) })}
                    >
                        for (value, key) in [("", Key::IpConsentNone), ("yes", Key::IpConsentYes), ("no", Key::IpConsentNo)] {
                            <option value={value} selected={consent == value}>{ i18n.t(key) }</option>
                        }
                    </select>
                </div>
                { date(IpDate::Consent, "ip-consent-date", Key::IpConsentDate, ip.consent.and_then(|consent| consent.date)) }
            </div>
            { members(i18n, ip, on) }
        </details>
    }
}

fn measures(i18n: I18n, ip: &IndividualPlan, on: &Dispatch<'_>) -> Html {
    let text = |row: usize, part: MeasurePart| {
        ip_action(on, move |text| IpEdit::Measure { row, part, text })
    };
    html! {
        <fieldset class="ip-group">
            <legend>{ i18n.t(Key::IpMeasures) }</legend>
            for (row, measure) in ip.measures.iter().enumerate() {
                <div class="field-row" key={row}>
                    { text_input(i18n, &format!("ip-measure-{row}-what"), &i18n.f(Key::IpMeasureWhat, &[("n", &(row + 1))]),
                        &measure.what, PlanText::Measure(row), text(row, MeasurePart::What), false) }
                    { text_input(i18n, &format!("ip-measure-{row}-responsible"), &i18n.f(Key::IpMeasureResponsible, &[("n", &(row + 1))]),
                        &measure.responsible, PlanText::Responsible(row), text(row, MeasurePart::Responsible), false) }
                </div>
            }
            <button type="button" onclick={ip_action(on, |_: MouseEvent| IpEdit::AddMeasure)}>
                { i18n.t(Key::IpAddMeasure) }
            </button>
        </fieldset>
    }
}

fn members(i18n: I18n, ip: &IndividualPlan, on: &Dispatch<'_>) -> Html {
    html! {
        <fieldset class="ip-group">
            <legend>{ i18n.t(Key::IpMembers) }</legend>
            if ip.members.is_empty() {
                <p>{ i18n.t(Key::IpNoMembers) }</p>
            }
            for (row, member) in ip.members.iter().enumerate() {
                {{
                    let role_id = format!("ip-member-{row}-role");
                    let role = i18n.role(member.role);
                    html! {
                        <div class="ip-member" key={row}>
                        <div class="field-row">
                            <div class="field">
                                <label for={role_id.clone()}>{ i18n.f(Key::IpMemberRole, &[("n", &(row + 1))]) }</label>
                                <select id={role_id}
                                    onchange={ip_action(on, move |event: Event| IpEdit::MemberRole { row, text: typed(&event) })}>
                                    for choice in Role::ALL {
                                        <option value={choice.code()} selected={choice == member.role}>{ i18n.role(choice) }</option>
                                    }
                                </select>
                            </div>
                            { text_input(i18n, &format!("ip-member-{row}"), &i18n.f(Key::IpMemberDescription, &[("n", &(row + 1))]),
                                &member.description, PlanText::Member(row),
                                ip_action(on, move |text| IpEdit::MemberDescription { row, text }), false) }
                        </div>
                        <button type="button"
                            aria-label={i18n.f(Key::IpRemoveMemberLabel, &[("role", &role)])}
                            onclick={ip_action(on, move |_: MouseEvent| IpEdit::RemoveMember { row })}>
                            { i18n.t(Key::IpRemoveMember) }
                        </button>
                        </div>
                    }
                }}
            }
            <button type="button" onclick={ip_action(on, |_: MouseEvent| IpEdit::AddMember)}>
                { i18n.t(Key::IpAddMember) }
            </button>
        </fieldset>
    }
}

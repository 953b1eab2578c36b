//! The unit's rules in the settings: its kind, which sets every rule to that kind's defaults, then each rule
//! with a plain word on what it does.

use mestring_core::mastery::Interval;
use mestring_core::unit::{MeetingLimit, UnitKind, UnitRules};
use yew::prelude::*;

use crate::browser::typed;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::pages::plan::editor::MONTH_CHOICES;

#[component]
pub fn UnitRulesSettings() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let rules = session.state().settings.rules;
    let on_rules = session.on_rules();
    let change = |edit: fn(UnitRules, String) -> UnitRules| {
        on_rules.reform(move |event: Event| edit(rules, typed(&event)))
    };
    let limit = rules.meetings_before_plan;
    html! {
        <section aria-labelledby="rules-title">
            <h2 id="rules-title">{ i18n.t(Key::SettingsRulesTitle) }</h2>
            <p class="field-hint">{ i18n.t(Key::SettingsRulesIntro) }</p>
            <fieldset class="choice-group">
                <legend>{ i18n.t(Key::SettingsUnitKind) }</legend>
                for kind in UnitKind::ALL {
                    <label class="radio-choice unit-kind">
                        <input
                            type="radio"
                            name="unit-kind"
                            value={kind.code()}
                            checked={rules.kind == kind}
                            onchange={on_rules.reform(move |_: Event| UnitRules::defaults(kind))}
                        />
                        <span>
                            <span class="choice-title">{ i18n.t(kind_title(kind)) }</span><br />
                            <span class="choice-text">{ i18n.t(kind_text(kind)) }</span>
                        </span>
                    </label>
                }
            </fieldset>
            <div class="field">
                <label class="radio-choice">
                    <input
                        id="rules-meeting-rule"
                        type="checkbox"
                        checked={limit.is_some()}
                        aria-describedby="rules-meeting-rule-hint"
                        onchange={on_rules.reform(move |_: Event| UnitRules {
                            meetings_before_plan: match limit {
                                Some(_) => None,
                                None => Some(MeetingLimit::FIVE),
                            },
                            ..rules
                        })}
                    />
                    { i18n.t(Key::SettingsMeetingRule) }
                </label>
                <p class="field-hint" id="rules-meeting-rule-hint">{ i18n.t(Key::SettingsMeetingRuleHint) }</p>
            </div>
            if let Some(limit) = limit {
                <div class="field">
                    <label for="rules-limit">{ i18n.t(Key::SettingsMeetingLimit) }</label>
                    <select id="rules-limit" onchange={change(|rules, text| UnitRules {
                        meetings_before_plan: text.parse().ok().and_then(MeetingLimit::new).or(rules.meetings_before_plan),
                        ..rules
                    })}>
                        for n in MeetingLimit::MIN..=MeetingLimit::MAX {
                            <option value={n.to_string()} selected={n == limit.get()}>{ n }</option>
                        }
                    </select>
                </div>
            }
            <div class="field">
                <label for="rules-months">{ i18n.t(Key::SettingsFollowUp) }</label>
                <select id="rules-months" aria-describedby="rules-months-hint" onchange={change(|rules, text| UnitRules {
                    follow_up: text.parse().ok().and_then(Interval::months).unwrap_or(rules.follow_up),
                    ..rules
                })}>
                    for months in MONTH_CHOICES {
                        <option value={months.to_string()} selected={months == rules.follow_up.get()}>
                            { i18n.f(Key::PlanMonthsOption, &[("months", &months)]) }
                        </option>
                    }
                </select>
                <p class="field-hint" id="rules-months-hint">{ i18n.t(Key::SettingsFollowUpHint) }</p>
            </div>
            <div class="field">
                <label class="radio-choice">
                    <input
                        id="rules-individual-plan"
                        type="checkbox"
                        checked={rules.individual_plan}
                        aria-describedby="rules-individual-plan-hint"
                        onchange={on_rules.reform(move |_: Event| UnitRules {
                            individual_plan: !rules.individual_plan,
                            ..rules
                        })}
                    />
                    { i18n.t(Key::SettingsIndividualPlan) }
                </label>
                <p class="field-hint" id="rules-individual-plan-hint">{ i18n.t(Key::SettingsIndividualPlanHint) }</p>
            </div>
            { defaults_note(i18n, rules) }
        </section>
    }
}

/// Says whether the rules are still the kind's defaults, so staff can tell a changed rule from a default.
fn defaults_note(i18n: I18n, rules: UnitRules) -> Html {
    let key = if rules == UnitRules::defaults(rules.kind) {
        Key::SettingsRulesAreDefaults
    } else {
        Key::SettingsRulesChanged
    };
    html! { <p class="field-hint">{ i18n.t(key) }</p> }
}

fn kind_title(kind: UnitKind) -> Key {
    match kind {
        UnitKind::YouthUnit => Key::SettingsKindYouthUnit,
        UnitKind::Botilbud => Key::SettingsKindBotilbud,
        UnitKind::IndividualPlan => Key::SettingsKindIndividualPlan,
    }
}

fn kind_text(kind: UnitKind) -> Key {
    match kind {
        UnitKind::YouthUnit => Key::SettingsKindYouthUnitText,
        UnitKind::Botilbud => Key::SettingsKindBotilbudText,
        UnitKind::IndividualPlan => Key::SettingsKindIndividualPlanText,
    }
}

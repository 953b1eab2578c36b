use mestring_core::citizen::Birth;
use mestring_core::fit::definition::InstrumentId;
use mestring_core::fit::meeting::{SetUp, planned, preselected_age};
use mestring_core::fit::{Rater, Response, age_on, next_form};
use mestring_core::iso;
use yew::prelude::*;

use super::step::short_name;
use crate::browser;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Key};
use crate::instruments;

#[derive(Properties, PartialEq)]
pub struct MeetingSetupProps {
    pub i18n: I18n,
    pub birth: Birth,
    pub rater: Rater,
    pub stored: Vec<Response>,
    /// The meeting set up: the tablet handed to the rater for the form the screen named.
    pub on_start: Callback<SetUp>,
}

/// Who else may rate in a meeting after `rater`: the citizen and a parent hand the tablet between them;
/// staff's own outcome scale is theirs alone.
fn others(rater: Rater) -> &'static [Rater] {
    match rater {
        Rater::Oneself => &[Rater::Parent],
        Rater::Parent => &[Rater::Oneself],
        Rater::Staff => &[],
    }
}

/// The meeting's date (today unless staff enter an earlier one), the form version, chosen by the rated
/// person's age unless staff choose another, and who rates after this rater (a parent after the young
/// person), so staff hand the tablet on without a new set-up. The summary and the button name the form
/// that comes next (the session scale once the outcome scale is stored), and the button hands the tablet
/// over with that very form: staff's screen until then, the rater's from then on.
#[component]
pub fn MeetingSetup(props: &MeetingSetupProps) -> Html {
    let i18n = props.i18n;
    let today = browser::now().date_naive();
    let date_text = use_state(|| today.to_string());
    let chosen = use_state(|| None::<InstrumentId>);
    let also = use_state(Vec::<Rater>::new);
    let Some(registry) = instruments::registry() else {
        return html! { <p>{ i18n.t(Key::MeetingNoInstruments) }</p> };
    };
    let date = iso::parse_date(&date_text).filter(|date| *date <= today);
    let age = age_on(props.birth, date.unwrap_or(today));
    let next = next_form(&props.stored, props.rater, date.unwrap_or(today));
    let choices = registry.choices(next.kind);
    let by_age = registry
        .for_age(
            next.kind,
            preselected_age(registry, &props.stored, props.rater, next, age),
        )
        .map(|definition| definition.id().clone());
    // A version chosen for the other kind of scale (before the date changed which comes next) no longer applies.
    let selected = (*chosen)
        .clone()
        .filter(|id| choices.iter().any(|definition| definition.id() == id))
        .or(by_age);
    let form_age = choices
        .iter()
        .find(|definition| Some(definition.id()) == selected.as_ref())
        .map(|definition| definition.audience().ages().min());
    let planned = date.zip(form_age).and_then(|(date, form_age)| {
        planned(registry, &props.stored, props.rater, date, form_age)
            .map(|planned| (date, form_age, planned))
    });

    let on_date = {
        let date_text = date_text.clone();
        Callback::from(move |text: String| date_text.set(text))
    };
    let on_start = planned.map(|(date, form_age, _)| {
        let set_up = SetUp {
            date,
            form_age,
            raters: std::iter::once(props.rater)
                .chain(also.iter().copied())
                .collect(),
            on: today,
        };
        let on_start = props.on_start.clone();
        Callback::from(move |_: MouseEvent| on_start.emit(set_up.clone()))
    });
    let problems = match date {
        Some(_) => Vec::new(),
        None => vec![i18n.t(Key::MeetingSetupDateInvalid).to_owned()],
    };
    html! {
        <section class="page meeting-setup">
            <h1>{ i18n.t(Key::MeetingSetupTitle) }{ " · " }{ i18n.rater(props.rater) }</h1>
            <TextField
                id="meeting-date"
                kind="date"
                max={AttrValue::from(today.to_string())}
                label={i18n.t(Key::MeetingSetupDate)}
                value={(*date_text).clone()}
                {problems}
                on_input={on_date}
            />
            <fieldset class="choice-group">
                <legend>{ i18n.t(Key::MeetingSetupForm) }</legend>
                <p class="field-hint">{ i18n.f(Key::MeetingSetupFormHint, &[("age", &age)]) }</p>
                for definition in choices {
                    <label class="radio-choice">
                        <input
                            type="radio"
                            name="meeting-form"
                            checked={Some(definition.id()) == selected.as_ref()}
                            onchange={
                                let (chosen, id) = (chosen.clone(), definition.id().clone());
                                Callback::from(move |_: Event| chosen.set(Some(id.clone())))
                            }
                        />
                        { i18n.f(Key::MeetingSetupFormOption, &[
                            ("title", &definition.title().get(i18n.lang)),
                            ("ages", &definition.audience().ages()),
                        ]) }
                    </label>
                }
            </fieldset>
            if !others(props.rater).is_empty() {
                <fieldset class="choice-group">
                    <legend>{ i18n.t(Key::MeetingSetupRaters) }</legend>
                    <p class="field-hint">{ i18n.f(Key::MeetingSetupRatersHint, &[("rater", &i18n.rater(props.rater))]) }</p>
                    for &other in others(props.rater) {
                        <label class="radio-choice">
                            <input
                                type="checkbox"
                                name="meeting-raters"
                                checked={also.contains(&other)}
                                onchange={
                                    let also = also.clone();
                                    Callback::from(move |_: Event| {
                                        let mut next = (*also).clone();
                                        match next.iter().position(|&rater| rater == other) {
                                            Some(idx) => { next.remove(idx); }
                                            None => next.push(other),
                                        }
                                        also.set(next);
                                    })
                                }
                            />
                            { i18n.rater(other) }
                        </label>
                    }
                </fieldset>
            }
            if let Some((_, _, planned)) = planned {
                <p class="meeting-summary">{ i18n.f(Key::MeetingSetupNumber, &[
                    ("meeting", &planned.meeting),
                    ("form", &planned.definition.title().get(i18n.lang)),
                ]) }</p>
            }
            <button type="button" class="primary big" disabled={on_start.is_none()} onclick={on_start}>
                { match planned {
                    Some((_, _, planned)) => i18n.f(Key::MeetingSetupStart, &[("form", &short_name(planned.definition))]),
                    None => i18n.t(Key::MeetingSetupStartNone).to_owned(),
                } }
            </button>
        </section>
    }
}

use chrono::NaiveDate;
use mestring_core::citizen::BirthYear;
use mestring_core::fit::definition::InstrumentId;
use mestring_core::fit::{Age, Kind, Rater, Response, age_on, next_form};
use mestring_core::iso;
use yew::prelude::*;

use crate::browser;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Key};
use crate::instruments;

/// What staff settle before handing over the tablet; kept for both forms of the meeting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    pub date: NaiveDate,
    /// The age the forms are chosen for: the person's own, or the youngest age of the version staff chose.
    pub form_age: Age,
}

#[derive(Properties, PartialEq)]
pub struct MeetingSetupProps {
    pub i18n: I18n,
    pub birth_year: BirthYear,
    pub rater: Rater,
    pub stored: Vec<Response>,
    pub on_start: Callback<Setup>,
}

/// The meeting's date (today unless staff enter an earlier one) and the form version, chosen by the rated
/// person's age unless staff choose another.
#[component]
pub fn MeetingSetup(props: &MeetingSetupProps) -> Html {
    let i18n = props.i18n;
    let today = browser::now().date_naive();
    let date_text = use_state(|| today.to_string());
    let chosen = use_state(|| None::<InstrumentId>);
    let Some(registry) = instruments::registry() else {
        return html! { <p>{ i18n.t(Key::MeetingNoInstruments) }</p> };
    };
    let date = iso::parse_date(&date_text).filter(|date| *date <= today);
    let age = age_on(props.birth_year, date.unwrap_or(today));
    let choices = registry.choices(Kind::Outcome);
    let by_age = registry
        .for_age(Kind::Outcome, age)
        .map(|definition| definition.id().clone());
    let selected = (*chosen).clone().or(by_age);
    let form_age = choices
        .iter()
        .find(|definition| Some(definition.id()) == selected.as_ref())
        .map(|definition| definition.audience().ages().min());

    let on_date = {
        let date_text = date_text.clone();
        Callback::from(move |text: String| date_text.set(text))
    };
    let on_start = match (date, form_age) {
        (Some(date), Some(form_age)) => {
            let on_start = props.on_start.clone();
            Some(Callback::from(move |_: MouseEvent| {
                on_start.emit(Setup { date, form_age })
            }))
        }
        _ => None,
    };
    let problems = match date {
        Some(_) => Vec::new(),
        None => vec![i18n.t(Key::MeetingSetupDateInvalid).to_owned()],
    };
    let meeting = date.map(|date| next_form(&props.stored, props.rater, date).meeting);
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
            if let Some(meeting) = meeting {
                <p>{ i18n.f(Key::MeetingSetupNumber, &[("meeting", &meeting)]) }</p>
            }
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
            <button type="button" class="primary big" disabled={on_start.is_none()} onclick={on_start}>
                { i18n.t(Key::MeetingSetupStart) }
            </button>
        </section>
    }
}

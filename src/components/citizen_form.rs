use std::collections::BTreeSet;
use std::rc::Rc;

use chrono::Datelike;
use mestring_core::citizen::{
    Citizen, CitizenDraft, CitizenField, CitizenFields, CitizenId, CitizenIssue, RegisterContext,
    validate,
};
use mestring_core::sort;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::browser;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Key};

/// What the form's fields hold, as typed; also the shape of its draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CitizenFormValues {
    pub label: String,
    pub birth_year: String,
    /// Blank where not given; a draft saved before the field existed has none.
    #[serde(default)]
    pub birth_month: String,
    pub unit: String,
}

impl CitizenFormValues {
    pub fn of(citizen: &Citizen) -> CitizenFormValues {
        CitizenFormValues {
            label: citizen.fields.label.as_str().to_owned(),
            birth_year: citizen.fields.birth_year.get().to_string(),
            birth_month: (citizen.fields.birth_month)
                .map(|month| month.get().to_string())
                .unwrap_or_default(),
            unit: citizen.fields.unit.as_str().to_owned(),
        }
    }

    /// Nothing worth keeping has been typed (the unit alone is filled in for staff).
    pub fn is_blank(&self) -> bool {
        self.label.trim().is_empty()
            && self.birth_year.trim().is_empty()
            && self.birth_month.trim().is_empty()
    }

    fn draft(&self) -> CitizenDraft<'_> {
        CitizenDraft {
            label: &self.label,
            birth_year: &self.birth_year,
            birth_month: &self.birth_month,
            unit: &self.unit,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct CitizenFormProps {
    pub i18n: I18n,
    pub initial: CitizenFormValues,
    /// The register, to keep labels unique and to suggest units.
    pub citizens: Rc<Vec<Citizen>>,
    /// The citizen being edited; `None` when adding.
    #[prop_or_default]
    pub editing: Option<CitizenId>,
    pub submit_label: Key,
    /// A save is under way: the button waits, so a double tap stores nothing twice.
    pub saving: bool,
    /// The last save failed: what was typed is still here.
    pub save_failed: bool,
    pub on_submit: Callback<CitizenFields>,
    /// Every change of a field, for autosaving a draft.
    #[prop_or_default]
    pub on_change: Callback<CitizenFormValues>,
}

/// Label, birth year, an optional birth month and unit, validated by the core; every problem is shown beside its field at once.
#[component]
pub fn CitizenForm(props: &CitizenFormProps) -> Html {
    let i18n = props.i18n;
    let values = use_state(|| props.initial.clone());
    let issues = use_state(Vec::<CitizenIssue>::new);
    let attempted = use_state(|| false);

    let check = {
        let citizens = props.citizens.clone();
        let editing = props.editing;
        move |values: &CitizenFormValues| {
            let now = browser::now();
            let context = RegisterContext {
                current_year: u16::try_from(now.year()).unwrap_or(u16::MAX),
                current_month: u8::try_from(now.month()).unwrap_or(12),
                citizens: &citizens,
                editing,
            };
            validate(&values.draft(), &context)
        }
    };

    let on_field = |set: fn(&mut CitizenFormValues, String)| {
        let (values, issues, attempted, check) = (
            values.clone(),
            issues.clone(),
            attempted.clone(),
            check.clone(),
        );
        let on_change = props.on_change.clone();
        Callback::from(move |text: String| {
            let mut next = (*values).clone();
            set(&mut next, text);
            on_change.emit(next.clone());
            // After a first attempt, problems disappear as soon as they are fixed.
            if *attempted {
                issues.set(check(&next).err().unwrap_or_default());
            }
            values.set(next);
        })
    };

    let onsubmit = {
        let (values, issues, attempted, check) = (
            values.clone(),
            issues.clone(),
            attempted.clone(),
            check.clone(),
        );
        let on_submit = props.on_submit.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            attempted.set(true);
            match check(&values) {
                Ok(fields) => {
                    issues.set(Vec::new());
                    on_submit.emit(fields);
                }
                Err(problems) => issues.set(problems),
            }
        })
    };

    let problems = |field: CitizenField| -> Vec<String> {
        issues
            .iter()
            .filter(|issue| issue.field() == field)
            .map(|issue| i18n.citizen_issue(issue))
            .collect()
    };
    let units: BTreeSet<&str> = sort::set(
        props
            .citizens
            .iter()
            .map(|citizen| citizen.fields.unit.as_str()),
    );

    html! {
        <form class="citizen-form" novalidate=true {onsubmit}>
            if !issues.is_empty() {
                <p class="form-summary" role="alert">{ i18n.t(Key::IssueSummary) }</p>
            }
            <TextField
                id="citizen-label"
                label={i18n.t(Key::CitizensLabel)}
                hint={Some(AttrValue::from(i18n.t(Key::CitizensLabelHint)))}
                value={values.label.clone()}
                problems={problems(CitizenField::Label)}
                on_input={on_field(|values, text| values.label = text)}
            />
            <TextField
                id="citizen-birth-year"
                label={i18n.t(Key::CitizensBirthYear)}
                hint={Some(AttrValue::from(i18n.t(Key::CitizensBirthYearHint)))}
                value={values.birth_year.clone()}
                inputmode={Some(AttrValue::from("numeric"))}
                problems={problems(CitizenField::BirthYear)}
                on_input={on_field(|values, text| values.birth_year = text)}
            />
            <TextField
                id="citizen-birth-month"
                label={i18n.t(Key::CitizensBirthMonth)}
                hint={Some(AttrValue::from(i18n.t(Key::CitizensBirthMonthHint)))}
                value={values.birth_month.clone()}
                inputmode={Some(AttrValue::from("numeric"))}
                problems={problems(CitizenField::BirthMonth)}
                on_input={on_field(|values, text| values.birth_month = text)}
            />
            <TextField
                id="citizen-unit"
                label={i18n.t(Key::CitizensUnit)}
                value={values.unit.clone()}
                suggestions={units.into_iter().map(str::to_owned).collect::<Vec<_>>()}
                problems={problems(CitizenField::Unit)}
                on_input={on_field(|values, text| values.unit = text)}
            />
            if props.save_failed {
                <p class="form-summary" role="alert">{ i18n.t(Key::StoreKeptInForm) }</p>
            }
            <button type="submit" class="primary" disabled={props.saving}>
                { i18n.t(props.submit_label) }
            </button>
        </form>
    }
}

use mestring_core::citizen::{Citizen, CitizenFields};
use yew::prelude::*;

use crate::app::Route;
use crate::components::citizen_form::{CitizenForm, CitizenFormValues};
use crate::components::route_link::RouteLink;
use crate::hooks::use_app::UseAppHandle;
use crate::hooks::use_citizen_save::use_citizen_save;
use crate::i18n::{I18n, Key};
use crate::state::{CitizenChange, Loaded};

#[derive(Properties, PartialEq)]
pub struct CitizensPageProps {
    pub app: UseAppHandle,
}

/// The register: add a citizen, see the list, open one to edit or archive.
#[component]
pub fn CitizensPage(props: &CitizensPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let save = use_citizen_save();
    // A new generation gives a fresh, empty form after each citizen is stored.
    let generation = use_state(|| 0u32);
    let show_archived = use_state(|| false);

    let citizens = match &app.state().citizens {
        Loaded::Ready(citizens) => citizens.clone(),
        Loaded::Loading => return html! { <p class="page">{ i18n.t(Key::AppLoading) }</p> },
        Loaded::Failed(_) => {
            return html! { <p class="page notice notice-error" role="alert">{ i18n.t(Key::StoreLoadFailed) }</p> };
        }
    };

    let on_submit = {
        let (app, save, generation) = (app.clone(), save.clone(), generation.clone());
        Callback::from(move |fields: CitizenFields| match app.new_record_ids() {
            Ok((id, meta)) => {
                let citizen = Citizen::new(id, fields, meta);
                let generation = generation.clone();
                save.run(&app, citizen, CitizenChange::Added, move || {
                    generation.set(*generation + 1)
                });
            }
            Err(err) => app.report_store_error(&err),
        })
    };
    // Most citizens join the unit of the one registered last.
    let initial = CitizenFormValues {
        unit: citizens
            .iter()
            .max_by_key(|citizen| citizen.meta.created_at)
            .map(|citizen| citizen.fields.unit.as_str().to_owned())
            .unwrap_or_default(),
        ..CitizenFormValues::default()
    };
    let on_toggle_archived = {
        let show_archived = show_archived.clone();
        Callback::from(move |_| show_archived.set(!*show_archived))
    };
    let shown: Vec<&Citizen> = citizens
        .iter()
        .filter(|citizen| *show_archived || !citizen.archived)
        .collect();

    html! {
        <section class="page">
            <h1>{ i18n.t(Key::CitizensTitle) }</h1>
            <section aria-labelledby="add-title" class="card">
                <h2 id="add-title">{ i18n.t(Key::CitizensAddTitle) }</h2>
                <CitizenForm
                    key={*generation}
                    {i18n}
                    {initial}
                    citizens={citizens.clone()}
                    submit_label={Key::CitizensAdd}
                    saving={save.saving()}
                    save_failed={save.failed()}
                    {on_submit}
                />
            </section>
            <section aria-labelledby="list-title">
                <h2 id="list-title">{ i18n.t(Key::CitizensListTitle) }</h2>
                <label class="toggle">
                    <input type="checkbox" checked={*show_archived} onchange={on_toggle_archived} />
                    { i18n.t(Key::CitizensShowArchived) }
                </label>
                if shown.is_empty() {
                    <p>{ i18n.t(Key::CitizensEmpty) }</p>
                } else {
                    <ul class="citizen-list">
                        for citizen in shown {
                            <li key={citizen.id.to_string()}>{ row(i18n, citizen) }</li>
                        }
                    </ul>
                }
            </section>
        </section>
    }
}

fn row(i18n: I18n, citizen: &Citizen) -> Html {
    let fields = &citizen.fields;
    html! {
        <RouteLink to={Route::CitizenEdit { id: citizen.id.to_string() }} class="citizen-row">
            <span class="citizen-label">{ fields.label.as_str() }</span>
            <span class="citizen-meta">
                { i18n.f(Key::CitizensBorn, &[("year", &fields.birth_year.get())]) }
                { " · " }
                { fields.unit.as_str() }
            </span>
            if citizen.archived {
                <span class="badge">{ i18n.t(Key::CitizensArchived) }</span>
            }
        </RouteLink>
    }
}

use mestring_core::citizen::{Citizen, CitizenFields};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::citizen_form::{CitizenForm, CitizenFormValues};
use crate::components::draft_offer::DraftOffer;
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::use_save;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::router::Route;
use crate::state::{CitizenChange, Loaded};

/// Where the add form's unfinished input is kept.
const NEW_CITIZEN_DRAFT: &str = "citizen/new";

/// The register: add a citizen, see the list, open one to edit or archive.
#[component]
pub fn CitizensPage() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let save = use_save();
    // A new generation gives a fresh, empty form after each citizen is stored.
    let generation = use_state(|| 0u32);
    let show_archived = use_state(|| false);
    // A draft found at start is offered before the form opens, so typing cannot overwrite it.
    let offered_draft = use_state(|| None::<CitizenFormValues>);
    let resumed = use_state(|| None::<CitizenFormValues>);
    {
        let (records, offered_draft) = (records.clone(), offered_draft.clone());
        use_effect_with(records.has_store(), move |&has_store| {
            if has_store {
                spawn_local(async move {
                    let draft = records.draft::<CitizenFormValues>(NEW_CITIZEN_DRAFT).await;
                    offered_draft.set(draft.filter(|values| !values.is_blank()));
                });
            }
        });
    }

    let citizens = match &session.state().citizens {
        Loaded::Ready(citizens) => citizens.clone(),
        Loaded::Loading => return html! { <p class="page">{ i18n.t(Key::AppLoading) }</p> },
        Loaded::Failed(_) => {
            return html! { <p class="page notice notice-error" role="alert">{ i18n.t(Key::StoreLoadFailed) }</p> };
        }
    };

    let on_submit = {
        let (session, records, save, generation, resumed) = (
            session.clone(),
            records.clone(),
            save.clone(),
            generation.clone(),
            resumed.clone(),
        );
        Callback::from(
            move |fields: CitizenFields| match records.new_record_ids() {
                Ok((id, meta)) => {
                    let citizen = Citizen::new(id, fields, meta);
                    let (generation, resumed) = (generation.clone(), resumed.clone());
                    let on_stored = move || {
                        resumed.set(None);
                        generation.set(*generation + 1);
                    };
                    let draft = Some(NEW_CITIZEN_DRAFT);
                    let records = records.clone();
                    save.run(
                        async move {
                            records
                                .store_citizen(citizen, CitizenChange::Added, draft)
                                .await
                        },
                        on_stored,
                    );
                }
                Err(err) => session.report_store_error(&err),
            },
        )
    };
    let on_change = {
        let records = records.clone();
        Callback::from(move |values: CitizenFormValues| {
            records.save_draft(NEW_CITIZEN_DRAFT.to_owned(), &values)
        })
    };
    let on_resume = {
        let (offered_draft, resumed, generation) =
            (offered_draft.clone(), resumed.clone(), generation.clone());
        Callback::from(move |_: MouseEvent| {
            resumed.set((*offered_draft).clone());
            offered_draft.set(None);
            generation.set(*generation + 1);
        })
    };
    let on_discard = {
        let (records, offered_draft) = (records.clone(), offered_draft.clone());
        Callback::from(move |_: MouseEvent| {
            records.discard_draft(NEW_CITIZEN_DRAFT.to_owned());
            offered_draft.set(None);
        })
    };
    // Most citizens join the unit of the one registered last.
    let initial = (*resumed).clone().unwrap_or_else(|| CitizenFormValues {
        unit: citizens
            .iter()
            .max_by_key(|citizen| citizen.meta.created_at)
            .map(|citizen| citizen.fields.unit.as_str().to_owned())
            .unwrap_or_default(),
        ..CitizenFormValues::default()
    });
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
                if offered_draft.is_some() {
                    <DraftOffer {i18n} text={i18n.t(Key::CitizensDraftFound)} {on_resume} {on_discard} />
                } else {
                    <CitizenForm
                        key={*generation}
                        {i18n}
                        {initial}
                        citizens={citizens.clone()}
                        submit_label={Key::CitizensAdd}
                        saving={save.saving()}
                        save_failed={save.failed()}
                        {on_submit}
                        {on_change}
                    />
                }
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
        <RouteLink to={Route::Citizen { id: citizen.id.to_string() }} class="citizen-row">
            <bdi class="citizen-label">{ fields.label.as_str() }</bdi>
            <span class="citizen-meta">
                { i18n.born(fields.birth()) }
                { " · " }
                <bdi>{ fields.unit.as_str() }</bdi>
            </span>
            if citizen.archived {
                <span class="badge">{ i18n.t(Key::CitizensArchived) }</span>
            }
        </RouteLink>
    }
}

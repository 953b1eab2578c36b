use mestring_core::citizen::{Citizen, CitizenFields};
use yew::prelude::*;

use crate::browser;
use crate::components::citizen_form::{CitizenForm, CitizenFormValues};
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::use_save;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::pages::lookup_citizen;
use crate::router::{Route, use_navigator};
use crate::state::CitizenChange;

#[derive(Properties, PartialEq)]
pub struct CitizenEditPageProps {
    /// The citizen's id as it stands in the address.
    pub id: AttrValue,
}

/// Rename a citizen, correct the birth year or unit, archive or restore.
#[component]
pub fn CitizenEditPage(props: &CitizenEditPageProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let save = use_save();
    let navigator = use_navigator();

    let (citizens, citizen) = match lookup_citizen(&session, &props.id) {
        Ok(found) => found,
        Err(page) => return page,
    };
    let citizen_route = Route::Citizen {
        id: citizen.id.to_string(),
    };
    let back_link = html! {
        <RouteLink to={citizen_route.clone()} class="button">{ i18n.t(Key::CitizenEditCancel) }</RouteLink>
    };

    let back_to_citizen = move || {
        navigator.emit(citizen_route.clone());
    };
    let on_submit = {
        let (records, save, citizen, back) = (
            records.clone(),
            save.clone(),
            citizen.clone(),
            back_to_citizen.clone(),
        );
        Callback::from(move |fields: CitizenFields| {
            let edited = citizen.with_fields(fields, browser::now());
            let records = records.clone();
            save.run(
                async move {
                    records
                        .store_citizen(edited, CitizenChange::Edited, None)
                        .await
                },
                back.clone(),
            );
        })
    };
    let on_archive = {
        let (records, save, citizen) = (records.clone(), save.clone(), citizen.clone());
        Callback::from(move |_: MouseEvent| {
            let change = if citizen.archived {
                CitizenChange::Restored
            } else {
                CitizenChange::Archived
            };
            let toggled: Citizen = citizen.with_archived(!citizen.archived, browser::now());
            let records = records.clone();
            save.run(
                async move { records.store_citizen(toggled, change, None).await },
                back_to_citizen.clone(),
            );
        })
    };
    let label = citizen.fields.label.as_str();

    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::CitizenEditTitle, "label", label) }</h1>
            <section class="card">
                <CitizenForm
                    {i18n}
                    initial={CitizenFormValues::of(&citizen)}
                    {citizens}
                    editing={Some(citizen.id)}
                    submit_label={Key::CitizenEditSave}
                    saving={save.saving()}
                    save_failed={save.failed()}
                    {on_submit}
                />
            </section>
            <section class="card">
                <p class="field-hint">{ i18n.t(Key::CitizenEditArchiveHint) }</p>
                <button type="button" disabled={save.saving()} onclick={on_archive}>
                    { i18n.t(if citizen.archived { Key::CitizenEditRestore } else { Key::CitizenEditArchive }) }
                </button>
            </section>
            { back_link }
        </section>
    }
}

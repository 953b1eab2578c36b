use mestring_core::citizen::{Citizen, CitizenFields, CitizenId};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::browser;
use crate::components::citizen_form::{CitizenForm, CitizenFormValues};
use crate::components::route_link::RouteLink;
use crate::hooks::use_app::UseAppHandle;
use crate::hooks::use_citizen_save::use_citizen_save;
use crate::i18n::Key;
use crate::state::{CitizenChange, Loaded};

#[derive(Properties, PartialEq)]
pub struct CitizenEditPageProps {
    pub app: UseAppHandle,
    /// The citizen's id as it stands in the address.
    pub id: AttrValue,
}

/// Rename a citizen, correct the birth year or unit, archive or restore.
#[component]
pub fn CitizenEditPage(props: &CitizenEditPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let save = use_citizen_save();
    let navigator = use_navigator();

    let citizens = match &app.state().citizens {
        Loaded::Ready(citizens) => citizens.clone(),
        Loaded::Loading => return html! { <p class="page">{ i18n.t(Key::AppLoading) }</p> },
        Loaded::Failed(_) => {
            return html! { <p class="page notice notice-error" role="alert">{ i18n.t(Key::StoreLoadFailed) }</p> };
        }
    };
    let back_link = html! {
        <RouteLink to={Route::Citizens} class="button">{ i18n.t(Key::CitizenEditCancel) }</RouteLink>
    };
    let found = CitizenId::parse(&props.id)
        .and_then(|id| citizens.iter().find(|citizen| citizen.id == id).cloned());
    let Some(citizen) = found else {
        return html! {
            <section class="page">
                <h1>{ i18n.t(Key::CitizenEditNotFound) }</h1>
                { back_link }
            </section>
        };
    };

    let back_to_list = move || {
        if let Some(navigator) = &navigator {
            navigator.push(&Route::Citizens);
        }
    };
    let on_submit = {
        let (app, save, citizen, back) = (
            app.clone(),
            save.clone(),
            citizen.clone(),
            back_to_list.clone(),
        );
        Callback::from(move |fields: CitizenFields| {
            let edited = citizen.with_fields(fields, browser::now());
            save.run(&app, edited, CitizenChange::Edited, None, back.clone());
        })
    };
    let on_archive = {
        let (app, save, citizen) = (app.clone(), save.clone(), citizen.clone());
        Callback::from(move |_: MouseEvent| {
            let change = if citizen.archived {
                CitizenChange::Restored
            } else {
                CitizenChange::Archived
            };
            let toggled: Citizen = citizen.with_archived(!citizen.archived, browser::now());
            save.run(&app, toggled, change, None, back_to_list.clone());
        })
    };
    let label = citizen.fields.label.as_str();

    html! {
        <section class="page">
            <h1>{ i18n.f(Key::CitizenEditTitle, &[("label", &label)]) }</h1>
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

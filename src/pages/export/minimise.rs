//! Data minimisation: staff delete forms the caseworker already has, after a confirmation that says how
//! many go. Never automatic; only exported forms; never the first or the latest of a citizen's series
//! (`store::kept_for_statistics`), so change since the first meeting and the meeting numbers stay as they
//! were, which the screen says.

mod model;

use std::rc::Rc;

use mestring_core::export::deletable;
use mestring_core::fit::ResponseId;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use self::model::{Minimise, MinimiseAction, Step};
use crate::browser;
use crate::components::text_field::TextField;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::{Counted, Key};

#[component]
pub fn DeleteExported() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let card = use_reducer(Minimise::default);
    let parsed = card.days();
    let on_days = card
        .dispatcher()
        .to_callback()
        .reform(|text| MinimiseAction::Days { text });
    let on_find = parsed.map(|days| {
        let (records, card) = (records.clone(), card.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let (records, card) = (records.clone(), card.clone());
            spawn_local(async move {
                card.dispatch(match records.all_responses().await {
                    Ok(responses) => {
                        let today = browser::now().date_naive();
                        let ids = Rc::new(deletable(&responses, today, days));
                        MinimiseAction::Found { ids }
                    }
                    Err(_) => MinimiseAction::Failed,
                });
            });
        })
    });
    let on_delete = |ids: Rc<Vec<ResponseId>>| {
        let (records, card) = (records.clone(), card.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let (records, card, ids) = (records.clone(), card.clone(), ids.clone());
            spawn_local(async move {
                card.dispatch(match records.delete_exported(&ids).await {
                    Ok(count) => MinimiseAction::Deleted { count },
                    Err(_) => MinimiseAction::Failed,
                });
            });
        })
    };
    let on_cancel = card
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| MinimiseAction::Cancel);
    let problems = match parsed {
        Some(_) => Vec::new(),
        None => vec![i18n.t(Key::ExportDeleteDaysInvalid).to_owned()],
    };
    html! {
        <section class="card" aria-labelledby="delete-title">
            <h2 id="delete-title">{ i18n.t(Key::ExportDeleteTitle) }</h2>
            <p>{ i18n.t(Key::ExportDeleteLead) }</p>
            <p id="delete-kept">{ i18n.t(Key::ExportDeleteKept) }</p>
            <TextField
                id="delete-days"
                label={i18n.t(Key::ExportDeleteDays)}
                inputmode="numeric"
                value={card.days.clone()}
                {problems}
                on_input={on_days}
            />
            <button type="button" class="big" disabled={on_find.is_none()} onclick={on_find}>
                { i18n.t(Key::ExportDeleteFind) }
            </button>
            <div aria-live="polite">
                {
                    match &card.step {
                        Step::Choosing => html! {},
                        Step::Confirming(ids) if ids.is_empty() => html! {
                            <p class="notice notice-update">{ i18n.t(Key::ExportDeleteNone) }</p>
                        },
                        Step::Confirming(ids) => html! {
                            <div class="notice notice-error">
                                <p>{ i18n.f(Key::ExportDeleteConfirm, &[("forms", &i18n.count(Counted::Forms, ids.len()))]) }</p>
                                <button type="button" class="big" onclick={on_delete(ids.clone())}>
                                    { i18n.f(Key::ExportDeleteYes, &[("forms", &i18n.count(Counted::Forms, ids.len()))]) }
                                </button>
                                <button type="button" class="big" onclick={on_cancel}>{ i18n.t(Key::ExportDeleteCancel) }</button>
                            </div>
                        },
                        Step::Deleted(count) => html! {
                            <p class="notice">{ i18n.f(Key::ExportDeleteDone, &[("forms", &i18n.count(Counted::Forms, *count))]) }</p>
                        },
                        Step::Failed => html! {
                            <p class="notice notice-error">{ i18n.t(Key::ExportDeleteFailed) }</p>
                        },
                    }
                }
            </div>
        </section>
    }
}

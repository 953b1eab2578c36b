//! Data minimisation: staff delete forms the caseworker already has, after a confirmation that says how
//! many go. Never automatic; only exported forms; never the first or the latest of a citizen's series
//! (`store::kept_for_statistics`), so change since the first meeting and the meeting numbers stay as they
//! were, which the screen says.

use std::rc::Rc;

use mestring_core::export::deletable;
use mestring_core::fit::ResponseId;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::text_field::TextField;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::Key;

/// Forms at least this many days old are offered first.
const DEFAULT_DAYS: u32 = 90;

#[derive(Clone, PartialEq)]
enum Step {
    Choosing,
    Confirming(Rc<Vec<ResponseId>>),
    Deleted(usize),
    Failed,
}

#[derive(Properties, PartialEq)]
pub struct DeleteExportedProps {
    pub app: UseAppHandle,
}

#[component]
pub fn DeleteExported(props: &DeleteExportedProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let days = use_state(|| DEFAULT_DAYS.to_string());
    let step = use_state(|| Step::Choosing);
    let parsed = days.trim().parse::<u32>().ok();
    let on_days = {
        let (days, step) = (days.clone(), step.clone());
        Callback::from(move |text: String| {
            days.set(text);
            step.set(Step::Choosing);
        })
    };
    let on_find = parsed.map(|days| {
        let (app, step) = (app.clone(), step.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, step) = (app.clone(), step.clone());
            spawn_local(async move {
                step.set(match app.all_responses().await {
                    Ok(responses) => {
                        let today = browser::now().date_naive();
                        Step::Confirming(Rc::new(deletable(&responses, today, days)))
                    }
                    Err(_) => Step::Failed,
                });
            });
        })
    });
    let on_delete = |ids: Rc<Vec<ResponseId>>| {
        let (app, step) = (app.clone(), step.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, step, ids) = (app.clone(), step.clone(), ids.clone());
            spawn_local(async move {
                step.set(match app.delete_exported(&ids).await {
                    Ok(count) => Step::Deleted(count),
                    Err(_) => Step::Failed,
                });
            });
        })
    };
    let on_cancel = {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step.set(Step::Choosing))
    };
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
                value={(*days).clone()}
                {problems}
                on_input={on_days}
            />
            <button type="button" class="big" disabled={on_find.is_none()} onclick={on_find}>
                { i18n.t(Key::ExportDeleteFind) }
            </button>
            <div aria-live="polite">
                {
                    match &*step {
                        Step::Choosing => html! {},
                        Step::Confirming(ids) if ids.is_empty() => html! {
                            <p class="notice notice-update">{ i18n.t(Key::ExportDeleteNone) }</p>
                        },
                        Step::Confirming(ids) => html! {
                            <div class="notice notice-error">
                                <p>{ i18n.f(Key::ExportDeleteConfirm, &[("count", &ids.len())]) }</p>
                                <button type="button" class="big" onclick={on_delete(ids.clone())}>
                                    { i18n.f(Key::ExportDeleteYes, &[("count", &ids.len())]) }
                                </button>
                                <button type="button" class="big" onclick={on_cancel}>{ i18n.t(Key::ExportDeleteCancel) }</button>
                            </div>
                        },
                        Step::Deleted(count) => html! {
                            <p class="notice">{ i18n.f(Key::ExportDeleteDone, &[("count", count)]) }</p>
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

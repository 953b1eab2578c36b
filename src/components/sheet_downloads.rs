//! The caseworker saves the files taken in as spreadsheets: one CSV file per kind of record (forms,
//! mastery ratings, goals, follow-ups, dialogue meetings), the same files as the command-line tool's
//! `csv -o FOLDER`. Each is written in the worker, then saved by the browser's download.

use mestring_core::export::csv::Sheet;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::{self, OutgoingFile};
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::worker::{self, WriteSheet};

/// Where a sheet's saving stands.
#[derive(Clone, Copy, PartialEq)]
enum Saving {
    Idle,
    Writing(Sheet),
    Saved(Sheet),
    Failed(Sheet),
}

#[component]
pub fn SheetDownloads() -> Html {
    let i18n = use_session().i18n();
    let saving = use_state(|| Saving::Idle);
    let busy = matches!(*saving, Saving::Writing(_));
    let save = |sheet: Sheet| {
        let saving = saving.clone();
        Callback::from(move |_: MouseEvent| {
            // While one is written the buttons stay focusable (`aria-disabled`) and do nothing.
            if matches!(*saving, Saving::Writing(_)) {
                return;
            }
            saving.set(Saving::Writing(sheet));
            let saving = saving.clone();
            spawn_local(async move {
                saving.set(match write_and_save(sheet).await {
                    Ok(()) => Saving::Saved(sheet),
                    Err(detail) => {
                        browser::log_error(&detail);
                        Saving::Failed(sheet)
                    }
                });
            });
        })
    };
    html! {
        <section class="sheet-downloads screen-only" aria-labelledby="sheets-title">
            <h2 id="sheets-title">{ i18n.t(Key::SheetsTitle) }</h2>
            <p>{ i18n.t(Key::SheetsLead) }</p>
            <ul class="sheet-list">
                for sheet in Sheet::ALL {
                    <li>
                        <button type="button" class="button" aria-disabled={busy.to_string()} onclick={save(sheet)}>
                            { i18n.t(if *saving == Saving::Writing(sheet) { Key::SheetsWriting } else { label(sheet) }) }
                        </button>
                    </li>
                }
            </ul>
            <div aria-live="polite">{ outcome(i18n, *saving) }</div>
        </section>
    }
}

/// Has the worker write `sheet` of every file taken in, and saves it.
async fn write_and_save(sheet: Sheet) -> Result<(), String> {
    let text = worker::ask(&WriteSheet { sheet })
        .await
        .map_err(|err| err.to_string())?;
    OutgoingFile::csv(sheet.file_name(), &text)?.save()
}

fn label(sheet: Sheet) -> Key {
    match sheet {
        Sheet::Forms => Key::SheetsForms,
        Sheet::Ratings => Key::SheetsRatings,
        Sheet::Goals => Key::SheetsGoals,
        Sheet::FollowUps => Key::SheetsFollowUps,
        Sheet::Meetings => Key::SheetsMeetings,
    }
}

fn outcome(i18n: I18n, saving: Saving) -> Html {
    match saving {
        Saving::Idle | Saving::Writing(_) => html! {},
        Saving::Saved(sheet) => html! {
            <p class="notice">{ i18n.f(Key::SheetsSaved, &[("file", &sheet.file_name())]) }</p>
        },
        Saving::Failed(_) => html! {
            <p class="notice notice-error" role="alert">{ i18n.t(Key::SheetsFailed) }</p>
        },
    }
}

//! The caseworker saves the files taken in for other programs: as spreadsheets, one CSV file per kind
//! of record (forms, mastery ratings, goals, follow-ups, dialogue meetings), and as one FHIR bundle for
//! the municipality's own systems — the same files as the command-line tool's `csv -o FOLDER` and
//! `fhir`. Each is written in the worker, then saved by the browser's download.

use mestring_core::export::csv::Sheet;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::{self, OutgoingFile};
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::worker::{self, WriteBundle, WriteSheet};

/// One file the caseworker can save.
#[derive(Clone, Copy, PartialEq)]
enum Output {
    Sheet(Sheet),
    Fhir,
}

impl Output {
    fn file_name(self) -> &'static str {
        match self {
            Output::Sheet(sheet) => sheet.file_name(),
            Output::Fhir => "mestring-fhir.json",
        }
    }

    fn label(self) -> Key {
        match self {
            Output::Sheet(Sheet::Forms) => Key::SheetsForms,
            Output::Sheet(Sheet::Ratings) => Key::SheetsRatings,
            Output::Sheet(Sheet::Goals) => Key::SheetsGoals,
            Output::Sheet(Sheet::FollowUps) => Key::SheetsFollowUps,
            Output::Sheet(Sheet::Meetings) => Key::SheetsMeetings,
            Output::Fhir => Key::SheetsFhirSave,
        }
    }

    /// Has the worker write the file of every file taken in, and saves it.
    async fn write_and_save(self) -> Result<(), String> {
        let written = match self {
            Output::Sheet(sheet) => worker::ask(&WriteSheet { sheet }).await,
            Output::Fhir => worker::ask(&WriteBundle).await,
        };
        let text = written.map_err(|err| err.to_string())?;
        let file = match self {
            Output::Sheet(_) => OutgoingFile::csv(self.file_name(), &text)?,
            Output::Fhir => OutgoingFile::json(self.file_name(), &text.into())?,
        };
        file.save()
    }
}

/// Where a file's saving stands.
#[derive(Clone, Copy, PartialEq)]
enum Saving {
    Idle,
    Writing(Output),
    Saved(Output),
    Failed,
}

#[component]
pub fn CaseworkerFiles() -> Html {
    let i18n = use_session().i18n();
    let saving = use_state(|| Saving::Idle);
    let busy = matches!(*saving, Saving::Writing(_));
    let button = |output: Output| {
        let onclick = {
            let saving = saving.clone();
            Callback::from(move |_: MouseEvent| {
                // While one is written the buttons stay focusable (`aria-disabled`) and do nothing.
                if matches!(*saving, Saving::Writing(_)) {
                    return;
                }
                saving.set(Saving::Writing(output));
                let saving = saving.clone();
                spawn_local(async move {
                    saving.set(match output.write_and_save().await {
                        Ok(()) => Saving::Saved(output),
                        Err(detail) => {
                            browser::log_error(&detail);
                            Saving::Failed
                        }
                    });
                });
            })
        };
        let writing = *saving == Saving::Writing(output);
        html! {
            <li>
                <button type="button" class="button" aria-disabled={busy.to_string()} {onclick}>
                    { i18n.t(if writing { Key::SheetsWriting } else { output.label() }) }
                </button>
            </li>
        }
    };
    html! {
        <section class="caseworker-files screen-only" aria-labelledby="sheets-title">
            <h2 id="sheets-title">{ i18n.t(Key::SheetsTitle) }</h2>
            <p>{ i18n.t(Key::SheetsLead) }</p>
            <ul class="file-buttons">
                for sheet in Sheet::ALL {
                    { button(Output::Sheet(sheet)) }
                }
            </ul>
            <h2 id="fhir-title">{ i18n.t(Key::SheetsFhirTitle) }</h2>
            <p>{ i18n.t(Key::SheetsFhirLead) }</p>
            <ul class="file-buttons" aria-labelledby="fhir-title">
                { button(Output::Fhir) }
            </ul>
            <div aria-live="polite">{ outcome(i18n, *saving) }</div>
        </section>
    }
}

fn outcome(i18n: I18n, saving: Saving) -> Html {
    match saving {
        Saving::Idle | Saving::Writing(_) => html! {},
        Saving::Saved(output) => html! {
            <p class="notice">{ i18n.f(Key::SheetsSaved, &[("file", &output.file_name())]) }</p>
        },
        Saving::Failed => html! {
            <p class="notice notice-error" role="alert">{ i18n.t(Key::SheetsFailed) }</p>
        },
    }
}

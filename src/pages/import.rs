//! The caseworker takes in export files from the tablets: each file checked whole, merged by record
//! id (the same file twice changes nothing), and reported on in the caseworker's language.

use std::rc::Rc;

use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::components::route_link::RouteLink;
use crate::components::text_field::TextField;
use crate::hooks::use_session::use_session;
use crate::i18n::{Counted, I18n, Key};
use crate::router::Route;
use crate::worker::{self, FileOutcome, Import, ImportFile, Refusal};

#[component]
pub fn ImportPage() -> Html {
    let i18n = use_session().i18n();
    let files = use_state(|| Rc::new(Vec::<web_sys::File>::new()));
    let passphrase = use_state(String::new);
    let busy = use_state(|| false);
    let report = use_state(|| None::<Result<Vec<FileOutcome>, ()>>);

    let on_files = {
        let (files, report) = (files.clone(), report.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let list = input.files();
            let chosen = (0..list.as_ref().map_or(0, |list| list.length()))
                .filter_map(|idx| list.as_ref()?.get(idx))
                .collect();
            files.set(Rc::new(chosen));
            report.set(None);
        })
    };
    // While busy the button stays focusable (`aria-disabled`) and does nothing: disabling it would drop
    // the keyboard's focus to the top of the page.
    let on_import = (!files.is_empty()).then(|| {
        let (files, passphrase, busy, report) = (
            files.clone(),
            passphrase.clone(),
            busy.clone(),
            report.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            let (files, passphrase) = ((*files).clone(), (*passphrase).clone());
            let (busy, report) = (busy.clone(), report.clone());
            busy.set(true);
            spawn_local(async move {
                report.set(Some(import(&files, passphrase).await));
                busy.set(false);
            });
        })
    });
    html! {
        <section class="page">
            <h1>{ i18n.t(Key::ImportTitle) }</h1>
            <p class="lead">{ i18n.t(Key::ImportLead) }</p>
            <div class="field">
                <label for="import-files">{ i18n.t(Key::ImportFiles) }</label>
                <input id="import-files" type="file" multiple=true accept=".json,application/json" onchange={on_files} />
            </div>
            <TextField
                id="import-passphrase"
                kind="password"
                label={i18n.t(Key::ImportPassphrase)}
                hint={i18n.t(Key::ImportPassphraseHint)}
                value={(*passphrase).clone()}
                on_input={Callback::from(move |text| passphrase.set(text))}
            />
            <button type="button" class="primary big" disabled={on_import.is_none()} aria-disabled={busy.to_string()} onclick={on_import}>
                { i18n.t(if *busy { Key::ImportBusy } else { Key::ImportStart }) }
            </button>
            <div aria-live="polite">
                {
                    match &*report {
                        None => html! {},
                        Some(Err(())) => html! { <p class="notice notice-error">{ i18n.t(Key::ImportFailed) }</p> },
                        Some(Ok(outcomes)) => html! {
                            <>
                                <ul class="import-report">
                                    for outcome in outcomes {
                                        { file_outcome(i18n, outcome) }
                                    }
                                </ul>
                                <RouteLink to={Route::Overview} class="button">{ i18n.t(Key::ImportToOverview) }</RouteLink>
                            </>
                        },
                    }
                }
            </div>
        </section>
    }
}

/// Reads the chosen files' text and has the worker take them in.
async fn import(files: &[web_sys::File], passphrase: String) -> Result<Vec<FileOutcome>, ()> {
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        let text = JsFuture::from(file.text())
            .await
            .map_err(|err| browser::log_error(&format!("{err:?}")))?;
        read.push(ImportFile {
            name: file.name(),
            text,
        });
    }
    let passphrase = (!passphrase.is_empty()).then_some(passphrase);
    worker::ask(&Import {
        files: read,
        passphrase,
    })
    .await
    .map_err(|err| browser::log_error(&err.to_string()))
}

fn file_outcome(i18n: I18n, outcome: &FileOutcome) -> Html {
    match outcome {
        FileOutcome::Imported {
            name,
            accepted,
            updated,
            already_present,
            conflicts,
            rejected,
        } => html! {
            <li class="import-file">
                <strong><bdi>{ name.clone() }</bdi></strong>
                <p>{ i18n.f(Key::ImportCounts, &[("accepted", &i18n.count(Counted::NewRecords, *accepted)), ("updated", &i18n.count(Counted::UpdatedRecords, *updated)), ("present", &i18n.number(*already_present as i64))]) }</p>
                if *conflicts > 0 {
                    <p>{ i18n.f(Key::ImportConflicts, &[("records", &i18n.count(Counted::Records, *conflicts))]) }</p>
                }
                if !rejected.is_empty() {
                    <p class="notice notice-error">{ i18n.f(Key::ImportRejected, &[("records", &i18n.count(Counted::Records, rejected.len()))]) }</p>
                    <details>
                        <summary>{ i18n.t(Key::ImportDetails) }</summary>
                        <ul>
                            for (list, id, reason) in rejected {
                                <li><bdi>{ format!("{list} {id}: {reason}") }</bdi></li>
                            }
                        </ul>
                    </details>
                }
            </li>
        },
        FileOutcome::Refused { name, why } => html! {
            <li class="import-file">
                <strong><bdi>{ name.clone() }</bdi></strong>
                <p class="notice notice-error">{ i18n.t(refusal_text(*why)) }</p>
            </li>
        },
    }
}

fn refusal_text(why: Refusal) -> Key {
    match why {
        Refusal::NotAnExport => Key::ImportNotAnExport,
        Refusal::TooNew => Key::ImportTooNew,
        Refusal::Changed => Key::ImportChanged,
        Refusal::Damaged => Key::ImportDamaged,
        Refusal::NeedsPassphrase => Key::ImportNeedsPassphrase,
        Refusal::WrongPassphrase => Key::ImportWrongPassphrase,
    }
}

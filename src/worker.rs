//! Work that the first screen does not need runs in a Web Worker: a second Wasm binary
//! (`src/bin/worker.rs`, which Trunk builds as `data-type="worker"`) that the browser fetches only
//! when it is first asked for. Writing an export lives there: serde_json, SHA-256 and the score reports
//! stay out of the app's first load (30 KB gzip, measured), and a long export leaves the screen responsive.
//!
//! One request, one worker: [`ask`] starts it, sends the request and ends it on the reply, so the memory
//! of a large export is handed back at once. Messages are plain JS objects (serde-wasm-bindgen); an export's
//! text stays a JS string on its way to the file, never copied into the app's memory.

use mestring_core::export::archive::Archive;
use mestring_core::export::{self, Origin, ReadError, Records, Selection, sealed};
use mestring_core::fit::Registry;
use mestring_core::mastery;
use mestring_core::progress;
use mestring_core::progress::trajectory::{Trajectory, trajectory};
use mestring_core::store::{Store, StoreError, plan_of};
use mestring_core::stored::{StoredAssessment, StoredCitizen, StoredPlan, StoredResponse};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

use crate::storage::{AppStore, DB_NAME};
use crate::{browser, instruments, lock, schemas};

/// Where Trunk puts the worker's start-up script (its file names are not hashed, so the app can name it).
const WORKER_URL: &str = "/mestring-worker_loader.js";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Write the export of `selection` from the records stored now, sealed with `passphrase` if given.
    Export {
        selection: Selection,
        export_id: String,
        passphrase: Option<String>,
    },
    /// Take in export files on a caseworker's device, opening sealed ones with `passphrase`.
    Import {
        files: Vec<ImportFile>,
        passphrase: Option<String>,
    },
    /// The caseworker's overview of every citizen in the files taken in.
    Overview,
    /// One citizen in the files taken in, by id.
    Citizen { id: String },
    /// One citizen's trajectory from this device's forms, with the typical course from all of them: read
    /// here, so years of forms never hold up the screen.
    Trajectory { citizen: String },
}

#[derive(Serialize, Deserialize)]
pub struct ImportFile {
    pub name: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub text: JsValue,
}

/// What importing one file did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileOutcome {
    Imported {
        name: String,
        accepted: usize,
        updated: usize,
        already_present: usize,
        conflicts: usize,
        /// The records the file could not give: list, id and the reason (technical, in English).
        rejected: Vec<(String, String, String)>,
    },
    Refused {
        name: String,
        why: Refusal,
    },
}

/// Why a whole file was not taken in; the page says it in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    NotAnExport,
    TooNew,
    Changed,
    Damaged,
    NeedsPassphrase,
    WrongPassphrase,
}

/// One citizen in the overview, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub id: String,
    pub label: String,
    pub unit: String,
    /// The latest self-rated outcome form: its date (ISO), instrument and total in tenths.
    pub latest: Option<(String, String, u16)>,
    /// `improvement`, `none` or `deterioration`; `None` before a change can be read.
    pub change: Option<String>,
    pub clinically_significant: bool,
    pub last_alert: Option<String>,
    pub meetings: usize,
    /// When the plan's next follow-up is due (ISO), and whether that was before today.
    pub follow_up: Option<(String, bool)>,
}

/// One citizen from the files taken in: each record in its stored shape, which the page decodes as it
/// decodes what it reads from storage, and the trajectory, drawn here because its typical course needs
/// every citizen's forms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedCitizen {
    pub citizen: serde_json::Value,
    pub responses: Vec<serde_json::Value>,
    pub assessments: Vec<serde_json::Value>,
    pub plan: Option<serde_json::Value>,
    pub trajectory: Trajectory,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OverviewSummary {
    pub citizens: usize,
    pub improvement: usize,
    pub no_change: usize,
    pub deterioration: usize,
    pub not_yet: usize,
    pub improved_percent: Option<usize>,
    pub alert_percent: Option<usize>,
}

// Externally tagged: an internally tagged enum is buffered on reading, which `preserve` cannot pass through.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The file and the ids of the records in it, to be marked exported once it is handed over.
    Exported {
        name: String,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        text: JsValue,
        citizens: Vec<String>,
        responses: Vec<String>,
        assessments: Vec<String>,
        plans: Vec<String>,
        /// Personal numbers masked in the quarantined records the file carries.
        masked: usize,
    },
    Imported {
        files: Vec<FileOutcome>,
    },
    Overview {
        rows: Vec<OverviewRow>,
        summary: OverviewSummary,
    },
    /// `None` when no file taken in holds the citizen.
    Citizen(Option<Box<ImportedCitizen>>),
    /// `None` when the citizen is not on the device.
    Trajectory(Option<Box<Trajectory>>),
    Failed {
        detail: String,
    },
}

/// Runs `request` in a fresh worker and returns its reply; a worker that cannot start or fails
/// comes back as [`Reply::Failed`] with the reason.
pub async fn ask(request: &Request) -> Reply {
    match ask_worker(request).await {
        Ok(reply) => reply,
        Err(err) => Reply::Failed {
            detail: format!("{err:?}"),
        },
    }
}

async fn ask_worker(request: &Request) -> Result<Reply, JsValue> {
    // The data key goes with the request (a `CryptoKey` can be posted, and stays unreadable), so the
    // worker opens the records the page can; it ends with the request, and the key with it.
    let message = js_sys::Object::new();
    js_sys::Reflect::set(
        &message,
        &"request".into(),
        &serde_wasm_bindgen::to_value(request)?,
    )?;
    if let Some(key) = lock::key() {
        js_sys::Reflect::set(&message, &"key".into(), &key)?;
    }
    let worker = Worker::new(WORKER_URL)?;
    // A message that arrives before the worker's Wasm has started would be lost: wait for it to say so.
    let answer = async {
        next_message(&worker).await?;
        worker.post_message(&message)?;
        next_message(&worker).await
    };
    let answer = answer.await;
    worker.terminate();
    Ok(serde_wasm_bindgen::from_value(answer?)?)
}

/// The next message from `worker`, or its error.
async fn next_message(worker: &Worker) -> Result<JsValue, JsValue> {
    let message = js_sys::Promise::new(&mut |resolve, reject| {
        let on_message = Closure::once_into_js(move |event: MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &event.data());
        });
        let on_error = Closure::once_into_js(move |event: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &event);
        });
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        worker.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(message).await
}

/// The worker's side: answers each request posted to it.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let reply_to = reply_to.clone();
        spawn_local(async move {
            let data = event.data();
            if let Ok(key) = js_sys::Reflect::get(&data, &"key".into())
                .and_then(|key| key.dyn_into::<web_sys::CryptoKey>())
            {
                lock::hold(&key);
            }
            let request = js_sys::Reflect::get(&data, &"request".into()).unwrap_or_default();
            let reply = match serde_wasm_bindgen::from_value::<Request>(request) {
                Ok(request) => answer(request).await,
                Err(err) => Reply::Failed {
                    detail: format!("unreadable request: {err}"),
                },
            };
            let message = serde_wasm_bindgen::to_value(&reply).unwrap_or_else(|err| err.into());
            let _ = reply_to.post_message(&message);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

async fn answer(request: Request) -> Reply {
    match request {
        Request::Export {
            selection,
            export_id,
            passphrase,
        } => export(selection, &export_id, passphrase.as_deref()).await,
        Request::Import { files, passphrase } => import(files, passphrase.as_deref()).await,
        Request::Overview => overview().await,
        Request::Citizen { id } => imported_citizen(&id).await,
        Request::Trajectory { citizen } => device_trajectory(&citizen).await,
    }
    .unwrap_or_else(|detail| Reply::Failed { detail })
}

/// Every file taken in so far, merged.
async fn archive_of(
    store: &AppStore,
    registry: &Registry,
    schemas: &mastery::Registry,
) -> Result<Archive, String> {
    let mut archive = Archive::default();
    for text in store
        .imported_files()
        .await
        .map_err(|err| err.to_string())?
    {
        // Each was read before it was kept; one that no longer reads is skipped, never lost.
        if let Ok(file) = export::read(&text, registry, schemas) {
            archive.merge(file);
        }
    }
    Ok(archive)
}

async fn import(files: Vec<ImportFile>, passphrase: Option<&str>) -> Result<Reply, String> {
    let registry = instruments::registry().ok_or("bundled instruments unreadable")?;
    let schemas = schemas::registry().ok_or("bundled mastery schemas unreadable")?;
    let store = AppStore::open(DB_NAME)
        .await
        .map_err(|err| err.to_string())?;
    let mut archive = archive_of(&store, registry, schemas).await?;
    let mut outcomes = Vec::with_capacity(files.len());
    for ImportFile { name, text } in files {
        let text = text.as_string().unwrap_or_default();
        let opened = match (export::read(&text, registry, schemas), passphrase) {
            (Err(ReadError::Sealed), None) => Err(Refusal::NeedsPassphrase),
            (Err(ReadError::Sealed), Some(passphrase)) => match sealed::open(&text, passphrase) {
                Ok(plain) => export::read(&plain, registry, schemas)
                    .map(|file| (file, plain))
                    .map_err(refusal),
                Err(sealed::OpenError::WrongPassphrase) => Err(Refusal::WrongPassphrase),
                Err(_) => Err(Refusal::Damaged),
            },
            (read, _) => read.map(|file| (file, text)).map_err(refusal),
        };
        let outcome = match opened {
            Ok((file, plain)) => {
                let export_id = file.origin.export_id.to_string();
                let report = archive.merge(file);
                store
                    .add_imported_file(&export_id, &plain)
                    .await
                    .map_err(|err| err.to_string())?;
                FileOutcome::Imported {
                    name,
                    accepted: report.accepted,
                    updated: report.updated,
                    already_present: report.already_present + report.superseded,
                    conflicts: report.conflicts.len(),
                    rejected: report
                        .rejected
                        .into_iter()
                        .map(|rejected| {
                            (
                                rejected.list.to_owned(),
                                rejected.id.unwrap_or_default(),
                                rejected.reason,
                            )
                        })
                        .collect(),
                }
            }
            Err(why) => FileOutcome::Refused { name, why },
        };
        outcomes.push(outcome);
    }
    store.close();
    Ok(Reply::Imported { files: outcomes })
}

fn refusal(err: ReadError) -> Refusal {
    match err {
        ReadError::NotJson(_) | ReadError::NotAnExport => Refusal::NotAnExport,
        ReadError::TooNew { .. } => Refusal::TooNew,
        ReadError::ChecksumMismatch => Refusal::Changed,
        ReadError::Malformed(_) => Refusal::Damaged,
        ReadError::Sealed => Refusal::NeedsPassphrase,
    }
}

/// Every file taken in so far, merged, read from a database opened for this alone.
async fn imported() -> Result<(Archive, &'static Registry), String> {
    let registry = instruments::registry().ok_or("bundled instruments unreadable")?;
    let schemas = schemas::registry().ok_or("bundled mastery schemas unreadable")?;
    let store = AppStore::open(DB_NAME)
        .await
        .map_err(|err| err.to_string())?;
    let archive = archive_of(&store, registry, schemas).await;
    store.close();
    Ok((archive?, registry))
}

async fn imported_citizen(id: &str) -> Result<Reply, String> {
    let (archive, registry) = imported().await?;
    let Some(citizen) = archive
        .citizens()
        .find(|citizen| citizen.id.to_string() == id)
        .cloned()
    else {
        return Ok(Reply::Citizen(None));
    };
    let responses: Vec<_> = archive.responses().cloned().collect();
    let stored =
        |value: serde_json::Result<serde_json::Value>| value.map_err(|err| err.to_string());
    let records = ImportedCitizen {
        citizen: stored(serde_json::to_value(StoredCitizen::from(&citizen)))?,
        responses: responses
            .iter()
            .filter(|response| response.citizen_id == citizen.id)
            .map(|response| stored(serde_json::to_value(StoredResponse::from(response))))
            .collect::<Result<_, _>>()?,
        assessments: archive
            .assessments()
            .filter(|assessment| assessment.citizen_id == citizen.id)
            .map(|assessment| stored(serde_json::to_value(StoredAssessment::from(assessment))))
            .collect::<Result<_, _>>()?,
        plan: plan_of(archive.plans(), citizen.id)
            .map(|plan| stored(serde_json::to_value(StoredPlan::from(plan))))
            .transpose()?,
        trajectory: trajectory(&citizen, &responses, registry),
    };
    Ok(Reply::Citizen(Some(Box::new(records))))
}

async fn device_trajectory(id: &str) -> Result<Reply, String> {
    let registry = instruments::registry().ok_or("bundled instruments unreadable")?;
    let store = AppStore::open(DB_NAME)
        .await
        .map_err(|err| err.to_string())?;
    let read =
        async { Ok::<_, StoreError>((store.citizens().await?, store.all_responses().await?)) };
    let read = read.await;
    store.close();
    let (citizens, responses) = read.map_err(|err| err.to_string())?;
    Ok(Reply::Trajectory(
        citizens
            .iter()
            .find(|citizen| citizen.id.to_string() == id)
            .map(|citizen| Box::new(trajectory(citizen, &responses, registry))),
    ))
}

async fn overview() -> Result<Reply, String> {
    let (archive, registry) = imported().await?;
    let mut citizens: Vec<_> = archive.citizens().cloned().collect();
    browser::sort_citizens(&mut citizens);
    let responses: Vec<_> = archive.responses().cloned().collect();
    let today = browser::now().date_naive();
    let rows = progress::overview(&citizens, &responses, registry);
    let summary = progress::summary(&rows, &citizens, &responses, registry);
    let rows = citizens
        .iter()
        .zip(rows)
        .map(|(citizen, row)| OverviewRow {
            id: citizen.id.to_string(),
            label: citizen.fields.label.as_str().to_owned(),
            unit: citizen.fields.unit.as_str().to_owned(),
            latest: row
                .latest_outcome
                .map(|(date, instrument, total)| (date.to_string(), instrument, total.get())),
            change: row.change.map(|change| change.code().to_owned()),
            clinically_significant: row.clinically_significant,
            last_alert: row.last_session_alert.map(|date| date.to_string()),
            meetings: row.meetings,
            follow_up: plan_of(archive.plans(), citizen.id).and_then(|plan| {
                let due = plan.next_follow_up()?;
                Some((due.to_string(), plan.overdue(today)))
            }),
        })
        .collect();
    Ok(Reply::Overview {
        rows,
        summary: OverviewSummary {
            citizens: summary.citizens,
            improvement: summary.improvement,
            no_change: summary.no_change,
            deterioration: summary.deterioration,
            not_yet: summary.not_yet,
            improved_percent: summary.improved.percent(),
            alert_percent: summary.sessions_with_alert.percent(),
        },
    })
}

async fn export(
    selection: Selection,
    export_id: &str,
    passphrase: Option<&str>,
) -> Result<Reply, String> {
    let export_id = uuid::Uuid::try_parse(export_id).map_err(|err| err.to_string())?;
    let registry = instruments::registry().ok_or("bundled instruments unreadable")?;
    let store = AppStore::open(DB_NAME)
        .await
        .map_err(|err| err.to_string())?;
    let read = async {
        let citizens = store.citizens().await?;
        let responses = store.all_responses().await?;
        let assessments = store.all_assessments().await?;
        let plans = store.all_plans().await?;
        let quarantine = match selection.includes_quarantine() {
            true => store.quarantined().await?,
            false => Vec::new(),
        };
        Ok::<_, mestring_core::store::StoreError>((
            citizens,
            responses,
            assessments,
            plans,
            quarantine,
        ))
    };
    let read = read.await;
    store.close();
    let (citizens, responses, assessments, plans, quarantine) =
        read.map_err(|err| err.to_string())?;
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        quarantine: &quarantine,
    };
    let origin = Origin {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        export_id,
        device_id: store.device_id(),
        created_at: browser::now(),
        facility: None,
    };
    let text =
        export::write(&origin, &selection, &records, registry).map_err(|err| err.to_string())?;
    let (name, text) = match passphrase {
        None => (origin.file_name(), text),
        Some(passphrase) => {
            let (mut salt, mut nonce) = ([0; 16], [0; 12]);
            browser::fill_random(&mut salt)?;
            browser::fill_random(&mut nonce)?;
            let sealed =
                sealed::seal(&text, passphrase, salt, nonce).map_err(|err| err.to_string())?;
            (origin.sealed_file_name(), sealed)
        }
    };
    let selected = selection.apply(&records);
    Ok(Reply::Exported {
        name,
        text: JsValue::from_str(&text),
        citizens: selected.citizens.iter().map(|c| c.id.to_string()).collect(),
        responses: selected
            .responses
            .iter()
            .map(|r| r.id.to_string())
            .collect(),
        assessments: selected
            .assessments
            .iter()
            .map(|a| a.id.to_string())
            .collect(),
        plans: selected.plans.iter().map(|p| p.id.to_string()).collect(),
        masked: export::personal_numbers_in_quarantine(records.quarantine),
    })
}

//! Heavy work runs off the screen's thread, in a Web Worker that runs the app's own Wasm: writing and
//! sealing an export, the caseworker's import and merge, spreadsheets and FHIR, and trajectories over every form.
//! `scripts/postbuild.mjs` writes the worker's start-up script ([`WORKER_URL`]), which starts the app's
//! wasm-bindgen glue with the app's Wasm, and `src/main.rs` runs [`serve`] instead of the app when it
//! finds itself in a worker.
//!
//! This module is the transport: [`ask`] sends a [`Task`] and returns its typed reply or a
//! [`WorkerError`]. Each task and its handler live in a submodule of their own.
//!
//! One request, one worker: [`ask`] starts it, sends the request and ends it on the reply, so the memory
//! of a large export is handed back at once. Each worker starts the app's Wasm anew, which costs tens of
//! milliseconds, not a full compile: browsers compile Wasm functions lazily, when first called, and
//! keep the compiled code of a file they have compiled before.
//! Messages are plain JS objects (serde-wasm-bindgen); an export's text stays a JS string on its way to
//! the file, never copied into the app's memory.

mod bundle;
mod citizen;
mod export;
mod import;
mod imported;
mod overview;
mod sheet;
mod trajectory;

use std::fmt;
use std::future::Future;

use js_sys::{Object, Reflect};
use mestring_core::store::StoreError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker, WorkerOptions, WorkerType};

pub use self::bundle::WriteBundle;
pub use self::citizen::{ImportedCitizen, ReadCitizen};
pub use self::export::{Exported, WriteExport};
pub use self::import::{FileOutcome, Import, ImportFile, Refusal};
pub use self::overview::{AlertAbout, Overview, OverviewRow, OverviewSummary, ReadOverview};
pub use self::sheet::WriteSheet;
pub use self::trajectory::ReadTrajectory;
use crate::lock;

/// The worker's start-up script, written by `scripts/postbuild.mjs` (a fixed name, so the app can name it).
const WORKER_URL: &str = "/worker.js";

/// A request the worker answers, and the type of its reply.
pub trait Task: Serialize + DeserializeOwned {
    /// The request's name in the message, by which the worker picks its handler.
    const NAME: &'static str;
    type Reply: Serialize + DeserializeOwned;

    /// Answers the request, in the worker.
    fn run(self) -> impl Future<Output = Result<Self::Reply, WorkerError>>;
}

/// Why a request got no reply; the detail is for the log, the page shows its own notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerError {
    /// The worker did not start, or stopped before it replied.
    Stopped(String),
    /// A request or reply that did not cross between the page and the worker intact.
    Garbled(String),
    /// The bundled instruments or mastery schemas did not read.
    Bundled,
    /// The records could not be read, or a file taken in could not be kept.
    Storage(String),
    /// The export could not be written or sealed.
    Export(String),
}

impl fmt::Display for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkerError::Stopped(detail) => write!(f, "the worker stopped: {detail}"),
            WorkerError::Garbled(detail) => write!(f, "a worker message did not read: {detail}"),
            WorkerError::Bundled => f.write_str("the bundled instruments or schemas do not read"),
            WorkerError::Storage(detail) => write!(f, "storage: {detail}"),
            WorkerError::Export(detail) => write!(f, "the export was not written: {detail}"),
        }
    }
}

impl From<StoreError> for WorkerError {
    fn from(err: StoreError) -> WorkerError {
        WorkerError::Storage(err.to_string())
    }
}

/// Runs `task` in a fresh worker and returns its reply.
pub async fn ask<T: Task>(task: &T) -> Result<T::Reply, WorkerError> {
    let message = Object::new();
    let garbled = |err: serde_wasm_bindgen::Error| WorkerError::Garbled(err.to_string());
    let request = serde_wasm_bindgen::to_value(task).map_err(garbled)?;
    set(&message, "task", &T::NAME.into()).map_err(stopped)?;
    set(&message, "request", &request).map_err(stopped)?;
    // The data key goes with the request (a `CryptoKey` can be posted, and stays unreadable), so the
    // worker opens the records the page can; it ends with the request, and the key with it.
    if let Some(key) = lock::key() {
        set(&message, "key", &key).map_err(stopped)?;
    }
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_URL, &options).map_err(stopped)?;
    // A message that arrives before the worker's Wasm has started would be lost: wait for it to say so.
    let answer = async {
        next_message(&worker).await?;
        worker.post_message(&message)?;
        next_message(&worker).await
    };
    let answer = answer.await;
    worker.terminate();
    serde_wasm_bindgen::from_value::<Result<T::Reply, WorkerError>>(answer.map_err(stopped)?)
        .map_err(garbled)?
}

fn set(object: &Object, name: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(object, &name.into(), value).map(drop)
}

/// What a failed worker said: an error event's message, or the value itself.
fn stopped(err: JsValue) -> WorkerError {
    let message = Reflect::get(&err, &"message".into())
        .ok()
        .and_then(|message| message.as_string());
    WorkerError::Stopped(message.unwrap_or_else(|| format!("{err:?}")))
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

/// Whether this Wasm runs in the app's worker rather than on a page.
pub fn in_worker() -> bool {
    js_sys::global().is_instance_of::<DedicatedWorkerGlobalScope>()
}

/// The worker's side: answers each request posted to it.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let reply_to = reply_to.clone();
        spawn_local(async move {
            let data = event.data();
            if let Ok(key) = Reflect::get(&data, &"key".into())
                .and_then(|key| key.dyn_into::<web_sys::CryptoKey>())
            {
                lock::hold(&key);
            }
            let name = Reflect::get(&data, &"task".into())
                .ok()
                .and_then(|name| name.as_string())
                .unwrap_or_default();
            let request = Reflect::get(&data, &"request".into()).unwrap_or_default();
            let reply = match name.as_str() {
                WriteExport::NAME => answer::<WriteExport>(request).await,
                Import::NAME => answer::<Import>(request).await,
                ReadOverview::NAME => answer::<ReadOverview>(request).await,
                ReadCitizen::NAME => answer::<ReadCitizen>(request).await,
                ReadTrajectory::NAME => answer::<ReadTrajectory>(request).await,
                WriteSheet::NAME => answer::<WriteSheet>(request).await,
                WriteBundle::NAME => answer::<WriteBundle>(request).await,
                _ => reply::<()>(Err(WorkerError::Garbled(format!("no task {name:?}")))),
            };
            let _ = reply_to.post_message(&reply);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Runs the task in `request` and returns its reply as a message.
async fn answer<T: Task>(request: JsValue) -> JsValue {
    match serde_wasm_bindgen::from_value::<T>(request) {
        Ok(task) => reply(task.run().await),
        Err(err) => reply::<T::Reply>(Err(WorkerError::Garbled(err.to_string()))),
    }
}

fn reply<R: Serialize>(reply: Result<R, WorkerError>) -> JsValue {
    serde_wasm_bindgen::to_value(&reply).unwrap_or_else(|err| {
        let garbled: Result<(), _> = Err(WorkerError::Garbled(err.to_string()));
        serde_wasm_bindgen::to_value(&garbled).unwrap_or(JsValue::UNDEFINED)
    })
}

//! Takes in export files on a caseworker's device, opening sealed ones with the passphrase.

use mestring_core::export::{self, ReadError, sealed};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::storage::{AppStore, DB_NAME};
use crate::worker::imported::archive_of;
use crate::worker::{Task, WorkerError};
use crate::{instruments, schemas};

#[derive(Serialize, Deserialize)]
pub struct Import {
    pub files: Vec<ImportFile>,
    pub passphrase: Option<String>,
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

impl Task for Import {
    const NAME: &'static str = "import";
    /// One outcome per file, in the order given.
    type Reply = Vec<FileOutcome>;

    async fn run(self) -> Result<Vec<FileOutcome>, WorkerError> {
        let registry = instruments::registry().ok_or(WorkerError::Bundled)?;
        let schemas = schemas::registry().ok_or(WorkerError::Bundled)?;
        let passphrase = self.passphrase.as_deref();
        let store = AppStore::open(DB_NAME).await?;
        let mut archive = archive_of(&store, registry, schemas).await?;
        let mut outcomes = Vec::with_capacity(self.files.len());
        for ImportFile { name, text } in self.files {
            let text = text.as_string().unwrap_or_default();
            let opened = match (export::read(&text, registry, schemas), passphrase) {
                (Err(ReadError::Sealed), None) => Err(Refusal::NeedsPassphrase),
                (Err(ReadError::Sealed), Some(passphrase)) => {
                    match sealed::open(&text, passphrase) {
                        Ok(plain) => export::read(&plain, registry, schemas)
                            .map(|file| (file, plain))
                            .map_err(refusal),
                        Err(sealed::OpenError::WrongPassphrase) => Err(Refusal::WrongPassphrase),
                        Err(_) => Err(Refusal::Damaged),
                    }
                }
                (read, _) => read.map(|file| (file, text)).map_err(refusal),
            };
            let outcome = match opened {
                Ok((file, plain)) => {
                    let export_id = file.origin.export_id.to_string();
                    let report = archive.merge(file);
                    store.add_imported_file(&export_id, &plain).await?;
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
        Ok(outcomes)
    }
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

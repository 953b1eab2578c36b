//! The caseworker's FHIR bundle of the files taken in: every form and the mastery course, as the
//! command-line tool's `fhir` writes it, for a municipality's own systems.

use mestring_core::export::fhir::write_archive_bundle;
use serde::{Deserialize, Serialize};

use crate::schemas;
use crate::worker::imported::imported;
use crate::worker::{Task, WorkerError};

#[derive(Serialize, Deserialize)]
pub struct WriteBundle;

impl Task for WriteBundle {
    const NAME: &'static str = "bundle";
    /// The bundle's JSON text.
    type Reply = String;

    async fn run(self) -> Result<String, WorkerError> {
        let schemas = schemas::registry().ok_or(WorkerError::Bundled)?;
        let (archive, registry) = imported().await?;
        let mut text = Vec::new();
        write_archive_bundle(&archive, registry, schemas, &mut text)
            .map_err(|err| WorkerError::Export(err.to_string()))?;
        String::from_utf8(text).map_err(|err| WorkerError::Export(err.to_string()))
    }
}

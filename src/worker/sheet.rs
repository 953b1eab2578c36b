//! The caseworker's spreadsheets of the files taken in: one CSV file per kind of record, written as the
//! command-line tool's `csv` writes it (`;` and a decimal comma, for Danish and Norwegian Excel).

use mestring_core::export::csv::{Separator, Sheet, write_archive_sheet};
use serde::{Deserialize, Serialize};

use crate::schemas;
use crate::worker::imported::imported;
use crate::worker::{Task, WorkerError};

#[derive(Serialize, Deserialize)]
pub struct WriteSheet {
    pub sheet: Sheet,
}

impl Task for WriteSheet {
    const NAME: &'static str = "sheet";
    /// The file's text, byte-order mark first.
    type Reply = String;

    async fn run(self) -> Result<String, WorkerError> {
        let schemas = schemas::registry().ok_or(WorkerError::Bundled)?;
        let (archive, registry) = imported().await?;
        let mut text = Vec::new();
        write_archive_sheet(
            self.sheet,
            &archive,
            registry,
            schemas,
            Separator::Semicolon,
            &mut text,
        )
        .map_err(|err| WorkerError::Export(err.to_string()))?;
        String::from_utf8(text).map_err(|err| WorkerError::Export(err.to_string()))
    }
}

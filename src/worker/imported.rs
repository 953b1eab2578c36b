//! The files a caseworker took in, merged: what the import adds to and the overview and a citizen read.

use mestring_core::export::{self, archive::Archive};
use mestring_core::fit::Registry;
use mestring_core::mastery;

use crate::storage::{AppStore, DB_NAME};
use crate::worker::WorkerError;
use crate::{instruments, schemas};

/// Every file taken in so far, merged.
pub async fn archive_of(
    store: &AppStore,
    registry: &Registry,
    schemas: &mastery::Registry,
) -> Result<Archive, WorkerError> {
    let mut archive = Archive::default();
    for text in store.imported_files().await? {
        // Each was read before it was kept; one that no longer reads is skipped, never lost.
        if let Ok(file) = export::read(&text, registry, schemas) {
            archive.merge(file);
        }
    }
    Ok(archive)
}

/// Every file taken in so far, merged, read from a database opened for this alone.
pub async fn imported() -> Result<(Archive, &'static Registry), WorkerError> {
    let registry = instruments::registry().ok_or(WorkerError::Bundled)?;
    let schemas = schemas::registry().ok_or(WorkerError::Bundled)?;
    let store = AppStore::open(DB_NAME).await?;
    let archive = archive_of(&store, registry, schemas).await;
    store.close();
    Ok((archive?, registry))
}

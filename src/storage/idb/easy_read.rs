//! Who answers in easy-read as the versions before it joined the citizen record kept it: a list in `meta`,
//! sealed on a device with a PIN (and in `localStorage`, in the clear, before that). Read only to be moved
//! into the citizens' records once (`settings::move_easy_read_into_records`), then removed.

use indexed_db_futures::prelude::*;
use js_sys::Array;
use mestring_core::citizen::CitizenId;
use mestring_core::store::{StoreError, StoreErrorKind};
use wasm_bindgen::{JsCast, JsValue};

use super::{IdbStore, META, opened, unlocked};

/// The `meta` store's key of the easy-read list; the only value there that is about people.
pub(super) const EASY_READ_KEY: &str = "easy_read";

impl IdbStore {
    /// The citizens an older version listed as answering in easy-read (none on a device that never chose
    /// any, or whose list was moved).
    pub async fn easy_read(&self) -> Result<Vec<CitizenId>, StoreError> {
        unlocked()?;
        let stored: Option<JsValue> = self
            .run(|db| async move {
                let tx = db.transaction(META).build()?;
                tx.object_store(META)?.get(EASY_READ_KEY).primitive()?.await
            })
            .await?;
        let Some(stored) = stored else {
            return Ok(Vec::new());
        };
        let value = opened(&stored).await?;
        let ids: Array = value.dyn_into().map_err(|_| {
            StoreError::new(StoreErrorKind::Aborted, "the easy-read list is not a list")
        })?;
        // An id that does not parse cannot name a citizen on this device.
        Ok(ids
            .iter()
            .filter_map(|id| CitizenId::parse(&id.as_string()?))
            .collect())
    }

    /// Removes the device's list, once the citizens it named are in easy-read in their records.
    pub async fn forget_easy_read(&self) -> Result<(), StoreError> {
        self.delete_meta(EASY_READ_KEY).await
    }
}

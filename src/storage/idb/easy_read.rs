//! Who answers in easy-read: a need of a person, so kept where their records are, sealed on a device with
//! a PIN like everything else about them (it was in `localStorage`, in the clear, before).

use indexed_db_futures::prelude::*;
use js_sys::Array;
use mestring_core::citizen::CitizenId;
use mestring_core::store::{StoreError, StoreErrorKind};
use wasm_bindgen::{JsCast, JsValue};

use super::{IdbStore, META, opened, stored_form, unlocked};

/// The `meta` store's key of the easy-read list; the only value there that is about people.
pub(super) const EASY_READ_KEY: &str = "easy_read";

impl IdbStore {
    /// The citizens who answer in easy-read (none on a device that never chose any).
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

    /// Keeps `citizens` as the ones who answer in easy-read, sealed on a device with a PIN.
    pub async fn put_easy_read(&self, citizens: &[CitizenId]) -> Result<(), StoreError> {
        let ids: Array = citizens
            .iter()
            .map(|id| JsValue::from_str(&id.to_string()))
            .collect();
        let value = stored_form(ids.into()).await?;
        self.put_value(META, EASY_READ_KEY, value).await
    }
}

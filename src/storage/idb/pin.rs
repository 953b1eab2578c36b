//! The PIN lock's side of the store: setting a PIN (which encrypts what is already stored), unlocking,
//! changing the PIN, and the wrong attempts that make the next one wait.
//!
//! The lock and the attempts live in the `meta` store, in the clear: without the PIN they open nothing.

use chrono::{DateTime, FixedOffset};
use indexed_db_futures::prelude::*;
use js_sys::Uint8Array;
use mestring_core::lock::{Attempts, StoredLock};
use mestring_core::store::{StoreError, StoreErrorKind};
use wasm_bindgen::JsValue;

use super::{
    ASSESSMENTS, CITIZENS, DRAFTS, IMPORTS, IdbStore, META, PLANS, QUARANTINE, RESPONSES, from_js,
    to_js, write_transaction,
};
use crate::{browser, lock};

const LOCK_KEY: &str = "lock";
const ATTEMPTS_KEY: &str = "unlock_attempts";
/// Every store that holds something about a person; `meta` holds only the device id and the lock.
const SEALED_STORES: [&str; 7] = [
    CITIZENS,
    RESPONSES,
    ASSESSMENTS,
    PLANS,
    DRAFTS,
    IMPORTS,
    QUARANTINE,
];

/// Why a PIN did not open the device.
#[derive(Clone, Debug, PartialEq)]
pub enum UnlockError {
    /// The PIN is wrong; the next try is taken from `retry_at`, if that is set.
    Wrong {
        retry_at: Option<DateTime<FixedOffset>>,
    },
    /// Too many wrong PINs: no try is taken before `until`.
    Wait {
        until: DateTime<FixedOffset>,
    },
    Store(StoreError),
}

impl From<StoreError> for UnlockError {
    fn from(err: StoreError) -> UnlockError {
        UnlockError::Store(err)
    }
}

fn js<T: serde::Serialize>(value: &T) -> Result<JsValue, StoreError> {
    to_js(value).map_err(|err| super::store_error(&err))
}

/// Overwrites a key's bytes once they are no longer needed, so they do not linger in memory.
fn forget_bytes(bytes: &Uint8Array) {
    bytes.fill(0, 0, bytes.length());
}

fn crypto_failed(err: JsValue) -> StoreError {
    StoreError::new(StoreErrorKind::Aborted, format!("WebCrypto: {err:?}"))
}

impl IdbStore {
    async fn meta_raw(&self, key: &'static str) -> Result<Option<JsValue>, StoreError> {
        self.run(|db| async move {
            let tx = db.transaction(META).build()?;
            tx.object_store(META)?.get(key).primitive()?.await
        })
        .await
    }

    async fn meta<T: serde::de::DeserializeOwned>(
        &self,
        key: &'static str,
    ) -> Result<Option<T>, StoreError> {
        self.meta_raw(key)
            .await?
            .map(|value| {
                from_js(&value).map_err(|err| StoreError::new(StoreErrorKind::Aborted, err))
            })
            .transpose()
    }

    async fn put_meta(&self, key: &'static str, value: JsValue) -> Result<(), StoreError> {
        self.put_value(META, key, value).await
    }

    /// Learns whether the device has a PIN, for [`lock::status`]; called on opening.
    /// Only whether there is a lock is read here: its shape is the tools' concern (they unlock), and the
    /// first load would carry its decoding for nothing.
    pub(super) async fn learn_lock(&self) -> Result<(), StoreError> {
        let has_pin = self.meta_raw(LOCK_KEY).await?.is_some();
        lock::set_has_pin(has_pin);
        if !has_pin {
            // A key held for another database (as in the browser tests) seals nothing here.
            lock::forget();
        }
        Ok(())
    }

    /// Deletes the whole database (every record, draft and the lock), for a device whose PIN is lost.
    /// Other connections, in this page or another window, let go when asked (`adopt`), so nothing blocks it.
    pub async fn erase(&self) -> Result<(), StoreError> {
        self.close();
        let deleted = indexed_db_futures::database::Database::delete_by_name(&self.name)
            .map_err(|err| StoreError::new(StoreErrorKind::Unavailable, err.to_string()))?
            .await;
        deleted.map_err(|err| super::store_error(&err))?;
        lock::forget();
        lock::set_has_pin(false);
        Ok(())
    }

    /// The wrong attempts so far, for the lock screen to say how long to wait.
    pub async fn unlock_attempts(&self) -> Result<Attempts, StoreError> {
        Ok(self.meta(ATTEMPTS_KEY).await?.unwrap_or_default())
    }

    /// Sets the device's first PIN: a new data key, wrapped by the PIN, held from now on, and every
    /// record stored so far encrypted with it.
    pub async fn set_pin(&self, pin: &str) -> Result<(), StoreError> {
        if self.meta::<StoredLock>(LOCK_KEY).await?.is_some() {
            return Err(StoreError::new(
                StoreErrorKind::Conflict,
                "the device has a PIN already",
            ));
        }
        let mut key_bytes = [0u8; 32];
        browser::fill_random(&mut key_bytes)
            .map_err(|err| StoreError::new(StoreErrorKind::Aborted, err))?;
        let data_key = lock::data_key(&key_bytes).await.map_err(crypto_failed);
        let stored = self.wrap(pin, &key_bytes).await;
        key_bytes.fill(0);
        let (data_key, stored) = (data_key?, stored?);
        self.put_meta(LOCK_KEY, js(&stored)?).await?;
        lock::set_has_pin(true);
        lock::hold(&data_key);
        self.seal_every_record(stored).await
    }

    /// A lock with `key_bytes` wrapped by a key made from `pin`, with a fresh salt and nonce.
    async fn wrap(&self, pin: &str, key_bytes: &[u8]) -> Result<StoredLock, StoreError> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 12];
        browser::fill_random(&mut salt)
            .and_then(|()| browser::fill_random(&mut nonce))
            .map_err(|err| StoreError::new(StoreErrorKind::Aborted, err))?;
        let stored = StoredLock::new(salt, nonce, Vec::new());
        let pin_key = lock::pin_key(pin, &salt, stored.iterations)
            .await
            .map_err(crypto_failed)?;
        let wrapped = lock::encrypt(&pin_key, &nonce, key_bytes)
            .await
            .map_err(crypto_failed)?;
        Ok(StoredLock {
            wrapped_key: wrapped.to_vec(),
            ..stored
        })
    }

    /// Opens the device with `pin`: the data key is held until [`lock::forget`]. A wrong PIN counts
    /// towards the wait, kept on the device; a right one clears it. Records stored before the PIN was
    /// set and not yet encrypted (the app was closed meanwhile) are encrypted now.
    pub async fn unlock(&self, pin: &str) -> Result<(), UnlockError> {
        let (stored, key_bytes) = self.open_with(pin).await?;
        let data_key = lock::data_key(&key_bytes.to_vec()).await;
        forget_bytes(&key_bytes);
        lock::hold(&data_key.map_err(crypto_failed)?);
        if !stored.migrated {
            self.seal_every_record(stored).await?;
        }
        Ok(())
    }

    /// Changes the PIN: the data key is wrapped anew, so no record changes.
    pub async fn change_pin(&self, old: &str, new: &str) -> Result<(), UnlockError> {
        let (stored, key_bytes) = self.open_with(old).await?;
        let wrapped = self.wrap(new, &key_bytes.to_vec()).await;
        forget_bytes(&key_bytes);
        let changed = StoredLock {
            migrated: stored.migrated,
            ..wrapped?
        };
        self.put_meta(LOCK_KEY, js(&changed)?).await?;
        Ok(())
    }

    /// The lock and the data key's bytes that `pin` opens, after the back-off's wait.
    async fn open_with(&self, pin: &str) -> Result<(StoredLock, Uint8Array), UnlockError> {
        let now = browser::now();
        let attempts = self.unlock_attempts().await?;
        if let Some(until) = attempts.retry_at(now) {
            return Err(UnlockError::Wait { until });
        }
        let stored: StoredLock = self
            .meta(LOCK_KEY)
            .await?
            .ok_or_else(|| StoreError::new(StoreErrorKind::Aborted, "the device has no PIN"))?;
        if !stored.readable() {
            let newer = StoreError::new(StoreErrorKind::Outdated, "lock of a newer version");
            return Err(newer.into());
        }
        let pin_key = lock::pin_key(pin, &stored.salt, stored.iterations)
            .await
            .map_err(crypto_failed)?;
        let nonce = Uint8Array::from(&stored.wrap_nonce[..]);
        let wrapped = Uint8Array::from(&stored.wrapped_key[..]);
        // GCM's tag fails on any other key: that is how a wrong PIN shows.
        let Ok(key_bytes) = lock::decrypt(&pin_key, &nonce, &wrapped).await else {
            let attempts = attempts.failed(now);
            self.put_meta(ATTEMPTS_KEY, js(&attempts)?).await?;
            return Err(UnlockError::Wrong {
                retry_at: attempts.retry_at(now),
            });
        };
        if attempts.failures > 0 {
            self.put_meta(ATTEMPTS_KEY, js(&Attempts::default())?)
                .await?;
        }
        Ok((stored, key_bytes))
    }

    /// Encrypts every record still stored in the clear, store by store, then notes that none is left.
    /// Each record is replaced only if it is still as it was read, so a write meanwhile is never undone
    /// (that write was sealed already: the key is held before this starts).
    async fn seal_every_record(&self, stored: StoredLock) -> Result<(), StoreError> {
        let key = lock::key()
            .ok_or_else(|| StoreError::new(StoreErrorKind::Locked, "locked while encrypting"))?;
        for store_name in SEALED_STORES {
            let records: Vec<(String, JsValue)> = self
                .run(|db| async move {
                    let tx = db.transaction(store_name).build()?;
                    let store = tx.object_store(store_name)?;
                    let keys = store.get_all_keys::<JsValue>().primitive()?.await?;
                    let values = store.get_all::<JsValue>().primitive()?.await?;
                    Ok(keys
                        .zip(values)
                        .filter_map(|(key, value)| Some((key.ok()?.as_string()?, value.ok()?)))
                        .filter(|(_, value)| !lock::is_sealed(value))
                        .collect())
                })
                .await?;
            let mut sealed = Vec::with_capacity(records.len());
            for (record_key, value) in records {
                let text = js_sys::JSON::stringify(&value).map_err(crypto_failed)?;
                let value = lock::seal(&key, &value).await.map_err(crypto_failed)?;
                sealed.push((record_key, text, value));
            }
            self.run(|db| {
                let sealed = sealed.clone();
                async move {
                    let tx = write_transaction(&db, store_name)?;
                    let store = tx.object_store(store_name)?;
                    for (record_key, text, value) in sealed {
                        let now: Option<JsValue> =
                            store.get(record_key.as_str()).primitive()?.await?;
                        let unchanged = now
                            .and_then(|now| js_sys::JSON::stringify(&now).ok())
                            .is_some_and(|now| now == text);
                        if unchanged {
                            store.put(value).with_key(record_key).primitive()?.await?;
                        }
                    }
                    tx.commit().await
                }
            })
            .await?;
        }
        let migrated = StoredLock {
            migrated: true,
            ..stored
        };
        self.put_meta(LOCK_KEY, js(&migrated)?).await
    }
}

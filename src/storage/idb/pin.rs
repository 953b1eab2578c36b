//! The PIN lock's side of the store: setting a PIN (which encrypts what is already stored), unlocking,
//! changing the PIN, and the wrong attempts that make the next one wait.
//!
//! The lock and the attempts live in the `meta` store, in the clear: without the PIN they open nothing.

use chrono::{DateTime, FixedOffset};
use indexed_db_futures::prelude::*;
use mestring_core::lock::{Attempts, EraseRequest, KeyWrap, PinKind, RecoveryCode, StoredLock};
use mestring_core::store::{StoreError, StoreErrorKind};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

use super::easy_read::EASY_READ_KEY;
use super::{
    ASSESSMENTS, CITIZENS, DRAFTS, IMPORTS, IdbStore, MEETINGS, META, PLANS, QUARANTINE, RESPONSES,
    from_js, to_js, write_transaction,
};
use crate::{browser, lock};

const LOCK_KEY: &str = "lock";
const ATTEMPTS_KEY: &str = "unlock_attempts";
/// An erase asked for at the lock screen without PIN or recovery code, waiting (`EraseRequest`).
const ERASE_KEY: &str = "erase_request";
/// Every store that holds something about a person; `meta` holds only the device id and the lock.
const SEALED_STORES: [&str; 8] = [
    CITIZENS,
    RESPONSES,
    ASSESSMENTS,
    PLANS,
    MEETINGS,
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

/// What unlocking found that staff should hear about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unlocked {
    /// Someone had asked to erase the device; unlocking cancelled it.
    pub cancelled_erase: Option<EraseRequest>,
    /// The PIN was set before recovery codes: staff are asked to make one.
    pub needs_recovery_code: bool,
}

/// What the lock screen shows before anyone types: how to type the PIN, whether a recovery code can
/// open the device, and an erase that is waiting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LockInfo {
    pub kind: PinKind,
    pub has_recovery_code: bool,
    pub erase_request: Option<EraseRequest>,
}

/// Why a recovery code did not open the device.
#[derive(Clone, Debug, PartialEq)]
pub enum RecoverError {
    /// A well-formed code, but not this device's.
    Wrong,
    /// The device has no recovery code.
    NoCode,
    Store(StoreError),
}

impl From<StoreError> for RecoverError {
    fn from(err: StoreError) -> RecoverError {
        RecoverError::Store(err)
    }
}

impl From<StoreError> for UnlockError {
    fn from(err: StoreError) -> UnlockError {
        UnlockError::Store(err)
    }
}

fn js<T: serde::Serialize>(value: &T) -> Result<JsValue, StoreError> {
    to_js(value).map_err(|err| super::store_error(&err))
}

fn crypto_failed(err: JsValue) -> StoreError {
    StoreError::new(StoreErrorKind::Aborted, format!("WebCrypto: {err:?}"))
}

fn no_randomness(err: String) -> StoreError {
    StoreError::new(StoreErrorKind::Aborted, err)
}

/// `key` wrapped by a key made from `secret` (the PIN or the recovery code), with a fresh salt and nonce.
async fn wrap_with(secret: &str, key: &CryptoKey) -> Result<KeyWrap, StoreError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    browser::fill_random(&mut salt)
        .and_then(|()| browser::fill_random(&mut nonce))
        .map_err(no_randomness)?;
    let wrap = KeyWrap::new(salt, nonce, Vec::new());
    let wrapping = lock::pin_key(secret, &salt, wrap.iterations)
        .await
        .map_err(crypto_failed)?;
    let wrapped_key = lock::wrap(key, &wrapping, &nonce)
        .await
        .map_err(crypto_failed)?;
    Ok(KeyWrap {
        wrapped_key,
        ..wrap
    })
}

/// The key that makes `secret` from `wrap`'s salt, and the data key it unwraps (`None` when `secret`
/// is wrong); `rewrappable` as in [`lock::unwrap`].
async fn unwrap_with(
    secret: &str,
    wrap: &KeyWrap,
    rewrappable: bool,
) -> Result<Option<CryptoKey>, StoreError> {
    let wrapping = lock::pin_key(secret, &wrap.salt, wrap.iterations)
        .await
        .map_err(crypto_failed)?;
    // GCM's tag fails on any other key: that is how a wrong secret shows.
    Ok(
        lock::unwrap(&wrap.wrapped_key, &wrapping, &wrap.wrap_nonce, rewrappable)
            .await
            .ok(),
    )
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

    pub(super) async fn delete_meta(&self, key: &'static str) -> Result<(), StoreError> {
        self.run(|db| async move {
            let tx = write_transaction(&db, META)?;
            tx.object_store(META)?.delete(key).primitive()?.await?;
            tx.commit().await
        })
        .await
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

    async fn stored_lock(&self) -> Result<StoredLock, StoreError> {
        let stored: StoredLock = self
            .meta(LOCK_KEY)
            .await?
            .ok_or_else(|| StoreError::new(StoreErrorKind::Aborted, "the device has no PIN"))?;
        if !stored.readable() {
            return Err(StoreError::new(
                StoreErrorKind::Outdated,
                "lock of a newer version",
            ));
        }
        Ok(stored)
    }

    /// What the lock screen shows before anyone types.
    pub async fn lock_info(&self) -> Result<LockInfo, StoreError> {
        let stored = self.stored_lock().await?;
        Ok(LockInfo {
            kind: stored.kind(),
            has_recovery_code: stored.recovery.is_some(),
            erase_request: self.meta(ERASE_KEY).await?,
        })
    }

    /// Asks for the device to be erased without PIN or recovery code: nothing is erased now, only once
    /// the wait is over (and unless someone unlocks meanwhile). Asking again keeps the first request.
    pub async fn request_erase(&self) -> Result<EraseRequest, StoreError> {
        let request = EraseRequest::ask(self.meta(ERASE_KEY).await?, browser::now());
        self.put_meta(ERASE_KEY, js(&request)?).await?;
        Ok(request)
    }

    /// Deletes the whole database (every record, draft and the lock), for a device whose PIN and
    /// recovery code are lost, once an erase asked for has waited its time. Other connections, in this
    /// page or another window, let go when asked (`adopt`), so nothing blocks it.
    pub async fn erase(&self) -> Result<(), StoreError> {
        let request: Option<EraseRequest> = self.meta(ERASE_KEY).await?;
        if !request.is_some_and(|request| request.may_erase(browser::now())) {
            return Err(StoreError::new(
                StoreErrorKind::Conflict,
                "no erase asked for, or its wait is not over",
            ));
        }
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

    /// Sets the device's first PIN and its recovery code: a new data key, wrapped by each, held from
    /// now on, and every record stored so far encrypted with it. The key's bytes never leave WebCrypto.
    pub async fn set_pin(
        &self,
        pin: &str,
        kind: PinKind,
        code: &RecoveryCode,
    ) -> Result<(), StoreError> {
        if self.meta::<StoredLock>(LOCK_KEY).await?.is_some() {
            return Err(StoreError::new(
                StoreErrorKind::Conflict,
                "the device has a PIN already",
            ));
        }
        let new_key = lock::new_data_key().await.map_err(crypto_failed)?;
        let pin_wrap = wrap_with(pin, &new_key).await?;
        let recovery = wrap_with(code.as_str(), &new_key).await?;
        drop(new_key);
        let data_key = unwrap_with(pin, &pin_wrap, false)
            .await?
            .ok_or_else(|| crypto_failed("the new key does not unwrap".into()))?;
        let stored = StoredLock::new(pin_wrap, Some(recovery), kind);
        self.put_meta(LOCK_KEY, js(&stored)?).await?;
        lock::set_has_pin(true);
        lock::hold(&data_key);
        self.seal_every_record(stored).await
    }

    /// Opens the device with `pin`: the data key is held until [`lock::forget`]. A wrong PIN counts
    /// towards the wait, kept on the device; a right one clears it and cancels an erase asked for.
    /// Records stored before the PIN was set and not yet encrypted (the app was closed meanwhile) are
    /// encrypted now.
    pub async fn unlock(&self, pin: &str) -> Result<Unlocked, UnlockError> {
        let (stored, data_key) = self.open_with(pin, false).await?;
        lock::hold(&data_key);
        let cancelled_erase = self.cancel_erase().await?;
        if !stored.migrated {
            self.seal_every_record(stored.clone()).await?;
        }
        Ok(Unlocked {
            cancelled_erase,
            needs_recovery_code: stored.recovery.is_none(),
        })
    }

    async fn cancel_erase(&self) -> Result<Option<EraseRequest>, StoreError> {
        let request: Option<EraseRequest> = self.meta(ERASE_KEY).await?;
        if request.is_some() {
            self.delete_meta(ERASE_KEY).await?;
        }
        Ok(request)
    }

    /// Changes the PIN: the data key is wrapped anew, so no record changes; the recovery code stays.
    pub async fn change_pin(&self, old: &str, new: &str, kind: PinKind) -> Result<(), UnlockError> {
        let (stored, data_key) = self.open_with(old, true).await?;
        let pin_wrap = wrap_with(new, &data_key).await?;
        self.put_meta(LOCK_KEY, js(&stored.with_pin(pin_wrap, kind))?)
            .await?;
        Ok(())
    }

    /// Gives the device a new recovery code (the first, on a device whose PIN is older than recovery
    /// codes), after the PIN: someone who finds the device open cannot replace the code staff hold.
    pub async fn make_recovery_code(
        &self,
        pin: &str,
        code: &RecoveryCode,
    ) -> Result<(), UnlockError> {
        let (stored, data_key) = self.open_with(pin, true).await?;
        let recovery = wrap_with(code.as_str(), &data_key).await?;
        self.put_meta(LOCK_KEY, js(&stored.with_recovery(recovery))?)
            .await?;
        Ok(())
    }

    /// Opens the device with its recovery code and gives it the new PIN: nothing is lost, the wrong
    /// PINs' count and an erase asked for are cleared, and the code stays valid.
    pub async fn recover(
        &self,
        code: &RecoveryCode,
        new_pin: &str,
        kind: PinKind,
    ) -> Result<Unlocked, RecoverError> {
        let stored = self.stored_lock().await?;
        let Some(recovery) = &stored.recovery else {
            return Err(RecoverError::NoCode);
        };
        let Some(data_key) = unwrap_with(code.as_str(), recovery, true).await? else {
            return Err(RecoverError::Wrong);
        };
        let pin_wrap = wrap_with(new_pin, &data_key).await?;
        drop(data_key);
        let held = unwrap_with(new_pin, &pin_wrap, false)
            .await?
            .ok_or_else(|| crypto_failed("the new PIN does not unwrap".into()))?;
        let changed = stored.with_pin(pin_wrap, kind);
        self.put_meta(LOCK_KEY, js(&changed)?).await?;
        self.put_meta(ATTEMPTS_KEY, js(&Attempts::default())?)
            .await?;
        lock::hold(&held);
        let cancelled_erase = self.cancel_erase().await?;
        if !changed.migrated {
            self.seal_every_record(changed).await?;
        }
        Ok(Unlocked {
            cancelled_erase,
            needs_recovery_code: false,
        })
    }

    /// The lock and the data key that `pin` opens (`rewrappable` only to wrap it anew at once), after
    /// the back-off's wait.
    async fn open_with(
        &self,
        pin: &str,
        rewrappable: bool,
    ) -> Result<(StoredLock, CryptoKey), UnlockError> {
        let now = browser::now();
        let attempts = self.unlock_attempts().await?;
        if let Some(until) = attempts.retry_at(now) {
            return Err(UnlockError::Wait { until });
        }
        let stored = self.stored_lock().await?;
        let Some(data_key) = unwrap_with(pin, &stored.pin(), rewrappable).await? else {
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
        Ok((stored, data_key))
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
        self.seal_easy_read(&key).await?;
        let migrated = StoredLock {
            migrated: true,
            ..stored
        };
        self.put_meta(LOCK_KEY, js(&migrated)?).await
    }

    /// Seals the easy-read list (the one value in `meta` about people) if it is still in the clear.
    async fn seal_easy_read(&self, key: &CryptoKey) -> Result<(), StoreError> {
        let Some(value) = self.meta_raw(EASY_READ_KEY).await? else {
            return Ok(());
        };
        if lock::is_sealed(&value) {
            return Ok(());
        }
        let sealed = lock::seal(key, &value).await.map_err(crypto_failed)?;
        self.put_meta(EASY_READ_KEY, sealed).await
    }
}

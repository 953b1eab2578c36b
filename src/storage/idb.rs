//! `Store` over IndexedDB, through `indexed_db_futures`.
//!
//! Records are stored in their versioned stored shape (`mestring_core::stored`), as plain JS objects.
//! Reads decode each record on its own: one that fails is moved, raw and with the reason, to the quarantine store,
//! in the same transaction that removes it from its own store, so it is never both lost and never silently dropped.
//! Every operation goes through [`IdbStore::run`], which reopens a connection the browser closed
//! (iOS does so under memory pressure) and retries once.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, UnexpectedDataError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::fit::{Response, ResponseId};
use mestring_core::mastery::{Assessment, Plan};
use mestring_core::meeting::Meeting;
use mestring_core::record::DeviceId;
use mestring_core::record::RecordMeta;
use mestring_core::sort;
use mestring_core::store::{
    ExportedIds, Store, StoreError, StoreErrorKind, already_stored, check_newer, deletable_among,
    sort_assessments, sort_meetings, sort_responses,
};
use mestring_core::stored::{
    DecodeError, QuarantinedRecord, StoredAssessment, StoredCitizen, StoredMeeting, StoredPlan,
    StoredResponse, decode_assessment, decode_citizen, decode_meeting, decode_plan,
    decode_response,
};
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

mod easy_read;
mod pin;

pub use pin::{LockInfo, RecoverError, UnlockError, Unlocked};

use crate::lock::{self, LockStatus};
use crate::{browser, instruments, schemas};

/// The version of the database layout (object stores and indexes); record versions are separate.
/// 2 added `imports`, 3 `meetings`.
const DB_VERSION: u32 = 3;

const CITIZENS: &str = "citizens";
const RESPONSES: &str = "responses";
const ASSESSMENTS: &str = "assessments";
const PLANS: &str = "plans";
const MEETINGS: &str = "meetings";
const EXPORT_LOG: &str = "export_log";
const META: &str = "meta";
const QUARANTINE: &str = "quarantine";
const DRAFTS: &str = "drafts";
/// On a caseworker's device: every export file taken in, as it was read, by export id.
const IMPORTS: &str = "imports";

const DEVICE_ID_KEY: &str = "device_id";

/// The index of the record stores on the citizen a record is about.
const BY_CITIZEN: &str = "by_citizen";

pub struct IdbStore {
    name: String,
    /// The open connection, numbered so a watcher only ever drops the connection it watches.
    connection: Rc<RefCell<Option<(u32, Database)>>>,
    n_connections: Cell<u32>,
    device_id: DeviceId,
}

impl IdbStore {
    /// Opens (creating or upgrading) the database `name` and learns this device's id, creating it on first use.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let db = connect(name).await?;
        let device_id = load_or_create_device_id(&db).await?;
        let store = IdbStore {
            name: name.to_owned(),
            connection: Rc::new(RefCell::new(None)),
            n_connections: Cell::new(0),
            device_id,
        };
        store.adopt(db.clone());
        store.learn_lock().await?;
        Ok(store)
    }

    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// The records of `store` about `citizen` (through the `by_citizen` index), or all of them, in one read,
    /// each decoded on its own; unreadable ones go to the quarantine.
    async fn read_records<T>(
        &self,
        store_name: &'static str,
        citizen: Option<CitizenId>,
        decode: impl Fn(&serde_json::Value) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, StoreError> {
        unlocked()?;
        let citizen_key = citizen.map(|citizen| citizen.to_string());
        let records = self
            .run(|db| {
                let citizen_key = citizen_key.clone();
                async move {
                    let tx = db.transaction(store_name).build()?;
                    let store = tx.object_store(store_name)?;
                    let (keys, values): (Vec<JsValue>, Vec<JsValue>) = match citizen_key {
                        Some(key) => {
                            let index = store.index(BY_CITIZEN)?;
                            let keys = index
                                .get_all_keys()
                                .with_query(key.clone())
                                .primitive()?
                                .await?;
                            let values = index.get_all().with_query(key).primitive()?.await?;
                            (
                                keys.collect::<Result<_, _>>()?,
                                values.collect::<Result<_, _>>()?,
                            )
                        }
                        None => {
                            let keys = store.get_all_keys().primitive()?.await?;
                            let values = store.get_all().primitive()?.await?;
                            (
                                keys.collect::<Result<_, _>>()?,
                                values.collect::<Result<_, _>>()?,
                            )
                        }
                    };
                    Ok(keys.into_iter().zip(values).collect::<Vec<_>>())
                }
            })
            .await?;
        let (decoded, broken) = decode_all(records, decode).await;
        if !broken.is_empty() {
            self.quarantine(store_name, broken).await?;
        }
        Ok(decoded)
    }

    async fn read_responses(
        &self,
        citizen: Option<CitizenId>,
    ) -> Result<Vec<Response>, StoreError> {
        let registry = instruments::registry().ok_or_else(|| unreadable("instruments"))?;
        let mut responses = self
            .read_records(RESPONSES, citizen, |json| decode_response(json, registry))
            .await?;
        sort_responses(&mut responses);
        Ok(responses)
    }

    /// The citizens the stored forms with these ids are about, from their clear `citizen_id`; ids not
    /// stored are passed over.
    async fn citizens_of_responses(
        &self,
        ids: &[ResponseId],
    ) -> Result<Vec<CitizenId>, StoreError> {
        unlocked()?;
        let keys = keys(ids);
        let citizens: Vec<String> = self
            .run(|db| {
                let keys = &keys;
                async move {
                    let tx = db.transaction(RESPONSES).build()?;
                    let store = tx.object_store(RESPONSES)?;
                    let reads = keys
                        .iter()
                        .map(|key| store.get(key.as_str()).primitive())
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut citizens = Vec::new();
                    for read in reads {
                        let stored: Option<JsValue> = read.await?;
                        citizens.extend(
                            stored
                                .and_then(|record| {
                                    js_sys::Reflect::get(&record, &"citizen_id".into()).ok()
                                })
                                .and_then(|id| id.as_string()),
                        );
                    }
                    Ok(citizens)
                }
            })
            .await?;
        let mut citizens: Vec<CitizenId> = citizens
            .iter()
            .filter_map(|id| CitizenId::parse(id))
            .collect();
        sort::ascending(&mut citizens);
        citizens.dedup();
        Ok(citizens)
    }

    /// Adds a completed record under `key` (`add`, never `put`: it is never replaced) and removes the draft
    /// it was made in, in one transaction. `Ok(false)` when a record with the key is already stored.
    async fn add_completed(
        &self,
        store_name: &'static str,
        key: String,
        value: JsValue,
        draft_key: &str,
    ) -> Result<bool, StoreError> {
        let value = stored_form(value).await?;
        let res = self
            .run(|db| {
                let (value, key) = (value.clone(), key.clone());
                async move {
                    let tx = write_transaction(&db, [store_name, DRAFTS])?;
                    tx.object_store(store_name)?
                        .add(value)
                        .with_key(key)
                        .primitive()?
                        .await?;
                    tx.object_store(DRAFTS)?
                        .delete(draft_key)
                        .primitive()?
                        .await?;
                    tx.commit().await
                }
            })
            .await;
        match res {
            Err(err) if err.to_string().contains("ConstraintError") => Ok(false),
            res => res.map(|()| true),
        }
    }

    /// Closes the connection, as the browser may do at any time; the next operation reopens it.
    pub fn close(&self) {
        if let Some((_, db)) = self.connection.borrow_mut().take() {
            db.close();
        }
    }

    /// Makes `db` the connection and lets go of it as soon as another window needs to upgrade the database
    /// (`versionchange`) or the browser closes it (`close`, as iOS does under memory pressure).
    /// The next operation then opens a fresh connection.
    fn adopt(&self, db: Database) {
        let number = self.n_connections.get() + 1;
        self.n_connections.set(number);
        *self.connection.borrow_mut() = Some((number, db.clone()));
        let Ok(mut changes) = db.version_changes() else {
            return;
        };
        let slot = Rc::clone(&self.connection);
        spawn_local(async move {
            changes.recv().await;
            let mut slot = slot.borrow_mut();
            if slot.as_ref().is_some_and(|(current, _)| *current == number)
                && let Some((_, db)) = slot.take()
            {
                db.close();
            }
        });
    }

    /// The export files taken in on this (caseworker's) device, as their text.
    pub async fn imported_files(&self) -> Result<Vec<String>, StoreError> {
        self.all_opened(IMPORTS).await.map(|values| {
            values
                .iter()
                .filter_map(|value| {
                    js_sys::Reflect::get(value, &"text".into())
                        .ok()?
                        .as_string()
                })
                .collect()
        })
    }

    /// Keeps an export file's `text` under its export id; a file taken in before stays as it was.
    pub async fn add_imported_file(&self, export_id: &str, text: &str) -> Result<(), StoreError> {
        let entry = js_sys::Object::new();
        js_sys::Reflect::set(&entry, &"text".into(), &text.into())
            .and_then(|_| {
                js_sys::Reflect::set(
                    &entry,
                    &"imported_at".into(),
                    &browser::now().to_rfc3339().into(),
                )
            })
            .map_err(|err| StoreError::new(StoreErrorKind::Aborted, format!("{err:?}")))?;
        let entry = stored_form(entry.into()).await?;
        self.run(|db| {
            let entry = entry.clone();
            async move {
                let tx = write_transaction(&db, IMPORTS)?;
                let store = tx.object_store(IMPORTS)?;
                let held: Option<JsValue> = store.get(export_id).primitive()?.await?;
                if held.is_none() {
                    store.put(entry).with_key(export_id).primitive()?.await?;
                }
                tx.commit().await
            }
        })
        .await
    }

    /// Puts `value` under `key` in `store`, replacing what was there.
    async fn put_value(
        &self,
        store: &'static str,
        key: &str,
        value: JsValue,
    ) -> Result<(), StoreError> {
        self.run(|db| {
            let value = value.clone();
            async move {
                let tx = write_transaction(&db, store)?;
                tx.object_store(store)?
                    .put(value)
                    .with_key(key)
                    .primitive()?
                    .await?;
                tx.commit().await
            }
        })
        .await
    }

    /// Every value in `store`, opened, in one read.
    async fn all_opened(&self, store: &'static str) -> Result<Vec<JsValue>, StoreError> {
        unlocked()?;
        let values: Vec<JsValue> = self
            .run(|db| async move {
                let tx = db.transaction(store).build()?;
                tx.object_store(store)?
                    .get_all()
                    .primitive()?
                    .await?
                    .collect::<Result<_, _>>()
            })
            .await?;
        let mut opened_values = Vec::with_capacity(values.len());
        for value in &values {
            opened_values.push(opened(value).await?);
        }
        Ok(opened_values)
    }

    /// Records that could not be read, with their raw values (opened, where the device sealed them) and
    /// the reasons.
    pub async fn quarantined(&self) -> Result<Vec<QuarantinedRecord>, StoreError> {
        let mut records = Vec::new();
        for entry in self.all_opened(QUARANTINE).await? {
            let raw = js_sys::Reflect::get(&entry, &"raw".into()).unwrap_or_default();
            // The raw value is taken as JSON text below, never through serde, whatever it holds.
            let _ = js_sys::Reflect::set(&entry, &"raw".into(), &JsValue::from_str(""));
            let mut record: QuarantinedRecord =
                from_js(&entry).map_err(|err| StoreError::new(StoreErrorKind::Aborted, err))?;
            // A record set aside because it did not decode may still be sealed: its body is what
            // the caseworker needs to see.
            let raw = opened(&raw).await.unwrap_or(raw);
            record.raw = js_sys::JSON::stringify(&raw)
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_else(|| "null".to_owned());
            records.push(record);
        }
        Ok(records)
    }

    /// Runs `op` on an open connection; when the browser had closed it, reopens once and runs `op` again.
    /// Retrying is safe: a transaction on a closed connection fails before anything is written.
    async fn run<T, F, Fut>(&self, op: F) -> Result<T, StoreError>
    where
        F: Fn(Database) -> Fut,
        Fut: Future<Output = Result<T, IdbError>>,
    {
        let db = self.connection().await?;
        let res = match op(db).await {
            Err(err) if connection_closed(&err) => {
                self.close();
                let db = self.connection().await?;
                op(db).await
            }
            res => res,
        };
        match res {
            Ok(value) => Ok(value),
            Err(err) => Err(explain(&err).await),
        }
    }

    async fn connection(&self) -> Result<Database, StoreError> {
        if let Some((_, db)) = self.connection.borrow().as_ref() {
            return Ok(db.clone());
        }
        let db = connect(&self.name).await?;
        self.adopt(db.clone());
        Ok(db)
    }

    /// Moves unreadable records of `store` to the quarantine, raw and with the reason, in one transaction.
    /// The entry is sealed like any record on a device with a PIN: the reason may quote the record.
    async fn quarantine(&self, store: &'static str, broken: Vec<Broken>) -> Result<(), StoreError> {
        let now = browser::now();
        let mut entries = Vec::with_capacity(broken.len());
        for Broken { key, raw, reason } in broken {
            let record = QuarantinedRecord::new(store, &key, &reason, now, String::new());
            // The raw value goes in untouched, whatever it holds, so nothing is lost in translation.
            let entry = to_js(&record).map_err(|err| store_error(&err))?;
            js_sys::Reflect::set(&entry, &JsValue::from_str("raw"), &raw)
                .map_err(|err| store_error(&err.into()))?;
            entries.push((key, stored_form(entry).await?));
        }
        self.run(|db| {
            let entries = entries.clone();
            async move {
                let tx = write_transaction(&db, [store, QUARANTINE])?;
                let records = tx.object_store(store)?;
                let quarantine = tx.object_store(QUARANTINE)?;
                for (key, entry) in entries {
                    quarantine
                        .put(entry)
                        .with_key(format!("{store}/{key}"))
                        .primitive()?
                        .await?;
                    records.delete(key).primitive()?.await?;
                }
                tx.commit().await
            }
        })
        .await
    }
}

/// A record that could not be read: its key, its raw value and why.
#[derive(Clone)]
struct Broken {
    key: String,
    raw: JsValue,
    reason: String,
}

/// Opens (when sealed) and decodes each `(key, raw value)` on its own; the ones that fail come back as
/// [`Broken`], with the value as it was stored.
async fn decode_all<T>(
    records: Vec<(JsValue, JsValue)>,
    decode: impl Fn(&serde_json::Value) -> Result<T, DecodeError>,
) -> (Vec<T>, Vec<Broken>) {
    let opened = open_all(records).await;
    let mut decoded = Vec::with_capacity(opened.len());
    let mut broken = Vec::new();
    for (key, raw, opened) in opened {
        let res = opened.and_then(|value| {
            from_js::<serde_json::Value>(&value)
                .and_then(|json| decode(&json).map_err(|err| err.to_string()))
        });
        match res {
            Ok(record) => decoded.push(record),
            Err(reason) => broken.push(Broken { key, raw, reason }),
        }
    }
    (decoded, broken)
}

/// Each record's key, its stored value and that value opened. Every decryption is started before the
/// first is awaited. Apart from [`decode_all`], which is generic, so its code is not repeated per record type.
async fn open_all(
    records: Vec<(JsValue, JsValue)>,
) -> Vec<(String, JsValue, Result<JsValue, String>)> {
    let key = lock::key();
    let opening: Vec<_> = records
        .iter()
        .map(|(_, raw)| lock::open(key.as_ref(), raw))
        .collect();
    let mut opened = Vec::with_capacity(records.len());
    for ((key, raw), opening) in records.into_iter().zip(opening) {
        let key = key.as_string().unwrap_or_else(|| format!("{key:?}"));
        opened.push((key, raw, opening.await));
    }
    opened
}

/// `Locked` when the device has a PIN and is locked: nothing is read or written then, and nothing that
/// merely could not be opened is taken for broken.
fn unlocked() -> Result<(), StoreError> {
    match lock::status() {
        LockStatus::Locked => Err(StoreError::new(
            StoreErrorKind::Locked,
            "the device is locked",
        )),
        LockStatus::NoPin | LockStatus::Open => Ok(()),
    }
}

/// `value` as it is stored: sealed with the data key on a device with a PIN, as it is on one without.
async fn stored_form(value: JsValue) -> Result<JsValue, StoreError> {
    unlocked()?;
    match lock::key().filter(|_| lock::status() == LockStatus::Open) {
        Some(key) => lock::seal(&key, &value).await.map_err(|err| {
            StoreError::new(StoreErrorKind::Aborted, format!("not encrypted: {err:?}"))
        }),
        None => Ok(value),
    }
}

/// A stored value opened, for the stores that are read whole (drafts, imports, the quarantine).
async fn opened(stored: &JsValue) -> Result<JsValue, StoreError> {
    unlocked()?;
    lock::open(lock::key().as_ref(), stored)
        .await
        .map_err(|reason| StoreError::new(StoreErrorKind::Aborted, reason))
}

impl Store for IdbStore {
    async fn citizens(&self) -> Result<Vec<Citizen>, StoreError> {
        unlocked()?;
        let records = self
            .run(|db| async move {
                let tx = db.transaction(CITIZENS).build()?;
                let store = tx.object_store(CITIZENS)?;
                let keys: Vec<JsValue> = store
                    .get_all_keys()
                    .primitive()?
                    .await?
                    .collect::<Result<_, _>>()?;
                let values: Vec<JsValue> = store
                    .get_all()
                    .primitive()?
                    .await?
                    .collect::<Result<_, _>>()?;
                Ok(keys.into_iter().zip(values).collect::<Vec<_>>())
            })
            .await?;

        let (mut citizens, broken) = decode_all(records, decode_citizen).await;
        if !broken.is_empty() {
            self.quarantine(CITIZENS, broken).await?;
        }
        browser::sort_citizens(&mut citizens);
        Ok(citizens)
    }

    async fn put_citizen(&self, citizen: &Citizen) -> Result<(), StoreError> {
        self.write_citizen(citizen, None).await
    }

    async fn draft(&self, key: &str) -> Result<Option<String>, StoreError> {
        unlocked()?;
        let stored: Option<JsValue> = self
            .run(|db| async move {
                let tx = db.transaction(DRAFTS).build()?;
                tx.object_store(DRAFTS)?.get(key).primitive()?.await
            })
            .await?;
        match stored {
            Some(stored) => Ok(opened(&stored).await?.as_string()),
            None => Ok(None),
        }
    }

    async fn put_draft(&self, key: &str, draft: &str) -> Result<(), StoreError> {
        let value = stored_form(JsValue::from_str(draft)).await?;
        self.put_value(DRAFTS, key, value).await
    }

    async fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.run(|db| async move {
            let tx = write_transaction(&db, DRAFTS)?;
            tx.object_store(DRAFTS)?.delete(key).primitive()?.await?;
            tx.commit().await
        })
        .await
    }

    async fn put_citizen_from_draft(
        &self,
        citizen: &Citizen,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        self.write_citizen(citizen, Some(draft_key)).await
    }

    async fn responses_of(&self, citizen: CitizenId) -> Result<Vec<Response>, StoreError> {
        self.read_responses(Some(citizen)).await
    }

    async fn form_dates_of(&self, citizen: CitizenId) -> Result<Vec<NaiveDate>, StoreError> {
        // Only the clear `date` is read, through the index: no form is opened. A date that does not parse
        // is passed over; the form itself is read, or quarantined, as it is.
        unlocked()?;
        let key = citizen.to_string();
        let values: Vec<JsValue> = self
            .run(|db| {
                let key = key.clone();
                async move {
                    let tx = db.transaction(RESPONSES).build()?;
                    tx.object_store(RESPONSES)?
                        .index(BY_CITIZEN)?
                        .get_all()
                        .with_query(key)
                        .primitive()?
                        .await?
                        .collect::<Result<_, _>>()
                }
            })
            .await?;
        Ok(values
            .iter()
            .filter_map(|value| js_sys::Reflect::get(value, &"date".into()).ok())
            .filter_map(|date| mestring_core::iso::parse_date(&date.as_string()?))
            .collect())
    }

    async fn all_responses(&self) -> Result<Vec<Response>, StoreError> {
        self.read_responses(None).await
    }

    async fn add_response_from_draft(
        &self,
        response: &Response,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        let value = to_js(&StoredResponse::from(response)).map_err(|err| store_error(&err))?;
        let added = self
            .add_completed(RESPONSES, response.id.to_string(), value, draft_key)
            .await?;
        added
            .then_some(())
            .ok_or_else(|| already_stored("response", &response.id))
    }

    async fn delete_exported_responses(&self, ids: &[ResponseId]) -> Result<usize, StoreError> {
        // What the statistics keep (`kept_for_statistics`) depends on each form's instrument and rater, which
        // a sealed form shows only once opened, and nothing can be opened inside a transaction. So the
        // citizens' forms are read first, and the deleting transaction goes on only if the same forms are
        // stored when it runs: forms are written once, so the same keys are the same forms.
        let mut stored = Vec::new();
        let mut held: Vec<(String, Vec<String>)> = Vec::new();
        for citizen in self.citizens_of_responses(ids).await? {
            let forms = self.read_responses(Some(citizen)).await?;
            let mut form_keys = keys(&forms.iter().map(|form| form.id).collect::<Vec<_>>());
            sort::ascending(&mut form_keys);
            held.push((citizen.to_string(), form_keys));
            stored.extend(forms);
        }
        let deletable = keys(&deletable_among(ids, &stored));
        let deleted = self
            .run(|db| {
                let (deletable, held) = (&deletable, &held);
                async move {
                    let tx = write_transaction(&db, RESPONSES)?;
                    let store = tx.object_store(RESPONSES)?;
                    let index = store.index(BY_CITIZEN)?;
                    for (citizen, form_keys) in held {
                        let now: Vec<JsValue> = index
                            .get_all_keys()
                            .with_query(citizen.as_str())
                            .primitive()?
                            .await?
                            .collect::<Result<_, _>>()?;
                        let mut now: Vec<String> =
                            now.iter().filter_map(JsValue::as_string).collect();
                        sort::ascending(&mut now);
                        if now != *form_keys {
                            // Left uncommitted, the transaction deletes nothing.
                            return Ok(None);
                        }
                    }
                    // Reads asked for all at once, deletes not awaited, as in `mark_exported`.
                    let reads = deletable
                        .iter()
                        .map(|key| store.get(key.as_str()).primitive())
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut deleted = 0;
                    for (key, read) in deletable.iter().zip(reads) {
                        let stored: Option<JsValue> = read.await?;
                        // The check happens here, in the deleting transaction: never a form not yet exported.
                        let exported = stored
                            .and_then(|record| {
                                js_sys::Reflect::get(&record, &"exported_at".into()).ok()
                            })
                            .is_some_and(|at| at.is_string());
                        if exported {
                            drop(store.delete(key.as_str()).primitive()?);
                            deleted += 1;
                        }
                    }
                    tx.commit().await?;
                    Ok(Some(deleted))
                }
            })
            .await?;
        deleted.ok_or_else(|| {
            StoreError::new(
                StoreErrorKind::Conflict,
                "a citizen's forms changed while deleting; nothing deleted",
            )
        })
    }

    async fn mark_exported(
        &self,
        ids: &ExportedIds,
        at: DateTime<FixedOffset>,
    ) -> Result<(), StoreError> {
        let at = to_js(&at).map_err(|err| store_error(&err))?;
        let marked = [
            (CITIZENS, keys(&ids.citizens)),
            (RESPONSES, keys(&ids.responses)),
            (ASSESSMENTS, keys(&ids.assessments)),
            (PLANS, keys(&ids.plans)),
            (MEETINGS, keys(&ids.meetings)),
        ];
        self.run(|db| {
            let (at, marked) = (at.clone(), &marked);
            async move {
                let tx =
                    write_transaction(&db, [CITIZENS, RESPONSES, ASSESSMENTS, PLANS, MEETINGS])?;
                for (store, keys) in marked {
                    let store = tx.object_store(store)?;
                    // Every read is asked for before the first is awaited, and no write is awaited:
                    // one pipelined pass instead of a round trip per record (100,000 records: 41 s before).
                    // A failed write aborts the transaction, which the commit reports.
                    let reads = keys
                        .iter()
                        .map(|key| store.get(key.as_str()).primitive())
                        .collect::<Result<Vec<_>, _>>()?;
                    for (key, read) in keys.iter().zip(reads) {
                        let stored: Option<JsValue> = read.await?;
                        // Only the one field changes: the record is otherwise written back as it was read.
                        if let Some(record) = stored {
                            js_sys::Reflect::set(&record, &JsValue::from_str("exported_at"), &at)?;
                            drop(store.put(record).with_key(key.as_str()).primitive()?);
                        }
                    }
                }
                tx.commit().await
            }
        })
        .await
    }

    async fn assessments_of(&self, citizen: CitizenId) -> Result<Vec<Assessment>, StoreError> {
        let registry = schemas::registry().ok_or_else(|| unreadable("schemas"))?;
        let mut assessments = self
            .read_records(ASSESSMENTS, Some(citizen), |json| {
                decode_assessment(json, registry)
            })
            .await?;
        sort_assessments(&mut assessments);
        Ok(assessments)
    }

    async fn all_assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        let registry = schemas::registry().ok_or_else(|| unreadable("schemas"))?;
        let mut assessments = self
            .read_records(ASSESSMENTS, None, |json| decode_assessment(json, registry))
            .await?;
        sort_assessments(&mut assessments);
        Ok(assessments)
    }

    async fn add_assessment_from_draft(
        &self,
        assessment: &Assessment,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        let value = to_js(&StoredAssessment::from(assessment)).map_err(|err| store_error(&err))?;
        let added = self
            .add_completed(ASSESSMENTS, assessment.id.to_string(), value, draft_key)
            .await?;
        added
            .then_some(())
            .ok_or_else(|| already_stored("assessment", &assessment.id))
    }

    async fn all_plans(&self) -> Result<Vec<Plan>, StoreError> {
        let registry = schemas::registry().ok_or_else(|| unreadable("schemas"))?;
        self.read_records(PLANS, None, |json| decode_plan(json, registry))
            .await
    }

    async fn put_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        self.write_plan(plan, None).await
    }

    async fn put_plan_from_draft(&self, plan: &Plan, draft_key: &str) -> Result<(), StoreError> {
        self.write_plan(plan, Some(draft_key)).await
    }

    async fn meetings_of(&self, citizen: CitizenId) -> Result<Vec<Meeting>, StoreError> {
        let mut meetings = self
            .read_records(MEETINGS, Some(citizen), decode_meeting)
            .await?;
        sort_meetings(&mut meetings);
        Ok(meetings)
    }

    async fn all_meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        let mut meetings = self.read_records(MEETINGS, None, decode_meeting).await?;
        sort_meetings(&mut meetings);
        Ok(meetings)
    }

    async fn put_meeting(&self, meeting: &Meeting) -> Result<(), StoreError> {
        self.write_meeting(meeting, None).await
    }

    async fn put_meeting_from_draft(
        &self,
        meeting: &Meeting,
        draft_key: &str,
    ) -> Result<(), StoreError> {
        self.write_meeting(meeting, Some(draft_key)).await
    }
}

impl IdbStore {
    /// Writes a record that changes by revisions (a citizen, a plan) after the revision check, and removes
    /// `draft_key` in the same transaction.
    async fn write_revised(
        &self,
        (store_name, what): (&'static str, &'static str),
        id: &dyn std::fmt::Display,
        meta: &RecordMeta,
        value: JsValue,
        draft_key: Option<&str>,
    ) -> Result<(), StoreError> {
        let key = id.to_string();
        let value = stored_form(value).await?;
        self.run(|db| {
            let (value, key) = (value.clone(), key.clone());
            async move {
                let tx = write_transaction(&db, [store_name, DRAFTS])?;
                let store = tx.object_store(store_name)?;
                // The revision check and the write share one transaction, so no other window can slip in between.
                let stored: Option<JsValue> = store.get(key.as_str()).primitive()?.await?;
                // Only the revision is read: decoding the whole record would cost bundle size and refuse nothing more.
                let stored_revision = stored
                    .and_then(|stored| js_sys::Reflect::get(&stored, &"revision".into()).ok())
                    .and_then(|revision| revision.as_f64())
                    .map(|revision| revision as u32);
                if let Err(conflict) = check_newer(what, id, stored_revision, meta) {
                    return Ok(Err(conflict));
                }
                store.put(value).with_key(key).primitive()?.await?;
                if let Some(draft_key) = draft_key {
                    tx.object_store(DRAFTS)?
                        .delete(draft_key)
                        .primitive()?
                        .await?;
                }
                tx.commit().await?;
                Ok(Ok(()))
            }
        })
        .await?
    }

    async fn write_plan(&self, plan: &Plan, draft_key: Option<&str>) -> Result<(), StoreError> {
        let value = to_js(&StoredPlan::from(plan)).map_err(|err| store_error(&err))?;
        self.write_revised((PLANS, "plan"), &plan.id, &plan.meta, value, draft_key)
            .await
    }

    async fn write_meeting(
        &self,
        meeting: &Meeting,
        draft_key: Option<&str>,
    ) -> Result<(), StoreError> {
        let value = to_js(&StoredMeeting::from(meeting)).map_err(|err| store_error(&err))?;
        self.write_revised(
            (MEETINGS, "meeting"),
            &meeting.id,
            &meeting.meta,
            value,
            draft_key,
        )
        .await
    }

    async fn write_citizen(
        &self,
        citizen: &Citizen,
        draft_key: Option<&str>,
    ) -> Result<(), StoreError> {
        let value = to_js(&StoredCitizen::from(citizen)).map_err(|err| store_error(&err))?;
        self.write_revised(
            (CITIZENS, "citizen"),
            &citizen.id,
            &citizen.meta,
            value,
            draft_key,
        )
        .await
    }
}

/// The error for bundled data (instruments, schemas) that does not read back; the browser tests rule it out.
fn unreadable(what: &str) -> StoreError {
    StoreError::new(
        StoreErrorKind::Unavailable,
        format!("bundled {what} unreadable"),
    )
}

async fn connect(name: &str) -> Result<Database, StoreError> {
    let res = Database::open(name)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(|event, db| {
            // Each released layout adds its stores here; earlier steps never change once released.
            if event.old_version() < 1.0 {
                db.create_object_store(CITIZENS).build()?;
                for store in [RESPONSES, ASSESSMENTS, PLANS] {
                    let store = db.create_object_store(store).build()?;
                    store
                        .create_index("by_citizen", KeyPath::One("citizen_id"))
                        .build()?;
                    store
                        .create_index(
                            "by_citizen_date",
                            KeyPath::Sequence(["citizen_id", "date"].into_iter().collect()),
                        )
                        .build()?;
                }
                for store in [EXPORT_LOG, META, QUARANTINE, DRAFTS] {
                    db.create_object_store(store).build()?;
                }
            }
            if event.old_version() < 2.0 {
                db.create_object_store(IMPORTS).build()?;
            }
            if event.old_version() < 3.0 {
                let store = db.create_object_store(MEETINGS).build()?;
                store
                    .create_index(BY_CITIZEN, KeyPath::One("citizen_id"))
                    .build()?;
            }
            Ok(())
        })
        .await;
    res.map_err(|err| StoreError::new(open_error_kind(&err.to_string()), err.to_string()))
}

async fn load_or_create_device_id(db: &Database) -> Result<DeviceId, StoreError> {
    let read = async {
        let tx = db.transaction(META).build()?;
        let stored: Option<String> = tx
            .object_store(META)?
            .get(DEVICE_ID_KEY)
            .primitive()?
            .await?;
        Ok::<_, IdbError>(stored)
    };
    if let Some(device_id) = read
        .await
        .map_err(|err| store_error(&err))?
        .as_deref()
        .and_then(DeviceId::parse)
    {
        return Ok(device_id);
    }
    let device_id = DeviceId::from_random_bytes(browser::random_bytes()?);
    let write = async {
        let tx = write_transaction(db, META)?;
        tx.object_store(META)?
            .put(device_id.to_string())
            .with_key(DEVICE_ID_KEY)
            .primitive()?
            .await?;
        tx.commit().await
    };
    write.await.map_err(|err| store_error(&err))?;
    Ok(device_id)
}

/// A read-write transaction that reports success only once the data is on disk.
fn write_transaction<'a, S: indexed_db_futures::database::ObjectStoreName>(
    db: &'a Database,
    stores: S,
) -> Result<indexed_db_futures::transaction::Transaction<'a>, IdbError> {
    db.transaction(stores)
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
        .build()
}

/// Record ids as the keys they are stored under.
fn keys(ids: &[impl ToString]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, IdbError> {
    // JSON-compatible: `None` becomes `null` and maps become plain objects, so records read back as they were.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| IdbError::from(JsValue::from(err)))
}

fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|err| err.to_string())
}

fn dom_exception_name(err: &IdbError) -> Option<String> {
    match err {
        IdbError::DomException(exception) => {
            Some(web_sys::DomException::from(exception.clone()).name())
        }
        _ => None,
    }
}

fn connection_closed(err: &IdbError) -> bool {
    dom_exception_name(err).as_deref() == Some("InvalidStateError")
}

/// Like [`store_error`], but an abort without a reason is checked against the device's free space:
/// `indexed_db_futures` reports a transaction the browser aborted (as it does when the quota is exceeded)
/// without the transaction's own error.
async fn explain(err: &IdbError) -> StoreError {
    let error = store_error(err);
    if !matches!(
        err,
        IdbError::MissingData(UnexpectedDataError::TransactionAborted)
    ) {
        return error;
    }
    match browser::storage_status().await.usage {
        Some(usage) => StoreError::new(usage.abort_kind(), err.to_string()),
        None => error,
    }
}

fn store_error(err: &IdbError) -> StoreError {
    let kind = match dom_exception_name(err).as_deref() {
        Some("QuotaExceededError") => StoreErrorKind::QuotaExceeded,
        Some("VersionError") => StoreErrorKind::Outdated,
        Some("InvalidStateError" | "UnknownError" | "SecurityError") => StoreErrorKind::Unavailable,
        _ => StoreErrorKind::Aborted,
    };
    StoreError::new(kind, err.to_string())
}

fn open_error_kind(detail: &str) -> StoreErrorKind {
    if detail.contains("VersionError") {
        StoreErrorKind::Outdated
    } else {
        StoreErrorKind::Unavailable
    }
}

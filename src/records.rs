//! The records service: the opened store and every operation on records, drafts and the lock's storage
//! side, each failure reported through the session. Provided by `App`, read with
//! `hooks::use_records::use_records`.

use std::future::Future;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::draft;
use mestring_core::fit::{Response, ResponseId};
use mestring_core::lock::{Attempts, EraseRequest, PinKind, RecoveryCode};
use mestring_core::mastery::{Assessment, Plan};
use mestring_core::meeting::Meeting;
use mestring_core::record::RecordMeta;
use mestring_core::store::{self, ExportedIds, Store, StoreError, StoreErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::hooks::use_session::Session;
use crate::lock::{self, LockStatus};
use crate::settings;
use crate::state::{Action, CitizenChange, Notice};
use crate::storage::{AppStore, DB_NAME, LockInfo, RecoverError, UnlockError, Unlocked};

/// The store and the operations on what it holds; handed to the pages that read or write records.
#[derive(Clone)]
pub struct Records {
    session: Session,
    /// `None` until the database has opened (or when it could not be).
    store: UseStateHandle<Option<Rc<AppStore>>>,
}

impl PartialEq for Records {
    fn eq(&self, other: &Self) -> bool {
        let same_store = match (&*self.store, &*other.store) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        self.session == other.session && same_store
    }
}

impl Records {
    /// The service over `store`, which `open_and_load` fills once the database has opened.
    pub fn new(session: Session, store: UseStateHandle<Option<Rc<AppStore>>>) -> Self {
        Records { session, store }
    }

    /// Opens the database and loads the register once, at the app's start.
    pub async fn open_and_load(&self) {
        let store = match AppStore::open(DB_NAME).await {
            Ok(store) => Rc::new(store),
            Err(err) => {
                browser::log_error(&err.to_string());
                self.session
                    .dispatch(Action::CitizensNotLoaded { kind: err.kind() });
                return;
            }
        };
        self.store.set(Some(store.clone()));
        // Asked once the database works; the answer is shown in the settings.
        spawn_local(async {
            browser::request_persistent_storage().await;
        });
        let status = lock::status();
        self.session.dispatch(Action::LockChanged(status));
        if status != LockStatus::Locked {
            self.move_easy_read(&store).await;
            self.move_plan_meetings(&store).await;
            self.load_citizens(&store).await;
        }
    }

    /// Moves the dialogue meetings and agreements that plans stored in shape 3 or older kept themselves into
    /// meeting records, once the store is open (it is sealed before the PIN): see
    /// [`mestring_core::store::move_plan_meetings`]. A failure is reported; what was not moved stays in its
    /// plan for the next time, and moving again never stores a meeting twice.
    async fn move_plan_meetings(&self, store: &AppStore) {
        if let Err(err) = store::move_plan_meetings(store, browser::now()).await {
            self.session.report_store_error(&err);
        }
    }

    /// Follows the lock as it just changed: a locked device shows nothing of anyone; an open one reads
    /// the register again, and tells staff what unlocking found (`notice`).
    fn lock_changed(&self, notice: Option<Notice>) {
        let status = lock::status();
        self.session.dispatch(Action::LockChanged(status));
        if let Some(notice) = notice {
            self.session.dispatch(Action::Notify(notice));
        }
        if status == LockStatus::Open
            && let Ok(store) = self.store()
        {
            let records = self.clone();
            spawn_local(async move {
                records.move_easy_read(&store).await;
                records.move_plan_meetings(&store).await;
                records.load_citizens(&store).await;
            });
        }
    }

    /// Moves an older version's list of who answers in easy-read into the citizens' records, once; a
    /// failure is reported and the list stays for the next start.
    async fn move_easy_read(&self, store: &AppStore) {
        if let Err(err) = settings::move_easy_read_into_records(store).await {
            self.session.report_store_error(&err);
        }
    }

    /// Switches easy-read on or off for `citizen`: part of their record, so it is sealed and exported with
    /// it and holds on every device that imports them; a failed write is reported.
    pub fn set_easy_read(&self, citizen: &Citizen, on: bool) {
        let changed = citizen.with_easy_read(on, browser::now());
        let records = self.clone();
        spawn_local(async move {
            records
                .store_citizen(changed, CitizenChange::Edited, None)
                .await;
        });
    }

    /// Opens the device with staff's PIN; a wrong one counts towards the wait. An erase asked for is
    /// cancelled, and staff are told so (or that the device has no recovery code yet).
    pub async fn unlock(&self, pin: &str) -> Result<(), UnlockError> {
        let unlocked = self.store()?.unlock(pin).await?;
        self.lock_changed(unlock_notice(&unlocked));
        Ok(())
    }

    /// Opens the device with its recovery code, giving it a new PIN.
    pub async fn recover(
        &self,
        code: &RecoveryCode,
        new_pin: &str,
        kind: PinKind,
    ) -> Result<(), RecoverError> {
        let unlocked = self.store()?.recover(code, new_pin, kind).await?;
        self.lock_changed(unlock_notice(&unlocked));
        Ok(())
    }

    /// How the lock screen asks for the PIN, and an erase waiting.
    pub async fn lock_info(&self) -> Result<LockInfo, StoreError> {
        self.store()?.lock_info().await
    }

    /// Asks for the device to be erased once the wait is over, unless someone unlocks meanwhile.
    pub async fn request_erase(&self) -> Result<EraseRequest, StoreError> {
        self.store()?.request_erase().await
    }

    /// A new recovery code, after the PIN.
    pub async fn make_recovery_code(
        &self,
        pin: &str,
        code: &RecoveryCode,
    ) -> Result<(), UnlockError> {
        self.store()?.make_recovery_code(pin, code).await
    }

    /// Gives the device its PIN and recovery code and encrypts what is stored.
    pub async fn set_pin(
        &self,
        pin: &str,
        kind: PinKind,
        code: &RecoveryCode,
    ) -> Result<(), StoreError> {
        let res = self.store()?.set_pin(pin, kind, code).await;
        if res.is_ok() {
            crate::lock::remember_kind(kind);
        }
        self.lock_changed(None);
        res
    }

    pub async fn change_pin(&self, old: &str, new: &str, kind: PinKind) -> Result<(), UnlockError> {
        self.store()?.change_pin(old, new, kind).await?;
        crate::lock::remember_kind(kind);
        Ok(())
    }

    /// Erases everything on the device (the database and the settings) and starts the app afresh, as on
    /// a first start: for a forgotten PIN and recovery code, once an erase asked for has waited its time
    /// (the store refuses it before). Only a failure returns.
    pub async fn erase_device(&self) -> StoreError {
        let erased = match self.store() {
            Ok(store) => store.erase().await,
            Err(err) => Err(err),
        };
        if let Err(err) = erased {
            return err;
        }
        <gloo::storage::LocalStorage as gloo::storage::Storage>::clear();
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
        StoreError::new(StoreErrorKind::Unavailable, "the page did not reload")
    }

    /// The wrong PINs typed so far, for the lock screen's wait.
    pub async fn unlock_attempts(&self) -> Result<Attempts, StoreError> {
        self.store()?.unlock_attempts().await
    }

    async fn load_citizens(&self, store: &AppStore) {
        match store.citizens().await {
            Ok(citizens) => self.session.dispatch(Action::CitizensLoaded { citizens }),
            Err(err) => {
                browser::log_error(&err.to_string());
                self.session
                    .dispatch(Action::CitizensNotLoaded { kind: err.kind() });
            }
        }
    }

    fn store(&self) -> Result<Rc<AppStore>, StoreError> {
        (*self.store)
            .clone()
            .ok_or_else(|| StoreError::new(StoreErrorKind::Unavailable, "database not open"))
    }

    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    /// How many unreadable records are set aside in the quarantine.
    pub async fn quarantine_count(&self) -> Result<usize, StoreError> {
        Ok(self.store()?.quarantined().await?.len())
    }

    /// A new citizen id and the bookkeeping of a record created now on this device.
    pub fn new_record_ids(&self) -> Result<(CitizenId, RecordMeta), StoreError> {
        Ok((browser::new_citizen_id()?, self.new_record_meta()?))
    }

    /// The bookkeeping of a record created now on this device.
    pub fn new_record_meta(&self) -> Result<RecordMeta, StoreError> {
        Ok(RecordMeta::new(self.store()?.device_id(), browser::now()))
    }

    /// Every completed form about the citizen; a failure is reported and returned.
    pub async fn responses_of(&self, citizen: CitizenId) -> Result<Vec<Response>, StoreErrorKind> {
        let res = match self.store() {
            Ok(store) => store.responses_of(citizen).await,
            Err(err) => Err(err),
        };
        self.reported(res)
    }

    /// What the five-meeting rule counts for the citizen besides their plan's own meetings: their stored
    /// meeting records and the day of each of their forms; a failure is reported and returned.
    pub async fn meeting_days(
        &self,
        citizen: CitizenId,
    ) -> Result<(Vec<Meeting>, Vec<NaiveDate>), StoreErrorKind> {
        let store = self.reported(self.store())?;
        let meetings = self.reported(store.meetings_of(citizen).await)?;
        let form_dates = self.reported(store.form_dates_of(citizen).await)?;
        Ok((meetings, form_dates))
    }

    /// Every completed form on the device; a failure is reported and returned.
    pub async fn all_responses(&self) -> Result<Vec<Response>, StoreErrorKind> {
        let res = match self.store() {
            Ok(store) => store.all_responses().await,
            Err(err) => Err(err),
        };
        self.reported(res)
    }

    /// Deletes these forms where they have been exported; how many went. A failure is reported.
    pub async fn delete_exported(&self, ids: &[ResponseId]) -> Result<usize, StoreErrorKind> {
        let res = match self.store() {
            Ok(store) => store.delete_exported_responses(ids).await,
            Err(err) => Err(err),
        };
        self.reported(res)
    }

    /// Marks the records of a handed-over export as exported at `at` (when they were read), then reads
    /// the register again so the citizens in memory carry the mark too; a failure is reported and returned.
    pub async fn mark_exported(
        &self,
        ids: &ExportedIds,
        at: DateTime<FixedOffset>,
    ) -> Result<(), StoreErrorKind> {
        let store = self.reported(self.store())?;
        let res = store.mark_exported(ids, at).await;
        self.reported(res)?;
        self.load_citizens(&store).await;
        Ok(())
    }

    fn reported<T>(&self, res: Result<T, StoreError>) -> Result<T, StoreErrorKind> {
        res.map_err(|err| {
            self.session.report_store_error(&err);
            err.kind()
        })
    }

    /// Stores a completed form and drops its draft in the same transaction; true once stored.
    pub async fn add_response(&self, response: Response, draft_key: String) -> bool {
        let res = match self.store() {
            Ok(store) => store.add_response_from_draft(&response, &draft_key).await,
            Err(err) => Err(err),
        };
        match res {
            Ok(()) => true,
            Err(err) => {
                self.session.report_store_error(&err);
                false
            }
        }
    }

    /// Every mastery assessment of the citizen; a failure is reported and returned.
    pub async fn assessments_of(
        &self,
        citizen: CitizenId,
    ) -> Result<Vec<Assessment>, StoreErrorKind> {
        let store = self.reported(self.store())?;
        self.reported(store.assessments_of(citizen).await)
    }

    /// Stores a completed assessment and drops its draft in the same transaction; true once stored.
    pub async fn add_assessment(&self, assessment: Assessment, draft_key: String) -> bool {
        let Ok(store) = self.reported(self.store()) else {
            return false;
        };
        let res = store
            .add_assessment_from_draft(&assessment, &draft_key)
            .await;
        self.reported(res).is_ok()
    }

    /// Every plan on the device; a failure is reported and returned.
    pub async fn all_plans(&self) -> Result<Vec<Plan>, StoreErrorKind> {
        let store = self.reported(self.store())?;
        self.reported(store.all_plans().await)
    }

    /// Stores the plan (a newer revision of it) and drops the draft it was edited in, if any, in the same
    /// transaction; true once stored.
    pub async fn put_plan(&self, plan: Plan, draft_key: Option<String>) -> bool {
        let Ok(store) = self.reported(self.store()) else {
            return false;
        };
        // A plan read in an older shape may carry meetings that shape 4 has no place for: they are stored
        // as meeting records first, so writing the plan never drops them.
        if self
            .reported(store::put_plan_meetings(&*store, &plan).await)
            .is_err()
        {
            return false;
        }
        let res = match draft_key {
            Some(key) => store.put_plan_from_draft(&plan, &key).await,
            None => store.put_plan(&plan).await,
        };
        self.reported(res).is_ok()
    }

    /// Stores the meeting (a newer revision of it) and drops the draft it was written in, in the same
    /// transaction; true once stored.
    pub async fn put_meeting(&self, meeting: Meeting, draft_key: String) -> bool {
        let Ok(store) = self.reported(self.store()) else {
            return false;
        };
        let res = store.put_meeting_from_draft(&meeting, &draft_key).await;
        self.reported(res).is_ok()
    }

    /// The draft saved under `key`, if there is a readable one.
    /// A draft holding a text the core refuses as a personal number (one stored before that rule, or by
    /// an older version) is read without it and stored again so, never offered back as it was.
    pub async fn draft<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let res = match self.store() {
            Ok(store) => store.draft(key).await,
            Err(err) => Err(err),
        };
        let text = match res {
            Ok(text) => text?,
            Err(err) => {
                self.session.report_store_error(&err);
                return None;
            }
        };
        let mut value = browser::from_json::<serde_json::Value>(&text).ok()?;
        if draft::without_personal_numbers(&mut value) == 0 {
            return browser::from_json(&text).ok();
        }
        let cleaned = serde_json::to_string(&value).ok()?;
        self.put_draft_text(key.to_owned(), cleaned.clone());
        browser::from_json(&cleaned).ok()
    }

    /// Saves unfinished input as it is typed; a failure is shown at once, while the input stays on screen.
    /// A text the core refuses as a personal number is saved blank: the form still shows it beside its
    /// problem, but nothing stores it, not even the draft.
    pub fn save_draft<T: Serialize>(&self, key: String, value: &T) {
        let Ok(mut value) = serde_json::to_value(value) else {
            return;
        };
        draft::without_personal_numbers(&mut value);
        let Ok(text) = serde_json::to_string(&value) else {
            return;
        };
        self.put_draft_text(key, text);
    }

    fn put_draft_text(&self, key: String, text: String) {
        self.write_in_background(move |store| async move { store.put_draft(&key, &text).await });
    }

    pub fn discard_draft(&self, key: String) {
        self.write_in_background(move |store| async move { store.delete_draft(&key).await });
    }

    /// Runs `write` on the store without waiting for it; a failure is reported, while what it was
    /// about stays on screen.
    fn write_in_background<W, F>(&self, write: W)
    where
        W: FnOnce(Rc<AppStore>) -> F + 'static,
        F: Future<Output = Result<(), StoreError>>,
    {
        let records = self.clone();
        spawn_local(async move {
            let res = match records.store() {
                Ok(store) => write(store).await,
                Err(err) => Err(err),
            };
            if let Err(err) = res {
                records.session.report_store_error(&err);
            }
        });
    }

    /// Writes the citizen (and drops the draft it came from, in the same transaction) and reports the outcome;
    /// true once it is stored. On failure the caller keeps what the user typed.
    pub async fn store_citizen(
        &self,
        citizen: Citizen,
        change: CitizenChange,
        draft_key: Option<&str>,
    ) -> bool {
        let res = match (self.store(), draft_key) {
            (Ok(store), Some(draft_key)) => store.put_citizen_from_draft(&citizen, draft_key).await,
            (Ok(store), None) => store.put_citizen(&citizen).await,
            (Err(err), _) => Err(err),
        };
        match res {
            Ok(()) => {
                self.session
                    .dispatch(Action::CitizenStored { citizen, change });
                true
            }
            Err(err) => {
                self.session.report_store_error(&err);
                false
            }
        }
    }
}

/// What unlocking found that staff must be told.
fn unlock_notice(unlocked: &Unlocked) -> Option<Notice> {
    match &unlocked.cancelled_erase {
        Some(request) => Some(Notice::EraseCancelled {
            requested_on: request.requested_at.date_naive(),
        }),
        None => unlocked
            .needs_recovery_code
            .then_some(Notice::NoRecoveryCode),
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    #[track_caller]
    fn check(unlocked: Unlocked, expect: Option<Notice>) {
        assert_eq!(unlock_notice(&unlocked), expect);
    }

    #[test]
    fn a_cancelled_erase_is_told_before_a_missing_recovery_code() {
        let requested_at = DateTime::parse_from_rfc3339("2026-03-04T10:00:00+01:00").unwrap();
        let unlocked = Unlocked {
            cancelled_erase: Some(EraseRequest { requested_at }),
            needs_recovery_code: true,
        };
        let requested_on = requested_at.date_naive();
        check(unlocked, Some(Notice::EraseCancelled { requested_on }));
    }

    #[test]
    fn a_missing_recovery_code_is_told() {
        let unlocked = Unlocked {
            cancelled_erase: None,
            needs_recovery_code: true,
        };
        check(unlocked, Some(Notice::NoRecoveryCode));
    }

    #[test]
    fn an_ordinary_unlock_tells_nothing() {
        check(Unlocked::default(), None);
    }
}

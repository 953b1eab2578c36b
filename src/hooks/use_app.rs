//! The app's state together with its store: the one place where storage meets the reducer.

use std::rc::Rc;

use chrono::{DateTime, FixedOffset};

use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::device::DeviceMode;
use mestring_core::draft;
use mestring_core::fit::{Response, ResponseId};
use mestring_core::lang::Lang;
use mestring_core::lock::{Attempts, EraseRequest, PinKind, RecoveryCode};
use mestring_core::mastery::{Assessment, Plan};
use mestring_core::record::RecordMeta;
use mestring_core::store::{ExportedIds, Store, StoreError, StoreErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::i18n::I18n;
use crate::lock::{self, LockStatus};
use crate::settings::{self, Settings};
use crate::state::{Action, CitizenChange, Notice, State};
use crate::storage::{AppStore, DB_NAME, LockInfo, RecoverError, UnlockError, Unlocked};

/// State, store and the operations that touch both; handed to every page.
#[derive(Clone)]
pub struct UseAppHandle {
    state: UseReducerHandle<State>,
    /// `None` until the database has opened (or when it could not be).
    store: UseStateHandle<Option<Rc<AppStore>>>,
}

impl PartialEq for UseAppHandle {
    fn eq(&self, other: &Self) -> bool {
        let same_store = match (&*self.store, &*other.store) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        self.state == other.state && same_store
    }
}

/// Creates the app's state, opens the database and loads the register once, keeps `<html lang>` current,
/// and hears when a new version of the app is installed.
#[hook]
pub fn use_app() -> UseAppHandle {
    let state = use_reducer(|| State::initial(settings::load()));
    let store = use_state(|| None);
    let app = UseAppHandle { state, store };
    {
        let app = app.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { app.open_and_load().await })
        });
    }
    {
        let app = app.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_update_ready(move || app.dispatch(Action::UpdateReady));
            move || drop(listener)
        });
    }
    use_effect_with(app.i18n().lang, |&lang| browser::set_document_lang(lang));
    app
}

impl UseAppHandle {
    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn i18n(&self) -> I18n {
        I18n {
            lang: self.state.settings.lang,
        }
    }

    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }

    /// Puts the settings in force at once; a failed save is reported and they hold until the app closes.
    pub fn change_settings(&self, settings: Settings) {
        let saved = match settings::save(&settings) {
            Ok(()) => true,
            Err(err) => {
                browser::log_error(&format!("settings not saved: {}", err.0));
                false
            }
        };
        self.dispatch(Action::ChangeSettings { settings, saved });
    }

    /// A callback that puts a chosen language in force.
    pub fn on_lang(&self) -> Callback<Lang> {
        let app = self.clone();
        Callback::from(move |lang| {
            app.change_settings(Settings {
                lang,
                ..app.state().settings.clone()
            })
        })
    }

    /// A callback that puts a chosen device mode in force.
    pub fn on_mode(&self) -> Callback<DeviceMode> {
        let app = self.clone();
        Callback::from(move |mode| {
            app.change_settings(Settings {
                mode: Some(mode),
                ..app.state().settings.clone()
            })
        })
    }

    async fn open_and_load(&self) {
        let store = match AppStore::open(DB_NAME).await {
            Ok(store) => Rc::new(store),
            Err(err) => {
                browser::log_error(&err.to_string());
                self.dispatch(Action::CitizensNotLoaded { kind: err.kind() });
                return;
            }
        };
        self.store.set(Some(store.clone()));
        // Asked once the database works; the answer is shown in the settings.
        spawn_local(async {
            browser::request_persistent_storage().await;
        });
        let status = lock::status();
        self.dispatch(Action::LockChanged(status));
        if status != LockStatus::Locked {
            self.load_citizens(&store).await;
            self.load_easy_read(&store).await;
        }
    }

    /// Follows the lock as it just changed: a locked device shows nothing of anyone; an open one reads
    /// the register again, and tells staff what unlocking found (`notice`).
    fn lock_changed(&self, notice: Option<Notice>) {
        let status = lock::status();
        self.dispatch(Action::LockChanged(status));
        if let Some(notice) = notice {
            self.dispatch(Action::Notify(notice));
        }
        if status == LockStatus::Open
            && let Ok(store) = self.store()
        {
            let app = self.clone();
            spawn_local(async move {
                app.load_citizens(&store).await;
                app.load_easy_read(&store).await;
            });
        }
    }

    /// Reads who answers in easy-read from the store, first moving an older version's list there out of
    /// `localStorage` (removed there only once it is stored, so no one's need is lost).
    async fn load_easy_read(&self, store: &AppStore) {
        match settings::easy_read_moved(store).await {
            Ok(citizens) => self.dispatch(Action::EasyRead { citizens }),
            Err(err) => self.report_store_error(&err),
        }
    }

    /// Switches easy-read on or off for `citizen`: in force at once, and kept (sealed) in the store; a
    /// failed write is reported.
    pub fn set_easy_read(&self, citizen: CitizenId, on: bool) {
        let citizens = self.state().settings.with_easy_read(citizen, on).easy_read;
        self.dispatch(Action::EasyRead {
            citizens: citizens.clone(),
        });
        let app = self.clone();
        spawn_local(async move {
            let res = match app.store() {
                Ok(store) => store.put_easy_read(&citizens).await,
                Err(err) => Err(err),
            };
            if let Err(err) = res {
                app.report_store_error(&err);
            }
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

    /// Locks the device at once: the key is forgotten and every screen of a person goes.
    pub fn lock(&self) {
        if lock::status() == LockStatus::Open {
            lock::forget();
            self.lock_changed(None);
        }
    }

    /// Gives the device its PIN and recovery code and encrypts what is stored.
    pub async fn set_pin(
        &self,
        pin: &str,
        kind: PinKind,
        code: &RecoveryCode,
    ) -> Result<(), StoreError> {
        let res = self.store()?.set_pin(pin, kind, code).await;
        self.lock_changed(None);
        res
    }

    pub async fn change_pin(&self, old: &str, new: &str, kind: PinKind) -> Result<(), UnlockError> {
        self.store()?.change_pin(old, new, kind).await
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
            Ok(citizens) => self.dispatch(Action::CitizensLoaded { citizens }),
            Err(err) => {
                browser::log_error(&err.to_string());
                self.dispatch(Action::CitizensNotLoaded { kind: err.kind() });
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
            self.report_store_error(&err);
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
                self.report_store_error(&err);
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
        let res = match draft_key {
            Some(key) => store.put_plan_from_draft(&plan, &key).await,
            None => store.put_plan(&plan).await,
        };
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
                self.report_store_error(&err);
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
        let app = self.clone();
        spawn_local(async move {
            let res = match app.store() {
                Ok(store) => store.put_draft(&key, &text).await,
                Err(err) => Err(err),
            };
            if let Err(err) = res {
                app.report_store_error(&err);
            }
        });
    }

    pub fn discard_draft(&self, key: String) {
        let app = self.clone();
        spawn_local(async move {
            let res = match app.store() {
                Ok(store) => store.delete_draft(&key).await,
                Err(err) => Err(err),
            };
            if let Err(err) = res {
                app.report_store_error(&err);
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
                self.dispatch(Action::CitizenStored { citizen, change });
                true
            }
            Err(err) => {
                self.report_store_error(&err);
                false
            }
        }
    }

    pub fn report_store_error(&self, err: &StoreError) {
        browser::log_error(&err.to_string());
        self.dispatch(Action::StoreFailed { kind: err.kind() });
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

//! The app's state together with its store: the one place where storage meets the reducer.

use std::rc::Rc;

use mestring_core::citizen::Citizen;
use mestring_core::store::{Store, StoreError};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::i18n::I18n;
use crate::settings::{self, Settings};
use crate::state::{Action, CitizenChange, State};
use crate::storage::AppStore;

/// State, store and the operations that touch both; handed to every page.
#[derive(Clone)]
pub struct UseAppHandle {
    state: UseReducerHandle<State>,
    store: Rc<AppStore>,
}

impl PartialEq for UseAppHandle {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.store, &other.store)
    }
}

/// Creates the app's state and store, loads the register once, and keeps `<html lang>` current.
#[hook]
pub fn use_app() -> UseAppHandle {
    let state = use_reducer(|| State::initial(settings::load()));
    let store = use_memo((), |_| AppStore::new());
    let app = UseAppHandle { state, store };
    {
        let app = app.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { app.load_citizens().await })
        });
    }
    use_effect_with(app.state.settings.lang, |&lang| {
        browser::set_document_lang(lang)
    });
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
        let saved = match settings::save(settings) {
            Ok(()) => true,
            Err(err) => {
                browser::log_error(&format!("settings not saved: {}", err.0));
                false
            }
        };
        self.dispatch(Action::ChangeSettings { settings, saved });
    }

    async fn load_citizens(&self) {
        match self.store.citizens().await {
            Ok(citizens) => self.dispatch(Action::CitizensLoaded { citizens }),
            Err(err) => {
                browser::log_error(&err.to_string());
                self.dispatch(Action::CitizensNotLoaded { kind: err.kind() });
            }
        }
    }

    /// Writes the citizen and reports the outcome; true once it is stored.
    /// On failure the caller keeps what the user typed.
    pub async fn store_citizen(&self, citizen: Citizen, change: CitizenChange) -> bool {
        match self.store.put_citizen(&citizen).await {
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

//! The session: what the whole app shares about this sitting at the device (language, device mode, lock,
//! notices), provided once by `App` and read by any page with [`use_session`].

use mestring_core::device::DeviceMode;
use mestring_core::lang::Lang;
use mestring_core::store::StoreError;
use yew::prelude::*;

use crate::browser;
use crate::i18n::I18n;
use crate::kiosk;
use crate::lock::{self, LockStatus};
use crate::router::Route;
use crate::settings::{self, Settings};
use crate::state::{Action, State};
use mestring_core::unit::UnitRules;

/// The app's `State` and the operations on it that need no storage.
#[derive(Clone, PartialEq)]
pub struct Session {
    state: UseReducerHandle<State>,
}

/// Creates the session for `App` to provide: the state from the saved settings, `<html lang>` kept
/// current, and a new version of the app heard when it is installed.
#[hook]
pub fn use_new_session() -> Session {
    let session = Session {
        state: use_reducer(|| State::initial(settings::load(), kiosk::route().is_some())),
    };
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_update_ready(move || session.dispatch(Action::UpdateReady));
            move || drop(listener)
        });
    }
    use_effect_with(session.i18n().lang, |&lang| {
        browser::set_document_lang(lang)
    });
    session
}

/// The session `App` provides.
// Every page and component is rendered inside `App`, which provides the session; one outside it is a
// mistake in the code that the first render shows, not something a person can cause.
#[allow(clippy::expect_used)]
#[hook]
pub fn use_session() -> Session {
    use_context::<Session>().expect("rendered inside App, which provides the session")
}

impl Session {
    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn i18n(&self) -> I18n {
        I18n::new(self.state.settings.lang)
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
        let session = self.clone();
        Callback::from(move |lang| {
            session.change_settings(Settings {
                lang,
                ..session.state().settings.clone()
            })
        })
    }

    /// A callback that puts a chosen device mode in force.
    pub fn on_mode(&self) -> Callback<DeviceMode> {
        let session = self.clone();
        Callback::from(move |mode| {
            session.change_settings(Settings {
                mode: Some(mode),
                ..session.state().settings.clone()
            })
        })
    }

    /// A callback that puts the unit's chosen rules in force.
    pub fn on_rules(&self) -> Callback<UnitRules> {
        let session = self.clone();
        Callback::from(move |rules| {
            session.change_settings(Settings {
                rules,
                ..session.state().settings.clone()
            })
        })
    }

    /// The rules of the unit the device is used in.
    pub fn rules(&self) -> UnitRules {
        self.state.settings.rules
    }

    /// Locks the device at once: the key is forgotten and every screen of a person goes.
    pub fn lock(&self) {
        if lock::status() == LockStatus::Open {
            lock::forget();
            self.dispatch(Action::LockChanged(lock::status()));
        }
    }

    /// Staff hand the tablet to a citizen (or a parent) for the form at `route`: citizen mode starts. Staff's
    /// confirmations (with citizens' labels) go; on a device with a PIN the tablet is held to `route` until
    /// staff's PIN ([`crate::kiosk`]). Without a PIN there is nothing to guard the way out.
    pub fn hand_over(&self, route: &Route) {
        self.dispatch(Action::HandOver);
        if lock::status() == LockStatus::Open {
            kiosk::enter(route);
            self.dispatch(Action::Held(true));
        }
    }

    /// Staff have the tablet back (their PIN typed): citizen mode ends.
    pub fn taken_back(&self) {
        kiosk::leave();
        self.dispatch(Action::Held(false));
    }

    /// Tells staff that storage failed (the details go to the log).
    pub fn report_store_error(&self, err: &StoreError) {
        browser::log_error(&err.to_string());
        self.dispatch(Action::StoreFailed { kind: err.kind() });
    }
}

//! The app's shared state and the actions that change it.
//!
//! Components dispatch actions; only `reduce` changes state, and it does no I/O.
//! Storage happens in `records`, which dispatches the outcome through the session.

use std::rc::Rc;

use mestring_core::citizen::Citizen;
use mestring_core::store::StoreErrorKind;
use yew::Reducible;

use crate::browser;
use crate::lock::LockStatus;
use crate::settings::{Settings, SettingsError};

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub settings: Settings,
    pub citizens: Loaded<Rc<Vec<Citizen>>>,
    pub notice: Option<Notice>,
    /// A new version of the app is installed and waits for the user to choose to update.
    pub update_ready: bool,
    /// Where the device's lock is; `None` until storage has opened and said whether there is a PIN.
    pub lock: Option<LockStatus>,
    /// A citizen holds the tablet ([`crate::kiosk`]): their form is the only screen until staff's PIN.
    pub held: bool,
    /// A citizen holds the tablet ([`crate::kiosk`]) and staff's PIN is asked for to end it.
    pub taking_back: bool,
}

/// Data that comes from storage. A failed load is never shown as an empty list,
/// so nothing can be saved over records that merely failed to load.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded<T> {
    Loading,
    Ready(T),
    Failed(StoreErrorKind),
}

/// What a stored citizen change was, for the confirmation shown afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CitizenChange {
    Added,
    Edited,
    Archived,
    Restored,
}

/// A message to the user about the last thing that happened; rendered in the current language.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    CitizenStored {
        label: String,
        change: CitizenChange,
    },
    SettingsNotSaved,
    SettingsUnreadable,
    StoreFailed {
        kind: StoreErrorKind,
    },
    /// Someone had asked at the lock screen to erase the device; the unlock just now cancelled it.
    EraseCancelled {
        requested_on: chrono::NaiveDate,
    },
    /// The device has a PIN but no recovery code: staff are asked to make one in the settings.
    NoRecoveryCode,
}

impl Notice {
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Notice::SettingsNotSaved
                | Notice::SettingsUnreadable
                | Notice::StoreFailed { .. }
                | Notice::EraseCancelled { .. }
        )
    }
}

pub enum Action {
    /// New settings are in force; `saved` tells whether they also reached storage.
    /// The changed screen confirms a success, so only a failure gets a notice.
    ChangeSettings {
        settings: Settings,
        saved: bool,
    },
    CitizensLoaded {
        citizens: Vec<Citizen>,
    },
    CitizensNotLoaded {
        kind: StoreErrorKind,
    },
    CitizenStored {
        citizen: Citizen,
        change: CitizenChange,
    },
    StoreFailed {
        kind: StoreErrorKind,
    },
    Notify(Notice),
    DismissNotice,
    /// The tablet goes to the citizen: staff's confirmations (with citizens' labels) go, failures stay.
    HandOver,
    UpdateReady,
    /// Staff's PIN is asked for to end citizen mode (`true`: a link, the back button or a finished form
    /// tried to leave the form, or staff tapped their button), or that is over (`false`: typed right, or
    /// the citizen went back to the form).
    TakingBack(bool),
    /// A citizen was handed the tablet and is held to their form (`true`), or staff have it back (`false`).
    Held(bool),
    /// The device was locked or unlocked. Locking drops the register and any notice from memory's
    /// screen, so nothing of a person stays on a locked tablet; unlocking loads them again.
    LockChanged(LockStatus),
}

impl State {
    /// The state at start-up, before the citizens have loaded; `held` if a citizen held the tablet when
    /// the app last closed.
    pub fn initial(settings: Result<Settings, SettingsError>, held: bool) -> State {
        let (settings, notice) = match settings {
            Ok(settings) => (settings, None),
            Err(_) => (Settings::default(), Some(Notice::SettingsUnreadable)),
        };
        State {
            held,
            taking_back: false,
            settings,
            citizens: Loaded::Loading,
            notice,
            update_ready: false,
            lock: None,
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ChangeSettings { settings, saved } => {
                next.settings = settings;
                if !saved {
                    next.notice = Some(Notice::SettingsNotSaved);
                }
            }
            Action::CitizensLoaded { mut citizens } => {
                browser::sort_citizens(&mut citizens);
                next.citizens = Loaded::Ready(Rc::new(citizens));
            }
            Action::CitizensNotLoaded { kind } => next.citizens = Loaded::Failed(kind),
            Action::CitizenStored { citizen, change } => {
                let Loaded::Ready(citizens) = &mut next.citizens else {
                    // Forms are closed until the list has loaded, so this cannot happen;
                    // the record is stored and appears on the next load.
                    return self;
                };
                next.notice = Some(Notice::CitizenStored {
                    label: citizen.fields.label.as_str().to_owned(),
                    change,
                });
                let citizens = Rc::make_mut(citizens);
                match citizens.iter_mut().find(|stored| stored.id == citizen.id) {
                    Some(stored) => *stored = citizen,
                    None => citizens.push(citizen),
                }
                browser::sort_citizens(citizens);
            }
            Action::StoreFailed { kind } => next.notice = Some(Notice::StoreFailed { kind }),
            Action::Notify(notice) => next.notice = Some(notice),
            Action::DismissNotice => {
                if self.notice.is_none() {
                    return self;
                }
                next.notice = None;
            }
            Action::UpdateReady => next.update_ready = true,
            Action::TakingBack(asked) => {
                if self.taking_back == asked {
                    return self;
                }
                next.taking_back = asked;
            }
            Action::Held(held) => {
                if self.held == held {
                    return self;
                }
                next.held = held;
            }
            Action::LockChanged(status) => {
                if status == LockStatus::Locked {
                    next.citizens = Loaded::Loading;
                    next.notice = None;
                }
                next.lock = Some(status);
            }
            Action::HandOver => {
                if self.notice.as_ref().is_none_or(Notice::is_error) {
                    return self;
                }
                next.notice = None;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use mestring_core::device::DeviceMode;
    use mestring_core::testing::citizen;

    use super::*;

    fn ready(citizens: Vec<Citizen>) -> Rc<State> {
        Rc::new(State::initial(Ok(Settings::default()), false))
            .reduce(Action::CitizensLoaded { citizens })
    }

    fn labels(state: &State) -> Vec<&str> {
        match &state.citizens {
            Loaded::Ready(citizens) => citizens.iter().map(|c| c.fields.label.as_str()).collect(),
            other => panic!("not loaded: {other:?}"),
        }
    }

    #[test]
    fn loaded_citizens_are_sorted() {
        let state = ready(vec![
            citizen(1, "ØK", "Ungeenheden"),
            citizen(2, "AB", "Ungeenheden"),
        ]);
        assert_eq!(labels(&state), ["AB", "ØK"]);
    }

    #[test]
    fn a_stored_citizen_joins_the_list_in_order_with_a_notice() {
        let state = ready(vec![citizen(1, "ØK", "Ungeenheden")]).reduce(Action::CitizenStored {
            citizen: citizen(2, "MJ", "Ungeenheden"),
            change: CitizenChange::Added,
        });
        assert_eq!(labels(&state), ["MJ", "ØK"]);
        assert_eq!(
            state.notice,
            Some(Notice::CitizenStored {
                label: "MJ".to_owned(),
                change: CitizenChange::Added
            })
        );
    }

    #[test]
    fn handing_over_clears_confirmations_but_not_failures() {
        let confirmed = ready(vec![]).reduce(Action::CitizenStored {
            citizen: citizen(1, "MJ", "Ungeenheden"),
            change: CitizenChange::Added,
        });
        assert_eq!(confirmed.reduce(Action::HandOver).notice, None);
        let failed = ready(vec![]).reduce(Action::StoreFailed {
            kind: StoreErrorKind::Aborted,
        });
        let kept = failed.clone().reduce(Action::HandOver);
        assert!(Rc::ptr_eq(&failed, &kept));
    }

    #[test]
    fn locking_drops_the_register_and_the_notices() {
        let confirmed =
            ready(vec![citizen(1, "MJ", "Ungeenheden")]).reduce(Action::CitizenStored {
                citizen: citizen(2, "AB", "Ungeenheden"),
                change: CitizenChange::Added,
            });
        let locked = confirmed.reduce(Action::LockChanged(LockStatus::Locked));
        assert_eq!(locked.citizens, Loaded::Loading);
        assert_eq!(locked.notice, None);
        assert_eq!(locked.lock, Some(LockStatus::Locked));
        let open = ready(vec![citizen(1, "MJ", "Ungeenheden")])
            .reduce(Action::LockChanged(LockStatus::Open));
        assert_eq!(labels(&open), ["MJ"]);
    }

    #[test]
    fn an_edit_replaces_by_id() {
        let original = citizen(1, "AB", "Ungeenheden");
        let archived = original.with_archived(true, original.meta.updated_at);
        let state = ready(vec![original]).reduce(Action::CitizenStored {
            citizen: archived.clone(),
            change: CitizenChange::Archived,
        });
        assert_eq!(state.citizens, Loaded::Ready(Rc::new(vec![archived])));
    }

    #[test]
    fn a_failed_load_is_not_an_empty_list() {
        let state = Rc::new(State::initial(Ok(Settings::default()), false))
            .reduce(Action::CitizensNotLoaded {
                kind: StoreErrorKind::Unavailable,
            })
            .reduce(Action::CitizenStored {
                citizen: citizen(1, "AB", "Ungeenheden"),
                change: CitizenChange::Added,
            });
        assert_eq!(state.citizens, Loaded::Failed(StoreErrorKind::Unavailable));
    }

    #[test]
    fn a_failed_write_keeps_the_list_and_says_so() {
        let before = ready(vec![citizen(1, "AB", "Ungeenheden")]);
        let after = before.clone().reduce(Action::StoreFailed {
            kind: StoreErrorKind::QuotaExceeded,
        });
        assert_eq!(after.citizens, before.citizens);
        let notice = after.notice.clone().unwrap();
        assert!(notice.is_error());
    }

    #[test]
    fn unreadable_settings_ask_again_and_say_why() {
        let state = State::initial(Err(SettingsError("bad json".to_owned())), false);
        assert_eq!(state.settings.mode, None);
        assert_eq!(state.notice, Some(Notice::SettingsUnreadable));
    }

    #[test]
    fn settings_change_reports_whether_it_was_saved() {
        let settings = Settings {
            mode: Some(DeviceMode::Facility),
            ..Settings::default()
        };
        let state = ready(vec![]).reduce(Action::ChangeSettings {
            settings: settings.clone(),
            saved: false,
        });
        assert_eq!(state.settings, settings);
        assert_eq!(state.notice, Some(Notice::SettingsNotSaved));
    }

    #[test]
    fn dismissing_nothing_keeps_the_same_state() {
        let state = ready(vec![]);
        let same = state.clone().reduce(Action::DismissNotice);
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn taking_back_is_asked_for_once_and_ends() {
        let state = ready(vec![]);
        let asked = state.clone().reduce(Action::TakingBack(true));
        assert!(asked.taking_back);
        assert!(Rc::ptr_eq(
            &asked,
            &asked.clone().reduce(Action::TakingBack(true))
        ));
        assert!(!asked.reduce(Action::TakingBack(false)).taking_back);
    }

    #[test]
    fn the_tablet_is_held_from_the_hand_over_until_staff_have_it_back() {
        let state = ready(vec![]);
        let held = state.clone().reduce(Action::Held(true));
        assert!(held.held);
        assert!(Rc::ptr_eq(&held, &held.clone().reduce(Action::Held(true))));
        assert!(!held.reduce(Action::Held(false)).held);
        assert!(Rc::new(State::initial(Ok(Settings::default()), true)).held);
    }
}

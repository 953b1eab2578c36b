//! The app's shared state and the actions that change it.
//!
//! Components dispatch actions; only `reduce` changes state, and it does no I/O.
//! Storage happens in `hooks::use_app`, which dispatches the outcome.

use std::rc::Rc;

use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::lang::Lang;
use mestring_core::store::StoreErrorKind;
use yew::Reducible;

use crate::browser;
use crate::i18n;
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
    /// The settings' language waits for its texts (`i18n::load_texts`): nothing is shown until they
    /// come or fail, rather than a first screen in Danish.
    pub texts_pending: bool,
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

impl CitizenChange {
    const ALL: [CitizenChange; 4] = [
        CitizenChange::Added,
        CitizenChange::Edited,
        CitizenChange::Archived,
        CitizenChange::Restored,
    ];

    /// The change and the citizen's label as one line of text, for the other Yew app on the page.
    pub fn announcement(self, label: &str) -> String {
        format!("{}{label}", self as u8)
    }

    /// Reads what [`CitizenChange::announcement`] wrote.
    pub fn from_announcement(text: &str) -> Option<(CitizenChange, &str)> {
        let code = text.get(..1)?.parse::<usize>().ok()?;
        Some((*CitizenChange::ALL.get(code)?, &text[1..]))
    }
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
    /// The texts of the chosen language could not be fetched; the screens stay in Danish.
    TextsUnavailable {
        lang: Lang,
    },
    /// Someone had asked at the lock screen to erase the device; the unlock just now cancelled it.
    EraseCancelled {
        requested_on: chrono::NaiveDate,
    },
    /// The device has a PIN but no recovery code: staff are asked to make one in the settings.
    NoRecoveryCode,
}

impl Notice {
    /// What unlocking found, as the tools app (where staff unlock) announces it to the app around it.
    pub fn unlock_announcement(&self) -> Option<String> {
        match self {
            Notice::EraseCancelled { requested_on } => {
                Some(format!("erase-cancelled:{requested_on}"))
            }
            Notice::NoRecoveryCode => Some("no-recovery-code".to_owned()),
            _ => None,
        }
    }

    pub fn from_unlock_announcement(text: &str) -> Option<Notice> {
        if text == "no-recovery-code" {
            return Some(Notice::NoRecoveryCode);
        }
        let date = text.strip_prefix("erase-cancelled:")?;
        mestring_core::iso::parse_date(date)
            .map(|requested_on| Notice::EraseCancelled { requested_on })
    }
}

impl Notice {
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Notice::SettingsNotSaved
                | Notice::SettingsUnreadable
                | Notice::StoreFailed { .. }
                | Notice::TextsUnavailable { .. }
                | Notice::EraseCancelled { .. }
        )
    }
}

pub enum Action {
    /// New settings are in force; `saved` tells whether they also reached storage.
    /// The changed screen confirms a success, so only a failure gets a notice.
    /// Who answers in easy-read is kept apart (sealed, in the store): it is not changed by this.
    ChangeSettings {
        settings: Settings,
        saved: bool,
    },
    /// Who answers in easy-read, as read from the store or just chosen.
    EasyRead {
        citizens: Vec<CitizenId>,
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
    /// A notice raised in the other Yew app (`tools`), which is gone from the page when this one shows.
    Notify(Notice),
    DismissNotice,
    /// The tablet goes to the citizen: staff's confirmations (with citizens' labels) go, failures stay.
    HandOver,
    UpdateReady,
    /// The texts of `lang` were fetched, or could not be.
    TextsLoaded {
        lang: Lang,
        ok: bool,
    },
    /// The device was locked or unlocked. Locking drops the register and any notice from memory's
    /// screen, so nothing of a person stays on a locked tablet; unlocking loads them again.
    LockChanged(LockStatus),
}

impl State {
    /// The state at start-up, before the citizens have loaded.
    pub fn initial(settings: Result<Settings, SettingsError>) -> State {
        let (settings, notice) = match settings {
            Ok(settings) => (settings, None),
            Err(_) => (Settings::default(), Some(Notice::SettingsUnreadable)),
        };
        State {
            texts_pending: !i18n::has_texts(settings.lang),
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
                next.settings = Settings {
                    easy_read: self.settings.easy_read.clone(),
                    ..settings
                };
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
            Action::TextsLoaded { lang, ok } => {
                next.texts_pending = false;
                if !ok {
                    next.notice = Some(Notice::TextsUnavailable { lang });
                }
            }
            Action::EasyRead { citizens } => next.settings.easy_read = citizens,
            Action::LockChanged(status) => {
                if status == LockStatus::Locked {
                    next.citizens = Loaded::Loading;
                    next.notice = None;
                    next.settings.easy_read = Vec::new();
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
        Rc::new(State::initial(Ok(Settings::default()))).reduce(Action::CitizensLoaded { citizens })
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
        let state = Rc::new(State::initial(Ok(Settings::default())))
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
    fn who_answers_in_easy_read_survives_a_settings_change_and_goes_with_the_lock() {
        let id = CitizenId::from_random_bytes([9; 16]);
        let state = ready(vec![]).reduce(Action::EasyRead { citizens: vec![id] });
        let changed = state.reduce(Action::ChangeSettings {
            settings: Settings {
                mode: Some(DeviceMode::Facility),
                ..Settings::default()
            },
            saved: true,
        });
        assert!(changed.settings.easy_read(id));
        let locked = changed.reduce(Action::LockChanged(LockStatus::Locked));
        assert!(
            !locked.settings.easy_read(id),
            "nothing about a person while locked"
        );
    }

    #[test]
    fn unreadable_settings_ask_again_and_say_why() {
        let state = State::initial(Err(SettingsError("bad json".to_owned())));
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
    fn a_citizen_change_reads_back_from_its_announcement() {
        for change in CitizenChange::ALL {
            let text = change.announcement("ØK 2");
            assert_eq!(
                CitizenChange::from_announcement(&text),
                Some((change, "ØK 2"))
            );
        }
        for other in ["", "9AB", "xAB"] {
            assert_eq!(CitizenChange::from_announcement(other), None, "{other:?}");
        }
    }
}

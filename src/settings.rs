//! The device's settings (language, mode, idle time, the unit's rules), kept in `localStorage` so they are there before
//! anything else loads. Who answers in easy-read is a need of the person, so it is part of their citizen
//! record (sealed and exported with it); older versions kept a list on the device, here in the clear and
//! then in the store's `meta` (`IdbStore::easy_read`), which is moved into the records once
//! ([`move_easy_read_into_records`]), then removed.

use chrono::{DateTime, FixedOffset};
use gloo::storage::{LocalStorage, Storage};
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::device::DeviceMode;
use mestring_core::lang::Lang;
use mestring_core::lock::{DEFAULT_IDLE_MINUTES, IDLE_MINUTES};
use mestring_core::mastery::Interval;
use mestring_core::store::{Store, StoreError};
use mestring_core::unit::{MeetingLimit, UnitKind, UnitRules};
use serde::{Deserialize, Serialize};

use crate::browser;

const STORAGE_KEY: &str = "mestring.settings";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    /// `None` until the first start has asked how the device is used.
    pub mode: Option<DeviceMode>,
    /// Minutes without a touch or a key after which a device with a PIN locks itself.
    pub lock_after_minutes: u8,
    /// A personal device's owner answered "not now" to a PIN at first start (a shared device cannot).
    pub pin_declined: bool,
    /// The rules of the unit the device is used in.
    pub rules: UnitRules,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::default(),
            mode: None,
            lock_after_minutes: DEFAULT_IDLE_MINUTES,
            pin_declined: false,
            rules: UnitRules::default(),
        }
    }
}

/// The stored shape, versioned apart from [`Settings`] so the domain type can change freely.
/// Each version only added fields (2: `easy_read`, 3: `lock_after_minutes`, 4: `pin_declined`, 5: the unit's
/// kind and rules, `unit_kind`, `meetings_before_plan` (0 for no limit), `follow_up_months` and
/// `individual_plan`), so one struct with defaults
/// reads them all; a newer version's extra fields are passed over. A struct rather than an enum tagged by
/// version: serde buffers a tagged enum's whole value before reading it, which cost the first load 2.4 KB.
#[derive(Serialize, Deserialize)]
struct StoredSettings {
    schema_version: String,
    lang: String,
    mode: Option<String>,
    /// Versions 2 and 3 kept who answers in easy-read here, in the clear; read only to move it into the
    /// citizens' records, and written back only until it has been moved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    easy_read: Vec<String>,
    #[serde(default)]
    lock_after_minutes: Option<u8>,
    #[serde(default)]
    pin_declined: bool,
    #[serde(default)]
    unit_kind: Option<String>,
    #[serde(default)]
    meetings_before_plan: Option<u8>,
    #[serde(default)]
    follow_up_months: Option<u8>,
    #[serde(default)]
    individual_plan: Option<bool>,
}

const SCHEMA_VERSION: &str = "5";

impl From<&Settings> for StoredSettings {
    fn from(settings: &Settings) -> StoredSettings {
        StoredSettings {
            schema_version: SCHEMA_VERSION.to_owned(),
            lang: settings.lang.code().to_owned(),
            mode: settings.mode.map(|mode| mode.code().to_owned()),
            easy_read: Vec::new(),
            lock_after_minutes: Some(settings.lock_after_minutes),
            pin_declined: settings.pin_declined,
            unit_kind: Some(settings.rules.kind.code().to_owned()),
            meetings_before_plan: Some(
                settings
                    .rules
                    .meetings_before_plan
                    .map_or(0, MeetingLimit::get),
            ),
            follow_up_months: Some(settings.rules.follow_up.get()),
            individual_plan: Some(settings.rules.individual_plan),
        }
    }
}

impl StoredSettings {
    /// Versions 1 and 2 read with the default idle time, 1 to 4 with a youth unit's rules (the app's rules
    /// before they could be chosen).
    /// Unknown codes (from a newer version) fall back to the defaults: the user is then asked again;
    /// so does an idle time staff could not have chosen.
    fn into_settings(self) -> Settings {
        let rules = self.rules();
        let default = Settings::default();
        Settings {
            lang: Lang::from_code(&self.lang).unwrap_or_default(),
            mode: self.mode.as_deref().and_then(DeviceMode::from_code),
            lock_after_minutes: self
                .lock_after_minutes
                .filter(|minutes| IDLE_MINUTES.contains(minutes))
                .unwrap_or(default.lock_after_minutes),
            pin_declined: self.pin_declined,
            rules,
        }
    }

    /// The unit's rules: its kind's defaults, each overridden by what was stored where it is one staff could
    /// have chosen.
    fn rules(&self) -> UnitRules {
        let kind = self.unit_kind.as_deref().and_then(UnitKind::from_code);
        let defaults = UnitRules::defaults(kind.unwrap_or(UnitKind::YouthUnit));
        UnitRules {
            meetings_before_plan: match self.meetings_before_plan {
                Some(0) => None,
                Some(limit) => MeetingLimit::new(limit).or(defaults.meetings_before_plan),
                None => defaults.meetings_before_plan,
            },
            follow_up: self
                .follow_up_months
                .and_then(Interval::months)
                .unwrap_or(defaults.follow_up),
            individual_plan: self.individual_plan.unwrap_or(defaults.individual_plan),
            ..defaults
        }
    }
}

/// Why the settings could not be read or written; the detail is for the console.
#[derive(Debug)]
pub struct SettingsError(pub String);

/// The stored settings, defaults on a first start.
pub fn load() -> Result<Settings, SettingsError> {
    Ok(stored()?
        .map(StoredSettings::into_settings)
        .unwrap_or_default())
}

/// Saves the settings; an older version's easy-read list stays beside them until it has been moved
/// ([`forget_legacy_easy_read`]), so a setting changed meanwhile loses nobody's need.
pub fn save(settings: &Settings) -> Result<(), SettingsError> {
    let stored = StoredSettings {
        easy_read: stored()?.map(|stored| stored.easy_read).unwrap_or_default(),
        ..StoredSettings::from(settings)
    };
    LocalStorage::set(STORAGE_KEY, stored).map_err(|err| SettingsError(err.to_string()))
}

fn stored() -> Result<Option<StoredSettings>, SettingsError> {
    let text = LocalStorage::raw()
        .get_item(STORAGE_KEY)
        .map_err(|err| SettingsError(format!("{err:?}")))?;
    text.map(|text| browser::from_json::<StoredSettings>(&text).map_err(SettingsError))
        .transpose()
}

/// Who answers in easy-read as an older version kept it here, in the clear, to be moved into the
/// sealed store. An id that does not parse cannot name a citizen on this device, so it is left out.
pub fn legacy_easy_read() -> Vec<CitizenId> {
    stored()
        .ok()
        .flatten()
        .map(|stored| legacy_ids(&stored))
        .unwrap_or_default()
}

fn legacy_ids(stored: &StoredSettings) -> Vec<CitizenId> {
    stored
        .easy_read
        .iter()
        .filter_map(|id| CitizenId::parse(id))
        .collect()
}

/// Removes an older version's easy-read list, once it is in the sealed store.
pub fn forget_legacy_easy_read() -> Result<(), SettingsError> {
    let Some(stored) = stored()? else {
        return Ok(());
    };
    let forgotten = StoredSettings {
        easy_read: Vec::new(),
        ..stored
    };
    LocalStorage::set(STORAGE_KEY, forgotten).map_err(|err| SettingsError(err.to_string()))
}

/// Moves the device's own easy-read lists, as older versions kept them (in `localStorage`, then in the
/// store's `meta`), into the citizens' records: each citizen named is stored in easy-read, then both lists
/// are removed. A list goes only once every record is written, so a failure loses nobody's need and the
/// next start tries again. The citizens whose record changed are returned.
pub async fn move_easy_read_into_records(
    store: &crate::storage::AppStore,
) -> Result<Vec<Citizen>, StoreError> {
    let mut listed = store.easy_read().await?;
    listed.extend(legacy_easy_read());
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let marked = marked_easy_read(&store.citizens().await?, &listed, browser::now());
    for citizen in &marked {
        store.put_citizen(citizen).await?;
    }
    store.forget_easy_read().await?;
    if let Err(err) = forget_legacy_easy_read() {
        browser::log_error(&format!("the old easy-read list stays: {}", err.0));
    }
    Ok(marked)
}

/// The citizens a device's list names who are not yet in easy-read, each switched on at `now`. An id
/// of no citizen on the device names nobody, and is dropped with the list.
fn marked_easy_read(
    citizens: &[Citizen],
    listed: &[CitizenId],
    now: DateTime<FixedOffset>,
) -> Vec<Citizen> {
    citizens
        .iter()
        .filter(|citizen| !citizen.easy_read && listed.contains(&citizen.id))
        .map(|citizen| citizen.with_easy_read(true, now))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizen(byte: u8) -> CitizenId {
        CitizenId::from_random_bytes([byte; 16])
    }

    #[test]
    fn stored_settings_round_trip() {
        for lang in Lang::ALL {
            for mode in DeviceMode::ALL.map(Some).into_iter().chain([None]) {
                for lock_after_minutes in IDLE_MINUTES {
                    for kind in UnitKind::ALL {
                        let settings = Settings {
                            lang,
                            mode,
                            lock_after_minutes,
                            pin_declined: lock_after_minutes % 2 == 0,
                            rules: UnitRules::defaults(kind),
                        };
                        assert_eq!(StoredSettings::from(&settings).into_settings(), settings);
                    }
                }
            }
        }
    }

    #[test]
    fn version_1_reads_unchanged_with_nobody_in_easy_read() {
        let stored: StoredSettings =
            serde_json::from_str(r#"{"schema_version":"1","lang":"nb","mode":"personal"}"#)
                .unwrap();
        let expected = Settings {
            lang: Lang::Nb,
            mode: Some(DeviceMode::Personal),
            ..Settings::default()
        };
        assert_eq!(stored.into_settings(), expected);
    }

    #[test]
    fn version_5_is_what_is_written() {
        let settings = Settings::default();
        let text = serde_json::to_string(&StoredSettings::from(&settings)).unwrap();
        assert_eq!(
            text,
            r#"{"schema_version":"5","lang":"da","mode":null,"lock_after_minutes":5,"pin_declined":false,"unit_kind":"youth_unit","meetings_before_plan":5,"follow_up_months":3,"individual_plan":false}"#
        );
    }

    #[test]
    fn chosen_rules_read_back_and_version_4_reads_as_a_youth_unit() {
        let stored: StoredSettings = serde_json::from_str(
            r#"{"schema_version":"4","lang":"da","mode":null,"lock_after_minutes":5,"pin_declined":false}"#,
        )
        .unwrap();
        assert_eq!(stored.into_settings().rules, UnitRules::default());
        let chosen = UnitRules {
            meetings_before_plan: MeetingLimit::new(6),
            follow_up: Interval::months(6).unwrap(),
            ..UnitRules::defaults(UnitKind::Botilbud)
        };
        let settings = Settings {
            rules: chosen,
            ..Settings::default()
        };
        assert_eq!(StoredSettings::from(&settings).into_settings(), settings);
        // Off is stored as 0; a limit or interval staff could not have chosen falls back to the kind's.
        let stored: StoredSettings = serde_json::from_str(
            r#"{"schema_version":"5","lang":"nb","mode":null,"unit_kind":"individual_plan","meetings_before_plan":1,"follow_up_months":0}"#,
        )
        .unwrap();
        assert_eq!(
            stored.into_settings().rules,
            UnitRules::defaults(UnitKind::IndividualPlan)
        );
        let stored: StoredSettings = serde_json::from_str(
            r#"{"schema_version":"5","lang":"da","mode":null,"unit_kind":"youth_unit","meetings_before_plan":0}"#,
        )
        .unwrap();
        assert_eq!(stored.into_settings().rules.meetings_before_plan, None);
    }

    #[test]
    fn version_2_reads_with_the_default_idle_time_and_an_unknown_one_falls_back() {
        let stored: StoredSettings = serde_json::from_str(
            r#"{"schema_version":"2","lang":"en","mode":"facility","easy_read":[]}"#,
        )
        .unwrap();
        assert_eq!(stored.into_settings().lock_after_minutes, 5);
        let stored: StoredSettings = serde_json::from_str(
            r#"{"schema_version":"3","lang":"en","mode":null,"easy_read":[],"lock_after_minutes":0}"#,
        )
        .unwrap();
        assert_eq!(stored.into_settings().lock_after_minutes, 5);
    }

    #[test]
    fn a_devices_list_marks_the_citizens_it_names_once() {
        use mestring_core::testing::{at, citizen as registered};
        let (ab, cd) = (registered(1, "AB", "Hus 1"), registered(2, "CD", "Hus 1"));
        let already = registered(3, "EF", "Hus 1").with_easy_read(true, at(9));
        let nobody = citizen(200);
        let marked = marked_easy_read(
            &[ab.clone(), cd.clone(), already.clone()],
            &[cd.id, already.id, nobody],
            at(12),
        );
        assert_eq!(marked, [cd.with_easy_read(true, at(12))]);
        assert_eq!(marked[0].meta.revision, cd.meta.revision + 1);
        assert!(marked_easy_read(&[ab], &[], at(12)).is_empty());
    }

    #[test]
    fn an_older_versions_easy_read_list_is_read_to_be_moved_and_not_into_the_settings() {
        let stored = StoredSettings {
            schema_version: "2".to_owned(),
            lang: "en".to_owned(),
            mode: None,
            easy_read: vec!["not an id".to_owned(), citizen(3).to_string()],
            lock_after_minutes: None,
            pin_declined: false,
            unit_kind: None,
            meetings_before_plan: None,
            follow_up_months: None,
            individual_plan: None,
        };
        // An id that does not parse cannot name a citizen on this device, so it is left out.
        assert_eq!(legacy_ids(&stored), vec![citizen(3)]);
    }

    #[test]
    fn unknown_codes_fall_back_to_asking_again() {
        let stored: StoredSettings =
            serde_json::from_str(r#"{"schema_version":"1","lang":"sv","mode":"kiosk"}"#).unwrap();
        assert_eq!(stored.into_settings(), Settings::default());
    }
}

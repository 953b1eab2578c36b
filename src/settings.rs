//! The device's settings (language, mode, who answers in easy-read), kept in `localStorage` so they are
//! there before anything else loads.

use gloo::storage::{LocalStorage, Storage};
use mestring_core::citizen::CitizenId;
use mestring_core::device::DeviceMode;
use mestring_core::lang::Lang;
use mestring_core::lock::IDLE_MINUTES;
use serde::{Deserialize, Serialize};

use crate::browser;

const STORAGE_KEY: &str = "mestring.settings";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    /// `None` until the first start has asked how the device is used.
    pub mode: Option<DeviceMode>,
    /// The citizens who answer in easy-read (bigger text, pictograms, short instructions), each once.
    /// A need of the person, kept on the device that staff hand over: not a record, never exported.
    // A list rather than a set: a facility has a few such citizens, and the first load pays for every
    // generic collection it carries.
    pub easy_read: Vec<CitizenId>,
    /// Minutes without a touch or a key after which a device with a PIN locks itself.
    pub lock_after_minutes: u8,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::default(),
            mode: None,
            easy_read: Vec::new(),
            lock_after_minutes: IDLE_MINUTES[0],
        }
    }
}

impl Settings {
    pub fn easy_read(&self, citizen: CitizenId) -> bool {
        self.easy_read.contains(&citizen)
    }

    /// These settings with easy-read switched on or off for `citizen`.
    pub fn with_easy_read(&self, citizen: CitizenId, on: bool) -> Settings {
        let mut easy_read: Vec<CitizenId> = self
            .easy_read
            .iter()
            .copied()
            .filter(|id| *id != citizen)
            .collect();
        if on {
            easy_read.push(citizen);
        }
        Settings {
            easy_read,
            ..self.clone()
        }
    }
}

/// The stored shape, versioned apart from [`Settings`] so the domain type can change freely.
/// Each version only added fields (2: `easy_read`, 3: `lock_after_minutes`), so one struct with defaults
/// reads them all; a newer version's extra fields are passed over. A struct rather than an enum tagged by
/// version: serde buffers a tagged enum's whole value before reading it, which cost the first load 2.4 KB.
#[derive(Serialize, Deserialize)]
struct StoredSettings {
    schema_version: String,
    lang: String,
    mode: Option<String>,
    #[serde(default)]
    easy_read: Vec<String>,
    #[serde(default)]
    lock_after_minutes: Option<u8>,
}

const SCHEMA_VERSION: &str = "3";

impl From<&Settings> for StoredSettings {
    fn from(settings: &Settings) -> StoredSettings {
        StoredSettings {
            schema_version: SCHEMA_VERSION.to_owned(),
            lang: settings.lang.code().to_owned(),
            mode: settings.mode.map(|mode| mode.code().to_owned()),
            easy_read: settings.easy_read.iter().map(ToString::to_string).collect(),
            lock_after_minutes: Some(settings.lock_after_minutes),
        }
    }
}

impl StoredSettings {
    /// Version 1 reads with nobody in easy-read; versions 1 and 2 with the default idle time.
    /// Unknown codes (from a newer version) fall back to the defaults: the user is then asked again;
    /// so does an idle time staff could not have chosen.
    /// An id that does not parse cannot name a citizen on this device, so it is left out.
    fn into_settings(self) -> Settings {
        let default = Settings::default();
        Settings {
            lang: Lang::from_code(&self.lang).unwrap_or_default(),
            mode: self.mode.as_deref().and_then(DeviceMode::from_code),
            easy_read: self
                .easy_read
                .iter()
                .filter_map(|id| CitizenId::parse(id))
                .collect(),
            lock_after_minutes: self
                .lock_after_minutes
                .filter(|minutes| IDLE_MINUTES.contains(minutes))
                .unwrap_or(default.lock_after_minutes),
        }
    }
}

/// Why the settings could not be read or written; the detail is for the console.
#[derive(Debug)]
pub struct SettingsError(pub String);

/// The stored settings, defaults on a first start.
pub fn load() -> Result<Settings, SettingsError> {
    let text = LocalStorage::raw()
        .get_item(STORAGE_KEY)
        .map_err(|err| SettingsError(format!("{err:?}")))?;
    match text {
        None => Ok(Settings::default()),
        Some(text) => browser::from_json::<StoredSettings>(&text)
            .map(StoredSettings::into_settings)
            .map_err(SettingsError),
    }
}

pub fn save(settings: &Settings) -> Result<(), SettingsError> {
    LocalStorage::set(STORAGE_KEY, StoredSettings::from(settings))
        .map_err(|err| SettingsError(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizen(byte: u8) -> CitizenId {
        CitizenId::from_random_bytes([byte; 16])
    }

    #[test]
    fn stored_settings_round_trip() {
        let lists = [vec![], vec![citizen(1)], vec![citizen(1), citizen(2)]];
        for lang in Lang::ALL {
            for mode in DeviceMode::ALL.map(Some).into_iter().chain([None]) {
                for (easy_read, lock_after_minutes) in lists.clone().into_iter().zip(IDLE_MINUTES) {
                    let settings = Settings {
                        lang,
                        mode,
                        easy_read,
                        lock_after_minutes,
                    };
                    assert_eq!(StoredSettings::from(&settings).into_settings(), settings);
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
    fn version_3_is_what_is_written() {
        let settings = Settings::default().with_easy_read(citizen(7), true);
        let text = serde_json::to_string(&StoredSettings::from(&settings)).unwrap();
        assert_eq!(
            text,
            r#"{"schema_version":"3","lang":"da","mode":null,"easy_read":["07070707-0707-4707-8707-070707070707"],"lock_after_minutes":5}"#
        );
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
    fn easy_read_switches_per_citizen_and_keeps_each_once() {
        let one = Settings::default()
            .with_easy_read(citizen(1), true)
            .with_easy_read(citizen(2), true)
            .with_easy_read(citizen(1), true);
        assert_eq!(one.easy_read, vec![citizen(2), citizen(1)]);
        assert!(one.easy_read(citizen(1)) && !one.easy_read(citizen(3)));
        let off = one.with_easy_read(citizen(1), false);
        assert_eq!(off.easy_read, vec![citizen(2)]);
        assert_eq!(off.lang, one.lang);
    }

    #[test]
    fn an_id_that_does_not_parse_is_left_out() {
        let stored = StoredSettings {
            schema_version: "2".to_owned(),
            lang: "en".to_owned(),
            mode: None,
            easy_read: vec!["not an id".to_owned(), citizen(3).to_string()],
            lock_after_minutes: None,
        };
        assert_eq!(stored.into_settings().easy_read, vec![citizen(3)]);
    }

    #[test]
    fn unknown_codes_fall_back_to_asking_again() {
        let stored: StoredSettings =
            serde_json::from_str(r#"{"schema_version":"1","lang":"sv","mode":"kiosk"}"#).unwrap();
        assert_eq!(stored.into_settings(), Settings::default());
    }
}

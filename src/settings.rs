//! The device's settings (language, mode), kept in `localStorage` so they are there before anything else loads.

use gloo::storage::{LocalStorage, Storage};
use mestring_core::device::DeviceMode;
use mestring_core::lang::Lang;
use serde::{Deserialize, Serialize};

use crate::browser;

const STORAGE_KEY: &str = "mestring.settings";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    /// `None` until the first start has asked how the device is used.
    pub mode: Option<DeviceMode>,
}

/// The stored shape, versioned apart from [`Settings`] so the domain type can change freely.
#[derive(Serialize, Deserialize)]
#[serde(tag = "schema_version")]
enum StoredSettings {
    #[serde(rename = "1")]
    V1 { lang: String, mode: Option<String> },
}

impl From<Settings> for StoredSettings {
    fn from(settings: Settings) -> StoredSettings {
        StoredSettings::V1 {
            lang: settings.lang.code().to_owned(),
            mode: settings.mode.map(|mode| mode.code().to_owned()),
        }
    }
}

impl StoredSettings {
    /// Unknown codes (from a newer version) fall back to the defaults: the user is then asked again.
    fn into_settings(self) -> Settings {
        let StoredSettings::V1 { lang, mode } = self;
        Settings {
            lang: Lang::from_code(&lang).unwrap_or_default(),
            mode: mode.as_deref().and_then(DeviceMode::from_code),
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

pub fn save(settings: Settings) -> Result<(), SettingsError> {
    LocalStorage::set(STORAGE_KEY, StoredSettings::from(settings))
        .map_err(|err| SettingsError(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_settings_round_trip() {
        for lang in Lang::ALL {
            for mode in DeviceMode::ALL.map(Some).into_iter().chain([None]) {
                let settings = Settings { lang, mode };
                assert_eq!(StoredSettings::from(settings).into_settings(), settings);
            }
        }
    }

    #[test]
    fn unknown_codes_fall_back_to_asking_again() {
        let stored = StoredSettings::V1 {
            lang: "sv".to_owned(),
            mode: Some("kiosk".to_owned()),
        };
        assert_eq!(stored.into_settings(), Settings::default());
    }
}

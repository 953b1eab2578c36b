//! What every stored record carries besides its content: where it was made, when, and how often it changed.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use crate::strict::quote;

/// A UUID in the one form Mestring writes: 36 characters, lowercase hexadecimal digits, hyphens after the
/// 8th, 12th, 16th and 20th. Other spellings of the same id (uppercase, braces, no hyphens, a `urn:uuid:`
/// prefix) are refused, so that one record can never appear under two ids that compare unequal as text.
pub fn parse_uuid(text: &str) -> Option<Uuid> {
    let uuid = Uuid::try_parse(text).ok()?;
    let mut buffer = Uuid::encode_buffer();
    (uuid.hyphenated().encode_lower(&mut buffer) == text).then_some(uuid)
}

/// For `#[serde(deserialize_with)]` on a [`Uuid`]: only the canonical form ([`parse_uuid`]).
pub fn uuid<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Uuid, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_uuid(&text).ok_or_else(|| {
        D::Error::custom(format!(
            "{} is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
            quote(&text)
        ))
    })
}

/// Identifies the device (tablet, phone, caseworker PC) that created a record, so merged exports stay traceable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(Uuid);

impl DeviceId {
    /// The writer of a file merged from several devices' exports (the nil UUID): no one device wrote it,
    /// and every record in it still names the device it was made on.
    pub const MERGED: DeviceId = DeviceId(Uuid::nil());

    /// A random (version 4) id from 16 bytes of the caller's random source.
    pub fn from_random_bytes(bytes: [u8; 16]) -> DeviceId {
        DeviceId(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    pub fn parse(text: &str) -> Option<DeviceId> {
        parse_uuid(text).map(DeviceId)
    }

    #[cfg(any(test, feature = "testing"))]
    pub(crate) const fn from_uuid_const(bytes: [u8; 16]) -> DeviceId {
        DeviceId(Uuid::from_bytes(bytes))
    }

    pub(crate) fn uuid(self) -> Uuid {
        self.0
    }

    pub(crate) fn from_uuid(uuid: Uuid) -> DeviceId {
        DeviceId(uuid)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A record's random id: a newtype over a UUID with the same few methods for every kind of record.
macro_rules! uuid_id {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// A random (version 4) id from 16 bytes of the caller's random source.
            pub fn from_random_bytes(bytes: [u8; 16]) -> $name {
                $name(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }

            /// The id in its canonical form ([`crate::record::parse_uuid`]).
            pub fn parse(text: &str) -> Option<$name> {
                $crate::record::parse_uuid(text).map($name)
            }

            pub fn uuid(self) -> uuid::Uuid {
                self.0
            }

            pub(crate) fn from_uuid(uuid: uuid::Uuid) -> $name {
                $name(uuid)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }
    };
}
pub(crate) use uuid_id;

/// Bookkeeping shared by every kind of record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordMeta {
    pub device_id: DeviceId,
    /// UTC plus the offset of the device's clock at the time.
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    /// 1 when created, one more with every change. A store refuses a write that is not newer than what it holds,
    /// so two windows editing the same record cannot silently overwrite each other.
    pub revision: u32,
    /// When the record was last exported; `None` until it has been.
    pub exported_at: Option<DateTime<FixedOffset>>,
}

impl RecordMeta {
    pub fn new(device_id: DeviceId, now: DateTime<FixedOffset>) -> RecordMeta {
        RecordMeta {
            device_id,
            created_at: now,
            updated_at: now,
            revision: 1,
            exported_at: None,
        }
    }

    /// The bookkeeping after one more change at `now`. A device clock set back (a reset, a wrong time
    /// zone corrected) never dates a change before the previous one: reading refuses a record updated
    /// before it was created, so the app must never write one.
    pub fn next(&self, now: DateTime<FixedOffset>) -> RecordMeta {
        RecordMeta {
            updated_at: now.max(self.updated_at),
            revision: self.revision.saturating_add(1),
            ..self.clone()
        }
    }

    /// True when the record changed after its last export, or was never exported.
    pub fn needs_export(&self) -> bool {
        self.exported_at
            .is_none_or(|exported_at| exported_at < self.updated_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{DEVICE, at};

    #[test]
    fn each_change_is_one_revision_later() {
        let meta = RecordMeta::new(DEVICE, at(9));
        let changed = meta.next(at(10)).next(at(11));
        assert_eq!(changed.revision, 3);
        assert_eq!(changed.created_at, at(9));
        assert_eq!(changed.updated_at, at(11));
        assert_eq!(changed.device_id, DEVICE);
    }

    #[test]
    fn a_clock_set_back_never_dates_a_change_before_the_last() {
        let meta = RecordMeta::new(DEVICE, at(11));
        let changed = meta.next(at(9));
        assert_eq!((changed.revision, changed.updated_at), (2, at(11)));
        assert!(changed.updated_at >= changed.created_at);
    }

    #[test]
    fn ids_are_read_in_their_canonical_form_only() {
        let canonical = "0101524a-0b00-4101-8101-010101010101";
        assert!(parse_uuid(canonical).is_some());
        for other in [
            "0101524A-0B00-4101-8101-010101010101",
            "{0101524a-0b00-4101-8101-010101010101}",
            "0101524a0b00410181010101010101010",
            "0101524a0b0041018101010101010101",
            "urn:uuid:0101524a-0b00-4101-8101-010101010101",
            " 0101524a-0b00-4101-8101-010101010101",
            "0101524a-0b00-4101-8101-0101010101010",
            "",
        ] {
            assert_eq!(parse_uuid(other), None, "{other}");
            assert_eq!(DeviceId::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_change_after_export_needs_a_new_export() {
        let mut meta = RecordMeta::new(DEVICE, at(9));
        assert!(meta.needs_export());
        meta.exported_at = Some(at(10));
        assert!(!meta.needs_export());
        assert!(meta.next(at(11)).needs_export());
    }
}

//! The shape records have in storage: versioned, serialisable and kept apart from the domain types,
//! so the domain can change while every record ever written stays readable.
//!
//! Reading goes raw JSON → migrations up to the current version → the stored type → validation → the domain type.
//! A record that fails any step is not dropped: the caller moves its raw value to the quarantine with the reason.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::citizen::{Citizen, CitizenDraft, CitizenId, RegisterContext, validate};
use crate::fit::definition::Version;
use crate::fit::{Kind, Rater, Registry, Response, ResponseId, Tenths, score};
use crate::iso;
use crate::record::{self, DeviceId, RecordMeta};

mod mastery;
mod meeting;

pub use mastery::{
    ASSESSMENT_SCHEMA_VERSION, PLAN_SCHEMA_VERSION, StoredAssessment, StoredEntry, StoredPlan,
    decode_assessment, decode_plan,
};
pub use meeting::{MEETING_SCHEMA_VERSION, StoredMeeting, decode_meeting};

/// The version of the citizen record this code writes.
/// Version 2 added `birth_month` (`null` where staff did not give it), version 3 `easy_read`.
pub const CITIZEN_SCHEMA_VERSION: u32 = 3;

/// Upgrades from version `n` to `n + 1`, at index `n - 1`; one entry per released version before the current.
/// A step gets the raw record and returns it upgraded or says why it cannot.
type Migration = fn(Value) -> Result<Value, String>;
const CITIZEN_MIGRATIONS: [Migration; CITIZEN_SCHEMA_VERSION as usize - 1] =
    [citizen_v1_to_v2, citizen_v2_to_v3];

/// A citizen written before birth months has none: the age is read from the birth year, as it was.
fn citizen_v1_to_v2(mut value: Value) -> Result<Value, String> {
    let Value::Object(fields) = &mut value else {
        return Err("not an object".to_owned());
    };
    if fields.contains_key("birth_month") {
        return Err("birth_month in a version 1 record".to_owned());
    }
    fields.insert("birth_month".to_owned(), Value::Null);
    Ok(value)
}

/// A citizen written before easy-read was part of the record reads as not in easy-read; a device that kept
/// its own list of who answers in easy-read moves it into the records once (the app's `settings`).
fn citizen_v2_to_v3(mut value: Value) -> Result<Value, String> {
    let Value::Object(fields) = &mut value else {
        return Err("not an object".to_owned());
    };
    if fields.contains_key("easy_read") {
        return Err("easy_read in a version 2 record".to_owned());
    }
    fields.insert("easy_read".to_owned(), Value::Bool(false));
    Ok(value)
}

/// The bookkeeping fields every stored record carries beside its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredMeta {
    #[serde(deserialize_with = "record::uuid")]
    pub device_id: Uuid,
    #[serde(deserialize_with = "iso::timestamp")]
    pub created_at: DateTime<FixedOffset>,
    #[serde(deserialize_with = "iso::timestamp")]
    pub updated_at: DateTime<FixedOffset>,
    pub revision: u32,
    #[serde(default, deserialize_with = "iso::optional_timestamp")]
    pub exported_at: Option<DateTime<FixedOffset>>,
}

impl From<&RecordMeta> for StoredMeta {
    fn from(meta: &RecordMeta) -> StoredMeta {
        StoredMeta {
            device_id: meta.device_id.uuid(),
            created_at: meta.created_at,
            updated_at: meta.updated_at,
            revision: meta.revision,
            exported_at: meta.exported_at,
        }
    }
}

/// The bookkeeping of a raw record, read on its own (so an error names its field) and checked: a
/// revision counts from 1, and a record is not updated before it was created (`RecordMeta::next`).
fn read_meta(raw: &Value) -> Result<RecordMeta, DecodeError> {
    let meta: StoredMeta = named(raw)?;
    at_least_one("revision", meta.revision)?;
    if meta.updated_at < meta.created_at {
        return Err(DecodeError::Invalid(format!(
            "updated_at: {} is before created_at {}",
            meta.updated_at.to_rfc3339(),
            meta.created_at.to_rfc3339()
        )));
    }
    Ok(RecordMeta {
        device_id: DeviceId::from_uuid(meta.device_id),
        created_at: meta.created_at,
        updated_at: meta.updated_at,
        revision: meta.revision,
        exported_at: meta.exported_at,
    })
}

/// `raw` as a `T`; an error names the field it is about (`entries[2].rating: invalid type: …`).
pub(crate) fn named<T: DeserializeOwned>(raw: &Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(raw).map_err(|err| DecodeError::Malformed(err.to_string()))
}

/// Numbers that count from 1 (revisions, meetings, rounds, goals): 0 is no such number.
fn at_least_one(field: &str, number: u32) -> Result<(), DecodeError> {
    if number == 0 {
        return Err(DecodeError::Invalid(format!(
            "{field}: expected a whole number from 1, found 0"
        )));
    }
    Ok(())
}

/// A citizen as stored, version 3.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredCitizen {
    pub schema_version: u32,
    #[serde(deserialize_with = "record::uuid")]
    pub id: Uuid,
    pub label: String,
    pub birth_year: u16,
    /// 1–12, or `null` where staff did not give it.
    pub birth_month: Option<u8>,
    pub unit: String,
    pub archived: bool,
    /// Whether the citizen answers in easy-read.
    pub easy_read: bool,
    #[serde(flatten)]
    pub meta: StoredMeta,
}

impl From<&Citizen> for StoredCitizen {
    fn from(citizen: &Citizen) -> StoredCitizen {
        StoredCitizen {
            schema_version: CITIZEN_SCHEMA_VERSION,
            id: citizen.id.uuid(),
            label: citizen.fields.label.as_str().to_owned(),
            birth_year: citizen.fields.birth_year.get(),
            birth_month: citizen.fields.birth_month.map(|month| month.get()),
            unit: citizen.fields.unit.as_str().to_owned(),
            archived: citizen.archived,
            easy_read: citizen.easy_read,
            meta: StoredMeta::from(&citizen.meta),
        }
    }
}

/// The version of the FIT response record this code writes.
pub const RESPONSE_SCHEMA_VERSION: u32 = 1;
const RESPONSE_MIGRATIONS: [Migration; RESPONSE_SCHEMA_VERSION as usize - 1] = [];

/// A completed FIT form as stored, version 1. `citizen_id` and `date` are indexed by the browser store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub schema_version: u32,
    #[serde(deserialize_with = "record::uuid")]
    pub id: Uuid,
    #[serde(deserialize_with = "record::uuid")]
    pub citizen_id: Uuid,
    pub meeting: u32,
    #[serde(deserialize_with = "iso::date")]
    pub date: NaiveDate,
    pub instrument: String,
    pub version: u16,
    pub kind: Kind,
    pub rater: Rater,
    /// Tenths of a point, in the order of the definition's items.
    pub answers: Vec<u16>,
    #[serde(flatten)]
    pub meta: StoredMeta,
}

impl From<&Response> for StoredResponse {
    fn from(response: &Response) -> StoredResponse {
        StoredResponse {
            schema_version: RESPONSE_SCHEMA_VERSION,
            id: response.id.uuid(),
            citizen_id: response.citizen_id.uuid(),
            meeting: response.meeting,
            date: response.date,
            instrument: response.instrument.as_str().to_owned(),
            version: response.version.get(),
            kind: response.kind,
            rater: response.rater,
            answers: response.answers.iter().map(|tenths| tenths.get()).collect(),
            meta: StoredMeta::from(&response.meta),
        }
    }
}

/// Reads a raw stored response, checking it against the instrument it claims to answer.
pub fn decode_response(raw: &Value, registry: &Registry) -> Result<Response, DecodeError> {
    let value = migrate(raw, RESPONSE_SCHEMA_VERSION, &RESPONSE_MIGRATIONS)?;
    let meta = read_meta(&value)?;
    let stored: StoredResponse = named(&value)?;
    at_least_one("meeting", stored.meeting)?;
    let definition = registry
        .get(&stored.instrument, Some(Version::new(stored.version)))
        .map_err(|err| DecodeError::Invalid(err.to_string()))?;
    if definition.kind() != stored.kind {
        return Err(DecodeError::Invalid(format!(
            "{} is not a {} scale",
            stored.instrument, stored.kind
        )));
    }
    let answers: Vec<Tenths> = stored.answers.iter().copied().map(Tenths::new).collect();
    let as_given: Vec<Option<Tenths>> = answers.iter().copied().map(Some).collect();
    score(definition, &as_given).map_err(|err| DecodeError::Invalid(err.to_string()))?;
    Ok(Response {
        id: ResponseId::from_uuid(stored.id),
        citizen_id: CitizenId::from_uuid(stored.citizen_id),
        meeting: stored.meeting,
        date: stored.date,
        instrument: definition.id().clone(),
        version: definition.version(),
        kind: stored.kind,
        rater: stored.rater,
        answers,
        meta,
    })
}

/// Why a stored record could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("no schema_version")]
    NoVersion,
    /// Written by a newer app: not broken, so it must stay where it is.
    #[error("schema version {found} is newer than {supported}")]
    TooNew { found: u64, supported: u32 },
    #[error("migration from version {from} failed: {reason}")]
    Migration { from: u64, reason: String },
    #[error("malformed record: {0}")]
    Malformed(String),
    #[error("invalid record: {0}")]
    Invalid(String),
}

impl DecodeError {
    /// A record from a newer version is intact; everything else belongs in the quarantine.
    pub fn is_corrupt(&self) -> bool {
        !matches!(self, DecodeError::TooNew { .. })
    }
}

/// Reads a raw stored citizen of any released version.
pub fn decode_citizen(raw: &Value) -> Result<Citizen, DecodeError> {
    let value = migrate(raw, CITIZEN_SCHEMA_VERSION, &CITIZEN_MIGRATIONS)?;
    let meta = read_meta(&value)?;
    let stored: StoredCitizen = named(&value)?;
    let birth_year = stored.birth_year.to_string();
    let birth_month = stored
        .birth_month
        .map(|month| month.to_string())
        .unwrap_or_default();
    let draft = CitizenDraft {
        label: &stored.label,
        birth_year: &birth_year,
        birth_month: &birth_month,
        unit: &stored.unit,
    };
    // The birth year (and month) was checked against the day the record was last written, which its own
    // `updated_at` tells (in the device's time zone): a reader needs no clock.
    let written_in = meta.updated_at.year();
    if i32::from(stored.birth_year) > written_in {
        return Err(DecodeError::Invalid(format!(
            "birth_year: {} is after {written_in}, the year of updated_at",
            stored.birth_year
        )));
    }
    if let Some(month) = stored.birth_month
        && i32::from(stored.birth_year) == written_in
        && u32::from(month) > meta.updated_at.month()
    {
        return Err(DecodeError::Invalid(format!(
            "birth_month: {month} of {written_in} is after the month of updated_at"
        )));
    }
    // A stored record was valid when written; only the rules on the values themselves apply now.
    let context = RegisterContext {
        current_year: u16::MAX,
        current_month: 12,
        citizens: &[],
        editing: None,
    };
    let fields =
        validate(&draft, &context).map_err(|issues| DecodeError::Invalid(format!("{issues:?}")))?;
    Ok(Citizen {
        id: CitizenId::from_uuid(stored.id),
        fields,
        archived: stored.archived,
        easy_read: stored.easy_read,
        meta,
    })
}

/// `raw` upgraded to the `current` schema version; as it is (not copied) when it is of that version.
fn migrate<'a>(
    raw: &'a Value,
    current: u32,
    steps: &[Migration],
) -> Result<Cow<'a, Value>, DecodeError> {
    let found = raw
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or(DecodeError::NoVersion)?;
    if found > u64::from(current) {
        return Err(DecodeError::TooNew {
            found,
            supported: current,
        });
    }
    if found == 0 {
        return Err(DecodeError::NoVersion);
    }
    if found == u64::from(current) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut value = raw.clone();
    for from in found..u64::from(current) {
        let step = steps[from as usize - 1];
        value = step(value).map_err(|reason| DecodeError::Migration { from, reason })?;
        value["schema_version"] = Value::from(from + 1);
    }
    Ok(Cow::Owned(value))
}

/// A record that could not be read, kept with its raw value so a person can recover it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarantinedRecord {
    /// The object store the record came from.
    pub store: String,
    /// The record's key in that store.
    pub key: String,
    pub reason: String,
    #[serde(deserialize_with = "iso::timestamp")]
    pub quarantined_at: DateTime<FixedOffset>,
    /// The record as it was found, as JSON text. Text, not a JSON value, so that however deeply a
    /// broken record nests, the file that carries it stays readable (a JSON reader stops at some depth,
    /// serde_json's at 128, and would refuse the whole file).
    #[serde(deserialize_with = "raw_text")]
    pub raw: String,
}

impl QuarantinedRecord {
    /// The longest `store`, `key` and `reason` a file may carry, and what [`QuarantinedRecord::new`] cuts
    /// them to: far above what a tablet writes (a store's name, a record's id, a line or two of reason), so
    /// that a record whose id or error quotes a huge text still leaves the tablet in a file readers take.
    /// Its `raw` keeps everything.
    pub const MAX_STORE_CHARS: usize = 40;
    pub const MAX_KEY_CHARS: usize = 200;
    pub const MAX_REASON_CHARS: usize = 2_000;
    /// Room left in a reason for the note an export adds when it masks personal numbers.
    const EXPORT_NOTE_CHARS: usize = 100;

    /// A quarantine entry with its texts cut to the limits (the reason leaving room for an export's note),
    /// an ellipsis marking a cut.
    pub fn new(
        store: &str,
        key: &str,
        reason: &str,
        quarantined_at: DateTime<FixedOffset>,
        raw: String,
    ) -> QuarantinedRecord {
        QuarantinedRecord {
            store: cut(store, Self::MAX_STORE_CHARS),
            key: cut(key, Self::MAX_KEY_CHARS),
            reason: cut(reason, Self::MAX_REASON_CHARS - Self::EXPORT_NOTE_CHARS),
            quarantined_at,
            raw,
        }
    }
}

/// `text`, or its first `max - 1` characters and `…` where it is longer than `max`.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    text.chars()
        .take(max.saturating_sub(1))
        .chain(['…'])
        .collect()
}

/// A quarantined record's `raw`: its JSON text, or, in files written before `raw` became text, the record
/// itself, which is turned into its compact JSON text.
fn raw_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        record => record.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::testing::{at, citizen};

    #[track_caller]
    fn check(raw: Value, expect: Expect) {
        let res = decode_citizen(&raw).map(|citizen| StoredCitizen::from(&citizen));
        expect.assert_debug_eq(&res.map_err(|err| err.to_string()));
    }

    fn stored_json(seed: u8) -> Value {
        serde_json::to_value(StoredCitizen::from(&citizen(seed, "AB", "Hus 1"))).unwrap()
    }

    #[test]
    fn the_stored_shape_is_stable() {
        expect![[r#"
            {
              "archived": false,
              "birth_month": null,
              "birth_year": 1990,
              "created_at": "2026-11-23T09:00:00+01:00",
              "device_id": "5e5e5e5e-5e5e-5e5e-5e5e-5e5e5e5e5e5e",
              "easy_read": false,
              "exported_at": null,
              "id": "07070707-0707-4707-8707-070707070707",
              "label": "AB",
              "revision": 1,
              "schema_version": 3,
              "unit": "Hus 1",
              "updated_at": "2026-11-23T09:00:00+01:00"
            }"#]]
        .assert_eq(&serde_json::to_string_pretty(&stored_json(7)).unwrap());
    }

    #[test]
    fn a_record_from_a_newer_version_is_left_alone() {
        let mut raw = stored_json(1);
        raw["schema_version"] = json!(4);
        let err = decode_citizen(&raw).unwrap_err();
        assert!(!err.is_corrupt());
        check(
            raw,
            expect![[r#"
                Err(
                    "schema version 4 is newer than 3",
                )
            "#]],
        );
    }

    #[test]
    fn broken_records_say_why() {
        let mut no_label = stored_json(1);
        no_label.as_object_mut().unwrap().remove("label");
        check(
            no_label,
            expect![[r#"
            Err(
                "malformed record: missing field `label`",
            )
        "#]],
        );

        let mut cpr = stored_json(1);
        cpr["label"] = json!("010190-1234");
        check(
            cpr,
            expect![[r#"
            Err(
                "invalid record: [LabelIsPersonalNumber]",
            )
        "#]],
        );

        // Read as the form checks: a disguised number or a control character in any text is refused.
        let mut disguised = stored_json(1);
        disguised["unit"] = json!("Hus 2 ０１０１９０\u{2013}１２３４");
        check(
            disguised,
            expect![[r#"
            Err(
                "invalid record: [UnitIsPersonalNumber]",
            )
        "#]],
        );
        let mut escape = stored_json(1);
        escape["label"] = json!("AB\u{1b}[31m");
        check(
            escape,
            expect![[r#"
            Err(
                "invalid record: [LabelControlCharacter('\\u{1b}')]",
            )
        "#]],
        );

        check(
            json!("not an object"),
            expect![[r#"
            Err(
                "no schema_version",
            )
        "#]],
        );
        assert!(
            decode_citizen(&json!({"schema_version": 0}))
                .unwrap_err()
                .is_corrupt()
        );
    }

    #[test]
    fn every_released_version_has_a_migration() {
        assert_eq!(CITIZEN_MIGRATIONS.len() as u32, CITIZEN_SCHEMA_VERSION - 1);
    }

    #[test]
    fn migrations_run_in_order_and_stamp_the_version() {
        let steps: [Migration; 2] = [
            |mut v| {
                v["unit"] = json!(format!("{}!", v["unit"].as_str().unwrap_or("")));
                Ok(v)
            },
            |v| Err(format!("cannot upgrade {}", v["label"])),
        ];
        let mut raw = stored_json(1);
        raw["schema_version"] = json!(1);
        let upgraded = migrate(&raw, 2, &steps).unwrap();
        assert_eq!(
            (upgraded["unit"].clone(), upgraded["schema_version"].clone()),
            (json!("Hus 1!"), json!(2))
        );
        let err = migrate(&raw, 3, &steps).unwrap_err();
        assert_eq!(
            err.to_string(),
            "migration from version 2 failed: cannot upgrade \"AB\""
        );
    }

    #[test]
    fn the_v1_fixture_decodes_completely() {
        let fixture: Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/db-v1.json")).unwrap();
        let records = fixture["stores"]["citizens"].as_array().unwrap();
        assert!(!records.is_empty());
        for raw in records {
            let citizen = decode_citizen(raw).unwrap();
            assert_eq!(citizen.fields.birth_month, None);
            // Written again, it is the same record at version 3, with no birth month, not in easy-read.
            let mut upgraded = raw.clone();
            upgraded["schema_version"] = json!(3);
            upgraded["birth_month"] = Value::Null;
            upgraded["easy_read"] = json!(false);
            assert_eq!(
                serde_json::to_value(StoredCitizen::from(&citizen)).unwrap(),
                upgraded
            );
        }
    }

    #[test]
    fn a_version_2_citizen_reads_as_not_in_easy_read_and_writes_as_version_3() {
        let fixture: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/citizens-v2-easy-read-on-device.json"
        ))
        .unwrap();
        let records = fixture["stores"]["citizens"].as_array().unwrap();
        assert_eq!(records.len(), 2);
        for raw in records {
            let citizen = decode_citizen(raw).unwrap();
            assert!(!citizen.easy_read);
            let mut upgraded = raw.clone();
            upgraded["schema_version"] = json!(3);
            upgraded["easy_read"] = json!(false);
            assert_eq!(
                serde_json::to_value(StoredCitizen::from(&citizen)).unwrap(),
                upgraded
            );
        }
        // A version 2 record that already says easy-read was not written by any version.
        let mut v2 = records[0].clone();
        v2["easy_read"] = json!(true);
        check(
            v2,
            expect![[r#"
            Err(
                "migration from version 2 failed: easy_read in a version 2 record",
            )
        "#]],
        );
    }

    #[test]
    fn easy_read_round_trips_and_must_be_a_boolean() {
        let original = citizen(3, "AB", "Hus 1").with_easy_read(true, at(11));
        let raw = serde_json::to_value(StoredCitizen::from(&original)).unwrap();
        assert_eq!(raw["easy_read"], json!(true));
        assert_eq!(decode_citizen(&raw).unwrap(), original);
        let mut text = raw.clone();
        text["easy_read"] = json!("yes");
        check(
            text,
            expect![[r#"
            Err(
                "malformed record: easy_read: invalid type: string \"yes\", expected a boolean",
            )
        "#]],
        );
        let mut missing = raw;
        missing.as_object_mut().unwrap().remove("easy_read");
        check(
            missing,
            expect![[r#"
            Err(
                "malformed record: missing field `easy_read`",
            )
        "#]],
        );
    }

    #[test]
    fn a_birth_month_is_kept_and_checked_like_the_birth_year() {
        let mut raw = stored_json(1);
        raw["birth_month"] = json!(6);
        let citizen = decode_citizen(&raw).unwrap();
        assert_eq!(citizen.fields.birth_month.map(|month| month.get()), Some(6));
        assert_eq!(
            serde_json::to_value(StoredCitizen::from(&citizen)).unwrap(),
            raw
        );
        let decode = |birth_year: u16, birth_month: Value| {
            let mut raw = stored_json(1);
            raw["birth_year"] = json!(birth_year);
            raw["birth_month"] = birth_month;
            decode_citizen(&raw)
                .map(|_| ())
                .map_err(|err| err.to_string())
        };
        // Written on 23 November 2026: November 2026 had come, December had not.
        expect![[r#"
            [
                Ok(
                    (),
                ),
                Err(
                    "invalid record: birth_month: 12 of 2026 is after the month of updated_at",
                ),
                Err(
                    "invalid record: [BirthMonthNotAMonth]",
                ),
                Err(
                    "invalid record: [BirthMonthNotAMonth]",
                ),
                Err(
                    "malformed record: birth_month: invalid type: string \"6\", expected u8",
                ),
            ]
        "#]]
        .assert_debug_eq(&[
            decode(2026, json!(11)),
            decode(2026, json!(12)),
            decode(1990, json!(13)),
            decode(1990, json!(0)),
            decode(1990, json!("6")),
        ]);
        // A version 1 record with a birth month was not written by any version.
        let mut v1 = stored_json(1);
        v1["schema_version"] = json!(1);
        v1["birth_month"] = json!(6);
        check(
            v1,
            expect![[r#"
            Err(
                "migration from version 1 failed: birth_month in a version 1 record",
            )
        "#]],
        );
    }

    fn stored_response() -> Value {
        let response = Response {
            id: ResponseId::from_random_bytes([3; 16]),
            citizen_id: citizen(1, "AB", "Hus 1").id,
            meeting: 2,
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            instrument: crate::fit::definition::InstrumentId::new("ors"),
            version: Version::new(1),
            kind: Kind::Outcome,
            rater: Rater::Parent,
            answers: [50, 62, 70, 45].map(Tenths::new).to_vec(),
            meta: RecordMeta::new(crate::testing::DEVICE, at(10)),
        };
        serde_json::to_value(StoredResponse::from(&response)).unwrap()
    }

    #[test]
    fn a_stored_response_round_trips_and_keeps_its_shape() {
        let raw = stored_response();
        expect![[r#"
            {"answers":[50,62,70,45],"citizen_id":"01010101-0101-4101-8101-010101010101","created_at":"2026-11-23T10:00:00+01:00","date":"2026-11-23","device_id":"5e5e5e5e-5e5e-5e5e-5e5e-5e5e5e5e5e5e","exported_at":null,"id":"03030303-0303-4303-8303-030303030303","instrument":"ors","kind":"outcome","meeting":2,"rater":"parent","revision":1,"schema_version":1,"updated_at":"2026-11-23T10:00:00+01:00","version":1}"#]]
        .assert_eq(&raw.to_string());
        let registry = Registry::bundled().unwrap();
        let response = decode_response(&raw, &registry).unwrap();
        assert_eq!(
            serde_json::to_value(StoredResponse::from(&response)).unwrap(),
            raw
        );
    }

    #[test]
    fn a_response_that_does_not_fit_its_instrument_is_invalid() {
        let registry = Registry::bundled().unwrap();
        let decode = |edit: fn(&mut Value)| {
            let mut raw = stored_response();
            edit(&mut raw);
            decode_response(&raw, &registry)
                .map(|_| ())
                .map_err(|err| err.to_string())
        };
        expect![[r#"
            [
                Err(
                    "invalid record: ors has 4 items, got 3 answers",
                ),
                Err(
                    "invalid record: ors is not a session scale",
                ),
                Err(
                    "invalid record: unknown instrument \"xyz\" (known: cors, csrs, gsrs, ors, srs, ycors, ycsrs)",
                ),
                Err(
                    "malformed record: missing field `meeting`",
                ),
            ]
        "#]]
        .assert_debug_eq(&[
            decode(|raw| raw["answers"] = json!([1, 2, 3])),
            decode(|raw| raw["kind"] = json!("session")),
            decode(|raw| raw["instrument"] = json!("xyz")),
            decode(|raw| {
                raw.as_object_mut().unwrap().remove("meeting");
            }),
        ]);
    }

    proptest! {
        #[test]
        fn stored_citizens_round_trip(seed in any::<u8>(), archived in any::<bool>(), easy_read in any::<bool>(), hours in 0u32..12) {
            let mut original = citizen(seed, "AB", "Hus 1")
                .with_archived(archived, at(10 + hours))
                .with_easy_read(easy_read, at(10 + hours));
            original.meta.exported_at = (hours % 2 == 0).then(|| at(23));
            let raw = serde_json::to_value(StoredCitizen::from(&original)).unwrap();
            prop_assert_eq!(decode_citizen(&raw).unwrap(), original);
        }
    }
}

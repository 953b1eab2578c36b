//! The stored shape of a meeting record, version 1, read the same way as every other record.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::{DecodeError, Migration, StoredMeta, migrate, named, read_meta};
use crate::citizen::CitizenId;
use crate::iso;
use crate::meeting::{Meeting, MeetingId, MeetingKind, Role};
use crate::record;

/// The version of the meeting record this code writes.
pub const MEETING_SCHEMA_VERSION: u32 = 1;
const MEETING_MIGRATIONS: [Migration; MEETING_SCHEMA_VERSION as usize - 1] = [];

/// A meeting as stored. `citizen_id` is indexed by the browser store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredMeeting {
    pub schema_version: u32,
    #[serde(deserialize_with = "record::uuid")]
    pub id: Uuid,
    #[serde(deserialize_with = "record::uuid")]
    pub citizen_id: Uuid,
    pub kind: MeetingKind,
    #[serde(deserialize_with = "iso::date")]
    pub date: NaiveDate,
    /// `HH:MM`, or `null` where the time was not recorded.
    #[serde(
        serialize_with = "iso::serialize_optional_time",
        deserialize_with = "iso::optional_time"
    )]
    pub time: Option<NaiveTime>,
    pub participants: Vec<Role>,
    pub minutes_by: Option<Role>,
    pub agreements: String,
    #[serde(deserialize_with = "iso::optional_date")]
    pub next_date: Option<NaiveDate>,
    pub note: String,
    #[serde(flatten)]
    pub meta: StoredMeta,
}

impl From<&Meeting> for StoredMeeting {
    fn from(meeting: &Meeting) -> StoredMeeting {
        StoredMeeting {
            schema_version: MEETING_SCHEMA_VERSION,
            id: meeting.id.uuid(),
            citizen_id: meeting.citizen_id.uuid(),
            kind: meeting.kind,
            date: meeting.date,
            time: meeting.time,
            participants: meeting.participants.clone(),
            minutes_by: meeting.minutes_by,
            agreements: meeting.agreements.clone(),
            next_date: meeting.next_date,
            note: meeting.note.clone(),
            meta: StoredMeta::from(&meeting.meta),
        }
    }
}

/// Reads a raw stored meeting by the rules a meeting is stored by ([`Meeting::issues`]).
pub fn decode_meeting(raw: &Value) -> Result<Meeting, DecodeError> {
    let value = migrate(raw, MEETING_SCHEMA_VERSION, &MEETING_MIGRATIONS)?;
    let meta = read_meta(&value)?;
    let stored: StoredMeeting = named(&value)?;
    let meeting = Meeting {
        id: MeetingId::from_uuid(stored.id),
        citizen_id: CitizenId::from_uuid(stored.citizen_id),
        kind: stored.kind,
        date: stored.date,
        time: stored.time,
        participants: stored.participants,
        minutes_by: stored.minutes_by,
        agreements: stored.agreements,
        next_date: stored.next_date,
        note: stored.note,
        meta,
    };
    let issues = meeting.issues();
    if !issues.is_empty() {
        let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
        return Err(DecodeError::Invalid(issues.join("; ")));
    }
    Ok(meeting)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::record::RecordMeta;
    use crate::testing::{DEVICE, at};

    fn held() -> Meeting {
        Meeting {
            time: NaiveTime::from_hms_opt(10, 0, 0),
            participants: vec![Role::Citizen, Role::Relative, Role::Staff],
            minutes_by: Some(Role::Staff),
            agreements: "AB prøver bussen to gange.".to_owned(),
            next_date: NaiveDate::from_ymd_opt(2026, 3, 16),
            note: "Mor deltog i telefonen".to_owned(),
            ..Meeting::new(
                MeetingId::from_random_bytes([4; 16]),
                CitizenId::from_random_bytes([1; 16]),
                MeetingKind::Dialogue,
                NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                RecordMeta::new(DEVICE, at(10)),
            )
        }
    }

    fn raw() -> Value {
        serde_json::to_value(StoredMeeting::from(&held())).unwrap()
    }

    #[test]
    fn a_stored_meeting_round_trips_and_keeps_its_shape() {
        let raw = raw();
        expect![[r#"{"agreements":"AB prøver bussen to gange.","citizen_id":"01010101-0101-4101-8101-010101010101","created_at":"2026-11-23T10:00:00+01:00","date":"2026-03-02","device_id":"5e5e5e5e-5e5e-5e5e-5e5e-5e5e5e5e5e5e","exported_at":null,"id":"04040404-0404-4404-8404-040404040404","kind":"dialogue","minutes_by":"staff","next_date":"2026-03-16","note":"Mor deltog i telefonen","participants":["citizen","relative","staff"],"revision":1,"schema_version":1,"time":"10:00","updated_at":"2026-11-23T10:00:00+01:00"}"#]]
        .assert_eq(&raw.to_string());
        assert_eq!(decode_meeting(&raw), Ok(held()));
    }

    #[track_caller]
    fn check(edit: impl Fn(&mut Value), expect: Expect) {
        let mut raw = raw();
        edit(&mut raw);
        let res = decode_meeting(&raw)
            .map(|_| ())
            .map_err(|err| err.to_string());
        expect.assert_debug_eq(&res);
    }

    #[test]
    fn a_meeting_is_read_strictly() {
        check(
            |raw| raw["time"] = json!("10:00:00"),
            expect![[r#"
                Err(
                    "malformed record: time: \"10:00:00\" is not a time of day HH:MM",
                )
            "#]],
        );
        check(
            |raw| raw["kind"] = json!("phone_call"),
            expect![[r#"
                Err(
                    "malformed record: kind: unknown variant `phone_call`, expected one of `dialogue`, `follow_up`, `acute`, `network`",
                )
            "#]],
        );
        check(
            |raw| raw["next_date"] = json!("2200-01-01"),
            expect![[r#"
                Err(
                    "malformed record: next_date: \"2200-01-01\" is outside the plausible dates 1900-01-01 to 2199-12-31",
                )
            "#]],
        );
        check(
            |raw| raw["id"] = json!("04040404-0404-4404-8404-04040404040A"),
            expect![[r#"
                Err(
                    "malformed record: id: \"04040404-0404-4404-8404-04040404040A\" is not a UUID in canonical form (lowercase, hyphenated 8-4-4-4-12)",
                )
            "#]],
        );
        check(
            |raw| raw["revision"] = json!(0),
            expect![[r#"
                Err(
                    "invalid record: revision: expected a whole number from 1, found 0",
                )
            "#]],
        );
        check(
            |raw| raw["updated_at"] = json!("2026-11-23T09:00:00+01:00"),
            expect![[r#"
                Err(
                    "invalid record: updated_at: 2026-11-23T09:00:00+01:00 is before created_at 2026-11-23T10:00:00+01:00",
                )
            "#]],
        );
        check(
            |raw| {
                raw["participants"] = json!(["citizen"]);
                raw["agreements"] = json!("Ring 010190-1234");
            },
            expect![[r#"
                Err(
                    "invalid record: the minutes are taken by the staff, who did not take part; agreements: looks like a personal identity number (CPR or fødselsnummer)",
                )
            "#]],
        );
        check(
            |raw| {
                raw.as_object_mut().unwrap().remove("note");
            },
            expect![[r#"
                Err(
                    "malformed record: missing field `note`",
                )
            "#]],
        );
        check(
            |raw| raw["schema_version"] = json!(2),
            expect![[r#"
                Err(
                    "schema version 2 is newer than 1",
                )
            "#]],
        );
    }

    #[test]
    fn the_fixture_of_every_kind_reads_completely() {
        let fixture: Value =
            serde_json::from_str(include_str!("../../../../tests/fixtures/db-v3.json")).unwrap();
        let read: Vec<String> = fixture["stores"]["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|raw| {
                let meeting = decode_meeting(raw).unwrap();
                assert_eq!(
                    &serde_json::to_value(StoredMeeting::from(&meeting)).unwrap(),
                    raw
                );
                format!("{:?} {} {:?}", meeting.kind, meeting.date, meeting.time)
            })
            .collect();
        expect![[r#"
            Dialogue 2026-03-02 Some(10:00:00)
            Acute 2026-03-09 Some(21:15:00)
            Network 2026-03-12 Some(13:30:00)
            FollowUp 2026-06-16 None"#]]
        .assert_eq(&read.join("\n"));
    }

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    proptest! {
        /// Every meeting the rules accept reads back as it was stored.
        #[test]
        fn stored_meetings_round_trip(
            kind in prop::sample::select(MeetingKind::ALL.to_vec()),
            minutes in prop::option::of(0u32..24 * 60),
            participants in prop::collection::vec(role(), 1..6),
            minutes_by in prop::option::of(0usize..6),
            next in prop::option::of(1u64..400),
            agreements in "\\PC{0,40}",
            note in "[a-zæøå ]{0,20}",
        ) {
            let meeting = Meeting {
                kind,
                time: minutes.and_then(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0)),
                minutes_by: minutes_by.map(|idx| participants[idx % participants.len()]),
                participants,
                next_date: next.map(|days| held().date + chrono::Days::new(days)),
                agreements,
                note,
                ..held()
            };
            let raw = serde_json::to_value(StoredMeeting::from(&meeting)).unwrap();
            match decode_meeting(&raw) {
                Ok(read) => prop_assert_eq!(read, meeting),
                Err(err) => prop_assert!(!meeting.issues().is_empty(), "{}", err),
            }
        }
    }
}

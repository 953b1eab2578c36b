//! An [`Entry`] as a fixed number of bytes, so entries can be sorted and spilled as flat arrays.
//!
//! The list and the id come first, so entries sorted by their bytes are sorted by (list, id), as the
//! merge takes them; the rest only makes the order of one id's versions the same whatever order the
//! files came in.

use std::collections::BTreeMap;
use std::io;

use chrono::{DateTime, FixedOffset, NaiveDate};
use uuid::Uuid;

use super::spill::{Bytes, Fields};
use super::{Entry, Form, Key as Order, List, Location, Rated};
use crate::citizen::{Citizen, CitizenId, CitizenLabel, display_key};
use crate::export::archive::VersionOf;
use crate::fit::{Rater, Registry};
use crate::record::DeviceId;
use crate::sort;

/// The bytes of an entry.
pub const WIDTH: usize = 1 + 16 + 16 + VERSION + 16 + LOCATION + 1 + ORDER;
const VERSION: usize = 16 + 4 + 8 + 4 + 4;
const LOCATION: usize = 4 + 8 + 4;
/// A form's order, the longer of the two.
const ORDER: usize = 2 + 4 + 4 + 1 + 2;

const LISTS: [List; 5] = [
    List::Citizens,
    List::Responses,
    List::Assessments,
    List::Plans,
    List::Meetings,
];

impl<'r> Entry<'r> {
    /// The entry's bytes, appended to `key`.
    pub(crate) fn encode(&self, registry: &Registry, key: &mut Bytes) {
        let list = LISTS
            .iter()
            .position(|list| *list == self.list)
            .unwrap_or(0);
        key.u8(list as u8)
            .bytes(self.id.as_bytes())
            .bytes(self.citizen_id.uuid().as_bytes())
            .bytes(self.version.device_id.uuid().as_bytes())
            .u32(self.version.revision)
            .i64(self.version.updated_at.timestamp())
            .u32(self.version.updated_at.timestamp_subsec_nanos())
            .i32(self.version.updated_at.offset().local_minus_utc())
            .bytes(&self.digest)
            .u32(self.location.input)
            .u64(self.location.start)
            .u32(self.location.len);
        let start = key.0.len();
        match self.key {
            None => {
                key.u8(0);
            }
            Some(Order::Form(form)) => {
                let definition = registry
                    .all()
                    .iter()
                    .position(|definition| std::ptr::eq(definition, form.definition))
                    .unwrap_or(usize::MAX);
                key.u8(1)
                    .u16(definition as u16)
                    .i32(days(form.date))
                    .u32(form.meeting)
                    .u8(rater(form.rater))
                    .u16(form.n_answers);
            }
            Some(Order::Rating(rated)) => {
                key.u8(2)
                    .i32(days(rated.date))
                    .u32(rated.round)
                    .u8(rater(rated.rater));
            }
        }
        key.0.resize(start + 1 + ORDER, 0);
    }

    /// The entry [`Entry::encode`] laid out in `bytes`; an error for bytes it did not lay out (a spill
    /// file changed under the tool).
    pub(crate) fn decode(bytes: &[u8], registry: &'r Registry) -> io::Result<Entry<'r>> {
        decoded(bytes, registry).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "a temporary file of the tool changed while it ran",
            )
        })
    }
}

fn decoded<'r>(bytes: &[u8], registry: &'r Registry) -> Option<Entry<'r>> {
    if bytes.len() != WIDTH {
        return None;
    }
    let mut fields = Fields(bytes);
    let list = *LISTS.get(usize::from(fields.u8()))?;
    let id = Uuid::from_bytes(fields.take());
    let citizen_id = CitizenId::from_uuid(Uuid::from_bytes(fields.take()));
    let device_id = DeviceId::from_uuid(Uuid::from_bytes(fields.take()));
    let revision = fields.u32();
    let (secs, nanos, offset) = (fields.i64(), fields.u32(), fields.i32());
    let updated_at =
        DateTime::from_timestamp(secs, nanos)?.with_timezone(&FixedOffset::east_opt(offset)?);
    let digest = fields.take();
    let location = Location {
        input: fields.u32(),
        start: fields.u64(),
        len: fields.u32(),
    };
    let key = match fields.u8() {
        0 => None,
        1 => Some(Order::Form(Form {
            definition: registry.all().get(usize::from(fields.u16()))?,
            date: date(fields.i32())?,
            meeting: fields.u32(),
            rater: *Rater::ALL.get(usize::from(fields.u8()))?,
            n_answers: fields.u16(),
        })),
        2 => Some(Order::Rating(Rated {
            date: date(fields.i32())?,
            round: fields.u32(),
            rater: *Rater::ALL.get(usize::from(fields.u8()))?,
        })),
        _ => return None,
    };
    Some(Entry {
        list,
        id,
        citizen_id,
        version: VersionOf {
            device_id,
            revision,
            updated_at,
        },
        digest,
        location,
        key,
    })
}

/// The bytes of [`label`].
pub const LABEL: usize = CitizenLabel::MAX_BYTES;

/// The citizen's label in [`LABEL`] bytes that order as the labels do: its UTF-8, which orders as its
/// characters, padded with zeros, which no label holds (control characters are refused in it). A label
/// is at most [`CitizenLabel::MAX_CHARS`] characters, so it always fits.
pub fn label(citizen: &Citizen, key: &mut Bytes) {
    let start = key.0.len();
    key.bytes(citizen.fields.label.as_str().as_bytes());
    debug_assert!(key.0.len() - start <= LABEL);
    key.0.resize(start + LABEL, 0);
}

/// The bytes of [`display`]: three a letter of the [`display_key`], three letters a character.
pub const DISPLAY: usize = 3 * 3 * CitizenLabel::MAX_CHARS;

/// The citizen's place in [`sort_for_display`](crate::citizen::sort_for_display)'s order, in
/// [`DISPLAY`] bytes: each letter of the [`display_key`] plus one (a character's number is under 2²¹, so
/// three bytes hold it), padded with zeros, so a shorter key orders first as it does as a list.
pub fn display(citizen: &Citizen, key: &mut Bytes) {
    let start = key.0.len();
    for letter in display_key(citizen.fields.label.as_str()) {
        key.bytes(&(letter + 1).to_be_bytes()[1..]);
    }
    debug_assert!(key.0.len() - start <= DISPLAY);
    key.0.resize(start + DISPLAY, 0);
}

/// The day as a number that orders as the days do.
pub fn days(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

fn date(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// The rater's place in [`Rater::ALL`].
fn rater(rater: Rater) -> u8 {
    Rater::ALL.iter().position(|r| *r == rater).unwrap_or(0) as u8
}

/// The rater's place among the raters' codes, which order rows.
pub fn rater_order(rater: Rater) -> u8 {
    Rater::ALL
        .iter()
        .filter(|other| other.code() < rater.code())
        .count() as u8
}

/// Each instrument id of `registry` with its place among them, which orders rows.
pub fn instrument_order(registry: &Registry) -> BTreeMap<&str, u16> {
    let mut ids: Vec<&str> = registry
        .all()
        .iter()
        .map(|definition| definition.id().as_str())
        .collect();
    sort::ascending(&mut ids);
    ids.dedup();
    sort::map(ids.into_iter().zip(0..))
}

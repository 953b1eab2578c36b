//! Builders for tests of the core and of the crates that use it (feature `testing`).
//! They panic on invalid input, as a test should.

use chrono::{DateTime, FixedOffset};

use crate::citizen::{Citizen, CitizenDraft, CitizenId, RegisterContext, validate};
use crate::fit::{
    Age, Context, Definition, Kind, Rater, Registry, Response, ResponseId, Score, Tenths, score,
};
use crate::record::{DeviceId, RecordMeta};

/// The device every test record comes from.
pub const DEVICE: DeviceId = DeviceId::from_uuid_const([0x5e; 16]);

/// A fixed moment on the test day, in Danish winter time.
pub fn at(hour: u32) -> DateTime<FixedOffset> {
    let text = format!("2026-11-23T{hour:02}:00:00+01:00");
    DateTime::parse_from_rfc3339(&text).unwrap_or_else(|err| panic!("{text}: {err}"))
}

/// A valid citizen born 1990, registered at 09:00, with an id derived from `seed`.
pub fn citizen(seed: u8, label: &str, unit: &str) -> Citizen {
    let draft = CitizenDraft {
        label,
        birth_year: "1990",
        unit,
    };
    let context = RegisterContext {
        current_year: 2026,
        citizens: &[],
        editing: None,
    };
    let fields = validate(&draft, &context).unwrap_or_else(|issues| panic!("{label}: {issues:?}"));
    Citizen::new(
        CitizenId::from_random_bytes([seed; 16]),
        fields,
        RecordMeta::new(DEVICE, at(9)),
    )
}

/// The latest bundled version of instrument `id`, `items` (in tenths, `None` for blank) scored on it,
/// and the context of a person of `age` whose previous total (in tenths) was `previous`.
pub fn scored(
    id: &str,
    items: &[Option<u16>],
    age: u8,
    previous: Option<u16>,
) -> (Definition, Score, Context) {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let definition = registry
        .get(id, None)
        .unwrap_or_else(|err| panic!("{err}"))
        .clone();
    let answers: Vec<Option<Tenths>> = items.iter().map(|t| t.map(Tenths::new)).collect();
    let score = score(&definition, &answers).unwrap_or_else(|err| panic!("{err}"));
    let context = Context {
        age: Age::years(age),
        previous_total: previous.map(Tenths::new),
    };
    (definition, score, context)
}

/// A completed ORS by the citizen at `meeting`, on day `day` of November 2026, with id bytes `seed`.
pub fn response(citizen: &Citizen, meeting: u32, seed: u8) -> Response {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let ors = registry
        .get("ors", None)
        .unwrap_or_else(|err| panic!("{err}"));
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, meeting)
        .unwrap_or_else(|| panic!("no day {meeting} in November"));
    Response {
        id: ResponseId::from_random_bytes([seed; 16]),
        citizen_id: citizen.id,
        meeting,
        date,
        instrument: ors.id().clone(),
        version: ors.version(),
        kind: Kind::Outcome,
        rater: Rater::Oneself,
        answers: [50, 62, 70, 45].map(Tenths::new).to_vec(),
        meta: RecordMeta::new(DEVICE, at(9 + meeting)),
    }
}

//! The export file: what a tablet hands to the caseworker, and how it is read back.
//!
//! The format is a contract (`docs/export-format.md`, `docs/export-format.schema.json`): files travel by
//! USB stick or e-mail, are merged from several tablets and read years later. A file stands alone: it holds
//! every citizen its records concern. Reading is strict about the file (format, version, checksum) and
//! forgiving about records: one bad record is rejected with its reason, the rest are read.
//!
//! Format version 2 adds mastery assessments and plans, version 3 meeting records; older files (without
//! them) are read as before.

pub mod archive;
pub mod csv;
pub mod fhir;
pub mod index;
mod leaks;
pub mod sealed;
mod stream;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::error::Category;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::citizen::{Citizen, CitizenId};
use crate::fit::definition::Version;
use crate::fit::{
    AgeBasis, Context, Rater, Registry, Response, ResponseId, ScoreReport, age_on, score,
};
use crate::free_text::{self, FieldKind};
use crate::iso;
use crate::mastery::{self, Assessment, Plan};
use crate::meeting::Meeting;
use crate::record::{self, DeviceId};
use crate::sort;
use crate::stored::{
    DecodeError, QuarantinedRecord, StoredAssessment, StoredCitizen, StoredMeeting, StoredPlan,
    StoredResponse, decode_assessment, decode_citizen, decode_meeting, decode_plan,
    decode_response, named,
};
use crate::strict::shown;
pub use leaks::personal_numbers_in_quarantine;
use stream::{Digesting, Hashing, Pass, Span, Stop};

/// The `format` of every export file.
pub const FORMAT: &str = "mestring-export";
/// The version this code writes and the highest it reads.
pub const FORMAT_VERSION: u32 = 3;
/// The versions this code reads, as an error message names them (kept in step with [`FORMAT_VERSION`]).
const KNOWN_VERSIONS: &str = "1, 2 or 3";

/// The first format version with `list` in the payload: assessments and plans came with 2, meetings with 3.
fn first_version_with(list: &str) -> u64 {
    match list {
        "assessments" | "plans" => 2,
        "meetings" => 3,
        _ => 1,
    }
}

/// What staff chose to export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    Everything,
    /// Records never exported before, and citizens changed since their last export.
    NotYetExported,
    Citizen {
        #[serde(deserialize_with = "record::uuid")]
        citizen_id: Uuid,
    },
    /// Responses, assessments and meetings dated from `from` to `to`, both included, and plans with a
    /// dialogue meeting, their agreement or a follow-up in that period.
    Dates {
        #[serde(deserialize_with = "iso::date")]
        from: NaiveDate,
        #[serde(deserialize_with = "iso::date")]
        to: NaiveDate,
    },
}

impl Selection {
    pub fn includes(&self, response: &Response) -> bool {
        match self {
            Selection::Everything => true,
            Selection::NotYetExported => response.meta.exported_at.is_none(),
            Selection::Citizen { citizen_id } => response.citizen_id.uuid() == *citizen_id,
            Selection::Dates { from, to } => (*from..=*to).contains(&response.date),
        }
    }

    /// An assessment is written once, so "not yet exported" and "changed since" are the same.
    pub fn includes_assessment(&self, assessment: &Assessment) -> bool {
        self.includes_dated(&assessment.meta, assessment.citizen_id, assessment.date)
    }

    /// A plan changes by revisions like a citizen; for a period, it goes in when anything in it is
    /// dated in the period (a dialogue meeting, the agreement, a follow-up).
    pub fn includes_plan(&self, plan: &Plan) -> bool {
        match self {
            Selection::Everything => true,
            Selection::NotYetExported => plan.meta.needs_export(),
            Selection::Citizen { citizen_id } => plan.citizen_id.uuid() == *citizen_id,
            Selection::Dates { from, to } => plan
                .meetings
                .iter()
                .map(|meeting| meeting.date)
                .chain(plan.agreed_on)
                .chain(plan.follow_ups.iter().map(|follow_up| follow_up.date))
                .any(|date| (*from..=*to).contains(&date)),
        }
    }

    /// A meeting changes by revisions (its agreements are written after it); for a period, it goes in when
    /// it was held in the period.
    pub fn includes_meeting(&self, meeting: &Meeting) -> bool {
        self.includes_dated(&meeting.meta, meeting.citizen_id, meeting.date)
    }

    /// A record about `citizen_id` on one day, `date`, which goes again once changed since its export.
    fn includes_dated(
        &self,
        meta: &record::RecordMeta,
        citizen_id: CitizenId,
        date: NaiveDate,
    ) -> bool {
        match self {
            Selection::Everything => true,
            Selection::NotYetExported => meta.needs_export(),
            Selection::Citizen { citizen_id: id } => citizen_id.uuid() == *id,
            Selection::Dates { from, to } => (*from..=*to).contains(&date),
        }
    }

    /// Whether `citizen` goes in even without a selected response (the file adds every citizen its
    /// responses concern in any case).
    fn includes_citizen(&self, citizen: &Citizen) -> bool {
        match self {
            Selection::Everything => true,
            Selection::NotYetExported => citizen.meta.needs_export(),
            Selection::Citizen { citizen_id } => citizen.id.uuid() == *citizen_id,
            Selection::Dates { .. } => false,
        }
    }
}

/// The exported forms dated `days` days before `today` or earlier that the statistics do not keep
/// (`store::kept_for_statistics`): what staff may delete from the tablet once the caseworker has them.
/// `responses` are every form on the device.
pub fn deletable(responses: &[Response], today: NaiveDate, days: u32) -> Vec<ResponseId> {
    let last = today - chrono::Days::new(days.into());
    let old: Vec<ResponseId> = responses
        .iter()
        .filter(|response| response.date <= last)
        .map(|response| response.id)
        .collect();
    crate::store::deletable_among(&old, responses)
}

/// Where and when a file was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub app_version: String,
    pub export_id: Uuid,
    pub device_id: DeviceId,
    pub created_at: DateTime<FixedOffset>,
    /// The facility's name as staff entered it, if they did.
    pub facility: Option<String>,
}

impl Origin {
    /// The file's name: the app, the day it was made and the start of its id, so that several files
    /// of one day stay apart in a download folder or an e-mail.
    pub fn file_name(&self) -> String {
        format!("{}.json", self.file_stem())
    }

    /// The name of the file sealed with a passphrase (`sealed`).
    pub fn sealed_file_name(&self) -> String {
        format!("{}.sealed.json", self.file_stem())
    }

    fn file_stem(&self) -> String {
        let id = self.export_id.simple().to_string();
        format!("mestring-{}-{}", self.created_at.date_naive(), &id[..8])
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    app_version: String,
    #[serde(deserialize_with = "record::uuid")]
    export_id: Uuid,
    #[serde(deserialize_with = "record::uuid")]
    device_id: Uuid,
    #[serde(deserialize_with = "iso::timestamp")]
    created_at: DateTime<FixedOffset>,
    facility: Option<String>,
    selection: Selection,
}

#[derive(Serialize, Deserialize)]
struct Checksum {
    algorithm: String,
    value: String,
}

/// The device's records an export chooses from.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Records<'a> {
    pub citizens: &'a [Citizen],
    pub responses: &'a [Response],
    pub assessments: &'a [Assessment],
    pub plans: &'a [Plan],
    pub meetings: &'a [Meeting],
    /// Records the device could not read, raw.
    pub quarantine: &'a [QuarantinedRecord],
}

/// The records an export of a selection holds: the selected responses, assessments, plans and meetings, and
/// every citizen they concern or the selection names. The app shows these counts before writing and
/// marks these records exported after the file is handed over.
#[derive(Clone, Debug, PartialEq)]
pub struct Selected<'a> {
    pub citizens: Vec<&'a Citizen>,
    pub responses: Vec<&'a Response>,
    pub assessments: Vec<&'a Assessment>,
    pub plans: Vec<&'a Plan>,
    pub meetings: Vec<&'a Meeting>,
}

impl Selection {
    pub fn apply<'a>(&self, records: &Records<'a>) -> Selected<'a> {
        let responses: Vec<&Response> = records
            .responses
            .iter()
            .filter(|response| self.includes(response))
            .collect();
        let assessments: Vec<&Assessment> = records
            .assessments
            .iter()
            .filter(|assessment| self.includes_assessment(assessment))
            .collect();
        let plans: Vec<&Plan> = records
            .plans
            .iter()
            .filter(|plan| self.includes_plan(plan))
            .collect();
        let meetings: Vec<&Meeting> = records
            .meetings
            .iter()
            .filter(|meeting| self.includes_meeting(meeting))
            .collect();
        let concerned = sort::set(
            responses
                .iter()
                .map(|response| response.citizen_id)
                .chain(assessments.iter().map(|assessment| assessment.citizen_id))
                .chain(plans.iter().map(|plan| plan.citizen_id))
                .chain(meetings.iter().map(|meeting| meeting.citizen_id)),
        );
        let citizens = records
            .citizens
            .iter()
            .filter(|citizen| self.includes_citizen(citizen) || concerned.contains(&citizen.id))
            .collect();
        Selected {
            citizens,
            responses,
            assessments,
            plans,
            meetings,
        }
    }

    /// Quarantined records cannot be told apart by citizen or date, so they travel only with
    /// the selections that take the whole device.
    pub fn includes_quarantine(&self) -> bool {
        matches!(self, Selection::Everything | Selection::NotYetExported)
    }
}

/// The export of `selection` from these records, as compact JSON.
///
/// Each response carries its score as computed on the device; assessments, plans and meetings travel in their
/// stored shapes; quarantined records travel raw (with the selections that take the whole device), so
/// the caseworker can see (and recover) what the tablet could not read.
///
/// No personal number leaves the device this way (`leaks`): a selected record or a facility name whose
/// free text fails the input check refuses the whole export with the record and field named, and every
/// personal number in a quarantined record is masked, its reason saying how many.
pub fn write(
    origin: &Origin,
    selection: &Selection,
    records: &Records,
    registry: &Registry,
) -> Result<String, WriteError> {
    let selected = selection.apply(records);
    leaks::check_selected(&selected, origin.facility.as_deref())?;
    let Selected {
        citizens,
        responses,
        assessments,
        plans,
        meetings,
    } = selected;
    let quarantine = if selection.includes_quarantine() {
        records.quarantine
    } else {
        &[]
    };
    let registered = |what: &str, id: &dyn std::fmt::Display, citizen_id: CitizenId| {
        if citizens.iter().any(|citizen| citizen.id == citizen_id) {
            Ok(())
        } else {
            Err(WriteError(format!(
                "{what} {id} concerns a citizen who is not in the register"
            )))
        }
    };
    let assessment_records = assessments.iter().map(|assessment| {
        registered("assessment", &assessment.id, assessment.citizen_id)?;
        to_value(&StoredAssessment::from(*assessment))
    });
    let plan_records = plans.iter().map(|plan| {
        registered("plan", &plan.id, plan.citizen_id)?;
        to_value(&StoredPlan::from(*plan))
    });
    // A plan is written in shape 4, without meetings: any it still carries from an older shape (read
    // before the device moved them) go out as the meeting records they become, so none is lost.
    let carried: Vec<Meeting> = plans
        .iter()
        .flat_map(|plan| plan.meeting_records())
        .filter(|carried| !meetings.iter().any(|meeting| meeting.id == carried.id))
        .collect();
    let meeting_records = meetings.iter().copied().chain(&carried).map(|meeting| {
        registered("meeting", &meeting.id, meeting.citizen_id)?;
        to_value(&StoredMeeting::from(meeting))
    });
    let series = Series::of(&responses);
    let response_records = responses.iter().map(|response| {
        let Some(citizen) = citizens.iter().find(|c| c.id == response.citizen_id) else {
            return Err(WriteError(format!(
                "response {} concerns a citizen who is not in the register",
                response.id
            )));
        };
        let mut record = to_value(&StoredResponse::from(*response))?;
        // A reading that cannot be made (a form chosen for another age has no norms for this one)
        // never stops an export: the record travels with the reason instead of a score.
        let previous = series.before(response).last().copied();
        let (score, problem) = match score_as_computed(response, citizen, previous, registry) {
            Ok(scored) => (to_value(&scored)?, Value::Null),
            Err(reason) => (Value::Null, Value::String(reason)),
        };
        if let Value::Object(fields) = &mut record {
            fields.insert("score".to_owned(), score);
            fields.insert("score_problem".to_owned(), problem);
        }
        Ok(record)
    });
    // The payload is written record by record in canonical form, never as one `Value` tree
    // (100,000 forms took 1.9 GB so, `cargo bench -p mestring-cli --bench import`).
    let mut payload = BTreeMap::new();
    payload.insert(
        "citizens".to_owned(),
        canonical_list(citizens.iter().map(|c| to_value(&StoredCitizen::from(*c))))?,
    );
    payload.insert("responses".to_owned(), canonical_list(response_records)?);
    payload.insert(
        "assessments".to_owned(),
        canonical_list(assessment_records)?,
    );
    payload.insert("plans".to_owned(), canonical_list(plan_records)?);
    payload.insert("meetings".to_owned(), canonical_list(meeting_records)?);
    payload.insert(
        "quarantine".to_owned(),
        canonical_list(
            quarantine
                .iter()
                .map(|record| to_value(&leaks::mask_quarantined(record).0)),
        )?,
    );
    let mut digesting = Digesting(Sha256::new());
    // Writing into the hash cannot fail.
    let _ = stream::write_object(&payload, &mut digesting);
    let checksum = Checksum {
        algorithm: "sha-256".to_owned(),
        value: hex(&digesting.0.finalize()),
    };
    let header = Header {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        app_version: origin.app_version.clone(),
        export_id: origin.export_id,
        device_id: origin.device_id.uuid(),
        created_at: origin.created_at,
        facility: origin.facility.clone(),
        selection: selection.clone(),
    };
    let Value::Object(header) = to_value(&header)? else {
        return Err(WriteError("the header is not an object".to_owned()));
    };
    let mut file: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (key, value) in header {
        file.insert(key, to_vec(&value)?);
    }
    file.insert("checksum".to_owned(), to_vec(&checksum)?);
    let mut text = Vec::new();
    let written = stream::write_object(&payload, &mut text);
    drop(payload);
    file.insert("payload".to_owned(), text);
    // Compact, keys in order, as serde_json writes a `Value`: a tablet's two years are tens of
    // megabytes pretty-printed, too much for an e-mail.
    let mut out = Vec::new();
    written
        .and_then(|()| stream::write_object(&file, &mut out))
        .map_err(|err| WriteError(err.to_string()))?;
    String::from_utf8(out).map_err(|err| WriteError(err.to_string()))
}

/// `items` as a compact JSON list, each written as serde_json writes a `Value` (keys in order).
fn canonical_list(
    items: impl Iterator<Item = Result<Value, WriteError>>,
) -> Result<Vec<u8>, WriteError> {
    let mut out = vec![b'['];
    for (idx, item) in items.enumerate() {
        if idx > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &item?).map_err(|err| WriteError(err.to_string()))?;
    }
    out.push(b']');
    Ok(out)
}

fn to_vec(value: &impl Serialize) -> Result<Vec<u8>, WriteError> {
    serde_json::to_vec(value).map_err(|err| WriteError(err.to_string()))
}

/// Each rater's forms on each instrument about each citizen, in meeting order: the line a
/// change is computed along. Built once, so finding a form's predecessors takes no scan.
pub(crate) struct Series<'a> {
    lines: Vec<Vec<&'a Response>>,
    /// Each response's line and its place on it.
    place: BTreeMap<ResponseId, (usize, usize)>,
}

impl<'a> Series<'a> {
    pub(crate) fn of(responses: &[&'a Response]) -> Series<'a> {
        let mut by_key: BTreeMap<_, Vec<&Response>> = BTreeMap::new();
        for response in responses {
            by_key
                .entry((
                    response.citizen_id,
                    response.rater.code(),
                    response.instrument.as_str(),
                ))
                .or_default()
                .push(response);
        }
        let mut lines: Vec<Vec<&Response>> = by_key.into_values().collect();
        let mut place = BTreeMap::new();
        for (line_idx, line) in lines.iter_mut().enumerate() {
            sort::by_key(line, |response| (response.date, response.meeting));
            place.extend(
                line.iter()
                    .enumerate()
                    .map(|(idx, response)| (response.id, (line_idx, idx))),
            );
        }
        Series { lines, place }
    }

    /// The forms of `response`'s line before it.
    pub(crate) fn before(&self, response: &Response) -> &[&'a Response] {
        match self.place.get(&response.id) {
            Some(&(line, idx)) => &self.lines[line][..idx],
            None => &[],
        }
    }
}

/// The score the app showed: read against the norms for the rated person's age that day and,
/// for session scales, the same rater's `previous` form on the same instrument.
pub(crate) fn score_as_computed(
    response: &Response,
    citizen: &Citizen,
    previous: Option<&Response>,
    registry: &Registry,
) -> Result<ScoreReport, String> {
    let definition = registry
        .get(response.instrument.as_str(), Some(response.version))
        .map_err(|err| err.to_string())?;
    let answers: Vec<_> = response.answers.iter().copied().map(Some).collect();
    let score = score(definition, &answers).map_err(|err| err.to_string())?;
    let previous_total = previous.and_then(|previous| previous.total(definition));
    let context = Context {
        age: age_on(citizen.fields.birth(), response.date),
        previous_total,
    };
    let age_basis = AgeBasis::of(citizen.fields.birth());
    ScoreReport::new(definition, &score, response.rater, context, age_basis)
        .map_err(|err| err.to_string())
}

/// A digest as the checksum is written: lowercase hex. The checksum is SHA-256 of the payload in
/// canonical form: compact JSON with the keys of every object in code-point order, numbers as serde_json
/// prints them (`stream::write_object`). A reader checks the payload it parsed, so the file's layout does
/// not matter.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The checksum of a payload held as one `Value`, whose keys serde_json writes in order: for tests
/// that change a file and make its checksum fit again.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn payload_checksum(payload: &Value) -> String {
    let mut digesting = Digesting(Sha256::new());
    // Writing into the hash cannot fail.
    let _ = serde_json::to_writer(&mut digesting, payload);
    hex(&digesting.0.finalize())
}

fn to_value(value: &impl Serialize) -> Result<Value, WriteError> {
    serde_json::to_value(value).map_err(|err| WriteError(err.to_string()))
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the export could not be written: {0}")]
pub struct WriteError(String);

/// An export read back: the records that passed every check, and those that did not with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportFile {
    pub origin: Origin,
    pub selection: Selection,
    pub citizens: Vec<Citizen>,
    pub responses: Vec<Response>,
    /// Mastery assessments and plans (none in a format version 1 file).
    pub assessments: Vec<Assessment>,
    pub plans: Vec<Plan>,
    /// Meeting records (none before format version 3).
    pub meetings: Vec<Meeting>,
    pub quarantine: Vec<QuarantinedRecord>,
    pub rejected: Vec<Rejected>,
}

/// A record of the file that was not taken in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// `citizens`, `responses`, `assessments`, `plans`, `meetings` or `quarantine`; `facility` for the file's facility
    /// name, which is then left out.
    pub list: &'static str,
    /// The record's id, when it has a readable one.
    pub id: Option<String>,
    pub reason: String,
}

/// Why a whole file was refused; nothing of it is taken in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a Mestring export (no \"format\": \"{FORMAT}\")")]
    NotAnExport,
    #[error("sealed with a passphrase: open it with the passphrase first")]
    Sealed,
    #[error(
        "written by a newer Mestring (format version {found}; this one reads up to {FORMAT_VERSION})"
    )]
    TooNew { found: u64 },
    #[error("the checksum does not match: the file was changed or damaged after it was written")]
    ChecksumMismatch,
    #[error("malformed export: {0}")]
    Malformed(String),
}

/// Reads an export, checking format, version and checksum, then every record as the app reads its own:
/// migrations, the same validation as the forms, answers that fit their instrument, ratings and goals
/// that fit their mastery schema. A UTF-8 byte-order mark before the file (Windows Notepad writes one)
/// is skipped.
pub fn read(
    text: &str,
    registry: &Registry,
    schemas: &mastery::Registry,
) -> Result<ExportFile, ReadError> {
    let text = without_bom(text);
    let mut decoded = Decoded::default();
    // Every record is decoded as the pass meets it; nothing is trusted unless the checksum matches below.
    let pass = passed(|hashing| {
        decoded = Decoded::default();
        let mut record =
            |list: &'static str, raw: Value, _: Span| match decode(list, &raw, registry, schemas) {
                Ok(record) => decoded.push(record),
                Err(reason) => decoded.rejected.push(rejection(list, &raw, reason)),
            };
        Pass::run(
            serde_json::de::StrRead::new(text),
            hashing,
            &|| 0,
            &mut record,
        )
    })?;
    let header = verified(pass)?;
    let Decoded {
        citizens,
        responses,
        assessments,
        plans,
        meetings,
        quarantine,
        mut rejected,
    } = decoded;

    // A response, an assessment, a plan or a meeting counts only with its citizen in the file.
    let known = sort::set(citizens.iter().map(|c| c.id));
    let mut orphan = |list: &'static str, id: String, citizen_id: CitizenId| {
        let known = known.contains(&citizen_id);
        if !known {
            rejected.push(orphaned(list, id, citizen_id));
        }
        known
    };
    let responses: Vec<_> = responses
        .into_iter()
        .filter(|response| orphan("responses", response.id.to_string(), response.citizen_id))
        .collect();
    let assessments: Vec<_> = assessments
        .into_iter()
        .filter(|assessment| {
            orphan(
                "assessments",
                assessment.id.to_string(),
                assessment.citizen_id,
            )
        })
        .collect();
    let plans: Vec<_> = plans
        .into_iter()
        .filter(|plan| orphan("plans", plan.id.to_string(), plan.citizen_id))
        .collect();
    let mut meetings: Vec<_> = meetings
        .into_iter()
        .filter(|meeting| orphan("meetings", meeting.id.to_string(), meeting.citizen_id))
        .collect();
    // A plan written in shape 3 or older kept its dialogue meetings and agreements itself: they join the
    // file's meetings as the records they are now, each once (the same plan read twice derives the same
    // ids), a record the file holds itself winning over the one derived again.
    let mut held = sort::set(meetings.iter().map(|meeting| meeting.id));
    let derived: Vec<Meeting> = plans
        .iter()
        .flat_map(Plan::meeting_records)
        .filter(|meeting| held.insert(meeting.id))
        .collect();
    meetings.extend(derived);
    let (origin, selection) = origin_of(header, &mut rejected);
    Ok(ExportFile {
        origin,
        selection,
        citizens,
        responses,
        assessments,
        plans,
        meetings,
        quarantine,
        rejected,
    })
}

/// What the outputs need to know of a form before they read it whole: what orders its row and which
/// instrument version it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormKey<'a> {
    pub id: ResponseId,
    pub citizen_id: CitizenId,
    pub date: NaiveDate,
    pub meeting: u32,
    pub rater: Rater,
    pub instrument: &'a str,
    pub version: Version,
    pub n_answers: usize,
}

impl<'a> From<&'a Response> for FormKey<'a> {
    fn from(response: &'a Response) -> FormKey<'a> {
        FormKey {
            id: response.id,
            citizen_id: response.citizen_id,
            date: response.date,
            meeting: response.meeting,
            rater: response.rater,
            instrument: response.instrument.as_str(),
            version: response.version,
            n_answers: response.answers.len(),
        }
    }
}

/// What the outputs need to know of a mastery assessment before they read it whole: what orders its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatingKey {
    pub id: mastery::AssessmentId,
    pub citizen_id: CitizenId,
    pub date: NaiveDate,
    pub round: u32,
    pub rater: Rater,
}

impl From<&Assessment> for RatingKey {
    fn from(assessment: &Assessment) -> RatingKey {
        RatingKey {
            id: assessment.id,
            citizen_id: assessment.citizen_id,
            date: assessment.date,
            round: assessment.round,
            rater: assessment.rater,
        }
    }
}

/// One record of a file, decoded.
#[derive(Clone, Debug, PartialEq)]
enum Record {
    Citizen(Citizen),
    Response(Response),
    Assessment(Assessment),
    Plan(Plan),
    Meeting(Meeting),
    Quarantined(QuarantinedRecord),
}

/// The record `raw` of the file's list `list`, read as the app reads its own; or why not.
fn decode(
    list: &str,
    raw: &Value,
    registry: &Registry,
    schemas: &mastery::Registry,
) -> Result<Record, String> {
    match list {
        "citizens" => decode_citizen(raw)
            .map(Record::Citizen)
            .map_err(|err| err.to_string()),
        "responses" => decode_response(raw, registry)
            .map(Record::Response)
            .map_err(|err| describe(&err)),
        "assessments" => decode_assessment(raw, schemas)
            .map(Record::Assessment)
            .map_err(|err| describe(&err)),
        "plans" => decode_plan(raw, schemas)
            .map(Record::Plan)
            .map_err(|err| describe(&err)),
        "meetings" => decode_meeting(raw)
            .map(Record::Meeting)
            .map_err(|err| describe(&err)),
        // Kept for recovery; a tablet masks every personal number in it when it writes the file, so
        // one found here, or a control character, means the file was changed after it was written.
        _ => named::<QuarantinedRecord>(raw)
            .map_err(|err| err.to_string())
            .and_then(|record| leaks::check_quarantined(&record))
            .map(Record::Quarantined),
    }
}

/// The records of one file, as [`read`] gathers them.
#[derive(Default)]
struct Decoded {
    citizens: Vec<Citizen>,
    responses: Vec<Response>,
    assessments: Vec<Assessment>,
    plans: Vec<Plan>,
    meetings: Vec<Meeting>,
    quarantine: Vec<QuarantinedRecord>,
    rejected: Vec<Rejected>,
}

impl Decoded {
    fn push(&mut self, record: Record) {
        match record {
            Record::Citizen(citizen) => self.citizens.push(citizen),
            Record::Response(response) => self.responses.push(response),
            Record::Assessment(assessment) => self.assessments.push(assessment),
            Record::Plan(plan) => self.plans.push(plan),
            Record::Meeting(meeting) => self.meetings.push(meeting),
            Record::Quarantined(record) => self.quarantine.push(record),
        }
    }
}

/// The record `raw` of `list`, not taken in for `reason`.
fn rejection(list: &'static str, raw: &Value, reason: String) -> Rejected {
    Rejected {
        list,
        id: raw.get("id").and_then(Value::as_str).map(str::to_owned),
        reason,
    }
}

/// A record of `list` whose citizen is not in its file.
fn orphaned(list: &'static str, id: String, citizen_id: CitizenId) -> Rejected {
    Rejected {
        list,
        id: Some(id),
        reason: format!("its citizen {citizen_id} is not in the file"),
    }
}

/// A whole pass over a file by `run`: first hashing the payload as it is read; again with the payload
/// held when its fields are not in the order the checksum takes them (`stream`).
fn passed(mut run: impl FnMut(Hashing) -> Result<Pass, Stop>) -> Result<Pass, ReadError> {
    let pass = match run(Hashing::AsRead) {
        Err(Stop::OutOfOrder) => run(Hashing::Held),
        pass => pass,
    };
    pass.map_err(|stop| match stop {
        Stop::Io(err) => ReadError::NotJson(err.to_string()),
        Stop::Json { err, in_object } => match err.classify() {
            Category::Data if in_object => ReadError::Malformed(err.to_string()),
            Category::Data => ReadError::NotAnExport,
            _ => ReadError::NotJson(err.to_string()),
        },
        Stop::Sealed => ReadError::Sealed,
        // A pass that holds the payload takes its fields in any order.
        Stop::OutOfOrder => ReadError::Malformed("payload: fields out of order".to_owned()),
    })
}

/// The checks of a whole file once it is read: what it is, its version and the lists that version has,
/// its checksum; then its header.
fn verified(pass: Pass) -> Result<Header, ReadError> {
    let mut header = pass.header;
    match header.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(sealed::FORMAT) => return Err(ReadError::Sealed),
        _ => return Err(ReadError::NotAnExport),
    }
    let version = format_version(&header)?;
    if !pass.has_payload {
        return Err(ReadError::Malformed("payload: missing".to_owned()));
    }
    for list in stream::LISTS {
        let in_version = version >= first_version_with(list);
        match (in_version, pass.payload_keys.contains(list)) {
            (true, false) => {
                return Err(ReadError::Malformed(format!("payload.{list}: not a list")));
            }
            (false, true) => {
                return Err(ReadError::Malformed(format!(
                    "payload.{list}: not in format version {version}"
                )));
            }
            _ => {}
        }
    }
    let stated: Checksum = header
        .remove("checksum")
        .ok_or_else(|| ReadError::Malformed("checksum: missing".to_owned()))
        .and_then(|value| named(&value).map_err(|err| malformed("checksum: ", err)))?;
    if stated.algorithm != "sha-256" {
        return Err(ReadError::Malformed(format!(
            "checksum: unknown algorithm {:?}",
            stated.algorithm
        )));
    }
    if stated.value != hex(&pass.digest) {
        return Err(ReadError::ChecksumMismatch);
    }
    named(&Value::Object(header)).map_err(|err| malformed("", err))
}

/// The file's origin and selection from its header; a facility's name that fails the input check is
/// left out and rejected.
fn origin_of(header: Header, rejected: &mut Vec<Rejected>) -> (Origin, Selection) {
    let facility = header.facility.filter(|facility| {
        let problems = free_text::check(facility, FieldKind::Unit);
        if let Some(problem) = problems.first() {
            rejected.push(Rejected {
                list: "facility",
                id: None,
                reason: format!("the facility's name {problem}"),
            });
        }
        problems.is_empty()
    });
    let origin = Origin {
        app_version: header.app_version,
        export_id: header.export_id,
        device_id: DeviceId::from_uuid(header.device_id),
        created_at: header.created_at,
        facility,
    };
    (origin, header.selection)
}

/// A header field that did not read, named with `prefix` before its path.
fn malformed(prefix: &str, err: DecodeError) -> ReadError {
    match err {
        DecodeError::Malformed(reason) => ReadError::Malformed(format!("{prefix}{reason}")),
        other => ReadError::Malformed(other.to_string()),
    }
}

/// `text` without the UTF-8 byte-order mark some editors put before a file.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The file's `format_version`: a whole number from 1, no higher than this reader's.
fn format_version(header: &serde_json::Map<String, Value>) -> Result<u64, ReadError> {
    let value = header
        .get("format_version")
        .ok_or_else(|| ReadError::Malformed("format_version: missing".to_owned()))?;
    let version = value
        .as_u64()
        .filter(|version| *version >= 1)
        .ok_or_else(|| {
            ReadError::Malformed(format!(
                "format_version: expected a whole number {KNOWN_VERSIONS}, found {}",
                shown(value)
            ))
        })?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(ReadError::TooNew { found: version });
    }
    Ok(version)
}

fn describe(err: &DecodeError) -> String {
    match err {
        DecodeError::TooNew { .. } => format!("{err}: read it with a newer Mestring"),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests;

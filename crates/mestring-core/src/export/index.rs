//! The caseworker's outputs at any size: export files read twice, never held.
//!
//! The first pass, [`scan`], reads a file as [`read`](super::read) does, with every check and the
//! checksum over the whole payload, but keeps of each record only an [`Entry`]: what the merge chooses
//! between versions by (id, device, revision, time changed, a digest of the content), what orders the
//! outputs, and where the record lies in its file. The entries come out only once the whole file has
//! passed ([`Entries`] cannot be made otherwise), and the [`Index`] merges them as the
//! [`Archive`](super::archive::Archive) merges records, so the same versions win in the same order.
//! The second pass reads back the records an output needs, one at a time by their place
//! ([`Entry::response`] and the others), each checked against its digest: a file changed between the
//! passes is refused, never read unchecked.
//!
//! What stays in memory grows with the number of records, but by an entry each (128 bytes), where a
//! record held whole took about 1 KB.

use std::collections::BTreeSet;
use std::io;

use chrono::NaiveDate;
use serde_json::Value;
use uuid::Uuid;

use crate::citizen::{Citizen, CitizenId};
use crate::export::archive::{Conflict, Digest, VersionOf, Versioned, merge_one};
use crate::export::stream::{Counted, Pass, Span, Stop, Taken};
use crate::export::{
    FormKey, Origin, RatingKey, ReadError, Record, Rejected, decode, origin_of, orphaned, passed,
    rejection, verified,
};
use crate::fit::definition::Definition;
use crate::fit::{Rater, Registry, Response, ResponseId};
use crate::mastery::{self, Assessment, AssessmentId, Plan};
use crate::meeting::Meeting;
use crate::stored::{
    DecodeError, decode_assessment, decode_citizen, decode_meeting, decode_plan, decode_response,
};
use crate::{sort, strict};

/// The lists of records an index keeps, in the order conflicts are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List {
    Citizens,
    Responses,
    Assessments,
    Plans,
    Meetings,
}

impl List {
    /// The list's name in the export file.
    pub fn name(self) -> &'static str {
        match self {
            List::Citizens => "citizens",
            List::Responses => "responses",
            List::Assessments => "assessments",
            List::Plans => "plans",
            List::Meetings => "meetings",
        }
    }
}

/// Where a record lies: in which of the caller's inputs, from which byte, how many bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub start: u64,
    pub input: u32,
    pub len: u32,
}

/// One version of a record, without its content.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'r> {
    list: List,
    id: Uuid,
    citizen_id: CitizenId,
    version: VersionOf,
    digest: Digest,
    location: Location,
    /// What orders the record's rows before it is read whole: a response's or an assessment's.
    key: Option<Key<'r>>,
}

#[derive(Clone, Copy, Debug)]
enum Key<'r> {
    Form(Form<'r>),
    Rating(Rated),
}

/// What orders an assessment's rows: when, which round, who rated.
#[derive(Clone, Copy, Debug)]
struct Rated {
    date: NaiveDate,
    round: u32,
    rater: Rater,
}

#[derive(Clone, Copy, Debug)]
struct Form<'r> {
    definition: &'r Definition,
    date: NaiveDate,
    meeting: u32,
    rater: Rater,
    n_answers: u16,
}

/// Two entries are the same version when they hold the same content, wherever each lies.
impl PartialEq for Entry<'_> {
    fn eq(&self, other: &Entry) -> bool {
        (self.list, self.id, self.digest) == (other.list, other.id, other.digest)
    }
}

impl Versioned for Entry<'_> {
    fn version(&self) -> VersionOf {
        self.version
    }
    fn digest(&self) -> Digest {
        self.digest
    }
}

impl<'r> Entry<'r> {
    pub fn list(&self) -> List {
        self.list
    }

    /// The citizen the record is about (a citizen's own id for a citizen).
    pub fn citizen_id(&self) -> CitizenId {
        self.citizen_id
    }

    pub fn location(&self) -> Location {
        self.location
    }

    /// For a response: what the outputs order and choose it by, before they read it whole.
    pub fn form_key(&self) -> Option<FormKey<'r>> {
        let Some(Key::Form(form)) = self.key else {
            return None;
        };
        Some(FormKey {
            id: ResponseId::from_uuid(self.id),
            citizen_id: self.citizen_id,
            date: form.date,
            meeting: form.meeting,
            rater: form.rater,
            instrument: form.definition.id().as_str(),
            version: form.definition.version(),
            n_answers: usize::from(form.n_answers),
        })
    }

    /// For an assessment: what the outputs order it by, before they read it whole.
    pub fn rating_key(&self) -> Option<RatingKey> {
        let Some(Key::Rating(rated)) = self.key else {
            return None;
        };
        Some(RatingKey {
            id: AssessmentId::from_uuid(self.id),
            citizen_id: self.citizen_id,
            date: rated.date,
            round: rated.round,
            rater: rated.rater,
        })
    }

    /// The record's id (a citizen's, a response's, an assessment's or a plan's).
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The citizen read back from `inputs`, checked against the entry's digest.
    pub fn citizen(&self, inputs: &mut impl Inputs) -> Result<Citizen, OutputError> {
        self.fetch(inputs, decode_citizen)
    }

    /// The response read back from `inputs`, checked against the entry's digest.
    pub fn response(
        &self,
        inputs: &mut impl Inputs,
        registry: &Registry,
    ) -> Result<Response, OutputError> {
        self.fetch(inputs, |raw| decode_response(raw, registry))
    }

    /// The mastery assessment read back from `inputs`, checked against the entry's digest.
    pub fn assessment(
        &self,
        inputs: &mut impl Inputs,
        schemas: &mastery::Registry,
    ) -> Result<Assessment, OutputError> {
        self.fetch(inputs, |raw| decode_assessment(raw, schemas))
    }

    /// The plan read back from `inputs`, checked against the entry's digest.
    pub fn plan(
        &self,
        inputs: &mut impl Inputs,
        schemas: &mastery::Registry,
    ) -> Result<Plan, OutputError> {
        self.fetch(inputs, |raw| decode_plan(raw, schemas))
    }

    /// The meeting read back from `inputs`, checked against the entry's digest.
    pub fn meeting(&self, inputs: &mut impl Inputs) -> Result<Meeting, OutputError> {
        self.fetch(inputs, decode_meeting)
    }

    fn fetch<T: Versioned>(
        &self,
        inputs: &mut impl Inputs,
        decode: impl FnOnce(&Value) -> Result<T, DecodeError>,
    ) -> Result<T, OutputError> {
        let input = self.location.input;
        let bytes = inputs
            .bytes(self.location)
            .map_err(|err| OutputError::Input { input, err })?;
        self.read_back(bytes, decode)
            .map_err(|changed| OutputError::Input {
                input,
                err: io::Error::new(io::ErrorKind::InvalidData, changed),
            })
    }

    /// The record in `bytes`, the bytes at [`Entry::location`]: decoded as the scan decoded it, and
    /// refused unless its content is what the scan checked.
    fn read_back<T: Versioned>(
        &self,
        bytes: &[u8],
        decode: impl FnOnce(&Value) -> Result<T, DecodeError>,
    ) -> Result<T, Changed> {
        let changed = Changed {
            list: self.list.name(),
            id: self.id,
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(changed);
        };
        let Ok(raw) = strict::json(text) else {
            return Err(changed);
        };
        match decode(&raw) {
            Ok(record) if record.digest() == self.digest => Ok(record),
            _ => Err(changed),
        }
    }
}

/// The files a second pass reads records back from.
pub trait Inputs {
    /// The `at.len` bytes from `at.start` in the input numbered `at.input`.
    fn bytes(&mut self, at: Location) -> io::Result<&[u8]>;
}

/// Why an output stopped: its own writing failed, or a record could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Write(#[from] io::Error),
    /// `input` is the caller's number of the file.
    #[error("{err}")]
    Input { input: u32, err: io::Error },
}

/// A record that is not, when read back, what the scan of its file checked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{list} {id} is not what it was when the file was checked: the file changed while it was read"
)]
pub struct Changed {
    list: &'static str,
    id: Uuid,
}

fn digest(record: &Record) -> Option<Digest> {
    match record {
        Record::Citizen(citizen) => Some(citizen.digest()),
        Record::Response(response) => Some(response.digest()),
        Record::Assessment(assessment) => Some(assessment.digest()),
        Record::Plan(plan) => Some(plan.digest()),
        Record::Meeting(meeting) => Some(meeting.digest()),
        Record::Quarantined(_) => None,
    }
}

/// The entries of a file that passed every check of [`scan`]; nothing else makes them.
pub struct Entries<'r>(Vec<Entry<'r>>);

/// A file read by [`scan`].
pub struct Scanned<'r> {
    pub origin: Origin,
    /// The records of the file that were not taken in, with the reason, in the order [`read`](super::read)
    /// gives them.
    pub rejected: Vec<Rejected>,
    /// How many quarantined records the file carried (the outputs do not hold them).
    pub quarantined: usize,
    pub entries: Entries<'r>,
}

/// The first pass over an export file: checked as [`read`](super::read) checks it, each valid record
/// kept as an [`Entry`] located in `input` (the caller's number for the file). A file whose payload is
/// not in canonical order is read twice (`stream`).
pub fn scan<'r>(
    mut file: impl io::Read + io::Seek,
    input: u32,
    registry: &'r Registry,
    schemas: &mastery::Registry,
) -> Result<Scanned<'r>, ReadError> {
    let mut entries = Vec::new();
    let mut rejected = Vec::new();
    let mut quarantined = 0;
    let pass = passed(|hashing| {
        entries.clear();
        rejected.clear();
        quarantined = 0;
        let (reader, taken) = from_the_start(&mut file).map_err(Stop::Io)?;
        let mut record = |list: &'static str, raw: Value, span: Span| {
            let record = decode(list, &raw, registry, schemas)
                .and_then(|record| entry(record, span, input, registry));
            match record {
                Ok(Some(entry)) => entries.push(entry),
                Ok(None) => quarantined += 1,
                Err(reason) => rejected.push(rejection(list, &raw, reason)),
            }
        };
        Pass::run(
            serde_json::de::IoRead::new(reader),
            hashing,
            &|| taken.get(),
            &mut record,
        )
    })?;
    let header = verified(pass)?;

    // A response, an assessment, a plan or a meeting counts only with its citizen in the file.
    let known: BTreeSet<CitizenId> = entries
        .iter()
        .filter(|entry| entry.list == List::Citizens)
        .map(|entry| entry.citizen_id)
        .collect();
    for list in [
        List::Responses,
        List::Assessments,
        List::Plans,
        List::Meetings,
    ] {
        for entry in &entries {
            if entry.list == list && !known.contains(&entry.citizen_id) {
                let id = entry.id.hyphenated().to_string();
                rejected.push(orphaned(list.name(), id, entry.citizen_id));
            }
        }
    }
    entries.retain(|entry| known.contains(&entry.citizen_id));
    let (origin, _) = origin_of(header, &mut rejected);
    Ok(Scanned {
        origin,
        rejected,
        quarantined,
        entries: Entries(entries),
    })
}

/// `file` from its first byte, past a byte-order mark, counting the bytes taken from it.
fn from_the_start<R: io::Read + io::Seek>(file: &mut R) -> io::Result<(Counted<&mut R>, Taken)> {
    file.rewind()?;
    Counted::new(file)
}

/// A valid record's entry; `None` for a quarantined record, which the outputs only count.
fn entry(
    record: Record,
    span: Span,
    input: u32,
    registry: &Registry,
) -> Result<Option<Entry<'_>>, String> {
    let len = u32::try_from(span.end - span.start)
        .map_err(|_| "the record is larger than 4 GB".to_owned())?;
    let location = Location {
        start: span.start,
        input,
        len,
    };
    let digest = digest(&record);
    let (list, id, citizen_id, version, key) = match &record {
        Record::Citizen(citizen) => (
            List::Citizens,
            citizen.id.uuid(),
            citizen.id,
            citizen.version(),
            None,
        ),
        Record::Response(response) => {
            let definition = registry
                .get(response.instrument.as_str(), Some(response.version))
                .map_err(|err| err.to_string())?;
            (
                List::Responses,
                response.id.uuid(),
                response.citizen_id,
                response.version(),
                Some(Key::Form(Form {
                    definition,
                    date: response.date,
                    meeting: response.meeting,
                    rater: response.rater,
                    n_answers: u16::try_from(response.answers.len()).unwrap_or(u16::MAX),
                })),
            )
        }
        Record::Assessment(assessment) => (
            List::Assessments,
            assessment.id.uuid(),
            assessment.citizen_id,
            assessment.version(),
            Some(Key::Rating(Rated {
                date: assessment.date,
                round: assessment.round,
                rater: assessment.rater,
            })),
        ),
        Record::Plan(plan) => (
            List::Plans,
            plan.id.uuid(),
            plan.citizen_id,
            plan.version(),
            None,
        ),
        Record::Meeting(meeting) => (
            List::Meetings,
            meeting.id.uuid(),
            meeting.citizen_id,
            meeting.version(),
            None,
        ),
        Record::Quarantined(_) => return Ok(None),
    };
    Ok(Some(Entry {
        list,
        id,
        citizen_id,
        version,
        digest: digest.unwrap_or_default(),
        location,
        key,
    }))
}

/// The entries of every file scanned so far.
#[derive(Default)]
pub struct Index<'r> {
    entries: Vec<Entry<'r>>,
}

impl<'r> Index<'r> {
    pub fn add(&mut self, entries: Entries<'r>) {
        self.entries.extend(entries.0);
    }

    /// Each id with the versions the archive would hold of it, in the same order.
    pub fn merge(self) -> Merged<'r> {
        let mut entries = self.entries;
        sort::by_key(&mut entries, |entry| (entry.list, entry.id));
        // The versions each id keeps are written over the entries already merged, never past the next
        // id's, so no second list is made.
        let (mut kept, mut start) = (0, 0);
        let mut held = Vec::new();
        while start < entries.len() {
            let key = (entries[start].list, entries[start].id);
            let end = start
                + entries[start..]
                    .iter()
                    .take_while(|entry| (entry.list, entry.id) == key)
                    .count();
            held.clear();
            for entry in &entries[start..end] {
                merge_one(&mut held, *entry);
            }
            entries[kept..kept + held.len()].copy_from_slice(&held);
            kept += held.len();
            start = end;
        }
        entries.truncate(kept);
        entries.shrink_to_fit();
        Merged { entries }
    }
}

/// The merged index: for each id, the versions held, in [`precedence`](super::archive) order.
pub struct Merged<'r> {
    /// By list and id.
    entries: Vec<Entry<'r>>,
}

impl<'r> Merged<'r> {
    /// Each record of `list` once, in the order of its id: of conflicting versions, the last in
    /// precedence (as `Archive::responses` and the others give them).
    pub fn latest(&self, list: List) -> impl Iterator<Item = &Entry<'r>> {
        let of_list = self.of_list(list);
        of_list
            .iter()
            .enumerate()
            .filter(move |(idx, entry)| of_list.get(idx + 1).is_none_or(|next| next.id != entry.id))
            .map(|(_, entry)| entry)
    }

    /// Every id held in more than one version, as `Archive::conflict_details` gives them.
    pub fn conflict_details(&self) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        for group in self
            .entries
            .chunk_by(|a, b| (a.list, a.id) == (b.list, b.id))
        {
            if let [first, _, ..] = group {
                conflicts.push(Conflict {
                    list: first.list.name(),
                    id: first.id.hyphenated().to_string(),
                    versions: group.iter().map(|entry| entry.version).collect(),
                });
            }
        }
        conflicts
    }

    /// Each citizen once (the latest version), read back, in the order of their ids.
    pub fn citizens(&self, inputs: &mut impl Inputs) -> Result<Vec<Citizen>, OutputError> {
        self.latest(List::Citizens)
            .map(|entry| entry.citizen(inputs))
            .collect()
    }

    fn of_list(&self, list: List) -> &[Entry<'r>] {
        let start = self.entries.partition_point(|entry| entry.list < list);
        let end = self.entries.partition_point(|entry| entry.list <= list);
        &self.entries[start..end]
    }
}

#[cfg(test)]
mod tests;

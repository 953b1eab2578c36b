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
//! An entry is a fixed 115 bytes ([`layout`]), so the index, the merge and each output's order are
//! sorts of flat records within a [`Budget`] ([`spill`]): past it, runs go to the caller's
//! [`Spill`](spill::Spill) (temporary files in the CLI) and are merged back, so the entries never grow
//! memory past about twice the budget, whatever the number of records.
//!
//! Nothing is held per citizen either. An output that orders its rows by what a citizen's record says
//! (the CSV by label, the report in the register's order) joins the entries with their citizens by
//! sorting ([`by_citizen`]): by citizen id, so each citizen is read back once, right before their
//! records, and its label ([`label`]) or place in the register ([`display`]), of bounded length since
//! a label is at most [`CitizenLabel::MAX_CHARS`](crate::citizen::CitizenLabel::MAX_CHARS)
//! characters, is laid into the key of each of their entries; then by that key. A file's records are
//! matched with its citizens the same way ([`scan`]), and the FHIR bundle needs no list of citizens,
//! since an index holds no record without its citizen. What still grows is what is reported (the
//! rejected records, the conflicts) and a few things per citizen that the outputs' rules read back
//! over (see `docs/performance.md`).

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
use crate::strict;

pub use layout::WIDTH;
pub use layout::{DISPLAY, LABEL, days, display, instrument_order, label, rater_order};
pub use spill::Bytes;
use spill::{Budget, Records, Sorted, Sorter, Stash};

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
    /// The spill of the entries that exceed the memory budget failed.
    #[error("the tool's temporary files: {0}")]
    Spill(io::Error),
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

/// The entries of a file that passed every check of [`scan`], each with its citizen in the file;
/// nothing else makes them.
pub struct Entries {
    stash: Stash,
}

/// Why [`scan`] took nothing of a file: the file was refused, or the entries could not be spilled.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the tool's temporary files: {0}")]
    Spill(#[from] io::Error),
}

/// A file read by [`scan`].
pub struct Scanned {
    pub origin: Origin,
    /// The records of the file that were not taken in, with the reason, in the order [`read`](super::read)
    /// gives them.
    pub rejected: Vec<Rejected>,
    /// How many quarantined records the file carried (the outputs do not hold them).
    pub quarantined: usize,
    pub entries: Entries,
}

/// The first pass over an export file: checked as [`read`](super::read) checks it, each valid record
/// kept as an [`Entry`] located in `input` (the caller's number for the file), held within `budget`.
/// A file whose payload is not in canonical order is read twice (`stream`).
pub fn scan(
    mut file: impl io::Read + io::Seek,
    input: u32,
    (registry, schemas): (&Registry, &mastery::Registry),
    budget: &Budget,
) -> Result<Scanned, ScanError> {
    let mut stash = Stash::new(layout::WIDTH, budget);
    let mut rejected = Vec::new();
    let mut quarantined = 0;
    let mut failed = None;
    let pass = passed(|hashing| {
        stash = Stash::new(layout::WIDTH, budget);
        rejected.clear();
        quarantined = 0;
        let (reader, taken) = from_the_start(&mut file).map_err(Stop::Io)?;
        let mut bytes = Bytes::with_capacity(layout::WIDTH);
        let mut record = |list: &'static str, raw: Value, span: Span| {
            let record = decode(list, &raw, registry, schemas)
                .and_then(|record| entry(record, span, input, registry));
            match record {
                Ok(Some(entry)) => {
                    bytes.0.clear();
                    entry.encode(registry, &mut bytes);
                    if let Err(err) = stash.push(&bytes.0) {
                        failed.get_or_insert(err);
                    }
                }
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
    if let Some(err) = failed {
        return Err(ScanError::Spill(err));
    }
    let header = verified(pass)?;

    let (stash, mut orphans) = with_citizens(stash, registry, budget)?;
    while let Some(record) = orphans.next_record()? {
        let entry = Entry::decode(&record[ORPHAN..], registry)?;
        let id = entry.id.hyphenated().to_string();
        rejected.push(orphaned(entry.list.name(), id, entry.citizen_id));
    }
    let (origin, _) = origin_of(header, &mut rejected);
    Ok(Scanned {
        origin,
        rejected,
        quarantined,
        entries: Entries { stash },
    })
}

/// The entries of `stash` whose citizen is among them (a response, an assessment, a plan or a meeting
/// counts only with its citizen in the file), and the others in the order they are reported: by list,
/// then as they lie in the file. A join by sorts within `budget`, so no set of the file's citizens is
/// held: sorted by their citizen's id, each citizen's entry comes first (the list leads an entry's
/// bytes).
fn with_citizens(
    stash: Stash,
    registry: &Registry,
    budget: &Budget,
) -> io::Result<(Stash, Sorted)> {
    // Two sorts and a stash at once besides the file's stash and the index: a share of the budget each.
    let share = budget.share(3);
    let mut by_citizen = Sorter::new(16 + layout::WIDTH, &share);
    let mut bytes = Bytes::with_capacity(16 + layout::WIDTH);
    let mut records = stash.all();
    while let Some(record) = records.next_record()? {
        let entry = Entry::decode(record, registry)?;
        bytes.0.clear();
        bytes
            .bytes(entry.citizen_id.uuid().as_bytes())
            .bytes(record);
        by_citizen.push(&bytes.0)?;
    }
    drop(records);
    drop(stash);
    let mut by_citizen = by_citizen.finish()?;
    let mut kept = Stash::new(layout::WIDTH, &share);
    let mut orphans = Sorter::new(ORPHAN + layout::WIDTH, &share);
    let mut citizen = None;
    while let Some(record) = by_citizen.next_record()? {
        let record = &record[16..];
        let entry = Entry::decode(record, registry)?;
        if entry.list == List::Citizens {
            citizen = Some(entry.citizen_id);
        }
        if citizen == Some(entry.citizen_id) {
            kept.push(record)?;
            continue;
        }
        bytes.0.clear();
        bytes
            .u8(entry.list as u8)
            .u64(entry.location.start)
            .bytes(record);
        orphans.push(&bytes.0)?;
    }
    Ok((kept, orphans.finish()?))
}

/// The key an orphan is reported in order by: its list, where it starts in the file.
const ORPHAN: usize = 1 + 8;

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

/// The entries of every file scanned so far, sorted by (list, id) within a [`Budget`].
pub struct Index<'r> {
    registry: &'r Registry,
    budget: Budget,
    sorter: Sorter,
}

impl<'r> Index<'r> {
    pub fn new(registry: &'r Registry, budget: &Budget) -> Index<'r> {
        Index {
            registry,
            budget: budget.clone(),
            sorter: Sorter::new(layout::WIDTH, budget),
        }
    }

    /// Takes a file's entries (only those whose citizen is in the file: see [`Entries`]).
    pub fn add(&mut self, entries: Entries) -> io::Result<()> {
        let mut records = entries.stash.all();
        while let Some(bytes) = records.next_record()? {
            self.sorter.push(bytes)?;
        }
        Ok(())
    }

    /// Each id with the versions the archive would hold of it, in the same order.
    pub fn merge(self) -> io::Result<Merged<'r>> {
        let registry = self.registry;
        let mut sorted = self.sorter.finish()?;
        let mut merged = Stash::new(layout::WIDTH, &self.budget);
        let mut starts = [None; LISTS];
        let mut held: Vec<Entry> = Vec::new();
        let mut bytes = Bytes::with_capacity(layout::WIDTH);
        let mut keep = |held: &mut Vec<Entry>, merged: &mut Stash| -> io::Result<()> {
            for entry in held.drain(..) {
                bytes.0.clear();
                entry.encode(registry, &mut bytes);
                merged.push(&bytes.0)?;
            }
            Ok(())
        };
        while let Some(record) = sorted.next_record()? {
            let entry = Entry::decode(record, registry)?;
            if held
                .first()
                .is_some_and(|first| (first.list, first.id) != (entry.list, entry.id))
            {
                keep(&mut held, &mut merged)?;
            }
            if held.is_empty() {
                // The first id of its list starts it, and ends each list before it that has none.
                for start in &mut starts[..=entry.list as usize] {
                    start.get_or_insert(merged.len());
                }
            }
            merge_one(&mut held, entry);
        }
        keep(&mut held, &mut merged)?;
        let starts = starts.map(|start| start.unwrap_or(merged.len()));
        Ok(Merged {
            registry,
            budget: self.budget,
            starts,
            entries: merged,
        })
    }
}

const LISTS: usize = 5;

/// The merged index: for each id, the versions held, in [`precedence`](super::archive) order.
pub struct Merged<'r> {
    registry: &'r Registry,
    budget: Budget,
    /// Where each list's entries start, in the order of [`List`].
    starts: [u64; LISTS],
    /// By list and id.
    entries: Stash,
}

impl<'r> Merged<'r> {
    /// The memory and the spill the outputs' own sorts take.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    pub fn registry(&self) -> &'r Registry {
        self.registry
    }

    /// Each record of `list` once, in the order of its id: of conflicting versions, the last in
    /// precedence (as `Archive::responses` and the others give them).
    pub fn latest(&self, list: List) -> Latest<'_, 'r> {
        let end = self
            .starts
            .get(list as usize + 1)
            .copied()
            .unwrap_or(self.entries.len());
        Latest {
            records: self.entries.records(self.starts[list as usize], end),
            registry: self.registry,
            pending: None,
        }
    }

    /// Every id held in more than one version, as `Archive::conflict_details` gives them.
    pub fn conflict_details(&self) -> io::Result<Vec<Conflict>> {
        let mut conflicts = Vec::new();
        let mut group: Vec<Entry> = Vec::new();
        let mut records = self.entries.all();
        let mut flush = |group: &mut Vec<Entry>| {
            if let [first, _, ..] = group.as_slice() {
                conflicts.push(Conflict {
                    list: first.list.name(),
                    id: first.id.hyphenated().to_string(),
                    versions: group.iter().map(|entry| entry.version).collect(),
                });
            }
            group.clear();
        };
        while let Some(bytes) = records.next_record()? {
            let entry = Entry::decode(bytes, self.registry)?;
            if group
                .first()
                .is_some_and(|first| (first.list, first.id) != (entry.list, entry.id))
            {
                flush(&mut group);
            }
            group.push(entry);
        }
        flush(&mut group);
        Ok(conflicts)
    }
}

/// The latest entries of `lists` in an output's order: `order` lays out an entry's key in `key_width`
/// bytes (numbers big-endian, see [`Bytes`]), or leaves the entry out by returning `false`. Sorted within
/// the index's budget, so the entries are never all held.
pub fn ordered<'r>(
    merged: &Merged<'r>,
    lists: &[List],
    key_width: usize,
    mut order: impl FnMut(&Entry<'r>, &mut Bytes) -> bool,
) -> Result<Ordered<'r>, OutputError> {
    let mut sorter = Sorter::new(key_width + layout::WIDTH, &merged.budget);
    let mut bytes = Bytes::with_capacity(key_width + layout::WIDTH);
    for list in lists {
        for entry in merged.latest(*list) {
            let entry = entry.map_err(OutputError::Spill)?;
            bytes.0.clear();
            if !order(&entry, &mut bytes) {
                continue;
            }
            debug_assert_eq!(bytes.0.len(), key_width);
            entry.encode(merged.registry, &mut bytes);
            sorter.push(&bytes.0).map_err(OutputError::Spill)?;
        }
    }
    Ok(Ordered {
        sorted: sorter.finish().map_err(OutputError::Spill)?,
        registry: merged.registry,
        key_width,
    })
}

/// The latest entries of `lists`, each beside its citizen's entry, in an output's order: `order` lays
/// out an entry's key in `key_width` bytes from the entry and its citizen, or leaves the entry out by
/// returning `false`. A join of two sorts within the index's budget, so neither the entries nor the
/// citizens are ever all held: the entries are sorted by their citizen's id, so each citizen's come
/// right after the citizen's own (read back from `inputs` once for them all), and then by their key.
/// `lists` may name [`List::Citizens`], whose entries are their own citizen's.
pub fn by_citizen<'r>(
    merged: &Merged<'r>,
    lists: &[List],
    inputs: &mut impl Inputs,
    key_width: usize,
    mut order: impl FnMut(&Entry<'r>, &Citizen, &mut Bytes) -> bool,
) -> Result<Joined<'r>, OutputError> {
    let spilled = |err| OutputError::Spill(err);
    // Two sorts at once besides the merged entries: half the budget each.
    let half = merged.budget.share(2);
    let mut by_id = Sorter::new(16 + layout::WIDTH, &half);
    let mut bytes = Bytes::with_capacity(key_width + 2 * layout::WIDTH);
    // A citizen's own entry sorts before their records: the list comes first in an entry's bytes.
    let others = lists.iter().filter(|list| **list != List::Citizens);
    for list in std::iter::once(&List::Citizens).chain(others) {
        for entry in merged.latest(*list) {
            let entry = entry.map_err(spilled)?;
            bytes.0.clear();
            bytes.bytes(entry.citizen_id.uuid().as_bytes());
            entry.encode(merged.registry, &mut bytes);
            by_id.push(&bytes.0).map_err(spilled)?;
        }
    }
    let mut by_id = by_id.finish().map_err(spilled)?;
    let mut sorter = Sorter::new(key_width + 2 * layout::WIDTH, &half);
    let mut citizen: Option<(Entry, Citizen)> = None;
    while let Some(record) = by_id.next_record().map_err(spilled)? {
        let entry = Entry::decode(&record[16..], merged.registry).map_err(spilled)?;
        if entry.list == List::Citizens {
            let read = entry.citizen(inputs)?;
            citizen = Some((entry, read));
            if !lists.contains(&List::Citizens) {
                continue;
            }
        }
        // Every record of the index has its citizen (`Index::add`); a missing one leaves it out.
        let Some((citizen_entry, read)) = &citizen else {
            continue;
        };
        if citizen_entry.citizen_id != entry.citizen_id {
            continue;
        }
        bytes.0.clear();
        if !order(&entry, read, &mut bytes) {
            continue;
        }
        debug_assert_eq!(bytes.0.len(), key_width);
        entry.encode(merged.registry, &mut bytes);
        citizen_entry.encode(merged.registry, &mut bytes);
        sorter.push(&bytes.0).map_err(spilled)?;
    }
    Ok(Joined {
        sorted: sorter.finish().map_err(spilled)?,
        registry: merged.registry,
        key_width,
    })
}

/// Entries beside their citizen's, in an output's order: see [`by_citizen`].
pub struct Joined<'r> {
    sorted: Sorted,
    registry: &'r Registry,
    key_width: usize,
}

/// An entry and its citizen's, from [`Joined`].
pub struct WithCitizen<'r> {
    pub entry: Entry<'r>,
    pub citizen: Entry<'r>,
}

impl<'r> Iterator for Joined<'r> {
    type Item = Result<WithCitizen<'r>, OutputError>;

    fn next(&mut self) -> Option<Result<WithCitizen<'r>, OutputError>> {
        let record = match self.sorted.next_record() {
            Ok(record) => record?,
            Err(err) => return Some(Err(OutputError::Spill(err))),
        };
        let (entry, citizen) = record[self.key_width..].split_at(layout::WIDTH);
        let decoded = Entry::decode(entry, self.registry).and_then(|entry| {
            Ok(WithCitizen {
                entry,
                citizen: Entry::decode(citizen, self.registry)?,
            })
        });
        Some(decoded.map_err(OutputError::Spill))
    }
}

/// The citizen read last, read back again only when another's entry comes.
#[derive(Default)]
pub struct CitizenCache {
    citizen: Option<Citizen>,
}

impl CitizenCache {
    /// The citizen of `entry` (a citizen's entry), read back from `inputs` unless it was read last.
    pub fn get(
        &mut self,
        entry: &Entry,
        inputs: &mut impl Inputs,
    ) -> Result<&Citizen, OutputError> {
        let citizen = match self.citizen.take() {
            Some(citizen) if citizen.id == entry.citizen_id => citizen,
            _ => entry.citizen(inputs)?,
        };
        Ok(self.citizen.insert(citizen))
    }
}

/// Entries in an output's order: see [`ordered`].
pub struct Ordered<'r> {
    sorted: Sorted,
    registry: &'r Registry,
    key_width: usize,
}

impl<'r> Iterator for Ordered<'r> {
    type Item = Result<Entry<'r>, OutputError>;

    fn next(&mut self) -> Option<Result<Entry<'r>, OutputError>> {
        let record = match self.sorted.next_record() {
            Ok(record) => record?,
            Err(err) => return Some(Err(OutputError::Spill(err))),
        };
        let entry = Entry::decode(&record[self.key_width..], self.registry);
        Some(entry.map_err(OutputError::Spill))
    }
}

/// The entries of one list, the latest version of each id: see [`Merged::latest`].
pub struct Latest<'m, 'r> {
    records: Records<'m>,
    registry: &'r Registry,
    pending: Option<Entry<'r>>,
}

impl<'r> Iterator for Latest<'_, 'r> {
    type Item = io::Result<Entry<'r>>;

    fn next(&mut self) -> Option<io::Result<Entry<'r>>> {
        loop {
            let next = match self.records.next_record() {
                Ok(Some(bytes)) => match Entry::decode(bytes, self.registry) {
                    Ok(entry) => Some(entry),
                    Err(err) => return Some(Err(err)),
                },
                Ok(None) => None,
                Err(err) => return Some(Err(err)),
            };
            let Some(next) = next else {
                return self.pending.take().map(Ok);
            };
            match self.pending.replace(next) {
                Some(pending) if pending.id != next.id => return Some(Ok(pending)),
                _ => {}
            }
        }
    }
}

mod layout;
pub mod spill;

#[cfg(test)]
mod tests;

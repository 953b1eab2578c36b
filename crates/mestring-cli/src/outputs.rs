//! The forms' outputs (`csv`, `fhir`, `report`) in bounded memory, whatever the size of the files.
//!
//! Each file is read once whole to check it and index its records (`mestring_core::export::index`: an
//! entry of 115 bytes a record, nothing of the record itself, held up to a budget and spilled to
//! temporary files past it, [`crate::spill`]); then the records an output needs are read back from the
//! files one at a time, in the output's order (sorted within the same budget), and written as they come. A sealed
//! file is decrypted where each part is read (`sealed::open_in_place`); only one whose envelope is laid
//! out otherwise than the app writes it is opened whole in memory.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use chrono::NaiveDate;
use mestring_core::citizen::Citizen;
use mestring_core::export::csv::{Separator, Sheet, write_merged_sheet};
use mestring_core::export::index::spill::Budget;
use mestring_core::export::index::{
    self, Index, List, Location, Merged, OutputError, ScanError, Scanned, scan,
};
use mestring_core::export::{ReadError, Rejected, fhir, sealed};
use mestring_core::fit::{Registry, Reliable};
use mestring_core::mastery::{self, Assessment, Plan};
use mestring_core::progress::handover::ScoredFollowUp;
use mestring_core::progress::tally::{Tallied, Tally};
use mestring_core::progress::{self, Summary};

use crate::terminal::escape;
use crate::{Checked, Inputs, Partial, passphrase, write_output};

/// The files scanned and their records merged, as entries.
pub struct Indexed<'r> {
    merged: Merged<'r>,
    sources: Sources,
    /// One per file, in the order given.
    rejected: Vec<Vec<Rejected>>,
    quarantined: Vec<usize>,
}

/// Scans `files` in order and merges their entries; the first unreadable file stops it, naming the file.
pub fn indexed<'r>(
    files: &[PathBuf],
    passphrase_file: Option<&Path>,
    registry: &'r Registry,
    schemas: &mastery::Registry,
) -> anyhow::Result<Indexed<'r>> {
    let budget = crate::spill::budget().context("the temporary directory")?;
    let mut index = Index::new(registry, &budget);
    let mut sources = Sources {
        inputs: Vec::new(),
        open: VecDeque::new(),
        paths: files.to_vec(),
        buffer: Vec::new(),
    };
    let mut rejected = Vec::new();
    let mut quarantined = Vec::new();
    for (input, path) in files.iter().enumerate() {
        let input = u32::try_from(input).context("too many files")?;
        let (scanned, source) = scanned(path, input, passphrase_file, (registry, schemas), &budget)
            .with_context(|| path.display().to_string())?;
        index
            .add(scanned.entries)
            .context("the tool's temporary files")?;
        rejected.push(scanned.rejected);
        quarantined.push(scanned.quarantined);
        sources.inputs.push(source);
        sources.opened(input as usize);
    }
    Ok(Indexed {
        merged: index.merge().context("the tool's temporary files")?,
        sources,
        rejected,
        quarantined,
    })
}

/// One file scanned, opened first when it is sealed with a passphrase.
fn scanned(
    path: &Path,
    input: u32,
    passphrase_file: Option<&Path>,
    registries: (&Registry, &mastery::Registry),
    budget: &Budget,
) -> anyhow::Result<(Scanned, Source)> {
    let mut file = Reopened {
        file: Some(fs::File::open(path)?),
        path: path.to_owned(),
    };
    match scan(&mut file, input, registries, budget) {
        Err(ScanError::Read(ReadError::Sealed)) => {
            let passphrase = passphrase(passphrase_file)?;
            if let Some(mut opened) = sealed::open_in_place(file, &passphrase)? {
                let scanned = scan(&mut opened, input, registries, budget)?;
                return Ok((scanned, Source::Sealed(Box::new(opened))));
            }
            // An envelope laid out otherwise than the app writes it is opened whole.
            let text = fs::read_to_string(path)?;
            let opened = sealed::open(&text, &passphrase)?.into_bytes();
            let scanned = scan(io::Cursor::new(&opened), input, registries, budget)?;
            Ok((scanned, Source::Opened(opened)))
        }
        scanned => Ok((scanned?, Source::File(file))),
    }
}

/// The most input files open at once: a caseworker may give thousands, more than a system lets a
/// process open (256 by default on macOS), and records are read back from them in any order.
const MAX_OPEN: usize = 64;

/// Where records are read back from.
struct Sources {
    inputs: Vec<Source>,
    /// The inputs whose file is open, the one opened first in front.
    open: VecDeque<usize>,
    paths: Vec<PathBuf>,
    /// The bytes of the record read last from a file.
    buffer: Vec<u8>,
}

enum Source {
    File(Reopened),
    /// A sealed file, decrypted where it is read.
    Sealed(Box<sealed::InPlace<Reopened>>),
    /// A sealed file's plain text, for an envelope only `sealed::open` reads.
    Opened(Vec<u8>),
}

impl Source {
    fn file(&mut self) -> Option<&mut Reopened> {
        match self {
            Source::File(file) => Some(file),
            Source::Sealed(opened) => Some(opened.get_mut()),
            Source::Opened(_) => None,
        }
    }
}

/// An input file, opened again when it is read after it was closed to keep few open.
struct Reopened {
    path: PathBuf,
    file: Option<fs::File>,
}

impl Reopened {
    fn file(&mut self) -> io::Result<&mut fs::File> {
        let file = match self.file.take() {
            Some(file) => file,
            None => fs::File::open(&self.path)?,
        };
        Ok(self.file.insert(file))
    }
}

impl io::Read for Reopened {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file()?.read(buf)
    }
}

impl io::Seek for Reopened {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.file()?.seek(to)
    }
}

impl index::Inputs for Sources {
    fn bytes(&mut self, at: Location) -> io::Result<&[u8]> {
        let input = at.input as usize;
        self.opened(input);
        let len = at.len as usize;
        // Every reading seeks first, so a file opened again reads from the right place.
        let read: &mut dyn ReadSeek = match self.inputs.get_mut(input) {
            Some(Source::File(file)) => file,
            Some(Source::Sealed(opened)) => opened.as_mut(),
            Some(Source::Opened(text)) => {
                return usize::try_from(at.start)
                    .ok()
                    .and_then(|start| text.get(start..start.checked_add(len)?))
                    .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof));
            }
            None => return Err(io::Error::other("no such file")),
        };
        read.seek(SeekFrom::Start(at.start))?;
        self.buffer.resize(len, 0);
        read.read_exact(&mut self.buffer)?;
        Ok(&self.buffer)
    }
}

trait ReadSeek: io::Read + io::Seek {}

impl<T: io::Read + io::Seek> ReadSeek for T {}

impl Sources {
    /// Notes that `input`'s file is open or about to be, closing the one opened first when too many are.
    fn opened(&mut self, input: usize) {
        let has_file = self.inputs.get_mut(input).and_then(Source::file).is_some();
        if !has_file || self.open.contains(&input) {
            return;
        }
        self.open.push_back(input);
        while self.open.len() > MAX_OPEN {
            let Some(oldest) = self.open.pop_front() else {
                break;
            };
            if let Some(file) = self.inputs.get_mut(oldest).and_then(Source::file) {
                file.file = None;
            }
        }
    }

    /// `err` with the name of the file it concerns.
    fn named(&self, err: OutputError) -> OutputError {
        match err {
            OutputError::Input { input, err } => {
                let name = self
                    .paths
                    .get(input as usize)
                    .map(|path| path.display().to_string())
                    .unwrap_or_default();
                OutputError::Input {
                    input,
                    err: io::Error::new(err.kind(), format!("{}: {err}", escape(&name))),
                }
            }
            write => write,
        }
    }
}

impl Indexed<'_> {
    /// What the files gave besides their records, for [`crate::check_complete`].
    pub fn checked(&self) -> anyhow::Result<Checked<'_>> {
        Ok(Checked {
            rejected: self.rejected.iter().map(Vec::as_slice).collect(),
            conflicts: self
                .merged
                .conflict_details()
                .context("the tool's temporary files")?,
            quarantined: &self.quarantined,
        })
    }
}

/// `mestring csv`: each sheet to its place (a file, or standard output for `None`), a row at a time; the
/// files are read back once per sheet.
pub fn csv(
    mut indexed: Indexed,
    inputs: &Inputs,
    (registry, schemas): (&Registry, &mastery::Registry),
    separator: Separator,
    sheets: &[(Sheet, Option<PathBuf>)],
) -> anyhow::Result<()> {
    crate::check_complete(&indexed.checked()?, inputs, Partial::Forms)?;
    let Indexed {
        merged, sources, ..
    } = &mut indexed;
    for (sheet, output) in sheets {
        write_output(output.as_deref(), |out| {
            write_merged_sheet(*sheet, merged, sources, registry, schemas, separator, out)
                .map_err(|err| sources.named(err))
        })?;
    }
    Ok(())
}

/// `mestring fhir`: every form and the mastery course in one bundle, an entry at a time.
pub fn fhir(
    mut indexed: Indexed,
    inputs: &Inputs,
    registry: &Registry,
    schemas: &mastery::Registry,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    crate::check_complete(&indexed.checked()?, inputs, Partial::Forms)?;
    let Indexed {
        merged, sources, ..
    } = &mut indexed;
    // The bundle's instruments first, from the entries; the first entry that cannot be read back from
    // the spill stops it.
    let mut forms_failed = None;
    let bundle = fhir::merged_bundle(
        merged
            .latest(List::Responses)
            .map_while(|entry| entry.map_err(|err| forms_failed = Some(err)).ok())
            .filter_map(|entry| entry.form_key()),
        registry,
    );
    if let Some(err) = forms_failed {
        return Err(err).context("the tool's temporary files");
    }
    if !bundle.left_out().is_empty() {
        bail!(
            "these forms fit no instrument version of this tool: {}",
            bundle.left_out().join(", ")
        );
    }
    let mut course = fhir::merged_course(merged).map_err(|err| sources.named(err))?;
    write_output(output, |out| {
        // The records are read back one at a time as the bundle comes to each, from the same files.
        let sources = std::cell::RefCell::new(sources);
        let responses = merged.latest(List::Responses).map(|entry| {
            entry
                .map_err(OutputError::Spill)?
                .response(*sources.borrow_mut(), registry)
        });
        let course = course
            .by_ref()
            .map(|entry| fhir::read_course(&entry?, *sources.borrow_mut(), schemas));
        let written = bundle.write(responses, course, schemas, out);
        let sources = sources.into_inner();
        written.map_err(|err| sources.named(err))
    })
}

/// `mestring report`: a paragraph per citizen, in the order of the register, and the facility's summary
/// last; a citizen's records are read back when their paragraph is written.
pub fn report(
    mut indexed: Indexed,
    inputs: &Inputs,
    registry: &Registry,
    schemas: &mastery::Registry,
) -> anyhow::Result<()> {
    crate::check_complete(&indexed.checked()?, inputs, Partial::Forms)?;
    let Indexed {
        merged, sources, ..
    } = &mut indexed;
    // Each citizen's entry and then their records, in the order of the register (ties by the citizen's
    // id, as the stable sort of the citizens in the order of their ids gave them); the forms by day and
    // meeting (what `Tally` takes them in), the rest in the order of their ids, as the archive gives them.
    let lists = [
        List::Citizens,
        List::Responses,
        List::Assessments,
        List::Plans,
        List::Meetings,
    ];
    let key_width = index::DISPLAY + 16 + 1 + 8 + 16;
    let records = index::by_citizen(
        merged,
        &lists,
        sources,
        key_width,
        |entry, citizen, bytes| {
            let list = lists
                .iter()
                .position(|list| *list == entry.list())
                .unwrap_or(0);
            index::display(citizen, bytes);
            bytes.bytes(citizen.id.uuid().as_bytes()).u8(list as u8);
            match entry.form_key() {
                Some(form) => bytes.i32(index::days(form.date)).u32(form.meeting),
                None => bytes.u32(0).u32(0),
            };
            bytes.bytes(entry.id().as_bytes());
            true
        },
    )
    .map_err(|err| sources.named(err))?;
    write_output(None, |out| {
        let mut summary = Summary::default();
        let mut text = String::new();
        let mut own: Option<Own> = None;
        let mut write_paragraph = |own: Option<Own>, out: &mut dyn io::Write| {
            if let Some(own) = own {
                text.clear();
                summary += paragraph(own, registry, &mut text);
                out.write_all(text.as_bytes())?;
            }
            io::Result::Ok(())
        };
        for record in records {
            let record = record.map_err(|err| sources.named(err))?;
            let entry = record.entry;
            if entry.list() == List::Citizens {
                write_paragraph(own.take(), out)?;
                let citizen = entry.citizen(sources).map_err(|err| sources.named(err))?;
                own = Some(Own::new(citizen));
            } else if let Some(own) = &mut own {
                own.read(&entry, sources, registry, schemas)
                    .map_err(|err| sources.named(err))?;
            }
        }
        write_paragraph(own.take(), out)?;
        text.clear();
        summary_line(&summary, &mut text);
        Ok(out.write_all(text.as_bytes())?)
    })
}

/// What a citizen's paragraph needs of their records, taken in as they are read back one at a time:
/// their forms tallied, of their mastery ratings the latest round's, and their latest plan.
struct Own {
    citizen: Citizen,
    forms: Tally,
    /// The latest round: its number, who rated (in the order of their codes), the latest day rated.
    round: Option<(u32, Vec<&'static str>, NaiveDate)>,
    plan: Option<Plan>,
    /// The meeting records of a kind that counts towards the plan (dialogue meetings and follow-ups).
    counted_meetings: usize,
}

impl Own {
    fn new(citizen: Citizen) -> Own {
        Own {
            forms: Tally::new(&citizen),
            citizen,
            round: None,
            plan: None,
            counted_meetings: 0,
        }
    }

    /// Takes in `entry`'s record; forms must come in the order [`Tally::push`] takes them.
    fn read(
        &mut self,
        entry: &index::Entry,
        sources: &mut Sources,
        registry: &Registry,
        schemas: &mastery::Registry,
    ) -> Result<(), OutputError> {
        match entry.list() {
            List::Responses => self
                .forms
                .push(&entry.response(sources, registry)?, registry),
            List::Assessments => self.rated(&entry.assessment(sources, schemas)?),
            List::Plans => {
                let plan = entry.plan(sources, schemas)?;
                // Of plans changed at the same moment, the last in the order of their ids.
                if self
                    .plan
                    .as_ref()
                    .is_none_or(|latest| plan.meta.updated_at >= latest.meta.updated_at)
                {
                    self.plan = Some(plan);
                }
            }
            List::Meetings => {
                if entry.meeting(sources)?.kind.counts_towards_plan() {
                    self.counted_meetings += 1;
                }
            }
            List::Citizens => {}
        }
        Ok(())
    }

    fn rated(&mut self, assessment: &Assessment) {
        let code = assessment.rater.code();
        match &mut self.round {
            Some((round, raters, latest)) if *round == assessment.round => {
                if let Err(place) = raters.binary_search(&code) {
                    raters.insert(place, code);
                }
                *latest = (*latest).max(assessment.date);
            }
            Some((round, ..)) if *round > assessment.round => {}
            _ => self.round = Some((assessment.round, vec![code], assessment.date)),
        }
    }
}

/// A citizen's paragraph of the report; their part of the facility's summary.
fn paragraph(own: Own, registry: &Registry, out: &mut String) -> Summary {
    let Tallied {
        row,
        summary,
        first_own_outcome,
    } = own.forms.finish(registry);
    let fields = &own.citizen.fields;
    let _ = writeln!(
        out,
        "{} ({}, born {}): {} meetings",
        escape(fields.label.as_str()),
        escape(fields.unit.as_str()),
        fields.birth_year.get(),
        row.meetings
    );
    match (first_own_outcome, row.latest_outcome.as_ref()) {
        (Some(first), Some((date, instrument, latest))) => {
            let change = match row.change {
                Some(Reliable::Improvement) => "reliable improvement",
                Some(Reliable::Deterioration) => "reliable deterioration",
                Some(Reliable::NoChange) => "no reliable change",
                None => "too early to say",
            };
            let significant = if row.clinically_significant {
                ", clinically significant"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {}: first {first}, latest {latest} on {date}: {change}{significant}",
                instrument.to_ascii_uppercase()
            );
        }
        _ => out.push_str("  no outcome form rated by the citizen\n"),
    }
    if let Some(alert) = &row.last_session_alert {
        let _ = writeln!(out, "  latest session alert: {}", alert.date);
    }
    if let Some((round, raters, latest)) = &own.round {
        let _ = writeln!(
            out,
            "  mastery round {round}: rated by {}, latest on {latest}",
            raters.join(", ")
        );
    }
    if let Some(plan) = &own.plan {
        plan_line(plan, own.counted_meetings, out);
    }
    summary
}

fn summary_line(summary: &Summary, out: &mut String) {
    let percent =
        |share: progress::Share| share.percent().map_or("-".to_owned(), |p| format!("{p} %"));
    let _ = writeln!(
        out,
        "\n{} citizens: {} reliable improvement ({}), {} no reliable change, {} deterioration, {} too early to say; sessions with an alert: {}",
        summary.citizens,
        summary.improvement,
        percent(summary.improved),
        summary.no_change,
        summary.deterioration,
        summary.not_yet,
        percent(summary.sessions_with_alert)
    );
}

/// The citizen's latest plan: agreed, the latest follow-up's T-score and each goal's level at it.
/// `counted_meetings` are the citizen's meeting records that count towards the plan; a plan read in an
/// older shape adds the dialogue meetings it logged itself.
fn plan_line(plan: &Plan, counted_meetings: usize, out: &mut String) {
    let Some(agreed) = plan.agreed_on else {
        let _ = writeln!(
            out,
            "  plan: {} dialogue meetings, not agreed yet",
            counted_meetings + plan.meetings.len()
        );
        return;
    };
    let goals = match plan.goals.len() {
        1 => "1 goal".to_owned(),
        n => format!("{n} goals"),
    };
    match plan.latest_follow_up() {
        None => {
            let _ = writeln!(out, "  plan: agreed {agreed}, {goals}, not followed up yet");
        }
        Some(follow_up) => {
            let scored = ScoredFollowUp::of(plan, follow_up);
            let score = plan.t_score(follow_up).map_or_else(
                |err| format!("no T-score ({err})"),
                |t| format!("T-score {t}"),
            );
            // Each goal's level beside the T-score: 50 can be one goal ahead and another behind.
            let levels: Vec<String> = scored
                .levels
                .iter()
                .map(|(number, _, level)| match level {
                    1.. => format!("goal {number} at +{level}"),
                    _ => format!("goal {number} at {level}"),
                })
                .collect();
            let _ = writeln!(
                out,
                "  plan: agreed {agreed}, {goals}, {score} at the follow-up on {} (50 is as expected; {})",
                follow_up.date,
                levels.join(", ")
            );
        }
    }
}

//! `mestring`: the caseworker's command-line tool.
//!
//! Every rule lives in `mestring-core`; this file parses arguments, prints JSON, and is the one place that reports errors.
//! User text (labels, units, file names, reasons that quote them) is printed through `terminal::escape`.

mod outputs;
mod spill;
mod terminal;

use std::fs;
use std::io::{self, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use chrono::{NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use mestring_core::citizen::Birth;
use mestring_core::export::archive::{Archive, Conflict, MergeReport};
use mestring_core::export::csv::{Separator, Sheet};
use mestring_core::export::index::OutputError;
use mestring_core::export::{
    ExportFile, Origin, ReadError, Records, Rejected, Selection, read, sealed, write,
};
use mestring_core::fit::definition::{Definition, Version};
use mestring_core::fit::{
    self, Age, AgeBasis, ChangeReport, Context, Kind, Rater, Registry, ScoreReport, SessionTotal,
    Tenths, age_on,
};
use mestring_core::mastery;
use mestring_core::record::DeviceId;
use uuid::Uuid;

use terminal::{Escaping, escape};

/// Reads Mestring exports with the same core as the tablet app.
#[derive(Parser)]
#[command(name = "mestring", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// A file whose first line is the passphrase of sealed exports; or set MESTRING_PASSPHRASE.
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the version of this tool.
    Version,
    /// Score one FIT form (ORS, SRS and their versions) and read it against the norms; prints JSON.
    Score(ScoreArgs),
    /// Change over a series of outcome totals (first against latest, reliable change, trend); prints JSON.
    Change(ChangeArgs),
    /// Read export files from the tablets and merge them; prints what each file gave (JSON); the same
    /// file twice adds nothing. Fails when a file cannot be read at all (not an export, changed after writing, too new), and
    /// when a record in one was rejected, unless --accept-partial.
    Import(ImportArgs),
    /// Check export files one by one without merging: each file's verdict on a line.
    /// Exits with 1 unless every file is readable and every record in it valid.
    Validate(ValidateArgs),
    /// Merge export files from several tablets into one export file (every version of a record
    /// that conflicts is kept); prints what each file gave (JSON).
    Merge(MergeArgs),
    /// Merge export files and write them as CSV (UTF-8 with BOM): the completed forms, or with --kind the
    /// mastery ratings, goals, follow-ups or meetings; with -o DIR (a folder) all five files in it.
    /// A record rejected in a file is listed on stderr and nothing is written, unless --accept-partial.
    Csv(CsvArgs),
    /// Merge export files and print each citizen's change as text: meetings, the first and latest
    /// outcome totals rated by the citizen, the change category, the latest session alert.
    /// A record rejected in a file is listed on stderr and nothing is printed, unless --accept-partial.
    Report(ReportArgs),
    /// Merge export files and write them as an HL7 FHIR R4 Bundle (JSON): QuestionnaireResponses with
    /// the Questionnaires they answer, and the mastery course after KL's FFB reporting (Conditions,
    /// Observations, Goals, CarePlans).
    /// A record rejected in a file is listed on stderr and nothing is written, unless --accept-partial.
    Fhir(FhirArgs),
}

/// The export files a command reads and merges.
#[derive(Args)]
struct Inputs {
    /// Export files (.json, plain or sealed), in any order: the result is the same.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Go on when a file has records that were rejected (each is listed on stderr with its reason):
    /// the output then lacks them, and stderr says it is partial. Without it such a run writes
    /// nothing and exits with 1.
    #[arg(long)]
    accept_partial: bool,
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    inputs: Inputs,
}

#[derive(Args)]
struct FhirArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Where to write the bundle; standard output when left out.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct ValidateArgs {
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
struct MergeArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Where to write the merged export; written whole or not at all.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
}

#[derive(Args)]
struct ImportArgs {
    #[command(flatten)]
    inputs: Inputs,
}

#[derive(Args)]
struct CsvArgs {
    /// `semicolon` gives `;` between fields and a decimal comma, for Danish and Norwegian Excel.
    #[arg(long, value_enum, default_value = "semicolon")]
    separator: SeparatorArg,
    /// Which records: `forms` (a row per completed form), `ratings` (a row per mastery domain rated),
    /// `goals` (a row per goal), `follow-ups` (a row per goal followed up), `meetings` (a row per
    /// meeting, recorded or logged in a plan). Forms when left out, or every kind when OUT is a folder.
    #[arg(long, value_enum, value_name = "KIND")]
    kind: Option<SheetArg>,
    /// Where to write the CSV: a file, or an existing folder to hold forms.csv, mastery-ratings.csv,
    /// goals.csv, follow-ups.csv and meetings.csv; standard output when left out (on a terminal,
    /// control characters in typed text are shown escaped, as `\u{1b}`; to a file or a pipe they are
    /// written as they are).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    inputs: Inputs,
}

#[derive(Clone, Copy, ValueEnum)]
enum SheetArg {
    Forms,
    Ratings,
    Goals,
    FollowUps,
    Meetings,
}

impl From<SheetArg> for Sheet {
    fn from(sheet: SheetArg) -> Sheet {
        match sheet {
            SheetArg::Forms => Sheet::Forms,
            SheetArg::Ratings => Sheet::Ratings,
            SheetArg::Goals => Sheet::Goals,
            SheetArg::FollowUps => Sheet::FollowUps,
            SheetArg::Meetings => Sheet::Meetings,
        }
    }
}

impl CsvArgs {
    /// Each sheet asked for, with where it goes: into the folder under its own name, or to the one output.
    fn sheets(&self) -> Vec<(Sheet, Option<PathBuf>)> {
        let kind = self.kind.map(Sheet::from);
        match &self.output {
            Some(dir) if dir.is_dir() => kind
                .map_or(Sheet::ALL.to_vec(), |sheet| vec![sheet])
                .into_iter()
                .map(|sheet| (sheet, Some(dir.join(sheet.file_name()))))
                .collect(),
            output => vec![(kind.unwrap_or(Sheet::Forms), output.clone())],
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SeparatorArg {
    Semicolon,
    Comma,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
struct ScoreArgs {
    /// The instrument id, such as ors, srs, cors or csrs (an unknown id lists the known ones).
    instrument: String,
    #[command(flatten)]
    age: AgeArgs,
    /// With --born: the day of the meeting (YYYY-MM-DD).
    #[arg(long, requires = "born")]
    date: Option<String>,
    /// Who filled in the form.
    #[arg(long, value_enum, default_value = "self")]
    rater: RaterArg,
    /// For session scales: the total at the previous meeting, for the drop alert.
    #[arg(long, value_name = "TOTAL")]
    previous: Option<String>,
    /// The definition version; the latest by default.
    #[arg(long, value_name = "N")]
    instrument_version: Option<u16>,
    /// Item values in points (0–10, one decimal) in the form's order; `-` for an item left blank.
    #[arg(required = true, value_name = "ITEM")]
    items: Vec<String>,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
struct ChangeArgs {
    /// An outcome instrument id, such as ors or cors.
    instrument: String,
    #[command(flatten)]
    age: AgeArgs,
    /// With --born: the day of each meeting (YYYY-MM-DD), one per total, separated by commas.
    #[arg(long, requires = "born", value_delimiter = ',')]
    dates: Vec<String>,
    /// The definition version; the latest by default.
    #[arg(long, value_name = "N")]
    instrument_version: Option<u16>,
    /// Totals in points (0–40), in meeting order.
    #[arg(required = true, value_name = "TOTAL")]
    totals: Vec<String>,
}

/// The rated person's age, which chooses the norms' age band whoever rated: given, or worked out from the
/// birth for the day of each meeting.
#[derive(Args)]
#[group(required = true, multiple = false)]
struct AgeArgs {
    /// The rated person's age in whole years on the day of the meeting (every meeting, for change).
    #[arg(long)]
    age: Option<u8>,
    /// The rated person's birth year, or year and month (YYYY or YYYY-MM), with the meeting's --date
    /// (--dates for change): the age on that day, the birthday from the 1st of its month.
    #[arg(long)]
    born: Option<String>,
}

impl AgeArgs {
    /// The age on each of `dates` (the meeting days given with --born, by the option `dates_arg`) and how
    /// it was found; with --age, that age for each of `n_meetings`.
    fn ages(
        &self,
        dates: &[String],
        dates_arg: &str,
        n_meetings: usize,
    ) -> anyhow::Result<(Vec<Age>, AgeBasis)> {
        if let Some(age) = self.age {
            return Ok((vec![Age::years(age); n_meetings], AgeBasis::Given));
        }
        let born = self.born.as_deref().unwrap_or_default();
        let birth = Birth::parse(born).map_err(|issues| {
            let reasons: Vec<String> = issues.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("--born {born:?}: {}", reasons.join("; "))
        })?;
        if dates.len() != n_meetings {
            bail!(
                "--born needs the day of each meeting by {dates_arg}: {n_meetings} expected, {} given",
                dates.len()
            );
        }
        let ages = dates
            .iter()
            .map(|text| {
                let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .with_context(|| format!("{text:?} is not a date (YYYY-MM-DD)"))?;
                Ok(age_on(birth, date))
            })
            .collect::<anyhow::Result<Vec<Age>>>()?;
        Ok((ages, AgeBasis::of(birth)))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RaterArg {
    /// The rated person about themself.
    #[value(name = "self")]
    Oneself,
    /// A parent or another relative.
    Parent,
    /// Staff at the facility.
    Staff,
}

impl From<RaterArg> for Rater {
    fn from(rater: RaterArg) -> Rater {
        match rater {
            RaterArg::Oneself => Rater::Oneself,
            RaterArg::Parent => Rater::Parent,
            RaterArg::Staff => Rater::Staff,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Validate(args) = &cli.command {
        return validate(&args.files, cli.passphrase_file.as_deref());
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("mestring: {}", escape(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let passphrase = cli.passphrase_file.as_deref();
    match cli.command {
        Command::Version => println!("mestring {}", env!("CARGO_PKG_VERSION")),
        Command::Score(args) => score(args)?,
        Command::Change(args) => change(args)?,
        Command::Import(args) => {
            let imported = import(&args.inputs.files, passphrase)?;
            print_merge_summary(&args.inputs.files, &imported)?;
            check_complete(&imported.checked(), &args.inputs, Partial::Summary)?;
        }
        Command::Merge(args) => {
            let imported = import(&args.inputs.files, passphrase)?;
            check_complete(&imported.checked(), &args.inputs, Partial::Merged)?;
            let text = merged(&imported.archive, &bundled()?)?;
            write_whole(&args.output, text.as_bytes())?;
            print_merge_summary(&args.inputs.files, &imported)?;
        }
        Command::Csv(args) => {
            let separator = match args.separator {
                SeparatorArg::Semicolon => Separator::Semicolon,
                SeparatorArg::Comma => Separator::Comma,
            };
            let (registry, schemas) = (bundled()?, schemas()?);
            let indexed = outputs::indexed(&args.inputs.files, passphrase, &registry, &schemas)?;
            outputs::csv(
                indexed,
                &args.inputs,
                (&registry, &schemas),
                separator,
                &args.sheets(),
            )?;
        }
        Command::Fhir(args) => {
            let (registry, schemas) = (bundled()?, schemas()?);
            let indexed = outputs::indexed(&args.inputs.files, passphrase, &registry, &schemas)?;
            outputs::fhir(
                indexed,
                &args.inputs,
                &registry,
                &schemas,
                args.output.as_deref(),
            )?;
        }
        Command::Report(args) => {
            let (registry, schemas) = (bundled()?, schemas()?);
            let indexed = outputs::indexed(&args.inputs.files, passphrase, &registry, &schemas)?;
            outputs::report(indexed, &args.inputs, &registry, &schemas)?;
        }
        Command::Validate(_) => unreachable!("handled in main"),
    }
    Ok(())
}

fn print_merge_summary(paths: &[PathBuf], imported: &Imported) -> anyhow::Result<()> {
    let archive = &imported.archive;
    let files: Vec<_> = paths
        .iter()
        .zip(&imported.reports)
        .map(|(path, report)| file_report(path, report))
        .collect();
    let summary = serde_json::json!({
        "files": files,
        "citizens": archive.citizens().count(),
        "responses": archive.responses().count(),
        "assessments": archive.assessments().count(),
        "plans": archive.plans().count(),
        "meetings": archive.meetings().count(),
        "conflicts": archive.conflicts(),
    });
    let text = serde_json::to_string_pretty(&summary)? + "\n";
    write_output(None, |out| Ok(out.write_all(text.as_bytes())?))
}

/// What a command does with its output when records were rejected: the words of its refusal.
#[derive(Clone, Copy)]
enum Partial {
    /// `import`: the summary is printed all the same; it lists the rejected records.
    Summary,
    /// `merge`: no merged file is written.
    Merged,
    /// `csv`, `fhir`, `report`: nothing is written.
    Forms,
}

/// The files merged, with what each gave.
struct Imported {
    archive: Archive,
    /// One per file, in the order given.
    reports: Vec<MergeReport>,
    /// How many quarantined records each file carried.
    quarantined: Vec<usize>,
}

impl Imported {
    fn checked(&self) -> Checked<'_> {
        Checked {
            rejected: self
                .reports
                .iter()
                .map(|report| report.rejected.as_slice())
                .collect(),
            conflicts: self.archive.conflict_details(),
            quarantined: &self.quarantined,
        }
    }
}

/// What the files gave besides their records: what a command says of a partial or conflicting result.
struct Checked<'a> {
    /// One per file, in the order given.
    rejected: Vec<&'a [Rejected]>,
    conflicts: Vec<Conflict>,
    /// How many quarantined records each file carried.
    quarantined: &'a [usize],
}

/// Lists on stderr every record a file could not give, every id held in several versions and, for the
/// forms' outputs, the quarantined records they leave out; fails when a record was rejected, unless the
/// caseworker accepts a partial result.
fn check_complete(checked: &Checked, inputs: &Inputs, partial: Partial) -> anyhow::Result<()> {
    let mut stderr = io::stderr().lock();
    let mut n_rejected = 0;
    for (path, rejected_in_file) in inputs.files.iter().zip(&checked.rejected) {
        let name = path.display().to_string();
        for rejected in *rejected_in_file {
            n_rejected += 1;
            let id = rejected.id.as_deref().unwrap_or("(no id)");
            writeln!(
                stderr,
                "mestring: {}: rejected {} {}: {}",
                escape(&name),
                rejected.list,
                escape(id),
                escape(&rejected.reason)
            )?;
        }
    }
    for conflict in &checked.conflicts {
        let versions: Vec<String> = conflict
            .versions
            .iter()
            .map(|version| {
                format!(
                    "device {} revision {} updated {}",
                    version.device_id,
                    version.revision,
                    version.updated_at.to_rfc3339()
                )
            })
            .collect();
        writeln!(
            stderr,
            "mestring: conflict: {} {} is held in {} versions ({}); csv, fhir and report use the last, a merged file keeps them all for a person to decide",
            conflict.list,
            conflict.id,
            versions.len(),
            versions.join("; ")
        )?;
    }
    if matches!(partial, Partial::Forms) {
        for (path, n_quarantined) in inputs.files.iter().zip(checked.quarantined) {
            if *n_quarantined > 0 {
                writeln!(
                    stderr,
                    "mestring: {}: {n_quarantined} quarantined records (the tablet could not read them) are not in this output; `mestring merge` keeps them",
                    escape(&path.display().to_string())
                )?;
            }
        }
    }
    if n_rejected == 0 {
        return Ok(());
    }
    if !inputs.accept_partial {
        let outcome = match partial {
            Partial::Summary => "",
            Partial::Merged => "; no merged file was written",
            Partial::Forms => "; nothing was written",
        };
        bail!(
            "{n_rejected} records were rejected (listed above){outcome}: fix the files or pass --accept-partial to go on without them"
        );
    }
    writeln!(
        stderr,
        "mestring: the output is partial: {n_rejected} rejected records are not in it (--accept-partial)"
    )?;
    Ok(())
}

/// Each file read on its own: a line per file on standard output, failure unless all are valid.
fn validate(paths: &[PathBuf], passphrase: Option<&Path>) -> ExitCode {
    let registries = match bundled().and_then(|registry| Ok((registry, schemas()?))) {
        Ok(registries) => registries,
        Err(err) => {
            eprintln!("mestring: {}", escape(&format!("{err:#}")));
            return ExitCode::FAILURE;
        }
    };
    let mut all_valid = true;
    for path in paths {
        let name = path.display().to_string();
        let name = escape(&name);
        let file = read_export(path, passphrase, &registries);
        match file {
            Ok(file) if file.rejected.is_empty() => println!(
                "{name}: valid: {} citizens, {} forms, {} mastery assessments, {} plans, {} meetings, {} quarantined records",
                file.citizens.len(),
                file.responses.len(),
                file.assessments.len(),
                file.plans.len(),
                file.meetings.len(),
                file.quarantine.len()
            ),
            Ok(file) => {
                all_valid = false;
                println!("{name}: {} records rejected:", file.rejected.len());
                for rejected in &file.rejected {
                    let id = rejected.id.as_deref().unwrap_or("(no id)");
                    println!(
                        "  {} {}: {}",
                        rejected.list,
                        escape(id),
                        escape(&rejected.reason)
                    );
                }
            }
            Err(err) => {
                all_valid = false;
                println!("{name}: not read: {}", escape(&format!("{err:#}")));
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The archive as one export file, written by this tool now.
fn merged(archive: &Archive, registry: &Registry) -> anyhow::Result<String> {
    let citizens: Vec<_> = archive.citizen_versions().cloned().collect();
    let responses: Vec<_> = archive.response_versions().cloned().collect();
    let assessments: Vec<_> = archive.assessment_versions().cloned().collect();
    let plans: Vec<_> = archive.plan_versions().cloned().collect();
    let meetings: Vec<_> = archive.meeting_versions().cloned().collect();
    let origin = Origin {
        app_version: format!("mestring-cli {}", env!("CARGO_PKG_VERSION")),
        export_id: Uuid::new_v4(),
        device_id: DeviceId::MERGED,
        created_at: Utc::now().fixed_offset(),
        facility: None,
    };
    let records = Records {
        citizens: &citizens,
        responses: &responses,
        assessments: &assessments,
        plans: &plans,
        meetings: &meetings,
        quarantine: archive.quarantine(),
    };
    Ok(write(&origin, &Selection::Everything, &records, registry)?)
}

/// Writes beside `path` and renames, so a failure never leaves half a file where a whole one was.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    fs::write(&partial, bytes).with_context(|| partial.display().to_string())?;
    fs::rename(&partial, path).with_context(|| path.display().to_string())
}

/// Reads and merges `files`; the first unreadable file stops it, naming the file.
fn import(files: &[PathBuf], passphrase: Option<&Path>) -> anyhow::Result<Imported> {
    let registries = (bundled()?, schemas()?);
    let mut imported = Imported {
        archive: Archive::default(),
        reports: Vec::new(),
        quarantined: Vec::new(),
    };
    for path in files {
        let file = read_export(path, passphrase, &registries)
            .with_context(|| path.display().to_string())?;
        imported.quarantined.push(file.quarantine.len());
        imported.reports.push(imported.archive.merge(file));
    }
    Ok(imported)
}

/// Writes a command's output as it is made: to `path` whole (beside it, then renamed), or to standard
/// output, escaped when that is a terminal (`terminal::Escaping`).
/// A record that could not be read back from its file stops the output; the error names the file.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn io::Write) -> Result<(), OutputError>,
) -> anyhow::Result<()> {
    let written = match path {
        Some(path) => {
            let partial = path.with_extension("partial");
            let written = fs::File::create(&partial)
                .map_err(OutputError::Write)
                .and_then(|file| {
                    let mut out = io::BufWriter::new(file);
                    write(&mut out)?;
                    let file = out.into_inner().map_err(|err| err.into_error())?;
                    Ok(file.sync_all()?)
                });
            if written.is_err() {
                let _ = fs::remove_file(&partial);
            }
            named(written, &partial.display().to_string())?;
            return fs::rename(&partial, path).with_context(|| path.display().to_string());
        }
        None => {
            let stdout = io::stdout();
            let is_terminal = stdout.is_terminal();
            let out = io::BufWriter::new(stdout.lock());
            if is_terminal {
                let mut out = Escaping::new(out);
                write(&mut out).and_then(|()| Ok(out.flush()?))
            } else {
                let mut out = out;
                write(&mut out).and_then(|()| Ok(out.flush()?))
            }
        }
    };
    named(written, "standard output")
}

/// A failure to write the output, named with `output`; a failure to read a record back, as it is.
fn named(written: Result<(), OutputError>, output: &str) -> anyhow::Result<()> {
    match written {
        Ok(()) => Ok(()),
        Err(OutputError::Write(err)) => Err(err).context(output.to_owned()),
        Err(input) => Err(input.into()),
    }
}

/// One export file, opened first when it is sealed with a passphrase.
fn read_export(
    path: &Path,
    passphrase_file: Option<&Path>,
    (registry, schemas): &(Registry, mastery::Registry),
) -> anyhow::Result<ExportFile> {
    let text = fs::read_to_string(path)?;
    match read(&text, registry, schemas) {
        Err(ReadError::Sealed) => {
            let opened = sealed::open(&text, &passphrase(passphrase_file)?)?;
            Ok(read(&opened, registry, schemas)?)
        }
        file => Ok(file?),
    }
}

fn passphrase(file: Option<&Path>) -> anyhow::Result<String> {
    match file {
        Some(file) => {
            let text = fs::read_to_string(file).with_context(|| file.display().to_string())?;
            // Windows Notepad starts a UTF-8 file with a byte-order mark (and ends lines in CR LF).
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Ok(text.lines().next().unwrap_or_default().to_owned())
        }
        None => std::env::var("MESTRING_PASSPHRASE").map_err(|_| {
            anyhow::anyhow!(
                "sealed with a passphrase: give it with --passphrase-file FILE or MESTRING_PASSPHRASE"
            )
        }),
    }
}

fn file_report(path: &Path, report: &MergeReport) -> serde_json::Value {
    let rejected: Vec<_> = report
        .rejected
        .iter()
        .map(|rejected| serde_json::json!({ "list": rejected.list, "id": rejected.id, "reason": rejected.reason }))
        .collect();
    serde_json::json!({
        "file": path.display().to_string(),
        "accepted": report.accepted,
        "updated": report.updated,
        "already_present": report.already_present,
        "superseded": report.superseded,
        "conflicts": report.conflicts,
        "rejected": rejected,
    })
}

fn score(args: ScoreArgs) -> anyhow::Result<()> {
    let registry = bundled()?;
    let definition = lookup(&registry, &args.instrument, args.instrument_version)?;
    let answers = args
        .items
        .iter()
        .enumerate()
        .map(|(item_idx, text)| {
            parse_item(text).with_context(|| match definition.items().get(item_idx) {
                Some(item) => format!("item {} ({})", item_idx + 1, item.id()),
                None => format!("item {}", item_idx + 1),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let score = fit::score(definition, &answers)?;
    let previous_total = match args.previous {
        Some(_) if definition.kind() != Kind::Session => {
            bail!(
                "--previous applies to session scales, and {} is not one",
                definition.id()
            )
        }
        Some(text) => Some(parse_total(&text, definition).context("--previous")?),
        None => None,
    };
    let (ages, age_basis) = args.age.ages(args.date.as_slice(), "--date", 1)?;
    let context = Context {
        age: ages[0],
        previous_total,
    };
    let report = ScoreReport::new(definition, &score, args.rater.into(), context, age_basis)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

fn change(args: ChangeArgs) -> anyhow::Result<()> {
    let registry = bundled()?;
    let definition = lookup(&registry, &args.instrument, args.instrument_version)?;
    let (ages, age_basis) = args.age.ages(&args.dates, "--dates", args.totals.len())?;
    let sessions = args
        .totals
        .iter()
        .zip(ages)
        .enumerate()
        .map(|(session_idx, (text, age))| {
            let total = parse_total(text, definition)
                .with_context(|| format!("total {}", session_idx + 1))?;
            Ok(SessionTotal { total, age })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let change = fit::change(definition, &sessions)?;
    let report = ChangeReport::new(definition, &change, age_basis);
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

fn bundled() -> anyhow::Result<Registry> {
    Registry::bundled().context("the bundled instrument definitions are broken")
}

fn schemas() -> anyhow::Result<mastery::Registry> {
    mastery::Registry::bundled().context("the bundled mastery schemas are broken")
}

fn lookup<'a>(
    registry: &'a Registry,
    instrument: &str,
    version: Option<u16>,
) -> anyhow::Result<&'a Definition> {
    Ok(registry.get(instrument, version.map(Version::new))?)
}

/// An item in points, or `-` for an item left blank.
fn parse_item(text: &str) -> anyhow::Result<Option<Tenths>> {
    if text == "-" {
        return Ok(None);
    }
    Ok(Some(Tenths::from_points(parse_number(text)?)?))
}

fn parse_total(text: &str, definition: &Definition) -> anyhow::Result<Tenths> {
    Ok(Tenths::from_points_up_to(
        parse_number(text)?,
        definition.max_total(),
    )?)
}

fn parse_number(text: &str) -> anyhow::Result<f64> {
    // A Danish or Norwegian user may well type a decimal comma.
    let number = text.trim().replace(',', ".");
    number
        .parse()
        .map_err(|_| anyhow::anyhow!("{text:?} is not a number"))
}

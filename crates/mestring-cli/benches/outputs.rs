//! The caseworker's outputs at scale: `mestring csv` and `mestring fhir` on 100,000 and 1,000,000 forms
//! (one facility's file, the same sealed with a passphrase, then ten facilities' files merged), and on
//! one citizen's 40,000 forms, where a cost that grows with each rater's earlier forms shows first. Wall
//! time and the command's own peak memory, beside a budget that is printed, never asserted: the machine
//! decides timings, a person reads them.
//!
//! The `citizens-` cases turn it the other way: 100,000 and 1,000,000 citizens with one form each (one
//! file, ten files), where what grows with the number of citizens (their labels, the order of the
//! register) shows; `mestring report` runs on them too. `citizens-1m` runs only when named (writing its
//! files takes minutes: `export::write` checks each record's citizen in a list).
//!
//! `MESTRING_OUTPUTS_BENCH_CASES=one-citizen,100k` runs only some cases (`one-citizen`, `100k`,
//! `100k-sealed`, `1m`, `citizens-100k`, `citizens-1m`).
//! `MESTRING_OUTPUTS_BENCH_KEEP=DIR` writes the files into `DIR` and keeps them (to time another build of
//! `mestring` on the same files, e.g. with `/usr/bin/time -v`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{DateTime, Days, NaiveDate};
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::export::{self, Origin, Selection, sealed};
use mestring_core::fit::{Rater, Registry, Response, ResponseId, Tenths};
use mestring_core::record::{DeviceId, RecordMeta};
use mestring_core::testing::{citizen, population};

mod support;
use support::wait_with_usage;

/// Set in the child that writes one case's files (`CASE:DIR`): the parent stays small, so the commands
/// it starts inherit no memory of its own.
const GENERATE: &str = "MESTRING_OUTPUTS_BENCH_WRITE";
const CASES: &str = "MESTRING_OUTPUTS_BENCH_CASES";
const KEEP: &str = "MESTRING_OUTPUTS_BENCH_KEEP";

/// A case: its name, how many files, and how many forms in all (about).
const ALL: [(&str, usize, &str); 6] = [
    ("one-citizen", 1, "one citizen's 40,000 forms"),
    ("100k", 1, "a facility's 100,000 forms, one file"),
    (
        "100k-sealed",
        1,
        "a facility's 100,000 forms, one file sealed with a passphrase",
    ),
    ("1m", 10, "ten facilities' 1,000,000 forms, ten files"),
    (
        "citizens-100k",
        1,
        "100,000 citizens with one form each, one file",
    ),
    (
        "citizens-1m",
        10,
        "1,000,000 citizens with one form each, ten files",
    ),
];

/// The passphrase of the sealed case.
const PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";

/// What a form may cost, whatever their number: 200 µs and 300 bytes of peak memory a form, plus 50 MB.
/// The records are never held: each file is indexed (an entry of 128 bytes a record, about 150 bytes a
/// form with its share of the rest) and the records are read back one at a time as the output is
/// written (`mestring_core::export::index`). Measured on a shared two-core machine: 100 µs (60–70 µs
/// of CPU) and 150 bytes a form at 1,000,000, a sealed file a quarter to a half slower than a plain one;
/// before, with the merged records held, 35–75 µs and 1.1 KB a form (`docs/performance.md`). One citizen's 40,000 forms took 2.8 ms a form when each
/// CSV row read the rater's earlier forms, and the FHIR bundle held whole took 28 KB a form.
const BUDGET_US_PER_FORM: f64 = 200.0;
const BUDGET_BYTES_PER_FORM: f64 = 300.0;
const BUDGET_BASE_BYTES: f64 = 50e6;

fn main() {
    if let Ok(spec) = std::env::var(GENERATE) {
        let (case, dir) = spec
            .split_once(':')
            .unwrap_or_else(|| panic!("{GENERATE}={spec}"));
        return write_case(case, Path::new(dir));
    }
    let wanted = std::env::var(CASES)
        .unwrap_or_else(|_| "one-citizen,100k,100k-sealed,1m,citizens-100k".to_owned());
    let keep = std::env::var(KEEP).ok().map(PathBuf::from);
    let root = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("mestring-outputs-bench-{}", std::process::id()))
    });
    println!("outputs benchmark: mestring csv and fhir, standard output to /dev/null");
    for (case, n_files, what) in ALL {
        if !wanted.split(',').any(|name| name == case) {
            continue;
        }
        let dir = root.join(case);
        std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
        let exe = std::env::current_exe().unwrap_or_else(|err| panic!("{err}"));
        #[allow(clippy::zombie_processes)] // waited for by `wait4`
        let writer = Command::new(exe)
            .env(GENERATE, format!("{case}:{}", dir.display()))
            .spawn()
            .unwrap_or_else(|err| panic!("{err}"));
        let (status, _) = wait_with_usage(writer.id());
        assert_eq!(status, 0, "writing the files of {case} failed");
        let files: Vec<PathBuf> = (0..n_files)
            .map(|idx| dir.join(format!("export-{idx}.json")))
            .collect();
        let forms: usize = std::fs::read_to_string(dir.join("forms"))
            .unwrap_or_else(|err| panic!("{err}"))
            .trim()
            .parse()
            .unwrap_or_else(|err| panic!("{err}"));
        println!("  {what} ({forms} forms)");
        let commands: &[&str] = if case.starts_with("citizens-") {
            &["csv", "fhir", "report"]
        } else {
            &["csv", "fhir"]
        };
        for command in commands {
            let (millis, peak) = timed(command, &files);
            let command = *command;
            let time_budget = forms as f64 * BUDGET_US_PER_FORM / 1e3;
            let memory_budget = BUDGET_BASE_BYTES + forms as f64 * BUDGET_BYTES_PER_FORM;
            let verdict = if millis <= time_budget && peak <= memory_budget {
                "within budget"
            } else {
                "OVER BUDGET"
            };
            println!(
                "    mestring {command:<5} {millis:>9.0} ms   peak {:>6.0} MB   budget {time_budget:.0} ms, {:.0} MB: {verdict}",
                peak / 1e6,
                memory_budget / 1e6
            );
            println!(
                "outputs-bench-json {{\"case\":\"{case}\",\"command\":\"{command}\",\"forms\":{forms},\"ms\":{millis:.0},\"peak_bytes\":{peak:.0}}}"
            );
        }
        if keep.is_none() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
        }
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir(&root);
    }
}

/// Writes a case's export files into `dir`, one at a time, and the number of forms in them.
fn write_case(case: &str, dir: &Path) {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let mut forms = 0;
    let mut write = |idx: u32, citizens: &[Citizen], responses: &[Response], rest: Rest| {
        let origin = Origin {
            app_version: "bench".to_owned(),
            export_id: uuid::Uuid::from_bytes([idx as u8 + 1; 16]),
            device_id: DeviceId::MERGED,
            created_at: DateTime::parse_from_rfc3339("2026-11-23T12:00:00+01:00")
                .unwrap_or_else(|err| panic!("{err}")),
            facility: None,
        };
        let records = export::Records {
            citizens,
            responses,
            assessments: rest.0,
            plans: rest.1,
            ..export::Records::default()
        };
        let mut text = export::write(&origin, &Selection::Everything, &records, &registry)
            .unwrap_or_else(|err| panic!("{err}"));
        if case.ends_with("-sealed") {
            text = sealed::seal(&text, PASSPHRASE, [3; 16], [4; 12])
                .unwrap_or_else(|err| panic!("{err}"));
        }
        std::fs::write(dir.join(format!("export-{idx}.json")), text)
            .unwrap_or_else(|err| panic!("{err}"));
        forms += responses.len();
    };
    match case {
        "one-citizen" => {
            let (citizen, responses) = one_citizen(&registry, 20_000);
            write(0, &[citizen], &responses, (&[], &[]));
        }
        "100k" | "100k-sealed" | "1m" => {
            let n_files = if case == "1m" { 10 } else { 1 };
            for idx in 0..n_files {
                // 150 citizens, twelve years of meetings: about 100,000 forms a facility (as `import`).
                let population = population(7 + idx, 150, 4_680);
                write(
                    idx,
                    &population.citizens,
                    &population.responses,
                    (&population.assessments, &population.plans),
                );
            }
        }
        "citizens-100k" => {
            let (citizens, responses) = many_citizens(&registry, 0..100_000);
            write(0, &citizens, &responses, (&[], &[]));
        }
        "citizens-1m" => {
            // Ten registers of 100,000: `export::write` checks each record's citizen in a list.
            for idx in 0..10 {
                let start = u64::from(idx) * 100_000;
                let (citizens, responses) = many_citizens(&registry, start..start + 100_000);
                write(idx, &citizens, &responses, (&[], &[]));
            }
        }
        _ => panic!("unknown case {case}"),
    }
    std::fs::write(dir.join("forms"), forms.to_string()).unwrap_or_else(|err| panic!("{err}"));
}

type Rest<'a> = (
    &'a [mestring_core::mastery::Assessment],
    &'a [mestring_core::mastery::Plan],
);

/// One citizen's `meetings` meetings, an ORS and an SRS each, several a day over two and a half years:
/// far more than any citizen has, to show what each form's earlier forms cost.
fn one_citizen(registry: &Registry, meetings: u32) -> (Citizen, Vec<Response>) {
    let citizen = citizen(1, "MJ", "Hus 1");
    let start = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or_else(|| panic!("a date"));
    let mut responses = Vec::with_capacity(2 * meetings as usize);
    for meeting in 1..=meetings {
        let date = start + Days::new(u64::from(meeting) * 900 / u64::from(meetings));
        for (id, answers) in [("ors", [40 + meeting % 50; 4]), ("srs", [95; 4])] {
            let definition = registry.get(id, None).unwrap_or_else(|err| panic!("{err}"));
            let count = responses.len() as u128 + 1;
            responses.push(Response {
                id: ResponseId::from_random_bytes(count.to_le_bytes()),
                citizen_id: citizen.id,
                meeting,
                date,
                instrument: definition.id().clone(),
                version: definition.version(),
                kind: definition.kind(),
                rater: Rater::Oneself,
                answers: answers.map(|tenths| Tenths::new(tenths as u16)).to_vec(),
                meta: RecordMeta::new(citizen.meta.device_id, citizen.meta.created_at),
            });
        }
    }
    (citizen, responses)
}

/// The citizens numbered `numbers`, with an ORS each, their labels five letters scattered over the
/// alphabet (some the same, as in a large register) and their ids in another order than their labels.
fn many_citizens(
    registry: &Registry,
    numbers: std::ops::Range<u64>,
) -> (Vec<Citizen>, Vec<Response>) {
    let definition = registry
        .get("ors", None)
        .unwrap_or_else(|err| panic!("{err}"));
    let date = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_else(|| panic!("a date"));
    let mut citizens = Vec::new();
    let mut responses = Vec::new();
    for idx in numbers {
        let scattered = idx.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let label: String = (0..5)
            .map(|place| char::from(b'A' + ((scattered >> (40 + 5 * place)) % 26) as u8))
            .collect();
        let mut one = citizen(1, &label, "Hus 1");
        one.id = CitizenId::from_random_bytes(u128::from(scattered).to_le_bytes());
        responses.push(Response {
            id: ResponseId::from_random_bytes(u128::from(idx + 1).to_le_bytes()),
            citizen_id: one.id,
            meeting: 1,
            date,
            instrument: definition.id().clone(),
            version: definition.version(),
            kind: definition.kind(),
            rater: Rater::Oneself,
            answers: [40 + (idx % 50) as u16; 4].map(Tenths::new).to_vec(),
            meta: RecordMeta::new(one.meta.device_id, one.meta.created_at),
        });
        citizens.push(one);
    }
    (citizens, responses)
}

/// Runs `mestring <command> FILES` with its output thrown away; its wall time and its own peak memory.
fn timed(command: &str, files: &[PathBuf]) -> (f64, f64) {
    let start = Instant::now();
    #[allow(clippy::zombie_processes)] // waited for by `wait4`
    let child = Command::new(env!("CARGO_BIN_EXE_mestring"))
        .env("MESTRING_PASSPHRASE", PASSPHRASE)
        .arg(command)
        .args(files)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    let (status, usage) = wait_with_usage(child.id());
    let millis = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(status, 0, "mestring {command} failed");
    // Linux gives the peak in kilobytes.
    (millis, usage.ru_maxrss as f64 * 1e3)
}

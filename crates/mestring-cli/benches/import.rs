//! The caseworker's side at scale: a facility's 100,000 responses written as one export, sealed, and
//! read back by the `mestring` command (wall time and the command's peak memory). Figures only.

use std::process::Command;
use std::time::Instant;

use chrono::DateTime;
use mestring_core::export::{self, Origin, Selection, sealed};
use mestring_core::fit::Registry;
use mestring_core::record::DeviceId;
use mestring_core::testing::population;

mod support;
use support::wait_with_usage;

const PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";

/// Set in the child that writes the files: the parent stays small, so the imports it starts inherit
/// no memory of its own (a forked child's peak counts the pages it shares with its parent).
const GENERATE: &str = "MESTRING_IMPORT_BENCH_WRITE_TO";
/// With [`GENERATE`]: how many days of meetings the files hold (twelve years unless set).
const DAYS: &str = "MESTRING_IMPORT_BENCH_DAYS";

fn main() {
    if let Ok(dir) = std::env::var(GENERATE) {
        return write_files(std::path::Path::new(&dir));
    }
    let dir = std::env::temp_dir().join(format!("mestring-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    let exe = std::env::current_exe().unwrap_or_else(|err| panic!("{err}"));
    #[allow(clippy::zombie_processes)] // waited for by `wait4`
    let writer = Command::new(exe)
        .env(GENERATE, &dir)
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    let (status, usage) = wait_with_usage(writer.id());
    assert_eq!(status, 0, "writing the files failed");
    let write_peak = usage.ru_maxrss as f64 * 1e3;
    let (import_ms, import_peak) = timed_import(&dir.join("export.json"));
    let (sealed_ms, sealed_peak) = timed_import(&dir.join("export.sealed.json"));
    let figures =
        std::fs::read_to_string(dir.join("figures.json")).unwrap_or_else(|err| panic!("{err}"));
    std::fs::remove_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    let figures = figures.trim_end().trim_end_matches('}');
    println!(
        "  peak memory of the writing process      {:>6.0} MB (the records, the export, the sealed copy)",
        write_peak / 1e6
    );
    println!(
        "  mestring import, plain                {import_ms:>9.0} ms   peak {:>6.0} MB",
        import_peak / 1e6
    );
    println!(
        "  mestring import, sealed               {sealed_ms:>9.0} ms   peak {:>6.0} MB",
        sealed_peak / 1e6
    );
    println!(
        "import-bench-json {figures},\"write_peak_bytes\":{write_peak:.0},\"import_ms\":{import_ms:.0},\"import_peak_bytes\":{import_peak:.0},\"import_sealed_ms\":{sealed_ms:.0},\"import_sealed_peak_bytes\":{sealed_peak:.0}}}"
    );
}

/// Writes a facility's export, plain and sealed, into `dir`, timing both.
fn write_files(dir: &std::path::Path) {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    // 150 citizens, twelve years of meetings: about 100,000 responses. `MESTRING_IMPORT_BENCH_DAYS`
    // asks for fewer days: the browser's overview benchmark and its e2e test take 938 (20,100
    // responses, as `mestring-core`'s `benches/progress.rs`) from this file.
    let days = std::env::var(DAYS).map_or(4_680, |days| {
        days.parse()
            .unwrap_or_else(|err| panic!("{DAYS}={days}: {err}"))
    });
    let population = population(7, 150, days);
    let origin = Origin {
        app_version: "bench".to_owned(),
        export_id: uuid::Uuid::from_bytes([1; 16]),
        device_id: DeviceId::MERGED,
        created_at: DateTime::parse_from_rfc3339("2026-11-23T12:00:00+01:00")
            .unwrap_or_else(|err| panic!("{err}")),
        facility: None,
    };
    let start = Instant::now();
    let records = export::Records {
        citizens: &population.citizens,
        responses: &population.responses,
        assessments: &population.assessments,
        plans: &population.plans,
        ..export::Records::default()
    };
    let text = export::write(&origin, &Selection::Everything, &records, &registry)
        .unwrap_or_else(|err| panic!("{err}"));
    let write_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let sealed_text =
        sealed::seal(&text, PASSPHRASE, [3; 16], [4; 12]).unwrap_or_else(|err| panic!("{err}"));
    let seal_ms = start.elapsed().as_secs_f64() * 1e3;
    let write = |name: &str, contents: &str| {
        std::fs::write(dir.join(name), contents).unwrap_or_else(|err| panic!("{err}"));
    };
    write("export.json", &text);
    write("export.sealed.json", &sealed_text);
    let mb = text.len() as f64 / 1e6;
    println!(
        "import benchmark: {} citizens, {} responses, {} mastery ratings, {} plans, {mb:.1} MB of JSON",
        population.citizens.len(),
        population.responses.len(),
        population.assessments.len(),
        population.plans.len()
    );
    println!("  write the export (core)               {write_ms:>9.0} ms");
    println!("  seal it (PBKDF2 600,000 + AES-GCM)    {seal_ms:>9.0} ms");
    write(
        "figures.json",
        &format!(
            "{{\"responses\":{},\"file_mb\":{mb:.1},\"write_ms\":{write_ms:.0},\"seal_ms\":{seal_ms:.0}}}",
            population.responses.len()
        ),
    );
}

/// Runs `mestring import` on `path`; its wall time and its own peak resident memory.
fn timed_import(path: &std::path::Path) -> (f64, f64) {
    let start = Instant::now();
    // Waited for with `wait4` below, which also gives the child's own peak memory.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_mestring"))
        .arg("import")
        .arg(path)
        .env("MESTRING_PASSPHRASE", PASSPHRASE)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    let (status, usage) = wait_with_usage(child.id());
    let millis = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(status, 0, "mestring import failed on {}", path.display());
    // Linux gives the peak in kilobytes.
    (millis, usage.ru_maxrss as f64 * 1e3)
}

//! How fast the caseworker's overview is computed for a municipality's caseload:
//! `cargo bench -p mestring-core --features testing --bench progress`.
//!
//! 150 citizens with a meeting every 14 days for 938 days: 20,100 responses (an ORS and an SRS each time).

use divan::Bencher;
use mestring_core::fit::Registry;
use mestring_core::progress::{median_path, overview, summary};
use mestring_core::testing::population;

fn main() {
    divan::main();
}

/// A row per citizen (latest total, change category, last alert) and the facility's summary.
#[divan::bench]
fn overview_150_citizens_20100_responses(bencher: Bencher) {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let population = population(7, 150, 938);
    let (citizens, responses) = (population.citizens, population.responses);
    bencher.bench_local(|| {
        let rows = overview(&citizens, divan::black_box(&responses), &registry);
        summary(&rows, &citizens, &responses, &registry)
    });
}

/// The facility's median ORS path by meeting number.
#[divan::bench]
fn median_path_20100_responses(bencher: Bencher) {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let responses = population(7, 150, 938).responses;
    bencher.bench_local(|| median_path(divan::black_box(&responses), "ors", &registry));
}

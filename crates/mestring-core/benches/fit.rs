//! How fast FIT scoring and change statistics run: `cargo bench -p mestring-core --bench fit`.
//!
//! Divan prints the time per iteration and, from the item counters, throughput:
//! responses scored per second, and sessions of history per second for change statistics.

use divan::Bencher;
use divan::counter::ItemsCount;
use mestring_core::fit::{
    Age, Context, Definition, Registry, SessionTotal, Tenths, change, interpret, score,
};

fn main() {
    divan::main();
}

const N_RESPONSES: usize = 1_000;
const N_SESSIONS: usize = 10_000;

fn ors() -> Definition {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let definition = registry
        .get("ors", None)
        .unwrap_or_else(|err| panic!("{err}"));
    definition.clone()
}

/// Deterministic, varied answers: a cheap linear congruential sequence, no randomness crate.
fn responses(n: usize) -> Vec<[Option<Tenths>; 4]> {
    let mut state: u32 = 12_345;
    let mut next = move || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        Some(Tenths::new(((state >> 16) % 101) as u16))
    };
    (0..n).map(|_| [next(), next(), next(), next()]).collect()
}

/// Scoring and reading against the cut-off, as the app does when a form is finished.
#[divan::bench]
fn score_responses(bencher: Bencher) {
    let definition = ors();
    let responses = responses(N_RESPONSES);
    let context = Context {
        age: Age::years(30),
        previous_total: None,
    };
    bencher
        .counter(ItemsCount::new(N_RESPONSES))
        .bench_local(|| {
            let mut n_clinical = 0usize;
            for answers in &responses {
                let Ok(score) = score(&definition, divan::black_box(answers)) else {
                    panic!("the generated answers fit the ORS");
                };
                if let Ok(mestring_core::fit::Interpretation::Outcome(status)) =
                    interpret(&definition, &score, context)
                    && status.clinical == Some(true)
                {
                    n_clinical += 1;
                }
            }
            n_clinical
        });
}

/// Change statistics (first against latest, RCI, cut-offs, trend slope) over a 10,000-meeting history.
#[divan::bench]
fn change_over_10000_sessions(bencher: Bencher) {
    let definition = ors();
    let sessions: Vec<SessionTotal> = responses(N_SESSIONS)
        .iter()
        .map(|answers| SessionTotal {
            total: answers
                .iter()
                .flatten()
                .fold(Tenths::ZERO, |sum, value| sum.saturating_add(*value)),
            age: Age::years(30),
        })
        .collect();
    bencher
        .counter(ItemsCount::new(N_SESSIONS))
        .bench_local(|| {
            let Ok(change) = change(&definition, divan::black_box(&sessions)) else {
                panic!("the generated history is valid");
            };
            change.slope
        });
}

//! What a copied browser profile costs an attacker per PIN length: one PBKDF2-HMAC-SHA-256 of the
//! lock's 600,000 rounds per guess, timed here on one core, times the number of PINs of each kind.
//! `cargo run --release -p mestring-core --example pin_cost` prints the table in `docs/security.md`.
//! (A figure, not a test: the machine and its load decide it.)

use std::time::Instant;

use mestring_core::lock::ITERATIONS;

const GUESSES: usize = 9;

fn main() {
    let salt = [7u8; 16];
    let mut seconds: Vec<f64> = (0..GUESSES)
        .map(|guess| {
            let pin = format!("{guess:06}");
            let mut key = [0u8; 32];
            let started = Instant::now();
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pin.as_bytes(), &salt, ITERATIONS, &mut key);
            std::hint::black_box(key);
            started.elapsed().as_secs_f64()
        })
        .collect();
    mestring_core::sort::by(&mut seconds, f64::total_cmp);
    let per_guess = seconds[GUESSES / 2];
    println!(
        "PBKDF2-HMAC-SHA-256, {ITERATIONS} rounds: median {per_guess:.3} s a guess on one core ({GUESSES} guesses, {:.3}–{:.3} s)",
        seconds[0],
        seconds[GUESSES - 1]
    );
    println!("| PIN | possible PINs | every PIN tried, one core | on average (half) |");
    println!("|---|---|---|---|");
    let kinds: [(&str, f64); 7] = [
        ("4 digits", 1e4),
        ("6 digits", 1e6),
        ("8 digits", 1e8),
        ("10 digits", 1e10),
        ("8 letters and digits (a–z, A–Z, 0–9)", 62f64.powi(8)),
        ("10 letters and digits", 62f64.powi(10)),
        ("12 letters and digits", 62f64.powi(12)),
    ];
    for (kind, count) in kinds {
        let all = count * per_guess;
        println!(
            "| {kind} | {count:.2e} | {} | {} |",
            human(all),
            human(all / 2.0)
        );
    }
}

/// Seconds as the largest unit that keeps the number readable.
fn human(seconds: f64) -> String {
    const HOUR: f64 = 3600.0;
    const YEAR: f64 = 365.25 * 24.0 * HOUR;
    if seconds < HOUR {
        format!("{:.0} core-minutes", seconds / 60.0)
    } else if seconds < 1000.0 * HOUR {
        format!("{:.0} core-hours", seconds / HOUR)
    } else {
        format!("{:.2e} core-years", seconds / YEAR)
    }
}

//! What opening a sealed export costs: one PBKDF2-HMAC-SHA-256 key for every passphrase tried, as
//! many rounds as the file asks. `cargo bench -p mestring-core --bench sealed`; the cap a reader puts
//! on a file's iterations (`sealed::MAX_ITERATIONS`) is chosen from it.
//!
//! A file with another iteration count than it was sealed with fails the tag, after deriving the
//! whole key: the cost measured is the same.

use divan::Bencher;
use mestring_core::export::sealed;

fn main() {
    divan::main();
}

const PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";

#[divan::bench(
    args = [sealed::MIN_ITERATIONS, sealed::ITERATIONS, sealed::MAX_ITERATIONS],
    sample_count = 5,
    sample_size = 1
)]
fn open_with_iterations(bencher: Bencher, iterations: u32) {
    let sealed =
        sealed::seal("{}", PASSPHRASE, [7; 16], [9; 12]).unwrap_or_else(|err| panic!("{err}"));
    let mut envelope: serde_json::Value =
        serde_json::from_str(&sealed).unwrap_or_else(|err| panic!("{err}"));
    envelope["kdf"]["iterations"] = iterations.into();
    let text = envelope.to_string();
    bencher.bench(|| sealed::open(&text, PASSPHRASE));
}

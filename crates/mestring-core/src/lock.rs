//! The device's PIN lock as rules: what a PIN must be, how long a wrong one makes staff wait, when an idle
//! device locks, and the stored shape of the key that the PIN opens.
//!
//! The cryptography itself is the browser's (WebCrypto); this module decides nothing that needs it.
//! Records are encrypted with a random data key; the PIN only wraps that key, so changing the PIN
//! re-wraps 32 bytes instead of re-encrypting every record, and a lost PIN loses the data for good.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Shorter PINs are refused. Six digits are a million guesses, which the back-off makes slow on the
/// device itself; an attacker with a copy of the storage can try them offline, which only a longer
/// PIN slows (`docs/security.md`).
pub const MIN_PIN_CHARS: usize = 6;
/// Fewer would make a stolen copy of the storage quicker to attack; more would make unlocking slow on a
/// cheap tablet. OWASP's 2023 figure for PBKDF2-HMAC-SHA-256, as for sealed exports.
pub const ITERATIONS: u32 = 600_000;
/// Wrong PINs in a row before the first wait: typing mistakes happen.
pub const FREE_ATTEMPTS: u32 = 3;
const FIRST_WAIT: Duration = Duration::from_secs(30);
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// The idle times staff can choose between, in minutes; the first is the default.
pub const IDLE_MINUTES: [u8; 5] = [5, 2, 10, 15, 30];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinIssue {
    TooShort,
    /// The two entries differ.
    Mismatch,
}

/// `pin` as a new PIN, typed twice.
pub fn check_new_pin(pin: &str, again: &str) -> Result<(), PinIssue> {
    if pin.chars().count() < MIN_PIN_CHARS {
        return Err(PinIssue::TooShort);
    }
    if pin != again {
        return Err(PinIssue::Mismatch);
    }
    Ok(())
}

/// Wrong PINs typed since the last right one, kept on the device so a reload does not reset them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failures: u32,
    #[serde(deserialize_with = "crate::iso::optional_timestamp", default)]
    pub last_failure: Option<DateTime<FixedOffset>>,
}

impl Attempts {
    /// How long after the last wrong PIN the next try is taken: nothing until [`FREE_ATTEMPTS`] have
    /// failed, then 30 s, doubling with each further one up to 15 minutes.
    pub fn wait(&self) -> Duration {
        let Some(extra) = self.failures.checked_sub(FREE_ATTEMPTS) else {
            return Duration::ZERO;
        };
        let doublings = extra.min(16);
        FIRST_WAIT.saturating_mul(1 << doublings).min(LONGEST_WAIT)
    }

    /// When the next try is taken, if not yet at `now`.
    pub fn retry_at(&self, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
        let wait = chrono::Duration::from_std(self.wait()).ok()?;
        let at = self.last_failure? + wait;
        (at > now).then_some(at)
    }

    pub fn failed(&self, at: DateTime<FixedOffset>) -> Attempts {
        Attempts {
            failures: self.failures.saturating_add(1),
            last_failure: Some(at),
        }
    }
}

/// What the device keeps of its lock: how the PIN becomes a key, and the data key wrapped by it.
/// Everything here may be public; without the PIN it opens nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLock {
    pub schema_version: u32,
    /// Always `pbkdf2-hmac-sha256`; named so a later key derivation can be told apart.
    pub kdf: String,
    pub iterations: u32,
    pub salt: Vec<u8>,
    /// The 32-byte data key encrypted with AES-256-GCM under the PIN's key: nonce, then ciphertext and tag.
    pub wrap_nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    /// False until every record stored before the PIN was set has been encrypted.
    pub migrated: bool,
}

pub const KDF: &str = "pbkdf2-hmac-sha256";

impl StoredLock {
    pub fn new(salt: [u8; 16], wrap_nonce: [u8; 12], wrapped_key: Vec<u8>) -> StoredLock {
        StoredLock {
            schema_version: 1,
            kdf: KDF.to_owned(),
            iterations: ITERATIONS,
            salt: salt.to_vec(),
            wrap_nonce: wrap_nonce.to_vec(),
            wrapped_key,
            migrated: false,
        }
    }

    /// Whether this app can open it: a newer key derivation or shape is refused rather than guessed at.
    pub fn readable(&self) -> bool {
        self.schema_version == 1
            && self.kdf == KDF
            && (100_000..=10_000_000).contains(&self.iterations)
            && self.salt.len() == 16
            && self.wrap_nonce.len() == 12
    }
}

/// The fields of a stored record that stay readable beside its encrypted body: what the indexes, the
/// revision check and the export marks need inside a transaction, where no encryption can run.
/// None of them says anything about the person or their answers.
pub const CLEAR_FIELDS: [&str; 4] = ["citizen_id", "date", "revision", "exported_at"];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(seconds: i64) -> DateTime<FixedOffset> {
        DateTime::from_timestamp(1_760_000_000 + seconds, 0)
            .unwrap_or_default()
            .fixed_offset()
    }

    #[test]
    fn a_new_pin_is_long_enough_and_typed_the_same_twice() {
        assert_eq!(check_new_pin("12345", "12345"), Err(PinIssue::TooShort));
        assert_eq!(check_new_pin("123456", "123465"), Err(PinIssue::Mismatch));
        assert_eq!(check_new_pin("123456", "123456"), Ok(()));
        // Characters, not bytes: six letters of any script are six.
        assert_eq!(check_new_pin("æøåÆØÅ", "æøåÆØÅ"), Ok(()));
    }

    #[test]
    fn the_first_wrong_pins_are_free_then_the_wait_doubles_to_a_limit() {
        let waits: Vec<u64> = (0..10)
            .map(|failures| {
                Attempts {
                    failures,
                    last_failure: Some(at(0)),
                }
                .wait()
                .as_secs()
            })
            .collect();
        assert_eq!(waits, [0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
    }

    #[test]
    fn a_try_is_taken_once_the_wait_is_over() {
        let attempts =
            (0..FREE_ATTEMPTS).fold(Attempts::default(), |attempts, _| attempts.failed(at(0)));
        assert_eq!(attempts.retry_at(at(10)), Some(at(30)));
        assert_eq!(attempts.retry_at(at(30)), None);
        assert_eq!(Attempts::default().retry_at(at(0)), None);
    }

    #[test]
    fn a_lock_from_a_newer_app_is_not_guessed_at() {
        let lock = StoredLock::new([1; 16], [2; 12], vec![3; 48]);
        assert!(lock.readable());
        for changed in [
            StoredLock {
                schema_version: 2,
                ..lock.clone()
            },
            StoredLock {
                kdf: "argon2id".to_owned(),
                ..lock.clone()
            },
            StoredLock {
                iterations: 1_000,
                ..lock.clone()
            },
        ] {
            assert!(!changed.readable(), "{changed:?}");
        }
    }

    proptest! {
        #[test]
        fn the_wait_never_shrinks_and_never_passes_the_limit(failures in 0u32..10_000) {
            let wait = |failures| Attempts { failures, last_failure: None }.wait();
            prop_assert!(wait(failures) <= wait(failures + 1));
            prop_assert!(wait(failures) <= LONGEST_WAIT);
        }
    }
}

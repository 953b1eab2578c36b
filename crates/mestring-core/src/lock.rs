//! The device's PIN lock as rules: what a PIN must be, how long a wrong one makes staff wait, when an idle
//! device locks, and the stored shape of the key that the PIN opens.
//!
//! The cryptography itself is the browser's (WebCrypto); this module decides nothing that needs it.
//! Records are encrypted with a random data key; the PIN only wraps that key, so changing the PIN
//! re-wraps 32 bytes instead of re-encrypting every record. A recovery code, shown once when the PIN is
//! set, wraps the same key a second time, so a forgotten PIN loses nothing; and without PIN or code the
//! device can be erased only after a waiting period that anyone who unlocks cancels ([`EraseRequest`]).

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::device::DeviceMode;

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
/// The idle times staff can choose between, in minutes, shortest first as the list shows them.
pub const IDLE_MINUTES: [u8; 5] = [2, 5, 10, 15, 30];
/// The idle time until staff choose another: long enough for a meeting's pauses, one of `IDLE_MINUTES`.
pub const DEFAULT_IDLE_MINUTES: u8 = 5;

/// Shorter passcodes (letters allowed) are refused: eight characters of letters and digits are about
/// 2.8 million times as many guesses as six digits (`docs/security.md` has what each costs an attacker).
pub const MIN_PASSCODE_CHARS: usize = 8;

/// What staff chose to type: a PIN of digits (a number pad on a tablet) or a longer passcode of any
/// characters, which is what holds against an attacker with a copy of the storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PinKind {
    #[default]
    Digits,
    Passcode,
}

impl PinKind {
    /// The fewest characters a new PIN of this kind may have.
    pub fn min_chars(self) -> usize {
        match self {
            PinKind::Digits => MIN_PIN_CHARS,
            PinKind::Passcode => MIN_PASSCODE_CHARS,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinIssue {
    /// Fewer characters than the kind's [`PinKind::min_chars`].
    TooShort,
    /// A PIN of digits holds something else.
    NotDigits,
    /// The two entries differ.
    Mismatch,
}

/// `pin` as a new PIN of `kind`, typed twice.
pub fn check_new_pin(pin: &str, again: &str, kind: PinKind) -> Result<(), PinIssue> {
    if kind == PinKind::Digits && !pin.chars().all(|char| char.is_ascii_digit()) {
        return Err(PinIssue::NotDigits);
    }
    if pin.chars().count() < kind.min_chars() {
        return Err(PinIssue::TooShort);
    }
    if pin != again {
        return Err(PinIssue::Mismatch);
    }
    Ok(())
}

/// Whether a device in `mode` must have a PIN before anything about a person is entered, or is only
/// offered one. A facility's tablet lies in a common room and a caseworker's device holds many people's
/// records; a citizen's own device holds only their own, and they may decline.
pub fn pin_at_first_start(mode: DeviceMode) -> PinAtStart {
    match mode {
        DeviceMode::Facility | DeviceMode::Caseworker => PinAtStart::Required,
        DeviceMode::Personal => PinAtStart::Offered,
    }
}

/// Whether the device asks for a PIN before its screens: it has none, and its mode requires one (or
/// offers one that was not declined).
pub fn asks_for_pin(mode: DeviceMode, has_pin: bool, declined: bool) -> bool {
    !has_pin
        && match pin_at_first_start(mode) {
            PinAtStart::Required => true,
            PinAtStart::Offered => !declined,
        }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinAtStart {
    Required,
    /// Asked once, with "not now".
    Offered,
}

/// The characters of a recovery code: digits and capital letters without 0, 1, I and O, which are
/// easily read or typed for one another. 32 of them, so one random byte picks one evenly (`byte % 32`).
pub const RECOVERY_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Groups of [`RECOVERY_GROUP_CHARS`] characters: 5 x 5 is written down and typed without losing one's
/// place. The last character is a check character, so 24 carry the randomness: 120 bits, far beyond
/// any guessing, which is why a wrong code needs no back-off.
pub const RECOVERY_GROUPS: usize = 5;
pub const RECOVERY_GROUP_CHARS: usize = 5;
const RECOVERY_CHARS: usize = RECOVERY_GROUPS * RECOVERY_GROUP_CHARS;
/// The random bytes a new code is made from, one per character before the check character.
pub const RECOVERY_RANDOM_BYTES: usize = RECOVERY_CHARS - 1;

/// A recovery code: it opens the device's data key as the PIN does, for when the PIN is forgotten.
/// Shown once, when it is made; the device keeps only the data key wrapped by it.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

/// Never printed by accident (a log, a panic message): the code is a key.
impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(..)")
    }
}

/// Why a typed recovery code is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryIssue {
    /// Not 25 characters once spaces and dashes are left out.
    Length { found: usize },
    /// A character no code has (such as 0, 1, I or O).
    Character(char),
    /// Every character is possible, but the check character does not fit: a typing mistake.
    Check,
}

impl RecoveryCode {
    /// A new code from random bytes (the caller's: the core has no randomness).
    pub fn from_random(bytes: [u8; RECOVERY_RANDOM_BYTES]) -> RecoveryCode {
        let mut digits: Vec<usize> = bytes
            .iter()
            .map(|byte| usize::from(*byte) % RECOVERY_ALPHABET.len())
            .collect();
        digits.push(check_digit(&digits));
        RecoveryCode(digits.into_iter().map(symbol).collect())
    }

    /// A code as staff type it: any case, with or without the spaces or dashes between groups.
    pub fn parse(typed: &str) -> Result<RecoveryCode, RecoveryIssue> {
        let chars: Vec<char> = typed
            .chars()
            .filter(|char| !is_separator(*char))
            .map(|char| char.to_ascii_uppercase())
            .collect();
        if chars.len() != RECOVERY_CHARS {
            return Err(RecoveryIssue::Length { found: chars.len() });
        }
        let mut digits = Vec::with_capacity(RECOVERY_CHARS);
        for char in &chars {
            let digit = RECOVERY_ALPHABET
                .iter()
                .position(|symbol| char::from(*symbol) == *char)
                .ok_or(RecoveryIssue::Character(*char))?;
            digits.push(digit);
        }
        let (body, check) = digits.split_at(RECOVERY_CHARS - 1);
        if check != [check_digit(body)] {
            return Err(RecoveryIssue::Check);
        }
        Ok(RecoveryCode(chars.into_iter().collect()))
    }

    /// The 25 characters without separators: what the code's key is made from.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The groups, in order, as they are shown and written down.
    pub fn groups(&self) -> Vec<&str> {
        (0..RECOVERY_GROUPS)
            .filter_map(|idx| {
                self.0
                    .get(idx * RECOVERY_GROUP_CHARS..(idx + 1) * RECOVERY_GROUP_CHARS)
            })
            .collect()
    }

    /// Whether `typed` is the code's last group: staff retype it to show they wrote the code down.
    pub fn confirmed_by(&self, typed: &str) -> bool {
        let typed: String = typed
            .chars()
            .filter(|char| !is_separator(*char))
            .map(|char| char.to_ascii_uppercase())
            .collect();
        self.groups().last() == Some(&typed.as_str())
    }
}

fn is_separator(char: char) -> bool {
    char.is_whitespace() || matches!(char, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

fn symbol(digit: usize) -> char {
    char::from(RECOVERY_ALPHABET[digit % RECOVERY_ALPHABET.len()])
}

/// Luhn's check in base 32: it catches every single mistyped character and nearly every swap of two
/// neighbours, the usual mistakes of someone copying a code from paper.
fn check_digit(digits: &[usize]) -> usize {
    let base = RECOVERY_ALPHABET.len();
    let sum: usize = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(idx, digit)| {
            if idx % 2 == 0 {
                let doubled = digit * 2;
                doubled / base + doubled % base
            } else {
                *digit
            }
        })
        .sum();
    (base - sum % base) % base
}

/// How long an erase asked for without PIN or recovery code waits: long enough that staff use the
/// tablet (and so unlock it, which cancels the request) before it can happen, even over a weekend.
pub const ERASE_WAIT: Duration = Duration::from_secs(72 * 60 * 60);

/// Someone at the lock screen asked to erase the device without its PIN or recovery code. Nothing is
/// erased until [`ERASE_WAIT`] has passed; unlocking with the PIN or the code cancels it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseRequest {
    #[serde(deserialize_with = "crate::iso::timestamp")]
    pub requested_at: DateTime<FixedOffset>,
}

impl EraseRequest {
    /// The request made at `now`, or the one already made: asking again never brings it closer.
    pub fn ask(existing: Option<EraseRequest>, now: DateTime<FixedOffset>) -> EraseRequest {
        existing.unwrap_or(EraseRequest { requested_at: now })
    }

    /// When erasing becomes possible.
    pub fn erasable_at(&self) -> DateTime<FixedOffset> {
        let wait = chrono::Duration::from_std(ERASE_WAIT).unwrap_or(chrono::Duration::MAX);
        self.requested_at
            .checked_add_signed(wait)
            .unwrap_or(self.requested_at)
    }

    /// Whether the device may be erased at `now`. A clock set back only makes the wait longer.
    pub fn may_erase(&self, now: DateTime<FixedOffset>) -> bool {
        now >= self.erasable_at()
    }
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

/// What the device keeps of its lock: how the PIN becomes a key, and the data key wrapped by it (and by
/// the recovery code, if there is one). Everything here may be public; without the PIN or the code it
/// opens nothing.
///
/// A wrapped key is the 32-byte data key encrypted with AES-256-GCM under the PIN's (or code's) key:
/// WebCrypto's `wrapKey("raw", …, {name: "AES-GCM", iv})`, byte for byte what version 1 stored by
/// encrypting the key's bytes, so a version 1 lock unwraps unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLock {
    /// 1: the PIN's wrap only. 2 added `recovery` and `passcode`; an older app refuses it rather than
    /// write a lock back without the recovery code's wrap.
    pub schema_version: u32,
    /// Always `pbkdf2-hmac-sha256`; named so a later key derivation can be told apart.
    pub kdf: String,
    pub iterations: u32,
    pub salt: Vec<u8>,
    /// The data key wrapped by the PIN's key: the nonce, then ciphertext and tag.
    pub wrap_nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    /// False until every record stored before the PIN was set has been encrypted.
    pub migrated: bool,
    /// The data key wrapped by the recovery code's key; `None` on a device whose PIN was set before
    /// recovery codes (staff are asked to make one after unlocking).
    #[serde(default)]
    pub recovery: Option<KeyWrap>,
    /// Whether the PIN is a passcode (letters allowed), so the lock screen offers the whole keyboard.
    #[serde(default)]
    pub passcode: bool,
}

/// The data key wrapped by a key made from a secret (the recovery code) with its own salt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyWrap {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub wrap_nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
}

impl KeyWrap {
    pub fn new(salt: [u8; 16], wrap_nonce: [u8; 12], wrapped_key: Vec<u8>) -> KeyWrap {
        KeyWrap {
            iterations: ITERATIONS,
            salt: salt.to_vec(),
            wrap_nonce: wrap_nonce.to_vec(),
            wrapped_key,
        }
    }

    fn readable(&self) -> bool {
        readable_kdf(self.iterations, &self.salt, &self.wrap_nonce)
    }
}

pub const KDF: &str = "pbkdf2-hmac-sha256";
const SCHEMA_VERSION: u32 = 2;

fn readable_kdf(iterations: u32, salt: &[u8], nonce: &[u8]) -> bool {
    (100_000..=10_000_000).contains(&iterations) && salt.len() == 16 && nonce.len() == 12
}

impl StoredLock {
    /// A new lock around the PIN's wrap (its salt, nonce and wrapped key) and the recovery code's.
    pub fn new(pin: KeyWrap, recovery: Option<KeyWrap>, kind: PinKind) -> StoredLock {
        StoredLock {
            schema_version: SCHEMA_VERSION,
            kdf: KDF.to_owned(),
            iterations: pin.iterations,
            salt: pin.salt,
            wrap_nonce: pin.wrap_nonce,
            wrapped_key: pin.wrapped_key,
            migrated: false,
            recovery,
            passcode: kind == PinKind::Passcode,
        }
    }

    /// The PIN's wrap.
    pub fn pin(&self) -> KeyWrap {
        KeyWrap {
            iterations: self.iterations,
            salt: self.salt.clone(),
            wrap_nonce: self.wrap_nonce.clone(),
            wrapped_key: self.wrapped_key.clone(),
        }
    }

    /// This lock with the PIN's wrap (and kind) replaced; the recovery code and the migration stay.
    pub fn with_pin(&self, pin: KeyWrap, kind: PinKind) -> StoredLock {
        StoredLock {
            schema_version: SCHEMA_VERSION,
            recovery: self.recovery.clone(),
            migrated: self.migrated,
            ..StoredLock::new(pin, None, kind)
        }
    }

    /// This lock with a new recovery code's wrap.
    pub fn with_recovery(&self, recovery: KeyWrap) -> StoredLock {
        StoredLock {
            schema_version: SCHEMA_VERSION,
            recovery: Some(recovery),
            ..self.clone()
        }
    }

    pub fn kind(&self) -> PinKind {
        if self.passcode {
            PinKind::Passcode
        } else {
            PinKind::Digits
        }
    }

    /// Whether this app can open it: a newer key derivation or shape is refused rather than guessed at.
    pub fn readable(&self) -> bool {
        (1..=SCHEMA_VERSION).contains(&self.schema_version)
            && self.kdf == KDF
            && readable_kdf(self.iterations, &self.salt, &self.wrap_nonce)
            && self.recovery.as_ref().is_none_or(KeyWrap::readable)
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
    fn idle_times_are_listed_shortest_first_and_hold_the_default() {
        assert!(IDLE_MINUTES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(IDLE_MINUTES.contains(&DEFAULT_IDLE_MINUTES));
    }

    #[test]
    fn a_new_pin_is_long_enough_and_typed_the_same_twice() {
        let digits = PinKind::Digits;
        assert_eq!(
            check_new_pin("12345", "12345", digits),
            Err(PinIssue::TooShort)
        );
        assert_eq!(
            check_new_pin("123456", "123465", digits),
            Err(PinIssue::Mismatch)
        );
        assert_eq!(check_new_pin("123456", "123456", digits), Ok(()));
        assert_eq!(
            check_new_pin("12345a", "12345a", digits),
            Err(PinIssue::NotDigits)
        );
    }

    #[test]
    fn a_passcode_is_eight_characters_of_any_kind() {
        let passcode = PinKind::Passcode;
        assert_eq!(
            check_new_pin("1234567", "1234567", passcode),
            Err(PinIssue::TooShort)
        );
        assert_eq!(check_new_pin("hest1234", "hest1234", passcode), Ok(()));
        // Characters, not bytes: eight letters of any script are eight.
        assert_eq!(check_new_pin("æøåÆØÅæø", "æøåÆØÅæø", passcode), Ok(()));
        assert_eq!(
            check_new_pin("æøåÆØÅ", "æøåÆØÅ", passcode),
            Err(PinIssue::TooShort)
        );
    }

    #[test]
    fn a_shared_device_must_have_a_pin_and_a_personal_one_is_offered_one() {
        let asked: Vec<_> = DeviceMode::ALL
            .into_iter()
            .map(|mode| (mode, pin_at_first_start(mode)))
            .collect();
        assert_eq!(
            asked,
            [
                (DeviceMode::Facility, PinAtStart::Required),
                (DeviceMode::Personal, PinAtStart::Offered),
                (DeviceMode::Caseworker, PinAtStart::Required),
            ]
        );
    }

    #[test]
    fn a_required_pin_cannot_be_declined_and_an_offered_one_is_asked_once() {
        use DeviceMode::*;
        let asks = |mode, has_pin, declined| asks_for_pin(mode, has_pin, declined);
        assert!(asks(Facility, false, false) && asks(Facility, false, true));
        assert!(asks(Caseworker, false, true));
        assert!(asks(Personal, false, false) && !asks(Personal, false, true));
        for mode in DeviceMode::ALL {
            assert!(!asks(mode, true, false), "{mode:?}");
        }
    }

    fn code(seed: u8) -> RecoveryCode {
        let mut bytes = [0u8; RECOVERY_RANDOM_BYTES];
        for (idx, byte) in bytes.iter_mut().enumerate() {
            *byte = seed
                .wrapping_mul(31)
                .wrapping_add((idx as u8).wrapping_mul(97));
        }
        RecoveryCode::from_random(bytes)
    }

    #[test]
    fn a_recovery_code_is_five_groups_of_five_unambiguous_characters() {
        let code = code(1);
        let groups = code.groups();
        assert_eq!(groups.len(), 5);
        assert!(groups.iter().all(|group| group.len() == 5), "{groups:?}");
        assert!(
            code.as_str()
                .chars()
                .all(|char| !"01IO".contains(char) && RECOVERY_ALPHABET.contains(&(char as u8)))
        );
        assert_eq!(code.groups().concat(), code.as_str());
        assert_eq!(format!("{code:?}"), "RecoveryCode(..)");
    }

    #[test]
    fn a_recovery_code_reads_back_however_it_is_typed() {
        let code = code(2);
        let grouped = code.groups().join("-");
        assert_eq!(RecoveryCode::parse(&grouped), Ok(code.clone()));
        let spaced = code.groups().join("  ").to_lowercase();
        assert_eq!(
            RecoveryCode::parse(&format!(" {spaced}\n")),
            Ok(code.clone())
        );
        assert_eq!(RecoveryCode::parse(code.as_str()), Ok(code));
    }

    #[test]
    fn a_mistyped_recovery_code_is_refused_with_its_reason() {
        let code = code(3);
        let text = code.as_str();
        assert_eq!(
            RecoveryCode::parse(&text[..24]),
            Err(RecoveryIssue::Length { found: 24 })
        );
        assert_eq!(
            RecoveryCode::parse(&format!("{}0", &text[..24])),
            Err(RecoveryIssue::Character('0'))
        );
        // Every single character changed to every other is caught by the check character.
        for idx in 0..text.len() {
            for symbol in RECOVERY_ALPHABET.iter().map(|byte| char::from(*byte)) {
                let mut typed: Vec<char> = text.chars().collect();
                if typed[idx] == symbol {
                    continue;
                }
                typed[idx] = symbol;
                let typed: String = typed.into_iter().collect();
                assert_eq!(
                    RecoveryCode::parse(&typed),
                    Err(RecoveryIssue::Check),
                    "{typed}"
                );
            }
        }
    }

    #[test]
    fn the_last_group_retyped_confirms_the_code_was_written_down() {
        let code = code(4);
        let last = code.groups()[4].to_owned();
        assert!(code.confirmed_by(&last));
        assert!(code.confirmed_by(&format!(" {} ", last.to_lowercase())));
        assert!(!code.confirmed_by(code.groups()[0]));
        assert!(!code.confirmed_by(""));
    }

    #[test]
    fn an_erase_waits_72_hours_and_asking_again_never_brings_it_closer() {
        let request = EraseRequest::ask(None, at(0));
        assert_eq!(request.erasable_at(), at(72 * 3600));
        assert!(!request.may_erase(at(72 * 3600 - 1)));
        assert!(request.may_erase(at(72 * 3600)));
        // A clock set back makes the wait longer, never shorter.
        assert!(!request.may_erase(at(-3600)));
        let again = EraseRequest::ask(Some(request.clone()), at(50 * 3600));
        assert_eq!(again, request);
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

    fn wrap(byte: u8) -> KeyWrap {
        KeyWrap::new([byte; 16], [byte; 12], vec![byte; 48])
    }

    #[test]
    fn a_version_1_lock_reads_without_a_recovery_code() {
        let stored: StoredLock = serde_json::from_str(
            r#"{"schema_version":1,"kdf":"pbkdf2-hmac-sha256","iterations":600000,"salt":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"wrap_nonce":[2,2,2,2,2,2,2,2,2,2,2,2],"wrapped_key":[3],"migrated":true}"#,
        )
        .unwrap();
        assert!(stored.readable());
        assert_eq!(stored.recovery, None);
        assert_eq!(stored.kind(), PinKind::Digits);
        // Changing its PIN keeps it migrated and writes version 2.
        let changed = stored.with_pin(wrap(4), PinKind::Passcode);
        assert_eq!(
            (changed.schema_version, changed.migrated, changed.kind()),
            (2, true, PinKind::Passcode)
        );
        assert_eq!(changed.with_recovery(wrap(5)).recovery, Some(wrap(5)));
    }

    #[test]
    fn a_new_pin_keeps_the_recovery_code() {
        let lock = StoredLock::new(wrap(1), Some(wrap(2)), PinKind::Digits);
        let changed = lock.with_pin(wrap(3), PinKind::Digits);
        assert_eq!(changed.recovery, Some(wrap(2)));
        assert_eq!(changed.pin(), wrap(3));
    }

    #[test]
    fn a_lock_from_a_newer_app_is_not_guessed_at() {
        let lock = StoredLock::new(wrap(1), Some(wrap(2)), PinKind::Digits);
        assert!(lock.readable());
        for changed in [
            StoredLock {
                schema_version: 3,
                ..lock.clone()
            },
            StoredLock {
                recovery: Some(KeyWrap {
                    iterations: 1_000,
                    ..wrap(2)
                }),
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

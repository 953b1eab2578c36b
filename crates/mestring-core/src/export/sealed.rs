//! An export sealed with a passphrase, for files that travel by e-mail or on a USB stick.
//!
//! A standard construction, so that any crypto library can open a file (`docs/export-format.md`):
//! the key is PBKDF2-HMAC-SHA-256 of the passphrase (UTF-8) with a random 16-byte salt, 600,000
//! iterations (OWASP's 2023 figure for this hash), 32 bytes; the export file's bytes are encrypted with
//! AES-256-GCM under that key and a random 12-byte nonce, the 16-byte tag appended. The envelope is
//! JSON with the parameters and base64 values. Randomness is the caller's, as everywhere in the core.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::stored::{DecodeError, named};

mod in_place;
use crate::strict;
pub use in_place::{InPlace, open_in_place};

/// The `format` of a sealed file.
pub const FORMAT: &str = "mestring-export-sealed";
pub const FORMAT_VERSION: u32 = 1;
pub const ITERATIONS: u32 = 600_000;
/// Shorter passphrases are refused: a file can be attacked offline for as long as anyone likes.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// The fewest iterations a reader accepts: a weaker key than the first release's is refused.
pub const MIN_ITERATIONS: u32 = 100_000;
/// The most iterations a reader accepts, so that a crafted file cannot keep it busy: every try of a
/// passphrase costs them again. PBKDF2-HMAC-SHA-256 in the release build takes about 0.64 µs of CPU a
/// round on the development machine (`cargo bench -p mestring-core --bench sealed`: 10.6 million rounds
/// in 6.8 s of CPU), so this cap costs 0.64 s, and the writer's 600,000 leave room for a stronger
/// writer.
pub const MAX_ITERATIONS: u32 = 1_000_000;
/// The salt lengths a reader accepts, in bytes: this writer's 16, up to 64 from another tool.
const SALT_BYTES: std::ops::RangeInclusive<usize> = 16..=64;

const KDF: &str = "pbkdf2-hmac-sha256";
const CIPHER: &str = "aes-256-gcm";

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    format_version: u32,
    kdf: Kdf,
    cipher: Cipher,
    /// The encrypted export file with the GCM tag appended, base64.
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    iterations: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    nonce: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters")]
    PassphraseTooShort,
    #[error("the file could not be sealed: {0}")]
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("not a sealed Mestring export")]
    NotSealed,
    #[error(
        "sealed by a newer Mestring (sealed format version {found}; this one reads up to {FORMAT_VERSION})"
    )]
    TooNew { found: u32 },
    #[error("malformed sealed export: {0}")]
    Malformed(String),
    #[error(
        "kdf.iterations: {found} is outside the accepted {MIN_ITERATIONS} to {MAX_ITERATIONS} (fewer make a weak key; more would keep this reader busy for seconds at every try)"
    )]
    Iterations { found: u32 },
    #[error("the passphrase is wrong, or the file was changed after it was sealed")]
    WrongPassphrase,
}

/// `file` (an export's text) sealed with `passphrase`.
pub fn seal(
    file: &str,
    passphrase: &str,
    salt: [u8; 16],
    nonce: [u8; 12],
) -> Result<String, SealError> {
    seal_with(file, passphrase, salt, nonce, ITERATIONS)
}

/// [`seal`] with another count of iterations: tests that open many sealed files take the fewest a
/// reader accepts.
pub(crate) fn seal_with(
    file: &str,
    passphrase: &str,
    salt: [u8; 16],
    nonce: [u8; 12],
    iterations: u32,
) -> Result<String, SealError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SealError::PassphraseTooShort);
    }
    let cipher = Aes256Gcm::new(&key(passphrase, &salt, iterations).into());
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), file.as_bytes())
        .map_err(|err| SealError::Failed(err.to_string()))?;
    let envelope = Envelope {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        kdf: Kdf {
            name: KDF.to_owned(),
            iterations,
            salt: BASE64.encode(salt),
        },
        cipher: Cipher {
            name: CIPHER.to_owned(),
            nonce: BASE64.encode(nonce),
        },
        ciphertext: BASE64.encode(ciphertext),
    };
    serde_json::to_string(&envelope).map_err(|err| SealError::Failed(err.to_string()))
}

/// The export file inside a sealed one. Every parameter is checked before the key is derived, so a
/// crafted envelope costs the reader no more than an honest one. A UTF-8 byte-order mark before the
/// envelope is skipped.
pub fn open(text: &str, passphrase: &str) -> Result<String, OpenError> {
    let envelope = strict::json(super::without_bom(text))
        .map_err(|err| OpenError::Malformed(err.to_string()))?;
    let (parameters, ciphertext) = checked(envelope)?;
    let ciphertext = BASE64
        .decode(ciphertext)
        .map_err(|err| OpenError::Malformed(format!("ciphertext: {err}")))?;
    let cipher = Aes256Gcm::new(&parameters.key(passphrase).into());
    let plain = cipher
        .decrypt(Nonce::from_slice(&parameters.nonce), ciphertext.as_slice())
        .map_err(|_| OpenError::WrongPassphrase)?;
    String::from_utf8(plain).map_err(|err| OpenError::Malformed(err.to_string()))
}

/// What opens a sealed file besides the passphrase, checked.
struct Parameters {
    iterations: u32,
    salt: Vec<u8>,
    nonce: [u8; 12],
}

impl Parameters {
    fn key(&self, passphrase: &str) -> [u8; 32] {
        key(passphrase, &self.salt, self.iterations)
    }
}

/// The parameters of an envelope and its ciphertext (base64), each checked but the ciphertext.
fn checked(envelope: serde_json::Value) -> Result<(Parameters, String), OpenError> {
    if envelope.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(OpenError::NotSealed);
    }
    let envelope: Envelope = named(&envelope).map_err(|err| match err {
        DecodeError::Malformed(reason) => OpenError::Malformed(reason),
        other => OpenError::Malformed(other.to_string()),
    })?;
    if envelope.format_version == 0 {
        return Err(OpenError::Malformed(format!(
            "format_version: expected a whole number 1 to {FORMAT_VERSION}, found 0"
        )));
    }
    if envelope.format_version > FORMAT_VERSION {
        return Err(OpenError::TooNew {
            found: envelope.format_version,
        });
    }
    if envelope.kdf.name != KDF || envelope.cipher.name != CIPHER {
        return Err(OpenError::Malformed(format!(
            "unknown construction {} with {}",
            envelope.kdf.name, envelope.cipher.name
        )));
    }
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&envelope.kdf.iterations) {
        return Err(OpenError::Iterations {
            found: envelope.kdf.iterations,
        });
    }
    let decoded = |field: &str, value: &str| {
        BASE64
            .decode(value)
            .map_err(|err| OpenError::Malformed(format!("{field}: {err}")))
    };
    let salt = decoded("kdf.salt", &envelope.kdf.salt)?;
    let nonce = decoded("cipher.nonce", &envelope.cipher.nonce)?;
    if !SALT_BYTES.contains(&salt.len()) {
        return Err(OpenError::Malformed(format!(
            "kdf.salt: {} bytes, expected {} to {}",
            salt.len(),
            SALT_BYTES.start(),
            SALT_BYTES.end()
        )));
    }
    let Ok(nonce) = <[u8; 12]>::try_from(nonce.as_slice()) else {
        return Err(OpenError::Malformed(format!(
            "cipher.nonce: {} bytes, expected 12",
            nonce.len()
        )));
    };
    let parameters = Parameters {
        iterations: envelope.kdf.iterations,
        salt,
        nonce,
    };
    Ok((parameters, envelope.ciphertext))
}

fn key(passphrase: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(passphrase.as_bytes(), salt, iterations)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";

    #[test]
    fn a_sealed_file_opens_with_its_passphrase_only() {
        let file = r#"{"format":"mestring-export"}"#;
        let sealed = seal(file, PASSPHRASE, [7; 16], [9; 12]).unwrap();
        assert!(!sealed.contains("mestring-export\""), "{sealed}");
        assert_eq!(open(&sealed, PASSPHRASE).unwrap(), file);
        assert_eq!(
            open(&sealed, "korrekt hest batteri"),
            Err(OpenError::WrongPassphrase)
        );
    }

    #[test]
    fn the_construction_is_the_documented_one() {
        // PBKDF2-HMAC-SHA-256 test vector (RFC 7914, section 11: "passwd", "salt", 1 iteration; the
        // first 32 of its 64 bytes).
        let hex: String = key("passwd", b"salt", 1)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(
            hex,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
        let sealed: serde_json::Value =
            serde_json::from_str(&seal("{}", PASSPHRASE, [7; 16], [9; 12]).unwrap()).unwrap();
        assert_eq!(sealed["kdf"]["name"], "pbkdf2-hmac-sha256");
        assert_eq!(sealed["kdf"]["iterations"], 600_000);
        assert_eq!(sealed["kdf"]["salt"], BASE64.encode([7; 16]));
        assert_eq!(sealed["cipher"]["name"], "aes-256-gcm");
        // Two bytes of plain text, the 16-byte tag.
        let ciphertext = BASE64
            .decode(sealed["ciphertext"].as_str().unwrap())
            .unwrap();
        assert_eq!(ciphertext.len(), 2 + 16);
    }

    #[test]
    fn a_file_asking_more_iterations_than_the_cap_is_refused_before_any_are_run() {
        let sealed = seal("{}", PASSPHRASE, [7; 16], [9; 12]).unwrap();
        let mut envelope: serde_json::Value = serde_json::from_str(&sealed).unwrap();
        for found in [MAX_ITERATIONS + 1, u32::MAX] {
            envelope["kdf"]["iterations"] = found.into();
            let err = open(&envelope.to_string(), PASSPHRASE).unwrap_err();
            assert_eq!(err, OpenError::Iterations { found });
            let message = err.to_string();
            assert!(
                message.contains(&found.to_string())
                    && message.contains(&MAX_ITERATIONS.to_string()),
                "{message}"
            );
        }
        envelope["kdf"]["iterations"] = 1_000_000_000_000u64.into();
        let err = open(&envelope.to_string(), PASSPHRASE)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("malformed sealed export: kdf.iterations: "),
            "{err}"
        );
        // What this writer seals is always within the cap.
        assert!((MIN_ITERATIONS..=MAX_ITERATIONS).contains(&ITERATIONS));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_a_key_given_twice_refused() {
        let sealed = seal("{}", PASSPHRASE, [7; 16], [9; 12]).unwrap();
        assert_eq!(
            open(&format!("\u{feff}{sealed}"), PASSPHRASE).as_deref(),
            Ok("{}")
        );
        // A second `iterations` that a reader keeping the last one would take.
        let twice = sealed.replacen(
            "\"iterations\":600000",
            "\"iterations\":1,\"iterations\":600000",
            1,
        );
        assert_ne!(twice, sealed);
        let err = open(&twice, PASSPHRASE).unwrap_err().to_string();
        assert!(err.contains("\"iterations\" is given twice"), "{err}");
    }

    #[test]
    fn a_short_passphrase_is_refused() {
        assert_eq!(
            seal("{}", "123456789", [0; 16], [0; 12]),
            Err(SealError::PassphraseTooShort)
        );
    }

    #[test]
    fn damaged_or_odd_envelopes_are_refused_with_a_reason() {
        let sealed = seal("{}", PASSPHRASE, [7; 16], [9; 12]).unwrap();
        let mut envelope: serde_json::Value = serde_json::from_str(&sealed).unwrap();
        let changed = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut copy = envelope.clone();
            change(&mut copy);
            open(&copy.to_string(), PASSPHRASE)
        };
        assert_eq!(
            changed(&|e| e["kdf"]["iterations"] = 1.into()),
            Err(OpenError::Iterations { found: 1 })
        );
        assert_eq!(
            changed(&|e| e["kdf"]["salt"] = BASE64.encode([8; 16]).into()),
            Err(OpenError::WrongPassphrase)
        );
        assert_eq!(
            changed(&|e| e["format_version"] = 2.into()),
            Err(OpenError::TooNew { found: 2 })
        );
        assert_eq!(
            open(r#"{"format":"mestring-export"}"#, PASSPHRASE),
            Err(OpenError::NotSealed)
        );
        assert_eq!(
            changed(&|e| e["format_version"] = 0.into()),
            Err(OpenError::Malformed(
                "format_version: expected a whole number 1 to 1, found 0".to_owned()
            ))
        );
        assert_eq!(
            changed(&|e| e["kdf"]["salt"] = BASE64.encode([7; 65]).into()),
            Err(OpenError::Malformed(
                "kdf.salt: 65 bytes, expected 16 to 64".to_owned()
            ))
        );
        assert_eq!(
            changed(&|e| e["cipher"]["nonce"] = BASE64.encode([7; 16]).into()),
            Err(OpenError::Malformed(
                "cipher.nonce: 16 bytes, expected 12".to_owned()
            ))
        );
        envelope["ciphertext"] = "not base64!".into();
        assert!(matches!(
            open(&envelope.to_string(), PASSPHRASE),
            Err(OpenError::Malformed(reason)) if reason.starts_with("ciphertext: ")
        ));
    }
}

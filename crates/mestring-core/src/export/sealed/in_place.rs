//! A sealed file read where it lies, block by block, so that a large one is never held in memory.
//!
//! AES-GCM is AES in counter mode with a GHASH tag over the ciphertext: the tag can be checked in one
//! pass over the ciphertext, and any stretch of the plain text decrypted on its own, by moving the counter
//! to it. The ciphertext is base64 in the envelope, four characters for every three bytes, so any stretch
//! of bytes lies at a known place in the file. [`open_in_place`] checks the tag over the whole file
//! before anything is read; [`InPlace`] then reads the plain text as a file is read (it is the same
//! construction as [`super::open`], which a test checks on every length around a block and a base64 group).

use std::io::{self, BufRead as _, Read, Seek, SeekFrom};

use aes::Aes256;
use aes::cipher::{BlockEncrypt as _, KeyInit as _, KeyIvInit as _, StreamCipher as _};
use base64::Engine as _;
use ctr::cipher::StreamCipherSeek as _;
use ghash::GHash;
use ghash::universal_hash::UniversalHash as _;
use serde_json::Value;

use super::{BASE64, OpenError, checked};
use crate::export::without_bom;
use crate::strict;

type Ctr = ctr::Ctr32BE<Aes256>;

/// The bytes a reading decrypts at a time: a whole number of base64 groups (three bytes) and of AES
/// blocks (sixteen), so that the tag's pass feeds GHASH whole blocks.
const CHUNK: u64 = 3 * 16 * 1024;

/// The plain text of a sealed file, read from the file as it is asked for.
pub struct InPlace<R> {
    file: R,
    /// Where the ciphertext's base64 text begins in the file (after its opening quote).
    text_start: u64,
    /// The plain text's length: the ciphertext's without its 16-byte tag.
    len: u64,
    /// The key stream from the counter block J0: its first 16 bytes mask the tag, the plain text's byte
    /// `p` is its byte `16 + p`.
    ctr: Ctr,
    position: u64,
    text: Vec<u8>,
    bytes: Vec<u8>,
}

/// `file`, a sealed export, opened to be read in place: its envelope read without holding the
/// ciphertext, every parameter checked as [`super::open`] checks it, the key derived, and the tag
/// checked over the whole ciphertext, block by block.
///
/// `Ok(None)` when the envelope is laid out otherwise than a plain string of base64 (escaped characters,
/// a key twice, not JSON): [`super::open`] reads such a file whole and says what is wrong with it.
pub fn open_in_place<R: Read + Seek>(
    mut file: R,
    passphrase: &str,
) -> Result<Option<InPlace<R>>, OpenError> {
    let Some((envelope, text_start, text_end)) = envelope(&mut file)? else {
        return Ok(None);
    };
    let (parameters, _) = checked(envelope)?;
    let Some(ct_len) = ciphertext_len(&mut file, text_start, text_end)? else {
        return Ok(None);
    };
    let Some(len) = ct_len.checked_sub(16) else {
        return Ok(None);
    };
    let key = parameters.key(passphrase);
    let mut opened = InPlace::new(file, text_start, len, &key, &parameters.nonce);
    match opened.tag_matches(&key) {
        Ok(true) => Ok(Some(opened)),
        Ok(false) => Err(OpenError::WrongPassphrase),
        Err(_) => Ok(None),
    }
}

impl<R: Read + Seek> InPlace<R> {
    fn new(file: R, text_start: u64, len: u64, key: &[u8; 32], nonce: &[u8; 12]) -> InPlace<R> {
        let mut j0 = [0; 16];
        j0[..12].copy_from_slice(nonce);
        j0[15] = 1;
        InPlace {
            file,
            text_start,
            len,
            ctr: Ctr::new(key.into(), &j0.into()),
            position: 0,
            text: Vec::new(),
            bytes: Vec::new(),
        }
    }

    /// The file read: to close it while it is not read, say (every reading seeks first).
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.file
    }

    /// Whether the tag at the end of the ciphertext is the one GHASH gives for the rest (as
    /// `aes_gcm::AesGcm` computes it, without associated data); an error when the base64 does not read.
    fn tag_matches(&mut self, key: &[u8; 32]) -> io::Result<bool> {
        let cipher = Aes256::new(key.into());
        let mut hash_key = ghash::Key::default();
        cipher.encrypt_block(&mut hash_key);
        let mut ghash = GHash::new(&hash_key);
        let mut at = 0;
        while at < self.len {
            let n = CHUNK.min(self.len - at);
            self.ciphertext(at, n)?;
            // Whole blocks but for the last chunk, which GHASH pads.
            ghash.update_padded(&self.bytes[self.skip(at)..][..n as usize]);
            at += n;
        }
        self.ciphertext(self.len, 16)?;
        let stated: [u8; 16] = self.bytes[self.skip(self.len)..][..16]
            .try_into()
            .map_err(io::Error::other)?;
        let mut lengths = ghash::Block::default();
        lengths[8..].copy_from_slice(&(self.len * 8).to_be_bytes());
        ghash.update(&[lengths]);
        let mut tag = ghash.finalize();
        let mut mask = [0; 16];
        self.ctr.seek(0);
        self.ctr.apply_keystream(&mut mask);
        tag.iter_mut()
            .zip(mask)
            .for_each(|(byte, mask)| *byte ^= mask);
        // Every byte compared, whichever differs.
        let differs = tag.iter().zip(stated).fold(0, |acc, (a, b)| acc | (a ^ b));
        Ok(differs == 0)
    }

    /// Reads the base64 groups holding the ciphertext's bytes `at..at + n` into `self.bytes`, decoded; they
    /// start at `self.skip(at)` in it.
    fn ciphertext(&mut self, at: u64, n: u64) -> io::Result<()> {
        let (first, end) = (at / 3, (at + n).div_ceil(3));
        self.text.resize(((end - first) * 4) as usize, 0);
        self.file
            .seek(SeekFrom::Start(self.text_start + first * 4))?;
        self.file.read_exact(&mut self.text)?;
        self.bytes.resize(self.text.len() / 4 * 3, 0);
        let decoded = BASE64
            .decode_slice(&self.text, &mut self.bytes)
            .map_err(|err| io::Error::other(err.to_string()))?;
        self.bytes.truncate(decoded);
        Ok(())
    }

    fn skip(&self, at: u64) -> usize {
        (at % 3) as usize
    }
}

impl<R: Read + Seek> Read for InPlace<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64)
            .min(self.len.saturating_sub(self.position))
            .min(CHUNK);
        if n == 0 {
            return Ok(0);
        }
        let out = &mut buf[..n as usize];
        self.ciphertext(self.position, n)?;
        out.copy_from_slice(&self.bytes[self.skip(self.position)..][..out.len()]);
        self.ctr.seek(16 + self.position);
        self.ctr.apply_keystream(out);
        self.position += n;
        Ok(n as usize)
    }
}

impl<R: Read + Seek> Seek for InPlace<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let position = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::Current(by) => self.position.checked_add_signed(by),
            SeekFrom::End(by) => self.len.checked_add_signed(by),
        };
        self.position = position.ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        Ok(self.position)
    }
}

/// The envelope's fields, its ciphertext left out (an empty string in its place), and where the
/// ciphertext's characters lie in the file; `None` unless it is a plain string of an envelope that reads.
fn envelope<R: Read + Seek>(file: &mut R) -> Result<Option<(Value, u64, u64)>, OpenError> {
    let io = |err: io::Error| OpenError::Malformed(err.to_string());
    let Some((start, end)) = locate(file).map_err(io)? else {
        return Ok(None);
    };
    // The file without the ciphertext's characters: a few hundred bytes, read as `open` reads all of it.
    let mut rest = Vec::new();
    file.rewind().map_err(io)?;
    (&mut *file)
        .take(start)
        .read_to_end(&mut rest)
        .map_err(io)?;
    file.seek(SeekFrom::Start(end)).map_err(io)?;
    file.read_to_end(&mut rest).map_err(io)?;
    let Ok(rest) = String::from_utf8(rest) else {
        return Ok(None);
    };
    let Ok(Value::Object(envelope)) = strict::json(without_bom(&rest)) else {
        return Ok(None);
    };
    // The string emptied is the one `open` would read as the ciphertext.
    if envelope.get("ciphertext") != Some(&Value::String(String::new())) {
        return Ok(None);
    }
    Ok(Some((Value::Object(envelope), start, end)))
}

/// Where the characters of the string under the key `ciphertext` of the file's object lie, found by
/// following the JSON's strings and nesting byte by byte (serde_json would take a second for a large
/// file's); `None` when there is none, or it has an escaped character. What is around it is read as JSON
/// afterwards, so a file that is not JSON is never taken for one.
fn locate<R: Read + Seek>(file: &mut R) -> io::Result<Option<(u64, u64)>> {
    const KEY: &[u8] = b"ciphertext";
    file.rewind()?;
    let mut reader = io::BufReader::with_capacity(64 * 1024, file);
    let (mut at, mut depth) = (0_u64, 0_u32);
    // Inside a string: where it started, whether it is a key of the outer object, whether it is the
    // ciphertext, and whether the byte before was a backslash.
    let mut string: Option<(u64, bool, bool)> = None;
    let mut escaped = false;
    let mut key = Vec::new();
    // In the outer object: whether a key may come next, and whether the last key was `ciphertext` and
    // its colon came.
    let (mut expect_key, mut after_key, mut after_colon) = (false, false, false);
    loop {
        let block = reader.fill_buf()?;
        if block.is_empty() {
            return Ok(None);
        }
        let n = block.len();
        for &byte in block {
            match string {
                Some((start, is_key, is_ciphertext)) => {
                    if escaped {
                        escaped = false;
                    } else if byte == b'\\' {
                        if is_ciphertext {
                            return Ok(None);
                        }
                        escaped = true;
                    } else if byte == b'"' {
                        if is_ciphertext {
                            return Ok(Some((start, at)));
                        }
                        after_key = is_key && key == KEY;
                        string = None;
                    } else if is_key && key.len() <= KEY.len() {
                        key.push(byte);
                    }
                }
                None => match byte {
                    b'"' => {
                        let is_key = expect_key && depth == 1;
                        let is_ciphertext = depth == 1 && after_colon;
                        string = Some((at + 1, is_key, is_ciphertext));
                        key.clear();
                        (expect_key, after_colon) = (false, false);
                    }
                    b'{' | b'[' => {
                        depth += 1;
                        expect_key = byte == b'{' && depth == 1;
                        after_colon = false;
                    }
                    b'}' | b']' => depth = depth.saturating_sub(1),
                    b',' if depth == 1 => {
                        (expect_key, after_key, after_colon) = (true, false, false)
                    }
                    b':' if depth == 1 => (after_colon, after_key) = (after_key, false),
                    _ => {}
                },
            }
            at += 1;
        }
        reader.consume(n);
    }
}

/// How many bytes the base64 text from `start` to `end` holds; `None` unless it is whole groups of four.
fn ciphertext_len<R: Read + Seek>(
    file: &mut R,
    start: u64,
    end: u64,
) -> Result<Option<u64>, OpenError> {
    let chars = end - start;
    if !chars.is_multiple_of(4) || chars < 4 {
        return Ok(None);
    }
    let io = |err: io::Error| OpenError::Malformed(err.to_string());
    let mut last = [0; 2];
    file.seek(SeekFrom::Start(end - 2)).map_err(io)?;
    file.read_exact(&mut last).map_err(io)?;
    let padding = last.iter().filter(|byte| **byte == b'=').count() as u64;
    Ok(Some(chars / 4 * 3 - padding))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sealed::{open, seal_with};

    const PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";

    /// Every plain length around a base64 group and an AES block, read whole and in odd pieces.
    #[test]
    fn in_place_reads_what_open_reads() {
        for len in [0usize, 1, 16, 17, 48, 49, 200_000] {
            let plain: String = (0..len)
                .map(|idx| char::from(b'a' + (idx % 26) as u8))
                .collect();
            let sealed = seal_with(
                &plain,
                PASSPHRASE,
                [7; 16],
                [9; 12],
                super::super::MIN_ITERATIONS,
            )
            .unwrap();
            assert_eq!(open(&sealed, PASSPHRASE).unwrap(), plain);
            let mut opened = open_in_place(io::Cursor::new(sealed.as_bytes()), PASSPHRASE)
                .unwrap()
                .unwrap();
            let mut whole = String::new();
            opened.read_to_string(&mut whole).unwrap();
            assert_eq!(whole, plain, "{len}");
            for (at, n) in [(0, 1), (1, 5), (len / 2, 7), (len.saturating_sub(4), 4)] {
                if at + n > len {
                    continue;
                }
                let mut piece = vec![0; n];
                opened.seek(SeekFrom::Start(at as u64)).unwrap();
                opened.read_exact(&mut piece).unwrap();
                assert_eq!(piece, plain.as_bytes()[at..at + n], "{len} {at} {n}");
            }
        }
    }

    #[test]
    fn an_envelope_laid_out_otherwise_is_read_in_place_too() {
        let plain = "{\"format\":\"mestring-export\"}";
        let sealed = seal_with(
            plain,
            PASSPHRASE,
            [7; 16],
            [9; 12],
            super::super::MIN_ITERATIONS,
        )
        .unwrap();
        let envelope: Value = serde_json::from_str(&sealed).unwrap();
        // Pretty-printed, keys in code-point order (the ciphertext before the format), a byte-order mark.
        let pretty = format!(
            "\u{feff}{}",
            serde_json::to_string_pretty(&envelope).unwrap()
        );
        assert!(pretty.find("ciphertext") < pretty.find("format"));
        let mut opened = open_in_place(io::Cursor::new(pretty.as_bytes()), PASSPHRASE)
            .unwrap()
            .unwrap();
        let mut whole = String::new();
        opened.read_to_string(&mut whole).unwrap();
        assert_eq!(whole, plain);
    }

    #[test]
    fn a_wrong_passphrase_or_a_changed_ciphertext_is_refused_before_anything_is_read() {
        let plain = "{\"format\":\"mestring-export\"}".repeat(100);
        let sealed = seal_with(
            &plain,
            PASSPHRASE,
            [7; 16],
            [9; 12],
            super::super::MIN_ITERATIONS,
        )
        .unwrap();
        let opened = open_in_place(io::Cursor::new(sealed.as_bytes()), "korrekt hest batteri");
        assert_eq!(opened.err(), Some(OpenError::WrongPassphrase));
        // One base64 character of the ciphertext changed for another.
        let at = sealed.find("\"ciphertext\":\"").unwrap() + 30;
        let mut changed = sealed.into_bytes();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let opened = open_in_place(io::Cursor::new(changed), PASSPHRASE);
        assert_eq!(opened.err(), Some(OpenError::WrongPassphrase));
    }

    #[test]
    fn an_envelope_only_open_reads_is_left_to_it() {
        let sealed = seal_with(
            "{}",
            PASSPHRASE,
            [7; 16],
            [9; 12],
            super::super::MIN_ITERATIONS,
        )
        .unwrap();
        // A character of the ciphertext written escaped: the same string, not laid out in place.
        let at = sealed.find("\"ciphertext\":\"").unwrap() + 14;
        let escaped = format!(
            "{}\\u{:04x}{}",
            &sealed[..at],
            sealed.as_bytes()[at],
            &sealed[at + 1..]
        );
        assert_eq!(open(&escaped, PASSPHRASE).unwrap(), "{}");
        let twice = sealed.replacen("\"ciphertext\":", "\"ciphertext\":\"\",\"ciphertext\":", 1);
        for text in [
            escaped,
            twice,
            "[]".to_owned(),
            "{\"ciphertext\": 5}".to_owned(),
        ] {
            let opened = open_in_place(io::Cursor::new(text.as_bytes()), PASSPHRASE);
            assert!(matches!(opened, Ok(None)), "{text}");
        }
        // A parameter out of bounds is refused as `open` refuses it.
        let weak = sealed.replacen("\"iterations\":100000", "\"iterations\":1", 1);
        let opened = open_in_place(io::Cursor::new(weak.as_bytes()), PASSPHRASE);
        assert_eq!(opened.err(), Some(OpenError::Iterations { found: 1 }));
    }
}

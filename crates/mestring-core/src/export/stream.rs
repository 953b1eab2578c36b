//! One pass over an export file: each record decoded as it is met and its `Value` dropped, the payload
//! hashed in canonical form as it goes, the header kept. A facility's years of forms as one `Value` tree
//! took 1.9 GB for an 84 MB file (`cargo bench -p mestring-cli --bench import`).
//! Every value is read with [`UniqueKeys`]: a key given twice anywhere in the file refuses it.
//!
//! The checksum covers the payload's fields in code-point order of their keys, the order every Mestring
//! writer puts them in; so each field is hashed as it is read ([`Hashing::AsRead`]) and nothing of the
//! payload is held. A file whose payload fields come in another order is valid too, but its checksum can
//! only be computed once every field is known: it is read again with each field's canonical text held
//! ([`Hashing::Held`]).

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::export::sealed;
use crate::strict::{UniqueKeys, quote};

/// What the pass gives: the header fields, which payload fields there were, and the payload's digest.
/// Every payload record went to the caller's `record` as it was met.
pub(super) struct Pass {
    pub(super) header: Map<String, Value>,
    /// The keys of the payload's fields.
    pub(super) payload_keys: BTreeSet<String>,
    /// Whether the file had a `payload` object at all.
    pub(super) has_payload: bool,
    /// SHA-256 of the payload in canonical form ([`write_object`]).
    pub(super) digest: [u8; 32],
}

/// How the payload's canonical text reaches the hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hashing {
    /// Each field hashed as it is read: the payload's keys must come in code-point order.
    AsRead,
    /// Each field's canonical text held until the payload ends, whatever the order of its keys.
    Held,
}

/// Why a pass stopped.
pub(super) enum Stop {
    /// The input could not be read.
    Io(io::Error),
    Json {
        err: serde_json::Error,
        /// Whether the text was a JSON object (a broken export, not some other JSON).
        in_object: bool,
    },
    /// With [`Hashing::AsRead`], a payload field came after one whose key sorts later: read again with
    /// [`Hashing::Held`].
    OutOfOrder,
    /// The file is a sealed one (its `format` says so): the rest, its ciphertext, is not read.
    Sealed,
}

/// Where a record lies in the input: its bytes from `start` to `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u64,
    pub(super) end: u64,
}

/// The lists whose items are records; any other payload field is kept only for the checksum.
pub(super) const LISTS: [&str; 6] = [
    "citizens",
    "responses",
    "assessments",
    "plans",
    "meetings",
    "quarantine",
];

/// A record handed to the caller: its list's name, its value and where it lay.
pub(super) type OnRecord<'a> = dyn FnMut(&'static str, Value, Span) + 'a;

impl Pass {
    /// Reads the text `read` gives, handing each record of [`LISTS`] to `record` with its list's name
    /// and its [`Span`] as `position` tells it ([`Counted`]; spans are meaningless without it).
    pub(super) fn run<'de, R: serde_json::de::Read<'de>>(
        read: R,
        hashing: Hashing,
        position: &dyn Fn() -> u64,
        record: &mut OnRecord,
    ) -> Result<Pass, Stop> {
        let mut state = State {
            header: Map::new(),
            payload_keys: BTreeSet::new(),
            has_payload: false,
            canonical: match hashing {
                Hashing::AsRead => Canonical::AsRead(Digesting(Sha256::new())),
                Hashing::Held => Canonical::Held(BTreeMap::new()),
            },
            digest: [0; 32],
            out_of_order: false,
            sealed: false,
            in_object: false,
            position,
            record,
        };
        let mut deserializer = serde_json::Deserializer::new(read);
        let read = deserializer
            .deserialize_map(FileVisitor(&mut state))
            .and_then(|()| deserializer.end());
        match read {
            Err(_) if state.out_of_order => Err(Stop::OutOfOrder),
            Err(_) if state.sealed => Err(Stop::Sealed),
            Err(err) => Err(Stop::Json {
                err,
                in_object: state.in_object,
            }),
            Ok(()) => Ok(Pass {
                header: state.header,
                payload_keys: state.payload_keys,
                has_payload: state.has_payload,
                digest: state.digest,
            }),
        }
    }
}

/// An input read in large blocks that counts the bytes taken from it, so that a pass knows where each
/// record lies. serde_json takes one byte at a time from it.
///
/// serde_json takes one byte ahead of the value it reads next: when a record begins, its first byte has
/// been taken; when an object ends, nothing after its `}` has.
pub(super) struct Counted<R> {
    inner: R,
    block: Box<[u8]>,
    /// The next byte to give, and the end of what the block holds.
    pos: usize,
    filled: usize,
    taken: Taken,
}

/// How many bytes of the file lie before the next one a [`Counted`] input gives.
pub(super) type Taken = Rc<Cell<u64>>;

/// Large enough that reading costs nothing beside parsing.
const BLOCK: usize = 64 * 1024;

impl<R: io::Read> Counted<R> {
    /// `inner` from where it stands, past a byte-order mark there.
    pub(super) fn new(inner: R) -> io::Result<(Counted<R>, Taken)> {
        let taken = Rc::new(Cell::new(0));
        let mut counted = Counted {
            inner,
            block: vec![0; BLOCK].into_boxed_slice(),
            pos: 0,
            filled: 0,
            taken: Rc::clone(&taken),
        };
        // A byte-order mark is at most three bytes, and a block holds them unless the file is shorter.
        while counted.filled < BOM.len() {
            let n = counted.inner.read(&mut counted.block[counted.filled..])?;
            if n == 0 {
                break;
            }
            counted.filled += n;
        }
        if counted.block[..counted.filled].starts_with(BOM) {
            counted.pos = BOM.len();
            taken.set(BOM.len() as u64);
        }
        Ok((counted, taken))
    }
}

/// The byte-order mark some editors put before a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

impl<R: io::Read> io::Read for Counted<R> {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.filled {
            self.filled = self.inner.read(&mut self.block)?;
            self.pos = 0;
        }
        let n = buf.len().min(self.filled - self.pos);
        buf[..n].copy_from_slice(&self.block[self.pos..self.pos + n]);
        self.pos += n;
        self.taken.set(self.taken.get() + n as u64);
        Ok(n)
    }
}

/// An object from its fields' JSON texts, compact with keys in code-point order: as serde_json writes a
/// `Value`, and so the canonical form of the payload the checksum reads.
pub(super) fn write_object(
    canonical: &BTreeMap<String, Vec<u8>>,
    out: &mut impl io::Write,
) -> io::Result<()> {
    out.write_all(b"{")?;
    for (idx, (key, value)) in canonical.iter().enumerate() {
        if idx > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b":")?;
        out.write_all(value)?;
    }
    out.write_all(b"}")
}

/// SHA-256 as a writer.
pub(super) struct Digesting(pub(super) Sha256);

impl io::Write for Digesting {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Canonical {
    AsRead(Digesting),
    Held(BTreeMap<String, Vec<u8>>),
}

struct State<'p, 'r> {
    header: Map<String, Value>,
    payload_keys: BTreeSet<String>,
    has_payload: bool,
    canonical: Canonical,
    digest: [u8; 32],
    out_of_order: bool,
    sealed: bool,
    in_object: bool,
    position: &'p dyn Fn() -> u64,
    record: &'p mut OnRecord<'r>,
}

struct FileVisitor<'s, 'p, 'r>(&'s mut State<'p, 'r>);

impl<'de> Visitor<'de> for FileVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an export file (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.in_object = true;
        while let Some(key) = map.next_key::<String>()? {
            if key == "payload" {
                if self.0.has_payload {
                    return Err(de::Error::custom(
                        "the key \"payload\" is given twice in the file",
                    ));
                }
                self.0.has_payload = true;
                map.next_value_seed(PayloadSeed(&mut *self.0))?;
            } else {
                if self.0.header.contains_key(&key) {
                    return Err(de::Error::custom(format!(
                        "the key {} is given twice in the file",
                        quote(&key)
                    )));
                }
                // A sealed file's ciphertext is as large as the file: it is skipped, never held (nothing
                // reads it here; `sealed` does).
                let value = if key == "ciphertext" {
                    map.next_value::<de::IgnoredAny>()?;
                    Value::Null
                } else {
                    map.next_value_seed(UniqueKeys)?
                };
                if key == "format" && value.as_str() == Some(sealed::FORMAT) {
                    self.0.sealed = true;
                    return Err(de::Error::custom("a sealed file"));
                }
                self.0.header.insert(key, value);
            }
        }
        Ok(())
    }
}

struct PayloadSeed<'s, 'p, 'r>(&'s mut State<'p, 'r>);

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PayloadSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("payload as an object of lists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let write = |sink: &mut dyn io::Write, bytes: &[u8]| {
            sink.write_all(bytes).map_err(de::Error::custom)
        };
        if let Canonical::AsRead(digest) = &mut state.canonical {
            write(digest, b"{")?;
        }
        while let Some(key) = map.next_key::<String>()? {
            if state.payload_keys.contains(&key) {
                return Err(de::Error::custom(format!(
                    "the key {} is given twice in the payload",
                    quote(&key)
                )));
            }
            let mut held = Vec::new();
            let sink: &mut dyn io::Write = match &mut state.canonical {
                Canonical::AsRead(digest) => {
                    if state.payload_keys.last().is_some_and(|last| *last > key) {
                        state.out_of_order = true;
                        return Err(de::Error::custom("the payload's keys are not in order"));
                    }
                    if !state.payload_keys.is_empty() {
                        write(digest, b",")?;
                    }
                    serde_json::to_writer(&mut *digest, &key).map_err(de::Error::custom)?;
                    write(digest, b":")?;
                    digest
                }
                Canonical::Held(_) => &mut held,
            };
            match LISTS.into_iter().find(|list| *list == key) {
                Some(list) => map.next_value_seed(ListSeed {
                    list,
                    record: &mut *state.record,
                    position: state.position,
                    canonical: sink,
                })?,
                None => {
                    let value = map.next_value_seed(UniqueKeys)?;
                    serde_json::to_writer(sink, &value).map_err(de::Error::custom)?;
                }
            }
            if let Canonical::Held(fields) = &mut state.canonical {
                fields.insert(key.clone(), held);
            }
            state.payload_keys.insert(key);
        }
        let mut digest =
            match std::mem::replace(&mut state.canonical, Canonical::Held(BTreeMap::new())) {
                Canonical::AsRead(mut digest) => {
                    write(&mut digest, b"}")?;
                    digest
                }
                Canonical::Held(fields) => {
                    let mut digest = Digesting(Sha256::new());
                    write_object(&fields, &mut digest).map_err(de::Error::custom)?;
                    digest
                }
            };
        state.digest = digest.0.finalize_reset().into();
        Ok(())
    }
}

struct ListSeed<'s, 'r> {
    list: &'static str,
    record: &'s mut OnRecord<'r>,
    position: &'s dyn Fn() -> u64,
    canonical: &'s mut dyn io::Write,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "payload.{} as a list", self.list)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.canonical.write_all(b"[").map_err(de::Error::custom)?;
        let mut first = true;
        while let Some((item, span)) = seq.next_element_seed(Located(self.position))? {
            if !first {
                self.canonical.write_all(b",").map_err(de::Error::custom)?;
            }
            first = false;
            serde_json::to_writer(&mut *self.canonical, &item).map_err(de::Error::custom)?;
            (self.record)(self.list, item, span);
        }
        self.canonical.write_all(b"]").map_err(de::Error::custom)
    }
}

/// A record read with [`UniqueKeys`], and where it lay.
struct Located<'s>(&'s dyn Fn() -> u64);

impl<'de> DeserializeSeed<'de> for Located<'_> {
    type Value = (Value, Span);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(Value, Span), D::Error> {
        // The record's first byte has been taken already (`Counted`).
        let start = (self.0)().saturating_sub(1);
        let value = UniqueKeys.deserialize(deserializer)?;
        Ok((
            value,
            Span {
                start,
                end: (self.0)(),
            },
        ))
    }
}

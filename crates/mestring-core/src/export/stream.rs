//! One pass over an export's text: each record decoded as it is met and its `Value` dropped, the
//! payload's canonical text gathered for the checksum, the header kept. A facility's years of forms
//! as one `Value` tree took 1.9 GB for an 84 MB file (`cargo bench -p mestring-cli --bench import`).
//! Every value is read with [`UniqueKeys`]: a key given twice anywhere in the file refuses it.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::strict::{UniqueKeys, quote};

/// What the pass gives: the header fields, every payload record (raw, one at a time, to `record`),
/// and the canonical text of each payload field.
pub(super) struct Pass<F> {
    pub(super) header: Map<String, Value>,
    pub(super) canonical: BTreeMap<String, Vec<u8>>,
    /// Whether the file had a `payload` object at all.
    pub(super) has_payload: bool,
    record: F,
}

/// The lists whose items are records; any other payload field is kept only for the checksum.
pub(super) const LISTS: [&str; 5] = [
    "citizens",
    "responses",
    "assessments",
    "plans",
    "quarantine",
];

/// The lists format version 2 added.
pub(super) const MASTERY_LISTS: [&str; 2] = ["assessments", "plans"];

impl<F: FnMut(&'static str, Value)> Pass<F> {
    /// Reads `text`, handing each record of [`LISTS`] to `record` with its list's name.
    pub(super) fn run(text: &str, record: F) -> Result<Pass<F>, serde_json::Error> {
        let mut pass = Pass {
            header: Map::new(),
            canonical: BTreeMap::new(),
            has_payload: false,
            record,
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        deserializer.deserialize_map(FileVisitor(&mut pass))?;
        deserializer.end()?;
        Ok(pass)
    }
}

/// An object from its fields' JSON texts, compact with keys in code-point order: as serde_json writes a
/// `Value`, and so the canonical form of the payload the checksum reads.
pub(super) fn write_object(
    canonical: &BTreeMap<String, Vec<u8>>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
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

struct FileVisitor<'p, F>(&'p mut Pass<F>);

impl<'de, F: FnMut(&'static str, Value)> Visitor<'de> for FileVisitor<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an export file (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
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
                let value = map.next_value_seed(UniqueKeys)?;
                self.0.header.insert(key, value);
            }
        }
        Ok(())
    }
}

struct PayloadSeed<'p, F>(&'p mut Pass<F>);

impl<'de, F: FnMut(&'static str, Value)> DeserializeSeed<'de> for PayloadSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(&'static str, Value)> Visitor<'de> for PayloadSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("payload as an object of lists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if self.0.canonical.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key {} is given twice in the payload",
                    quote(&key)
                )));
            }
            let mut canonical = Vec::new();
            match LISTS.into_iter().find(|list| *list == key) {
                Some(list) => map.next_value_seed(ListSeed {
                    list,
                    record: &mut self.0.record,
                    canonical: &mut canonical,
                })?,
                None => {
                    let value = map.next_value_seed(UniqueKeys)?;
                    serde_json::to_writer(&mut canonical, &value).map_err(de::Error::custom)?;
                }
            }
            self.0.canonical.insert(key, canonical);
        }
        Ok(())
    }
}

struct ListSeed<'p, F> {
    list: &'static str,
    record: &'p mut F,
    canonical: &'p mut Vec<u8>,
}

impl<'de, F: FnMut(&'static str, Value)> DeserializeSeed<'de> for ListSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(&'static str, Value)> Visitor<'de> for ListSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "payload.{} as a list", self.list)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.canonical.push(b'[');
        let mut first = true;
        while let Some(item) = seq.next_element_seed(UniqueKeys)? {
            if !first {
                self.canonical.push(b',');
            }
            first = false;
            serde_json::to_writer(&mut *self.canonical, &item).map_err(de::Error::custom)?;
            (self.record)(self.list, item);
        }
        self.canonical.push(b']');
        Ok(())
    }
}

//! The stable codes of an instrument and its items, as records, exports and the command line name them.

use std::fmt;

#[cfg(feature = "compiled")]
use serde::{Deserialize, Serialize};

/// The instrument's stable code (`ors`), used in records, exports and on the command line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct InstrumentId(String);

impl InstrumentId {
    /// An id that passed validation (or, in tests, one made up).
    pub(crate) fn new(id: &str) -> InstrumentId {
        InstrumentId(id.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InstrumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An item's stable code, like a FHIR `linkId`: answers are stored against it, so licensed wording can replace the texts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct ItemId(String);

impl ItemId {
    /// An id that passed validation.
    pub(super) fn new(id: &str) -> ItemId {
        ItemId(id.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

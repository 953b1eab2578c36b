//! The stable codes of an instrument and its items, as records, exports and the command line name them.

#[cfg(feature = "compiled")]
use serde::{Deserialize, Serialize};

use crate::data_file::text_id;

text_id! {
    /// The instrument's stable code (`ors`), used in records, exports and on the command line.
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
    InstrumentId
}

impl InstrumentId {
    /// An id that passed validation (or, in tests, one made up).
    pub(crate) fn new(id: &str) -> InstrumentId {
        InstrumentId(id.to_owned())
    }
}

text_id! {
    /// An item's stable code, like a FHIR `linkId`: answers are stored against it, so licensed wording can replace the texts.
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
    ItemId
}

impl ItemId {
    /// An id that passed validation.
    pub(super) fn new(id: &str) -> ItemId {
        ItemId(id.to_owned())
    }
}

//! What an instrument asks and how an answer is given.

#[cfg(feature = "compiled")]
use serde::{Deserialize, Serialize};

use crate::fit::definition::{ItemId, Texts};
use crate::fit::tenths::Tenths;

/// How an answer is given. Either way it is kept as tenths from 0.0 to 10.0 points, so one scorer serves all.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub enum Scale {
    /// A 10 cm line, read to the millimetre: 0.0–10.0 points in steps of 0.1.
    Line,
    /// Faces the child points at, each standing for a fixed value on the same 0–10 scale.
    Faces(Vec<Face>),
}

impl Scale {
    /// Whether `value` is an answer this scale can give.
    pub fn allows(&self, value: Tenths) -> bool {
        match self {
            Scale::Line => value <= Tenths::ITEM_MAX,
            Scale::Faces(faces) => faces.iter().any(|face| face.value == value),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Face {
    pub(super) value: Tenths,
    pub(super) label: Texts,
}

impl Face {
    pub fn value(&self) -> Tenths {
        self.value
    }

    pub fn label(&self) -> &Texts {
        &self.label
    }
}

/// One question: a short label and the words at the two ends of the line.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Item {
    pub(super) id: ItemId,
    pub(super) label: Texts,
    pub(super) low: Texts,
    pub(super) high: Texts,
}

impl Item {
    pub fn id(&self) -> &ItemId {
        &self.id
    }

    pub fn label(&self) -> &Texts {
        &self.label
    }

    /// The words at the left (0) end.
    pub fn low(&self) -> &Texts {
        &self.low
    }

    /// The words at the right (10) end.
    pub fn high(&self) -> &Texts {
        &self.high
    }
}

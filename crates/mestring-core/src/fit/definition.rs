//! An instrument as data: what it asks, in which languages, and the norms its scores are read against.
//!
//! Each instrument is a JSON file under `assets/instruments/` ([`file_format`]), checked by [`validate`] into a
//! [`Definition`]; reading and registering the files is the shared data-file layer's job.
//! The wording of the FIT measures is licensed by their authors, so the shipped texts are placeholders in our own words
//! and an organisation with a licence drops the licensed wording into the same file.
//! Every norm carries its `source` and whether that source was `verified`, so an organisation can see,
//! and override in data, what each number rests on.

mod audience;
mod file_format;
mod ids;
mod published_norms;
mod questions;
#[cfg(test)]
mod tests;
mod validate;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::data_file::Version;
use crate::data_file::{DataFile, FileError, Issue, Issues, SourceFile, bundled};
use crate::fit::tenths::Tenths;
pub use crate::lang::Texts;
pub use audience::{AgeGroup, AgeRange, Audience, Meeting};
pub use ids::{InstrumentId, ItemId};
pub use published_norms::{AgeNorm, AlertRules, Norm, Norms, TalkingPointRules};
pub use questions::{Face, Item, Scale};
pub use validate::DefinitionProblem;

/// A validated instrument definition. Built only by [`DataFile::from_json`], or read back from a registry compiled
/// out of validated files (feature `compiled`), so every one in use passed validation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Definition {
    id: InstrumentId,
    version: Version,
    kind: Kind,
    title: Texts,
    instructions: Texts,
    audience: Audience,
    licence: String,
    note: Option<String>,
    scale: Scale,
    items: Vec<Item>,
    norms: Norms,
}

/// Everything wrong with one definition file, each problem named by its field.
pub type DefinitionError = FileError<DefinitionProblem>;

/// One problem, at one field (`items[1].label`; empty for the whole file).
pub type DefinitionIssue = Issue<DefinitionProblem>;

impl Definition {
    /// More items than any FIT measure has; it keeps every total far inside `u16` tenths.
    pub const MAX_ITEMS: usize = 10;

    pub fn id(&self) -> &InstrumentId {
        &self.id
    }

    pub fn version(&self) -> Version {
        self.version
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn title(&self) -> &Texts {
        &self.title
    }

    pub fn instructions(&self) -> &Texts {
        &self.instructions
    }

    pub fn audience(&self) -> &Audience {
        &self.audience
    }

    /// Who may use the wording, and where licensed wording goes.
    pub fn licence(&self) -> &str {
        &self.licence
    }

    /// Decisions worth knowing when reading the scores, such as how a faces scale maps to points.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn norms(&self) -> &Norms {
        &self.norms
    }

    /// The highest possible total: 40.0 points for four items.
    pub fn max_total(&self) -> Tenths {
        // At most `MAX_ITEMS` items of 100 tenths: no overflow.
        Tenths::new(self.items.len() as u16 * Tenths::ITEM_MAX.get())
    }
}

impl DataFile for Definition {
    const NOUN: &'static str = "instrument";
    const BUNDLED: &'static [SourceFile<'static>] = &[
        bundled!("instruments", "ors.json"),
        bundled!("instruments", "srs.json"),
        bundled!("instruments", "cors.json"),
        bundled!("instruments", "csrs.json"),
        bundled!("instruments", "ycors.json"),
        bundled!("instruments", "ycsrs.json"),
        bundled!("instruments", "gsrs.json"),
    ];
    type Raw = file_format::RawDefinition;
    type Problem = DefinitionProblem;

    fn validate(raw: Self::Raw, issues: &mut Issues<DefinitionProblem>) -> Option<Definition> {
        validate::definition(raw, issues)
    }

    fn id_str(&self) -> &str {
        self.id.as_str()
    }

    fn version(&self) -> Version {
        self.version
    }
}

/// What an instrument measures, which decides how its total is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// How life is going (ORS and its child versions): read against a clinical cut-off and followed over time.
    Outcome,
    /// How the meeting went (SRS and its versions): read against alert rules.
    Session,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Session => "session",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

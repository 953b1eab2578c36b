//! One layer for every data file the product reads (instrument definitions, mastery schemas).
//!
//! A format is a [`DataFile`]: its fields as written, its own rules and its own [`Problem`]s.
//! Everything else is shared here: reading the JSON, ids and texts in every language, each problem recorded against
//! its field ([`FileError`]), and a [`Registry`] of validated files keyed by id and version.

mod problem;
mod registry;
#[cfg(test)]
pub(crate) mod tests;
mod validate;

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;

pub use problem::{FileError, FileErrorKind, Issue, Issues, Problem};
#[cfg(feature = "compiled")]
pub use registry::CompiledError;
pub use registry::{LoadErrors, LookupError, LookupErrorKind, Registry, RegistryError};
pub(crate) use validate::{
    validate_each, validate_heading, validate_not_blank, validate_texts, validate_unique_id,
};

/// Texts as a map, so a missing language is reported by field rather than as a parse error; `easy`
/// beside the languages holds the easy-read version and `observer` the version for someone answering
/// about the citizen, each a map of its own.
#[derive(serde::Deserialize)]
pub(crate) struct RawTexts {
    #[serde(default)]
    pub(crate) easy: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub(crate) observer: Option<BTreeMap<String, String>>,
    #[serde(flatten)]
    pub(crate) langs: BTreeMap<String, String>,
}

/// A data file: its name for error messages and its JSON text.
#[derive(Clone, Copy, Debug)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// A file shipped with the product, embedded at compile time: `bundled!("instruments", "ors.json")`.
macro_rules! bundled {
    ($dir:literal, $name:literal) => {
        $crate::data_file::SourceFile {
            name: $name,
            text: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../assets/",
                $dir,
                "/",
                $name
            )),
        }
    };
}
pub(crate) use bundled;

/// A stable code from a data file (`ors`, `self_care`): a newtype over its text that shows as the text itself.
/// Each id type adds its own constructor, as public as the places that may make one.
macro_rules! text_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// Lookups in a registry take any id as text.
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
pub(crate) use text_id;

/// The edition of a data file. Norms and ladders belong to an edition, so a record names the version it was made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
pub struct Version(u16);

impl Version {
    pub const fn new(version: u16) -> Version {
        Version(version)
    }

    pub const fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A format of data file: what it is called, where its bundled files are, and how one is checked.
pub trait DataFile: Sized {
    /// What one file holds, as a failed lookup names it: `instrument`, `schema`.
    const NOUN: &'static str;
    /// Every file of this format shipped with the product, in the order lists show them.
    const BUNDLED: &'static [SourceFile<'static>];
    /// The file as written, before any rule is checked; kept apart so the format can change without touching scoring.
    type Raw: DeserializeOwned;
    /// The problems only this format has, beside those every data file can have.
    type Problem: fmt::Display;

    /// Checks every rule and records every problem; returns a value only if its parts could be built.
    fn validate(raw: Self::Raw, issues: &mut Issues<Self::Problem>) -> Option<Self>;

    fn id_str(&self) -> &str;

    fn version(&self) -> Version;

    /// Parses and validates one file, reporting every problem at once.
    /// `file` names the source in errors (`ors.json`).
    fn from_json(file: &str, text: &str) -> Result<Self, FileError<Self::Problem>> {
        let raw: Self::Raw =
            serde_json::from_str(text).map_err(|err| FileError::syntax(file, err.to_string()))?;
        let mut issues = Issues::default();
        match Self::validate(raw, &mut issues) {
            Some(valid) if issues.is_empty() => Ok(valid),
            _ => Err(FileError::invalid(file, issues)),
        }
    }
}

//! The instruments this build knows, embedded at compile time from `assets/instruments/`.
//!
//! Adding an instrument takes a data file and one line in [`Definition::BUNDLED`](crate::data_file::DataFile::BUNDLED); nothing else changes.
//! An organisation's own files (licensed wording, local norms) load through [`Registry::load`] the same way.

use crate::data_file;
use crate::fit::definition::Definition;

/// A set of validated definitions, at most one per instrument and version.
pub type Registry = data_file::Registry<Definition>;

/// Every definition file that failed, each with its own problems.
pub type RegistryError = data_file::RegistryError<Definition>;

#[cfg(test)]
mod tests;

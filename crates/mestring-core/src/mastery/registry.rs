//! The mastery schemas that ship with the product, and lookup by id and version.
//!
//! Adding a schema takes a data file and one line in [`Schema::BUNDLED`](crate::data_file::DataFile::BUNDLED); a new edition of a schema
//! is a new file with a higher version, and the old file stays, so assessments rated on it are still scored on the
//! ladder they were rated on. An assessment always names its version, so it is scored on the edition it was rated on.

use crate::data_file;
use crate::mastery::schema::Schema;

/// A set of validated schemas, at most one per id and version.
pub type Registry = data_file::Registry<Schema>;

/// Every schema file that failed, each with its own problems.
pub type RegistryError = data_file::RegistryError<Schema>;

#[cfg(test)]
mod tests;

//! A set of validated data files of one format, at most one per id and version, and lookup by both.

use std::fmt;

use crate::data_file::{DataFile, FileError, SourceFile, Version};
use crate::sort;

/// A set of validated files of one format, at most one per id and version.
#[derive(Clone, Debug, PartialEq)]
pub struct Registry<T> {
    entries: Vec<T>,
}

impl<T: DataFile> Registry<T> {
    /// The files that ship with the product. A test loads them, so this fails only on a broken build.
    pub fn bundled() -> Result<Registry<T>, RegistryError<T>> {
        Registry::load(T::BUNDLED)
    }

    /// Parses and validates every file, reporting each bad one rather than stopping at the first;
    /// a file repeating an id and version seen in an earlier file is a failure too.
    pub fn load(
        files: &[SourceFile<'_>],
    ) -> Result<Registry<T>, LoadErrors<FileError<T::Problem>>> {
        let mut loaded: Vec<(&str, T)> = Vec::with_capacity(files.len());
        let mut errors = Vec::new();
        for file in files {
            match T::from_json(file.name, file.text) {
                Ok(entry) => {
                    let earlier = loaded.iter().find(|(_, other)| {
                        other.id_str() == entry.id_str() && other.version() == entry.version()
                    });
                    match earlier {
                        Some((other_file, _)) => errors.push(FileError::duplicate(
                            file.name,
                            entry.id_str(),
                            entry.version().get(),
                            other_file,
                        )),
                        None => loaded.push((file.name, entry)),
                    }
                }
                Err(err) => errors.push(err),
            }
        }
        if !errors.is_empty() {
            return Err(LoadErrors { errors });
        }
        let entries = loaded.into_iter().map(|(_, entry)| entry).collect();
        Ok(Registry { entries })
    }

    /// `id` in the given version, or in its latest version when `version` is `None`.
    pub fn get(
        &self,
        id: &(impl AsRef<str> + ?Sized),
        version: Option<Version>,
    ) -> Result<&T, LookupError> {
        let id = id.as_ref();
        let mut versions = self.with_id(id).peekable();
        if versions.peek().is_none() {
            let mut known: Vec<String> = self
                .entries
                .iter()
                .map(|entry| entry.id_str().to_owned())
                .collect();
            sort::ascending(&mut known);
            known.dedup();
            return Err(LookupError::new::<T>(
                LookupErrorKind::UnknownId,
                id,
                version,
                known,
            ));
        }
        let found = match version {
            Some(version) => versions.find(|entry| entry.version() == version),
            None => versions.max_by_key(|entry| entry.version()),
        };
        found.ok_or_else(|| {
            let known = self
                .with_id(id)
                .map(|entry| entry.version().to_string())
                .collect();
            LookupError::new::<T>(LookupErrorKind::UnknownVersion, id, version, known)
        })
    }

    fn with_id<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a T> {
        self.entries
            .iter()
            .filter(move |entry| entry.id_str() == id)
    }
}

impl<T> Registry<T> {
    /// Every entry, in the order its files were given.
    pub fn all(&self) -> &[T] {
        &self.entries
    }
}

/// The registry as bytes that only this same build reads back: not a storage or exchange format.
/// The files were validated before compiling, so reading back checks only that the bytes are whole.
#[cfg(feature = "compiled")]
impl<T: DataFile + serde::Serialize + serde::de::DeserializeOwned> Registry<T> {
    pub fn to_compiled(&self) -> Result<Vec<u8>, CompiledError> {
        postcard::to_allocvec(&self.entries).map_err(CompiledError::new::<T>)
    }

    pub fn from_compiled(bytes: &[u8]) -> Result<Registry<T>, CompiledError> {
        let entries = postcard::from_bytes(bytes).map_err(CompiledError::new::<T>)?;
        Ok(Registry { entries })
    }
}

/// Compiled registry bytes that do not read back: a build that mixed versions of the core.
#[cfg(feature = "compiled")]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the compiled {noun} registry is unreadable: {reason}")]
pub struct CompiledError {
    noun: &'static str,
    reason: String,
}

#[cfg(feature = "compiled")]
impl CompiledError {
    fn new<T: DataFile>(err: postcard::Error) -> CompiledError {
        CompiledError {
            noun: T::NOUN,
            reason: err.to_string(),
        }
    }
}

/// Every file of format `T` that failed to load, each with its own problems.
pub type RegistryError<T> = LoadErrors<FileError<<T as DataFile>::Problem>>;

/// Every data file that failed to load, each with its own error; shown joined by ` | `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors<E> {
    errors: Vec<E>,
}

impl<E> LoadErrors<E> {
    pub fn errors(&self) -> &[E] {
        &self.errors
    }
}

impl<E: fmt::Display> fmt::Display for LoadErrors<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (idx, err) in self.errors.iter().enumerate() {
            if idx > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{err}")?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for LoadErrors<E> {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupErrorKind {
    UnknownId,
    UnknownVersion,
}

/// An id or version a registry does not have; the message lists what it does have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct LookupError {
    kind: LookupErrorKind,
    noun: &'static str,
    id: String,
    version: Option<Version>,
    known: Vec<String>,
}

impl LookupError {
    fn new<T: DataFile>(
        kind: LookupErrorKind,
        id: &str,
        version: Option<Version>,
        known: Vec<String>,
    ) -> LookupError {
        LookupError {
            kind,
            noun: T::NOUN,
            id: id.to_owned(),
            version,
            known,
        }
    }

    pub fn kind(&self) -> LookupErrorKind {
        self.kind
    }
}

fn describe(err: &LookupError) -> String {
    let known = err.known.join(", ");
    match (err.kind, err.version) {
        (LookupErrorKind::UnknownId, _) => {
            format!("unknown {} {:?} (known: {known})", err.noun, err.id)
        }
        (LookupErrorKind::UnknownVersion, Some(version)) => {
            format!("{} has no version {version} (known: {known})", err.id)
        }
        (LookupErrorKind::UnknownVersion, None) => format!("{} has no versions", err.id),
    }
}

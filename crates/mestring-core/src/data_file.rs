//! Rules shared by every data file the product reads (instrument definitions, mastery schemas):
//! ids and texts in every language, each problem recorded against its field.

use std::collections::BTreeMap;
use std::fmt;

use crate::fit::definition::Version;
use crate::lang::{TextProblem, Texts};

/// A data file: its name for error messages and its JSON text.
#[derive(Clone, Copy, Debug)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// A parsed data file: one version of something with an id.
pub(crate) trait Versioned {
    fn id_str(&self) -> &str;
    fn version(&self) -> Version;
}

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

/// Parses every file, collecting every failure rather than stopping at the first;
/// a file repeating an id and version seen in an earlier file is a failure too.
pub(crate) fn load_all<T: Versioned, E>(
    files: &[SourceFile<'_>],
    parse: impl Fn(&str, &str) -> Result<T, E>,
    duplicate: impl Fn(&str, &T, &str) -> E,
) -> Result<Vec<T>, LoadErrors<E>> {
    let mut loaded: Vec<(&str, T)> = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for file in files {
        match parse(file.name, file.text) {
            Ok(item) => {
                let earlier = loaded.iter().find(|(_, other)| {
                    other.id_str() == item.id_str() && other.version() == item.version()
                });
                match earlier {
                    Some((other_file, _)) => errors.push(duplicate(file.name, &item, other_file)),
                    None => loaded.push((file.name, item)),
                }
            }
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(LoadErrors { errors });
    }
    Ok(loaded.into_iter().map(|(_, item)| item).collect())
}

/// What a lookup did not find, and what there is instead (sorted ids, or that id's versions).
pub(crate) enum Missing {
    Id { known: Vec<String> },
    Version { known: Vec<String> },
}

/// `id` in the given version, or in its latest version when `version` is `None`.
pub(crate) fn find<'a, T: Versioned>(
    items: &'a [T],
    id: &str,
    version: Option<Version>,
) -> Result<&'a T, Missing> {
    let mut versions = items.iter().filter(|item| item.id_str() == id).peekable();
    if versions.peek().is_none() {
        let mut known: Vec<String> = items.iter().map(|item| item.id_str().to_owned()).collect();
        known.sort();
        known.dedup();
        return Err(Missing::Id { known });
    }
    let found = match version {
        Some(version) => versions.find(|item| item.version() == version),
        None => versions.max_by_key(|item| item.version()),
    };
    found.ok_or_else(|| Missing::Version {
        known: items
            .iter()
            .filter(|item| item.id_str() == id)
            .map(|item| item.version().to_string())
            .collect(),
    })
}

/// The problems every data file can have; each file format names them in its own problem type.
pub(crate) trait FileProblem {
    fn bad_id(id: String) -> Self;
    fn empty() -> Self;
    fn missing_text(lang: &'static str) -> Self;
    fn unknown_language(code: String) -> Self;
}

/// Implements [`FileProblem`] for a format's problem enum that has the variants `BadId(String)`,
/// `Empty`, `MissingText(&'static str)` and `UnknownLanguage(String)`.
macro_rules! file_problem {
    ($problem:ident) => {
        impl $crate::data_file::FileProblem for $problem {
            fn bad_id(id: String) -> $problem {
                $problem::BadId(id)
            }

            fn empty() -> $problem {
                $problem::Empty
            }

            fn missing_text(lang: &'static str) -> $problem {
                $problem::MissingText(lang)
            }

            fn unknown_language(code: String) -> $problem {
                $problem::UnknownLanguage(code)
            }
        }
    };
}
pub(crate) use file_problem;

/// One problem, at one field (`items[1].label`; empty for the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue<P> {
    field: String,
    problem: P,
}

impl<P> Issue<P> {
    pub(crate) fn new(field: impl Into<String>, problem: P) -> Issue<P> {
        Issue {
            field: field.into(),
            problem,
        }
    }

    pub fn field(&self) -> &str {
        &self.field
    }

    pub fn problem(&self) -> &P {
        &self.problem
    }
}

impl<P: fmt::Display> fmt::Display for Issue<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", self.field, self.problem)
        }
    }
}

/// The problems found in one file so far.
pub(crate) struct Issues<P>(pub(crate) Vec<Issue<P>>);

impl<P> Default for Issues<P> {
    fn default() -> Issues<P> {
        Issues(Vec::new())
    }
}

impl<P> Issues<P> {
    pub(crate) fn push(&mut self, field: impl Into<String>, problem: P) {
        self.0.push(Issue::new(field, problem));
    }
}

/// An id as data files write them: lowercase letters, digits and `_`, starting with a letter.
pub(crate) fn validate_id<P: FileProblem>(
    text: &str,
    field: &str,
    issues: &mut Issues<P>,
) -> Option<String> {
    let mut chars = text.chars();
    let valid = chars.next().is_some_and(|ch| ch.is_ascii_lowercase())
        && chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    if !valid {
        issues.push(field, P::bad_id(text.to_owned()));
        return None;
    }
    Some(text.to_owned())
}

/// One text per language; every missing, empty or unknown one is recorded.
pub(crate) fn validate_texts<P: FileProblem>(
    raw: &BTreeMap<String, String>,
    field: &str,
    issues: &mut Issues<P>,
) -> Option<Texts> {
    Texts::read(raw)
        .map_err(|problems| {
            for problem in problems {
                let (field, problem) = match problem {
                    TextProblem::UnknownLanguage(code) => {
                        (field.to_owned(), P::unknown_language(code))
                    }
                    TextProblem::Empty(lang) => (format!("{field}.{}", lang.code()), P::empty()),
                    TextProblem::Missing(lang) => (field.to_owned(), P::missing_text(lang.code())),
                };
                issues.push(field, problem);
            }
        })
        .ok()
}

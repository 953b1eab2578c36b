//! What can be wrong with a data file: each problem at the field it is about, all of one file's problems together.

use std::fmt;

/// A problem any data file can have, or one of its format's own (`P`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem<P> {
    #[error("{0}")]
    Syntax(String),
    #[error("{0:?} is not an id (lowercase letters, digits and _, starting with a letter)")]
    BadId(String),
    #[error("must be 1 or more")]
    NotPositive,
    #[error("is empty")]
    Empty,
    #[error("no {0} text")]
    MissingText(&'static str),
    #[error("text in unknown language {0:?}")]
    UnknownLanguage(String),
    #[error("{id:?} is used by an earlier {what}")]
    UsedEarlier { id: String, what: &'static str },
    #[error("{id} version {version} is also defined in {other}")]
    Duplicate {
        id: String,
        version: u16,
        other: String,
    },
    #[error("{0}")]
    Format(P),
}

/// A format's own problem is a problem of its files.
impl<P> From<P> for Problem<P> {
    fn from(problem: P) -> Problem<P> {
        Problem::Format(problem)
    }
}

/// One problem, at one field (`items[1].label`; empty for the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue<P> {
    field: String,
    problem: Problem<P>,
}

impl<P> Issue<P> {
    pub fn field(&self) -> &str {
        &self.field
    }

    pub fn problem(&self) -> &Problem<P> {
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

/// The problems found in one file so far; only the core's formats record them.
#[derive(Debug)]
pub struct Issues<P>(Vec<Issue<P>>);

impl<P> Default for Issues<P> {
    fn default() -> Issues<P> {
        Issues(Vec::new())
    }
}

impl<P> Issues<P> {
    pub(crate) fn push(&mut self, field: impl Into<String>, problem: impl Into<Problem<P>>) {
        self.0.push(Issue {
            field: field.into(),
            problem: problem.into(),
        });
    }

    /// How many problems so far; a part is sound when validating it added none.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What kind of problem a data file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileErrorKind {
    /// Not JSON, or not the expected shape (a missing field, a wrong type).
    Syntax,
    /// Well-formed but breaks a rule (a missing language, a value out of range).
    Invalid,
    /// The same id and version as another file.
    Duplicate,
}

/// Everything wrong with one data file, each problem named by its field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct FileError<P> {
    file: String,
    kind: FileErrorKind,
    issues: Vec<Issue<P>>,
}

impl<P> FileError<P> {
    pub(crate) fn syntax(file: &str, message: String) -> FileError<P> {
        FileError::one(file, FileErrorKind::Syntax, "", Problem::Syntax(message))
    }

    pub(crate) fn invalid(file: &str, issues: Issues<P>) -> FileError<P> {
        FileError {
            file: file.to_owned(),
            kind: FileErrorKind::Invalid,
            issues: issues.0,
        }
    }

    /// `file` repeats the id and version of the earlier file `other`.
    pub(crate) fn duplicate(file: &str, id: &str, version: u16, other: &str) -> FileError<P> {
        let problem = Problem::Duplicate {
            id: id.to_owned(),
            version,
            other: other.to_owned(),
        };
        FileError::one(file, FileErrorKind::Duplicate, "id", problem)
    }

    fn one(file: &str, kind: FileErrorKind, field: &str, problem: Problem<P>) -> FileError<P> {
        FileError {
            file: file.to_owned(),
            kind,
            issues: vec![Issue {
                field: field.to_owned(),
                problem,
            }],
        }
    }

    pub fn kind(&self) -> FileErrorKind {
        self.kind
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn issues(&self) -> &[Issue<P>] {
        &self.issues
    }
}

/// `ors.json: items[1].label: no nb text; norms.cutoffs[0].value: 45 is outside 0–40`
impl<P: fmt::Display> fmt::Display for FileError<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        for (idx, issue) in self.issues.iter().enumerate() {
            if idx > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

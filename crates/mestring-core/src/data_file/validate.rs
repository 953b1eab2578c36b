//! The rules every data file follows: ids as data files write them, texts in every language, no blank required text.

use std::collections::BTreeSet;

use crate::data_file::{Issues, Problem, RawTexts, Version};
use crate::lang::{TextProblem, Texts};

/// What every data file begins with, checked: its id, edition, title and instructions.
pub(crate) struct Heading {
    pub(crate) id: String,
    pub(crate) version: Version,
    pub(crate) title: Texts,
    pub(crate) instructions: Texts,
}

/// The id, version, title and instructions every data file begins with, each problem at its field.
pub(crate) fn validate_heading<P>(
    id: &str,
    version: u16,
    title: &RawTexts,
    instructions: &RawTexts,
    issues: &mut Issues<P>,
) -> Option<Heading> {
    let id = validate_id(id, "id", issues);
    if version == 0 {
        issues.push("version", Problem::NotPositive);
    }
    let title = validate_texts(title, "title", issues);
    let instructions = validate_texts(instructions, "instructions", issues);
    Some(Heading {
        id: id?,
        version: Version::new(version),
        title: title?,
        instructions: instructions?,
    })
}

/// An id as data files write them: lowercase letters, digits and `_`, starting with a letter.
fn validate_id<P>(text: &str, field: &str, issues: &mut Issues<P>) -> Option<String> {
    let mut chars = text.chars();
    let valid = chars.next().is_some_and(|ch| ch.is_ascii_lowercase())
        && chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    if !valid {
        issues.push(field, Problem::BadId(text.to_owned()));
        return None;
    }
    Some(text.to_owned())
}

/// An id unique in its list (`items`, `domains`), each one kept in `seen`: a repeated one is named as `what` it is.
pub(crate) fn validate_unique_id<P>(
    text: &str,
    field: &str,
    what: &'static str,
    seen: &mut BTreeSet<String>,
    issues: &mut Issues<P>,
) -> Option<String> {
    let id = validate_id(text, field, issues)?;
    if !seen.insert(id.clone()) {
        let id = id.clone();
        issues.push(field, Problem::UsedEarlier { id, what });
    }
    Some(id)
}

/// Each entry of the list at `field` (`items`, `domains`) checked at its own field (`items[1]`);
/// the entries only if none of them added a problem.
pub(crate) fn validate_each<R, E, P>(
    raw: &[R],
    field: &str,
    issues: &mut Issues<P>,
    mut validate_entry: impl FnMut(&R, &str, &mut Issues<P>) -> Option<E>,
) -> Option<Vec<E>> {
    let n_issues = issues.len();
    let entries: Vec<E> = (raw.iter().enumerate())
        .filter_map(|(idx, entry)| validate_entry(entry, &format!("{field}[{idx}]"), issues))
        .collect();
    (issues.len() == n_issues).then_some(entries)
}

/// One text per language, and for an easy-read version (`easy`) and an observer's (`observer`) one per
/// language too; every missing, empty or unknown one is recorded.
pub(crate) fn validate_texts<P>(
    raw: &RawTexts,
    field: &str,
    issues: &mut Issues<P>,
) -> Option<Texts> {
    let mut version = |raw: &Option<_>, name: &str| {
        raw.as_ref()
            .map(|raw| validate_languages(raw, &format!("{field}.{name}"), issues))
    };
    let (easy, observer) = (
        version(&raw.easy, "easy"),
        version(&raw.observer, "observer"),
    );
    let mut texts = validate_languages(&raw.langs, field, issues)?;
    if let Some(easy) = easy {
        texts = texts.with_easy(easy?);
    }
    if let Some(observer) = observer {
        texts = texts.with_observer(observer?);
    }
    Some(texts)
}

fn validate_languages<P>(
    raw: &std::collections::BTreeMap<String, String>,
    field: &str,
    issues: &mut Issues<P>,
) -> Option<Texts> {
    Texts::read(raw)
        .map_err(|problems| {
            for problem in problems {
                let (field, problem) = match problem {
                    TextProblem::UnknownLanguage(code) => {
                        (field.to_owned(), Problem::UnknownLanguage(code))
                    }
                    TextProblem::Empty(lang) => {
                        (format!("{field}.{}", lang.code()), Problem::Empty)
                    }
                    TextProblem::Missing(lang) => {
                        (field.to_owned(), Problem::MissingText(lang.code()))
                    }
                };
                issues.push(field, problem);
            }
        })
        .ok()
}

/// A required text in one language (a licence, a source, a code): blank is a problem at `field`.
pub(crate) fn validate_not_blank<P>(text: &str, field: &str, issues: &mut Issues<P>) -> bool {
    let blank = text.trim().is_empty();
    if blank {
        issues.push(field, Problem::Empty);
    }
    !blank
}

//! Easy-read: what makes a text easy enough for a citizen who reads with difficulty, checked.
//!
//! Mestring's easy-read texts follow Inclusion Europe, *Information for all: European standards for making
//! information easy to read and understand* (2009, ISBN 2-87460-110-1): short sentences with one idea each,
//! everyday words, the same word for the same thing, no metaphors or idioms, no initials, the reader addressed
//! directly, positive rather than negative wording where it can be. The standards give no numbers, so the limits
//! here are Mestring's own, per kind of text, and every easy-read text of the data files and the translation
//! files is held to them by tests.

use crate::lang::{Lang, Texts};

/// The kinds of text a citizen reads, each with its own limits ([`Kind::limits`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A name read at a glance: a title, a button, a stage's or a question's name, a line's end.
    Label,
    /// What the citizen is asked.
    Question,
    /// What something means or what to do: instructions, a stage's description, a thank-you.
    Explanation,
}

/// How long a text of a kind may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub words_per_sentence: usize,
    pub sentences: usize,
    pub chars: usize,
}

impl Kind {
    /// A label is a few words that fit one of the big buttons at 800 px in easy-read's type, so it is read
    /// without moving the eyes along a line. A sentence has at most 10 words: about what a weak reader takes
    /// in at once, and short enough to hold one idea. A question asks about one area in at most three short
    /// questions (or a question and an example). An explanation says at most four things, so it stays beside its choice
    /// on the screen and read aloud takes under 15 seconds.
    pub const fn limits(self) -> Limits {
        match self {
            Kind::Label => Limits {
                words_per_sentence: 6,
                sentences: 1,
                chars: 40,
            },
            Kind::Question => Limits {
                words_per_sentence: 10,
                sentences: 3,
                chars: 100,
            },
            Kind::Explanation => Limits {
                words_per_sentence: 10,
                sentences: 4,
                chars: 200,
            },
        }
    }
}

/// What makes an easy-read text too hard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No easy-read version at all.
    Missing,
    /// A sentence (quoted) longer than the kind allows.
    LongSentence {
        words: usize,
        sentence: String,
    },
    TooManySentences {
        sentences: usize,
    },
    TooLong {
        chars: usize,
    },
}

/// The sentences of a text: split after `.`, `?` and `!` (a `{placeholder}` is one word).
pub fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive(['.', '?', '!'])
        .map(str::trim)
        .filter(|sentence| sentence.chars().any(char::is_alphanumeric))
        .collect()
}

/// Every way `text` goes beyond the limits of `kind`.
pub fn check(text: &str, kind: Kind) -> Vec<Problem> {
    let limits = kind.limits();
    let sentences = sentences(text);
    let mut problems: Vec<Problem> = sentences
        .iter()
        .filter_map(|sentence| {
            let words = sentence.split_whitespace().count();
            (words > limits.words_per_sentence).then(|| Problem::LongSentence {
                words,
                sentence: (*sentence).to_owned(),
            })
        })
        .collect();
    if sentences.len() > limits.sentences {
        problems.push(Problem::TooManySentences {
            sentences: sentences.len(),
        });
    }
    let chars = text.chars().count();
    if chars > limits.chars {
        problems.push(Problem::TooLong { chars });
    }
    problems
}

/// Every problem with the easy-read version of `texts` in every language, each named by `field` and the
/// language's code (`domains[0].question.easy.da`).
pub fn check_texts(texts: &Texts, field: &str, kind: Kind) -> Vec<(String, Problem)> {
    let Some(easy) = texts.easy() else {
        return vec![(field.to_owned(), Problem::Missing)];
    };
    Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            check(easy.get(lang), kind)
                .into_iter()
                .map(move |problem| (format!("{field}.easy.{}", lang.code()), problem))
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! The languages the product speaks, and texts given in all of them.

use std::collections::BTreeMap;

/// A user-interface and instrument language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Danish, the default.
    #[default]
    Da,
    /// Norwegian bokmål.
    Nb,
    /// English.
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Da, Lang::Nb, Lang::En];

    /// The BCP 47 tag, used in `<html lang>`, in stored settings and in file names of text data.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// Which wording a reader gets: the ordinary one, or easy-read for a citizen who reads with difficulty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Wording {
    #[default]
    Ordinary,
    /// Short sentences, one idea each, everyday words ([`crate::easy_read`]).
    Easy,
    /// For someone who answers about the citizen (a parent, a relative, staff): a form's "me" and "my"
    /// become the person it is about.
    Observer,
}

/// One text in every language the product speaks, and, where a citizen reads it, its easy-read version
/// in every language too.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
pub struct Texts {
    da: String,
    nb: String,
    en: String,
    easy: Option<Box<Texts>>,
    /// The version for someone answering about the citizen, where the ordinary one speaks as the citizen.
    observer: Option<Box<Texts>>,
}

/// What is wrong with the texts of one field in a data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// A key that is no language code of ours.
    UnknownLanguage(String),
    Empty(Lang),
    Missing(Lang),
}

impl Texts {
    /// Texts made by the product itself (an FFB term's display and glosses), not read from a file.
    pub(crate) fn new(da: &str, nb: &str, en: &str) -> Texts {
        Texts {
            da: da.to_owned(),
            nb: nb.to_owned(),
            en: en.to_owned(),
            easy: None,
            observer: None,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::Nb => &self.nb,
            Lang::En => &self.en,
        }
    }

    /// The easy-read version, where the file gives one.
    pub fn easy(&self) -> Option<&Texts> {
        self.easy.as_deref()
    }

    /// The version for someone answering about the citizen, where the file gives one.
    pub fn observer(&self) -> Option<&Texts> {
        self.observer.as_deref()
    }

    /// The text in `wording`; the ordinary one where the file gives no version in that wording.
    pub fn worded(&self, lang: Lang, wording: Wording) -> &str {
        let version = match wording {
            Wording::Ordinary => None,
            Wording::Easy => self.easy(),
            Wording::Observer => self.observer(),
        };
        version.unwrap_or(self).get(lang)
    }

    /// These texts with `easy` as their easy-read version.
    pub(crate) fn with_easy(self, easy: Texts) -> Texts {
        Texts {
            easy: Some(Box::new(easy)),
            ..self
        }
    }

    /// These texts with `observer` as the version for someone answering about the citizen.
    pub(crate) fn with_observer(self, observer: Texts) -> Texts {
        Texts {
            observer: Some(Box::new(observer)),
            ..self
        }
    }

    /// Reads `{"da": .., "nb": .., "en": ..}` from a data file, reporting every problem at once.
    pub fn read(raw: &BTreeMap<String, String>) -> Result<Texts, Vec<TextProblem>> {
        let mut problems: Vec<TextProblem> = raw
            .keys()
            .filter(|code| Lang::from_code(code).is_none())
            .map(|code| TextProblem::UnknownLanguage(code.clone()))
            .collect();
        let mut text = |lang: Lang| match raw.get(lang.code()) {
            Some(text) if !text.trim().is_empty() => text.clone(),
            Some(_) => {
                problems.push(TextProblem::Empty(lang));
                String::new()
            }
            None => {
                problems.push(TextProblem::Missing(lang));
                String::new()
            }
        };
        let texts = Texts {
            da: text(Lang::Da),
            nb: text(Lang::Nb),
            en: text(Lang::En),
            easy: None,
            observer: None,
        };
        if problems.is_empty() {
            Ok(texts)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("sv"), None);
    }

    #[test]
    fn texts_report_every_problem() {
        let raw = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let texts = Texts::read(&raw(&[("da", "Hej"), ("nb", "Hei"), ("en", "Hi")])).unwrap();
        assert_eq!(texts.get(Lang::Nb), "Hei");
        assert_eq!(
            Texts::read(&raw(&[("da", " "), ("sv", "Hej"), ("en", "Hi")])),
            Err(vec![
                TextProblem::UnknownLanguage("sv".to_owned()),
                TextProblem::Empty(Lang::Da),
                TextProblem::Missing(Lang::Nb),
            ])
        );
    }
}

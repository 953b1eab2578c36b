//! The languages the product speaks.

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
}

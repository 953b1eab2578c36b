//! KL's *Fælles Faglige Begreber* (FFB), the shared vocabulary of Danish social case work, as far as Mestring uses it:
//! the conditions (*tilstande*: groups, themes, sub-themes), the function levels, the goal types (*måltyper*) and the
//! support levels, each with KL's code and Danish display.
//!
//! The terms are data generated from KL's own code system (`assets/ffb/`, see its README), never typed by hand;
//! `build.rs` turns them into static tables, so nothing here parses or fails at run time.
//! Mestring names a term by its own id (`varetage_oekonomi`), which stays with the term's code through FFB versions;
//! records store ids, and codes and displays are looked up here when something leaves the product.
//! FFB's terms are Danish official terms: in Norwegian and English the app shows the Danish display with Mestring's
//! gloss ([`Term::gloss`]).

use crate::lang::{Lang, Texts};

#[cfg(test)]
mod tests;

/// FFB's code system, in KL's FHIR terminology.
pub const SYSTEM: &str = "urn:oid:1.2.208.176.2.22";

/// The group whose sub-themes carry a function level: in KL's FFB reporting a condition of *Aktivitet og deltagelse*
/// must have one and any other must not (invariant `kl-reporting-ffb-condition-1`), and a goal addresses only these
/// (`kl-reporting-ffb-intervention-goal-1`).
const LEVELLED_GROUP: &str = "aktivitet_og_deltagelse";

mod tables {
    use super::{Condition, Gloss, Level, Rank, Source, Term};

    include!(concat!(env!("OUT_DIR"), "/ffb_terms.rs"));
}

/// Where the terms came from: KL's code system, its version, the file they were generated from, and when it was taken.
#[derive(Debug)]
pub struct Source {
    pub system: &'static str,
    pub version: &'static str,
    pub url: &'static str,
    /// The day the file was taken from KL's repository.
    pub retrieved: &'static str,
    /// SHA-256 of KL's file as kept in `assets/ffb/`, in hex.
    pub sha256: &'static str,
}

/// The FFB version the terms are from.
pub fn source() -> &'static Source {
    &tables::SOURCE
}

/// One FFB concept: Mestring's id for it, KL's code and Danish display, and Mestring's gloss where the app shows it.
#[derive(Debug, PartialEq, Eq)]
pub struct Term {
    id: &'static str,
    code: &'static str,
    display: &'static str,
    gloss: Option<Gloss>,
}

#[derive(Debug, PartialEq, Eq)]
struct Gloss {
    nb: &'static str,
    en: &'static str,
}

impl Term {
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// KL's code (a UUID).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// KL's Danish display, the official term.
    pub fn display(&self) -> &'static str {
        self.display
    }

    /// Mestring's gloss of the term in `lang`; `None` in Danish, where the display is the term.
    pub fn gloss(&self, lang: Lang) -> Option<&'static str> {
        let gloss = self.gloss.as_ref()?;
        match lang {
            Lang::Da => None,
            Lang::Nb => Some(gloss.nb),
            Lang::En => Some(gloss.en),
        }
    }

    /// The display in Danish and the gloss in the other languages; `None` for a term without a gloss.
    pub fn texts(&self) -> Option<Texts> {
        let gloss = self.gloss.as_ref()?;
        Some(Texts::new(self.display, gloss.nb, gloss.en))
    }
}

/// Where a condition sits in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rank {
    /// *Funktioner og forhold*, *Aktivitet og deltagelse*, *Omgivelsesfaktorer*.
    Group,
    /// *Egenomsorg*, *Samfundsliv* …
    Theme,
    /// *Varetage økonomi*, *Håndtere post* …: what a condition of a citizen names.
    SubTheme,
}

/// A condition (*tilstand*) of the FFB tree.
#[derive(Debug, PartialEq, Eq)]
pub struct Condition {
    term: Term,
    rank: Rank,
    /// Its index in the table.
    parent: Option<usize>,
}

impl Condition {
    pub fn term(&self) -> &Term {
        &self.term
    }

    pub fn rank(&self) -> Rank {
        self.rank
    }

    pub fn parent(&self) -> Option<&'static Condition> {
        self.parent.and_then(|idx| tables::CONDITIONS.get(idx))
    }

    /// The theme of a sub-theme, a theme itself; `None` for a group.
    pub fn theme(&'static self) -> Option<&'static Condition> {
        match self.rank {
            Rank::Group => None,
            Rank::Theme => Some(self),
            Rank::SubTheme => self.parent(),
        }
    }

    /// Whether it is rated with a function level: a sub-theme or theme of *Aktivitet og deltagelse*.
    pub fn is_levelled(&'static self) -> bool {
        let mut ancestor = self.parent();
        while let Some(condition) = ancestor {
            if condition.term.id == LEVELLED_GROUP {
                return true;
            }
            ancestor = condition.parent();
        }
        false
    }
}

/// Every condition, each group followed by its themes, each theme by its sub-themes, in KL's order.
pub fn conditions() -> &'static [Condition] {
    &tables::CONDITIONS
}

pub fn condition(id: &str) -> Option<&'static Condition> {
    tables::CONDITIONS
        .iter()
        .find(|condition| condition.term.id == id)
}

/// A sub-theme that carries a function level, which is what a goal may address.
pub fn levelled_sub_theme(id: &str) -> Option<&'static Condition> {
    condition(id).filter(|condition| condition.rank == Rank::SubTheme && condition.is_levelled())
}

/// A function level (*funktionsevneniveau*) or support level (*støttebehovsniveau*): FFB's codes have no order,
/// so `level` is Mestring's 0 (ingen) to 4 (fuldstændig), `None` for "Ikke vurderet".
#[derive(Debug, PartialEq, Eq)]
pub struct Level {
    term: Term,
    level: Option<u8>,
}

impl Level {
    pub fn term(&self) -> &Term {
        &self.term
    }

    pub fn level(&self) -> Option<u8> {
        self.level
    }
}

/// The highest function level, fully reduced functioning; a higher number is more reduced.
pub const MAX_LEVEL: u8 = 4;

/// The five function levels, 0 first, then "Ikke vurderet".
pub fn function_levels() -> &'static [Level] {
    &tables::FUNCTION_LEVELS
}

/// The function level `level`, or "Ikke vurderet" for `None`; `None` above [`MAX_LEVEL`].
pub fn function_level(level: Option<FunctionLevel>) -> Option<&'static Level> {
    let level = level.map(FunctionLevel::get);
    function_levels()
        .iter()
        .find(|candidate| candidate.level == level)
}

/// The support levels, 0 (intet) first, then "Ikke vurderet".
pub fn support_levels() -> &'static [Level] {
    &tables::SUPPORT_LEVELS
}

/// The goal types, the most ambitious first: develop, maintain, limit the loss of functioning.
pub fn goal_types() -> &'static [Term] {
    &tables::GOAL_TYPES
}

pub fn goal_type(id: &str) -> Option<&'static Term> {
    goal_types().iter().find(|term| term.id == id)
}

/// A function level 0–4 as records store it; whether it is one is checked where the record is validated.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct FunctionLevel(u8);

impl FunctionLevel {
    pub const fn new(level: u8) -> FunctionLevel {
        FunctionLevel(level)
    }

    pub const fn get(self) -> u8 {
        self.0
    }
}

crate::data_file::text_id! {
    /// Mestring's id of an FFB term (`varetage_oekonomi`), as records and data files name it.
    #[derive(
        Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
    )]
    #[serde(transparent)]
    TermId
}

impl TermId {
    pub fn new(id: &str) -> TermId {
        TermId(id.to_owned())
    }
}

//! A mastery schema as data: the life domains it asks about, who rates them, and the ladder they are rated on.
//!
//! Each schema is a JSON file under `assets/schemas/` ([`file_format`]), checked by [`validate`] into a [`Schema`];
//! reading and registering the files is the shared data-file layer's job.
//! Every domain names the FFB conditions it touches, and a function-level ladder names FFB's levels ([`crate::ffb`]):
//! a domain or stage rated in FFB's own terms takes its title from FFB, the Danish display with Mestring's gloss.

mod file_format;
#[cfg(test)]
mod tests;
mod validate;

use serde::Deserialize;

use crate::data_file::Version;
use crate::data_file::{DataFile, FileError, Issue, Issues, SourceFile, bundled, text_id};
use crate::ffb::{self, TermId};
use crate::fit::rated::Rater;
pub use crate::lang::Texts;
pub use validate::SchemaProblem;

/// A validated schema. Built only by [`DataFile::from_json`], so every one in use passed validation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
pub struct Schema {
    id: SchemaId,
    version: Version,
    title: Texts,
    instructions: Texts,
    rated_by: Vec<Rater>,
    licence: String,
    note: Option<String>,
    ladder: Ladder,
    domains: Vec<Domain>,
}

impl Schema {
    pub fn id(&self) -> &SchemaId {
        &self.id
    }

    pub fn version(&self) -> Version {
        self.version
    }

    pub fn title(&self) -> &Texts {
        &self.title
    }

    pub fn instructions(&self) -> &Texts {
        &self.instructions
    }

    /// Who rates this schema: the citizen and staff each on their own, or staff only.
    pub fn rated_by(&self) -> &[Rater] {
        &self.rated_by
    }

    pub fn licence(&self) -> &str {
        &self.licence
    }

    /// Decisions worth knowing when reading the ratings, such as how FFB's unordered codes map to levels.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn ladder(&self) -> &Ladder {
        &self.ladder
    }

    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    pub fn domain(&self, id: &DomainId) -> Option<&Domain> {
        self.domains.iter().find(|domain| &domain.id == id)
    }

    /// The domains' indices grouped by the FFB theme of the condition each names first, the themes in the
    /// order they first come: how a schema rated in FFB's terms is shown.
    pub fn by_theme(&self) -> Vec<(&'static ffb::Condition, Vec<usize>)> {
        let mut themes: Vec<(&'static ffb::Condition, Vec<usize>)> = Vec::new();
        for (domain_idx, domain) in self.domains.iter().enumerate() {
            let Some(theme) = domain.conditions().next().and_then(ffb::Condition::theme) else {
                continue;
            };
            match themes
                .iter_mut()
                .find(|(seen, _)| std::ptr::eq(*seen, theme))
            {
                Some((_, domains)) => domains.push(domain_idx),
                None => themes.push((theme, vec![domain_idx])),
            }
        }
        themes
    }
}

/// Everything wrong with one schema file, each problem named by its field.
pub type SchemaError = FileError<SchemaProblem>;

/// One problem, at one field (`domains[1].title`; empty for the whole file).
pub type SchemaIssue = Issue<SchemaProblem>;

impl DataFile for Schema {
    const NOUN: &'static str = "schema";
    /// The default first.
    const BUNDLED: &'static [SourceFile<'static>] = &[
        bundled!("schemas", "mastery-default.json"),
        bundled!("schemas", "mastery-default-2.json"),
        bundled!("schemas", "ffb-function.json"),
        bundled!("schemas", "ffb-function-2.json"),
    ];
    type Raw = file_format::RawSchema;
    type Problem = SchemaProblem;

    fn validate(raw: Self::Raw, issues: &mut Issues<SchemaProblem>) -> Option<Schema> {
        validate::schema(raw, issues)
    }

    fn id_str(&self) -> &str {
        self.id.as_str()
    }

    fn version(&self) -> Version {
        self.version
    }
}

text_id! {
    /// The schema's stable code (`mastery`), stored with every assessment.
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
    SchemaId
}

impl SchemaId {
    /// An id as stored in a record; whether a schema has it is checked when the record is scored.
    pub fn new(id: &str) -> SchemaId {
        SchemaId(id.to_owned())
    }
}

text_id! {
    /// A domain's stable code (`self_care`): ratings are stored against it, so its texts can change.
    #[derive(
        Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
    )]
    #[serde(transparent)]
    DomainId
}

impl DomainId {
    /// An id as stored in a record; whether the schema has it is checked when the record is scored.
    pub fn new(id: &str) -> DomainId {
        DomainId(id.to_owned())
    }
}

/// One life domain: what the citizen or staff are asked to rate.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
pub struct Domain {
    id: DomainId,
    ffb: Vec<TermId>,
    title: Texts,
    question: Option<Texts>,
}

impl Domain {
    pub fn id(&self) -> &DomainId {
        &self.id
    }

    /// The FFB conditions this domain touches: themes for a domain in the citizen's words, the one it rates on a
    /// function-level ladder.
    pub fn ffb(&self) -> &[TermId] {
        &self.ffb
    }

    /// The conditions [`Domain::ffb`] names, each checked when the schema was read.
    pub fn conditions(&self) -> impl Iterator<Item = &'static ffb::Condition> + '_ {
        self.ffb.iter().filter_map(|id| ffb::condition(id.as_str()))
    }

    /// In the citizen's words, or, for a domain rated in FFB's terms, FFB's Danish display with Mestring's gloss.
    pub fn title(&self) -> &Texts {
        &self.title
    }

    /// A short question in plain words; every domain of a steps ladder has one.
    pub fn question(&self) -> Option<&Texts> {
        self.question.as_ref()
    }
}

/// Which kind of ladder a schema uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "compiled", derive(serde::Serialize))]
pub enum LadderKind {
    /// Steps 1–10 in described stages of one or more steps.
    Steps,
    /// FFB's function level 0–4 (ingen … fuldstændig nedsat funktionsevne), one stage per level, each naming its FFB level.
    FunctionLevel,
}

impl LadderKind {
    /// The only range each kind supports, so a rating means the same in every schema of its kind.
    pub fn range(self) -> (u8, u8) {
        match self {
            LadderKind::Steps => (1, 10),
            LadderKind::FunctionLevel => (0, 4),
        }
    }
}

/// Which end of a ladder is the good one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "compiled", derive(serde::Serialize))]
pub enum Direction {
    /// More mastery up the ladder (the steps 1–10).
    Better,
    /// More reduced functioning up the ladder (FFB's levels 0–4).
    Worse,
}

/// The ladder a domain is rated on: whole values from `min` to `max`, split into described stages without gaps or overlaps.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
pub struct Ladder {
    kind: LadderKind,
    min: u8,
    max: u8,
    higher_is: Direction,
    unrated: Texts,
    stages: Vec<Stage>,
}

impl Ladder {
    pub fn kind(&self) -> LadderKind {
        self.kind
    }

    pub fn min(&self) -> u8 {
        self.min
    }

    pub fn max(&self) -> u8 {
        self.max
    }

    pub fn higher_is(&self) -> Direction {
        self.higher_is
    }

    /// The label for leaving a domain without a value ("Ikke vurderet"); such a domain is left out of every score.
    pub fn unrated(&self) -> &Texts {
        &self.unrated
    }

    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    pub fn contains(&self, value: u8) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// The stage a value falls in; `None` outside the ladder.
    pub fn stage_of(&self, value: u8) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|stage| (stage.from..=stage.to).contains(&value))
    }

    /// Whether ratings on `other` mean the same as on this ladder, so they can be compared across schema versions.
    pub fn same_scale(&self, other: &Ladder) -> bool {
        self.kind == other.kind
            && self.min == other.min
            && self.max == other.max
            && self.higher_is == other.higher_is
    }
}

/// A described stretch of the ladder, from `from` to `to` inclusive.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(serde::Serialize, serde::Deserialize))]
pub struct Stage {
    from: u8,
    to: u8,
    ffb: Option<TermId>,
    label: Texts,
    text: Texts,
}

impl Stage {
    pub fn from(&self) -> u8 {
        self.from
    }

    pub fn to(&self) -> u8 {
        self.to
    }

    /// The FFB function level of a function-level stage; steps have none.
    pub fn ffb(&self) -> Option<&TermId> {
        self.ffb.as_ref()
    }

    pub fn label(&self) -> &Texts {
        &self.label
    }

    pub fn text(&self) -> &Texts {
        &self.text
    }
}

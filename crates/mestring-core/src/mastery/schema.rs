//! A mastery schema as data: the life domains it asks about, who rates them, and the ladder they are rated on.
//!
//! Each schema is a JSON file under `assets/schemas/`, parsed here into a validated [`Schema`].
//! Every domain carries its FFB code (code system [`Schema::code_system`]) and whether that code was checked first-hand.

use std::collections::BTreeSet;

use serde::Deserialize;

mod file_format;

pub use crate::data_file::Version;
use crate::data_file::{
    DataFile, FileError, Issue, Problem, SourceFile, bundled, text_id, validate_each,
    validate_heading, validate_not_blank, validate_texts, validate_unique_id,
};
use crate::fit::rated::Rater;
pub use crate::lang::Texts;
use file_format::{RawDomain, RawLadder, RawSchema};

/// A validated schema. Built only by [`DataFile::from_json`], so every one in use passed validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    id: SchemaId,
    version: Version,
    title: Texts,
    instructions: Texts,
    rated_by: Vec<Rater>,
    licence: String,
    note: Option<String>,
    code_system: String,
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

    /// The code system of the domains' codes: FFB, `urn:oid:1.2.208.176.2.22`.
    pub fn code_system(&self) -> &str {
        &self.code_system
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
        bundled!("schemas", "ffb-function.json"),
    ];
    type Raw = RawSchema;
    type Problem = SchemaProblem;

    fn validate(raw: RawSchema, issues: &mut Issues) -> Option<Schema> {
        validate_schema(raw, issues)
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

/// A code in the schema's code system, and whether it was checked against the published terminology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    code: String,
    verified: bool,
}

impl Code {
    pub fn code(&self) -> &str {
        &self.code
    }

    /// False where the code is a stand-in (the area's name) for the published one.
    pub fn verified(&self) -> bool {
        self.verified
    }
}

/// One life domain: what the citizen or staff are asked to rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Domain {
    id: DomainId,
    code: Code,
    title: Texts,
    question: Texts,
}

impl Domain {
    pub fn id(&self) -> &DomainId {
        &self.id
    }

    /// The FFB area this domain stands for.
    pub fn code(&self) -> &Code {
        &self.code
    }

    pub fn title(&self) -> &Texts {
        &self.title
    }

    /// A short question in plain words.
    pub fn question(&self) -> &Texts {
        &self.question
    }
}

/// Which kind of ladder a schema uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LadderKind {
    /// Steps 1–10 in described stages of one or more steps.
    Steps,
    /// FFB's function level 0–4 (ingen … fuldstændig nedsat funktionsevne), one stage per level, each with its FFB code.
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
pub enum Direction {
    /// More mastery up the ladder (the steps 1–10).
    Better,
    /// More reduced functioning up the ladder (FFB's levels 0–4).
    Worse,
}

/// The ladder a domain is rated on: whole values from `min` to `max`, split into described stages without gaps or overlaps.
#[derive(Clone, Debug, PartialEq)]
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
pub struct Stage {
    from: u8,
    to: u8,
    code: Option<Code>,
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

    /// The FFB code of a function level; steps have none.
    pub fn code(&self) -> Option<&Code> {
        self.code.as_ref()
    }

    pub fn label(&self) -> &Texts {
        &self.label
    }

    pub fn text(&self) -> &Texts {
        &self.text
    }
}

/// A problem only a schema file can have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemaProblem {
    #[error("{0:?} is listed twice")]
    DuplicateRater(String),
    #[error("{found} is not supported; a {kind} ladder has {expected}")]
    Unsupported {
        found: u8,
        expected: u8,
        kind: &'static str,
    },
    #[error("{value} is outside {min}–{max}")]
    OutOfRange { value: u8, min: u8, max: u8 },
    #[error("starts at {from} but ends at {to}")]
    Reversed { from: u8, to: u8 },
    #[error("no stage covers {0}")]
    Gap(u8),
    #[error("more than one stage covers {0}")]
    Overlap(u8),
    #[error("a function level stage covers exactly one level and has an ffb_code")]
    NotALevel,
    #[error("only function levels have codes")]
    UnexpectedCode,
}

type Issues = crate::data_file::Issues<SchemaProblem>;

/// Checks every rule and records every problem; returns a schema only if its parts could be built.
fn validate_schema(raw: RawSchema, issues: &mut Issues) -> Option<Schema> {
    let heading = validate_heading(&raw.id, raw.version, &raw.title, &raw.instructions, issues);
    let rated_by = validate_raters(&raw.rated_by, issues);
    validate_not_blank(&raw.licence, "licence", issues);
    validate_not_blank(&raw.code_system, "code_system", issues);
    let ladder = validate_ladder(&raw.ladder, issues);
    let domains = validate_domains(&raw.domains, issues);
    let heading = heading?;
    Some(Schema {
        id: SchemaId::new(&heading.id),
        version: heading.version,
        title: heading.title,
        instructions: heading.instructions,
        rated_by: rated_by?,
        licence: raw.licence,
        note: raw.note,
        code_system: raw.code_system,
        ladder: ladder?,
        domains: domains?,
    })
}

fn validate_raters(raw: &[Rater], issues: &mut Issues) -> Option<Vec<Rater>> {
    let n_issues = issues.len();
    if raw.is_empty() {
        issues.push("rated_by", Problem::Empty);
    }
    for (rater_idx, rater) in raw.iter().enumerate() {
        if raw[..rater_idx].contains(rater) {
            issues.push(
                format!("rated_by[{rater_idx}]"),
                SchemaProblem::DuplicateRater(rater.code().to_owned()),
            );
        }
    }
    (issues.len() == n_issues).then(|| raw.to_vec())
}

fn validate_code(code: &str, verified: bool, field: &str, issues: &mut Issues) -> Option<Code> {
    if !validate_not_blank(code, field, issues) {
        return None;
    }
    Some(Code {
        code: code.to_owned(),
        verified,
    })
}

fn validate_ladder(raw: &RawLadder, issues: &mut Issues) -> Option<Ladder> {
    let n_issues = issues.len();
    let (min, max) = raw.kind.range();
    let kind_name = match raw.kind {
        LadderKind::Steps => "steps",
        LadderKind::FunctionLevel => "function_level",
    };
    for (field, found, expected) in [("ladder.min", raw.min, min), ("ladder.max", raw.max, max)] {
        if found != expected {
            issues.push(
                field,
                SchemaProblem::Unsupported {
                    found,
                    expected,
                    kind: kind_name,
                },
            );
        }
    }
    let unrated = validate_texts(&raw.unrated, "ladder.unrated", issues);
    let mut stages = Vec::with_capacity(raw.stages.len());
    for (stage_idx, raw_stage) in raw.stages.iter().enumerate() {
        let field = format!("ladder.stages[{stage_idx}]");
        let n_stage_issues = issues.len();
        for (end, value) in [("from", raw_stage.from), ("to", raw_stage.to)] {
            if !(min..=max).contains(&value) {
                issues.push(
                    format!("{field}.{end}"),
                    SchemaProblem::OutOfRange { value, min, max },
                );
            }
        }
        if raw_stage.from > raw_stage.to {
            issues.push(
                field.as_str(),
                SchemaProblem::Reversed {
                    from: raw_stage.from,
                    to: raw_stage.to,
                },
            );
        }
        let code = match (raw.kind, &raw_stage.ffb_code) {
            (LadderKind::FunctionLevel, Some(code)) if raw_stage.from == raw_stage.to => {
                validate_code(
                    code,
                    raw_stage.code_verified.unwrap_or(false),
                    &format!("{field}.ffb_code"),
                    issues,
                )
            }
            (LadderKind::FunctionLevel, _) => {
                issues.push(field.as_str(), SchemaProblem::NotALevel);
                None
            }
            (LadderKind::Steps, Some(_)) => {
                issues.push(format!("{field}.ffb_code"), SchemaProblem::UnexpectedCode);
                None
            }
            (LadderKind::Steps, None) => None,
        };
        let label = validate_texts(&raw_stage.label, &format!("{field}.label"), issues);
        let text = validate_texts(&raw_stage.text, &format!("{field}.text"), issues);
        if let (Some(label), Some(text)) = (label, text)
            && issues.len() == n_stage_issues
        {
            stages.push(Stage {
                from: raw_stage.from,
                to: raw_stage.to,
                code,
                label,
                text,
            });
        }
    }
    // Only well-formed stages count here, so a stage out of range is reported once, not again as an overlap.
    if stages.len() == raw.stages.len() {
        for value in min..=max {
            let covering = raw
                .stages
                .iter()
                .filter(|stage| (stage.from..=stage.to).contains(&value))
                .count();
            match covering {
                0 => issues.push("ladder.stages", SchemaProblem::Gap(value)),
                1 => {}
                _ => issues.push("ladder.stages", SchemaProblem::Overlap(value)),
            }
        }
    }
    if issues.len() != n_issues {
        return None;
    }

    stages.sort_by_key(|stage| stage.from);
    Some(Ladder {
        kind: raw.kind,
        min,
        max,
        higher_is: raw.higher_is,
        unrated: unrated?,
        stages,
    })
}

fn validate_domains(raw: &[RawDomain], issues: &mut Issues) -> Option<Vec<Domain>> {
    if raw.is_empty() {
        issues.push("domains", Problem::Empty);
    }
    let mut seen = BTreeSet::new();
    validate_each(raw, "domains", issues, |raw_domain, field, issues| {
        let id = validate_unique_id(
            &raw_domain.id,
            &format!("{field}.id"),
            "domain",
            &mut seen,
            issues,
        );
        let code = validate_code(
            &raw_domain.ffb_code,
            raw_domain.code_verified,
            &format!("{field}.ffb_code"),
            issues,
        );
        let title = validate_texts(&raw_domain.title, &format!("{field}.title"), issues);
        let question = validate_texts(&raw_domain.question, &format!("{field}.question"), issues);
        Some(Domain {
            id: DomainId::new(&id?),
            code: code?,
            title: title?,
            question: question?,
        })
    })
}

#[cfg(test)]
mod tests;

//! The rules a schema file must keep beyond its shape; every broken one is recorded against its field.

use std::collections::BTreeSet;

use crate::data_file::{
    Problem, RawTexts, validate_each, validate_heading, validate_not_blank, validate_texts,
    validate_unique_id,
};
use crate::ffb::{self, Rank, TermId};
use crate::fit::rated::Rater;
use crate::lang::Texts;
use crate::mastery::schema::file_format::{RawDomain, RawLadder, RawSchema, RawStage};
use crate::mastery::schema::{Domain, DomainId, Ladder, LadderKind, Schema, SchemaId, Stage};
use crate::sort;

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
    #[error("a function level stage covers exactly one level and names it (ffb)")]
    NotALevel,
    #[error("only function levels name an FFB level")]
    UnexpectedLevel,
    #[error("{0:?} is no FFB function level (assets/ffb/ffb.json)")]
    UnknownLevel(String),
    #[error("{id:?} is not FFB's level {expected}")]
    WrongLevel { id: String, expected: u8 },
    #[error("{0:?} is no FFB theme or sub-theme (assets/ffb/ffb.json)")]
    UnknownCondition(String),
    #[error("a domain rated on function levels names exactly one FFB condition")]
    NotOneCondition,
    #[error("{0:?} has no gloss in assets/ffb/glossary.json")]
    NoGloss(String),
    #[error("comes from FFB on a function level ladder; leave it out")]
    FromFfb,
    #[error("is missing")]
    Missing,
}

type Issues = crate::data_file::Issues<SchemaProblem>;

/// Checks every rule and records every problem; returns a schema only if its parts could be built.
pub(super) fn schema(raw: RawSchema, issues: &mut Issues) -> Option<Schema> {
    let heading = validate_heading(&raw.id, raw.version, &raw.title, &raw.instructions, issues);
    let rated_by = validate_raters(&raw.rated_by, issues);
    validate_not_blank(&raw.licence, "licence", issues);
    let ladder = validate_ladder(&raw.ladder, issues);
    let domains = validate_domains(&raw.domains, raw.ladder.kind, issues);
    let heading = heading?;
    Some(Schema {
        id: SchemaId::new(&heading.id),
        version: heading.version,
        title: heading.title,
        instructions: heading.instructions,
        rated_by: rated_by?,
        licence: raw.licence,
        note: raw.note,
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
        let (level, label) = match raw.kind {
            LadderKind::FunctionLevel => validate_level(raw_stage, &field, issues),
            LadderKind::Steps => {
                if raw_stage.ffb.is_some() {
                    issues.push(format!("{field}.ffb"), SchemaProblem::UnexpectedLevel);
                }
                let label =
                    required_texts(raw_stage.label.as_ref(), &format!("{field}.label"), issues);
                (None, label)
            }
        };
        let text = validate_texts(&raw_stage.text, &format!("{field}.text"), issues);
        if let (Some(label), Some(text)) = (label, text)
            && issues.len() == n_stage_issues
        {
            stages.push(Stage {
                from: raw_stage.from,
                to: raw_stage.to,
                ffb: level,
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

    sort::by_key(&mut stages, |stage| stage.from);
    Some(Ladder {
        kind: raw.kind,
        min,
        max,
        higher_is: raw.higher_is,
        unrated: unrated?,
        stages,
    })
}

/// A function level stage: one level, naming FFB's level of that number; its label is FFB's.
fn validate_level(
    raw: &RawStage,
    field: &str,
    issues: &mut Issues,
) -> (Option<TermId>, Option<Texts>) {
    if raw.label.is_some() {
        issues.push(format!("{field}.label"), SchemaProblem::FromFfb);
    }
    let Some(id) = raw.ffb.as_deref().filter(|_| raw.from == raw.to) else {
        issues.push(field, SchemaProblem::NotALevel);
        return (None, None);
    };
    let field = format!("{field}.ffb");
    let Some(level) = ffb::function_levels()
        .iter()
        .find(|level| level.term().id() == id)
    else {
        issues.push(field, SchemaProblem::UnknownLevel(id.to_owned()));
        return (None, None);
    };
    if level.level() != Some(raw.from) {
        let problem = SchemaProblem::WrongLevel {
            id: id.to_owned(),
            expected: raw.from,
        };
        issues.push(field, problem);
        return (None, None);
    }
    (Some(TermId::new(id)), glossed(level.term(), &field, issues))
}

/// FFB's Danish display with Mestring's gloss, the text of anything rated in FFB's own terms.
fn glossed(term: &ffb::Term, field: &str, issues: &mut Issues) -> Option<Texts> {
    let texts = term.texts();
    if texts.is_none() {
        issues.push(field, SchemaProblem::NoGloss(term.id().to_owned()));
    }
    texts
}

/// Texts a steps ladder's file must give (on a function level ladder FFB gives them).
fn required_texts(raw: Option<&RawTexts>, field: &str, issues: &mut Issues) -> Option<Texts> {
    match raw {
        Some(raw) => validate_texts(raw, field, issues),
        None => {
            issues.push(field, SchemaProblem::Missing);
            None
        }
    }
}

fn validate_domains(
    raw: &[RawDomain],
    kind: LadderKind,
    issues: &mut Issues,
) -> Option<Vec<Domain>> {
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
        let conditions = validate_conditions(&raw_domain.ffb, &format!("{field}.ffb"), issues);
        let title_field = format!("{field}.title");
        let question_field = format!("{field}.question");
        let (title, question) = match kind {
            LadderKind::Steps => (
                required_texts(raw_domain.title.as_ref(), &title_field, issues),
                required_texts(raw_domain.question.as_ref(), &question_field, issues).map(Some),
            ),
            LadderKind::FunctionLevel => {
                if raw_domain.title.is_some() {
                    issues.push(title_field.as_str(), SchemaProblem::FromFfb);
                }
                let title = match conditions.as_deref() {
                    Some([condition]) => glossed(condition.term(), &format!("{field}.ffb"), issues),
                    Some(_) => {
                        issues.push(format!("{field}.ffb"), SchemaProblem::NotOneCondition);
                        None
                    }
                    None => None,
                };
                let question = match &raw_domain.question {
                    Some(raw) => validate_texts(raw, &question_field, issues).map(Some),
                    None => Some(None),
                };
                (title, question)
            }
        };
        Some(Domain {
            id: DomainId::new(&id?),
            ffb: conditions?
                .iter()
                .map(|condition| TermId::new(condition.term().id()))
                .collect(),
            title: title?,
            question: question?,
        })
    })
}

/// The FFB themes or sub-themes a domain names: at least one, each in FFB's tree.
fn validate_conditions(
    raw: &[String],
    field: &str,
    issues: &mut Issues,
) -> Option<Vec<&'static ffb::Condition>> {
    if raw.is_empty() {
        issues.push(field, Problem::Empty);
        return None;
    }
    let n_issues = issues.len();
    let conditions: Vec<&'static ffb::Condition> = (raw.iter().enumerate())
        .filter_map(|(idx, id)| {
            let condition = ffb::condition(id).filter(|condition| condition.rank() != Rank::Group);
            if condition.is_none() {
                issues.push(
                    format!("{field}[{idx}]"),
                    SchemaProblem::UnknownCondition(id.clone()),
                );
            }
            condition
        })
        .collect();
    (issues.len() == n_issues).then_some(conditions)
}

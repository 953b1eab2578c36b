//! The rules a schema file must keep beyond its shape; every broken one is recorded against its field.

use std::collections::BTreeSet;

use crate::data_file::{
    Problem, validate_each, validate_heading, validate_not_blank, validate_texts,
    validate_unique_id,
};
use crate::fit::rated::Rater;
use crate::mastery::schema::file_format::{RawDomain, RawLadder, RawSchema};
use crate::mastery::schema::{Code, Domain, DomainId, Ladder, LadderKind, Schema, SchemaId, Stage};
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
    #[error("a function level stage covers exactly one level and has an ffb_code")]
    NotALevel,
    #[error("only function levels have codes")]
    UnexpectedCode,
}

type Issues = crate::data_file::Issues<SchemaProblem>;

/// Checks every rule and records every problem; returns a schema only if its parts could be built.
pub(super) fn schema(raw: RawSchema, issues: &mut Issues) -> Option<Schema> {
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

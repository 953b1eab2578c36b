//! The rules an instrument file must keep beyond its shape; every broken one is recorded against its field.

use std::collections::BTreeSet;

use crate::data_file::{
    validate_each, validate_heading, validate_not_blank, validate_texts, validate_unique_id,
};
use crate::fit::definition::file_format::{
    RawAgeNorm, RawAudience, RawDefinition, RawItem, RawNorm, RawNorms, RawScale,
};
use crate::fit::definition::{
    AgeNorm, AgeRange, AlertRules, Audience, Definition, Face, InstrumentId, Item, ItemId, Kind,
    Norm, Norms, Scale, TalkingPointRules,
};
use crate::fit::rated::Age;
use crate::fit::tenths::Tenths;

/// A problem only an instrument file can have.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DefinitionProblem {
    #[error("{0} items; 1 to {max} are supported", max = Definition::MAX_ITEMS)]
    ItemCount(usize),
    #[error("{value} is outside {min}–{max}")]
    OutOfRange { value: f64, min: f64, max: f64 },
    #[error("{0} is not a whole tenth")]
    NotATenth(f64),
    #[error("{found} is not supported; only {expected}")]
    Unsupported { found: f64, expected: f64 },
    #[error("needs at least two faces")]
    TooFewFaces,
    #[error("faces must rise in value from left to right")]
    FacesNotRising,
    #[error("the youngest age {min} is above the oldest {max}")]
    AgesReversed { min: u8, max: u8 },
    #[error("ages {ages} reach outside the audience {audience}")]
    OutsideAudience { ages: String, audience: String },
    #[error("no entry covers age {0} of the audience")]
    Gap(u8),
    #[error("more than one entry covers age {0}")]
    Overlap(u8),
    #[error("does not apply to {0} scales")]
    WrongKind(Kind),
}

type Issues = crate::data_file::Issues<DefinitionProblem>;

/// Checks every rule and records every problem; returns a definition only if its parts could be built.
pub(super) fn definition(raw: RawDefinition, issues: &mut Issues) -> Option<Definition> {
    let heading = validate_heading(&raw.id, raw.version, &raw.title, &raw.instructions, issues);
    let audience = validate_audience(&raw.audience, issues);
    validate_not_blank(&raw.licence, "licence", issues);
    let scale = validate_scale(&raw.scale, issues);
    let items = validate_items(&raw.items, issues);
    let max_total = Tenths::new((raw.items.len().min(Definition::MAX_ITEMS) as u16).max(1) * 100);
    let norms = validate_norms(&raw.norms, raw.kind, audience, max_total, issues);

    let heading = heading?;
    Some(Definition {
        id: InstrumentId::new(&heading.id),
        version: heading.version,
        kind: raw.kind,
        title: heading.title,
        instructions: heading.instructions,
        audience: audience?,
        licence: raw.licence,
        note: raw.note,
        scale: scale?,
        items: items?,
        norms: norms?,
    })
}

fn validate_audience(raw: &RawAudience, issues: &mut Issues) -> Option<Audience> {
    let ages = validate_ages(raw.min_age, raw.max_age, "audience", issues)?;
    Some(Audience {
        ages,
        meeting: raw.meeting,
    })
}

fn validate_ages(min: u8, max: Option<u8>, field: &str, issues: &mut Issues) -> Option<AgeRange> {
    if let Some(max) = max
        && min > max
    {
        issues.push(field, DefinitionProblem::AgesReversed { min, max });
        return None;
    }
    Some(AgeRange {
        min: Age::years(min),
        max: max.map(Age::years),
    })
}

const LINE_LENGTH_CM: f64 = 10.0;
const LINE_STEP: f64 = 0.1;

fn validate_scale(raw: &RawScale, issues: &mut Issues) -> Option<Scale> {
    match raw {
        RawScale::Line {
            length_cm,
            min,
            max,
            step,
        } => {
            let n_issues = issues.len();
            let fixed = [
                ("scale.length_cm", *length_cm, LINE_LENGTH_CM),
                ("scale.min", *min, 0.0),
                ("scale.max", *max, Tenths::ITEM_MAX.as_points()),
                ("scale.step", *step, LINE_STEP),
            ];
            for (field, found, expected) in fixed {
                if (found - expected).abs() > 1e-9 {
                    issues.push(field, DefinitionProblem::Unsupported { found, expected });
                }
            }
            (issues.len() == n_issues).then_some(Scale::Line)
        }
        RawScale::Faces { faces: raw_faces } => {
            let n_issues = issues.len();
            if raw_faces.len() < 2 {
                issues.push("scale.faces", DefinitionProblem::TooFewFaces);
            }
            let mut faces = Vec::with_capacity(raw_faces.len());
            for (face_idx, raw_face) in raw_faces.iter().enumerate() {
                let field = format!("scale.faces[{face_idx}]");
                let value = validate_points(
                    raw_face.value,
                    Tenths::ITEM_MAX,
                    true,
                    &format!("{field}.value"),
                    issues,
                );
                let label = validate_texts(&raw_face.label, &format!("{field}.label"), issues);
                if let (Some(value), Some(label)) = (value, label) {
                    faces.push(Face { value, label });
                }
            }
            if faces.windows(2).any(|pair| pair[0].value >= pair[1].value) {
                issues.push("scale.faces", DefinitionProblem::FacesNotRising);
            }
            (issues.len() == n_issues).then_some(Scale::Faces(faces))
        }
    }
}

fn validate_items(raw: &[RawItem], issues: &mut Issues) -> Option<Vec<Item>> {
    if raw.is_empty() || raw.len() > Definition::MAX_ITEMS {
        issues.push("items", DefinitionProblem::ItemCount(raw.len()));
    }
    let mut seen = BTreeSet::new();
    validate_each(raw, "items", issues, |raw_item, field, issues| {
        let id = validate_unique_id(
            &raw_item.id,
            &format!("{field}.id"),
            "item",
            &mut seen,
            issues,
        );
        let label = validate_texts(&raw_item.label, &format!("{field}.label"), issues);
        let anchors = &raw_item.anchors;
        let low = validate_texts(&anchors.low, &format!("{field}.anchors.low"), issues);
        let high = validate_texts(&anchors.high, &format!("{field}.anchors.high"), issues);
        Some(Item {
            id: ItemId::new(&id?),
            label: label?,
            low: low?,
            high: high?,
        })
    })
}

fn validate_norms(
    raw: &RawNorms,
    kind: Kind,
    audience: Option<Audience>,
    max_total: Tenths,
    issues: &mut Issues,
) -> Option<Norms> {
    let n_issues = issues.len();
    let cutoffs = validate_age_norms(&raw.cutoffs, "norms.cutoffs", audience, max_total, issues);
    let reliable_change = validate_age_norms(
        &raw.reliable_change,
        "norms.reliable_change",
        audience,
        max_total,
        issues,
    );
    let alerts = match &raw.alerts {
        Some(alerts) => AlertRules {
            total_below: validate_norm(
                alerts.total_below.as_ref(),
                max_total,
                "norms.alerts.total_below",
                issues,
            ),
            drop_from_previous: validate_norm(
                alerts.drop_from_previous.as_ref(),
                max_total,
                "norms.alerts.drop_from_previous",
                issues,
            ),
        },
        None => AlertRules::default(),
    };
    let talking_points = match &raw.talking_points {
        Some(rules) => TalkingPointRules {
            item_below: validate_norm(
                rules.item_below.as_ref(),
                Tenths::ITEM_MAX,
                "norms.talking_points.item_below",
                issues,
            ),
        },
        None => TalkingPointRules::default(),
    };
    match kind {
        Kind::Outcome => {
            if raw.alerts.is_some() {
                issues.push("norms.alerts", DefinitionProblem::WrongKind(kind));
            }
            if raw.talking_points.is_some() {
                issues.push("norms.talking_points", DefinitionProblem::WrongKind(kind));
            }
        }
        Kind::Session => {
            if !raw.cutoffs.is_empty() {
                issues.push("norms.cutoffs", DefinitionProblem::WrongKind(kind));
            }
            if !raw.reliable_change.is_empty() {
                issues.push("norms.reliable_change", DefinitionProblem::WrongKind(kind));
            }
        }
    }
    (issues.len() == n_issues).then_some(Norms {
        cutoffs,
        reliable_change,
        alerts,
        talking_points,
    })
}

/// Norms by age must lie inside the audience and, if there are any, cover each of its ages exactly once.
fn validate_age_norms(
    raw: &[RawAgeNorm],
    field: &str,
    audience: Option<Audience>,
    max_total: Tenths,
    issues: &mut Issues,
) -> Vec<AgeNorm> {
    let mut norms = Vec::with_capacity(raw.len());
    for (norm_idx, raw_norm) in raw.iter().enumerate() {
        let field = format!("{field}[{norm_idx}]");
        let ages = validate_ages(
            raw_norm.ages.min,
            raw_norm.ages.max,
            &format!("{field}.ages"),
            issues,
        );
        let norm = validate_norm_parts(
            NormParts {
                value: raw_norm.value,
                source: &raw_norm.source,
                verified: raw_norm.verified,
                note: raw_norm.note.as_deref(),
            },
            max_total,
            &field,
            issues,
        );
        if let (Some(ages), Some(audience)) = (ages, audience) {
            let within = audience.ages.contains(ages.min)
                && match (ages.max, audience.ages.max) {
                    (Some(max), _) => audience.ages.contains(max),
                    (None, audience_max) => audience_max.is_none(),
                };
            if !within {
                issues.push(
                    format!("{field}.ages"),
                    DefinitionProblem::OutsideAudience {
                        ages: ages.to_string(),
                        audience: audience.ages.to_string(),
                    },
                );
            }
        }
        if let (Some(ages), Some(norm)) = (ages, norm) {
            norms.push(AgeNorm {
                group: raw_norm.group,
                ages,
                norm,
            });
        }
    }
    if let Some(audience) = audience
        && !norms.is_empty()
    {
        let covering = |age| norms.iter().filter(|norm| norm.ages.contains(age)).count();
        if let Some(age) = audience.ages.ages().find(|age| covering(*age) == 0) {
            issues.push(field, DefinitionProblem::Gap(age.get()));
        }
        if let Some(age) = audience.ages.ages().find(|age| covering(*age) > 1) {
            issues.push(field, DefinitionProblem::Overlap(age.get()));
        }
    }
    norms
}

fn validate_norm(
    raw: Option<&RawNorm>,
    max: Tenths,
    field: &str,
    issues: &mut Issues,
) -> Option<Norm> {
    let raw = raw?;
    let parts = NormParts {
        value: raw.value,
        source: &raw.source,
        verified: raw.verified,
        note: raw.note.as_deref(),
    };
    validate_norm_parts(parts, max, field, issues)
}

/// The fields every norm has, whether it holds for an age band or for everyone. The `note` (why a value was
/// chosen, what is unread) is for whoever reads the file: checked, but not carried into the app.
struct NormParts<'a> {
    value: f64,
    source: &'a str,
    verified: bool,
    note: Option<&'a str>,
}

fn validate_norm_parts(
    parts: NormParts<'_>,
    max: Tenths,
    field: &str,
    issues: &mut Issues,
) -> Option<Norm> {
    let value = validate_points(parts.value, max, false, &format!("{field}.value"), issues);
    let source = validate_not_blank(parts.source, &format!("{field}.source"), issues);
    let note = parts
        .note
        .is_none_or(|note| validate_not_blank(note, &format!("{field}.note"), issues));
    if !(source && note) {
        return None;
    }
    Some(Norm {
        value: value?,
        source: parts.source.to_owned(),
        verified: parts.verified,
    })
}

/// A value in points that must be an exact tenth between 0 (or 0.1, when zero makes no sense) and `max`.
fn validate_points(
    points: f64,
    max: Tenths,
    zero_allowed: bool,
    field: &str,
    issues: &mut Issues,
) -> Option<Tenths> {
    let min = if zero_allowed { 0.0 } else { 0.1 };
    if !(min..=max.as_points()).contains(&points) {
        issues.push(
            field,
            DefinitionProblem::OutOfRange {
                value: points,
                min,
                max: max.as_points(),
            },
        );
        return None;
    }
    let tenths = points * 10.0;
    if (tenths - tenths.round()).abs() > 1e-6 {
        issues.push(field, DefinitionProblem::NotATenth(points));
        return None;
    }
    Tenths::from_points_up_to(points, max).ok()
}

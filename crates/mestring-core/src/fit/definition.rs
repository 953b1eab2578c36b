//! An instrument as data: what it asks, in which languages, and the norms its scores are read against.
//!
//! Each instrument is a JSON file under `assets/instruments/`, parsed here into a validated [`Definition`].
//! The wording of the FIT measures is licensed by their authors, so the shipped texts are placeholders in our own words
//! and an organisation with a licence drops the licensed wording into the same file.
//! Every norm carries its `source` and whether that source was `verified`, so an organisation can see,
//! and override in data, what each number rests on.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data_file::{Issue, file_problem, validate_id, validate_texts};
use crate::fit::rated::Age;
use crate::fit::tenths::Tenths;
#[cfg(feature = "compiled")]
use crate::lang::Lang;
pub use crate::lang::Texts;

/// A validated instrument definition. Built only by [`Definition::from_json`], or read back from a registry compiled
/// out of validated files (feature `compiled`), so every one in use passed validation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Definition {
    id: InstrumentId,
    version: Version,
    kind: Kind,
    title: Texts,
    instructions: Texts,
    audience: Audience,
    licence: String,
    note: Option<String>,
    scale: Scale,
    items: Vec<Item>,
    norms: Norms,
}

impl Definition {
    /// More items than any FIT measure has; it keeps every total far inside `u16` tenths.
    pub const MAX_ITEMS: usize = 10;

    /// Parses and validates one definition file, reporting every problem at once.
    /// `file` names the source in errors (`ors.json`).
    pub fn from_json(file: &str, text: &str) -> Result<Definition, DefinitionError> {
        let raw: RawDefinition = serde_json::from_str(text).map_err(|err| DefinitionError {
            file: file.to_owned(),
            kind: DefinitionErrorKind::Syntax,
            issues: vec![DefinitionIssue::new(
                String::new(),
                Problem::Syntax(err.to_string()),
            )],
        })?;
        let mut issues = Issues::default();
        let definition = validate(raw, &mut issues);
        match definition {
            Some(definition) if issues.0.is_empty() => Ok(definition),
            _ => Err(DefinitionError {
                file: file.to_owned(),
                kind: DefinitionErrorKind::Invalid,
                issues: issues.0,
            }),
        }
    }

    pub fn id(&self) -> &InstrumentId {
        &self.id
    }

    pub fn version(&self) -> Version {
        self.version
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn title(&self) -> &Texts {
        &self.title
    }

    pub fn instructions(&self) -> &Texts {
        &self.instructions
    }

    pub fn audience(&self) -> &Audience {
        &self.audience
    }

    /// Who may use the wording, and where licensed wording goes.
    pub fn licence(&self) -> &str {
        &self.licence
    }

    /// Decisions worth knowing when reading the scores, such as how a faces scale maps to points.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn norms(&self) -> &Norms {
        &self.norms
    }

    /// The highest possible total: 40.0 points for four items.
    pub fn max_total(&self) -> Tenths {
        // At most `MAX_ITEMS` items of 100 tenths: no overflow.
        Tenths::new(self.items.len() as u16 * Tenths::ITEM_MAX.get())
    }
}

#[cfg(feature = "compiled")]
impl Definition {
    /// This definition as screens in `lang` need it: its texts in `lang` alone, without the licence, the
    /// note and the norms' sources, which only exports and documents show. It scores and reads norms as
    /// the whole one does; it is for a smaller first load (the app's `instruments`), never for an export.
    pub fn for_screens_in(&self, lang: Lang) -> Definition {
        let scale = match &self.scale {
            Scale::Line => Scale::Line,
            Scale::Faces(faces) => Scale::Faces(
                faces
                    .iter()
                    .map(|face| Face {
                        value: face.value,
                        label: face.label.only(lang),
                    })
                    .collect(),
            ),
        };
        let items = self
            .items
            .iter()
            .map(|item| Item {
                id: item.id.clone(),
                label: item.label.only(lang),
                low: item.low.only(lang),
                high: item.high.only(lang),
            })
            .collect();
        Definition {
            id: self.id.clone(),
            version: self.version,
            kind: self.kind,
            title: self.title.only(lang),
            instructions: self.instructions.only(lang),
            audience: self.audience,
            licence: String::new(),
            note: None,
            scale,
            items,
            norms: self.norms.without_sources(),
        }
    }
}

/// The instrument's stable code (`ors`), used in records, exports and on the command line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct InstrumentId(String);

impl InstrumentId {
    #[cfg(test)]
    pub(crate) fn new(id: &str) -> InstrumentId {
        InstrumentId(id.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InstrumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The edition of a definition. Norms belong to an edition, so a record names the version it was scored with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Version(u16);

impl Version {
    pub const fn new(version: u16) -> Version {
        Version(version)
    }

    pub const fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An item's stable code, like a FHIR `linkId`: answers are stored against it, so licensed wording can replace the texts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct ItemId(String);

impl ItemId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What an instrument measures, which decides how its total is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// How life is going (ORS and its child versions): read against a clinical cut-off and followed over time.
    Outcome,
    /// How the meeting went (SRS and its versions): read against alert rules.
    Session,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Session => "session",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The kind of meeting an instrument is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "compiled", derive(Serialize))]
#[serde(rename_all = "snake_case")]
pub enum Meeting {
    Individual,
    Group,
}

/// The age bands that norms are published for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    /// Under 6.
    YoungChild,
    /// 6–12.
    Child,
    /// 13–17.
    Adolescent,
    /// 18 and over.
    Adult,
}

/// Whole years from `min` up to and including `max`; no `max` means no upper limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct AgeRange {
    min: Age,
    max: Option<Age>,
}

impl AgeRange {
    pub fn min(self) -> Age {
        self.min
    }

    pub fn max(self) -> Option<Age> {
        self.max
    }

    pub fn contains(self, age: Age) -> bool {
        self.min <= age && self.max.is_none_or(|max| age <= max)
    }

    fn ages(self) -> impl Iterator<Item = Age> {
        (self.min.get()..=self.max.map_or(u8::MAX, Age::get)).map(Age::years)
    }
}

/// `13–17`, or `18+` without an upper limit.
impl fmt::Display for AgeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) => write!(f, "{}–{}", self.min, max),
            None => write!(f, "{}+", self.min),
        }
    }
}

/// Whom the instrument is made for: the age of the rated person, whoever answers, and the kind of meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Audience {
    ages: AgeRange,
    meeting: Meeting,
}

impl Audience {
    pub fn ages(&self) -> AgeRange {
        self.ages
    }

    pub fn meeting(&self) -> Meeting {
        self.meeting
    }
}

/// How an answer is given. Either way it is kept as tenths from 0.0 to 10.0 points, so one scorer serves all.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub enum Scale {
    /// A 10 cm line, read to the millimetre: 0.0–10.0 points in steps of 0.1.
    Line,
    /// Faces the child points at, each standing for a fixed value on the same 0–10 scale.
    Faces(Vec<Face>),
}

impl Scale {
    /// Whether `value` is an answer this scale can give.
    pub fn allows(&self, value: Tenths) -> bool {
        match self {
            Scale::Line => value <= Tenths::ITEM_MAX,
            Scale::Faces(faces) => faces.iter().any(|face| face.value == value),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Face {
    value: Tenths,
    label: Texts,
}

impl Face {
    pub fn value(&self) -> Tenths {
        self.value
    }

    pub fn label(&self) -> &Texts {
        &self.label
    }
}

/// One question: a short label and the words at the two ends of the line.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Item {
    id: ItemId,
    label: Texts,
    low: Texts,
    high: Texts,
}

impl Item {
    pub fn id(&self) -> &ItemId {
        &self.id
    }

    pub fn label(&self) -> &Texts {
        &self.label
    }

    /// The words at the left (0) end.
    pub fn low(&self) -> &Texts {
        &self.low
    }

    /// The words at the right (10) end.
    pub fn high(&self) -> &Texts {
        &self.high
    }
}

/// A number with its provenance. `verified` is false where the source was not checked first-hand.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Norm {
    value: Tenths,
    source: String,
    verified: bool,
}

impl Norm {
    #[cfg(feature = "compiled")]
    fn without_source(&self) -> Norm {
        Norm {
            source: String::new(),
            ..self.clone()
        }
    }

    pub fn value(&self) -> Tenths {
        self.value
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn verified(&self) -> bool {
        self.verified
    }
}

/// A norm that holds for one age band of the rated person.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct AgeNorm {
    group: AgeGroup,
    ages: AgeRange,
    norm: Norm,
}

impl AgeNorm {
    pub fn group(&self) -> AgeGroup {
        self.group
    }

    pub fn ages(&self) -> AgeRange {
        self.ages
    }

    pub fn norm(&self) -> &Norm {
        &self.norm
    }

    pub fn value(&self) -> Tenths {
        self.norm.value
    }
}

/// The session-scale alert rules; any of them may be absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct AlertRules {
    total_below: Option<Norm>,
    item_below: Option<Norm>,
    drop_from_previous: Option<Norm>,
}

impl AlertRules {
    /// Alert when the total is under this value.
    pub fn total_below(&self) -> Option<&Norm> {
        self.total_below.as_ref()
    }

    /// Alert when any item is under this value.
    pub fn item_below(&self) -> Option<&Norm> {
        self.item_below.as_ref()
    }

    /// Alert when the total fell by at least this much since the previous meeting.
    pub fn drop_from_previous(&self) -> Option<&Norm> {
        self.drop_from_previous.as_ref()
    }
}

/// What a total is read against. Outcome scales have cut-offs and reliable change indices by age; session scales have alert rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Norms {
    cutoffs: Vec<AgeNorm>,
    reliable_change: Vec<AgeNorm>,
    alerts: AlertRules,
}

impl Norms {
    #[cfg(feature = "compiled")]
    fn without_sources(&self) -> Norms {
        let by_age = |norms: &[AgeNorm]| {
            norms
                .iter()
                .map(|norm| AgeNorm {
                    norm: norm.norm.without_source(),
                    ..norm.clone()
                })
                .collect()
        };
        let alerts = &self.alerts;
        Norms {
            cutoffs: by_age(&self.cutoffs),
            reliable_change: by_age(&self.reliable_change),
            alerts: AlertRules {
                total_below: alerts.total_below.as_ref().map(Norm::without_source),
                item_below: alerts.item_below.as_ref().map(Norm::without_source),
                drop_from_previous: alerts.drop_from_previous.as_ref().map(Norm::without_source),
            },
        }
    }

    pub fn cutoffs(&self) -> &[AgeNorm] {
        &self.cutoffs
    }

    pub fn reliable_change(&self) -> &[AgeNorm] {
        &self.reliable_change
    }

    pub fn alerts(&self) -> &AlertRules {
        &self.alerts
    }

    /// The clinical cut-off for the rated person's age, if one is defined for it.
    pub fn cutoff_for(&self, age: Age) -> Option<&AgeNorm> {
        self.cutoffs.iter().find(|norm| norm.ages.contains(age))
    }

    /// The reliable change index for the rated person's age, if one is defined for it.
    pub fn reliable_change_for(&self, age: Age) -> Option<&AgeNorm> {
        self.reliable_change
            .iter()
            .find(|norm| norm.ages.contains(age))
    }
}

/// What kind of problem a definition file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefinitionErrorKind {
    /// Not JSON, or not the expected shape (a missing field, a wrong type).
    Syntax,
    /// Well-formed but breaks a rule (a missing language, a norm out of range).
    Invalid,
    /// The same instrument and version as another file.
    Duplicate,
}

/// Everything wrong with one definition file, each problem named by its field.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct DefinitionError {
    file: String,
    kind: DefinitionErrorKind,
    issues: Vec<DefinitionIssue>,
}

impl DefinitionError {
    pub(crate) fn duplicate(file: &str, id: &InstrumentId, version: Version, other: &str) -> Self {
        DefinitionError {
            file: file.to_owned(),
            kind: DefinitionErrorKind::Duplicate,
            issues: vec![DefinitionIssue::new(
                "id",
                Problem::Duplicate {
                    id: id.to_string(),
                    version: version.get(),
                    other: other.to_owned(),
                },
            )],
        }
    }

    pub fn kind(&self) -> DefinitionErrorKind {
        self.kind
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn issues(&self) -> &[DefinitionIssue] {
        &self.issues
    }
}

/// `ors.json: items[1].label: no nb text; norms.cutoffs[0].value: 45 is outside 0–40`
impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        for (idx, issue) in self.issues.iter().enumerate() {
            if idx > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// One problem, at one field (`items[1].label`; empty for the whole file).
pub type DefinitionIssue = Issue<Problem>;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("{0}")]
    Syntax(String),
    #[error("{0:?} is not an id (lowercase letters, digits and _, starting with a letter)")]
    BadId(String),
    #[error("must be 1 or more")]
    NotPositive,
    #[error("is empty")]
    Empty,
    #[error("no {0} text")]
    MissingText(&'static str),
    #[error("text in unknown language {0:?}")]
    UnknownLanguage(String),
    #[error("{0:?} is used by an earlier item")]
    DuplicateItem(String),
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
    #[error("{id} version {version} is also defined in {other}")]
    Duplicate {
        id: String,
        version: u16,
        other: String,
    },
}

// The file format. Kept apart from the validated types so the format can change without touching scoring.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinition {
    id: String,
    version: u16,
    kind: Kind,
    title: RawTexts,
    instructions: RawTexts,
    audience: RawAudience,
    licence: String,
    #[serde(default)]
    note: Option<String>,
    scale: RawScale,
    items: Vec<RawItem>,
    #[serde(default)]
    norms: RawNorms,
}

/// Texts as a map, so a missing language is reported by field rather than as a parse error.
type RawTexts = BTreeMap<String, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudience {
    min_age: u8,
    max_age: Option<u8>,
    meeting: Meeting,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum RawScale {
    Line {
        length_cm: f64,
        min: f64,
        max: f64,
        step: f64,
    },
    Faces {
        faces: Vec<RawFace>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFace {
    value: f64,
    label: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    label: RawTexts,
    anchors: RawAnchors,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnchors {
    low: RawTexts,
    high: RawTexts,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNorms {
    #[serde(default)]
    cutoffs: Vec<RawAgeNorm>,
    #[serde(default)]
    reliable_change: Vec<RawAgeNorm>,
    #[serde(default)]
    alerts: Option<RawAlerts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgeNorm {
    group: AgeGroup,
    ages: RawAges,
    value: f64,
    source: String,
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAges {
    min: u8,
    max: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    total_below: Option<RawNorm>,
    item_below: Option<RawNorm>,
    drop_from_previous: Option<RawNorm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNorm {
    value: f64,
    source: String,
    verified: bool,
}

type Issues = crate::data_file::Issues<Problem>;

file_problem!(Problem);

/// Checks every rule and records every problem; returns a definition only if its parts could be built.
fn validate(raw: RawDefinition, issues: &mut Issues) -> Option<Definition> {
    let id = validate_id(&raw.id, "id", issues).map(InstrumentId);
    if raw.version == 0 {
        issues.push("version", Problem::NotPositive);
    }
    let title = validate_texts(&raw.title, "title", issues);
    let instructions = validate_texts(&raw.instructions, "instructions", issues);
    let audience = validate_audience(&raw.audience, issues);
    if raw.licence.trim().is_empty() {
        issues.push("licence", Problem::Empty);
    }
    let scale = validate_scale(&raw.scale, issues);
    let items = validate_items(&raw.items, issues);
    let max_total = Tenths::new((raw.items.len().min(Definition::MAX_ITEMS) as u16).max(1) * 100);
    let norms = validate_norms(&raw.norms, raw.kind, audience, max_total, issues);

    Some(Definition {
        id: id?,
        version: Version(raw.version),
        kind: raw.kind,
        title: title?,
        instructions: instructions?,
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
        issues.push(field, Problem::AgesReversed { min, max });
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
            let n_issues = issues.0.len();
            let fixed = [
                ("scale.length_cm", *length_cm, LINE_LENGTH_CM),
                ("scale.min", *min, 0.0),
                ("scale.max", *max, Tenths::ITEM_MAX.as_points()),
                ("scale.step", *step, LINE_STEP),
            ];
            for (field, found, expected) in fixed {
                if (found - expected).abs() > 1e-9 {
                    issues.push(field, Problem::Unsupported { found, expected });
                }
            }
            (issues.0.len() == n_issues).then_some(Scale::Line)
        }
        RawScale::Faces { faces: raw_faces } => {
            let n_issues = issues.0.len();
            if raw_faces.len() < 2 {
                issues.push("scale.faces", Problem::TooFewFaces);
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
                issues.push("scale.faces", Problem::FacesNotRising);
            }
            (issues.0.len() == n_issues).then_some(Scale::Faces(faces))
        }
    }
}

fn validate_items(raw: &[RawItem], issues: &mut Issues) -> Option<Vec<Item>> {
    let n_issues = issues.0.len();
    if raw.is_empty() || raw.len() > Definition::MAX_ITEMS {
        issues.push("items", Problem::ItemCount(raw.len()));
    }
    let mut seen = BTreeSet::new();
    let mut items = Vec::with_capacity(raw.len());
    for (item_idx, raw_item) in raw.iter().enumerate() {
        let field = format!("items[{item_idx}]");
        let id = validate_id(&raw_item.id, &format!("{field}.id"), issues);
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            issues.push(format!("{field}.id"), Problem::DuplicateItem(id.clone()));
        }
        let label = validate_texts(&raw_item.label, &format!("{field}.label"), issues);
        let low = validate_texts(
            &raw_item.anchors.low,
            &format!("{field}.anchors.low"),
            issues,
        );
        let high = validate_texts(
            &raw_item.anchors.high,
            &format!("{field}.anchors.high"),
            issues,
        );
        if let (Some(id), Some(label), Some(low), Some(high)) = (id, label, low, high) {
            items.push(Item {
                id: ItemId(id),
                label,
                low,
                high,
            });
        }
    }
    (issues.0.len() == n_issues).then_some(items)
}

fn validate_norms(
    raw: &RawNorms,
    kind: Kind,
    audience: Option<Audience>,
    max_total: Tenths,
    issues: &mut Issues,
) -> Option<Norms> {
    let n_issues = issues.0.len();
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
            item_below: validate_norm(
                alerts.item_below.as_ref(),
                Tenths::ITEM_MAX,
                "norms.alerts.item_below",
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
    match kind {
        Kind::Outcome => {
            if raw.alerts.is_some() {
                issues.push("norms.alerts", Problem::WrongKind(kind));
            }
        }
        Kind::Session => {
            if !raw.cutoffs.is_empty() {
                issues.push("norms.cutoffs", Problem::WrongKind(kind));
            }
            if !raw.reliable_change.is_empty() {
                issues.push("norms.reliable_change", Problem::WrongKind(kind));
            }
        }
    }
    (issues.0.len() == n_issues).then_some(Norms {
        cutoffs,
        reliable_change,
        alerts,
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
            raw_norm.value,
            &raw_norm.source,
            raw_norm.verified,
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
                    Problem::OutsideAudience {
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
            issues.push(field, Problem::Gap(age.get()));
        }
        if let Some(age) = audience.ages.ages().find(|age| covering(*age) > 1) {
            issues.push(field, Problem::Overlap(age.get()));
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
    validate_norm_parts(raw.value, &raw.source, raw.verified, max, field, issues)
}

fn validate_norm_parts(
    value: f64,
    source: &str,
    verified: bool,
    max: Tenths,
    field: &str,
    issues: &mut Issues,
) -> Option<Norm> {
    let value = validate_points(value, max, false, &format!("{field}.value"), issues);
    if source.trim().is_empty() {
        issues.push(format!("{field}.source"), Problem::Empty);
        return None;
    }
    Some(Norm {
        value: value?,
        source: source.to_owned(),
        verified,
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
            Problem::OutOfRange {
                value: points,
                min,
                max: max.as_points(),
            },
        );
        return None;
    }
    let tenths = points * 10.0;
    if (tenths - tenths.round()).abs() > 1e-6 {
        issues.push(field, Problem::NotATenth(points));
        return None;
    }
    Tenths::from_points_up_to(points, max).ok()
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    const MINIMAL: &str = r#"{
        "id": "demo", "version": 1, "kind": "outcome",
        "title": {"da": "Demo", "nb": "Demo", "en": "Demo"},
        "instructions": {"da": "Sæt et mærke", "nb": "Sett et merke", "en": "Put a mark"},
        "audience": {"min_age": 13, "max_age": null, "meeting": "individual"},
        "licence": "ours",
        "scale": {"kind": "line", "length_cm": 10, "min": 0, "max": 10, "step": 0.1},
        "items": [
            {"id": "one", "label": {"da": "En", "nb": "En", "en": "One"},
             "anchors": {"low": {"da": "Lav", "nb": "Lav", "en": "Low"}, "high": {"da": "Høj", "nb": "Høy", "en": "High"}}},
            {"id": "two", "label": {"da": "To", "nb": "To", "en": "Two"},
             "anchors": {"low": {"da": "Lav", "nb": "Lav", "en": "Low"}, "high": {"da": "Høj", "nb": "Høy", "en": "High"}}}
        ],
        "norms": {
            "cutoffs": [
                {"group": "adolescent", "ages": {"min": 13, "max": 17}, "value": 14, "source": "test", "verified": false},
                {"group": "adult", "ages": {"min": 18, "max": null}, "value": 12.5, "source": "test", "verified": true}
            ]
        }
    }"#;

    /// Validates `MINIMAL` with its text edited by `edit`, and prints the result or every problem.
    #[track_caller]
    fn check(edit: &[(&str, &str)], expect: Expect) {
        let mut text = MINIMAL.to_owned();
        for (from, to) in edit {
            assert!(
                text.contains(from),
                "{from:?} is not in the test definition"
            );
            text = text.replacen(from, to, 1);
        }
        let res = match Definition::from_json("demo.json", &text) {
            Ok(definition) => format!(
                "ok: {} v{} {}, {} items, max {}, cut-offs {:?}",
                definition.id(),
                definition.version(),
                definition.kind(),
                definition.items().len(),
                definition.max_total(),
                definition
                    .norms()
                    .cutoffs()
                    .iter()
                    .map(|cutoff| format!("{} {}", cutoff.ages(), cutoff.value()))
                    .collect::<Vec<_>>(),
            ),
            Err(err) => format!("{:?}: {err}", err.kind()),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn a_valid_definition_parses() {
        check(
            &[],
            expect![[
                r#"ok: demo v1 outcome, 2 items, max 20.0, cut-offs ["13–17 14.0", "18+ 12.5"]"#
            ]],
        );
    }

    #[test]
    fn syntax_errors_name_the_file_and_position() {
        check(
            &[(r#""version": 1,"#, r#""version": "one","#)],
            expect![[
                r#"Syntax: demo.json: invalid type: string "one", expected u16 at line 2 column 38"#
            ]],
        );
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        check(
            &[
                (r#""id": "two""#, r#""id": "one""#),
                (r#""nb": "To", "#, ""),
                (
                    r#""en": "Low"}, "high""#,
                    r#""en": "Low", "sv": "Låg"}, "high""#,
                ),
                (r#""value": 14"#, r#""value": 45"#),
                (r#""value": 12.5"#, r#""value": 12.55"#),
            ],
            expect![[
                r#"Invalid: demo.json: items[0].anchors.low: text in unknown language "sv"; items[1].id: "one" is used by an earlier item; items[1].label: no nb text; norms.cutoffs[0].value: 45 is outside 0.1–20; norms.cutoffs[1].value: 12.55 is not a whole tenth"#
            ]],
        );
    }

    #[test]
    fn norms_must_cover_the_audience_once() {
        check(
            &[(r#""min": 13, "max": 17"#, r#""min": 14, "max": 18"#)],
            expect![[
                r#"Invalid: demo.json: norms.cutoffs: no entry covers age 13 of the audience; norms.cutoffs: more than one entry covers age 18"#
            ]],
        );
        check(
            &[(r#""min": 13, "max": 17"#, r#""min": 10, "max": 17"#)],
            expect![[
                r#"Invalid: demo.json: norms.cutoffs[0].ages: ages 10–17 reach outside the audience 13+"#
            ]],
        );
    }

    #[test]
    fn only_the_ten_centimetre_line_is_supported() {
        check(
            &[(r#""length_cm": 10"#, r#""length_cm": 15"#)],
            expect![[r#"Invalid: demo.json: scale.length_cm: 15 is not supported; only 10"#]],
        );
    }

    #[test]
    fn alert_rules_belong_to_session_scales() {
        check(
            &[(
                r#""norms": {"#,
                r#""norms": {"alerts": {"total_below": {"value": 36, "source": "s", "verified": true}},"#,
            )],
            expect![[
                r#"Invalid: demo.json: norms.alerts.total_below.value: 36 is outside 0.1–20; norms.alerts: does not apply to outcome scales"#
            ]],
        );
    }

    #[test]
    fn age_ranges_print_as_readers_expect() {
        let range = |min: u8, max: Option<u8>| AgeRange {
            min: Age::years(min),
            max: max.map(Age::years),
        };
        assert_eq!(range(13, Some(17)).to_string(), "13–17");
        assert_eq!(range(18, None).to_string(), "18+");
        assert!(range(18, None).contains(Age::years(99)));
        assert!(!range(13, Some(17)).contains(Age::years(18)));
    }
}

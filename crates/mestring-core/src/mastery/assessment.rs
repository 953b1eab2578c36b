//! A mastery assessment: one rater's ratings of a citizen's domains on one day, and what they tell.
//!
//! The profile reads one assessment; the gap sets the citizen's own view beside staff's; the change compares an
//! assessment with the same rater's previous one. Ratings are whole ladder values and means are exact [`Tenths`].

use chrono::NaiveDate;

use crate::citizen::CitizenId;
use crate::data_file::LookupError;
use crate::fit::definition::Version;
use crate::fit::rated::Rater;
use crate::fit::tenths::Tenths;
use crate::free_text::{self, FieldKind, TextProblem};
use crate::mastery::registry::Registry;
use crate::mastery::schema::{Direction, Domain, DomainId, Schema, SchemaId, Stage};
use crate::record::{RecordMeta, uuid_id};

/// A value on a schema's ladder (1–10 steps, or FFB function level 0–4). Checked against the ladder when scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub const fn new(value: u8) -> Rating {
        Rating(value)
    }

    pub const fn get(self) -> u8 {
        self.0
    }
}

/// One domain in an assessment. No rating means "not rated" ("ikke vurderet"): left out of every score, never 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub domain: DomainId,
    pub rating: Option<Rating>,
    pub comment: Option<String>,
}

uuid_id!(AssessmentId);

/// One rater's ratings of a citizen's domains, on the schema edition they were made on: a completed record, never changed.
/// Domains of the schema without an entry count as not rated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub id: AssessmentId,
    /// The round of this schema for the citizen, from 1: the citizen and staff rate separately in the same round
    /// (see [`round`](crate::mastery::round)).
    pub round: u32,
    pub schema: SchemaId,
    pub version: Version,
    pub citizen_id: CitizenId,
    pub date: NaiveDate,
    pub rater: Rater,
    pub entries: Vec<Entry>,
    pub meta: RecordMeta,
}

impl Assessment {
    fn entry(&self, domain: &DomainId) -> Option<&Entry> {
        self.entries.iter().find(|entry| &entry.domain == domain)
    }
}

/// An assessment read on its schema: every domain in the schema's order, and the mean of the rated ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile<'a> {
    pub domains: Vec<DomainScore<'a>>,
    /// The mean of the rated domains to one decimal (rounded half up); `None` when nothing was rated.
    pub mean: Option<Tenths>,
    pub n_rated: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DomainScore<'a> {
    pub domain: &'a Domain,
    pub rating: Option<Rating>,
    /// The described stage the rating falls in.
    pub stage: Option<&'a Stage>,
}

/// Reads `assessment` on `schema`, which must be the edition it names.
pub fn profile<'a>(
    schema: &'a Schema,
    assessment: &Assessment,
) -> Result<Profile<'a>, AssessmentError> {
    check_assessment(schema, assessment)?;
    let domains: Vec<DomainScore<'a>> = schema
        .domains()
        .iter()
        .map(|domain| {
            let rating = assessment.entry(domain.id()).and_then(|entry| entry.rating);
            DomainScore {
                domain,
                rating,
                stage: rating.and_then(|rating| schema.ladder().stage_of(rating.get())),
            }
        })
        .collect();
    let ratings: Vec<u32> = domains
        .iter()
        .filter_map(|score| score.rating)
        .map(|rating| u32::from(rating.get()))
        .collect();
    let n_rated = ratings.len();
    Ok(Profile {
        mean: mean_tenths(&ratings),
        domains,
        n_rated,
    })
}

/// The mean in tenths, rounded half up with integers only: (20·Σ + n) / 2n is ⌊10·Σ/n + ½⌋.
fn mean_tenths(values: &[u32]) -> Option<Tenths> {
    let n = u32::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let sum: u32 = values.iter().sum();
    let tenths = (sum * 20 + n) / (2 * n);
    // Every rating is at most 10 (the ladder's top), so the mean is at most 100 tenths.
    u16::try_from(tenths).ok().map(Tenths::new)
}

/// A gap of this many ladder steps or more between the citizen's and staff's ratings is worth talking about.
pub const TALKING_POINT_GAP: u8 = 3;

/// The citizen's and staff's ratings of one domain, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap<'a> {
    pub domain: &'a Domain,
    pub own: Rating,
    pub staff: Rating,
    /// Own minus staff: positive when the citizen rates the domain higher up the ladder.
    pub difference: i16,
    /// At least [`TALKING_POINT_GAP`] steps apart either way.
    pub talking_point: bool,
}

/// The gap per domain rated by both the citizen (`own`) and staff (`staff`), in the schema's order.
/// Both must be of the same citizen and on `schema`'s edition.
pub fn gaps<'a>(
    schema: &'a Schema,
    own: &Assessment,
    staff: &Assessment,
) -> Result<Vec<Gap<'a>>, GapError> {
    if own.rater != Rater::Oneself || staff.rater != Rater::Staff {
        return Err(GapError::NotSelfAndStaff {
            own: own.rater,
            staff: staff.rater,
        });
    }
    if own.citizen_id != staff.citizen_id {
        return Err(GapError::DifferentCitizens);
    }
    let own = profile(schema, own)?;
    let staff = profile(schema, staff)?;
    Ok(own
        .domains
        .iter()
        .zip(&staff.domains)
        .filter_map(|(own_score, staff_score)| {
            let (own, staff) = (own_score.rating?, staff_score.rating?);
            let difference = i16::from(own.get()) - i16::from(staff.get());
            Some(Gap {
                domain: own_score.domain,
                own,
                staff,
                difference,
                talking_point: difference.unsigned_abs() >= u16::from(TALKING_POINT_GAP),
            })
        })
        .collect())
}

/// Which way a domain moved, read with the ladder's direction (up is better on steps, worse on FFB levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Better,
    Same,
    Worse,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DomainChange<'a> {
    pub domain: &'a Domain,
    pub from: Rating,
    pub to: Rating,
    /// `to − from` in ladder steps.
    pub delta: i16,
    pub trend: Trend,
}

/// The change since the same rater's previous assessment of the citizen on the same schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Change<'a> {
    pub previous_date: NaiveDate,
    /// The edition the previous assessment was rated on; it may be older than this one's.
    pub previous_version: Version,
    /// The domains rated both times, in the schema's order.
    pub domains: Vec<DomainChange<'a>>,
}

/// Compares `assessment` with the latest of `earlier` by the same rater, of the same citizen, on the same schema,
/// dated before it; `None` when there is none. Each is scored on its own edition from `registry`, so an assessment made
/// before a schema changed version still counts, as long as the ladder means the same; domains are matched by id.
pub fn change_since_previous<'a>(
    registry: &'a Registry,
    assessment: &Assessment,
    earlier: &[Assessment],
) -> Result<Option<Change<'a>>, ChangeError> {
    let previous = earlier
        .iter()
        .filter(|other| {
            other.rater == assessment.rater
                && other.citizen_id == assessment.citizen_id
                && other.schema == assessment.schema
                && other.date < assessment.date
        })
        .max_by_key(|other| other.date);
    let Some(previous) = previous else {
        return Ok(None);
    };
    let schema = registry.get(&assessment.schema, Some(assessment.version))?;
    let previous_schema = registry.get(&previous.schema, Some(previous.version))?;
    if !schema.ladder().same_scale(previous_schema.ladder()) {
        return Err(ChangeError::DifferentLadder {
            from: previous.version,
            to: assessment.version,
        });
    }
    let now = profile(schema, assessment)?;
    let before = profile(previous_schema, previous)?;
    let domains = now
        .domains
        .iter()
        .filter_map(|score| {
            let to = score.rating?;
            let from = before
                .domains
                .iter()
                .find(|earlier| earlier.domain.id() == score.domain.id())?
                .rating?;
            let delta = i16::from(to.get()) - i16::from(from.get());
            let up = match schema.ladder().higher_is() {
                Direction::Better => Trend::Better,
                Direction::Worse => Trend::Worse,
            };
            let trend = match delta.signum() {
                1 => up,
                -1 if up == Trend::Better => Trend::Worse,
                -1 => Trend::Better,
                _ => Trend::Same,
            };
            Some(DomainChange {
                domain: score.domain,
                from,
                to,
                delta,
                trend,
            })
        })
        .collect();
    Ok(Some(Change {
        previous_date: previous.date,
        previous_version: previous.version,
        domains,
    }))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssessmentErrorKind {
    /// The assessment names another schema or edition than the one given.
    WrongSchema,
    /// It does not fit the schema: a rater the schema is not for, an unknown or repeated domain, a value off the ladder.
    Invalid,
}

/// Everything that keeps an assessment from being read on a schema.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct AssessmentError {
    kind: AssessmentErrorKind,
    issues: Vec<AssessmentIssue>,
}

impl AssessmentError {
    pub fn kind(&self) -> AssessmentErrorKind {
        self.kind
    }

    pub fn issues(&self) -> &[AssessmentIssue] {
        &self.issues
    }
}

fn describe(err: &AssessmentError) -> String {
    let issues: Vec<String> = err.issues.iter().map(ToString::to_string).collect();
    issues.join("; ")
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentIssue {
    #[error("rated on {found} but read with {expected}")]
    WrongSchema { expected: String, found: String },
    #[error("{} does not rate this schema", .0.code())]
    Rater(Rater),
    #[error("entries[{entry_idx}]: unknown domain {domain:?}")]
    UnknownDomain { entry_idx: usize, domain: String },
    #[error("entries[{entry_idx}]: {domain:?} is rated twice")]
    DuplicateDomain { entry_idx: usize, domain: String },
    #[error("entries[{entry_idx}].comment: {problem}")]
    Comment {
        entry_idx: usize,
        problem: TextProblem,
    },
    #[error("entries[{entry_idx}]: {value} is outside {min}–{max}")]
    OutOfRange {
        entry_idx: usize,
        value: u8,
        min: u8,
        max: u8,
    },
}

/// The kind of free text a comment on a rating is: the check it passes before it is stored.
pub const COMMENT_FIELD: FieldKind = FieldKind::Note;

fn check_assessment(schema: &Schema, assessment: &Assessment) -> Result<(), AssessmentError> {
    if &assessment.schema != schema.id() || assessment.version != schema.version() {
        return Err(AssessmentError {
            kind: AssessmentErrorKind::WrongSchema,
            issues: vec![AssessmentIssue::WrongSchema {
                expected: format!("{} v{}", schema.id(), schema.version()),
                found: format!("{} v{}", assessment.schema, assessment.version),
            }],
        });
    }
    let mut issues = Vec::new();
    if !schema.rated_by().contains(&assessment.rater) {
        issues.push(AssessmentIssue::Rater(assessment.rater));
    }
    let ladder = schema.ladder();
    for (entry_idx, entry) in assessment.entries.iter().enumerate() {
        let domain = entry.domain.to_string();
        if schema.domain(&entry.domain).is_none() {
            issues.push(AssessmentIssue::UnknownDomain { entry_idx, domain });
            continue;
        }
        if assessment.entries[..entry_idx]
            .iter()
            .any(|other| other.domain == entry.domain)
        {
            issues.push(AssessmentIssue::DuplicateDomain { entry_idx, domain });
        }
        if let Some(rating) = entry.rating
            && !ladder.contains(rating.get())
        {
            issues.push(AssessmentIssue::OutOfRange {
                entry_idx,
                value: rating.get(),
                min: ladder.min(),
                max: ladder.max(),
            });
        }
        let comment = entry.comment.as_deref().unwrap_or_default();
        issues.extend(
            free_text::check(comment, COMMENT_FIELD)
                .into_iter()
                .map(|problem| AssessmentIssue::Comment { entry_idx, problem }),
        );
    }
    if !issues.is_empty() {
        return Err(AssessmentError {
            kind: AssessmentErrorKind::Invalid,
            issues,
        });
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GapErrorKind {
    NotSelfAndStaff,
    DifferentCitizens,
    Assessment,
}

/// Why two assessments cannot be set side by side.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GapError {
    #[error("a gap needs the citizen's own and staff's ratings, not {} and {}", .own.code(), .staff.code())]
    NotSelfAndStaff { own: Rater, staff: Rater },
    #[error("the two assessments are of different citizens")]
    DifferentCitizens,
    #[error(transparent)]
    Assessment(#[from] AssessmentError),
}

impl GapError {
    pub fn kind(&self) -> GapErrorKind {
        match self {
            GapError::NotSelfAndStaff { .. } => GapErrorKind::NotSelfAndStaff,
            GapError::DifferentCitizens => GapErrorKind::DifferentCitizens,
            GapError::Assessment(_) => GapErrorKind::Assessment,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeErrorKind {
    /// An assessment names a schema edition the registry does not have.
    Lookup,
    Assessment,
    /// The two editions rate on different ladders, so their values cannot be subtracted.
    DifferentLadder,
}

/// Why the change since the previous assessment cannot be worked out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error(transparent)]
    Assessment(#[from] AssessmentError),
    #[error("version {from} and version {to} rate on different ladders")]
    DifferentLadder { from: Version, to: Version },
}

impl ChangeError {
    pub fn kind(&self) -> ChangeErrorKind {
        match self {
            ChangeError::Lookup(_) => ChangeErrorKind::Lookup,
            ChangeError::Assessment(_) => ChangeErrorKind::Assessment,
            ChangeError::DifferentLadder { .. } => ChangeErrorKind::DifferentLadder,
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;
    use crate::data_file::{DataFile, SourceFile};
    use crate::lang::Lang;

    fn citizen(n: u8) -> CitizenId {
        CitizenId::from_random_bytes([n; 16])
    }

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
    }

    /// An assessment of citizen 1 on `mastery` v1, with `(domain, rating)` entries.
    fn assessment(rater: Rater, day: u32, ratings: &[(&str, Option<u8>)]) -> Assessment {
        crate::testing::assessment(citizen(1), rater, 1, date(day), ratings)
    }

    /// The edition [`assessment`] rates on.
    fn mastery(registry: &Registry) -> &Schema {
        registry
            .get(&SchemaId::new("mastery"), Some(Version::new(1)))
            .unwrap()
    }

    #[track_caller]
    fn check(assessment: &Assessment, expect: Expect) {
        let registry = Registry::bundled().unwrap();
        let schema = registry
            .get(&assessment.schema, Some(assessment.version))
            .unwrap();
        let res = match profile(schema, assessment) {
            Ok(profile) => {
                let mut lines: Vec<String> = profile
                    .domains
                    .iter()
                    .map(|score| match (score.rating, score.stage) {
                        (Some(rating), Some(stage)) => format!(
                            "{} {} ({})",
                            score.domain.id(),
                            rating.get(),
                            stage.label().get(Lang::En)
                        ),
                        _ => format!("{} -", score.domain.id()),
                    })
                    .collect();
                lines.push(format!(
                    "mean {} of {} rated",
                    profile
                        .mean
                        .map_or_else(|| "-".to_owned(), |mean| mean.to_string()),
                    profile.n_rated
                ));
                lines.join("\n")
            }
            Err(err) => format!("{:?}: {err}", err.kind()),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn a_profile_lists_every_domain_and_the_mean_of_the_rated_ones() {
        check(
            &assessment(
                Rater::Oneself,
                1,
                &[
                    ("self_care", Some(7)),
                    ("home", Some(4)),
                    ("getting_around", None),
                    ("talking", Some(10)),
                ],
            ),
            expect![[r#"
                self_care 7 (Mostly it works)
                home 4 (I would like things to change)
                getting_around -
                talking 10 (It is in place)
                relationships -
                community -
                mental_health -
                physical_health -
                surroundings -
                mean 7.0 of 3 rated"#]],
        );
    }

    #[test]
    fn nothing_rated_has_no_mean() {
        check(
            &assessment(Rater::Staff, 1, &[]),
            expect![[r#"
            self_care -
            home -
            getting_around -
            talking -
            relationships -
            community -
            mental_health -
            physical_health -
            surroundings -
            mean - of 0 rated"#]],
        );
    }

    #[test]
    fn a_function_level_profile_reads_ffb_levels() {
        let mut staff = assessment(
            Rater::Staff,
            1,
            &[("self_care", Some(0)), ("home", Some(3))],
        );
        staff.schema = SchemaId::new("ffb_function");
        check(
            &staff,
            expect![[r#"
            self_care 0 (No reduced functioning)
            home 3 (Severely reduced functioning)
            getting_around -
            talking -
            relationships -
            community -
            mental_health -
            physical_functions -
            mean 1.5 of 2 rated"#]],
        );
        staff.rater = Rater::Oneself;
        check(&staff, expect!["Invalid: self does not rate this schema"]);
    }

    #[test]
    fn every_problem_in_an_assessment_is_named() {
        check(
            &assessment(
                Rater::Parent,
                1,
                &[
                    ("self_care", Some(11)),
                    ("home", Some(0)),
                    ("home", Some(2)),
                    ("finances", Some(5)),
                ],
            ),
            expect![[
                r#"Invalid: entries[0]: 11 is outside 1–10; entries[1]: 0 is outside 1–10; entries[2]: "home" is rated twice; entries[3]: unknown domain "finances""#
            ]],
        );
    }

    #[test]
    fn an_assessment_is_read_only_on_its_own_edition() {
        let registry = Registry::bundled().unwrap();
        let mut other = assessment(Rater::Oneself, 1, &[]);
        other.version = Version::new(2);
        let err = profile(mastery(&registry), &other).unwrap_err();
        expect!["WrongSchema: rated on mastery v2 but read with mastery v1"]
            .assert_eq(&format!("{:?}: {err}", err.kind()));
    }

    #[test]
    fn gaps_of_three_steps_are_talking_points() {
        let registry = Registry::bundled().unwrap();
        let own = assessment(
            Rater::Oneself,
            1,
            &[
                ("self_care", Some(8)),
                ("home", Some(3)),
                ("talking", Some(6)),
                ("relationships", None),
                ("mental_health", Some(2)),
            ],
        );
        let staff = assessment(
            Rater::Staff,
            2,
            &[
                ("self_care", Some(5)),
                ("home", Some(5)),
                ("talking", Some(6)),
                ("relationships", Some(4)),
                ("mental_health", Some(6)),
            ],
        );
        let lines: Vec<String> = gaps(mastery(&registry), &own, &staff)
            .unwrap()
            .iter()
            .map(|gap| {
                format!(
                    "{} own {} staff {} difference {}{}",
                    gap.domain.id(),
                    gap.own.get(),
                    gap.staff.get(),
                    gap.difference,
                    if gap.talking_point {
                        " talking point"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        expect![[r#"
            self_care own 8 staff 5 difference 3 talking point
            home own 3 staff 5 difference -2
            talking own 6 staff 6 difference 0
            mental_health own 2 staff 6 difference -4 talking point"#]]
        .assert_eq(&lines.join("\n"));

        let err = gaps(mastery(&registry), &staff, &own).unwrap_err();
        expect![
            "NotSelfAndStaff: a gap needs the citizen's own and staff's ratings, not staff and self"
        ]
        .assert_eq(&format!("{:?}: {err}", err.kind()));
        let mut someone_else = staff.clone();
        someone_else.citizen_id = citizen(2);
        let err = gaps(mastery(&registry), &own, &someone_else).unwrap_err();
        expect!["DifferentCitizens: the two assessments are of different citizens"]
            .assert_eq(&format!("{:?}: {err}", err.kind()));
    }

    #[track_caller]
    fn check_change(
        registry: &Registry,
        assessment: &Assessment,
        earlier: &[Assessment],
        expect: Expect,
    ) {
        let res = match change_since_previous(registry, assessment, earlier) {
            Ok(Some(change)) => {
                let mut lines = vec![format!(
                    "since {} (v{})",
                    change.previous_date, change.previous_version
                )];
                lines.extend(change.domains.iter().map(|domain| {
                    format!(
                        "{} {} -> {} ({:+}, {:?})",
                        domain.domain.id(),
                        domain.from.get(),
                        domain.to.get(),
                        domain.delta,
                        domain.trend
                    )
                }));
                lines.join("\n")
            }
            Ok(None) => "no previous assessment".to_owned(),
            Err(err) => format!("{:?}: {err}", err.kind()),
        };
        expect.assert_eq(&res);
    }

    #[test]
    fn change_compares_with_the_same_raters_previous_assessment() {
        let registry = Registry::bundled().unwrap();
        let first = assessment(
            Rater::Oneself,
            1,
            &[("self_care", Some(3)), ("home", Some(6))],
        );
        let by_staff = assessment(
            Rater::Staff,
            5,
            &[("self_care", Some(9)), ("home", Some(9))],
        );
        let second = assessment(
            Rater::Oneself,
            10,
            &[
                ("self_care", Some(5)),
                ("home", Some(6)),
                ("talking", Some(4)),
            ],
        );
        let latest = assessment(
            Rater::Oneself,
            20,
            &[("self_care", Some(4)), ("home", Some(8)), ("talking", None)],
        );
        let all = [latest.clone(), first.clone(), by_staff, second.clone()];
        check_change(&registry, &first, &all, expect!["no previous assessment"]);
        check_change(
            &registry,
            &second,
            &all,
            expect![[r#"
            since 2025-03-01 (v1)
            self_care 3 -> 5 (+2, Better)
            home 6 -> 6 (+0, Same)"#]],
        );
        check_change(
            &registry,
            &latest,
            &all,
            expect![[r#"
            since 2025-03-10 (v1)
            self_care 5 -> 4 (-1, Worse)
            home 6 -> 8 (+2, Better)"#]],
        );
    }

    #[test]
    fn on_function_levels_a_lower_level_is_better() {
        let registry = Registry::bundled().unwrap();
        let mut before = assessment(
            Rater::Staff,
            1,
            &[("self_care", Some(3)), ("home", Some(1))],
        );
        before.schema = SchemaId::new("ffb_function");
        let mut after = assessment(
            Rater::Staff,
            9,
            &[("self_care", Some(2)), ("home", Some(2))],
        );
        after.schema = SchemaId::new("ffb_function");
        check_change(
            &registry,
            &after,
            &[before],
            expect![[r#"
            since 2025-03-01 (v1)
            self_care 3 -> 2 (-1, Better)
            home 1 -> 2 (+1, Worse)"#]],
        );
    }

    #[test]
    fn old_assessments_stay_scoreable_after_a_new_version() {
        // Version 2 replaces the domain "surroundings" with "where_i_live"; v1 assessments still read on v1.
        let newer = Schema::BUNDLED[0]
            .text
            .replacen(r#""version": 1"#, r#""version": 2"#, 1)
            .replacen(r#""id": "surroundings""#, r#""id": "where_i_live""#, 1);
        let registry = Registry::load(&[
            Schema::BUNDLED[0],
            SourceFile {
                name: "mastery-2.json",
                text: &newer,
            },
        ])
        .unwrap();
        let old = assessment(
            Rater::Oneself,
            1,
            &[("surroundings", Some(4)), ("home", Some(2))],
        );
        let v1 = registry.get(&old.schema, Some(old.version)).unwrap();
        assert_eq!(profile(v1, &old).unwrap().mean, Some(Tenths::new(30)));
        let mut new = assessment(
            Rater::Oneself,
            9,
            &[("where_i_live", Some(6)), ("home", Some(5))],
        );
        new.version = Version::new(2);
        check_change(
            &registry,
            &new,
            std::slice::from_ref(&old),
            expect![[r#"
            since 2025-03-01 (v1)
            home 2 -> 5 (+3, Better)"#]],
        );

        // A ladder that changed its range cannot be subtracted across versions.
        let other_ladder = Schema::BUNDLED[1]
            .text
            .replacen(r#""id": "ffb_function""#, r#""id": "mastery""#, 1)
            .replacen(r#""version": 1"#, r#""version": 3"#, 1);
        let registry = Registry::load(&[
            Schema::BUNDLED[0],
            SourceFile {
                name: "mastery-3.json",
                text: &other_ladder,
            },
        ])
        .unwrap();
        let mut levels = assessment(Rater::Staff, 9, &[("home", Some(1))]);
        levels.version = Version::new(3);
        let mut old_staff = old;
        old_staff.rater = Rater::Staff;
        check_change(
            &registry,
            &levels,
            &[old_staff],
            expect!["Lookup: mastery has no version 3 (known: 1, 2)"],
        );
    }

    fn check_props(ratings: &[Option<u8>], shuffle_seed: usize) {
        let registry = Registry::bundled().unwrap();
        let schema = mastery(&registry);
        let pairs: Vec<(&str, Option<u8>)> = schema
            .domains()
            .iter()
            .zip(ratings)
            .map(|(domain, rating)| (domain.id().as_str(), *rating))
            .collect();
        let forward = assessment(Rater::Oneself, 1, &pairs);
        let mut rotated = forward.clone();
        let n_entries = rotated.entries.len().max(1);
        rotated.entries.rotate_left(shuffle_seed % n_entries);
        let profile_forward = profile(schema, &forward).unwrap();
        let profile_rotated = profile(schema, &rotated).unwrap();
        // Entry order is irrelevant.
        assert_eq!(profile_forward, profile_rotated);
        // The mean lies between the lowest and the highest rating.
        let rated: Vec<u16> = ratings
            .iter()
            .flatten()
            .map(|r| u16::from(*r) * 10)
            .collect();
        match profile_forward.mean {
            Some(mean) => {
                assert!(rated.iter().min().is_some_and(|min| *min <= mean.get()));
                assert!(rated.iter().max().is_some_and(|max| mean.get() <= *max));
            }
            None => assert!(rated.is_empty()),
        }
        assert_eq!(profile_forward.n_rated, rated.len());
    }

    proptest! {
        #[test]
        fn profiles_keep_their_invariants(
            ratings in proptest::collection::vec(proptest::option::of(1u8..=10), 0..=9),
            shuffle_seed in 0usize..20,
        ) {
            check_props(&ratings, shuffle_seed);
        }
    }
}

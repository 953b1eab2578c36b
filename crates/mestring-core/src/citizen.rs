//! The citizen register: pseudonymous people whose forms are answered on this device.
//!
//! A citizen is known only by a label (initials or a local code), a birth year and, if staff give it, a birth
//! month (for the age band of an instrument's norms), and the facility or unit. Names, birth days and personal
//! numbers never enter the app.

use chrono::{DateTime, FixedOffset};

use crate::free_text::{self, FieldKind, TextProblem};
use crate::record::{RecordMeta, uuid_id};
use crate::sort;

uuid_id!(
    /// Identifies a citizen across devices and exports.
    CitizenId
);

/// A pseudonymous label: never empty, never a personal number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CitizenLabel(String);

impl CitizenLabel {
    pub const MAX_CHARS: usize = FieldKind::Label.max_chars();
    /// The most bytes a label takes in UTF-8 (four a character at most).
    pub const MAX_BYTES: usize = 4 * Self::MAX_CHARS;

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Year of birth, enough to choose an instrument's age group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BirthYear(u16);

impl BirthYear {
    pub const EARLIEST: u16 = 1900;

    pub fn get(self) -> u16 {
        self.0
    }
}

/// Month of birth, 1–12. Optional: with it the norms' age band changes at the birthday's month instead of on
/// the 1st of January of the year the person turns 13 or 18. A year and a month still name no one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BirthMonth(u8);

impl BirthMonth {
    pub fn get(self) -> u8 {
        self.0
    }
}

/// What the register knows of a birth: the year, and the month where staff gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Birth {
    pub year: BirthYear,
    pub month: Option<BirthMonth>,
}

impl Birth {
    /// The latest year [`Birth::parse`] takes: the last year a date is read in (`iso`).
    const LATEST_YEAR: u16 = 2199;

    /// A birth written `YYYY` or `YYYY-MM` (the command line's `--born`), with every problem in it.
    pub fn parse(text: &str) -> Result<Birth, Vec<CitizenIssue>> {
        let (year, month) = text.trim().split_once('-').unwrap_or((text, ""));
        let mut issues = Vec::new();
        let year = validate_birth_year(year, Birth::LATEST_YEAR, &mut issues);
        let month = validate_birth_month(month, &mut issues);
        match (year, month) {
            (Some(year), Some(month)) => Ok(Birth { year, month }),
            _ => Err(issues),
        }
    }
}

/// The facility or unit the citizen belongs to, as staff name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unit(String);

impl Unit {
    pub const MAX_CHARS: usize = FieldKind::Unit.max_chars();

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The fields staff type; every one of them validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitizenFields {
    pub label: CitizenLabel,
    pub birth_year: BirthYear,
    pub birth_month: Option<BirthMonth>,
    pub unit: Unit,
}

impl CitizenFields {
    pub fn birth(&self) -> Birth {
        Birth {
            year: self.birth_year,
            month: self.birth_month,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citizen {
    pub id: CitizenId,
    pub fields: CitizenFields,
    pub archived: bool,
    /// The citizen answers in easy-read (short texts, pictures, read-aloud): a need of the person, so it is
    /// part of their record and travels with it to every device that imports them.
    pub easy_read: bool,
    pub meta: RecordMeta,
}

impl Citizen {
    pub fn new(id: CitizenId, fields: CitizenFields, meta: RecordMeta) -> Citizen {
        Citizen {
            id,
            fields,
            archived: false,
            easy_read: false,
            meta,
        }
    }

    /// The same citizen with edited fields (a rename, a move to another unit, a corrected birth year).
    pub fn with_fields(&self, fields: CitizenFields, now: DateTime<FixedOffset>) -> Citizen {
        Citizen {
            fields,
            meta: self.meta.next(now),
            ..self.clone()
        }
    }

    /// The same citizen answering in easy-read or not.
    pub fn with_easy_read(&self, easy_read: bool, now: DateTime<FixedOffset>) -> Citizen {
        Citizen {
            easy_read,
            meta: self.meta.next(now),
            ..self.clone()
        }
    }

    /// Archived citizens leave the daily list but keep every record; archiving is undone the same way.
    pub fn with_archived(&self, archived: bool, now: DateTime<FixedOffset>) -> Citizen {
        Citizen {
            archived,
            meta: self.meta.next(now),
            ..self.clone()
        }
    }
}

/// Orders citizens as a Danish or Norwegian reader expects: by label, case-insensitive, with æ, ø, å after z.
pub fn sort_for_display(citizens: &mut [Citizen]) {
    sort_for_display_with(citizens, str::to_lowercase);
}

/// [`sort_for_display`] with the letters folded by `lowercase`. The browser app passes the browser's own
/// (`String.prototype.toLowerCase`), which spares its first load Rust's Unicode case tables (11.7 KB).
pub fn sort_for_display_with(citizens: &mut [Citizen], lowercase: impl Fn(&str) -> String) {
    sort::by_cached_key(citizens, |citizen| {
        collation_key(&lowercase(citizen.fields.label.as_str()))
    });
}

/// What [`sort_for_display`] orders a label by, letter by letter: at most three a character of the
/// label, since a lowercase letter may be written as several.
pub fn display_key(label: &str) -> Vec<u32> {
    collation_key(&label.to_lowercase())
}

fn collation_key(lowercase: &str) -> Vec<u32> {
    lowercase
        .chars()
        .map(|ch| match ch {
            'æ' | 'ä' => 'z' as u32 + 1,
            'ø' | 'ö' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            other => other as u32,
        })
        .collect()
}

/// The form as typed, before validation.
#[derive(Clone, Copy, Debug, Default)]
pub struct CitizenDraft<'a> {
    pub label: &'a str,
    pub birth_year: &'a str,
    /// `1`–`12`, or blank where staff do not give it.
    pub birth_month: &'a str,
    pub unit: &'a str,
}

/// What validation compares a draft with.
#[derive(Clone, Copy, Debug)]
pub struct RegisterContext<'a> {
    /// This year on the device's calendar; the latest acceptable birth year.
    pub current_year: u16,
    /// This month (1–12) on the device's calendar: a birth month later this year is not yet.
    pub current_month: u8,
    /// The citizens already registered.
    pub citizens: &'a [Citizen],
    /// The citizen being edited, who may keep their own label.
    pub editing: Option<CitizenId>,
}

/// One problem with a draft. The UI turns each into a message in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CitizenIssue {
    #[error("the label is empty")]
    LabelEmpty,
    #[error("the label is longer than {max} characters")]
    LabelTooLong { max: usize },
    #[error("the label looks like a personal identity number (CPR or fødselsnummer)")]
    LabelIsPersonalNumber,
    #[error("the label holds the control character U+{:04X}", u32::from(*.0))]
    LabelControlCharacter(char),
    #[error("another active citizen in this unit has the same label")]
    LabelTaken,
    #[error("the birth year is not a year")]
    BirthYearNotANumber,
    #[error("the birth year is not between {min} and {max}")]
    BirthYearOutOfRange { min: u16, max: u16 },
    #[error("the birth month is not a month from 1 to 12")]
    BirthMonthNotAMonth,
    #[error("the birth month is later than this month")]
    BirthMonthInFuture,
    #[error("the unit is empty")]
    UnitEmpty,
    #[error("the unit is longer than {max} characters")]
    UnitTooLong { max: usize },
    #[error("the unit looks like a personal identity number (CPR or fødselsnummer)")]
    UnitIsPersonalNumber,
    #[error("the unit holds the control character U+{:04X}", u32::from(*.0))]
    UnitControlCharacter(char),
}

/// The form field an issue belongs to, so the UI can mark it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CitizenField {
    Label,
    BirthYear,
    BirthMonth,
    Unit,
}

impl CitizenIssue {
    pub fn field(&self) -> CitizenField {
        match self {
            CitizenIssue::LabelEmpty
            | CitizenIssue::LabelTooLong { .. }
            | CitizenIssue::LabelIsPersonalNumber
            | CitizenIssue::LabelControlCharacter(_)
            | CitizenIssue::LabelTaken => CitizenField::Label,
            CitizenIssue::BirthYearNotANumber | CitizenIssue::BirthYearOutOfRange { .. } => {
                CitizenField::BirthYear
            }
            CitizenIssue::BirthMonthNotAMonth | CitizenIssue::BirthMonthInFuture => {
                CitizenField::BirthMonth
            }
            CitizenIssue::UnitEmpty
            | CitizenIssue::UnitTooLong { .. }
            | CitizenIssue::UnitIsPersonalNumber
            | CitizenIssue::UnitControlCharacter(_) => CitizenField::Unit,
        }
    }
}

/// Checks every field and reports every problem at once, so staff fix the form in one go.
pub fn validate(
    draft: &CitizenDraft<'_>,
    context: &RegisterContext<'_>,
) -> Result<CitizenFields, Vec<CitizenIssue>> {
    let mut issues = Vec::new();
    let label = validate_label(draft.label, &mut issues);
    let birth_year = validate_birth_year(draft.birth_year, context.current_year, &mut issues);
    let birth_month = validate_birth_month(draft.birth_month, &mut issues);
    if let (Some(year), Some(Some(month))) = (birth_year, birth_month)
        && year.get() == context.current_year
        && month.get() > context.current_month
    {
        issues.push(CitizenIssue::BirthMonthInFuture);
    }
    let unit = validate_unit(draft.unit, &mut issues);

    if let (Some(label), Some(unit)) = (&label, &unit) {
        let taken = context.citizens.iter().any(|other| {
            !other.archived
                && Some(other.id) != context.editing
                && other.fields.unit.0.to_lowercase() == unit.0.to_lowercase()
                && other.fields.label.0.to_lowercase() == label.0.to_lowercase()
        });
        if taken {
            issues.push(CitizenIssue::LabelTaken);
        }
    }

    match (label, birth_year, birth_month, unit) {
        (Some(label), Some(birth_year), Some(birth_month), Some(unit)) if issues.is_empty() => {
            Ok(CitizenFields {
                label,
                birth_year,
                birth_month,
                unit,
            })
        }
        _ => Err(issues),
    }
}

fn validate_label(text: &str, issues: &mut Vec<CitizenIssue>) -> Option<CitizenLabel> {
    let text = text.trim();
    let n_issues = issues.len();
    if text.is_empty() {
        issues.push(CitizenIssue::LabelEmpty);
    }
    issues.extend(free_text::check(text, FieldKind::Label).into_iter().map(
        |problem| match problem {
            TextProblem::TooLong { max } => CitizenIssue::LabelTooLong { max },
            TextProblem::PersonalNumber => CitizenIssue::LabelIsPersonalNumber,
            TextProblem::ControlCharacter(ch) => CitizenIssue::LabelControlCharacter(ch),
        },
    ));
    (issues.len() == n_issues).then(|| CitizenLabel(text.to_owned()))
}

fn validate_birth_year(
    text: &str,
    current_year: u16,
    issues: &mut Vec<CitizenIssue>,
) -> Option<BirthYear> {
    let Ok(year) = text.trim().parse::<u16>() else {
        issues.push(CitizenIssue::BirthYearNotANumber);
        return None;
    };
    if !(BirthYear::EARLIEST..=current_year).contains(&year) {
        issues.push(CitizenIssue::BirthYearOutOfRange {
            min: BirthYear::EARLIEST,
            max: current_year,
        });
        return None;
    }
    Some(BirthYear(year))
}

/// `Some(None)` for a month left blank, `None` for one that is not a month.
fn validate_birth_month(text: &str, issues: &mut Vec<CitizenIssue>) -> Option<Option<BirthMonth>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    match text.parse::<u8>() {
        Ok(month @ 1..=12) => Some(Some(BirthMonth(month))),
        _ => {
            issues.push(CitizenIssue::BirthMonthNotAMonth);
            None
        }
    }
}

fn validate_unit(text: &str, issues: &mut Vec<CitizenIssue>) -> Option<Unit> {
    let text = text.trim();
    if text.is_empty() {
        issues.push(CitizenIssue::UnitEmpty);
        return None;
    }
    let problems = free_text::check(text, FieldKind::Unit);
    issues.extend(problems.iter().map(|problem| match *problem {
        TextProblem::TooLong { max } => CitizenIssue::UnitTooLong { max },
        TextProblem::PersonalNumber => CitizenIssue::UnitIsPersonalNumber,
        TextProblem::ControlCharacter(ch) => CitizenIssue::UnitControlCharacter(ch),
    }));
    problems.is_empty().then(|| Unit(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;
    use crate::testing::{at, citizen};

    fn context(citizens: &[Citizen]) -> RegisterContext<'_> {
        RegisterContext {
            current_year: 2026,
            current_month: 11,
            citizens,
            editing: None,
        }
    }

    #[track_caller]
    fn check(draft: CitizenDraft<'_>, citizens: &[Citizen], expect: Expect) {
        let res = validate(&draft, &context(citizens));
        expect.assert_debug_eq(&res);
    }

    #[test]
    fn a_complete_draft_is_trimmed() {
        check(
            CitizenDraft {
                label: "  AB ",
                birth_year: " 2009",
                birth_month: "",
                unit: "Bofællesskabet ",
            },
            &[],
            expect![[r#"
                Ok(
                    CitizenFields {
                        label: CitizenLabel(
                            "AB",
                        ),
                        birth_year: BirthYear(
                            2009,
                        ),
                        birth_month: None,
                        unit: Unit(
                            "Bofællesskabet",
                        ),
                    },
                )
            "#]],
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        check(
            CitizenDraft {
                label: "",
                birth_year: "19x0",
                birth_month: "",
                unit: "   ",
            },
            &[],
            expect![[r#"
                Err(
                    [
                        LabelEmpty,
                        BirthYearNotANumber,
                        UnitEmpty,
                    ],
                )
            "#]],
        );
    }

    #[test]
    fn a_cpr_number_is_refused() {
        check(
            CitizenDraft {
                label: "120385-1234",
                birth_year: "1985",
                birth_month: "",
                unit: "Hus 2",
            },
            &[],
            expect![[r#"
                Err(
                    [
                        LabelIsPersonalNumber,
                    ],
                )
            "#]],
        );
    }

    #[test]
    fn a_disguised_number_or_a_control_character_is_refused_in_every_field() {
        check(
            CitizenDraft {
                label: "０１０１９０\u{2013}１２３４",
                birth_year: "1990",
                birth_month: "",
                unit: "Hus 2 \u{1b}[2J 010190\u{a0}1234",
            },
            &[],
            expect![[r#"
                Err(
                    [
                        LabelIsPersonalNumber,
                        UnitControlCharacter(
                            '\u{1b}',
                        ),
                        UnitIsPersonalNumber,
                    ],
                )
            "#]],
        );
        check(
            CitizenDraft {
                label: "AB\u{202e}",
                birth_year: "1990",
                birth_month: "",
                unit: "Hus 2",
            },
            &[],
            expect![[r#"
                Err(
                    [
                        LabelControlCharacter(
                            '\u{202e}',
                        ),
                    ],
                )
            "#]],
        );
    }

    #[test]
    fn a_birth_month_is_optional_a_month_and_not_yet_to_come() {
        let draft = |birth_year, birth_month| CitizenDraft {
            label: "AB",
            birth_year,
            birth_month,
            unit: "Hus 2",
        };
        let month = |birth_year, birth_month| {
            validate(&draft(birth_year, birth_month), &context(&[]))
                .map(|fields| fields.birth_month.map(BirthMonth::get))
        };
        // Today is November 2026 in these tests.
        expect![[r#"
            [
                Ok(
                    None,
                ),
                Ok(
                    Some(
                        6,
                    ),
                ),
                Ok(
                    Some(
                        11,
                    ),
                ),
                Err(
                    [
                        BirthMonthInFuture,
                    ],
                ),
                Err(
                    [
                        BirthMonthNotAMonth,
                    ],
                ),
                Err(
                    [
                        BirthMonthNotAMonth,
                    ],
                ),
                Err(
                    [
                        BirthYearNotANumber,
                        BirthMonthNotAMonth,
                    ],
                ),
            ]
        "#]]
        .assert_debug_eq(&[
            month("2008", ""),
            month("2008", " 6 "),
            month("2026", "11"),
            month("2026", "12"),
            month("2008", "13"),
            month("2008", "juni"),
            month("19x0", "0"),
        ]);
        assert_eq!(
            CitizenIssue::BirthMonthInFuture.field(),
            CitizenField::BirthMonth
        );
    }

    #[test]
    fn a_birth_is_parsed_from_a_year_or_a_year_and_month() {
        let parsed = |text| {
            Birth::parse(text).map(|birth| (birth.year.get(), birth.month.map(BirthMonth::get)))
        };
        expect![[r#"
            [
                Ok(
                    (
                        2008,
                        None,
                    ),
                ),
                Ok(
                    (
                        2008,
                        Some(
                            6,
                        ),
                    ),
                ),
                Ok(
                    (
                        2008,
                        Some(
                            6,
                        ),
                    ),
                ),
                Err(
                    [
                        BirthYearOutOfRange {
                            min: 1900,
                            max: 2199,
                        },
                    ],
                ),
                Err(
                    [
                        BirthMonthNotAMonth,
                    ],
                ),
                Err(
                    [
                        BirthYearNotANumber,
                    ],
                ),
            ]
        "#]]
        .assert_debug_eq(&[
            parsed("2008"),
            parsed("2008-06"),
            parsed("2008-6"),
            parsed("1899-01"),
            parsed("2008-13"),
            parsed("juni"),
        ]);
    }

    #[test]
    fn birth_year_bounds() {
        let draft = |birth_year| CitizenDraft {
            label: "AB",
            birth_year,
            birth_month: "",
            unit: "Hus 2",
        };
        check(
            draft("2027"),
            &[],
            expect![[r#"
                Err(
                    [
                        BirthYearOutOfRange {
                            min: 1900,
                            max: 2026,
                        },
                    ],
                )
            "#]],
        );
        check(
            draft("1899"),
            &[],
            expect![[r#"
                Err(
                    [
                        BirthYearOutOfRange {
                            min: 1900,
                            max: 2026,
                        },
                    ],
                )
            "#]],
        );
        assert!(validate(&draft("2026"), &context(&[])).is_ok());
        assert!(validate(&draft("1900"), &context(&[])).is_ok());
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let label = "Æ".repeat(CitizenLabel::MAX_CHARS);
        let draft = CitizenDraft {
            label: &label,
            birth_year: "2000",
            birth_month: "",
            unit: "Hus 2",
        };
        assert!(validate(&draft, &context(&[])).is_ok());
        let label = "Æ".repeat(CitizenLabel::MAX_CHARS + 1);
        check(
            CitizenDraft {
                label: &label,
                ..draft
            },
            &[],
            expect![[r#"
                Err(
                    [
                        LabelTooLong {
                            max: 40,
                        },
                    ],
                )
            "#]],
        );
    }

    #[test]
    fn a_label_is_unique_among_active_citizens_of_a_unit() {
        let existing = [citizen(1, "AB", "Hus 2")];
        let draft = |unit| CitizenDraft {
            label: "ab",
            birth_year: "2000",
            birth_month: "",
            unit,
        };
        check(
            draft("hus 2"),
            &existing,
            expect![[r#"
                Err(
                    [
                        LabelTaken,
                    ],
                )
            "#]],
        );
        assert!(validate(&draft("Hus 3"), &context(&existing)).is_ok());

        let archived = [existing[0].with_archived(true, at(10))];
        assert!(validate(&draft("Hus 2"), &context(&archived)).is_ok());

        let editing_self = RegisterContext {
            editing: Some(existing[0].id),
            ..context(&existing)
        };
        assert!(validate(&draft("Hus 2"), &editing_self).is_ok());
    }

    #[test]
    fn edits_keep_identity_and_creation_time() {
        let original = citizen(1, "AB", "Hus 2");
        let fields = validate(
            &CitizenDraft {
                label: "AC",
                birth_year: "1991",
                birth_month: "",
                unit: "Hus 3",
            },
            &context(&[]),
        )
        .unwrap();
        let renamed = original.with_fields(fields, at(11));
        assert_eq!(renamed.id, original.id);
        assert_eq!(renamed.meta.created_at, original.meta.created_at);
        assert_eq!(renamed.meta.updated_at, at(11));
        assert_eq!(renamed.meta.revision, 2);
        assert_eq!(renamed.fields.label.as_str(), "AC");

        let archived = renamed.with_archived(true, at(12));
        assert!(archived.archived);
        assert_eq!(archived.fields, renamed.fields);
        assert!(!archived.with_archived(false, at(13)).archived);
    }

    #[test]
    fn display_order_puts_danish_letters_last() {
        let mut citizens = [
            citizen(1, "Åse", "U"),
            citizen(2, "øl", "U"),
            citizen(3, "Zara", "U"),
            citizen(4, "ÆB", "U"),
            citizen(5, "ab", "U"),
        ];
        sort_for_display(&mut citizens);
        let labels: Vec<_> = citizens.iter().map(|c| c.fields.label.as_str()).collect();
        assert_eq!(labels, ["ab", "Zara", "ÆB", "øl", "Åse"]);
    }

    #[test]
    fn ids_are_version_4_and_parse_back() {
        let id = CitizenId::from_random_bytes([7; 16]);
        let text = id.to_string();
        assert_eq!(text.as_bytes()[14], b'4');
        assert_eq!(CitizenId::parse(&text), Some(id));
        assert_eq!(CitizenId::parse("not-an-id"), None);
    }

    proptest! {
        #[test]
        fn letter_labels_are_accepted(label in "[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå -]{0,38}") {
            let draft = CitizenDraft { label: &label, birth_year: "2001", birth_month: "", unit: "Hus 1" };
            let fields = validate(&draft, &context(&[]));
            prop_assert!(fields.is_ok(), "{label:?}: {fields:?}");
        }
    }
}

//! Golden tests: which age band's norms a person is read against, per instrument and age group, on each side
//! of every band edge (6, 13 and 18), with the birth year alone and with a birth month.

use chrono::NaiveDate;
use expect_test::{Expect, expect};

use crate::citizen::Birth;
use crate::fit::definition::{AgeNorm, Definition, Kind, Norm};
use crate::fit::rated::{AgeBasis, age_on};
use crate::fit::registry::Registry;

/// Prints, for a person born `born` (`YYYY` or `YYYY-MM`) meeting on each of `dates`, the age and how it was
/// found, and the forms the app picks for that age with the norms each is read against.
#[track_caller]
fn check(born: &str, dates: &[&str], expect: Expect) {
    let registry = Registry::bundled().unwrap();
    let birth = Birth::parse(born).unwrap();
    let lines: Vec<String> = dates
        .iter()
        .map(|date| {
            let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let age = age_on(birth, day);
            let forms: Vec<String> = [Kind::Outcome, Kind::Session]
                .into_iter()
                .filter_map(|kind| registry.for_age(kind, age))
                .map(|definition| read_against(definition, age))
                .collect();
            format!(
                "{date}: {age} by {}; {}",
                AgeBasis::of(birth).code(),
                forms.join("; ")
            )
        })
        .collect();
    expect.assert_eq(&(lines.join("\n") + "\n"));
}

fn read_against(definition: &Definition, age: crate::fit::Age) -> String {
    let by_age = |what: &str, norm: Option<&AgeNorm>| {
        norm.map(|norm| {
            format!(
                "{what} {} for {} {}",
                norm.value(),
                norm.ages(),
                checked(norm.norm())
            )
        })
    };
    let plain = |what: &str, norm: Option<&Norm>| {
        norm.map(|norm| format!("{what} {} {}", norm.value(), checked(norm)))
    };
    let norms = definition.norms();
    let read: Vec<String> = [
        by_age("cut-off", norms.cutoff_for(age)),
        by_age("rci", norms.reliable_change_for(age)),
        plain("alert under", norms.alerts().total_below()),
        plain("talking point under", norms.talking_points().item_below()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if read.is_empty() {
        return format!("{} without norms", definition.id());
    }
    format!("{} {}", definition.id(), read.join(", "))
}

fn checked(norm: &Norm) -> &'static str {
    if norm.verified() {
        "(read)"
    } else {
        "(unread)"
    }
}

#[test]
fn adults_are_read_against_the_adult_norms() {
    check(
        "1990",
        &["2026-11-23"],
        expect![[r#"
            2026-11-23: 36 by birth_year; ors cut-off 25.0 for 18+ (read), rci 5.0 for 18+ (read); srs alert under 36.0 (read), talking point under 9.0 (read)
        "#]],
    );
    check(
        "1990-12",
        &["2026-11-30", "2026-12-01"],
        expect![[r#"
            2026-11-30: 35 by birth_month; ors cut-off 25.0 for 18+ (read), rci 5.0 for 18+ (read); srs alert under 36.0 (read), talking point under 9.0 (read)
            2026-12-01: 36 by birth_month; ors cut-off 25.0 for 18+ (read), rci 5.0 for 18+ (read); srs alert under 36.0 (read), talking point under 9.0 (read)
        "#]],
    );
}

#[test]
fn the_adult_band_starts_at_18() {
    // The year alone: from the 1st of January of the year they turn 18, months before the birthday.
    check(
        "2008",
        &["2025-12-31", "2026-01-01"],
        expect![[r#"
        2025-12-31: 17 by birth_year; ors cut-off 28.0 for 13–17 (unread), rci 5.0 for 13–17 (unread); srs alert under 36.0 (read), talking point under 9.0 (read)
        2026-01-01: 18 by birth_year; ors cut-off 25.0 for 18+ (read), rci 5.0 for 18+ (read); srs alert under 36.0 (read), talking point under 9.0 (read)
    "#]],
    );
    // With the month: from the 1st of the birthday's month.
    check(
        "2008-06",
        &["2026-01-01", "2026-05-31", "2026-06-01"],
        expect![[r#"
        2026-01-01: 17 by birth_month; ors cut-off 28.0 for 13–17 (unread), rci 5.0 for 13–17 (unread); srs alert under 36.0 (read), talking point under 9.0 (read)
        2026-05-31: 17 by birth_month; ors cut-off 28.0 for 13–17 (unread), rci 5.0 for 13–17 (unread); srs alert under 36.0 (read), talking point under 9.0 (read)
        2026-06-01: 18 by birth_month; ors cut-off 25.0 for 18+ (read), rci 5.0 for 18+ (read); srs alert under 36.0 (read), talking point under 9.0 (read)
    "#]],
    );
    check(
        "2008-12",
        &["2026-11-30", "2026-12-01"],
        expect![[r#"
        2026-11-30: 17 by birth_month; ors cut-off 28.0 for 13–17 (unread), rci 5.0 for 13–17 (unread); srs alert under 36.0 (read), talking point under 9.0 (read)
        2026-12-01: 18 by birth_month; ors cut-off 25.0 for 18+ (read), rci 5.0 for 18+ (read); srs alert under 36.0 (read), talking point under 9.0 (read)
    "#]],
    );
}

#[test]
fn the_adolescent_band_starts_at_13() {
    check(
        "2013",
        &["2025-12-31", "2026-01-01"],
        expect![[r#"
        2025-12-31: 12 by birth_year; cors cut-off 32.0 for 6–12 (read), rci 5.0 for 6–12 (unread); csrs alert under 36.0 (unread), talking point under 9.0 (unread)
        2026-01-01: 13 by birth_year; ors cut-off 28.0 for 13–17 (unread), rci 5.0 for 13–17 (unread); srs alert under 36.0 (read), talking point under 9.0 (read)
    "#]],
    );
    check(
        "2013-09",
        &["2026-08-31", "2026-09-01"],
        expect![[r#"
        2026-08-31: 12 by birth_month; cors cut-off 32.0 for 6–12 (read), rci 5.0 for 6–12 (unread); csrs alert under 36.0 (unread), talking point under 9.0 (unread)
        2026-09-01: 13 by birth_month; ors cut-off 28.0 for 13–17 (unread), rci 5.0 for 13–17 (unread); srs alert under 36.0 (read), talking point under 9.0 (read)
    "#]],
    );
}

#[test]
fn the_child_band_starts_at_6() {
    check(
        "2020",
        &["2025-12-31", "2026-01-01"],
        expect![[r#"
        2025-12-31: 5 by birth_year; ycors without norms; ycsrs without norms
        2026-01-01: 6 by birth_year; cors cut-off 32.0 for 6–12 (read), rci 5.0 for 6–12 (unread); csrs alert under 36.0 (unread), talking point under 9.0 (unread)
    "#]],
    );
    check(
        "2020-03",
        &["2026-02-28", "2026-03-01"],
        expect![[r#"
        2026-02-28: 5 by birth_month; ycors without norms; ycsrs without norms
        2026-03-01: 6 by birth_month; cors cut-off 32.0 for 6–12 (read), rci 5.0 for 6–12 (unread); csrs alert under 36.0 (unread), talking point under 9.0 (unread)
    "#]],
    );
}

#[test]
fn a_month_counts_from_its_first_day_and_never_below_zero() {
    let birth = Birth::parse("2026-07").unwrap();
    let day = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    assert_eq!(age_on(birth, day("2026-06-30")).get(), 0);
    assert_eq!(age_on(birth, day("2027-07-01")).get(), 1);
    assert_eq!(age_on(birth, day("2027-06-30")).get(), 0);
    let year_only = Birth::parse("2026").unwrap();
    assert_eq!(age_on(year_only, day("2025-12-31")).get(), 0);
    assert_eq!(age_on(year_only, day("2027-01-01")).get(), 1);
    let old = Birth::parse("1900-01").unwrap();
    assert_eq!(age_on(old, day("2199-12-31")).get(), 255);
}

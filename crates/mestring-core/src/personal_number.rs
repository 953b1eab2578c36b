//! Recognises national identity numbers, so a pseudonymous label can never carry one.
//!
//! A Danish CPR number is `DDMMYY-SSSS` (10 digits); a Norwegian fødselsnummer is `DDMMYYIIIKK` (11 digits),
//! and its D-number variant adds 40 to the day, its H-number variant 40 to the month.
//! We refuse anything shaped like either: ten or more digits, separators allowed between them,
//! that begin with a plausible day and month.
//! The check digits are deliberately not verified: CPR numbers issued since 2007 need not satisfy modulus 11,
//! and a near-miss typed by hand is just as identifying.

/// Characters people type between the parts of a personal number.
const SEPARATORS: [char; 4] = [' ', '-', '.', '/'];

/// Longest gap of separators still read as one number, as in `010190 - 1234`.
const MAX_GAP: usize = 3;

/// Shortest digit run that can hold a personal number (the Danish one).
const MIN_DIGITS: usize = 10;

/// Whether `text` holds something shaped like a CPR number or fødselsnummer.
pub fn contains_personal_number(text: &str) -> bool {
    digit_runs(text).iter().any(|digits| {
        digits.len() >= MIN_DIGITS
            && (0..=digits.len() - MIN_DIGITS).any(|start| starts_with_date(&digits[start..]))
    })
}

/// Runs of digits; a short gap of separators between two digits does not end a run.
fn digit_runs(text: &str) -> Vec<Vec<u8>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    let mut gap = 0;
    for ch in text.chars() {
        if let Some(digit) = ch.to_digit(10) {
            run.push(digit as u8);
            gap = 0;
        } else if SEPARATORS.contains(&ch) && !run.is_empty() && gap < MAX_GAP {
            gap += 1;
        } else {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            gap = 0;
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn starts_with_date(digits: &[u8]) -> bool {
    let two = |idx: usize| digits[idx] * 10 + digits[idx + 1];
    let (day, month) = (two(0), two(2));
    let plausible_day = |day: u8| (1..=31).contains(&day);
    let plausible_month = |month: u8| (1..=12).contains(&month);
    (plausible_day(day) || plausible_day(day.wrapping_sub(40)))
        && (plausible_month(month) || plausible_month(month.wrapping_sub(40)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[track_caller]
    fn check(text: &str, expect: bool) {
        assert_eq!(contains_personal_number(text), expect, "{text:?}");
    }

    #[test]
    fn danish_cpr_in_every_common_spelling() {
        check("010190-1234", true);
        check("0101901234", true);
        check("010190 1234", true);
        check("01.01.90-1234", true);
        check("Anna 311299-4321", true);
    }

    #[test]
    fn norwegian_numbers() {
        check("01019012345", true);
        check("010190 12345", true);
        // D-number: day + 40.
        check("41019012345", true);
        // H-number: month + 40.
        check("01419012345", true);
    }

    #[test]
    fn pseudonymous_labels_pass() {
        check("AB", false);
        check("K-17", false);
        check("B-2024-0012", false);
        check("Room 12 / 010190", false);
        check("2023-001-1234", false);
        check("", false);
    }

    #[test]
    fn ten_digits_without_a_date_pass() {
        // Month 13 and day 00 are no dates.
        check("0113901234", false);
        check("0001901234", false);
    }

    #[test]
    fn spaced_separators_still_join() {
        check("010190 - 1234", true);
    }

    #[test]
    fn a_word_between_digits_splits_them() {
        check("010190 og 1234", false);
    }

    fn cpr_shaped() -> impl Strategy<Value = String> {
        (
            1u8..=31,
            1u8..=12,
            0u8..=99,
            0u16..=9999,
            prop::sample::select(vec!["", "-", " ", "."]),
            "[A-Za-z ]{0,6}",
            "[A-Za-z ]{0,6}",
        )
            .prop_map(|(day, month, year, serial, sep, before, after)| {
                format!("{before}{day:02}{month:02}{year:02}{sep}{serial:04}{after}")
            })
    }

    proptest! {
        #[test]
        fn every_cpr_shape_is_caught(text in cpr_shaped()) {
            prop_assert!(contains_personal_number(&text), "{text:?}");
        }

        #[test]
        fn fewer_than_ten_digits_never_are(text in "[A-Za-z0-9 -]{0,40}") {
            let n_digits = text.chars().filter(char::is_ascii_digit).count();
            prop_assume!(n_digits < MIN_DIGITS);
            prop_assert!(!contains_personal_number(&text));
        }
    }
}

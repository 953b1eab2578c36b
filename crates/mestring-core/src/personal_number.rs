//! Recognises national identity numbers, so no free text that can leave the device ever carries one.
//!
//! A Danish CPR number is `DDMMYY-SSSS` (10 digits); a Norwegian fødselsnummer is `DDMMYYIIIKK` (11 digits),
//! and its D-number variant adds 40 to the day, its H-number variant 40 to the month.
//! We refuse anything shaped like either: ten or more digits, separators allowed between them,
//! that begin with a plausible day and month.
//! The check digits are deliberately not verified: CPR numbers issued since 2007 need not satisfy modulus 11,
//! and a near-miss typed by hand is just as identifying.
//!
//! A number can be disguised so a person still reads it while a naive check does not: full-width or other
//! scripts' digits (`０１０１９０`, `٠١٠١٩٠`), superscripts or circled digits, any dash or space (en-dash,
//! non-breaking hyphen and space, tab, a run of spaces), `_ : ,` between the parts, and invisible characters
//! (zero-width space, soft hyphen, joiners, combining marks) anywhere in it. Each character is therefore
//! read in its compatibility decomposition (what Unicode NFKC/NFKD folds it to), every decimal digit of
//! every script counts as its value, every dash and space as a separator, and what has no width is skipped.
//! Of NFKC's compatibility decompositions only those that hold a digit matter here (`¹`, `①`, `⒈`, `⑴`);
//! they are a table generated from the Unicode data (`compat_digits`, checked by a test against the
//! `unicode-normalization` crate), which costs the app's first load a few hundred entries where the whole
//! decomposition table cost 50 KB gzip. Likewise the general categories that matter (decimal digits,
//! separators, what has no width) are a table of 600 ranges (`unicode_classes`, checked against the
//! `unicode-general-category` crate), where the crate's table of every category is 4,100 ranges, 49 KB of Wasm.

use std::ops::Range;

mod compat_digits;
mod unicode_classes;

use unicode_classes::{Kind, UNICODE_CLASSES};

/// Characters people type between the parts of a personal number, besides every Unicode dash, space and
/// punctuation mark. Brackets and quotes are not among them: they delimit, as in a numbered list `1) 2) 3)`.
/// Not `+`: it starts a time zone offset (`10:11:12+01:00`) or a country code.
const SEPARATORS: [char; 14] = [
    '-', '.', '/', '_', ':', ',', ';', '*', '#', '\\', '|', '~', '\u{2212}', '\u{2215}',
];

/// Longest gap of separators still read as one number, as in `010190 - 1234`. A run of white space
/// counts once, so `010190      1234` is one number too.
const MAX_GAP: usize = 3;

/// Shortest digit run that can hold a personal number (the Danish one).
const MIN_DIGITS: usize = 10;

/// Whether `text` holds something shaped like a CPR number or fødselsnummer, however disguised.
pub fn contains_personal_number(text: &str) -> bool {
    !personal_numbers(text).is_empty()
}

/// `text` with every character of each personal number in it replaced by `X` (as in `XXXXXX-XXXX`), and how many it held.
/// The rest of the text is left as it was, so a record kept for recovery stays readable.
pub(crate) fn mask_personal_numbers(text: &str) -> (String, usize) {
    let found = personal_numbers(text);
    if found.is_empty() {
        return (text.to_owned(), 0);
    }
    let mut masked = String::with_capacity(text.len());
    let mut from = 0;
    for span in &found {
        masked.push_str(&text[from..span.start]);
        masked.extend(text[span.clone()].chars().map(|_| 'X'));
        from = span.end;
    }
    masked.push_str(&text[from..]);
    (masked, found.len())
}

/// The byte ranges of `text` that hold a personal number: from its first digit to its last, disguises included.
fn personal_numbers(text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    for run in digit_runs(text) {
        if run.len() < MIN_DIGITS {
            continue;
        }
        let digits: Vec<u8> = run.iter().map(|(digit, _)| *digit).collect();
        for start in 0..=digits.len() - MIN_DIGITS {
            if !starts_with_date(&digits[start..]) {
                continue;
            }
            // A Norwegian number's eleventh digit is part of it too.
            let end = (start + MIN_DIGITS + 1).min(run.len());
            let span = run[start].1.start..run[end - 1].1.end;
            match found.last_mut() {
                Some(last) if last.end >= span.start => last.end = last.end.max(span.end),
                _ => found.push(span),
            }
        }
    }
    found
}

/// What one character counts as in a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Digit(u8),
    /// A dash, space or punctuation people put between the parts.
    Separator,
    /// White space: any run of it is one separator.
    Space,
    /// No width and no meaning to a reader: skipped, as if it were not there.
    Invisible,
    /// Anything else ends a number.
    Other,
}

/// Runs of digits, each with the byte range of the character it came from; a short gap of separators
/// between two digits does not end a run, and invisible characters are skipped.
fn digit_runs(text: &str) -> Vec<Vec<(u8, Range<usize>)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(u8, Range<usize>)> = Vec::new();
    let mut gap = 0;
    let mut last = Class::Other;
    for (at, ch) in text.char_indices() {
        let source = at..at + ch.len_utf8();
        for_each_class(ch, |class| {
            match class {
                Class::Digit(digit) => {
                    run.push((digit, source.clone()));
                    gap = 0;
                }
                Class::Invisible => return,
                Class::Space if last == Class::Space => {}
                Class::Separator | Class::Space if !run.is_empty() && gap < MAX_GAP => gap += 1,
                Class::Separator | Class::Space | Class::Other => {
                    if !run.is_empty() {
                        runs.push(std::mem::take(&mut run));
                    }
                    gap = 0;
                }
            }
            last = class;
        });
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The classes of `ch`'s compatibility decomposition: `⑴` is `(`, `1`, `)`; `²` is `2`; `０` (a decimal
/// digit of its own) is `0`.
fn for_each_class(ch: char, mut each: impl FnMut(Class)) {
    if ch.is_ascii() {
        return each(class_of(ch));
    }
    match compat_digits::COMPAT_DIGITS.binary_search_by_key(&ch, |(from, _)| *from) {
        Ok(idx) => compat_digits::COMPAT_DIGITS[idx]
            .1
            .chars()
            .for_each(|part| each(class_of(part))),
        Err(_) => each(class_of(ch)),
    }
}

fn class_of(ch: char) -> Class {
    if let Some(digit) = ch.to_digit(10) {
        return Class::Digit(digit as u8);
    }
    if ch.is_whitespace() || BLANK_LOOKING.contains(&ch) {
        return Class::Space;
    }
    if SEPARATORS.contains(&ch) {
        return Class::Separator;
    }
    if ch.is_ascii() {
        return if ch.is_ascii_control() {
            Class::Invisible
        } else {
            Class::Other
        };
    }
    match unicode_class(ch) {
        Some((start, Kind::Decimal)) => {
            u8::try_from((u32::from(ch) - start) % 10).map_or(Class::Other, Class::Digit)
        }
        Some((_, Kind::Separator)) => Class::Separator,
        Some((_, Kind::Invisible)) => Class::Invisible,
        None => Class::Other,
    }
}

/// Letters that render as blank space (Hangul fillers, the blank Braille pattern): a space to a reader.
const BLANK_LOOKING: [char; 5] = ['\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}', '\u{2800}'];

/// The kind of a character outside ASCII that is a digit, a separator or invisible, with the first
/// character of its range. Unicode encodes every script's decimal digits (general category Nd) as a
/// contiguous run from 0 to 9, and where several runs adjoin (the five mathematical digit styles) each is
/// a whole ten, so a digit's distance from its range's start, modulo ten, is its value.
fn unicode_class(ch: char) -> Option<(u32, Kind)> {
    let code = u32::from(ch);
    let after = UNICODE_CLASSES.partition_point(|&(start, _, _)| start <= code);
    let &(start, end, kind) = UNICODE_CLASSES.get(after.checked_sub(1)?)?;
    (code <= end).then_some((start, kind))
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
    use unicode_general_category::{GeneralCategory, get_general_category};

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
    fn ordinary_texts_pass() {
        check("Møde 12.03.2024", false);
        check("12.03.2024 kl. 10:30", false);
        check("Ring 12 34 56 78 efter kl. 15", false);
        check("Født i 1990, flyttede i 2014", false);
        check("Går en tur 3 gange om ugen, 20 minutter", false);
        check("10:30-12:00", false);
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

    #[test]
    fn disguises_found_by_hostile_use() {
        // En-dash, non-breaking hyphen, non-breaking space, minus sign.
        check("010190\u{2013}1234", true);
        check("010190\u{2011}1234", true);
        check("010190\u{a0}1234", true);
        check("010190\u{2212}1234", true);
        check("010190_1234", true);
        check("010190:1234", true);
        check("010190,1234", true);
        check("010190\t1234", true);
        check("010190        1234", true);
        check("010190\u{200b}1234", true);
        check("0\u{200b}1\u{ad}0\u{2060}1\u{feff}9\u{200d}0-1234", true);
        // Full-width, Arabic-Indic, Devanagari and mathematical digits.
        check("０１０１９０－１２３４", true);
        check("٠١٠١٩٠-١٢٣٤", true);
        check("०१०१९०-१२३४", true);
        check("𝟎𝟏𝟎𝟏𝟗𝟎-𝟏𝟐𝟑𝟒", true);
        // Superscripts and circled digits fold to digits (NFKC).
        check("⁰¹⁰¹⁹⁰-¹²³⁴", true);
        check("⓪①⓪①⑨⓪-①②③④", true);
        // Combining marks on the digits.
        check("0\u{301}1\u{301}0190-1234", true);
    }

    #[test]
    fn every_script_reads_its_digits() {
        for (text, expect) in [
            ("٣", 3),
            ("७", 7),
            ("๙", 9),
            ("５", 5),
            ("𝟗", 9),
            ("𝟬", 0),
            ("𝟿", 9),
        ] {
            let ch = text.chars().next().unwrap();
            let mut classes = Vec::new();
            for_each_class(ch, |class| classes.push(class));
            assert_eq!(classes, [Class::Digit(expect)], "{text}");
        }
    }

    #[test]
    fn masking_keeps_the_rest() {
        let (masked, n_found) = mask_personal_numbers("Anna 010190\u{2013}1234, Hus 2");
        assert_eq!(masked, "Anna XXXXXXXXXXX, Hus 2");
        assert_eq!(n_found, 1);
        assert_eq!(
            mask_personal_numbers("ingen her"),
            ("ingen her".to_owned(), 0)
        );
    }

    fn cpr_digits() -> impl Strategy<Value = Vec<u8>> {
        (
            prop_oneof![1u8..=31, 41u8..=71],
            prop_oneof![1u8..=12, 41u8..=52],
            0u8..=99,
            0u32..=99_999,
            any::<bool>(),
        )
            .prop_map(|(day, month, year, serial, norwegian)| {
                let text = match norwegian {
                    true => format!("{day:02}{month:02}{year:02}{serial:05}"),
                    false => format!("{day:02}{month:02}{year:02}{:04}", serial % 10_000),
                };
                text.bytes().map(|byte| byte - b'0').collect()
            })
    }

    /// One way of writing a digit: its ASCII form, or the same value in another script or style.
    fn spelt(digit: u8, script: usize) -> String {
        let zeros = [
            '0',
            '\u{ff10}',
            '\u{660}',
            '\u{966}',
            '\u{e50}',
            '\u{1d7ce}',
            '\u{1d7f6}',
        ];
        let superscripts = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        match script {
            7 => superscripts[usize::from(digit)].to_string(),
            _ => char::from_u32(u32::from(zeros[script % zeros.len()]) + u32::from(digit))
                .map(String::from)
                .unwrap_or_default(),
        }
    }

    /// Separators and invisible characters a disguise may put between two digits: at most two visible
    /// ones (a gap of three, around a run of spaces, is the most still read as one number).
    fn gap() -> impl Strategy<Value = String> {
        let visible = prop::sample::select(vec![
            "", "", "", "-", " ", ".", "/", "_", ":", ",", "\t", "   ", "\u{2013}", "\u{2014}",
            "\u{2011}", "\u{a0}", "\u{2212}", "\u{202f}", "\u{3000}", "\u{ff0d}",
        ]);
        let invisible = prop::sample::select(vec![
            "", "", "\u{200b}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{ad}", "\u{feff}",
            "\u{301}", "\u{fe0f}",
        ]);
        (visible.clone(), invisible, visible)
            .prop_map(|(first, hidden, second)| format!("{first}{hidden}{second}"))
    }

    fn disguised() -> impl Strategy<Value = String> {
        (
            cpr_digits(),
            prop::collection::vec((0usize..8, gap()), 11),
            "[A-Za-zæøå ]{0,6}",
            "[ A-Za-zæøå]{0,6}",
        )
            .prop_map(|(digits, looks, before, after)| {
                let mut text = before;
                if !text.is_empty() {
                    text.push(' ');
                }
                for (idx, digit) in digits.iter().enumerate() {
                    let (script, gap) = &looks[idx];
                    text.push_str(&spelt(*digit, *script));
                    if idx + 1 < digits.len() {
                        text.push_str(gap);
                    }
                }
                text.push(' ');
                text + &after
            })
    }

    proptest! {
        #[test]
        fn every_disguise_is_caught(text in disguised()) {
            prop_assert!(contains_personal_number(&text), "{text:?}");
            let (masked, n_found) = mask_personal_numbers(&text);
            prop_assert!(n_found > 0);
            prop_assert!(!contains_personal_number(&masked), "{masked:?}");
        }

        #[test]
        fn fewer_than_ten_digits_never_are(text in "[A-Za-z0-9 -]{0,40}") {
            let n_digits = text.chars().filter(char::is_ascii_digit).count();
            prop_assume!(n_digits < MIN_DIGITS);
            prop_assert!(!contains_personal_number(&text));
        }

        #[test]
        fn dates_and_times_alone_are_not_numbers(
            day in 1u8..=31, month in 1u8..=12, year in 1900u16..=2099, hour in 0u8..=23, minute in 0u8..=59,
            sep in prop::sample::select(vec![".", "-", "/"]),
        ) {
            let date = format!("{day:02}{sep}{month:02}{sep}{year}");
            check_props_ordinary(&date)?;
            check_props_ordinary(&format!("{date} kl. {hour:02}:{minute:02}"))?;
            check_props_ordinary(&format!("tlf. {day:02} {month:02} {hour:02} {minute:02}"))?;
        }

        #[test]
        fn masked_text_holds_no_number(text in "[0-9 \\-.:,a]{0,60}") {
            let (masked, _) = mask_personal_numbers(&text);
            prop_assert!(!contains_personal_number(&masked), "{text:?} → {masked:?}");
            prop_assert_eq!(masked.chars().count(), text.chars().count());
        }
    }

    /// The table of decompositions with a digit is exactly what Unicode's NFKD gives (per the
    /// `unicode-normalization` crate); `UPDATE_EXPECT=1` rewrites it after a Unicode update.
    #[test]
    fn the_decompositions_with_a_digit_are_up_to_date() {
        use std::fmt::Write;

        use unicode_normalization::UnicodeNormalization;

        let is_decimal = |ch: char| get_general_category(ch) == GeneralCategory::DecimalNumber;
        let mut table = String::from(
            "//! Generated by `the_decompositions_with_a_digit_are_up_to_date` (`UPDATE_EXPECT=1`): every\n\
             //! character that is no decimal digit itself but whose compatibility decomposition (NFKD) holds one.\n\n\
             pub(super) const COMPAT_DIGITS: &[(char, &str)] = &[\n",
        );
        for ch in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|ch| !ch.is_ascii() && !is_decimal(*ch))
        {
            let decomposed: String = std::iter::once(ch).nfkd().collect();
            if decomposed.chars().any(is_decimal) {
                writeln!(table, "    ({ch:?}, {decomposed:?}),").unwrap();
            }
        }
        table.push_str("];\n");
        expect_test::expect_file!["personal_number/compat_digits.rs"].assert_eq(&table);
    }

    /// The table of classes is exactly what Unicode's general categories give (per the
    /// `unicode-general-category` crate); `UPDATE_EXPECT=1` rewrites it after a Unicode update.
    #[test]
    fn the_unicode_classes_are_up_to_date() {
        use std::fmt::Write;

        let kind_of = |category| match category {
            GeneralCategory::DecimalNumber => Some("Decimal"),
            GeneralCategory::DashPunctuation
            | GeneralCategory::ConnectorPunctuation
            | GeneralCategory::OtherPunctuation
            | GeneralCategory::SpaceSeparator => Some("Separator"),
            GeneralCategory::Format
            | GeneralCategory::NonspacingMark
            | GeneralCategory::EnclosingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::Control => Some("Invisible"),
            _ => None,
        };
        // Runs of one kind, from the first character after ASCII; adjoining decimal runs stay one
        // range, as Unicode lists them, so a digit's value is its distance from the start modulo ten.
        let mut ranges: Vec<(u32, u32, &str)> = Vec::new();
        for code in 0x80..=0x10FFFF {
            let Some(kind) = char::from_u32(code).and_then(|ch| kind_of(get_general_category(ch)))
            else {
                continue;
            };
            match ranges.last_mut() {
                Some((_, end, last)) if *end + 1 == code && *last == kind => *end = code,
                _ => ranges.push((code, code, kind)),
            }
        }
        let mut table = String::from(
            "//! Generated by `the_unicode_classes_are_up_to_date` (`UPDATE_EXPECT=1`): every run of\n\
             //! characters outside ASCII that are decimal digits (general category Nd), separators (Pd, Pc,\n\
             //! Po, Zs) or invisible (Cf, Mn, Me, Mc, Cc), as `(first, last, kind)`, in order.\n\n\
             #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
             pub(super) enum Kind {\n    Decimal,\n    Separator,\n    Invisible,\n}\n\n\
             pub(super) const UNICODE_CLASSES: &[(u32, u32, Kind)] = &[\n",
        );
        for (first, last, kind) in ranges {
            writeln!(table, "    ({first:#x}, {last:#x}, Kind::{kind}),").unwrap();
        }
        table.push_str("];\n");
        expect_test::expect_file!["personal_number/unicode_classes.rs"].assert_eq(&table);
    }

    fn check_props_ordinary(text: &str) -> Result<(), TestCaseError> {
        prop_assert!(!contains_personal_number(text), "{text:?}");
        Ok(())
    }
}

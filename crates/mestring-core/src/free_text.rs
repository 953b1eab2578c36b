//! The one check every text staff or a citizen types goes through before it is stored, exported or read back.
//!
//! Free text is the only place a person's identity can slip into a pseudonymous record, and the only
//! place a terminal's control sequences can ride into a caseworker's screen. So every field that can leave
//! the device (a citizen's label and unit, comments on ratings, a plan's goals, sub-goals, training, level
//! texts and agreements, an export's facility name) is checked here, with the same rules at input, when a
//! stored record is read and when an export file is imported:
//!
//! - no personal number (CPR, fødselsnummer), however disguised ([`crate::personal_number`]);
//! - no control characters: C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and
//!   isolates (U+202A–U+202E, U+2066–U+2069) that reorder what a screen or terminal shows. A multi-line
//!   field keeps line feeds and tabs (a pasted text keeps its layout; neither does anything to a
//!   terminal); a one-line field keeps neither. Carriage returns are refused everywhere: a browser's text
//!   area gives line feeds only, and a lone CR rewrites a terminal line;
//! - at most [`FieldKind::max_chars`] characters, counted as characters, not bytes.

/// The kinds of free-text field, each with its length limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A citizen's pseudonymous label: initials or a local code.
    Label,
    /// The unit or facility a citizen belongs to, or an export's facility name.
    Unit,
    /// One line of a plan: a sub-goal, or what is trained, who supports it and how often.
    Line,
    /// A goal in the citizen's own words, or what a level of it looks like.
    Goal,
    /// Longer text: a comment on a rating, the plan's agreements.
    Note,
}

impl FieldKind {
    /// The most characters a field of this kind holds. The label and unit keep the limits they always had;
    /// the others had none, so they are set well above anything a person writes there (a plan's agreements
    /// are a page): a plan stored before the limits must not land in the quarantine for a long level text,
    /// while a file or a terminal can no longer be made to carry megabytes in one field.
    pub const fn max_chars(self) -> usize {
        match self {
            FieldKind::Label => 40,
            FieldKind::Unit => 80,
            FieldKind::Line => 1_000,
            FieldKind::Goal => 2_000,
            FieldKind::Note => 5_000,
        }
    }

    /// Whether the field is a text area, where line feeds and tabs belong.
    pub const fn multi_line(self) -> bool {
        matches!(self, FieldKind::Goal | FieldKind::Note)
    }
}

/// What is wrong with a text; the UI names each in the user's language beside its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum TextProblem {
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("looks like a personal identity number (CPR or fødselsnummer)")]
    PersonalNumber,
    #[error("holds the control character U+{:04X}", u32::from(*.0))]
    ControlCharacter(char),
}

/// Every problem of `text` as a field of `kind`: none when it may be stored.
pub fn check(text: &str, kind: FieldKind) -> Vec<TextProblem> {
    let mut problems = Vec::new();
    let max = kind.max_chars();
    if text.chars().count() > max {
        problems.push(TextProblem::TooLong { max });
    }
    if let Some(control) = text.chars().find(|ch| is_refused_control(*ch, kind)) {
        problems.push(TextProblem::ControlCharacter(control));
    }
    if crate::personal_number::contains_personal_number(text) {
        problems.push(TextProblem::PersonalNumber);
    }
    problems
}

/// Whether `text` holds a personal number, however disguised.
pub fn has_personal_number(text: &str) -> bool {
    crate::personal_number::contains_personal_number(text)
}

/// `text` with every personal number in it masked (`XXXXXX-XXXX`), and how many it held: for text that
/// must travel but was never checked, such as a quarantined record kept raw for recovery.
pub fn mask_personal_numbers(text: &str) -> (String, usize) {
    crate::personal_number::mask_personal_numbers(text)
}

/// Whether `ch` is a control character no single-line text may hold (C0 and C1 with CR, LF and tab, DEL,
/// bidi controls, line and paragraph separators): for text that is checked for nothing else.
pub fn is_control(ch: char) -> bool {
    is_refused_control(ch, FieldKind::Label)
}

fn is_refused_control(ch: char, kind: FieldKind) -> bool {
    match ch {
        '\n' | '\t' => !kind.multi_line(),
        // Bidirectional embeddings and overrides, then isolates.
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        // Line and paragraph separators break lines where no line may break, as CR does.
        '\u{2028}' | '\u{2029}' => true,
        // C0 (with CR), DEL and C1.
        _ => ch.is_control(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;

    #[track_caller]
    fn check_text(text: &str, kind: FieldKind, expect: Expect) {
        expect.assert_debug_eq(&check(text, kind));
    }

    #[test]
    fn ordinary_text_passes() {
        check_text(
            "Kan selv handle ind\n\tmed støtte",
            FieldKind::Note,
            expect![[r#"
            []
        "#]],
        );
        check_text(
            "Bofællesskabet Åen",
            FieldKind::Unit,
            expect![[r#"
            []
        "#]],
        );
    }

    #[test]
    fn terminal_controls_are_refused() {
        for control in [
            '\u{1b}', '\u{7}', '\0', '\r', '\u{7f}', '\u{9b}', '\u{85}', '\u{202e}', '\u{2066}',
            '\u{2069}', '\u{2028}',
        ] {
            let text = format!("AB{control}[2J");
            assert_eq!(
                check(&text, FieldKind::Note),
                [TextProblem::ControlCharacter(control)],
                "{text:?}"
            );
        }
        check_text(
            "A\tB",
            FieldKind::Label,
            expect![[r#"
            [
                ControlCharacter(
                    '\t',
                ),
            ]
        "#]],
        );
        check_text(
            "A\nB",
            FieldKind::Line,
            expect![[r#"
            [
                ControlCharacter(
                    '\n',
                ),
            ]
        "#]],
        );
    }

    #[test]
    fn every_problem_at_once() {
        let text = format!("010190\u{2013}1234\u{1b}{}", "a".repeat(40));
        check_text(
            &text,
            FieldKind::Label,
            expect![[r#"
            [
                TooLong {
                    max: 40,
                },
                ControlCharacter(
                    '\u{1b}',
                ),
                PersonalNumber,
            ]
        "#]],
        );
    }

    #[test]
    fn the_messages_name_the_character() {
        assert_eq!(
            TextProblem::ControlCharacter('\u{1b}').to_string(),
            "holds the control character U+001B"
        );
    }

    proptest! {
        #[test]
        fn lengths_are_characters(n_chars in 1_900usize..2_100) {
            let text = "æ".repeat(n_chars);
            let too_long = check(&text, FieldKind::Goal).contains(&TextProblem::TooLong { max: 2_000 });
            prop_assert_eq!(too_long, n_chars > 2_000);
        }
    }
}

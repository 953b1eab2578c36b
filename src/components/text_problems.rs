//! The core's verdict on a typed text (a personal number, a control character, too long), shown beside
//! its field in the user's language as soon as it is typed, for the fields that are not a [`TextField`]
//! (text areas, and the plan's rows of inputs).
//!
//! [`TextField`]: crate::components::text_field::TextField

use mestring_core::free_text::{self, FieldKind, TextProblem};
use yew::prelude::*;

use crate::i18n::I18n;

/// What a field shows about its text: its problems and the attributes that tie them to it.
pub struct TextCheck {
    pub problems: Vec<TextProblem>,
    /// The id of the problems' list, for the field's `aria-describedby`; `None` when there are none.
    pub described_by: Option<AttrValue>,
    /// `aria-invalid` of the field.
    pub invalid: AttrValue,
    /// The list to put right after the field (nothing when the text is fine).
    pub html: Html,
}

impl TextCheck {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks each of `texts` as a field of `kind` (a text area of one-line entries, such as the sub-goals,
/// passes its lines one by one) and renders what is wrong beside the field `field_id`.
pub fn check_text(i18n: I18n, field_id: &str, texts: &[&str], kind: FieldKind) -> TextCheck {
    let mut problems: Vec<TextProblem> = Vec::new();
    for text in texts {
        for problem in free_text::check(text, kind) {
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
    }
    let list_id = format!("{field_id}-problems");
    let invalid = !problems.is_empty();
    let html = match invalid {
        false => Html::default(),
        true => html! {
            <ul class="field-problems" id={list_id.clone()} role="alert">
                for problem in &problems {
                    <li>{ i18n.text_problem(problem) }</li>
                }
            </ul>
        },
    };
    TextCheck {
        problems,
        described_by: invalid.then(|| AttrValue::from(list_id)),
        invalid: AttrValue::from(invalid.to_string()),
        html,
    }
}

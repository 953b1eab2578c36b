//! What a draft may hold: unfinished input kept on the device so a reload loses nothing, but never a
//! text the core refuses as a personal number.
//!
//! A field refused as a personal number is refused at input, so it must not linger in the draft either,
//! to be offered back by "continue where I left off" or read from the device's storage. Drafts are JSON,
//! whatever form wrote them, so the rule applies to every text in one, present and future forms alike.

use serde_json::Value;

use crate::personal_number::contains_personal_number;

/// Blanks every text in `draft` that holds a personal number and drops every entry whose key holds one;
/// returns how many it changed (0: the draft may be stored as it is).
pub fn without_personal_numbers(draft: &mut Value) -> usize {
    match draft {
        Value::String(text) if contains_personal_number(text) => {
            text.clear();
            1
        }
        Value::Array(values) => values.iter_mut().map(without_personal_numbers).sum(),
        Value::Object(entries) => {
            let before = entries.len();
            entries.retain(|key, _| !contains_personal_number(key));
            let dropped = before - entries.len();
            dropped
                + entries
                    .values_mut()
                    .map(without_personal_numbers)
                    .sum::<usize>()
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[track_caller]
    fn check(mut draft: Value, expect: Value, n_changed: usize) {
        assert_eq!(without_personal_numbers(&mut draft), n_changed);
        assert_eq!(draft, expect);
    }

    #[test]
    fn a_refused_label_is_blanked_and_the_rest_kept() {
        check(
            json!({ "label": "010190-1234", "birth_year": "1990", "unit": "Hus 1" }),
            json!({ "label": "", "birth_year": "1990", "unit": "Hus 1" }),
            1,
        );
    }

    #[test]
    fn texts_at_any_depth_are_checked() {
        check(
            json!({ "goals": [{ "words": "Anna 0101901234", "levels": ["ok", "01019012345"] }], "n": 3 }),
            json!({ "goals": [{ "words": "", "levels": ["ok", ""] }], "n": 3 }),
            2,
        );
        check(
            json!({ "comments": { "0101901234": "x", "home": "fine" } }),
            json!({ "comments": { "home": "fine" } }),
            1,
        );
    }

    #[test]
    fn a_draft_without_one_is_left_as_it_is() {
        let draft = json!({ "label": "K-17", "birth_year": "2009", "answers": [10, null], "room": "Room 12 / 010190" });
        check(draft.clone(), draft, 0);
    }
}

//! Reading what comes from outside strictly: JSON whose objects give each key once, and values quoted
//! short in error messages.
//!
//! serde_json keeps the last of two equal keys in an object. A file could then carry a personal number
//! behind a clean duplicate: Mestring would read the clean one, while another reader (a text editor, a
//! script, a spreadsheet import) may show the first. A key given twice is therefore an error wherever
//! Mestring reads JSON from a file.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// How many characters of a value an error message quotes: enough to recognise it, never a flood.
const QUOTED_CHARS: usize = 40;

/// `text` as an error message quotes it: in double quotes with control characters escaped, cut after
/// [`QUOTED_CHARS`] characters.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// A JSON value as an error message shows it: compact JSON, cut after [`QUOTED_CHARS`] characters.
pub(crate) fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// `text` as one JSON value, refusing an object that gives a key twice.
pub(crate) fn json(text: &str) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = UniqueKeys.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Reads a JSON value as `serde_json::Value` does, except that an object giving a key twice is an error.
/// Nesting stays bounded by serde_json's recursion limit, as for `Value`.
#[derive(Clone, Copy)]
pub(crate) struct UniqueKeys;

impl<'de> DeserializeSeed<'de> for UniqueKeys {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // JSON text has no NaN or infinity, so every number it holds is a `Number`.
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(UniqueKeys)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key {} is given twice in one object",
                    quote(&key)
                )));
            }
            let value = map.next_value_seed(UniqueKeys)?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use serde_json::json;

    use super::*;

    #[test]
    fn a_key_given_twice_anywhere_is_an_error() {
        let read = |text: &str| json(text).map_err(|err| err.to_string());
        assert_eq!(
            read(r#"{"a": [1, -2, 2.5, "x", null, true, {"b": {}}]}"#),
            Ok(json!({"a": [1, -2, 2.5, "x", null, true, {"b": {}}]}))
        );
        expect![[r#"Err("the key \"label\" is given twice in one object at line 1 column 40")"#]]
            .assert_eq(&format!(
                "{:?}",
                read(r#"{"label": "010190-1234", "x": 1, "label": "AB"}"#)
            ));
        assert!(read(r#"[{"a": {"b": 1, "b": 1}}]"#).is_err());
        assert!(read(r#"{"a": 1} {"#).is_err());
    }

    #[test]
    fn nesting_stays_within_the_recursion_limit() {
        let deep = "[".repeat(100_000);
        let err = json(&deep).unwrap_err().to_string();
        assert!(err.starts_with("recursion limit exceeded"), "{err}");
    }

    #[test]
    fn quoted_values_are_short_and_escaped() {
        assert_eq!(quote("AB"), r#""AB""#);
        assert_eq!(quote("\u{1b}[2J"), r#""\u{1b}[2J""#);
        assert_eq!(quote(&"æ".repeat(1000)), format!("\"{}\"…", "æ".repeat(40)));
        assert_eq!(shown(&json!(-1)), "-1");
        assert_eq!(shown(&json!("2")), r#""2""#);
        assert_eq!(shown(&json!(vec!["x"; 100])).chars().count(), 41);
    }
}

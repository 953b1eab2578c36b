//! Turns the FFB terms (`assets/ffb/ffb.json`, generated from KL's code system by `scripts/ffb-data.mjs`,
//! and Mestring's glosses in `assets/ffb/glossary.json`) into static tables, so the core reads FFB without a
//! parser or a way to fail at run time: a broken file, or a gloss of a term the code system lacks, fails
//! the build here with the file and the term named.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use serde_json::{Map, Value};

const TERMS: &str = "../../assets/ffb/ffb.json";
const GLOSSARY: &str = "../../assets/ffb/glossary.json";

fn main() -> Result<(), String> {
    println!("cargo::rerun-if-changed={TERMS}");
    println!("cargo::rerun-if-changed={GLOSSARY}");
    let terms = read(TERMS)?;
    let mut glossary = read(GLOSSARY)?;
    let mut out = String::new();
    let source = &terms["source"];
    writeln!(
        out,
        "/// Where the terms came from.\npub static SOURCE: Source = Source {{ system: {:?}, version: {:?}, url: {:?}, retrieved: {:?}, sha256: {:?} }};",
        text(source, "system")?,
        text(source, "version")?,
        text(source, "url")?,
        text(source, "retrieved")?,
        text(source, "sha256")?,
    )
    .map_err(|err| err.to_string())?;

    let mut conditions = Vec::new();
    for group in list(&terms, "conditions")? {
        let group_idx = conditions.len();
        conditions.push(condition(group, "Group", None, &mut glossary)?);
        for theme in list(group, "themes")? {
            let theme_idx = conditions.len();
            conditions.push(condition(theme, "Theme", Some(group_idx), &mut glossary)?);
            for sub_theme in list(theme, "sub_themes")? {
                conditions.push(condition(
                    sub_theme,
                    "SubTheme",
                    Some(theme_idx),
                    &mut glossary,
                )?);
            }
        }
    }
    table(&mut out, "CONDITIONS", "Condition", &conditions)?;
    for (name, kind) in [
        ("FUNCTION_LEVELS", "function_levels"),
        ("SUPPORT_LEVELS", "support_levels"),
    ] {
        let rows = list(&terms, kind)?
            .iter()
            .map(|concept| {
                let level = match &concept["level"] {
                    Value::Null => "None".to_owned(),
                    value => format!("Some({})", value.as_u64().ok_or("level: not a number")?),
                };
                Ok(format!(
                    "Level {{ term: {}, level: {level} }}",
                    term(concept, kind, &mut glossary)?
                ))
            })
            .collect::<Result<Vec<String>, String>>()?;
        table(&mut out, name, "Level", &rows)?;
    }
    let goal_types = list(&terms, "goal_types")?
        .iter()
        .map(|concept| term(concept, "goal_types", &mut glossary))
        .collect::<Result<Vec<String>, String>>()?;
    table(&mut out, "GOAL_TYPES", "Term", &goal_types)?;

    // Every gloss was taken by its term above, so one left over names a term FFB does not have.
    for (kind, glosses) in glossary.as_object().into_iter().flatten() {
        if let Some(glosses) = glosses.as_object()
            && let Some(id) = glosses.keys().next()
        {
            return Err(format!("{GLOSSARY}: {kind}.{id} is no term of {TERMS}"));
        }
    }
    let out_dir = env::var("OUT_DIR").map_err(|err| err.to_string())?;
    fs::write(Path::new(&out_dir).join("ffb_terms.rs"), out).map_err(|err| err.to_string())
}

fn read(path: &str) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|err| format!("{path}: {err}"))?;
    serde_json::from_str(&text).map_err(|err| format!("{path}: {err}"))
}

fn text<'a>(value: &'a Value, field: &str) -> Result<&'a str, String> {
    value[field]
        .as_str()
        .ok_or_else(|| format!("{TERMS}: {field} is not a text"))
}

fn list<'a>(value: &'a Value, field: &str) -> Result<&'a Vec<Value>, String> {
    value[field]
        .as_array()
        .ok_or_else(|| format!("{TERMS}: {field} is not a list"))
}

fn condition(
    concept: &Value,
    rank: &str,
    parent: Option<usize>,
    glossary: &mut Value,
) -> Result<String, String> {
    Ok(format!(
        "Condition {{ term: {}, rank: Rank::{rank}, parent: {parent:?} }}",
        term(concept, "conditions", glossary)?
    ))
}

/// The term as Rust, with its gloss taken out of `glossary`.
fn term(concept: &Value, kind: &str, glossary: &mut Value) -> Result<String, String> {
    let id = text(concept, "id")?;
    let gloss = match glossary
        .get_mut(kind)
        .and_then(Value::as_object_mut)
        .and_then(|glosses: &mut Map<String, Value>| glosses.remove(id))
    {
        None => "None".to_owned(),
        Some(gloss) => {
            let lang = |code: &str| {
                gloss[code]
                    .as_str()
                    .filter(|text| !text.trim().is_empty())
                    .ok_or_else(|| format!("{GLOSSARY}: {kind}.{id}.{code} is missing"))
            };
            format!(
                "Some(Gloss {{ nb: {:?}, en: {:?} }})",
                lang("nb")?,
                lang("en")?
            )
        }
    };
    Ok(format!(
        "Term {{ id: {id:?}, code: {:?}, display: {:?}, gloss: {gloss} }}",
        text(concept, "code")?,
        text(concept, "display")?
    ))
}

fn table(out: &mut String, name: &str, kind: &str, rows: &[String]) -> Result<(), String> {
    writeln!(out, "pub static {name}: [{kind}; {}] = [", rows.len())
        .map_err(|err| err.to_string())?;
    for row in rows {
        writeln!(out, "    {row},").map_err(|err| err.to_string())?;
    }
    writeln!(out, "];").map_err(|err| err.to_string())
}

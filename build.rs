//! Prepares the app's data at compile time, so the browser bundle carries no parser for it.
//!
//! - The translation files `assets/i18n/<lang>.toml` become a `Key` enum and one text table per language.
//!   Keys become enum variants, so a mistyped key fails to compile. A key missing in one language becomes `None`
//!   in that table and fails the `every_key_in_every_language` test, which names the key and the language.
//! - The instrument and schema files (`assets/instruments/*.json`, `assets/schemas/*.json`) are validated by
//!   the core here, natively: a broken file fails the build with the core's report. The app embeds each validated
//!   registry in the core's compiled form (`src/bundled.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use mestring_core::{fit, mastery};

const I18N_DIR: &str = "assets/i18n";

/// The language's own name, kept apart from the tables: the switch shows every language's.
const AUTONYM_KEY: &str = "language.name";

fn main() -> Result<(), String> {
    let out_dir = env::var("OUT_DIR").map_err(|err| err.to_string())?;
    let out_dir = Path::new(&out_dir);
    write_i18n(out_dir)?;
    write_data_files(out_dir)
}

/// The instruments and the mastery schemas, validated by the core here and written in its compiled form.
fn write_data_files(out_dir: &Path) -> Result<(), String> {
    // The core embeds the files, so a change to one rebuilds the core and with it reruns this script.
    let instruments = fit::Registry::bundled().map_err(|err| err.to_string())?;
    let schemas = mastery::Registry::bundled().map_err(|err| err.to_string())?;
    let instruments = instruments.to_compiled().map_err(|err| err.to_string())?;
    let schemas = schemas.to_compiled().map_err(|err| err.to_string())?;
    fs::write(out_dir.join("instruments.bin"), instruments).map_err(|err| err.to_string())?;
    fs::write(out_dir.join("schemas.bin"), schemas).map_err(|err| err.to_string())
}

fn write_i18n(out_dir: &Path) -> Result<(), String> {
    println!("cargo::rerun-if-changed={I18N_DIR}");
    let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let entries = fs::read_dir(I18N_DIR).map_err(|err| format!("{I18N_DIR}: {err}"))?;
    for entry in entries {
        let path = entry.map_err(|err| format!("{I18N_DIR}: {err}"))?.path();
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        let code = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .ok_or_else(|| format!("{}: file name is not a language code", path.display()))?;
        tables.insert(code.to_owned(), read_table(&path)?);
    }

    let mut autonyms = BTreeMap::new();
    for (code, table) in &mut tables {
        let name = table
            .remove(AUTONYM_KEY)
            .ok_or_else(|| format!("{I18N_DIR}/{code}.toml: `{AUTONYM_KEY}` is missing"))?;
        autonyms.insert(code.clone(), name);
    }

    let keys: BTreeSet<&String> = tables.values().flat_map(|table| table.keys()).collect();
    let mut out = String::new();
    out.push_str("/// A message of the user interface; the variants are generated from the translation files.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for key in &keys {
        writeln!(out, "    /// `{key}`\n    {},", variant(key)).map_err(|err| err.to_string())?;
    }
    out.push_str("}\n\nimpl Key {\n    pub const ALL: &[Key] = &[\n");
    for key in &keys {
        writeln!(out, "        Key::{},", variant(key)).map_err(|err| err.to_string())?;
    }
    out.push_str("    ];\n\n    /// The key as written in the translation files.\n    #[cfg(test)]\n    pub fn id(self) -> &'static str {\n        match self {\n");
    for key in &keys {
        writeln!(out, "            Key::{} => {key:?},", variant(key))
            .map_err(|err| err.to_string())?;
    }
    out.push_str("        }\n    }\n}\n\n");
    out.push_str(
        "/// The text of `key` in `lang`, or `None` where the translation file lacks it.\n",
    );
    out.push_str("fn lookup(lang: Lang, key: Key) -> Option<&'static str> {\n    let table: &[Option<&str>] = match lang {\n");
    for code in tables.keys() {
        writeln!(
            out,
            "        Lang::{} => &{},",
            variant(code),
            code.to_uppercase()
        )
        .map_err(|err| err.to_string())?;
    }
    out.push_str("    };\n    table[key as usize]\n}\n\n");
    write_easy_versions(&keys, &mut out)?;
    out.push_str("/// Each language's name in itself (`language.name`): the language switch shows all three in any language.\npub fn autonym(lang: Lang) -> &'static str {\n    match lang {\n");
    for (code, name) in &autonyms {
        writeln!(out, "        Lang::{} => {name:?},", variant(code))
            .map_err(|err| err.to_string())?;
    }
    out.push_str("    }\n}\n");
    for (code, table) in &tables {
        writeln!(
            out,
            "\nstatic {}: [Option<&str>; {}] = [",
            code.to_uppercase(),
            keys.len()
        )
        .map_err(|err| err.to_string())?;
        for key in &keys {
            match table.get(*key) {
                Some(text) => writeln!(out, "    Some({text:?}),"),
                None => writeln!(out, "    None,"),
            }
            .map_err(|err| err.to_string())?;
        }
        out.push_str("];\n");
    }

    fs::write(out_dir.join("i18n.rs"), out).map_err(|err| err.to_string())
}

/// The prefix of a key's easy-read version: `easy.rating.thanks` stands in for `rating.thanks`.
const EASY_PREFIX: &str = "easy.";

/// `easy_version`, from each key to its easy-read version; an easy-read version of no key fails the build.
fn write_easy_versions(keys: &BTreeSet<&String>, out: &mut String) -> Result<(), String> {
    out.push_str("/// The easy-read version of `key` (`easy.<key>` in the translation files), if it has one.\n");
    out.push_str("fn easy_version(key: Key) -> Option<Key> {\n    match key {\n");
    for key in keys {
        let Some(ordinary) = key.strip_prefix(EASY_PREFIX) else {
            continue;
        };
        if !keys.contains(&ordinary.to_owned()) {
            return Err(format!(
                "{I18N_DIR}: `{key}` is the easy-read version of no key"
            ));
        }
        writeln!(
            out,
            "        Key::{} => Some(Key::{}),",
            variant(ordinary),
            variant(key)
        )
        .map_err(|err| err.to_string())?;
    }
    out.push_str("        _ => None,\n    }\n}\n\n");
    Ok(())
}

/// Reads one language file into dotted keys (`[citizens] title = ".."` becomes `citizens.title`).
fn read_table(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let value: toml::Table =
        toml::from_str(&text).map_err(|err| format!("{}: {err}", path.display()))?;
    let mut table = BTreeMap::new();
    flatten(path, "", &value, &mut table)?;
    Ok(table)
}

fn flatten(
    path: &Path,
    prefix: &str,
    value: &toml::Table,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for (name, value) in value {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(key, text.clone());
            }
            toml::Value::Table(table) => flatten(path, &key, table, out)?,
            _ => return Err(format!("{}: `{key}` is not text", path.display())),
        }
    }
    Ok(())
}

/// `citizens.add_title` becomes `CitizensAddTitle`.
fn variant(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

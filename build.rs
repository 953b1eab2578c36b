//! Prepares the app's data at compile time, so the browser bundle carries no parser for it.
//!
//! - The translation files `assets/i18n/<lang>.toml` become a `Key` enum and text tables per language: one
//!   for the app, one for the screens only the tools app shows (`TOOLS_SECTIONS`). The app's first load
//!   links only the Danish table; the others reach it from the texts app (`src/bin/mestring-texts.rs`).
//!   Keys become enum variants, so a mistyped key fails to compile. A key missing in one language becomes `None`
//!   in that table and fails the `every_key_in_every_language` test, which names the key and the language.
//! - The instrument files `assets/instruments/*.json` are validated by the core here, natively: a broken file
//!   fails the build with the core's report. The app embeds the validated registry in the core's compiled form:
//!   whole, and in Danish alone without provenance for the first load (`src/instruments.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use mestring_core::fit::Registry;
use mestring_core::lang::Lang;

const I18N_DIR: &str = "assets/i18n";

/// Sections of the translation files whose texts only the tools app (`src/tools.rs`) shows: their tables
/// are reached through `register_tools_texts`, which only the tools app calls, so the app's first load
/// carries none of them.
const TOOLS_SECTIONS: [&str; 15] = [
    "citizen",
    "citizen_edit",
    "easy_read",
    "export",
    "follow_up",
    "import",
    "lock",
    "mastery",
    "overview",
    "pin",
    "plan",
    "progress",
    "rating",
    "settings",
    "storage",
];

/// The language's own name, kept apart from the tables: the switch shows every language's, and the
/// first load carries only the Danish table.
const AUTONYM_KEY: &str = "language.name";

fn tools_key(key: &str) -> bool {
    TOOLS_SECTIONS.contains(&key.split('.').next().unwrap_or_default())
}

fn main() -> Result<(), String> {
    let out_dir = env::var("OUT_DIR").map_err(|err| err.to_string())?;
    let out_dir = Path::new(&out_dir);
    write_i18n(out_dir)?;
    write_instruments(out_dir)
}

fn write_instruments(out_dir: &Path) -> Result<(), String> {
    // The core embeds the files, so a change to one rebuilds the core and with it reruns this script.
    let registry = Registry::bundled().map_err(|err| err.to_string())?;
    let write = |name: &str, registry: &Registry| {
        let bytes = registry.to_compiled().map_err(|err| err.to_string())?;
        fs::write(out_dir.join(name), bytes).map_err(|err| err.to_string())
    };
    write("instruments.bin", &registry)?;
    write("instruments-da.bin", &registry.for_screens_in(Lang::Da))
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

    let all_keys: BTreeSet<&String> = tables.values().flat_map(|table| table.keys()).collect();
    // The app's keys first, then the tools' keys: a key's number tells which table holds it, and the
    // app's tables carry no empty places for the tools' texts.
    let (tools_keys, app_keys): (Vec<&String>, Vec<&String>) =
        all_keys.into_iter().partition(|key| tools_key(key));
    let keys: Vec<&String> = app_keys.iter().chain(&tools_keys).copied().collect();
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
        "/// The text of `key` in `lang`, or `None` where the translation file lacks it, where `lang`'s texts\n\
         /// are not at hand (`load_texts`) or, for a key of the tools' screens, where `register_tools_texts`\n\
         /// was not called.\n",
    );
    out.push_str("fn lookup(lang: Lang, key: Key) -> Option<&'static str> {\n");
    writeln!(
        out,
        "    if let Some(idx) = (key as usize).checked_sub(APP_KEYS) {{\n        return TOOLS_TEXTS.with(|texts| texts.get()).and_then(|texts| texts(lang, idx));\n    }}",
    )
    .map_err(|err| err.to_string())?;
    out.push_str("    app_table(lang).and_then(|table| table[key as usize])\n}\n\n");
    writeln!(
        out,
        "/// How many keys the app's own tables hold; the tools' keys come after them.\nconst APP_KEYS: usize = {};\n",
        app_keys.len()
    )
    .map_err(|err| err.to_string())?;
    writeln!(
        out,
        "/// Names the app's keys in their order: texts fetched for another list of keys are refused.\npub const APP_KEYS_VERSION: u32 = {};\n",
        fnv1a(&app_keys)
    )
    .map_err(|err| err.to_string())?;
    out.push_str("/// The app's texts in the languages other than Danish, as compiled in: for the apps that carry them\n/// (the texts app and the tools). Every app reaches the Danish table through `app_table`.\npub fn compiled_app_texts(lang: Lang) -> Option<&'static [Option<&'static str>]> {\n    match lang {\n");
    for code in tables.keys() {
        let table = if code == Lang::default().code() {
            "None".to_owned()
        } else {
            format!("Some(&{})", code.to_uppercase())
        };
        writeln!(out, "        Lang::{} => {table},", variant(code))
            .map_err(|err| err.to_string())?;
    }
    out.push_str("    }\n}\n\n");
    out.push_str("/// Each language's name in itself (`language.name`): the language switch shows all three in any language.\npub fn autonym(lang: Lang) -> &'static str {\n    match lang {\n");
    for (code, name) in &autonyms {
        writeln!(out, "        Lang::{} => {name:?},", variant(code))
            .map_err(|err| err.to_string())?;
    }
    out.push_str("    }\n}\n\n");
    out.push_str("/// Where the tools' texts are found, once registered.\ntype ToolsTexts = fn(Lang, usize) -> Option<&'static str>;\n\n");
    out.push_str("thread_local! {\n    static TOOLS_TEXTS: std::cell::Cell<Option<ToolsTexts>> = const { std::cell::Cell::new(None) };\n}\n\n");
    out.push_str("/// Makes the texts of the tools' screens, and the app's texts in every language, available; only the\n/// tools app (and tests) call this, so only its Wasm carries them.\npub fn register_tools_texts() {\n    TOOLS_TEXTS.with(|texts| texts.set(Some(tools_text)));\n    for lang in Lang::ALL {\n        if let Some(table) = compiled_app_texts(lang) {\n            register_app_texts(lang, table);\n        }\n    }\n}\n\n");
    out.push_str("fn tools_text(lang: Lang, idx: usize) -> Option<&'static str> {\n    let table: &[Option<&str>] = match lang {\n");
    for code in tables.keys() {
        writeln!(
            out,
            "        Lang::{} => &{}_TOOLS,",
            variant(code),
            code.to_uppercase()
        )
        .map_err(|err| err.to_string())?;
    }
    out.push_str("    };\n    table[idx]\n}\n");
    for (code, table) in &tables {
        let text = |key: &str| match table.get(key) {
            Some(text) => format!("    Some({text:?}),\n"),
            None => "    None,\n".to_owned(),
        };
        let name = code.to_uppercase();
        writeln!(
            out,
            "\nstatic {name}: [Option<&str>; {}] = [",
            app_keys.len()
        )
        .map_err(|err| err.to_string())?;
        for key in &app_keys {
            out.push_str(&text(key));
        }
        writeln!(
            out,
            "];\n\nstatic {name}_TOOLS: [Option<&str>; {}] = [",
            tools_keys.len()
        )
        .map_err(|err| err.to_string())?;
        for key in &tools_keys {
            out.push_str(&text(key));
        }
        out.push_str("];\n");
    }

    fs::write(out_dir.join("i18n.rs"), out).map_err(|err| err.to_string())
}

/// A hash of the keys' names in order (FNV-1a, 32 bits): the same in every build of the same files.
fn fnv1a(keys: &[&String]) -> u32 {
    keys.iter()
        .flat_map(|key| key.bytes().chain([0]))
        .fold(0x811c_9dc5, |hash, byte| {
            (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
        })
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

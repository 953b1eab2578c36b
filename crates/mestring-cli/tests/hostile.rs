//! The hostile corpus: over 2,000 malformed or disguised export files, generated from the examples in
//! `docs/examples/` by a seeded generator, each run through every command of the binary that reads
//! files. For each file and command: no panic, no hang (each run is killed after 20 s), and no silent
//! acceptance: a file that is malformed or carries something the app refuses must fail the command or
//! have its rejection reported, naming the problem; a file that is only laid out differently (a
//! byte-order mark, keys in another order) must be read as it is.
//!
//! Counts per command go to standard error, past the test harness's capture, so CI's log shows the run.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mestring_core::export::sealed;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_mestring");
/// The passphrase of `docs/examples/tablet-b.sealed.json` (`docs/export-format.md`).
const PASSPHRASE: &str = "korrekt hest batteri hæfteklamme";
const SEED: u64 = 0x2026_1120;
/// How long one run may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(20);
/// The commands that read export files, each run on every file (`--help` lists them; `score` and
/// `change` read numbers from the command line, `version` nothing).
const COMMANDS: [&str; 6] = ["validate", "import", "merge", "csv", "fhir", "report"];
/// `validate` reads each file on its own and gives each its own verdict, so it takes files in batches.
const VALIDATE_BATCH: usize = 100;
/// Files larger than this (a text of 100,000 characters and up) are validated one at a time.
const LARGE_FILE: usize = 64 * 1024;

fn main_examples() -> Vec<(&'static str, Value)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples");
    [
        "tablet-a-week-1.json",
        "tablet-a-week-2.json",
        "tablet-b.json",
    ]
    .into_iter()
    .map(|name| {
        let text = fs::read_to_string(format!("{dir}/{name}"))
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        (name, value)
    })
    .collect()
}

/// What a file must do to every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Refused whole or with a record rejected, the reason naming the problem.
    Refused,
    /// Read with nothing rejected: only its layout differs from a file the app writes.
    Accepted,
}

struct Case {
    kind: &'static str,
    /// What was done, for a failure's message.
    what: String,
    bytes: Vec<u8>,
    expect: Expect,
    /// Words of which a refusal's reason must hold one (any, when empty).
    names: &'static [&'static str],
}

/// A small seeded generator (SplitMix64): the same corpus on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every value in `value` with its JSON pointer, depth first.
fn nodes<'a>(value: &'a Value, at: &str, into: &mut Vec<(String, &'a Value)>) {
    into.push((at.to_owned(), value));
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                nodes(field, &format!("{at}/{}", pointer_escape(key)), into);
            }
        }
        Value::Array(items) => {
            for (idx, item) in items.iter().enumerate() {
                nodes(item, &format!("{at}/{idx}"), into);
            }
        }
        _ => {}
    }
}

fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The last key on a pointer's way that is not an index: the field a value belongs to.
fn field_of(pointer: &str) -> &str {
    pointer
        .rsplit('/')
        .find(|segment| segment.parse::<usize>().is_err())
        .unwrap_or("")
}

fn compact(file: &Value) -> Vec<u8> {
    serde_json::to_vec(file).unwrap_or_else(|err| panic!("{err}"))
}

/// `file` with its checksum made to fit, compact.
fn resigned(mut file: Value) -> Vec<u8> {
    mestring_core::testing::resign(&mut file);
    compact(&file)
}

/// Writes `value` as JSON: keys in an order of `rng`'s choosing and spaces between tokens when
/// `shuffle`; and, in the `duplicate.0`-th object with keys, its `duplicate.1`-th key given twice, first
/// with `duplicate.2` where the value is text and with a copy of it otherwise.
struct Writer<'a> {
    rng: &'a mut Rng,
    shuffle: bool,
    duplicate: Option<(usize, usize, Value)>,
    objects: usize,
    out: String,
}

impl Writer<'_> {
    fn write(&mut self, value: &Value) {
        match value {
            Value::Object(fields) if !fields.is_empty() => {
                let mut keys: Vec<&String> = fields.keys().collect();
                if self.shuffle {
                    for idx in (1..keys.len()).rev() {
                        let other = self.rng.below(idx + 1);
                        keys.swap(idx, other);
                    }
                }
                let twice = match &self.duplicate {
                    Some((object, key, extra)) if *object == self.objects => {
                        let key = keys[*key % keys.len()];
                        // A personal number before a clean text; before anything else, its own
                        // copy: the first value then is never refused for another reason.
                        let first = match &fields[key] {
                            Value::String(_) => extra.clone(),
                            other => other.clone(),
                        };
                        Some((key.clone(), first))
                    }
                    _ => None,
                };
                self.objects += 1;
                self.out.push('{');
                let mut first = true;
                for key in keys {
                    if let Some((twice_key, extra)) = &twice
                        && twice_key == key
                    {
                        self.entry(&mut first, key, extra);
                    }
                    self.entry(&mut first, key, &fields[key]);
                }
                self.out.push('}');
            }
            Value::Array(items) => {
                self.out.push('[');
                for (idx, item) in items.iter().enumerate() {
                    if idx > 0 {
                        self.out.push(',');
                        self.space();
                    }
                    self.write(item);
                }
                self.out.push(']');
            }
            other => self.out.push_str(&other.to_string()),
        }
    }

    fn entry(&mut self, first: &mut bool, key: &str, value: &Value) {
        if !*first {
            self.out.push(',');
        }
        *first = false;
        self.space();
        self.out
            .push_str(&Value::String(key.to_owned()).to_string());
        self.out.push(':');
        self.space();
        self.write(value);
    }

    fn space(&mut self) {
        if self.shuffle {
            let spaces = [" ", "\n", "\t", "\r\n", "  ", ""];
            let space = *self.rng.pick(&spaces);
            self.out.push_str(space);
        }
    }
}

/// A Danish CPR number, plain and as people (or a hostile tool) disguise it.
const PERSONAL_NUMBERS: [&str; 18] = [
    "010190-1234",
    "0101901234",
    "010190–1234",
    "010190\u{2011}1234",
    "010190\u{a0}1234",
    "010190_1234",
    "010190:1234",
    "010190,1234",
    "010190\t1234",
    "010190     1234",
    "0101\u{200b}90\u{200b}1234",
    "０１０１９０－１２３４",
    "٠١٠١٩٠-١٢٣٤",
    "०१०१९०-१२३४",
    "01.01.90-1234",
    "Ole, 010190 – 1234",
    "01019012345",
    "010190\u{2212}1234",
];

/// Characters a terminal acts on.
const CONTROLS: [&str; 8] = [
    "\u{1b}[2J",
    "\u{7}",
    "\u{0}",
    "\r",
    "\u{7f}",
    "\u{8}",
    "\u{9b}31m",
    "\u{1b}]0;x\u{7}",
];

/// The fields people type into, which can leave the device.
const FREE_TEXT: [&str; 15] = [
    "label",
    "unit",
    "facility",
    "comment",
    "own_words",
    "sub_goals",
    "what",
    "support",
    "how_often",
    "levels",
    "agreements",
    "reason",
    "raw",
    "store",
    "key",
];

/// The fields that hold ids.
const IDS: [&str; 4] = ["id", "citizen_id", "device_id", "export_id"];

/// A source file with a quarantined record, so its fields are targets too.
fn with_quarantine(mut file: Value) -> Value {
    file["payload"]["quarantine"] = json!([{
        "store": "citizens",
        "key": "citizens/broken-1",
        "reason": "malformed record: label: invalid type: integer `42`, expected a string",
        "quarantined_at": "2026-11-23T12:00:00+01:00",
        "raw": r#"{"schema_version":1,"label":42}"#,
    }]);
    mestring_core::testing::resign(&mut file);
    file
}

/// The pointers of `file` whose value `keep` accepts, by its field and value.
fn targets(file: &Value, keep: impl Fn(&str, &str, &Value) -> bool) -> Vec<String> {
    let mut all = Vec::new();
    nodes(file, "", &mut all);
    all.into_iter()
        .filter(|(pointer, value)| keep(pointer, field_of(pointer), value))
        .map(|(pointer, _)| pointer)
        .collect()
}

/// Pointers into records of the payload (not the header, not a response's `score`, which the reader
/// recomputes and never takes in).
fn in_records(pointer: &str) -> bool {
    pointer.starts_with("/payload/") && !pointer.contains("/score")
}

fn set(file: &mut Value, pointer: &str, value: Value) {
    *file
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = value;
}

/// A value no field of the type of `value` takes.
fn wrong_type(rng: &mut Rng, value: &Value) -> Value {
    let choices = match value {
        Value::String(_) => vec![json!(7), json!([]), json!({}), json!(true)],
        Value::Number(_) => vec![json!("7"), json!([7]), json!(true), json!({})],
        Value::Bool(_) => vec![json!("true"), json!(0), json!(null)],
        Value::Null => vec![json!(12345), json!([]), json!({"x": 1})],
        Value::Array(_) => vec![json!("[]"), json!(0), json!({})],
        Value::Object(_) => vec![json!("{}"), json!([]), json!(1)],
    };
    rng.pick(&choices).clone()
}

fn generate() -> Vec<Case> {
    let mut rng = Rng(SEED);
    let examples = main_examples();
    let mut sources: Vec<Value> = examples.iter().map(|(_, file)| file.clone()).collect();
    sources.push(with_quarantine(examples[0].1.clone()));
    let mut cases = Vec::new();
    let mut add = |kind: &'static str,
                   what: String,
                   bytes: Vec<u8>,
                   expect: Expect,
                   names: &'static [&'static str]| {
        cases.push(Case {
            kind,
            what,
            bytes,
            expect,
            names,
        });
    };

    for (idx, source) in sources.iter().enumerate() {
        add(
            "pristine",
            format!("source {idx}"),
            compact(source),
            Expect::Accepted,
            &[],
        );
    }
    let source = |rng: &mut Rng| rng.pick(&sources).clone();

    // Only the layout differs: read as it is.
    for _ in 0..20 {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(compact(&source(&mut rng)));
        add(
            "bom",
            "a byte-order mark".into(),
            bytes,
            Expect::Accepted,
            &[],
        );
    }
    for _ in 0..60 {
        let file = source(&mut rng);
        let mut writer = Writer {
            rng: &mut rng,
            shuffle: true,
            duplicate: None,
            objects: 0,
            out: String::new(),
        };
        writer.write(&file);
        let text = writer.out;
        add(
            "reordered",
            "keys shuffled, spaces between tokens".into(),
            text.into_bytes(),
            Expect::Accepted,
            &[],
        );
    }

    // Damaged on the way.
    for _ in 0..150 {
        let bytes = compact(&source(&mut rng));
        let cut = rng.below(bytes.len() - 1);
        add(
            "truncated",
            format!("cut at byte {cut}"),
            bytes[..cut].to_vec(),
            Expect::Refused,
            &[],
        );
    }
    for _ in 0..250 {
        let file = source(&mut rng);
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let payload = text.find("\"payload\"").unwrap_or(0);
        let candidates: Vec<usize> = (payload..bytes.len())
            .filter(|&idx| !bytes[idx].is_ascii_whitespace())
            .collect();
        let at = *rng.pick(&candidates);
        let replacements = b"0123456789xyz{}[],:\"\\-+.eE \xff\xc3";
        let mut byte = *rng.pick(replacements);
        if byte == bytes[at] {
            byte = b'#';
        }
        bytes[at] = byte;
        add(
            "byte_changed",
            format!("byte {at} of the pretty-printed file set to {byte:#04x}"),
            bytes,
            Expect::Refused,
            &[],
        );
    }
    for _ in 0..50 {
        let mut file = source(&mut rng);
        let value = file["checksum"]["value"].as_str().unwrap_or("").to_owned();
        let at = rng.below(value.len());
        let mut digits: Vec<char> = value.chars().collect();
        digits[at] = if digits[at] == '0' { '1' } else { '0' };
        file["checksum"]["value"] = json!(digits.into_iter().collect::<String>());
        add(
            "wrong_checksum",
            format!("checksum digit {at} changed"),
            compact(&file),
            Expect::Refused,
            &["checksum"],
        );
    }

    // Changed by a tool that made the checksum fit again.
    for _ in 0..350 {
        let mut file = source(&mut rng);
        // Not a quarantined record's `raw`, which holds whatever was found, in any type.
        let leaves = targets(&file, |pointer, field, value| {
            (in_records(pointer) || !pointer.starts_with("/payload"))
                && !pointer.is_empty()
                && !pointer.starts_with("/checksum")
                && field != "raw"
                && match value {
                    Value::Array(items) => items.is_empty(),
                    Value::Object(fields) => fields.is_empty(),
                    _ => true,
                }
        });
        let pointer = rng.pick(&leaves).clone();
        let old = file.pointer(&pointer).cloned().unwrap_or(Value::Null);
        let new = wrong_type(&mut rng, &old);
        set(&mut file, &pointer, new.clone());
        add(
            "wrong_type",
            format!("{pointer}: {old} → {new}"),
            resigned(file),
            Expect::Refused,
            &[],
        );
    }
    for _ in 0..40 {
        let mut file = source(&mut rng);
        let leaves = targets(&file, |pointer, _, _| in_records(pointer));
        let pointer = rng.pick(&leaves).clone();
        let depth = *rng.pick(&[129, 1_000, 100_000]);
        // Put in as text after signing: serde_json could not hold it as a `Value`.
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        set(&mut file, &pointer, json!("@@DEEP@@"));
        mestring_core::testing::resign(&mut file);
        let text = String::from_utf8(compact(&file))
            .unwrap_or_default()
            .replacen("\"@@DEEP@@\"", &deep, 1);
        add(
            "deep_nesting",
            format!("{pointer}: arrays {depth} deep"),
            text.into_bytes(),
            Expect::Refused,
            &["recursion"],
        );
    }
    for _ in 0..150 {
        let mut file = source(&mut rng);
        mestring_core::testing::resign(&mut file);
        let mut all = Vec::new();
        nodes(&file, "", &mut all);
        let objects = all
            .iter()
            .filter(|(_, value)| value.as_object().is_some_and(|fields| !fields.is_empty()))
            .count();
        let object = rng.below(objects);
        let key = rng.below(64);
        let extra = json!(*rng.pick(&PERSONAL_NUMBERS));
        let mut writer = Writer {
            rng: &mut rng,
            shuffle: false,
            duplicate: Some((object, key, extra)),
            objects: 0,
            out: String::new(),
        };
        writer.write(&file);
        let text = writer.out;
        add(
            "duplicate_key",
            format!("object {object}: key {key} given twice, first with a personal number"),
            text.into_bytes(),
            Expect::Refused,
            &["given twice"],
        );
    }

    // What the app refuses at input, put where a person types.
    for _ in 0..400 {
        let mut file = source(&mut rng);
        let fields = targets(&file, |pointer, field, value| {
            (pointer.starts_with("/payload/") || pointer == "/facility")
                && FREE_TEXT.contains(&field)
                && (value.is_string() || value.is_null())
        });
        let pointer = rng.pick(&fields).clone();
        let number = *rng.pick(&PERSONAL_NUMBERS);
        set(&mut file, &pointer, json!(number));
        add(
            "personal_number",
            format!("{pointer}: {number:?}"),
            resigned(file),
            Expect::Refused,
            &[],
        );
    }
    for _ in 0..120 {
        let mut file = source(&mut rng);
        let fields = targets(&file, |pointer, field, value| {
            (pointer.starts_with("/payload/") || pointer == "/facility")
                && FREE_TEXT.contains(&field)
                && field != "raw"
                && (value.is_string() || value.is_null())
        });
        let pointer = rng.pick(&fields).clone();
        let control = *rng.pick(&CONTROLS);
        let text = format!("Hus{control}1");
        set(&mut file, &pointer, json!(text));
        add(
            "control_character",
            format!("{pointer}: {text:?}"),
            resigned(file),
            Expect::Refused,
            &[],
        );
    }
    for _ in 0..30 {
        let mut file = source(&mut rng);
        let fields = targets(&file, |pointer, field, value| {
            pointer.starts_with("/payload/")
                && FREE_TEXT.contains(&field)
                && field != "raw"
                && value.is_string()
        });
        let pointer = rng.pick(&fields).clone();
        let size = *rng.pick(&[100_000, 1_000_000]);
        set(&mut file, &pointer, json!("ø".repeat(size)));
        add(
            "huge_text",
            format!("{pointer}: {size} characters"),
            resigned(file),
            Expect::Refused,
            &[],
        );
    }

    // What strict reading refuses.
    for _ in 0..30 {
        let mut file = source(&mut rng);
        let revisions = targets(&file, |pointer, field, _| {
            in_records(pointer) && field == "revision"
        });
        let pointer = rng.pick(&revisions).clone();
        set(&mut file, &pointer, json!(0));
        add(
            "revision_zero",
            pointer.clone(),
            resigned(file),
            Expect::Refused,
            &["revision"],
        );
    }
    for _ in 0..40 {
        let mut file = source(&mut rng);
        let numbers = targets(&file, |pointer, field, _| {
            in_records(pointer) && ["meeting", "round", "number"].contains(&field)
        });
        let pointer = rng.pick(&numbers).clone();
        set(&mut file, &pointer, json!(0));
        add(
            "number_zero",
            pointer.clone(),
            resigned(file),
            Expect::Refused,
            &["meeting", "round", "number", "goal"],
        );
    }
    for _ in 0..80 {
        let mut file = source(&mut rng);
        let dates = targets(&file, |pointer, field, value| {
            (in_records(pointer) || pointer == "/created_at")
                && value.is_string()
                && [
                    "date",
                    "created_at",
                    "updated_at",
                    "exported_at",
                    "agreed_on",
                    "quarantined_at",
                ]
                .contains(&field)
        });
        let pointer = rng.pick(&dates).clone();
        let old = file
            .pointer(&pointer)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let year = *rng.pick(&["2999", "9999", "0001", "1899", "2200", "0000"]);
        let new = format!("{year}{}", &old[4..]);
        set(&mut file, &pointer, json!(new));
        add(
            "implausible_date",
            format!("{pointer}: {new}"),
            resigned(file),
            Expect::Refused,
            &["plausible", "date", "timestamp"],
        );
    }
    for _ in 0..30 {
        let mut file = source(&mut rng);
        let created = targets(&file, |pointer, field, _| {
            in_records(pointer) && field == "created_at"
        });
        let pointer = rng.pick(&created).clone();
        let updated = pointer.replace("/created_at", "/updated_at");
        let created_at = file.pointer(&pointer).cloned().unwrap_or(Value::Null);
        set(&mut file, &updated, json!("2020-01-01T00:00:00+01:00"));
        add(
            "updated_before_created",
            format!("{updated} before {created_at}"),
            resigned(file),
            Expect::Refused,
            &["updated_at"],
        );
    }
    for _ in 0..20 {
        let mut file = source(&mut rng);
        let years = targets(&file, |pointer, field, _| {
            in_records(pointer) && field == "birth_year"
        });
        let pointer = rng.pick(&years).clone();
        let year = *rng.pick(&[2027, 2100, 2999, 65_535]);
        set(&mut file, &pointer, json!(year));
        add(
            "birth_year_future",
            format!("{pointer}: {year}"),
            resigned(file),
            Expect::Refused,
            &["birth", "year"],
        );
    }
    for _ in 0..100 {
        let mut file = source(&mut rng);
        let ids = targets(&file, |pointer, field, value| {
            (in_records(pointer) || !pointer.starts_with("/payload"))
                && IDS.contains(&field)
                && value.as_str().is_some_and(|id| id.len() == 36)
        });
        let pointer = rng.pick(&ids).clone();
        let id = file
            .pointer(&pointer)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let other = match rng.below(5) {
            0 => id.to_uppercase(),
            1 => format!("{{{id}}}"),
            2 => id.replace('-', ""),
            3 => format!("urn:uuid:{id}"),
            _ => format!(" {id}"),
        };
        // An id of only digits and hyphens has no uppercase: give it braces instead.
        let other = if other == id {
            format!("{{{id}}}")
        } else {
            other
        };
        set(&mut file, &pointer, json!(other));
        add(
            "uuid_not_canonical",
            format!("{pointer}: {other}"),
            resigned(file),
            Expect::Refused,
            &["UUID", "canonical", "id"],
        );
    }
    for version in [
        json!(-1),
        json!("2"),
        json!(2.0),
        Value::Null,
        json!(0),
        json!(4),
        json!(2),
        json!(1),
    ] {
        for _ in 0..4 {
            let mut file = source(&mut rng);
            file["format_version"] = version.clone();
            add(
                "format_version",
                format!("format_version {version}"),
                compact(&file),
                Expect::Refused,
                &["format_version", "format version", "not in format version"],
            );
        }
    }
    for list in [
        "citizens",
        "responses",
        "assessments",
        "plans",
        "quarantine",
    ] {
        for _ in 0..4 {
            let mut file = source(&mut rng);
            if let Some(payload) = file["payload"].as_object_mut() {
                payload.remove(list);
            }
            add(
                "list_missing",
                format!("payload.{list} removed"),
                resigned(file),
                Expect::Refused,
                &["payload"],
            );
        }
    }
    for _ in 0..20 {
        let mut file = source(&mut rng);
        if let Some(citizens) = file["payload"]["citizens"].as_array_mut() {
            citizens.clear();
        }
        add(
            "orphans",
            "every citizen removed".into(),
            resigned(file),
            Expect::Refused,
            &["citizen"],
        );
    }
    let not_exports: [&[u8]; 12] = [
        b"",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\xff\xfe{\x00}\x00",
        b"[]",
        b"null",
        b"42",
        b"\"mestring-export\"",
        b"{}",
        b"{\"format\":\"mestring-export\"}",
        b"{{{{{{{{",
        b"\xef\xbb\xbf\xef\xbb\xbf{}",
        b"\n\n\n   \t",
    ];
    for (idx, bytes) in not_exports.into_iter().enumerate() {
        for copy in 0..3 {
            add(
                "not_an_export",
                format!("not an export #{idx}.{copy}"),
                bytes.to_vec(),
                Expect::Refused,
                &[],
            );
        }
    }

    sealed_cases(&mut rng, &examples, &mut add);
    cases
}

/// Sealed files whose envelope is damaged or asks too much, and sealed files with a damaged export
/// inside. Sealed with the fewest iterations a reader takes: a test build spends seconds on the
/// writer's 600,000, and only the few files whose envelope is sound get that far.
fn sealed_cases(
    rng: &mut Rng,
    examples: &[(&str, Value)],
    add: &mut impl FnMut(&'static str, String, Vec<u8>, Expect, &'static [&'static str]),
) {
    let tablet_b = &examples[2].1;
    let seal = |inner: &[u8], salt: [u8; 16]| {
        mestring_core::testing::seal_cheaply(&String::from_utf8_lossy(inner), PASSPHRASE, salt)
    };
    let text = seal(&compact(tablet_b), [0x5a; 16]);
    let envelope: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"));
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend(text.as_bytes());
    add(
        "sealed_bom",
        "a sealed file after a byte-order mark".into(),
        bom,
        Expect::Accepted,
        &[],
    );
    let changes: Vec<(&str, Value)> = vec![
        ("/kdf/iterations", json!(0)),
        ("/kdf/iterations", json!(1)),
        ("/kdf/iterations", json!(sealed::MIN_ITERATIONS - 1)),
        ("/kdf/iterations", json!(sealed::MAX_ITERATIONS + 1)),
        ("/kdf/iterations", json!(50_000_000)),
        ("/kdf/iterations", json!(u32::MAX)),
        ("/kdf/iterations", json!(1_000_000_000_000_u64)),
        ("/kdf/iterations", json!(-1)),
        ("/kdf/iterations", json!("100000")),
        ("/kdf/iterations", Value::Null),
        ("/kdf/salt", json!("")),
        ("/kdf/salt", json!("AAAA")),
        ("/kdf/salt", json!("A".repeat(1_000_000))),
        ("/kdf/salt", json!("not base64!")),
        ("/kdf/name", json!("scrypt")),
        ("/cipher/name", json!("aes-128-gcm")),
        ("/cipher/nonce", json!("")),
        ("/cipher/nonce", json!("AAAAAAAAAAAAAAAAAAAAAA==")),
        ("/ciphertext", json!("")),
        ("/ciphertext", json!("!!!")),
        ("/format_version", json!(0)),
        ("/format_version", json!(2)),
        ("/format_version", json!(-1)),
        ("/kdf", json!("pbkdf2")),
        ("/cipher", Value::Null),
    ];
    for (pointer, value) in changes {
        let mut changed = envelope.clone();
        set(&mut changed, pointer, value.clone());
        let what = format!(
            "{pointer}: {}",
            value.to_string().chars().take(40).collect::<String>()
        );
        add(
            "sealed_envelope",
            what,
            compact(&changed),
            Expect::Refused,
            &[],
        );
    }
    // This one derives the key in full before the tag fails.
    let mut changed = envelope.clone();
    let mut ciphertext: Vec<char> = envelope["ciphertext"]
        .as_str()
        .unwrap_or("")
        .chars()
        .collect();
    ciphertext[100] = if ciphertext[100] == 'A' { 'B' } else { 'A' };
    changed["ciphertext"] = json!(ciphertext.into_iter().collect::<String>());
    add(
        "sealed_envelope",
        "ciphertext character 100 changed".into(),
        compact(&changed),
        Expect::Refused,
        &["passphrase"],
    );
    let twice = text.replacen(
        "\"iterations\":100000",
        "\"iterations\":1,\"iterations\":100000",
        1,
    );
    assert_ne!(twice, text);
    add(
        "sealed_envelope",
        "kdf.iterations given twice".into(),
        twice.into_bytes(),
        Expect::Refused,
        &["given twice"],
    );
    // A damaged export sealed: opening it must not make it trusted.
    let damaged: [(&str, Vec<u8>); 3] = [
        ("truncated inside", compact(tablet_b)[..500].to_vec()),
        ("a personal number in the unit", {
            let mut file = tablet_b.clone();
            file["payload"]["citizens"][0]["unit"] = json!("010190–1234");
            resigned(file)
        }),
        ("a key given twice", {
            String::from_utf8(compact(tablet_b))
                .unwrap_or_default()
                .replacen("\"label\":", "\"label\":\"010190-1234\",\"label\":", 1)
                .into_bytes()
        }),
    ];
    for (what, inner) in damaged {
        let salt = [rng.next() as u8; 16];
        add(
            "sealed_inner",
            format!("sealed: {what}"),
            seal(&inner, salt).into_bytes(),
            Expect::Refused,
            &[],
        );
    }
}

/// How a run ended.
struct Run {
    code: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args`, its output into files in `dir` (a pipe would block a large one),
/// killed after [`TIMEOUT`].
fn run(args: &[OsString], dir: &Path, tag: &str) -> Run {
    let (out, err) = (
        dir.join(format!("{tag}.stdout")),
        dir.join(format!("{tag}.stderr")),
    );
    let create = |path: &Path| fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    // Another build of the command can be tried with the same corpus (an older one, for figures).
    let binary = std::env::var_os("MESTRING_HOSTILE_BINARY").unwrap_or_else(|| BINARY.into());
    let mut child = Command::new(&binary)
        .args(args)
        .env("MESTRING_PASSPHRASE", PASSPHRASE)
        .stdin(Stdio::null())
        .stdout(create(&out))
        .stderr(create(&err))
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", binary.to_string_lossy()));
    let start = Instant::now();
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break (Some(status), false);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let read = |path: &Path| {
        let text = String::from_utf8_lossy(&fs::read(path).unwrap_or_default()).into_owned();
        let _ = fs::remove_file(path);
        text
    };
    Run {
        code: status.and_then(|status| status.code()),
        timed_out,
        stdout: read(&out),
        stderr: read(&err),
    }
}

/// What a command made of one file.
#[derive(Debug)]
enum Verdict {
    Accepted,
    Reported(String),
    /// A panic, a hang, a crash or output that makes no sense: always a failure.
    Broken(String),
}

fn broken(run: &Run) -> Option<String> {
    if run.timed_out {
        return Some(format!("no answer within {TIMEOUT:?}"));
    }
    if run.stderr.contains("panicked") || run.code == Some(101) {
        return Some(format!("panicked: {}", run.stderr.trim()));
    }
    match run.code {
        None => Some("killed by a signal (a crash or a stack overflow)".to_owned()),
        _ => None,
    }
}

/// The verdict of a command that read one file.
fn verdict(command: &str, run: &Run) -> Verdict {
    if let Some(reason) = broken(run) {
        return Verdict::Broken(reason);
    }
    match (command, run.code) {
        (_, Some(0)) if command == "import" || command == "merge" => {
            let summary: Value = match serde_json::from_str(&run.stdout) {
                Ok(summary) => summary,
                Err(err) => return Verdict::Broken(format!("no JSON summary: {err}")),
            };
            match summary["files"][0]["rejected"].as_array() {
                Some(rejected) if rejected.is_empty() => Verdict::Accepted,
                Some(rejected) => Verdict::Reported(Value::Array(rejected.clone()).to_string()),
                None => Verdict::Broken(format!("no rejected list: {summary}")),
            }
        }
        (_, Some(0)) => Verdict::Accepted,
        _ if run.stderr.trim().is_empty() => {
            Verdict::Broken("failed with nothing on standard error".to_owned())
        }
        _ => Verdict::Reported(run.stderr.clone()),
    }
}

/// `validate`'s verdicts on a batch: its line for each file, and the indented lines after it.
fn validate_verdicts(run: &Run, paths: &[PathBuf]) -> Vec<Verdict> {
    if let Some(reason) = broken(run) {
        return paths
            .iter()
            .map(|_| Verdict::Broken(reason.clone()))
            .collect();
    }
    let mut by_file: BTreeMap<String, String> = BTreeMap::new();
    let mut current = None;
    for line in run.stdout.lines() {
        if let Some(rest) = line.strip_prefix("  ")
            && let Some(file) = &current
        {
            by_file
                .entry(String::clone(file))
                .or_default()
                .push_str(rest);
            continue;
        }
        let Some((path, said)) = line.split_once(": ") else {
            continue;
        };
        by_file.insert(path.to_owned(), said.to_owned());
        current = Some(path.to_owned());
    }
    paths
        .iter()
        .map(|path| match by_file.get(&path.display().to_string()) {
            None => Verdict::Broken("no line for this file".to_owned()),
            Some(said) if said.starts_with("valid: ") => Verdict::Accepted,
            Some(said) => Verdict::Reported(said.clone()),
        })
        .collect()
}

#[test]
fn every_command_survives_the_hostile_corpus() {
    let started = Instant::now();
    let cases = generate();
    assert!(cases.len() >= 2_000, "only {} cases", cases.len());
    let dir = std::env::temp_dir().join(format!("mestring-hostile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    let paths: Vec<PathBuf> = cases
        .iter()
        .enumerate()
        .map(|(idx, case)| {
            let path = dir.join(format!("{idx:04}-{}.json", case.kind));
            fs::write(&path, &case.bytes).unwrap_or_else(|err| panic!("{err}"));
            path
        })
        .collect();

    // Jobs: `validate` on batches of small files and on each large one alone (so the 20 s bound stays
    // one file's, not a batch's), every other command on one file at a time (each stops at the first
    // file it cannot read, and each file needs its own verdict).
    let (large, small): (Vec<usize>, Vec<usize>) =
        (0..cases.len()).partition(|&idx| cases[idx].bytes.len() > LARGE_FILE);
    let mut jobs: Vec<(&str, Vec<usize>)> = small
        .chunks(VALIDATE_BATCH)
        .map(|batch| ("validate", batch.to_vec()))
        .chain(large.iter().map(|&idx| ("validate", vec![idx])))
        .collect();
    for command in &COMMANDS[1..] {
        jobs.extend((0..cases.len()).map(|idx| (*command, vec![idx])));
    }
    let next = AtomicUsize::new(0);
    let verdicts: Mutex<Vec<(&str, usize, Verdict)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let job = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(command, ref files)) = jobs.get(job) else {
                        break;
                    };
                    let tag = format!("run-{job}");
                    let mut args: Vec<OsString> = vec![command.into()];
                    if command == "merge" {
                        args.extend(["-o".into(), dir.join(format!("{tag}.merged.json")).into()]);
                    }
                    args.extend(files.iter().map(|&idx| paths[idx].clone().into_os_string()));
                    let ran = run(&args, &dir, &tag);
                    let _ = fs::remove_file(dir.join(format!("{tag}.merged.json")));
                    let found: Vec<Verdict> = if command == "validate" {
                        let batch: Vec<PathBuf> =
                            files.iter().map(|&idx| paths[idx].clone()).collect();
                        validate_verdicts(&ran, &batch)
                    } else {
                        vec![verdict(command, &ran)]
                    };
                    let mut verdicts = verdicts.lock().unwrap_or_else(|err| err.into_inner());
                    for (&idx, found) in files.iter().zip(found) {
                        verdicts.push((command, idx, found));
                    }
                }
            });
        }
    });
    let verdicts = verdicts.into_inner().unwrap_or_else(|err| err.into_inner());
    let _ = fs::remove_dir_all(&dir);

    // Count, and judge each verdict against what the case expects.
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for (command, idx, found) in &verdicts {
        let (command, idx) = (*command, *idx);
        let case = &cases[idx];
        let count = counts.entry(command).or_default();
        let problem = match (found, case.expect) {
            (Verdict::Broken(reason), _) => {
                count[2] += 1;
                Some(reason.clone())
            }
            (Verdict::Accepted, Expect::Accepted) => {
                count[0] += 1;
                None
            }
            (Verdict::Reported(reason), Expect::Accepted) => {
                count[1] += 1;
                Some(format!(
                    "refused a file that is only laid out differently: {reason}"
                ))
            }
            (Verdict::Accepted, Expect::Refused) => {
                count[0] += 1;
                Some("accepted silently".to_owned())
            }
            (Verdict::Reported(reason), Expect::Refused) => {
                count[1] += 1;
                let named = case.names.is_empty()
                    || case
                        .names
                        .iter()
                        .any(|name| reason.to_lowercase().contains(&name.to_lowercase()));
                (!named).then(|| {
                    format!(
                        "refused without naming the problem ({:?}): {reason}",
                        case.names
                    )
                })
            }
        };
        if let Some(problem) = problem {
            let reason: String = problem.chars().take(300).collect();
            failures.push(format!(
                "{command} {} [{}] {}: {reason}",
                paths[idx].display(),
                case.kind,
                case.what
            ));
        }
    }
    let mut report = format!(
        "hostile corpus: {} files ({} kinds), seed {SEED:#x}, {:.1} s\n",
        cases.len(),
        cases
            .iter()
            .map(|case| case.kind)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        started.elapsed().as_secs_f64()
    );
    for (command, [accepted, refused, broken]) in &counts {
        report.push_str(&format!(
            "  {command:<8} {} files: {accepted} accepted, {refused} refused or rejected, {broken} broken\n",
            accepted + refused + broken
        ));
    }
    let _ = std::io::stderr().write_all(report.as_bytes());
    // All of them, for a closer look: MESTRING_HOSTILE_FAILURES=path.
    if let Some(path) = std::env::var_os("MESTRING_HOSTILE_FAILURES") {
        let _ = fs::write(path, failures.join("\n"));
    }
    assert!(
        failures.is_empty(),
        "{} failures, first 40:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_passphrase_file_from_windows_notepad_opens_a_sealed_file() {
    let dir = std::env::temp_dir().join(format!("mestring-notepad-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    let passphrase = dir.join("passphrase.txt");
    // Notepad's UTF-8 starts with a byte-order mark, and its lines end in CR LF.
    fs::write(&passphrase, format!("\u{feff}{PASSPHRASE}\r\n"))
        .unwrap_or_else(|err| panic!("{err}"));
    let sealed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/tablet-b.sealed.json"
    );
    let output = Command::new(BINARY)
        .args(["validate", "--passphrase-file"])
        .arg(&passphrase)
        .arg(sealed)
        .env_remove("MESTRING_PASSPHRASE")
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let _ = fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains(": valid: 1 citizens"), "{stdout}");
}

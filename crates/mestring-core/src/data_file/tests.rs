//! What every format shares, shown on both: bundled files, lookups, and every bad file reported.

use expect_test::expect;

use crate::data_file::{DataFile, Registry, SourceFile, Version};
use crate::fit::Definition;
use crate::mastery::Schema;

/// Reads `minimal` with each `(from, to)` made once, as a format's tests edit one valid file:
/// `ok: <id> v<version>` and what `describe` adds when the result is valid, else the error's kind and every problem.
#[track_caller]
pub(crate) fn read_edited<T: DataFile>(
    minimal: &str,
    edit: &[(&str, &str)],
    describe: impl Fn(&T) -> String,
) -> String {
    let mut text = minimal.to_owned();
    for (from, to) in edit {
        assert!(text.contains(from), "{from:?} is not in the test file");
        text = text.replacen(from, to, 1);
    }
    match T::from_json("demo.json", &text) {
        Ok(valid) => format!(
            "ok: {} v{}{}",
            valid.id_str(),
            valid.version(),
            describe(&valid)
        ),
        Err(err) => format!("{:?}: {err}", err.kind()),
    }
}

/// Each `(id, version)` looked up, one line each: what was found, or the error's kind and message.
fn lookups<T: DataFile>(registry: &Registry<T>, ids: &[(&str, Option<u16>)]) -> String {
    let lines: Vec<String> = ids
        .iter()
        .map(|(id, version)| {
            let res = registry
                .get(*id, version.map(Version::new))
                .map(|found| format!("{} v{}", found.id_str(), found.version()))
                .unwrap_or_else(|err| format!("{:?}: {err}", err.kind()));
            format!("{id} {version:?}: {res}")
        })
        .collect();
    lines.join("\n") + "\n"
}

/// Loads the first bundled file twice and a broken one.
fn load_a_copy_and_a_broken_file<T: DataFile>() -> String {
    let broken = SourceFile {
        name: "broken.json",
        text: "{",
    };
    match Registry::<T>::load(&[T::BUNDLED[0], T::BUNDLED[0], broken]) {
        Ok(_) => "loaded".to_owned(),
        Err(err) => err.to_string(),
    }
}

/// The `.json` files in `assets/<dir>` beside the names of the bundled ones, both sorted.
fn on_disk_and_listed<T: DataFile>(dir: &str) -> (Vec<String>, Vec<String>) {
    let dir = format!("{}/../../assets/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{dir}: {err}"))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    crate::sort::ascending(&mut on_disk);
    let mut listed: Vec<String> = T::BUNDLED.iter().map(|file| file.name.to_owned()).collect();
    crate::sort::ascending(&mut listed);
    (on_disk, listed)
}

#[test]
fn every_bundled_file_is_listed() {
    let (on_disk, listed) = on_disk_and_listed::<Definition>("instruments");
    assert_eq!(
        on_disk, listed,
        "add each file in assets/instruments to Definition::BUNDLED"
    );
    let (on_disk, listed) = on_disk_and_listed::<Schema>("schemas");
    assert_eq!(
        on_disk, listed,
        "add each file in assets/schemas to Schema::BUNDLED"
    );
}

#[test]
fn lookups_name_what_is_known() {
    let instruments = Registry::<Definition>::bundled().unwrap();
    let ids = [
        ("ors", None),
        ("ors", Some(1)),
        ("ors", Some(2)),
        ("oq45", None),
    ];
    expect![[r#"
        ors None: ors v1
        ors Some(1): ors v1
        ors Some(2): UnknownVersion: ors has no version 2 (known: 1)
        oq45 None: UnknownId: unknown instrument "oq45" (known: cors, csrs, gsrs, ors, srs, ycors, ycsrs)
    "#]]
    .assert_eq(&lookups(&instruments, &ids));
    let schemas = Registry::<Schema>::bundled().unwrap();
    let ids = [
        ("mastery", None),
        ("mastery", Some(1)),
        ("mastery", Some(2)),
        ("mastery", Some(3)),
        ("outcome_star", None),
    ];
    expect![[r#"
        mastery None: mastery v2
        mastery Some(1): mastery v1
        mastery Some(2): mastery v2
        mastery Some(3): UnknownVersion: mastery has no version 3 (known: 1, 2)
        outcome_star None: UnknownId: unknown schema "outcome_star" (known: ffb_function, mastery)
    "#]]
    .assert_eq(&lookups(&schemas, &ids));
}

#[test]
fn every_bad_file_is_reported() {
    expect![[r#"ors.json: id: ors version 1 is also defined in ors.json | broken.json: EOF while parsing an object at line 1 column 1"#]]
        .assert_eq(&load_a_copy_and_a_broken_file::<Definition>());
    expect!["mastery-default.json: id: mastery version 1 is also defined in mastery-default.json | broken.json: EOF while parsing an object at line 1 column 1"]
        .assert_eq(&load_a_copy_and_a_broken_file::<Schema>());
}

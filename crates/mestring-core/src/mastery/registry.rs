//! The mastery schemas that ship with the product, and lookup by id and version.
//!
//! Adding a schema takes a data file and one line in [`BUNDLED`]; a new edition of a schema is a new file with a higher version,
//! and the old file stays, so assessments rated on it are still scored on the ladder they were rated on.

use crate::data_file::{LoadErrors, Missing, SourceFile, Versioned, find, load_all};
use crate::fit::definition::Version;
use crate::mastery::schema::{Schema, SchemaError, SchemaId};

macro_rules! bundled {
    ($name:literal) => {
        SourceFile {
            name: $name,
            text: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../assets/schemas/",
                $name
            )),
        }
    };
}

/// Every schema file shipped with the product, the default first.
pub const BUNDLED: &[SourceFile<'static>] = &[
    bundled!("mastery-default.json"),
    bundled!("ffb-function.json"),
];

/// A set of validated schemas, at most one per id and version.
#[derive(Clone, Debug, PartialEq)]
pub struct Registry {
    schemas: Vec<Schema>,
}

impl Registry {
    /// The schemas that ship with the product. A test loads them, so this fails only on a broken build.
    pub fn bundled() -> Result<Registry, RegistryError> {
        Registry::load(BUNDLED)
    }

    /// Parses and validates every file, reporting each bad one rather than stopping at the first.
    pub fn load(files: &[SourceFile<'_>]) -> Result<Registry, RegistryError> {
        let schemas = load_all(files, Schema::from_json, |file, schema, other| {
            SchemaError::duplicate(file, schema.id(), schema.version(), other)
        })?;
        Ok(Registry { schemas })
    }

    pub fn schemas(&self) -> &[Schema] {
        &self.schemas
    }

    /// The schema `id` in the given version, or in its latest version when `version` is `None`.
    /// An assessment always names its version, so it is scored on the edition it was rated on.
    pub fn get(&self, id: &SchemaId, version: Option<Version>) -> Result<&Schema, LookupError> {
        find(&self.schemas, id.as_str(), version).map_err(|missing| {
            let (kind, known) = match missing {
                Missing::Id { known } => (LookupErrorKind::UnknownSchema, known),
                Missing::Version { known } => (LookupErrorKind::UnknownVersion, known),
            };
            LookupError {
                kind,
                id: id.clone(),
                version,
                known,
            }
        })
    }
}

impl Versioned for Schema {
    fn id_str(&self) -> &str {
        self.id().as_str()
    }

    fn version(&self) -> Version {
        Schema::version(self)
    }
}

/// Every schema file that failed, each with its own problems.
pub type RegistryError = LoadErrors<SchemaError>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupErrorKind {
    UnknownSchema,
    UnknownVersion,
}

/// A schema or version this registry does not have; the message lists what it does have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct LookupError {
    kind: LookupErrorKind,
    id: SchemaId,
    version: Option<Version>,
    known: Vec<String>,
}

impl LookupError {
    pub fn kind(&self) -> LookupErrorKind {
        self.kind
    }
}

fn describe(err: &LookupError) -> String {
    let known = err.known.join(", ");
    match (err.kind, err.version) {
        (LookupErrorKind::UnknownSchema, _) => {
            format!("unknown schema {:?} (known: {known})", err.id.as_str())
        }
        (LookupErrorKind::UnknownVersion, Some(version)) => {
            format!("{} has no version {version} (known: {known})", err.id)
        }
        (LookupErrorKind::UnknownVersion, None) => format!("{} has no versions", err.id),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::lang::Lang;

    #[track_caller]
    fn check(registry: &Registry, id: &str, version: Option<u16>, expect: Expect) {
        let res = registry
            .get(&SchemaId::new(id), version.map(Version::new))
            .map(|schema| format!("{} v{}", schema.id(), schema.version()))
            .map_err(|err| format!("{:?}: {err}", err.kind()));
        expect.assert_debug_eq(&res);
    }

    #[test]
    fn every_bundled_schema_loads_and_validates() {
        let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
        let mut lines = Vec::new();
        for schema in registry.schemas() {
            let ladder = schema.ladder();
            lines.push(format!(
                "{} v{} rated by {:?}, {:?} {}–{} (higher is {:?}), {} stages, {} domains, en: {:?}",
                schema.id(),
                schema.version(),
                schema
                    .rated_by()
                    .iter()
                    .map(|rater| rater.code())
                    .collect::<Vec<_>>(),
                ladder.kind(),
                ladder.min(),
                ladder.max(),
                ladder.higher_is(),
                ladder.stages().len(),
                schema.domains().len(),
                schema.title().get(Lang::En),
            ));
            for stage in ladder.stages() {
                lines.push(format!(
                    "  {}–{} {:?} / {:?}{}",
                    stage.from(),
                    stage.to(),
                    stage.label().get(Lang::Da),
                    stage.label().get(Lang::En),
                    match stage.code() {
                        Some(code) =>
                            format!(" code {:?} verified {}", code.code(), code.verified()),
                        None => String::new(),
                    }
                ));
            }
            for domain in schema.domains() {
                lines.push(format!(
                    "  {} {:?} ({} {:?} verified {})",
                    domain.id(),
                    domain.title().get(Lang::En),
                    schema.code_system(),
                    domain.code().code(),
                    domain.code().verified(),
                ));
            }
        }
        expect![[r#"
            mastery v1 rated by ["self", "staff", "parent"], Steps 1–10 (higher is Better), 5 stages, 9 domains, en: "My life right now"
              1–2 "Det er svært lige nu" / "It is hard right now"
              3–4 "Jeg vil gerne have en forandring" / "I would like things to change"
              5–6 "Jeg er i gang" / "I have made a start"
              7–8 "Det går for det meste" / "Mostly it works"
              9–10 "Det er på plads" / "It is in place"
              self_care "Taking care of myself" (urn:oid:1.2.208.176.2.22 "Egenomsorg" verified false)
              home "Practical tasks at home" (urn:oid:1.2.208.176.2.22 "Praktiske opgaver" verified false)
              getting_around "Getting around" (urn:oid:1.2.208.176.2.22 "Mobilitet" verified false)
              talking "Talking with others" (urn:oid:1.2.208.176.2.22 "Kommunikation" verified false)
              relationships "Relationships" (urn:oid:1.2.208.176.2.22 "Relationer" verified false)
              community "Work, school and community" (urn:oid:1.2.208.176.2.22 "Samfundsliv" verified false)
              mental_health "Mental health" (urn:oid:1.2.208.176.2.22 "Mentale funktioner" verified false)
              physical_health "Physical health" (urn:oid:1.2.208.176.2.22 "Sundhedsforhold" verified false)
              surroundings "My surroundings" (urn:oid:1.2.208.176.2.22 "Omgivelser" verified false)
            ffb_function v1 rated by ["staff"], FunctionLevel 0–4 (higher is Worse), 5 stages, 8 domains, en: "Level of functioning (FFB)"
              0–0 "Ingen nedsat funktionsevne" / "No reduced functioning" code "Ingen nedsat funktionsevne" verified false
              1–1 "Let nedsat funktionsevne" / "Mildly reduced functioning" code "Let nedsat funktionsevne" verified false
              2–2 "Moderat nedsat funktionsevne" / "Moderately reduced functioning" code "Moderat nedsat funktionsevne" verified false
              3–3 "Svært nedsat funktionsevne" / "Severely reduced functioning" code "Svært nedsat funktionsevne" verified false
              4–4 "Fuldstændig nedsat funktionsevne" / "Completely reduced functioning" code "Fuldstændig nedsat funktionsevne" verified false
              self_care "Self-care" (urn:oid:1.2.208.176.2.22 "Egenomsorg" verified false)
              home "Practical tasks" (urn:oid:1.2.208.176.2.22 "Praktiske opgaver" verified false)
              getting_around "Mobility" (urn:oid:1.2.208.176.2.22 "Mobilitet" verified false)
              talking "Communication" (urn:oid:1.2.208.176.2.22 "Kommunikation" verified false)
              relationships "Relationships" (urn:oid:1.2.208.176.2.22 "Relationer" verified false)
              community "Community life" (urn:oid:1.2.208.176.2.22 "Samfundsliv" verified false)
              mental_health "Mental functions" (urn:oid:1.2.208.176.2.22 "Mentale funktioner" verified false)
              physical_functions "Physical functions" (urn:oid:1.2.208.176.2.22 "Fysiske funktioner" verified false)
        "#]].assert_eq(&(lines.join("\n") + "\n"));
    }

    #[test]
    fn every_bundled_file_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/schemas");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = BUNDLED.iter().map(|file| file.name).collect();
        listed.sort();
        assert_eq!(
            on_disk, listed,
            "add each file in assets/schemas to BUNDLED"
        );
    }

    #[test]
    fn lookups_name_what_is_known() {
        let registry = Registry::bundled().unwrap();
        check(
            &registry,
            "mastery",
            None,
            expect![[r#"
            Ok(
                "mastery v1",
            )
        "#]],
        );
        check(
            &registry,
            "mastery",
            Some(1),
            expect![[r#"
            Ok(
                "mastery v1",
            )
        "#]],
        );
        check(
            &registry,
            "mastery",
            Some(2),
            expect![[r#"
            Err(
                "UnknownVersion: mastery has no version 2 (known: 1)",
            )
        "#]],
        );
        check(
            &registry,
            "outcome_star",
            None,
            expect![[r#"
            Err(
                "UnknownSchema: unknown schema \"outcome_star\" (known: ffb_function, mastery)",
            )
        "#]],
        );
    }

    #[test]
    fn every_bad_file_is_reported() {
        let res = Registry::load(&[
            BUNDLED[0],
            BUNDLED[0],
            SourceFile {
                name: "broken.json",
                text: "{",
            },
        ]);
        expect!["mastery-default.json: id: mastery version 1 is also defined in mastery-default.json | broken.json: EOF while parsing an object at line 1 column 1"].assert_eq(&res.unwrap_err().to_string());
    }
}

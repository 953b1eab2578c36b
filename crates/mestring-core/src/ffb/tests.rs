use std::path::Path;

use expect_test::expect;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::*;

/// KL's file, as kept in the repository: read only here, to check what was generated from it.
const CODE_SYSTEM: &str = include_str!("../../../../assets/ffb/CodeSystem-FFB.json");

/// The concept with `code` anywhere in KL's tree, with the code of its parent.
fn find<'a>(
    concepts: &'a [Value],
    code: &str,
    parent: Option<&'a str>,
) -> Option<(&'a Value, Option<&'a str>)> {
    concepts.iter().find_map(|concept| {
        if concept["code"] == code {
            return Some((concept, parent));
        }
        let children = concept["concept"].as_array()?;
        find(children, code, concept["code"].as_str())
    })
}

fn code_system() -> Value {
    serde_json::from_str(CODE_SYSTEM).unwrap()
}

fn top(code_system: &Value, display: &str) -> Value {
    code_system["concept"]
        .as_array()
        .unwrap()
        .iter()
        .find(|concept| concept["display"] == display)
        .unwrap()
        .clone()
}

fn codes_below(concept: &Value) -> Vec<String> {
    let mut codes = Vec::new();
    for child in concept["concept"].as_array().into_iter().flatten() {
        codes.push(child["code"].as_str().unwrap().to_owned());
        codes.extend(codes_below(child));
    }
    codes
}

#[test]
fn the_terms_are_the_ones_in_kl_s_file_it_says_it_came_from() {
    let code_system = code_system();
    let source = source();
    assert_eq!(
        format!("{:x}", Sha256::digest(CODE_SYSTEM.as_bytes())),
        source.sha256,
        "assets/ffb/CodeSystem-FFB.json changed: run node scripts/ffb-data.mjs"
    );
    assert_eq!(
        (code_system["url"].as_str(), source.system),
        (Some(SYSTEM), SYSTEM)
    );
    assert_eq!(code_system["version"].as_str(), Some(source.version));
    let concepts = code_system["concept"].as_array().unwrap();

    // Each term with its code, display and place in the tree.
    for condition in conditions() {
        let (concept, parent) = find(concepts, condition.term.code, None)
            .unwrap_or_else(|| panic!("{} is not in KL's file", condition.term.id));
        assert_eq!(
            concept["display"], condition.term.display,
            "{}",
            condition.term.id
        );
        let expected_parent = condition.parent().map(|parent| parent.term.code);
        match condition.rank {
            Rank::Group => assert_eq!(
                parent,
                Some(top(&code_system, "FFB tilstande")["code"].as_str().unwrap())
            ),
            _ => assert_eq!(parent, expected_parent, "{}", condition.term.id),
        }
    }
    let levels = [
        ("Funktionsevneniveau", function_levels()),
        ("Støttebehovsniveau", support_levels()),
    ];
    for (branch, levels) in levels {
        let branch = top(&code_system, branch);
        let mut ours: Vec<&str> = levels.iter().map(|level| level.term.code).collect();
        let mut kl_s = codes_below(&branch);
        crate::sort::ascending(&mut ours);
        crate::sort::ascending(&mut kl_s);
        assert_eq!(ours, kl_s, "{}", branch["display"]);
        for level in levels {
            let (concept, _) = find(concepts, level.term.code, None).unwrap();
            assert_eq!(concept["display"], level.term.display);
        }
    }
    let mut ours: Vec<&str> = goal_types().iter().map(|term| term.code).collect();
    let mut kl_s = codes_below(&top(&code_system, "Måltype"));
    crate::sort::ascending(&mut ours);
    crate::sort::ascending(&mut kl_s);
    assert_eq!(ours, kl_s, "Måltype");
    for term in goal_types() {
        assert_eq!(
            find(concepts, term.code, None).unwrap().0["display"],
            term.display
        );
    }

    // Nothing of the tree is left out.
    let mut ours: Vec<&str> = conditions()
        .iter()
        .map(|condition| condition.term.code)
        .collect();
    let mut kl_s = codes_below(&top(&code_system, "FFB tilstande"));
    crate::sort::ascending(&mut ours);
    crate::sort::ascending(&mut kl_s);
    assert_eq!(ours, kl_s, "FFB tilstande");
}

#[test]
fn the_conditions_rated_with_a_level_are_those_of_activity_and_participation() {
    let group = condition(LEVELLED_GROUP).unwrap();
    assert_eq!(group.rank, Rank::Group);
    let themes: Vec<String> = conditions()
        .iter()
        .filter(|condition| condition.rank == Rank::Theme && condition.is_levelled())
        .map(|theme| {
            let sub_themes = conditions()
                .iter()
                .filter(|sub_theme| {
                    sub_theme.parent().map(|parent| parent.term.id) == Some(theme.term.id)
                })
                .count();
            format!("{} ({sub_themes})", theme.term.display)
        })
        .collect();
    expect!["Relationer (3), Kommunikation (4), Mobilitet (4), Egenomsorg (9), Samfundsliv (5), Praktiske opgaver (6)"]
        .assert_eq(&themes.join(", "));
    assert!(levelled_sub_theme("varetage_oekonomi").is_some());
    assert_eq!(levelled_sub_theme("samfundsliv"), None, "a theme");
    assert_eq!(
        levelled_sub_theme("hukommelse"),
        None,
        "of Funktioner og forhold"
    );
    assert_eq!(
        levelled_sub_theme("haandtere_post")
            .and_then(Condition::theme)
            .map(|theme| theme.term.display),
        Some("Samfundsliv")
    );
}

#[test]
fn every_term_the_app_shows_has_a_gloss() {
    let shown = conditions()
        .iter()
        .filter(|condition| condition.rank != Rank::Group && condition.is_levelled())
        .map(Condition::term)
        .chain(function_levels().iter().map(Level::term))
        .chain(goal_types());
    for term in shown {
        assert!(term.gloss(Lang::En).is_some(), "{} has no gloss", term.id);
        assert_eq!(term.gloss(Lang::Da), None);
        assert_eq!(term.texts().unwrap().get(Lang::Da), term.display);
    }
}

#[test]
fn levels_run_from_none_to_complete_and_not_assessed_has_none() {
    let levels: Vec<String> = function_levels()
        .iter()
        .map(|level| format!("{:?} {}", level.level, level.term.display))
        .collect();
    expect![[r#"
        Some(0) Ingen nedsat funktionsevne
        Some(1) Let nedsat funktionsevne
        Some(2) Moderat nedsat funktionsevne
        Some(3) Svært nedsat funktionsevne
        Some(4) Fuldstændig nedsat funktionsevne
        None Ikke vurderet"#]]
    .assert_eq(&levels.join("\n"));
    assert_eq!(
        function_level(Some(FunctionLevel::new(MAX_LEVEL)))
            .unwrap()
            .term
            .id,
        "fuldstaendig_nedsat_funktionsevne"
    );
    assert_eq!(function_level(None).unwrap().term.id, "ikke_vurderet");
    assert_eq!(function_level(Some(FunctionLevel::new(5))), None);
    let goal_types: Vec<&str> = goal_types().iter().map(Term::display).collect();
    assert_eq!(
        goal_types,
        [
            "Udvikle funktionsevne",
            "Fastholde funktionsevne",
            "Begrænse tab af funktionsevne"
        ]
    );
}

/// Every FFB coding written into the docs' examples and the fixtures (`{"system": FFB, "code", "display"}`, as
/// FHIR writes them), checked against the terms: a code FFB lacks, or a display that differs, fails here.
#[test]
fn every_ffb_coding_in_the_examples_and_fixtures_is_kl_s() {
    fn check(value: &Value, file: &Path, n_codings: &mut usize) {
        match value {
            Value::Object(object) => {
                if object.get("system").and_then(Value::as_str) == Some(SYSTEM) {
                    let code = object["code"].as_str().unwrap_or_default();
                    let term = all_terms()
                        .find(|term| term.code == code)
                        .unwrap_or_else(|| {
                            panic!(
                                "{}: FFB code {code} is not in the code system",
                                file.display()
                            )
                        });
                    if let Some(display) = object.get("display") {
                        assert_eq!(display, term.display, "{}: {code}", file.display());
                    }
                    *n_codings += 1;
                }
                object
                    .values()
                    .for_each(|value| check(value, file, n_codings));
            }
            Value::Array(values) => values
                .iter()
                .for_each(|value| check(value, file, n_codings)),
            _ => {}
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut n_codings = 0;
    for dir in ["docs/examples", "tests/fixtures"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                if let Ok(value) = serde_json::from_str::<Value>(&text) {
                    check(&value, &path, &mut n_codings);
                }
            }
        }
    }
    // The course example's FHIR bundle: conditions, levels and goal types.
    assert!(n_codings >= 20, "{n_codings}");
}

fn all_terms() -> impl Iterator<Item = &'static Term> {
    conditions()
        .iter()
        .map(Condition::term)
        .chain(function_levels().iter().map(Level::term))
        .chain(support_levels().iter().map(Level::term))
        .chain(goal_types())
}

//! Every bundled schema file, read as the product reads it.

use expect_test::expect;

use super::*;
use crate::lang::Lang;

#[test]
fn every_bundled_schema_loads_and_validates() {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let mut lines = Vec::new();
    for schema in registry.all() {
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
                    Some(code) => format!(" code {:?} verified {}", code.code(), code.verified()),
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

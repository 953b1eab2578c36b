//! Every bundled schema file, read as the product reads it.

use expect_test::expect;

use super::*;
use crate::ffb::{Rank, TermId};
use crate::lang::Lang;
use crate::mastery::schema::{LadderKind, SchemaId};

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
                match stage.ffb() {
                    Some(level) => format!(" ffb {level}"),
                    None => String::new(),
                }
            ));
        }
        for domain in schema.domains() {
            let ffb: Vec<&str> = domain.ffb().iter().map(TermId::as_str).collect();
            lines.push(format!(
                "  {} {:?} ffb {}",
                domain.id(),
                domain.title().get(Lang::En),
                ffb.join(", "),
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
          self_care "Taking care of myself" ffb egenomsorg
          home "Practical tasks at home" ffb praktiske_opgaver
          getting_around "Getting around" ffb mobilitet
          talking "Talking with others" ffb kommunikation
          relationships "Relationships" ffb relationer
          community "Work, school and community" ffb samfundsliv
          mental_health "Mental health" ffb mentale_funktioner
          physical_health "Physical health" ffb sundhedsforhold
          surroundings "My surroundings" ffb omgivelser
        mastery v2 rated by ["self", "staff", "parent"], Steps 1–10 (higher is Better), 5 stages, 9 domains, en: "My life right now"
          1–2 "Det er svært lige nu" / "It is hard right now"
          3–4 "Jeg vil gerne have en forandring" / "I would like things to change"
          5–6 "Jeg er i gang" / "I have made a start"
          7–8 "Det går for det meste" / "Mostly it works"
          9–10 "Det er på plads" / "It is in place"
          self_care "Taking care of myself" ffb egenomsorg
          home "Practical tasks at home" ffb praktiske_opgaver
          getting_around "Getting around" ffb mobilitet
          talking "Talking with others" ffb kommunikation
          relationships "People and communities" ffb relationer
          community "Work, education and money" ffb samfundsliv
          mental_health "Mental health" ffb mentale_funktioner
          physical_health "Physical health" ffb sundhedsforhold, fysiske_funktioner
          surroundings "My surroundings" ffb omgivelser
        ffb_function v1 rated by ["staff"], FunctionLevel 0–4 (higher is Worse), 5 stages, 8 domains, en: "Level of functioning (FFB)"
          0–0 "Ingen nedsat funktionsevne" / "No reduced functioning" ffb ingen_nedsat_funktionsevne
          1–1 "Let nedsat funktionsevne" / "Mildly reduced functioning" ffb let_nedsat_funktionsevne
          2–2 "Moderat nedsat funktionsevne" / "Moderately reduced functioning" ffb moderat_nedsat_funktionsevne
          3–3 "Svært nedsat funktionsevne" / "Severely reduced functioning" ffb svaert_nedsat_funktionsevne
          4–4 "Fuldstændig nedsat funktionsevne" / "Completely reduced functioning" ffb fuldstaendig_nedsat_funktionsevne
          self_care "Self-care" ffb egenomsorg
          home "Practical tasks" ffb praktiske_opgaver
          getting_around "Mobility" ffb mobilitet
          talking "Communication" ffb kommunikation
          relationships "Relationships" ffb relationer
          community "Community life" ffb samfundsliv
          mental_health "Mental functions" ffb mentale_funktioner
          physical_functions "Physical functions" ffb fysiske_funktioner
        ffb_function v2 rated by ["staff"], FunctionLevel 0–4 (higher is Worse), 5 stages, 31 domains, en: "Level of functioning (FFB)"
          0–0 "Ingen nedsat funktionsevne" / "No reduced functioning" ffb ingen_nedsat_funktionsevne
          1–1 "Let nedsat funktionsevne" / "Mildly reduced functioning" ffb let_nedsat_funktionsevne
          2–2 "Moderat nedsat funktionsevne" / "Moderately reduced functioning" ffb moderat_nedsat_funktionsevne
          3–3 "Svært nedsat funktionsevne" / "Severely reduced functioning" ffb svaert_nedsat_funktionsevne
          4–4 "Fuldstændig nedsat funktionsevne" / "Completely reduced functioning" ffb fuldstaendig_nedsat_funktionsevne
          vaske_sig "Washing oneself" ffb vaske_sig
          pleje_sin_krop "Caring for one's body" ffb pleje_sin_krop
          gaa_paa_toilettet "Using the toilet" ffb gaa_paa_toilettet
          klaede_sig_af_og_paa "Dressing and undressing" ffb klaede_sig_af_og_paa
          spise "Eating" ffb spise
          drikke "Drinking" ffb drikke
          varetage_egen_sundhed "Looking after one's health" ffb varetage_egen_sundhed
          varetage_sin_seksualitet "Looking after one's sexuality" ffb varetage_sin_seksualitet
          dyrke_interesse "Pursuing an interest" ffb dyrke_interesse
          koebe_ind "Shopping" ffb koebe_ind
          lave_mad "Cooking" ffb lave_mad
          goere_rent "Cleaning" ffb goere_rent
          vaske_toej "Doing laundry" ffb vaske_toej
          passe_ejendele "Looking after belongings" ffb passe_ejendele
          udvise_hjaelp_og_omsorg_for_andre "Helping and caring for others" ffb udvise_hjaelp_og_omsorg_for_andre
          gaa_og_bevaege_sig "Walking and moving about" ffb gaa_og_bevaege_sig
          aendre_og_opretholde_kropsstilling "Changing and keeping a body position" ffb aendre_og_opretholde_kropsstilling
          baere_flytte_og_haandtere_genstande "Carrying, moving and handling objects" ffb baere_flytte_og_haandtere_genstande
          faerdes_med_transportmidler "Using transport" ffb faerdes_med_transportmidler
          samtale "Conversation" ffb samtale
          forstaa_meddelelser "Understanding messages" ffb forstaa_meddelelser
          fremstille_meddelelser "Expressing messages" ffb fremstille_meddelelser
          anvende_kommunikationsudstyr_og_teknikker "Using communication devices and techniques" ffb anvende_kommunikationsudstyr_og_teknikker
          indgaa_i_samspil_og_kontakt "Interacting and keeping in contact with others" ffb indgaa_i_samspil_og_kontakt
          varetage_relationer_til_netvaerk "Keeping up relations with one's network" ffb varetage_relationer_til_netvaerk
          deltage_i_sociale_faellesskaber_og_fritidsaktiviteter "Taking part in social groups and leisure activities" ffb deltage_i_sociale_faellesskaber_og_fritidsaktiviteter
          varetage_oekonomi "Managing money" ffb varetage_oekonomi
          haandtere_post "Handling post" ffb haandtere_post
          varetage_bolig "Managing one's housing" ffb varetage_bolig
          varetage_beskaeftigelse "Managing work" ffb varetage_beskaeftigelse
          varetage_uddannelse "Managing education" ffb varetage_uddannelse
    "#]].assert_eq(&(lines.join("\n") + "\n"));
}

#[test]
fn the_ffb_schema_rates_the_sub_themes_kl_levels_grouped_by_theme() {
    let registry = Registry::bundled().unwrap();
    let schema = registry.get(&SchemaId::new("ffb_function"), None).unwrap();
    assert_eq!(schema.ladder().kind(), LadderKind::FunctionLevel);
    let mut themes: Vec<&str> = Vec::new();
    for domain in schema.domains() {
        let [condition] = domain.conditions().collect::<Vec<_>>()[..] else {
            panic!("{} names more than one condition", domain.id());
        };
        assert_eq!(condition.rank(), Rank::SubTheme, "{}", domain.id());
        assert!(condition.is_levelled(), "{}", domain.id());
        assert_eq!(domain.id().as_str(), condition.term().id());
        let theme = condition.theme().unwrap().term().id();
        if themes.last() != Some(&theme) {
            assert!(!themes.contains(&theme), "{theme} is split");
            themes.push(theme);
        }
    }
    let grouped: Vec<String> = schema
        .by_theme()
        .iter()
        .map(|(theme, domains)| format!("{} {}", theme.term().display(), domains.len()))
        .collect();
    expect!["Egenomsorg 9, Praktiske opgaver 6, Mobilitet 4, Kommunikation 4, Relationer 3, Samfundsliv 5"]
        .assert_eq(&grouped.join(", "));
    let n_levelled = crate::ffb::conditions()
        .iter()
        .filter(|condition| condition.rank() == Rank::SubTheme && condition.is_levelled())
        .count();
    assert_eq!(schema.domains().len(), n_levelled, "every one of them");
}

#[test]
fn the_citizen_schema_names_the_themes_each_area_touches() {
    let registry = Registry::bundled().unwrap();
    let schema = registry.get(&SchemaId::new("mastery"), None).unwrap();
    for domain in schema.domains() {
        for condition in domain.conditions() {
            assert_eq!(condition.rank(), Rank::Theme, "{}", domain.id());
        }
    }
}

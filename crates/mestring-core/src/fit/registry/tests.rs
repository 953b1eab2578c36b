//! Every bundled instrument file, read as the product reads it.

use expect_test::expect;

use super::*;
use crate::data_file::{DataFile, SourceFile, Version};
use crate::fit::definition::{Kind, Scale};
use crate::lang::{Lang, Texts, Wording};

#[test]
fn every_bundled_instrument_loads_and_validates() {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let summary: Vec<String> = registry
        .all()
        .iter()
        .map(|definition| {
            let scale = match definition.scale() {
                Scale::Line => "line".to_owned(),
                Scale::Faces(faces) => format!("{} faces", faces.len()),
            };
            format!(
                "{} v{} {} ages {} {} items on a {scale}, {} cut-offs, {} RCIs, en: {:?}",
                definition.id(),
                definition.version(),
                definition.kind(),
                definition.audience().ages(),
                definition.items().len(),
                definition.norms().cutoffs().len(),
                definition.norms().reliable_change().len(),
                definition.title().get(Lang::En),
            )
        })
        .collect();
    expect![[r#"
        ors v1 outcome ages 13+ 4 items on a line, 2 cut-offs, 2 RCIs, en: "Outcome Rating Scale (ORS)"
        srs v1 session ages 13+ 4 items on a line, 0 cut-offs, 0 RCIs, en: "Session Rating Scale (SRS)"
        cors v1 outcome ages 6–12 4 items on a line, 1 cut-offs, 1 RCIs, en: "Child Outcome Rating Scale (CORS)"
        csrs v1 session ages 6–12 4 items on a line, 0 cut-offs, 0 RCIs, en: "Child Session Rating Scale (CSRS)"
        ycors v1 outcome ages 0–5 1 items on a 5 faces, 0 cut-offs, 0 RCIs, en: "Young Child Outcome Rating Scale (YCORS)"
        ycsrs v1 session ages 0–5 1 items on a 5 faces, 0 cut-offs, 0 RCIs, en: "Young Child Session Rating Scale (YCSRS)"
        gsrs v1 session ages 13+ 4 items on a line, 0 cut-offs, 0 RCIs, en: "Group Session Rating Scale (GSRS)"
    "#]]
    .assert_eq(&(summary.join("\n") + "\n"));
}

/// A parent or a staff member answers the outcome scales on lines about the citizen, so those speak of
/// the person rated, never as "me"; the young children's faces are asked of the child by staff.
#[test]
fn outcome_scales_on_lines_speak_to_an_observer_about_the_citizen() {
    let registry = Registry::bundled().unwrap();
    let observed: Vec<String> = registry
        .all()
        .iter()
        .filter(|definition| {
            definition.kind() == Kind::Outcome && matches!(definition.scale(), Scale::Line)
        })
        .map(|definition| {
            let observer = |texts: &Texts| {
                assert!(
                    texts.observer().is_some(),
                    "{}: no observer text for {texts:?}",
                    definition.id()
                );
                texts.worded(Lang::Da, Wording::Observer).to_owned()
            };
            let items: Vec<String> = definition
                .items()
                .iter()
                .map(|item| observer(item.label()))
                .collect();
            format!(
                "{}: {} | {}",
                definition.id(),
                observer(definition.instructions())
                    .split(':')
                    .next()
                    .unwrap(),
                items.join(", ")
            )
        })
        .collect();
    expect![[r#"
        [
            "ors: Svar om den, skemaet handler om, ikke om dig selv | Personen selv, Familie og de nærmeste, Arbejde, skole og venner, Livet som helhed",
            "cors: Svar om barnet, ikke om dig selv | Barnet selv, Barnets familie, Skolen, Det hele",
        ]
    "#]].assert_debug_eq(&observed);
}

#[cfg(feature = "compiled")]
#[test]
fn compiled_registry_reads_back_equal() {
    let registry = Registry::bundled().unwrap();
    let bytes = registry.to_compiled().unwrap();
    assert_eq!(Registry::from_compiled(&bytes), Ok(registry));
}

#[cfg(feature = "compiled")]
#[test]
fn truncated_compiled_registry_is_an_error() {
    let bytes = Registry::bundled().unwrap().to_compiled().unwrap();
    let err = Registry::from_compiled(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(err.to_string().contains("unreadable"), "{err}");
}

#[test]
fn every_norm_states_its_source() {
    let registry = Registry::bundled().unwrap();
    let mut lines = Vec::new();
    for definition in registry.all() {
        let norms = definition.norms();
        let by_age = [
            ("cut-off", norms.cutoffs()),
            ("rci", norms.reliable_change()),
        ];
        for (what, list) in by_age {
            for norm in list {
                lines.push(format!(
                    "{} {what} {} {}: verified {}",
                    definition.id(),
                    norm.ages(),
                    norm.value(),
                    norm.norm().verified()
                ));
            }
        }
        let alerts = norms.alerts();
        let rules = [
            ("alert total below", alerts.total_below()),
            ("alert drop", alerts.drop_from_previous()),
            (
                "talking point item below",
                norms.talking_points().item_below(),
            ),
        ];
        for (what, rule) in rules {
            if let Some(norm) = rule {
                lines.push(format!(
                    "{} {what} {}: verified {}",
                    definition.id(),
                    norm.value(),
                    norm.verified()
                ));
            }
        }
        if definition.kind() == Kind::Outcome && norms.cutoffs().is_empty() {
            assert!(
                definition.note().is_some(),
                "{} explains its missing norms",
                definition.id()
            );
        }
    }
    expect![[r#"
        ors cut-off 13–17 28.0: verified false
        ors cut-off 18+ 25.0: verified true
        ors rci 13–17 5.0: verified false
        ors rci 18+ 5.0: verified true
        srs alert total below 36.0: verified true
        srs alert drop 1.0: verified true
        srs talking point item below 9.0: verified true
        cors cut-off 6–12 32.0: verified true
        cors rci 6–12 5.0: verified false
        csrs alert total below 36.0: verified false
        csrs alert drop 1.0: verified false
        csrs talking point item below 9.0: verified false
        gsrs alert total below 36.0: verified false
        gsrs alert drop 1.0: verified false
        gsrs talking point item below 9.0: verified false
    "#]]
    .assert_eq(&(lines.join("\n") + "\n"));
}

#[test]
fn a_new_version_is_picked_by_default_and_the_old_stays_reachable() {
    let ors = Definition::BUNDLED[0];
    let newer = ors
        .text
        .replacen(r#""version": 1"#, r#""version": 2"#, 1)
        .replacen(r#""value": 25"#, r#""value": 26"#, 1);
    let registry = Registry::load(&[
        ors,
        SourceFile {
            name: "ors-2.json",
            text: &newer,
        },
    ])
    .unwrap();
    let cutoff = |version: Option<u16>| {
        let definition = registry.get("ors", version.map(Version::new)).unwrap();
        let cutoff = definition.norms().cutoff_for(crate::fit::Age::years(40));
        format!("v{} {}", definition.version(), cutoff.unwrap().value())
    };
    assert_eq!(cutoff(None), "v2 26.0");
    assert_eq!(cutoff(Some(1)), "v1 25.0");
}

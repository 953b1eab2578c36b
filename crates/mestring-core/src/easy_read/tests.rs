use expect_test::{Expect, expect};

use super::*;
use crate::fit::Rater;
use crate::fit::definition::{Meeting, Scale};

#[track_caller]
fn check_one(text: &str, kind: Kind, expect: Expect) {
    expect.assert_debug_eq(&check(text, kind));
}

#[test]
fn a_short_text_passes_and_each_limit_is_named() {
    check_one(
        "Tryk på et tal.",
        Kind::Explanation,
        expect![[r#"
        []
    "#]],
    );
    check_one(
        "Det her fylder meget og tager mange kræfter, og jeg kan ikke se hvordan.",
        Kind::Explanation,
        expect![[r#"
            [
                LongSentence {
                    words: 14,
                    sentence: "Det her fylder meget og tager mange kræfter, og jeg kan ikke se hvordan.",
                },
            ]
        "#]],
    );
    check_one(
        "Spring over. Gem.",
        Kind::Label,
        expect![[r#"
        [
            TooManySentences {
                sentences: 2,
            },
        ]
    "#]],
    );
    check_one(
        &"a".repeat(41),
        Kind::Label,
        expect![[r#"
        [
            TooLong {
                chars: 41,
            },
        ]
    "#]],
    );
}

#[test]
fn a_placeholder_is_a_word_and_a_sentence_ends_at_any_stop() {
    assert_eq!(
        sentences("{best} betyder: Det går godt. Hvad synes du? Godt!"),
        ["{best} betyder: Det går godt.", "Hvad synes du?", "Godt!"]
    );
}

/// Every text a citizen reads in a schema they rate themself, and in every instrument of an individual
/// meeting (the app never shows the group form to a citizen alone), with its kind.
fn citizen_texts() -> Vec<(String, &'static Texts, Kind)> {
    let mut texts: Vec<(String, &'static Texts, Kind)> = Vec::new();
    let schemas: &'static crate::mastery::Registry =
        Box::leak(Box::new(crate::mastery::Registry::bundled().unwrap()));
    for schema in schemas.all() {
        if !schema.rated_by().contains(&Rater::Oneself) {
            continue;
        }
        let file = format!("{} {}", schema.id(), schema.version());
        texts.push((format!("{file}: title"), schema.title(), Kind::Label));
        let ladder = schema.ladder();
        texts.push((
            format!("{file}: ladder.unrated"),
            ladder.unrated(),
            Kind::Label,
        ));
        for (idx, stage) in ladder.stages().iter().enumerate() {
            let field = format!("{file}: ladder.stages[{idx}]");
            texts.push((format!("{field}.label"), stage.label(), Kind::Label));
            texts.push((format!("{field}.text"), stage.text(), Kind::Explanation));
        }
        for (idx, domain) in schema.domains().iter().enumerate() {
            let field = format!("{file}: domains[{idx}]");
            texts.push((format!("{field}.title"), domain.title(), Kind::Label));
            if let Some(question) = domain.question() {
                texts.push((format!("{field}.question"), question, Kind::Question));
            }
        }
    }
    let instruments: &'static crate::fit::Registry =
        Box::leak(Box::new(crate::fit::Registry::bundled().unwrap()));
    for definition in instruments.all() {
        if definition.audience().meeting() != Meeting::Individual {
            continue;
        }
        let file = format!("{} {}", definition.id(), definition.version());
        texts.push((format!("{file}: title"), definition.title(), Kind::Label));
        texts.push((
            format!("{file}: instructions"),
            definition.instructions(),
            Kind::Explanation,
        ));
        for (idx, item) in definition.items().iter().enumerate() {
            let field = format!("{file}: items[{idx}]");
            texts.push((format!("{field}.label"), item.label(), Kind::Label));
            if let Scale::Line = definition.scale() {
                texts.push((format!("{field}.anchors.low"), item.low(), Kind::Label));
                texts.push((format!("{field}.anchors.high"), item.high(), Kind::Label));
            }
        }
        if let Scale::Faces(faces) = definition.scale() {
            for (idx, face) in faces.iter().enumerate() {
                let field = format!("{file}: scale.faces[{idx}].label");
                texts.push((field, face.label(), Kind::Label));
            }
        }
    }
    texts
}

#[test]
fn every_text_a_citizen_reads_has_an_easy_read_version_within_its_limits() {
    let texts = citizen_texts();
    // Two editions of the citizen's own schema (30 texts each), four forms on a line (14 each) and the
    // two with faces (8 each): a form or edition left out would change the count.
    assert_eq!(texts.len(), 2 * 30 + 4 * 14 + 2 * 8);
    let problems: Vec<(String, Problem)> = texts
        .iter()
        .flat_map(|(field, texts, kind)| check_texts(texts, field, *kind))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_easy_read_version_is_shown_only_in_easy_read() {
    let schemas = crate::mastery::Registry::bundled().unwrap();
    let stage = &schemas.all()[1].ladder().stages()[4];
    assert_ne!(
        stage.text().worded(Lang::Da, crate::lang::Wording::Easy),
        stage
            .text()
            .worded(Lang::Da, crate::lang::Wording::Ordinary)
    );
    assert_eq!(
        stage
            .text()
            .worded(Lang::Da, crate::lang::Wording::Ordinary),
        stage.text().get(Lang::Da)
    );
}

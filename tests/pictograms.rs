//! Every life domain a citizen rates has its pictogram for easy-read, and every pictogram names such a
//! domain: a schema edited without its drawings, or a drawing left behind, fails here rather than as a
//! missing image on a citizen's screen.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;

use mestring::pictograms;
use mestring_core::mastery::Registry;

fn registry() -> Registry {
    Registry::bundled().unwrap_or_else(|err| panic!("{err}"))
}

#[test]
fn every_domain_a_citizen_rates_has_a_pictogram() {
    let registry = registry();
    let mut checked = 0;
    for schema in registry
        .all()
        .iter()
        .filter(|schema| pictograms::drawn(schema))
    {
        for domain in schema.domains() {
            let path = format!("assets{}", pictograms::src(schema, domain));
            let svg = std::fs::read_to_string(&path).unwrap_or_else(|err| {
                panic!("{path}: {err} (domain {} of {})", domain.id(), schema.id())
            });
            assert!(svg.trim_start().starts_with("<svg"), "{path} is no SVG");
            // Drawn in full in the file: nothing fetched, nothing run.
            for refused in [
                "href",
                "url(",
                "<script",
                "<image",
                "<foreignObject",
                "@import",
            ] {
                assert!(!svg.contains(refused), "{path} contains {refused}");
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no schema a citizen rates");
}

#[test]
fn every_pictogram_names_a_domain_a_citizen_rates() {
    let registry = registry();
    let expected: BTreeSet<String> = registry
        .all()
        .iter()
        .filter(|schema| pictograms::drawn(schema))
        .flat_map(|schema| {
            schema
                .domains()
                .iter()
                .map(|domain| format!("assets{}", pictograms::src(schema, domain)))
        })
        .collect();
    let mut found = BTreeSet::new();
    for schema_dir in
        std::fs::read_dir(Path::new("assets/pictograms")).unwrap_or_else(|err| panic!("{err}"))
    {
        let schema_dir = schema_dir.unwrap_or_else(|err| panic!("{err}")).path();
        for file in std::fs::read_dir(&schema_dir).unwrap_or_else(|err| panic!("{err}")) {
            let path = file.unwrap_or_else(|err| panic!("{err}")).path();
            found.insert(path.to_string_lossy().into_owned());
        }
    }
    let stray: Vec<&String> = found.difference(&expected).collect();
    assert!(
        stray.is_empty(),
        "pictograms that name no domain a citizen rates: {stray:?}"
    );
}

//! The pictogram of each life domain a citizen rates, shown in easy-read: one drawing per domain in
//! `assets/pictograms/<schema id>/<domain id>.svg` (the project's own, `assets/LICENSES`), copied into
//! the build by Trunk (`index.html`) and precached by the service worker with every other file.
//! `tests/pictograms.rs` fails when such a domain has no drawing or a drawing names no domain.

use mestring_core::fit::Rater;
use mestring_core::mastery::{Domain, Schema};

/// Whether the schema's domains have pictograms: those a citizen rates themself.
pub fn drawn(schema: &Schema) -> bool {
    schema.rated_by().contains(&Rater::Oneself)
}

/// The address of `domain`'s pictogram in `schema`, below the site's root as below `assets/`.
pub fn src(schema: &Schema, domain: &Domain) -> String {
    format!("/pictograms/{}/{}.svg", schema.id(), domain.id())
}

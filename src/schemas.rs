//! The mastery schemas bundled with the app (`assets/schemas/`, see [`crate::bundled`]).

use std::sync::OnceLock;

use mestring_core::mastery::Registry;

static REGISTRY: OnceLock<Option<Registry>> = OnceLock::new();

/// The bundled schemas; `None` only if they do not read back.
pub fn registry() -> Option<&'static Registry> {
    crate::bundled::read(
        &REGISTRY,
        include_bytes!(concat!(env!("OUT_DIR"), "/schemas.bin")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_schemas_are_the_bundled_ones() {
        assert_eq!(registry(), Registry::bundled().ok().as_ref());
    }
}

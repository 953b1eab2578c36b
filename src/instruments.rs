//! The instrument definitions bundled with the app (`assets/instruments/`, see [`crate::bundled`]).

use std::sync::OnceLock;

use mestring_core::fit::Registry;

static REGISTRY: OnceLock<Option<Registry>> = OnceLock::new();

/// The bundled instruments; `None` only if they do not read back.
pub fn registry() -> Option<&'static Registry> {
    crate::bundled::read(
        &REGISTRY,
        include_bytes!(concat!(env!("OUT_DIR"), "/instruments.bin")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_instruments_are_the_bundled_ones() {
        assert_eq!(registry(), Registry::bundled().ok().as_ref());
    }
}

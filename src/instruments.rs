//! The instrument definitions bundled with the app: validated by `build.rs`, which embeds them in the
//! core's compiled form (no JSON parser in the bundle), read once on first use.

use std::sync::OnceLock;

use mestring_core::fit::Registry;

static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/instruments.bin"));
static REGISTRY: OnceLock<Option<Registry>> = OnceLock::new();

/// The bundled instruments. `None` only if the compiled bytes do not read back, which the tests rule
/// out; pages then say they cannot show a form rather than panic.
pub fn registry() -> Option<&'static Registry> {
    REGISTRY
        .get_or_init(|| match Registry::from_compiled(COMPILED) {
            Ok(registry) => Some(registry),
            Err(err) => {
                crate::browser::log_error(&err.to_string());
                None
            }
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_registry_is_the_bundled_one() {
        assert_eq!(registry(), Registry::bundled().ok().as_ref());
    }
}

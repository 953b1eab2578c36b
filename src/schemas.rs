//! The mastery schemas bundled with the app (`assets/schemas/`), parsed once on first use.

use std::sync::OnceLock;

use mestring_core::mastery::Registry;

static REGISTRY: OnceLock<Option<Registry>> = OnceLock::new();

/// The bundled schemas. `None` only if they do not parse, which the core's tests rule out;
/// pages then say they cannot show a schema rather than panic.
pub fn registry() -> Option<&'static Registry> {
    REGISTRY
        .get_or_init(|| match Registry::bundled() {
            Ok(registry) => Some(registry),
            Err(err) => {
                crate::browser::log_error(&err.to_string());
                None
            }
        })
        .as_ref()
}

//! The data files bundled with the app, the instruments ([`crate::instruments`]) and the mastery
//! schemas ([`crate::schemas`]): validated by `build.rs` with the core and embedded in the core's
//! compiled form, so the bundle carries no reader for their files; each read once, on first use.

use std::sync::OnceLock;

use mestring_core::data_file::{DataFile, Registry};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The registry compiled into `bytes`, kept in `slot` for the page's life. `None` only if the bytes do
/// not read back, which the tests rule out; pages then say they cannot show a form rather than panic.
pub fn read<T>(
    slot: &'static OnceLock<Option<Registry<T>>>,
    bytes: &[u8],
) -> Option<&'static Registry<T>>
where
    T: DataFile + Serialize + DeserializeOwned,
{
    slot.get_or_init(|| match Registry::from_compiled(bytes) {
        Ok(registry) => Some(registry),
        Err(err) => {
            crate::browser::log_error(&err.to_string());
            None
        }
    })
    .as_ref()
}

//! The instrument definitions bundled with the app: validated by `build.rs`, read once on first use.
//!
//! The app's first load carries them as Danish screens need them (`Registry::for_screens_in`: no other
//! language, no licence, notes or sources), 1 KB gzip less than whole. The tools, the worker and the
//! texts app carry the whole registry; the app takes it from the texts app with the texts of another
//! language (`i18n::load_texts`), so a screen in that language always finds its instrument texts.

use std::cell::Cell;

use mestring_core::fit::Registry;

use crate::browser;

static DANISH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/instruments-da.bin"));
static WHOLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/instruments.bin"));

thread_local! {
    static REGISTRY: Cell<Option<&'static Registry>> = const { Cell::new(None) };
}

/// The instruments in force: the whole registry once taken ([`use_whole`], [`use_compiled`]), the Danish
/// one before. `None` only if the compiled bytes do not read back, which the tests rule out; pages then
/// say they cannot show a form rather than panic.
pub fn registry() -> Option<&'static Registry> {
    REGISTRY.with(Cell::get).or_else(|| {
        let danish = read(DANISH).map_err(|err| browser::log_error(&err)).ok()?;
        REGISTRY.with(|slot| slot.set(Some(danish)));
        Some(danish)
    })
}

/// Puts the whole bundled registry in force, in the apps that carry it (the tools, the worker).
pub fn use_whole() {
    match read(WHOLE) {
        Ok(whole) => REGISTRY.with(|slot| slot.set(Some(whole))),
        Err(err) => browser::log_error(&err),
    }
}

/// Puts a whole registry fetched from the texts app in force.
pub fn use_compiled(bytes: &[u8]) -> Result<(), String> {
    let whole = read(bytes)?;
    REGISTRY.with(|slot| slot.set(Some(whole)));
    Ok(())
}

/// The whole registry's compiled bytes, which the texts app hands to the app.
pub fn whole_compiled() -> &'static [u8] {
    WHOLE
}

/// The registry in `bytes`, kept for the page's life (read at most twice: Danish, then whole).
fn read(bytes: &[u8]) -> Result<&'static Registry, String> {
    let registry = Registry::from_compiled(bytes).map_err(|err| err.to_string())?;
    Ok(Box::leak(Box::new(registry)))
}

#[cfg(test)]
mod tests {
    use mestring_core::lang::Lang;

    use super::*;

    #[test]
    fn danish_screens_first_then_the_whole_registry() {
        let bundled = Registry::bundled().unwrap();
        assert_eq!(registry(), Some(&bundled.for_screens_in(Lang::Da)));
        use_whole();
        assert_eq!(registry(), Some(&bundled));
    }

    #[test]
    fn the_texts_app_hands_over_the_whole_registry() {
        use_compiled(whole_compiled()).unwrap();
        assert_eq!(registry(), Registry::bundled().ok().as_ref());
        assert!(use_compiled(&whole_compiled()[..10]).is_err());
    }
}

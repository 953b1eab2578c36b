use std::future::Future;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Whether a save is under way and whether the last one failed, for forms that must not lose input.
#[derive(Clone, PartialEq)]
pub struct UseSaveHandle {
    saving: UseStateHandle<bool>,
    failed: UseStateHandle<bool>,
}

#[hook]
pub fn use_save() -> UseSaveHandle {
    UseSaveHandle {
        saving: use_state(|| false),
        failed: use_state(|| false),
    }
}

impl UseSaveHandle {
    pub fn saving(&self) -> bool {
        *self.saving
    }

    pub fn failed(&self) -> bool {
        *self.failed
    }

    /// Runs `save` (true once stored), then `on_stored`; on failure the page stays as it is, input and all.
    pub fn run(
        &self,
        save: impl Future<Output = bool> + 'static,
        on_stored: impl FnOnce() + 'static,
    ) {
        // A second press while saving does nothing. The button is marked `aria-disabled` rather than
        // disabled, so it keeps the keyboard's focus instead of dropping it to the top of the page.
        if self.saving() {
            return;
        }
        let handle = self.clone();
        handle.saving.set(true);
        spawn_local(async move {
            let stored = save.await;
            handle.saving.set(false);
            handle.failed.set(!stored);
            if stored {
                on_stored();
            }
        });
    }
}

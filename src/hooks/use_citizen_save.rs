use mestring_core::citizen::Citizen;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_app::UseAppHandle;
use crate::state::CitizenChange;

/// Whether a citizen is being saved and whether the last save failed, for forms that must not lose input.
#[derive(Clone, PartialEq)]
pub struct UseCitizenSaveHandle {
    saving: UseStateHandle<bool>,
    failed: UseStateHandle<bool>,
}

#[hook]
pub fn use_citizen_save() -> UseCitizenSaveHandle {
    UseCitizenSaveHandle {
        saving: use_state(|| false),
        failed: use_state(|| false),
    }
}

impl UseCitizenSaveHandle {
    pub fn saving(&self) -> bool {
        *self.saving
    }

    pub fn failed(&self) -> bool {
        *self.failed
    }

    /// Stores the citizen, then runs `on_stored`; on failure the page stays as it is, input and all.
    pub fn run(
        &self,
        app: &UseAppHandle,
        citizen: Citizen,
        change: CitizenChange,
        draft_key: Option<&'static str>,
        on_stored: impl FnOnce() + 'static,
    ) {
        let (handle, app) = (self.clone(), app.clone());
        handle.saving.set(true);
        spawn_local(async move {
            let stored = app.store_citizen(citizen, change, draft_key).await;
            handle.saving.set(false);
            handle.failed.set(!stored);
            if stored {
                on_stored();
            }
        });
    }
}

use mestring_core::citizen::CitizenId;
use mestring_core::fit::Response;
use mestring_core::store::StoreErrorKind;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_app::UseAppHandle;

/// The completed forms about the citizen whose id is `id`: `None` while loading, or why they failed.
/// Loaded once the database is open (asking earlier would report it missing), and again when `id` changes.
#[hook]
pub fn use_responses(
    app: &UseAppHandle,
    id: &AttrValue,
) -> Option<Result<Vec<Response>, StoreErrorKind>> {
    let responses = use_state(|| None::<Result<Vec<Response>, StoreErrorKind>>);
    {
        let (app, responses) = (app.clone(), responses.clone());
        use_effect_with((id.clone(), app.has_store()), move |(id, open)| {
            if let (true, Some(citizen)) = (*open, CitizenId::parse(id)) {
                spawn_local(async move {
                    responses.set(Some(app.responses_of(citizen).await));
                });
            }
        });
    }
    (*responses).clone()
}

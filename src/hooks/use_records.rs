use std::future::Future;

use mestring_core::citizen::CitizenId;
use mestring_core::fit::Response;
use mestring_core::mastery::Assessment;
use mestring_core::store::StoreErrorKind;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_app::UseAppHandle;

/// What is loaded about one citizen: `None` while loading, or why it failed.
pub type Loading<T> = Option<Result<Vec<T>, StoreErrorKind>>;

/// The records `load` reads about the citizen whose id is `id`. Loaded once the database is open
/// (asking earlier would report it missing), and again when `id` changes.
#[hook]
fn use_records_of<T, F, Fut>(app: &UseAppHandle, id: &AttrValue, load: F) -> Loading<T>
where
    T: Clone + 'static,
    F: FnOnce(UseAppHandle, CitizenId) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<T>, StoreErrorKind>> + 'static,
{
    let records = use_state(|| None::<Result<Vec<T>, StoreErrorKind>>);
    {
        let (app, records) = (app.clone(), records.clone());
        use_effect_with((id.clone(), app.has_store()), move |(id, open)| {
            if let (true, Some(citizen)) = (*open, CitizenId::parse(id)) {
                spawn_local(async move {
                    records.set(Some(load(app, citizen).await));
                });
            }
        });
    }
    (*records).clone()
}

/// The completed forms about the citizen.
#[hook]
pub fn use_responses(app: &UseAppHandle, id: &AttrValue) -> Loading<Response> {
    use_records_of(app, id, |app, citizen| async move {
        app.responses_of(citizen).await
    })
}

/// The completed mastery assessments of the citizen.
#[hook]
pub fn use_assessments(app: &UseAppHandle, id: &AttrValue) -> Loading<Assessment> {
    use_records_of(app, id, |app, citizen| async move {
        app.assessments_of(citizen).await
    })
}

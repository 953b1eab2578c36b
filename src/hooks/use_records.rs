use std::future::Future;

use mestring_core::citizen::CitizenId;
use mestring_core::fit::Response;
use mestring_core::mastery::Assessment;
use mestring_core::store::StoreErrorKind;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_app::UseAppHandle;

/// What is loaded: `None` while loading, or why it failed.
pub type Loading<T> = Option<Result<Vec<T>, StoreErrorKind>>;

/// The records `load` reads for `key`, a citizen. Loaded once the database is
/// open (asking earlier would report it missing), and again when `key` changes; no key (an id that is no
/// citizen's) loads nothing.
#[hook]
fn use_records_of<K, T, F, Fut>(app: &UseAppHandle, key: Option<K>, load: F) -> Loading<T>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    F: FnOnce(UseAppHandle, K) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<T>, StoreErrorKind>> + 'static,
{
    let records = use_state(|| None::<Result<Vec<T>, StoreErrorKind>>);
    {
        let (app, records) = (app.clone(), records.clone());
        use_effect_with((key, app.has_store()), move |(key, open)| {
            if let (true, Some(key)) = (*open, key.clone()) {
                spawn_local(async move {
                    records.set(Some(load(app, key).await));
                });
            }
        });
    }
    (*records).clone()
}

/// The completed forms about the citizen whose id is `id`.
#[hook]
pub fn use_responses(app: &UseAppHandle, id: &AttrValue) -> Loading<Response> {
    use_records_of(app, CitizenId::parse(id), |app, citizen| async move {
        app.responses_of(citizen).await
    })
}

/// The completed mastery assessments of the citizen whose id is `id`.
#[hook]
pub fn use_assessments(app: &UseAppHandle, id: &AttrValue) -> Loading<Assessment> {
    use_records_of(app, CitizenId::parse(id), |app, citizen| async move {
        app.assessments_of(citizen).await
    })
}

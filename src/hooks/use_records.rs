//! The records service as the pages read it: [`use_records`] for the service `App` provides, and the
//! records of one citizen loaded once storage is open.

use std::future::Future;

use mestring_core::citizen::CitizenId;
use mestring_core::fit::Response;
use mestring_core::mastery::Assessment;
use mestring_core::store::StoreErrorKind;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session::Session;
use crate::records::Records;

/// What is loaded: `None` while loading, or why it failed.
pub type Loading<T> = Option<Result<Vec<T>, StoreErrorKind>>;

/// Creates the records service for `App` to provide, opening the database and loading the register once.
#[hook]
pub fn use_new_records(session: &Session) -> Records {
    let records = Records::new(session.clone(), use_state(|| None));
    {
        let records = records.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { records.open_and_load().await })
        });
    }
    records
}

/// The records service `App` provides.
// Every page and component is rendered inside `App`, which provides the records service; one outside it
// is a mistake in the code that the first render shows, not something a person can cause.
#[allow(clippy::expect_used)]
#[hook]
pub fn use_records() -> Records {
    use_context::<Records>().expect("rendered inside App, which provides the records service")
}

/// The records `load` reads for `key`, a citizen. Loaded once the database is
/// open (asking earlier would report it missing), and again when `key` changes; no key (an id that is no
/// citizen's) loads nothing.
#[hook]
fn use_records_of<K, T, F, Fut>(key: Option<K>, load: F) -> Loading<T>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    F: FnOnce(Records, K) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<T>, StoreErrorKind>> + 'static,
{
    let service = use_records();
    let records = use_state(|| None::<Result<Vec<T>, StoreErrorKind>>);
    {
        let records = records.clone();
        use_effect_with((key, service.has_store()), move |(key, open)| {
            if let (true, Some(key)) = (*open, key.clone()) {
                spawn_local(async move {
                    records.set(Some(load(service, key).await));
                });
            }
        });
    }
    (*records).clone()
}

/// The completed forms about the citizen whose id is `id`.
#[hook]
pub fn use_responses(id: &AttrValue) -> Loading<Response> {
    use_records_of(CitizenId::parse(id), |records, citizen| async move {
        records.responses_of(citizen).await
    })
}

/// The completed mastery assessments of the citizen whose id is `id`.
#[hook]
pub fn use_assessments(id: &AttrValue) -> Loading<Assessment> {
    use_records_of(CitizenId::parse(id), |records, citizen| async move {
        records.assessments_of(citizen).await
    })
}

use mestring_core::store::StoreErrorKind;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::{self, StorageStatus};
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;

/// Whether the browser keeps our data, how full the device is, and what sits in the quarantine.
#[component]
pub fn StorageStatusPanel() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let status = use_state(|| None::<(StorageStatus, Result<usize, StoreErrorKind>)>);
    {
        let (records, status) = (records.clone(), status.clone());
        use_effect_with(records.has_store(), move |_| {
            spawn_local(async move {
                let storage = browser::storage_status().await;
                let quarantined = records.quarantine_count().await.map_err(|err| err.kind());
                status.set(Some((storage, quarantined)));
            })
        });
    }
    let Some((storage, quarantined)) = &*status else {
        return html! { <p>{ i18n.t(Key::AppLoading) }</p> };
    };
    // Whole numbers are cast after rounding: no float is ever printed (see `I18n::tenths`).
    let megabytes = |bytes: f64| i18n.tenths((bytes / 100_000.0).round() as i64);
    html! {
        <div class="storage-status">
            <p>{ i18n.t(if storage.persisted { Key::StoragePersisted } else { Key::StorageNotPersisted }) }</p>
            if let Some(usage) = storage.usage {
                <p>{ i18n.f(Key::StorageUsage, &[
                    ("used", &megabytes(usage.used_bytes)),
                    ("quota", &megabytes(usage.quota_bytes)),
                    ("percent", &((usage.share() * 100.0).round() as u32)),
                ]) }</p>
                if usage.nearly_full() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::StorageNearlyFull) }</p>
                }
            } else {
                <p>{ i18n.t(Key::StorageUsageUnknown) }</p>
            }
            {
                match quarantined {
                    Ok(0) => html! { <p>{ i18n.t(Key::StorageQuarantineNone) }</p> },
                    Ok(count) => html! {
                        <p class="notice notice-error" role="alert">
                            { i18n.f(Key::StorageQuarantine, &[("count", count)]) }
                        </p>
                    },
                    Err(kind) => html! { <p class="notice notice-error">{ i18n.store_error(*kind) }</p> },
                }
            }
        </div>
    }
}

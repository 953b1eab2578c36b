//! Writes straight into the app's IndexedDB object stores, bypassing `IdbStore`: for fixtures, corrupt records
//! and benchmark seeding. Shared by the browser test crates through `#[path]`.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

/// Puts every `(key, value)` into `store` of database `db_name`, `per_transaction` records to a transaction.
pub async fn put_raw(
    db_name: &str,
    store: &str,
    records: &[(String, JsValue)],
    per_transaction: usize,
) {
    let db = Database::open(db_name).await.unwrap();
    for batch in records.chunks(per_transaction.max(1)) {
        let tx = db
            .transaction(store)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        let object_store = tx.object_store(store).unwrap();
        for (key, value) in batch {
            object_store
                .put(value)
                .with_key(key.as_str())
                .primitive()
                .unwrap()
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    db.close();
}

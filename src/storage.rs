//! The app's implementation of the core's `Store` trait, over IndexedDB.

mod idb;

pub use idb::{IdbStore, LockInfo, RecoverError, UnlockError, Unlocked};

/// The database the app opens.
pub const DB_NAME: &str = "mestring";

/// Where the app keeps its records.
pub type AppStore = IdbStore;

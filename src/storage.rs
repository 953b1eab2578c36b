//! The app's implementation of the core's `Store` trait.

/// Where the app keeps its records: in memory until the IndexedDB implementation of `Store` lands,
/// so for now the register lasts as long as the tab.
pub type AppStore = mestring_core::store::MemoryStore;

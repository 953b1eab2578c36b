//! Reusable hooks.

pub mod use_app;
pub mod use_auto_lock;
pub mod use_draft;
pub mod use_records;
pub mod use_save;

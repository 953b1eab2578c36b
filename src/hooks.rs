//! Reusable hooks.

pub mod use_auto_lock;
pub mod use_draft;
pub mod use_records;
pub mod use_save;
pub mod use_session;

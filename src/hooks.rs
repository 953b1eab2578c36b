//! Reusable hooks.

pub mod use_app;
pub mod use_citizen_save;

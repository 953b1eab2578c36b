//! Reusable hooks.

pub mod use_app;
pub mod use_responses;
pub mod use_save;

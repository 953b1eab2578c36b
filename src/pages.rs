//! One page per route.

pub mod citizen_edit;
pub mod citizens;
pub mod not_found;
pub mod settings;
pub mod setup;
pub mod start;

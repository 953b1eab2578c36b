//! Mestring's browser app: a thin Yew shell over `mestring-core`.
//!
//! Pages and components render state and dispatch actions; every rule they apply lives in the core.

pub mod app;
pub mod browser;
mod bundled;
mod components;
mod hooks;
pub mod i18n;
pub mod instruments;
pub mod kiosk;
pub mod lock;
mod pages;
pub mod pictograms;
mod records;
pub mod router;
mod schemas;
pub mod settings;
pub mod state;
pub mod storage;
pub mod worker;

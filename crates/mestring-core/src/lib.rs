//! Mestring's core: the rules of the product, free of any browser, clock or file.
//!
//! Everything here is data in, data out.
//! Time, ids and randomness are arguments, so the same code runs in the tablet app (Wasm), in the caseworker CLI and in native tests.

pub mod citizen;
pub mod data_file;
pub mod device;
pub mod draft;
pub mod easy_read;
pub mod export;
pub mod ffb;
pub mod fit;
pub mod free_text;
pub mod iso;
pub mod lang;
pub mod lock;
pub mod mastery;
pub mod meeting;
pub mod personal_number;
pub mod progress;
pub mod record;
pub mod sort;
pub mod store;
pub mod stored;
mod strict;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod unit;

//! The driver of the row plumbing's UI cases lives in `ui.rs`; this crate has no code of its own.

//! The driver of the checked-query UI cases lives in `ui.rs`; this crate has no code of its own.

//! The driver of the DuckDB-enabled UI cases lives in `ui.rs`; this crate has no code of its own.

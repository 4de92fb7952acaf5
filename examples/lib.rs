//! Runnable duckspec examples live in this crate's `[[example]]` targets.

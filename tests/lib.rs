//! Workspace-level integration tests live in this crate's `[[test]]` targets.

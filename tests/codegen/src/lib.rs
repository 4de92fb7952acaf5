//! Structs written by `duckspec codegen` for every spec of the corpus (`corpus.txt`): DuckDB's own
//! test tables, the workspace's test specs, the example's spec and codegen's fuzz input (40 tables of
//! random hostile names, `spec/random_names.sql`). That this crate compiles is the
//! test that generated code passes its own compile-time drift check; `tests/round_trip.rs` fills
//! each table with a row made by DuckDB and carries it through the struct to another database.
//! Regenerate with `regenerate.sh`; never edit `src/*/` by hand. The modules are formatted by
//! codegen (prettyplease), so rustfmt skips them.

// `private_schema` loads the files of `metrics` a second time, on purpose (see there).
#![allow(clippy::duplicate_mod)]

#[rustfmt::skip]
pub mod duckdb_tests;
#[rustfmt::skip]
pub mod every_type;
#[rustfmt::skip]
pub mod job_logs;
#[rustfmt::skip]
pub mod kinds;
#[rustfmt::skip]
pub mod metrics;
#[rustfmt::skip]
pub mod observability;
#[rustfmt::skip]
pub mod hostile_names;
#[rustfmt::skip]
pub mod random_names;

/// A user's module that glob-imports generated structs keeps the prelude's names: no generated
/// struct is named `Result` or `Box` (codegen renames them), so this compiles.
pub mod glob_import {
    #[allow(unused_imports)]
    use super::hostile_names::*;

    /// Uses `Result`, `Box` and `Option` with their prelude meanings.
    pub fn prelude_names_still_mean_the_prelude() -> Result<Box<i32>, Option<()>> {
        Ok(Box::new(1))
    }
}

/// A user's crate that declares the generated module privately (`mod schema;`), as the README
/// shows, and names only its schema: CI builds this crate with `-D warnings`, so a re-export the
/// crate does not use (`pub use types::JobStatus;`) must not warn.
#[rustfmt::skip]
#[path = "metrics/mod.rs"]
mod private_schema;

/// The private module's schema, loaded: every table is reachable through it.
pub fn load_metrics_through_a_private_module(
    conn: &duckspec::duckdb::Connection,
) -> Result<usize, duckspec::Error> {
    use duckspec::Schema;
    private_schema::Metrics::load(conn)
}

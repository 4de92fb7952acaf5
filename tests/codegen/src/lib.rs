//! Structs written by `duckspec codegen` for every spec of the corpus (`corpus.txt`): DuckDB's own
//! test tables, the workspace's test specs and the example's spec. That this crate compiles is the
//! test that generated code passes its own compile-time drift check; `tests/round_trip.rs` fills
//! each table with a row made by DuckDB and carries it through the struct to another database.
//! Regenerate with `regenerate.sh`; never edit `src/*/` by hand. The modules are formatted by
//! codegen (prettyplease), so rustfmt skips them.

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

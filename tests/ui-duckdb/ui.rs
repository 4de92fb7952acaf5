//! Compile errors of the row plumbing, in a crate that uses duckspec without any optional
//! feature: the plumbing a derive generates names, per field, the code that writes the field to
//! an Arrow column, and a field type without one is an error on that field (a chrono field without
//! duckspec's `chrono` feature, a custom `sql_type` without `ToSql`); a value that is not a
//! `#[derive(Table)]` struct (or a row that is not `Send`) handed to a `Sink` or a `Batch` is an
//! error at the call. Reviewed `.stderr` snapshots; regenerate with `TRYBUILD=overwrite cargo test
//! --workspace -- ui_with_duckdb`, then read the diff.
//!
//! The other compile errors (drift, attributes, types) are in `tests/ui`, built with the optional
//! type crates on.

#[test]
fn ui_with_duckdb() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("fail/*.rs");
}

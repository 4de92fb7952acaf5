//! Every compile error a user of the derives can meet, one misuse per file, grouped by topic, with
//! reviewed `.stderr` snapshots (regenerate with `TRYBUILD=overwrite cargo test --workspace -- ui`,
//! then read the diff). Built with duckspec's default features off (DuckDB linked, not compiled
//! again) and its optional type crates on; the errors of a crate without them (a chrono field
//! without the `chrono` feature) and those of `Sink`/`Batch` calls are in `tests/ui-duckdb`.

use std::path::PathBuf;

#[test]
fn ui() {
    // Every case links duckspec, which links DuckDB: the workspace's, not a second C++ build.
    duckspec_ui_tests::link_workspace_duckdb();
    // The specs the cases name: this directory's `spec/`, and the shared fixture's spec.
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut specs = duckspec_ui_tests::files_in(&here.join("spec"));
    specs.push(here.join("../spec/every_type.sql"));
    duckspec_ui_tests::install_specs(env!("CARGO_PKG_NAME"), &specs);
    let cases = trybuild::TestCases::new();
    for topic in ["attributes", "drift", "schema", "spec_file", "types"] {
        cases.compile_fail(format!("{topic}/*.rs"));
    }
    cases.pass("pass/*.rs");
}

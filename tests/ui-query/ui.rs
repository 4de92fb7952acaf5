//! Every compile error a checked query (`duckspec::query_as!`, `#[derive(duckspec::Row)]`) can
//! give, as reviewed `.stderr` snapshots; regenerate with `TRYBUILD=overwrite cargo test
//! --workspace -- ui_query`, then read the diff.
//!
//! The macro runs DuckDB inside the compiler, and trybuild compiles the cases in a target
//! directory of its own; so that DuckDB's C++ is not compiled a second time there, the cases link
//! the DuckDB the workspace build already compiled (`duckspec_ui_tests::link_workspace_duckdb`).

use std::path::PathBuf;

#[test]
fn ui_query() {
    duckspec_ui_tests::link_workspace_duckdb();
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    duckspec_ui_tests::install_specs(
        env!("CARGO_PKG_NAME"),
        &duckspec_ui_tests::files_in(&here.join("spec")),
    );
    let cases = trybuild::TestCases::new();
    cases.compile_fail("fail/*.rs");
}

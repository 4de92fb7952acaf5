//! Every compile error a user of the derives can meet, one misuse per file, grouped by topic, with
//! reviewed `.stderr` snapshots (regenerate with `TRYBUILD=overwrite cargo test --workspace -- ui`,
//! then read the diff). Built without DuckDB; the errors that exist only with DuckDB enabled are
//! in `tests/ui-duckdb`.

use std::path::PathBuf;

/// trybuild compiles the cases in `<target>/tests/trybuild/<crate>/`, which is their
/// `CARGO_MANIFEST_DIR`; the specs they name are copied there first: this directory's `spec/`,
/// and the shared fixture's spec from `tests/spec/`.
fn install_specs() {
    let project = duckspec_ui_tests::scratch_build_dir().join(env!("CARGO_PKG_NAME"));
    let destination = project.join("spec");
    std::fs::create_dir_all(&destination).unwrap();
    let here = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let mut sources: Vec<PathBuf> =
        std::fs::read_dir(here.join("spec")).unwrap().map(|entry| entry.unwrap().path()).collect();
    sources.push(here.join("../spec/every_type.sql"));
    for path in sources {
        let target_path = destination.join(path.file_name().unwrap());
        let text = std::fs::read(&path).unwrap();
        // Keep the modification time when nothing changed, so the macro's cache stays valid.
        if std::fs::read(&target_path).ok().as_deref() != Some(&text[..]) {
            std::fs::write(&target_path, text).unwrap();
        }
    }
}

#[test]
fn ui() {
    install_specs();
    let cases = trybuild::TestCases::new();
    for topic in ["attributes", "drift", "schema", "spec_file", "types"] {
        cases.compile_fail(format!("{topic}/*.rs"));
    }
    cases.pass("pass/*.rs");
}

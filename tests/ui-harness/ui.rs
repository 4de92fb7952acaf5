//! Every compile error a user of the derives can meet, with reviewed `.stderr` snapshots
//! (regenerate with `TRYBUILD=overwrite cargo test -p duckspec-ui-tests`, then read the diff).

use std::path::{Path, PathBuf};

/// trybuild compiles the cases in `<target>/tests/trybuild/<crate>/`, which is their
/// `CARGO_MANIFEST_DIR`; the specs they name are copied there first.
fn install_specs() {
    let project = duckspec_ui_tests::scratch_build_dir().join(env!("CARGO_PKG_NAME"));
    let destination = project.join("spec");
    std::fs::create_dir_all(&destination).unwrap();
    let source: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
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
    cases.compile_fail("fail/*.rs");
    cases.pass("pass/*.rs");
}

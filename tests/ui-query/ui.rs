//! Every compile error a checked query (`duckspec::query_as!`, `#[derive(duckspec::Row)]`) can
//! give, as reviewed `.stderr` snapshots; regenerate with `TRYBUILD=overwrite cargo test
//! --workspace -- ui_query`, then read the diff.
//!
//! The macro runs DuckDB inside the compiler, and trybuild compiles the cases in a target
//! directory of its own; so that DuckDB's C++ is not compiled a second time there, this links the
//! DuckDB the workspace build already compiled (libduckdb-sys's static archives in this target
//! directory) into `libduckdb.so` once, and builds the cases with duckdb's linked mode against it.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn ui_query() {
    let lib_dir = shared_duckdb();
    // SAFETY: set before trybuild starts cargo, while this test is the only thread that reads the
    // environment (the harness runs this crate's single test alone).
    unsafe {
        std::env::set_var("DUCKDB_LIB_DIR", &lib_dir);
        let path = std::env::var_os("LD_LIBRARY_PATH").unwrap_or_default();
        let mut paths = vec![lib_dir.clone()];
        paths.extend(std::env::split_paths(&path));
        std::env::set_var("LD_LIBRARY_PATH", std::env::join_paths(paths).unwrap());
    }
    install_specs(&lib_dir);
    let cases = trybuild::TestCases::new();
    cases.compile_fail("fail/*.rs");
}

/// trybuild compiles the cases in `<target>/tests/trybuild/<crate>/`, which is their
/// `CARGO_MANIFEST_DIR`; the specs they name are copied there first (`profile_lib_dir` is
/// `<target>/<profile>/duckspec-ui-query`).
fn install_specs(profile_lib_dir: &Path) {
    let target = profile_lib_dir.parent().and_then(Path::parent).unwrap();
    let destination = target.join("tests").join("trybuild").join(env!("CARGO_PKG_NAME")).join("spec");
    std::fs::create_dir_all(&destination).unwrap();
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(here.join("spec")).unwrap() {
        let path = entry.unwrap().path();
        let target_path = destination.join(path.file_name().unwrap());
        let text = std::fs::read(&path).unwrap();
        // Keep the modification time when nothing changed, so the macro's cache stays valid.
        if std::fs::read(&target_path).ok().as_deref() != Some(&text[..]) {
            std::fs::write(&target_path, text).unwrap();
        }
    }
}

/// The directory of a `libduckdb.so` made from the bundled build's archives (made again when an
/// archive is newer than it).
fn shared_duckdb() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/ui_query-… → target/<profile>
    let profile_dir = exe.parent().and_then(Path::parent).unwrap().to_path_buf();
    let archive = newest_archive(&profile_dir.join("build")).unwrap_or_else(|| {
        panic!(
            "no libduckdb.a under {}: build the workspace first (`cargo test --workspace` does)",
            profile_dir.display()
        )
    });
    let out_dir = archive.parent().unwrap();
    let dir = profile_dir.join("duckspec-ui-query");
    std::fs::create_dir_all(&dir).unwrap();
    let shared = dir.join("libduckdb.so");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if modified(&shared) < modified(&archive) {
        let status = Command::new("c++")
            .arg("-shared")
            .arg("-o")
            .arg(&shared)
            .arg("-Wl,--whole-archive")
            .arg(&archive)
            .arg(out_dir.join("libduckdb_static_extension_autoregister.a"))
            .arg("-Wl,--no-whole-archive")
            .args(["-lpthread", "-ldl", "-lm"])
            .status()
            .expect("run the C++ linker (c++)");
        assert!(status.success(), "linking {} failed", shared.display());
    }
    dir
}

/// The most recently built `libduckdb.a` of libduckdb-sys's bundled build under `build`.
fn newest_archive(build: &Path) -> Option<PathBuf> {
    std::fs::read_dir(build)
        .ok()?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("libduckdb-sys-"))
        .map(|entry| entry.path().join("out").join("libduckdb.a"))
        .filter(|archive| archive.exists())
        .max_by_key(|archive| std::fs::metadata(archive).and_then(|m| m.modified()).ok())
}

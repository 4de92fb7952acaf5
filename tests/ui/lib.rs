//! Scratch-crate helpers shared by the UI driver (`compiletest.rs`), the spec-edit rebuild test
//! (`rebuild.rs`) and the compile-cost benchmark (`benches/compile_cost.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory this test or bench binary was built in (`<target>/<profile>/deps/<bin>`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the running binary has a path");
    exe.ancestors().nth(3).expect("test and bench binaries live in <target>/<profile>/deps").to_path_buf()
}

/// Where scratch crates build: trybuild's target directory, where duckspec without DuckDB (and
/// so without its C++) is already compiled.
pub fn scratch_build_dir() -> PathBuf {
    target_dir().join("tests").join("trybuild")
}

/// Writes a scratch crate at `dir` (its own workspace, this repository's lock file) that depends
/// on duckspec without DuckDB; `extra_manifest` is appended to its `Cargo.toml`. Creates `src/`
/// and `spec/`; the caller writes the sources.
pub fn write_scratch_crate(dir: &Path, extra_manifest: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let repository =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo")).join("../..");
    let runtime = repository.join("runtime").canonicalize().unwrap();
    let name = dir.file_name().unwrap().to_str().unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nduckspec = {{ path = {:?}, default-features = false }}\n\n[workspace]\n{extra_manifest}",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(repository.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// `cargo <subcommand> --offline --quiet` in the scratch crate at `dir`, building in
/// [`scratch_build_dir`].
pub fn cargo(subcommand: &str, dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args([subcommand, "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch_build_dir())
        .env_remove("RUSTFLAGS");
    command
}

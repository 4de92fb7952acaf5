//! Scratch-crate helpers shared by the UI driver (`compiletest.rs`), the spec-edit rebuild test
//! (`rebuild.rs`) and the compile-cost benchmark (`benches/compile_cost.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory this test or bench binary was built in (`<target>/<profile>/deps/<bin>`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the running binary has a path");
    exe.ancestors().nth(3).expect("test and bench binaries live in <target>/<profile>/deps").to_path_buf()
}

/// Where scratch crates build: trybuild's target directory, where duckspec without `bundled` (and
/// so without DuckDB's C++) is already compiled.
pub fn scratch_build_dir() -> PathBuf {
    target_dir().join("tests").join("trybuild")
}

/// Writes a scratch crate at `dir` (its own workspace, this repository's lock file) that depends
/// on duckspec without `bundled` (no DuckDB C++); `extra_manifest` is appended to its `Cargo.toml`. Creates `src/`
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

/// Copies the spec files `sources` into the `spec/` directory of trybuild's project for the
/// package `package` (`<target>/tests/trybuild/<package>/`, the cases' `CARGO_MANIFEST_DIR`),
/// where the cases' `#[table(spec = "spec/…")]` find them. A file whose text is unchanged is not
/// written again, so its modification time (the macros' cache key) stays.
pub fn install_specs(package: &str, sources: &[PathBuf]) {
    let destination = scratch_build_dir().join(package).join("spec");
    std::fs::create_dir_all(&destination).unwrap();
    for path in sources {
        let target_path = destination.join(path.file_name().unwrap());
        let text = std::fs::read(path).unwrap();
        if std::fs::read(&target_path).ok().as_deref() != Some(&text[..]) {
            std::fs::write(&target_path, text).unwrap();
        }
    }
}

/// The files of directory `dir`.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect()
}

/// Makes the cargo that trybuild starts link the DuckDB this workspace already compiled, so
/// DuckDB's C++ is not compiled a second time in trybuild's target directory: duckspec depends on
/// duckdb always, and without duckspec's `bundled` feature duckdb-rs links a DuckDB library
/// (`DUCKDB_LIB_DIR`). The library is `libduckdb.so` made from the static archives
/// libduckdb-sys's bundled build left in this target directory (made again when an archive is
/// newer); `LD_LIBRARY_PATH` lets the cases that run find it.
///
/// Call it first thing in a test binary's only test: it sets environment variables.
pub fn link_workspace_duckdb() {
    let lib_dir = shared_duckdb();
    // SAFETY: set before trybuild starts cargo, while the calling test is the only thread that
    // reads the environment (its harness runs that single test alone).
    unsafe {
        std::env::set_var("DUCKDB_LIB_DIR", &lib_dir);
        let path = std::env::var_os("LD_LIBRARY_PATH").unwrap_or_default();
        let mut paths = vec![lib_dir.clone()];
        paths.extend(std::env::split_paths(&path));
        std::env::set_var("LD_LIBRARY_PATH", std::env::join_paths(paths).unwrap());
    }
}

/// The directory of a `libduckdb.so` made from the bundled build's archives.
fn shared_duckdb() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/<test>-… → target/<profile>
    let profile_dir = exe.parent().and_then(Path::parent).unwrap().to_path_buf();
    let archive = newest_archive(&profile_dir.join("build")).unwrap_or_else(|| {
        panic!(
            "no libduckdb.a under {}: build the workspace first (`cargo test --workspace` does)",
            profile_dir.display()
        )
    });
    let out_dir = archive.parent().unwrap();
    let dir = profile_dir.join("duckspec-shared-duckdb");
    std::fs::create_dir_all(&dir).unwrap();
    let shared = dir.join("libduckdb.so");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if modified(&shared) < modified(&archive) {
        // Written beside, then renamed: a test binary killed while linking leaves no half library.
        let partial = dir.join("libduckdb.so.partial");
        let status = Command::new("c++")
            .arg("-shared")
            .arg("-o")
            .arg(&partial)
            .arg("-Wl,--whole-archive")
            .arg(&archive)
            .arg(out_dir.join("libduckdb_static_extension_autoregister.a"))
            .arg("-Wl,--no-whole-archive")
            .args(["-lpthread", "-ldl", "-lm"])
            .status()
            .expect("run the C++ linker (c++)");
        assert!(status.success(), "linking {} failed", shared.display());
        std::fs::rename(&partial, &shared).unwrap();
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

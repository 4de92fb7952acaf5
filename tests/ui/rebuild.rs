//! Editing only the spec re-runs the check: a scratch crate builds against a spec, the spec
//! alone changes, and the next build fails with the drift.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

const MAIN: &str = r#"
#[derive(duckspec::Table)]
#[table(name = "job_metrics", spec = "spec/metrics.sql")]
struct JobMetric {
    #[column(primary_key)]
    job_id: String,
    duration_ms: i64,
}

fn main() {
    use duckspec::Table;
    println!("{}", JobMetric::NAME);
}
"#;

const SPEC: &str = "CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, duration_ms BIGINT NOT NULL);\n";
const DRIFTED: &str = "CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, duration_ms DOUBLE NOT NULL);\n";

fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).expect("test binaries live in <target>/<profile>/deps").to_path_buf()
}

fn write_spec(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    // Strictly newer than anything the previous build wrote, even on file systems with coarse
    // timestamps, so cargo cannot mistake the edit for an older file.
    let mtime = SystemTime::now() + Duration::from_secs(2);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(mtime).unwrap();
}

fn build(krate: &Path, target: &Path) -> Output {
    Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(krate)
        // trybuild's target directory: the same duckspec (without DuckDB) is already built there.
        .env("CARGO_TARGET_DIR", target.join("tests").join("trybuild"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}

#[test]
fn editing_only_the_spec_reruns_the_check() {
    let target = target_dir();
    let krate = target.join("duckspec-scratch").join("rebuild-tracking");
    let _ = std::fs::remove_dir_all(&krate);
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::create_dir_all(krate.join("spec")).unwrap();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../runtime").canonicalize().unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-tracking\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nduckspec = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock"), krate.join("Cargo.lock"))
        .unwrap();
    std::fs::write(krate.join("src/main.rs"), MAIN).unwrap();
    let spec = krate.join("spec/metrics.sql");
    write_spec(&spec, SPEC);

    let first = build(&krate, &target);
    assert!(
        first.status.success(),
        "the matching spec must build:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );

    write_spec(&spec, DRIFTED);
    let second = build(&krate, &target);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "editing only the spec must re-run the check");
    assert!(
        stderr.contains(
            "spec/metrics.sql:1:55: column job_metrics.duration_ms: spec has DOUBLE NOT NULL, struct field JobMetric::duration_ms has BIGINT NOT NULL"
        ),
        "{stderr}"
    );

    write_spec(&spec, SPEC);
    let third = build(&krate, &target);
    assert!(
        third.status.success(),
        "restoring the spec must build again:\n{}",
        String::from_utf8_lossy(&third.stderr)
    );
}

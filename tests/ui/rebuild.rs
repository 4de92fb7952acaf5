//! Editing only the spec re-runs the check: a scratch crate builds against a spec, the spec
//! alone changes, and the next build fails with the drift.

use std::path::Path;
use std::process::Output;
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

fn write_spec(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    // Strictly newer than anything the previous build wrote, even on file systems with coarse
    // timestamps, so cargo cannot mistake the edit for an older file.
    let mtime = SystemTime::now() + Duration::from_secs(2);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(mtime).unwrap();
}

fn build(krate: &Path) -> Output {
    duckspec_ui_tests::cargo("build", krate).output().unwrap()
}

#[test]
fn editing_only_the_spec_reruns_the_check() {
    // The scratch crate is a program: it links DuckDB, the workspace's.
    duckspec_ui_tests::link_workspace_duckdb();
    let krate = duckspec_ui_tests::target_dir().join("duckspec-scratch").join("rebuild-tracking");
    let _ = std::fs::remove_dir_all(&krate);
    duckspec_ui_tests::write_scratch_crate(&krate, "");
    std::fs::write(krate.join("src/main.rs"), MAIN).unwrap();
    let spec = krate.join("spec/metrics.sql");
    write_spec(&spec, SPEC);

    let first = build(&krate);
    assert!(
        first.status.success(),
        "the matching spec must build:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );

    write_spec(&spec, DRIFTED);
    let second = build(&krate);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "editing only the spec must re-run the check");
    assert!(
        stderr.contains(
            "spec/metrics.sql:1:55: column job_metrics.duration_ms: spec has DOUBLE NOT NULL, struct field JobMetric::duration_ms has BIGINT NOT NULL"
        ),
        "{stderr}"
    );

    write_spec(&spec, SPEC);
    let third = build(&krate);
    assert!(
        third.status.success(),
        "restoring the spec must build again:\n{}",
        String::from_utf8_lossy(&third.stderr)
    );
}

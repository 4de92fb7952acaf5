//! A metrics database created by an older build of the example (its spec lacked the last column,
//! `job_metrics.recorded_at`) is refused by the current build, and accepted after the additive
//! migration, with every old row still there.

use std::path::PathBuf;
use std::process::Command;

use duckspec::duckdb::Connection;
use duckspec::migrate::{apply, MigrationPlan};

const SPEC: &str = include_str!("../observability/spec/metrics.sql");

fn example_binary() -> PathBuf {
    // <target>/debug/deps/upgrade-<hash> → <target>/debug/examples/observability
    let exe = std::env::current_exe().unwrap();
    let debug = exe.parent().unwrap().parent().unwrap();
    debug.join("examples").join(format!("observability{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn an_old_database_is_refused_then_accepted_after_migrate_apply() {
    let old_spec = SPEC.replace(
        "    error_message VARCHAR,\n    recorded_at   TIMESTAMP WITH TIME ZONE DEFAULT current_timestamp\n",
        "    error_message VARCHAR\n",
    );
    assert_ne!(old_spec, SPEC, "the old spec lacks a column");
    let dir = std::env::temp_dir().join(format!("duckspec-upgrade-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("metrics.duckdb");
    let _ = std::fs::remove_file(&db);

    // What the older build created and recorded.
    let old = duckspec::spec::parse_schema("old.sql", &old_spec).unwrap();
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(&duckspec::spec::render_schema(&old)).unwrap();
    conn.execute_batch(
        "INSERT INTO job_metrics (job_id, tool, status, started_at, duration_ms, frames_in, frames_out, input_uri) \
         VALUES ('old-job', 'detect', 'succeeded', now(), 1000, 10, 10, 's3://old.mp4')",
    )
    .unwrap();
    drop(conn);

    let refused = Command::new(example_binary()).arg(&db).output().unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "the new build must refuse the old database");
    assert!(stderr.contains("column job_metrics.recorded_at"), "{stderr}");
    assert!(stderr.contains("refusing to write to it"), "{stderr}");

    let conn = Connection::open(&db).unwrap();
    let plan = apply(&conn, "examples/observability/spec/metrics.sql", SPEC).unwrap();
    assert_eq!(
        plan,
        MigrationPlan::Additive(vec!["ALTER TABLE job_metrics ADD COLUMN recorded_at TIMESTAMP WITH TIME ZONE DEFAULT current_timestamp;".into()])
    );
    drop(conn);

    let accepted = Command::new(example_binary()).arg(&db).output().unwrap();
    assert!(accepted.status.success(), "{}", String::from_utf8_lossy(&accepted.stderr));
    let conn = Connection::open(&db).unwrap();
    let old_rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM job_metrics WHERE job_id = 'old-job' AND duration_ms = 1000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old_rows, 1, "the old row survived");
    let total: i64 = conn.query_row("SELECT count(*) FROM job_metrics", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 4, "the old row plus the three jobs the example recorded");
    drop(conn);
    std::fs::remove_dir_all(&dir).unwrap();
}

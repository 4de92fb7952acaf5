//! `duckspec export` and `duckspec diff SPEC LAKE_DIR`, run as a user runs them.

mod common;

use common::*;

const SPEC: &str = "\
CREATE TYPE outcome AS ENUM ('ok', 'failed');
CREATE TABLE job_metrics (
    job_id VARCHAR PRIMARY KEY,
    host VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    outcome outcome,
    duration_ms BIGINT NOT NULL
);
CREATE TABLE devices (name VARCHAR NOT NULL, memory_mb INTEGER);
";

const ROWS: &str = "\
INSERT INTO job_metrics VALUES
    ('j1', 'a', TIMESTAMPTZ '2026-11-25 23:30:00+00', 'ok', 10),
    ('j2', 'a', TIMESTAMPTZ '2026-11-26 00:30:00+00', 'failed', 20),
    ('j3', 'b', TIMESTAMPTZ '2026-11-26 01:00:00+00', NULL, 30);
INSERT INTO devices VALUES ('gpu0', 8192);
";

#[test]
fn export_partitions_each_table_by_the_columns_it_has_and_diff_agrees() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", SPEC);
    let db = ws.database("m.duckdb", &format!("{SPEC}{ROWS}"));
    let lake = ws.dir.path().join("lake");
    let output = duckspec_args(&[
        "export",
        spec.to_str().unwrap(),
        db.to_str().unwrap(),
        lake.to_str().unwrap(),
        "--partition-by",
        "day(started_at)",
        "--partition-by",
        "host",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "job_metrics: 3 row(s) in 3 file(s)\ndevices: 1 row(s) in 1 file(s)\n");
    for dir in [
        "job_metrics/day=2026-11-25/host=a",
        "job_metrics/day=2026-11-26/host=a",
        "job_metrics/day=2026-11-26/host=b",
    ] {
        assert!(lake.join(dir).is_dir(), "{dir}");
    }

    let output = duckspec_args(&["diff", spec.to_str().unwrap(), lake.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stderr(&output).contains("keys, checks and defaults are not part of Parquet"),
        "{}",
        stderr(&output)
    );

    // The spec moves on: every file of the table is named, with the column.
    let moved =
        ws.file("moved.sql", &SPEC.replace("duration_ms BIGINT NOT NULL", "duration_ms DOUBLE NOT NULL"));
    let output = duckspec_args(&["diff", moved.to_str().unwrap(), lake.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    let files: std::collections::BTreeSet<&str> = out
        .lines()
        .filter(|l| l.contains("column duration_ms:"))
        .map(|l| l.split(": table").next().unwrap())
        .collect();
    assert_eq!(files.len(), 3, "{out}");
    assert!(out.lines().all(|l| l.contains("duration_ms")), "{out}");

    let output =
        duckspec_args(&["diff", moved.to_str().unwrap(), lake.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["table"] == "job_metrics" && d["path"].as_str().unwrap().ends_with(".parquet")));
}

#[test]
fn export_refuses_a_drifted_database_and_a_partition_column_no_table_has() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", SPEC);
    let drifted = SPEC.replace("memory_mb INTEGER", "memory_mb BIGINT");
    let db = ws.database("m.duckdb", &format!("{drifted}{ROWS}"));
    let lake = ws.dir.path().join("lake");
    let output =
        duckspec_args(&["export", spec.to_str().unwrap(), db.to_str().unwrap(), lake.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("column devices.memory_mb"), "{}", stdout(&output));
    assert!(stderr(&output).contains("nothing was exported"), "{}", stderr(&output));
    assert!(!lake.exists());

    let good = ws.database("good.duckdb", &format!("{SPEC}{ROWS}"));
    let output = duckspec_args(&[
        "export",
        spec.to_str().unwrap(),
        good.to_str().unwrap(),
        lake.to_str().unwrap(),
        "--partition-by",
        "region",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no table of"), "{}", stderr(&output));
    assert!(!lake.exists());
}

/// A lake with no file of any spec table — an empty directory, a directory named like a database
/// — is drift (exit 1, a line per table), never agreement (it was exit 0).
#[test]
fn an_empty_directory_is_no_lake_that_agrees_with_the_spec() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", SPEC);
    for name in ["empty", "x.duckdb"] {
        let dir = ws.dir.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let output = duckspec_args(&["diff", spec.to_str().unwrap(), dir.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}{}", stdout(&output), stderr(&output));
        let out = stdout(&output);
        assert_eq!(
            out.lines().filter(|l| l.contains("has no file of any table of the spec")).count(),
            2,
            "{out}"
        );
        assert!(out.contains("table job_metrics") && out.contains("table devices"), "{out}");
    }
}

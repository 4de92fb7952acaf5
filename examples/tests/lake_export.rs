//! The example's database moved into a Parquet lake (`duckspec::lake::export`, what `duckspec
//! export` runs): every table's rows land in day partitions, the lake has no drift from the spec,
//! and (with Python's DuckDB, which reads Parquet and the database file alike) every value reads
//! back as it is in the database. With `--iceberg` the example also appends its jobs to an
//! Iceberg table, one snapshot a run, without drift.

use std::path::{Path, PathBuf};
use std::process::Command;

use duckspec::duckdb::{AccessMode, Config, Connection};
use duckspec::lake::{diff_lake, export, ExportedTable, LakeOptions, Partition};

const SPEC: &str = include_str!("../observability/spec/metrics.sql");

fn example_binary() -> PathBuf {
    // <target>/debug/deps/lake_export-<hash> → <target>/debug/examples/observability
    let exe = std::env::current_exe().unwrap();
    let debug = exe.parent().unwrap().parent().unwrap();
    debug.join("examples").join(format!("observability{}", std::env::consts::EXE_SUFFIX))
}

/// Runs the example into a fresh database in `dir` and exports it to `dir/lake`.
fn example_lake(dir: &Path) -> (PathBuf, PathBuf, Vec<ExportedTable>) {
    let db = dir.join("metrics.duckdb");
    let run = Command::new(example_binary()).arg(&db).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let spec = duckspec::spec::parse_schema("examples/observability/spec/metrics.sql", SPEC).unwrap();
    let conn = Connection::open_with_flags(&db, Config::default().access_mode(AccessMode::ReadOnly).unwrap())
        .unwrap();
    let lake = dir.join("lake");
    let options = LakeOptions::default().partition_by(Partition::day("started_at"));
    let exported = export(&conn, &spec, &lake, &options).unwrap();
    for table in &exported {
        let count: i64 =
            conn.query_row(&format!("SELECT count(*) FROM \"{}\"", table.table), [], |r| r.get(0)).unwrap();
        assert_eq!(table.rows as i64, count, "{}", table.table);
    }
    assert!(diff_lake(&spec, &lake).unwrap().is_empty());
    (db, lake, exported)
}

#[test]
fn the_example_database_exports_to_a_lake_without_drift() {
    let dir = tempfile::tempdir().unwrap();
    let (_, lake, exported) = example_lake(dir.path());
    let tables: Vec<&str> = exported.iter().map(|t| t.table.as_str()).collect();
    for table in ["job_metrics", "plugin_metrics", "overlay_metrics", "device_usage"] {
        assert!(tables.contains(&table), "{tables:?}");
    }
    let jobs = exported.iter().find(|t| t.table == "job_metrics").unwrap();
    assert!(jobs.rows > 0);
    assert!(jobs
        .files
        .iter()
        .all(|f| f.starts_with(lake.join("job_metrics")) && f.to_string_lossy().contains("/day=")));
}

#[test]
fn with_iceberg_the_example_appends_one_snapshot_a_run_without_drift() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("metrics.duckdb");
    for (run, total) in [(1, 3), (2, 6)] {
        let output = Command::new(example_binary()).arg(&db).arg("--iceberg").output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .find(|l| l.starts_with("iceberg:"))
            .unwrap_or_else(|| panic!("run {run}: {stdout}"));
        assert!(
            line.contains(&format!("({total} in all)")) && line.ends_with(", 0 drift(s)"),
            "run {run}: {line}"
        );
    }
    let catalog = duckspec::iceberg::Catalog::sql(
        dir.path().join("metrics.iceberg/catalog.db"),
        dir.path().join("metrics.iceberg/warehouse"),
    )
    .unwrap();
    assert_eq!(catalog.snapshot("job_metrics").unwrap().unwrap().snapshots, 2);
}

#[test]
#[ignore = "needs a Python with duckdb in DUCKSPEC_PYTHON; .ci/run installs one and runs this"]
fn python_duckdb_reads_the_exported_example_as_the_database_holds_it() {
    let python = std::env::var("DUCKSPEC_PYTHON").expect("DUCKSPEC_PYTHON names a Python with duckdb");
    let dir = tempfile::tempdir().unwrap();
    let (db, lake, exported) = example_lake(dir.path());
    let script = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("tests/compare_lake.py");
    let mut command = Command::new(python);
    command.arg(&script).arg(&db).arg(&lake);
    for table in &exported {
        command.arg(&table.table);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout.lines().filter(|l| l.ends_with(" rows identical")).count(), exported.len(), "{stdout}");
}

//! `duckspec diff SPEC DB` on damaged database files, as a user meets them after a crash or a bad
//! copy: a corpus-mutation test (the file a database wrote, truncated and with bytes changed
//! across its headers and blocks). Each run must end on its own with exit 1 or 2 and a reason, or
//! exit 0 only where DuckDB itself still reads the same tables from the file: never a panic, a
//! signal, a hang, or "no drift" for a file that holds other tables.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use duckspec::duckdb::{Config, Connection};

mod common;

use common::*;

/// A second table beside the common spec's.
const PLUGIN_METRICS: &str =
    "CREATE TABLE plugin_metrics (job_id VARCHAR NOT NULL, plugin VARCHAR NOT NULL, ms DOUBLE);";

/// The tables DuckDB reads from the file `path` (each as DuckDB prints its DDL), or `None` when it
/// cannot open it.
fn tables(path: &Path) -> Option<Vec<String>> {
    let config = Config::default().access_mode(duckspec::duckdb::AccessMode::ReadOnly).ok()?;
    let conn = Connection::open_with_flags(path, config).ok()?;
    let mut statement = conn.prepare("SELECT sql FROM duckdb_tables() ORDER BY table_name").ok()?;
    let rows = statement.query_map([], |row| row.get(0)).ok()?;
    rows.collect::<Result<_, _>>().ok()
}

/// Runs `duckspec diff spec db`, killing it after `limit`: its exit code (`None` for a signal or a
/// kill), and its output.
fn diff(spec: &Path, db: &Path, limit: Duration) -> (Option<i32>, String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duckspec"))
        .arg("diff")
        .arg(spec)
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut hung = false;
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            hung = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().unwrap();
    let text = format!("{}{}", stdout(&output), stderr(&output));
    (output.status.code(), text, hung)
}

#[test]
fn a_damaged_database_file_is_exit_1_or_2_never_a_crash_or_a_missed_difference() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", &format!("{SPEC}{PLUGIN_METRICS}"));
    let db = ws.database(
        "db.duckdb",
        &format!("{SPEC}{PLUGIN_METRICS} INSERT INTO job_metrics VALUES ('j1', 'ocr', 5, 1.5);"),
    );
    assert_eq!(diff(&spec, &db, Duration::from_secs(60)).0, Some(0));
    let expected = tables(&db).unwrap();
    let original = std::fs::read(&db).unwrap();
    let len = original.len();

    // Truncations, then one byte changed at a time: densely over the file's three 4 KiB headers
    // (DuckDB's main header and its two alternating database headers), sparsely over the rest.
    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [0, 1, 8, 100, 4096, 8192, 12288, 12289, len / 2, len - 1] {
        damaged.push((format!("cut to {cut} bytes"), original[..cut.min(len)].to_vec()));
    }
    let offsets = (0..12288.min(len)).step_by(61).chain((12288..len).step_by((len / 60).max(1)));
    for (i, at) in offsets.enumerate() {
        let mut bytes = original.clone();
        bytes[at] ^= if i % 2 == 0 { 0x01 } else { 0xff };
        damaged.push((format!("byte {at} changed"), bytes));
    }

    let target = ws.dir.path().join("damaged.duckdb");
    let (mut drift, mut refused, mut same) = (0, 0, 0);
    let mut failures = Vec::new();
    for (what, bytes) in &damaged {
        let _ = std::fs::remove_file(target.with_extension("duckdb.wal"));
        std::fs::write(&target, bytes).unwrap();
        let (code, text, hung) = diff(&spec, &target, Duration::from_secs(60));
        match code {
            _ if hung => failures.push(format!("{what}: still running after 60 s")),
            Some(1) => drift += 1,
            Some(2) if !text.trim().is_empty() => refused += 1,
            Some(0) => match tables(&target) {
                Some(tables) if tables == expected => same += 1,
                Some(tables) => failures.push(format!("{what}: exit 0, but DuckDB reads {tables:?}")),
                None => failures.push(format!("{what}: exit 0, but DuckDB cannot open the file")),
            },
            other => failures.push(format!("{what}: exit {other:?}: {text}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} damaged files:\n{}",
        failures.len(),
        damaged.len(),
        failures.join("\n")
    );
    println!(
        "{} damaged files: {drift} drift, {refused} refused with a reason, {same} the same to DuckDB",
        damaged.len()
    );
    // The damage must be noticed somewhere: a header byte is seldom harmless.
    assert!(drift + refused > 0, "no damaged file was noticed");
}

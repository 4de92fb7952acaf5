//! The `duckspec` binary, run as a user runs it: real files, real databases, exit codes.

use std::path::Path;
use std::process::Command;

use duckspec::duckdb::Connection;

mod common;

use common::*;

#[test]
fn ddl_prints_canonical_ddl() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", "create table T (id int4 primary key, \"group\" text default ('x'));");
    let output = duckspec(&[Path::new("ddl"), &spec]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "CREATE TABLE IF NOT EXISTS \"T\" (\n    id INTEGER NOT NULL,\n    \"group\" VARCHAR DEFAULT 'x',\n    PRIMARY KEY (id)\n);\n"
    );
}

#[test]
fn ddl_prints_the_job_logs_spec_that_ships_with_duckspec() {
    let output = duckspec(&[Path::new("ddl"), Path::new("--job-logs")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed
            .starts_with("CREATE TABLE IF NOT EXISTS job_logs (\n    ts TIMESTAMP WITH TIME ZONE NOT NULL,"),
        "{printed}"
    );
    // What it prints is a spec the runtime's own table agrees with: no drift against JobLog's DDL.
    let ws = Workspace::new();
    let printed_spec = ws.file("printed.sql", &printed);
    let shipped = ws.file("shipped.sql", <duckspec::job::JobLog as duckspec::Table>::DDL);
    let diff = duckspec(&[Path::new("diff"), &printed_spec, &shipped]);
    assert_eq!(diff.status.code(), Some(0), "{}{}", stdout(&diff), stderr(&diff));
    // A file and --job-logs together, or neither, is a usage error.
    assert_eq!(duckspec(&[Path::new("ddl")]).status.code(), Some(2));
    assert_eq!(duckspec(&[Path::new("ddl"), &printed_spec, Path::new("--job-logs")]).status.code(), Some(2));
}

#[test]
fn alias_equal_specs_agree() {
    let ws = Workspace::new();
    let a = ws.file("a.sql", SPEC);
    let b = ws.file(
        "b.sql",
        "-- the same table, spelled differently\n\
         CREATE TABLE IF NOT EXISTS job_metrics (job_id TEXT NOT NULL, tool STRING NOT NULL, duration_ms INT8 NOT NULL \
         CHECK ((duration_ms >= 0)), cost NUMERIC(10,2) DEFAULT (0), PRIMARY KEY (job_id));",
    );
    let output = duckspec(&[Path::new("diff"), &a, &b]);
    assert_eq!(output.status.code(), Some(0), "stdout: {}\nstderr: {}", stdout(&output), stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn each_kind_of_drift_is_one_line() {
    let ws = Workspace::new();
    let a = ws.file("a.sql", SPEC);
    let b = ws.file(
        "b.sql",
        "CREATE TABLE job_metrics (
    job_id VARCHAR,
    duration_ms DOUBLE NOT NULL,
    tool VARCHAR,
    cost DECIMAL(10,2) DEFAULT 1,
    extra INTEGER,
    UNIQUE (tool)
);
CREATE TABLE plugin_metrics (job_id VARCHAR);
",
    );
    let output = duckspec(&[Path::new("diff"), &a, &b]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let a = a.display();
    let b = b.display();
    let expected = [
        format!("{a}:2:5: column job_metrics.job_id: {a} has VARCHAR NOT NULL, {b} has VARCHAR"),
        format!("{a}:3:5: column job_metrics.tool: {a} has VARCHAR NOT NULL, {b} has VARCHAR"),
        format!("{a}:4:5: column job_metrics.duration_ms: {a} has BIGINT NOT NULL, {b} has DOUBLE NOT NULL"),
        format!("{a}:5:5: column job_metrics.cost: {a} has DEFAULT 0, {b} has DEFAULT 1"),
        format!("{b}:6:5: column job_metrics.extra: {a} has no such column, {b} has INTEGER"),
        format!("{a}:3:5: column job_metrics.tool: {a} has columns (job_id, tool, duration_ms, cost), {b} has columns (job_id, duration_ms, tool, cost, extra)"),
        format!("{a}:2:20: table job_metrics: {a} has PRIMARY KEY (job_id), {b} has no primary key"),
        format!("{a}:6:5: table job_metrics: {a} has CHECK ((duration_ms >= 0)), {b} has no such constraint"),
        format!("{a}:1:14: table job_metrics: {a} has no such constraint, {b} has UNIQUE (tool)"),
        format!("{b}:9:14: table plugin_metrics: {a} has no such table, {b} has the table"),
    ];
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn json_format_is_machine_readable() {
    let ws = Workspace::new();
    let a = ws.file("a.sql", "CREATE TABLE t (a INTEGER);");
    let b = ws.file("b.sql", "CREATE TABLE t (a BIGINT);");
    let output = duckspec_args(&["diff", "--format", "json", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let drift = &json[0];
    assert_eq!(drift["kind"], "type");
    assert_eq!(drift["table"], "t");
    assert_eq!(drift["column"], "a");
    assert_eq!(drift["expected"], "INTEGER");
    assert_eq!(drift["actual"], "BIGINT");
    assert_eq!(drift["expected_at"], format!("{}:1:17", a.display()));
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn spec_against_database_and_database_against_spec() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", SPEC);
    let same = ws.database("same.duckdb", SPEC);
    let output = duckspec(&[Path::new("diff"), &spec, &same]);
    assert_eq!(output.status.code(), Some(0), "stdout: {}\nstderr: {}", stdout(&output), stderr(&output));
    let output = duckspec(&[Path::new("diff"), &same, &spec]);
    assert_eq!(output.status.code(), Some(0), "stdout: {}\nstderr: {}", stdout(&output), stderr(&output));

    let drifted = ws.database(
        "drifted.duckdb",
        "CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, tool VARCHAR NOT NULL, duration_ms DOUBLE NOT NULL, \
         cost DECIMAL(10,2) DEFAULT 0, CHECK (duration_ms >= 0));",
    );
    let output = duckspec(&[Path::new("diff"), &spec, &drifted]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{}:4:5: column job_metrics.duration_ms: {} has BIGINT NOT NULL, database {} has DOUBLE NOT NULL\n",
            spec.display(),
            spec.display(),
            drifted.display()
        )
    );
}

#[test]
fn bookkeeping_tables_are_never_part_of_a_diff() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", "CREATE TABLE t (a INTEGER);");
    let db =
        ws.database("db.duckdb", "CREATE TABLE t (a INTEGER); CREATE TABLE duckspec_history (id INTEGER);");
    let output = duckspec(&[Path::new("diff"), &spec, &db]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn database_is_opened_read_only() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", "CREATE TABLE t (a INTEGER);");
    let db = ws.database("db.duckdb", "CREATE TABLE t (a INTEGER);");
    let before = std::fs::read(&db).unwrap();
    duckspec(&[Path::new("diff"), &spec, &db]);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!db.with_extension("duckdb.wal").exists());
}

/// The binary recognizes a file locked by another process by DuckDB's message; this pins it.
#[test]
fn a_database_in_use_by_another_process_is_named_as_such() {
    let ws = Workspace::new();
    let spec = ws.file("spec.sql", "CREATE TABLE t (a INTEGER);");
    let path = ws.dir.path().join("busy.duckdb");
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("CREATE TABLE t (a INTEGER)").unwrap();
    let output = duckspec_args(&["migrate", spec.to_str().unwrap(), path.to_str().unwrap(), "--apply"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("in use by another process"), "{}", stderr(&output));
    drop(holder);
}

#[test]
fn a_spec_statement_duckdb_refuses_is_exit_2_at_its_location() {
    let ws = Workspace::new();
    // duckspec reads the collation name; DuckDB knows no such collation.
    let spec =
        ws.file("spec.sql", "CREATE TABLE t (a INTEGER);\nCREATE TABLE u (s VARCHAR COLLATE klingon);");
    let db = ws.database("db.duckdb", "CREATE TABLE t (a INTEGER);");
    let output = duckspec(&[Path::new("diff"), &spec, &db]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("spec.sql:2:1: DuckDB refuses this statement"), "{}", stderr(&output));
}

#[test]
fn the_missed_drifts_are_exit_1_with_a_line_naming_them() {
    let ws = Workspace::new();
    for (spec_sql, db_sql, needle) in [
        (
            "CREATE TABLE t (a INTEGER, b INTEGER DEFAULT CAST(1 AS INTEGER));",
            "CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (1) VIRTUAL);",
            "column t.b",
        ),
        (
            "CREATE TABLE t (s VARCHAR UNIQUE);",
            "CREATE TABLE t (s VARCHAR COLLATE NOCASE UNIQUE);",
            "COLLATE nocase",
        ),
        (
            "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (a INTEGER REFERENCES p(id));",
            "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (a INTEGER);",
            "FOREIGN KEY (a) REFERENCES p(id)",
        ),
        (
            "CREATE TABLE t (a INTEGER); COMMENT ON COLUMN t.a IS 'x';",
            "CREATE TABLE t (a INTEGER); COMMENT ON COLUMN t.a IS 'y';",
            "column t.a",
        ),
        (
            "CREATE TABLE a (i INTEGER);",
            "CREATE TABLE a (i INTEGER); CREATE TABLE b (g GEOMETRY);",
            "table b",
        ),
    ] {
        let spec = ws.file("drift.sql", spec_sql);
        let _ = std::fs::remove_file(ws.dir.path().join("drift.duckdb"));
        let db = ws.database("drift.duckdb", db_sql);
        let output = duckspec(&[Path::new("diff"), &spec, &db]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{spec_sql} vs {db_sql}: {}{}",
            stdout(&output),
            stderr(&output)
        );
        assert!(stdout(&output).contains(needle), "{spec_sql} vs {db_sql}: {}", stdout(&output));
    }
}

#[test]
fn malformed_sql_is_exit_2_with_a_location() {
    let ws = Workspace::new();
    let good = ws.file("good.sql", "CREATE TABLE t (a INTEGER);");
    let bad = ws.file("bad.sql", "CREATE TABLE t (\n    a INTEGER,\n    b VARCHAR NOT NUL\n);");
    let output = duckspec(&[Path::new("diff"), &good, &bad]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    assert!(message.starts_with(&format!("error: {}:3:", bad.display())), "{message}");

    let unsupported = ws.file("drop.sql", "CREATE TABLE t (a INT);\n\nDROP TABLE t;");
    let output = duckspec(&[Path::new("ddl"), &unsupported]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: {}:3:1: unsupported statement `DROP TABLE`; a spec declares tables with CREATE TABLE\n",
            unsupported.display()
        )
    );

    let unknown_type = ws.file("type.sql", "CREATE TABLE t (\n  a mood\n);");
    let output = duckspec(&[Path::new("ddl"), &unknown_type]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("error: {}:2:5: column `t.a`: unknown type `mood`\n", unknown_type.display())
    );
}

#[test]
fn missing_files_are_exit_2() {
    let ws = Workspace::new();
    let good = ws.file("good.sql", "CREATE TABLE t (a INTEGER);");
    let missing = ws.dir.path().join("missing.sql");
    let output = duckspec(&[Path::new("diff"), &good, &missing]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(&format!("error: {}: ", missing.display())), "{}", stderr(&output));

    let missing_db = ws.dir.path().join("missing.duckdb");
    let output = duckspec(&[Path::new("diff"), &good, &missing_db]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), format!("error: {}: no such spec or database file\n", missing_db.display()));
    // Nothing was created by looking.
    assert!(!missing_db.exists());

    let not_a_database = ws.file("notes.txt", "hello");
    let output = duckspec(&[Path::new("diff"), &good, &not_a_database]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot open as a DuckDB database"), "{}", stderr(&output));
}

#[test]
fn migrate_plans_then_applies_additive_changes_and_records_them() {
    let ws = Workspace::new();
    let db = ws.database(
        "metrics.duckdb",
        "CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, duration_ms BIGINT NOT NULL);
         INSERT INTO job_metrics VALUES ('job-1', 10), ('job-2', 20);",
    );
    let spec = ws.file(
        "spec.sql",
        "CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, duration_ms BIGINT NOT NULL, device VARCHAR, \
         retries INTEGER NOT NULL DEFAULT 0);
         CREATE TABLE device_usage (job_id VARCHAR NOT NULL, device VARCHAR NOT NULL);
         COMMENT ON TABLE job_metrics IS 'one row per job';",
    );
    let before = std::fs::read(&db).unwrap();
    let plan = duckspec(&[Path::new("migrate"), &spec, &db]);
    assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
    assert_eq!(
        stdout(&plan),
        "ALTER TABLE job_metrics ADD COLUMN device VARCHAR;\n\
         ALTER TABLE job_metrics ADD COLUMN retries INTEGER DEFAULT 0;\n\
         ALTER TABLE job_metrics ALTER COLUMN retries SET NOT NULL;\n\
         COMMENT ON TABLE job_metrics IS 'one row per job';\n\
         CREATE TABLE IF NOT EXISTS device_usage (\n    job_id VARCHAR NOT NULL,\n    device VARCHAR NOT NULL\n);\n"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "planning changes nothing");

    let applied = duckspec_args(&["migrate", spec.to_str().unwrap(), db.to_str().unwrap(), "--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let diff = duckspec(&[Path::new("diff"), &spec, &db]);
    assert_eq!(diff.status.code(), Some(0), "after the migration the database matches: {}", stdout(&diff));
    let conn = Connection::open(&db).unwrap();
    let rows: Vec<(String, i64, i32)> = conn
        .prepare("SELECT job_id, duration_ms, retries FROM job_metrics ORDER BY job_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows, [("job-1".to_string(), 10, 0), ("job-2".to_string(), 20, 0)], "every old row is kept");
    let history: (i64, String) = conn
        .query_row("SELECT count(*), any_value(statements) FROM duckspec_history", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(history.0, 1);
    assert!(history.1.contains("ADD COLUMN device VARCHAR"), "{}", history.1);
    drop(conn);

    let again = duckspec_args(&["migrate", spec.to_str().unwrap(), db.to_str().unwrap(), "--apply"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("already matches"), "{}", stdout(&again));
}

#[test]
fn migrate_refuses_incompatible_changes_and_leaves_the_database_untouched() {
    let ws = Workspace::new();
    let db = ws.database(
        "metrics.duckdb",
        "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR); INSERT INTO t VALUES (1, 'x');",
    );
    for (name, spec_sql, reason) in [
        (
            "type.sql",
            "CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR);",
            "column t.a: type change from INTEGER NOT NULL to BIGINT NOT NULL",
        ),
        (
            "dropped.sql",
            "CREATE TABLE t (a INTEGER NOT NULL);",
            "column t.b: the database has a column the spec does not",
        ),
        (
            "not_null.sql",
            "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR, c INTEGER NOT NULL);",
            "column t.c: a new NOT NULL column needs a DEFAULT",
        ),
        (
            "middle.sql",
            "CREATE TABLE t (a INTEGER NOT NULL, c INTEGER, b VARCHAR);",
            "column t.c: a new column between existing ones",
        ),
        ("key.sql", "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR);", "table t: constraint change"),
    ] {
        let spec = ws.file(name, spec_sql);
        let before = std::fs::read(&db).unwrap();
        let output = duckspec_args(&["migrate", spec.to_str().unwrap(), db.to_str().unwrap(), "--apply"]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(stderr(&output).contains(&format!("refused: {reason}")), "{name}: {}", stderr(&output));
        assert_eq!(std::fs::read(&db).unwrap(), before, "{name}: the database is untouched");
    }
}

#[test]
fn two_processes_migrating_one_file_end_with_one_migration() {
    let ws = Workspace::new();
    let db = ws.database("metrics.duckdb", "CREATE TABLE t (a INTEGER NOT NULL); INSERT INTO t VALUES (1);");
    let spec =
        ws.file("spec.sql", "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR); CREATE TABLE u (x INTEGER);");
    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_duckspec"))
                    .args(["migrate", spec.to_str().unwrap(), db.to_str().unwrap(), "--apply"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            match output.status.code() {
                Some(0) => {}
                Some(2) => assert!(
                    stderr(&output).contains("one writing process"),
                    "round {round}: a losing process says why: {}",
                    stderr(&output)
                ),
                other => panic!("round {round}: unexpected exit {other:?}: {}", stderr(&output)),
            }
        }
    }
    let conn = Connection::open(&db).unwrap();
    let history: i64 = conn.query_row("SELECT count(*) FROM duckspec_history", [], |r| r.get(0)).unwrap();
    assert_eq!(history, 1, "the migration ran exactly once");
    let rows: i64 =
        conn.query_row("SELECT count(*) FROM t WHERE a = 1 AND b IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
    drop(conn);
    let diff = duckspec(&[Path::new("diff"), &spec, &db]);
    assert_eq!(diff.status.code(), Some(0), "{}", stdout(&diff));
}

/// SIGKILL in the middle of `migrate --apply`: the file reopens either fully migrated (with its
/// history row) or exactly as before, never half-migrated.
#[test]
fn a_killed_migration_leaves_all_or_nothing() {
    let ws = Workspace::new();
    let mut spec_sql = String::from("CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR);\n");
    for i in 0..400 {
        spec_sql.push_str(&format!(
            "CREATE TABLE extra_{i} (id BIGINT PRIMARY KEY, note VARCHAR, n INTEGER DEFAULT 0);\n"
        ));
    }
    let spec = ws.file("spec.sql", &spec_sql);
    let mut outcomes = (0, 0);
    // The whole migration takes about 0.3 s here; the last round is not killed at all.
    let delays = [Some(10u64), Some(50), Some(100), Some(150), Some(200), Some(250), Some(300), None];
    for (round, delay) in delays.into_iter().enumerate() {
        let db = ws.database(
            &format!("killed-{round}.duckdb"),
            "CREATE TABLE t (a INTEGER NOT NULL); INSERT INTO t VALUES (7);",
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_duckspec"))
            .args(["migrate", spec.to_str().unwrap(), db.to_str().unwrap(), "--apply"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if let Some(delay_ms) = delay {
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            let _ = child.kill(); // SIGKILL; it may already have finished
        }
        child.wait().unwrap();

        let conn = Connection::open(&db).unwrap();
        let live = duckspec::read_schema(&conn, duckspec::spec::Origin::Database("killed".into())).unwrap();
        let extras = live.tables.iter().filter(|t| t.name.starts_with("extra_")).count();
        let has_b = live.table("t").unwrap().column("b").is_some();
        let history = live.table("duckspec_history").is_some();
        let row: i32 = conn.query_row("SELECT a FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(row, 7, "round {round}: the existing row survives");
        if extras == 0 {
            assert!(!has_b && !history, "round {round}: nothing of an interrupted migration remains");
            outcomes.0 += 1;
        } else {
            assert_eq!(extras, 400, "round {round}: a migration is never half-applied");
            assert!(has_b && history, "round {round}: a completed migration is complete");
            outcomes.1 += 1;
        }
    }
    assert_eq!(outcomes.0 + outcomes.1, delays.len());
    assert!(outcomes.1 >= 1, "the unkilled round completes");
    eprintln!("killed before commit: {}, completed: {}", outcomes.0, outcomes.1);
}

/// `migrate --apply` to a path with no database creates one only when the migration lands: a
/// spec DuckDB refuses leaves no empty database file behind (it used to).
#[test]
fn a_failed_migration_to_a_new_path_leaves_no_file() {
    let ws = Workspace::new();
    let spec =
        ws.file("spec.sql", "CREATE TABLE t (a INTEGER);\nCREATE TABLE u (s VARCHAR COLLATE klingon);");
    let path = ws.dir.path().join("new.duckdb");
    let output = duckspec_args(&["migrate", spec.to_str().unwrap(), path.to_str().unwrap(), "--apply"]);
    assert_ne!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!path.exists(), "{} was left behind: {}", path.display(), stderr(&output));
    assert!(!ws.dir.path().join("new.duckdb.wal").exists());
    // A good spec creates it.
    let good = ws.file("good.sql", "CREATE TABLE t (a INTEGER);");
    let output = duckspec_args(&["migrate", good.to_str().unwrap(), path.to_str().unwrap(), "--apply"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(path.is_file());
}

/// A spec saved with a UTF-8 byte-order mark reads as without one; a spec that is not UTF-8 is
/// exit 2 at the first invalid byte's line and column (it had no location).
#[test]
fn a_byte_order_mark_is_skipped_and_invalid_utf8_is_located() {
    let ws = Workspace::new();
    let path = ws.dir.path().join("bom.sql");
    std::fs::write(&path, b"\xef\xbb\xbfCREATE TABLE t (a INTEGER);").unwrap();
    let output = duckspec_args(&["ddl", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("CREATE TABLE IF NOT EXISTS t ("), "{}", stdout(&output));
    let path = ws.dir.path().join("latin1.sql");
    std::fs::write(&path, b"CREATE TABLE t (a INTEGER);\n-- caf\xe9\nCREATE TABLE u (b INTEGER);").unwrap();
    for command in ["ddl", "diff"] {
        let mut args = vec![command, path.to_str().unwrap()];
        if command == "diff" {
            args.push(path.to_str().unwrap());
        }
        let output = duckspec_args(&args);
        assert_eq!(output.status.code(), Some(2), "{command}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("latin1.sql:2:7: the file is not UTF-8 text"),
            "{command}: {}",
            stderr(&output)
        );
    }
}

//! The derives against a real DuckDB: the DDL a struct generates creates exactly the table the
//! struct describes, as the engine reports it.

use duckspec::duckdb::Connection;
use duckspec::spec::{diff_tables, parse_schema, Origin};
use duckspec::{Schema, SqlEnum, Table};
use duckspec_tests::every_type::{EveryType, Mood};

#[derive(SqlEnum, Debug, Clone, Copy, PartialEq)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
}

#[derive(Table)]
#[table(name = "job_metrics", spec = "spec/metrics.sql")]
pub struct JobMetric {
    #[column(primary_key)]
    pub job_id: String,
    pub tool: String,
    pub status: JobStatus,
    pub started_at: chrono::DateTime<chrono::Utc>,
    #[column(check = "duration_ms >= 0")]
    pub duration_ms: i64,
    pub device: Option<String>,
    #[column(sql_type = "DECIMAL(10,2)")]
    pub cost: rust_decimal::Decimal,
    #[column(default = "current_timestamp")]
    pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql", primary_key(job_id, plugin))]
pub struct PluginMetric {
    #[column(references = "job_metrics(job_id)")]
    pub job_id: String,
    pub plugin: String,
    pub outcome: String,
}

#[derive(Schema)]
#[schema(spec = "spec/metrics.sql", tables(PluginMetric, JobMetric))]
pub struct Metrics;

fn live_table(ddl: &str, name: &str) -> duckspec::spec::TableDef {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(ddl).unwrap_or_else(|e| panic!("{e}\n{ddl}"));
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    live.table(name).unwrap_or_else(|| panic!("{name} was not created")).clone()
}

#[test]
fn every_mapped_type_creates_the_table_the_struct_describes() {
    let live = live_table(EveryType::DDL, EveryType::NAME);
    let drift = diff_tables(EveryType::table_def(), &live, &Origin::Code, &Origin::Database("memory".into()));
    assert!(drift.is_empty(), "{drift:#?}\n{}", EveryType::DDL);
    assert_eq!(live.columns.len(), 34);
    assert_eq!(live.column("feel").unwrap().sql_type.to_string(), "ENUM('sad', 'very happy')");
    assert_eq!(live.column("moods").unwrap().sql_type.to_string(), "ENUM('sad', 'very happy')[]");
    assert_eq!(live.unique[0].columns, ["order"]);
    assert_eq!(live.comment.as_deref(), Some("one column per mapped type"));
    assert_eq!(live.column("s").unwrap().comment.as_deref(), Some("free text"));
}

#[test]
fn checked_structs_agree_with_their_spec_and_the_engine() {
    let spec = parse_schema("spec/metrics.sql", include_str!("spec/metrics.sql")).unwrap();
    for (def, ddl) in
        [(JobMetric::table_def(), JobMetric::DDL), (PluginMetric::table_def(), PluginMetric::DDL)]
    {
        let spec_table = spec.table(&def.name).unwrap();
        let origin = Origin::Spec("spec/metrics.sql".into());
        assert!(diff_tables(spec_table, def, &origin, &Origin::Code).is_empty());
        let live = live_table(&format!("{}{ddl}", JobMetric::DDL), &def.name);
        assert!(
            diff_tables(def, &live, &Origin::Code, &Origin::Database("memory".into())).is_empty(),
            "{ddl}"
        );
    }
    assert_eq!(JobMetric::SPEC, Some("spec/metrics.sql"));
    assert_eq!(JobStatus::VARIANTS, ["queued", "running", "succeeded", "failed"]);
}

#[test]
fn schema_lists_tables_in_dependency_order_and_its_ddl_runs() {
    assert_eq!(Metrics::TABLES, ["job_metrics", "plugin_metrics"]);
    let names: Vec<&str> = Metrics::table_defs().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["job_metrics", "plugin_metrics"]);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(Metrics::DDL).unwrap();
    // Idempotent as text: IF NOT EXISTS everywhere.
    conn.execute_batch(Metrics::DDL).unwrap();
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    assert_eq!(live.tables.len(), 2);
    assert_eq!(live.table("plugin_metrics").unwrap().foreign_keys[0].table, "job_metrics");
}

#[test]
fn sql_enum_labels_round_trip() {
    assert_eq!(Mood::SQL_TYPE, "ENUM('sad', 'very happy')");
    for mood in [Mood::Sad, Mood::VeryHappy] {
        assert_eq!(Mood::from_sql_str(mood.as_sql_str()), Some(mood));
    }
    assert_eq!(Mood::from_sql_str("Sad"), None);
}

#[test]
fn load_creates_missing_tables_once_and_is_idempotent() {
    let conn = Connection::open_in_memory().unwrap();
    assert_eq!(Metrics::load(&conn).unwrap(), 2);
    assert_eq!(Metrics::load(&conn).unwrap(), 0);
    Metrics::check(&conn).unwrap();
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    assert_eq!(live.tables.len(), 2);
    assert_eq!(live.table("plugin_metrics").unwrap().foreign_keys.len(), 1);
}

#[test]
fn concurrent_loads_create_the_tables_once() {
    let dir = std::env::temp_dir().join(format!("duckspec-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("metrics.duckdb");
    let _ = std::fs::remove_file(&path);
    let conn = Connection::open(&path).unwrap();
    let results: Vec<usize> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let conn = conn.try_clone().unwrap();
                scope.spawn(move || Metrics::load(&conn).unwrap())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().sum::<usize>(), 2, "{results:?}");
    Metrics::check(&conn).unwrap();
    drop(conn);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn load_refuses_a_drifted_database_and_changes_nothing() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TYPE job_status AS ENUM ('queued', 'running', 'succeeded', 'failed');
         CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, tool VARCHAR NOT NULL, status job_status NOT NULL,
             started_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE NOT NULL CHECK (duration_ms >= 0), device VARCHAR,
             cost DECIMAL(10,2) NOT NULL, recorded_at TIMESTAMPTZ DEFAULT current_timestamp);
         CREATE TABLE unrelated (x INTEGER);",
    )
    .unwrap();
    let error = Metrics::load(&conn).unwrap_err();
    let duckspec::Error::Drift(report) = &error else { panic!("expected drift, got {error}") };
    assert_eq!(report.drifts.len(), 1, "{error}");
    assert_eq!(report.drifts[0].column.as_deref(), Some("duration_ms"));
    let message = error.to_string();
    assert!(
        message.contains(
            "column job_metrics.duration_ms: code has BIGINT NOT NULL, database :memory: has DOUBLE NOT NULL"
        ),
        "{message}"
    );
    assert!(message.contains("duckspec migrate"), "{message}");
    // Nothing was created: plugin_metrics is still missing, the unrelated table untouched.
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    assert!(live.table("plugin_metrics").is_none());
    assert!(live.table("unrelated").is_some());
    assert!(matches!(Metrics::check(&conn), Err(duckspec::Error::Drift(r)) if r.drifts == report.drifts));
}

/// Run as a child process by `two_processes_loading_one_file_create_the_tables_once`.
#[test]
#[ignore = "a child process of two_processes_loading_one_file_create_the_tables_once"]
fn child_process_load() {
    let path = std::env::var_os("DUCKSPEC_CHILD_DB").expect("run by the parent test");
    let conn = match Connection::open(&path) {
        Ok(conn) => conn,
        Err(e) => {
            eprintln!("open failed: {e}");
            std::process::exit(3);
        }
    };
    let created = Metrics::load(&conn).unwrap();
    println!("created={created}");
}

#[test]
fn two_processes_loading_one_file_create_the_tables_once() {
    let dir = std::env::temp_dir().join(format!("duckspec-two-loads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("metrics.duckdb");
    let _ = std::fs::remove_file(&path);
    let children: Vec<_> = (0..2)
        .map(|_| {
            duckspec_tests::rerun_self("child_process_load")
                .env("DUCKSPEC_CHILD_DB", &path)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Both run at once; collect them only after both started.
    let children: Vec<_> = children.into_iter().map(|child| child.wait_with_output().unwrap()).collect();
    let mut created = 0;
    for child in &children {
        let stdout = String::from_utf8_lossy(&child.stdout);
        let stderr = String::from_utf8_lossy(&child.stderr);
        if child.status.success() {
            let count = stdout.split("created=").nth(1).and_then(|s| s.split_whitespace().next()).unwrap();
            created += count.parse::<usize>().unwrap();
        } else {
            // DuckDB allows one writing process: the other one is refused, clearly, at open.
            assert!(stderr.contains("lock"), "a failing child says why: {stderr}");
        }
    }
    assert_eq!(created, 2, "the two tables were created exactly once");
    let conn = Connection::open(&path).unwrap();
    Metrics::check(&conn).unwrap();
    assert_eq!(Metrics::load(&conn).unwrap(), 0);
    drop(conn);
    std::fs::remove_dir_all(&dir).unwrap();
}

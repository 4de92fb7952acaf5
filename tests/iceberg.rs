//! Iceberg tables through a real catalog (`duckspec::iceberg`, the Apache Iceberg Rust crates with
//! a SQL catalog on SQLite): rows of every mapped type committed as one snapshot and read back
//! from the snapshot's data files by DuckDB exactly as inserted, partition transforms, a table
//! that drifted refused by the writer, `diff_iceberg` in both directions, additive evolution
//! through `migrate_iceberg`, the sink committing one snapshot per table per flush, and damaged
//! metadata files, manifest lists and manifests refused or reported, never a panic. The
//! engines nobody here wrote (pyiceberg, Daft) read the same tables in
//! `python_engines_read_the_iceberg_tables`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use duckspec::duckdb::Connection;
use duckspec::iceberg::{diff_iceberg, export, migrate_iceberg, Catalog, IcebergOptions, IcebergWriter};
use duckspec::lake::Partition;
use duckspec::spec::{parse_schema, Schema};
use duckspec::{Sink, SinkOptions, Table};
use duckspec_tests::every_type::{every_type_rows, EveryType};
use duckspec_tests::jobs::{job_rows_from, JobMetric};

const EVERY_TYPE_SPEC: &str = include_str!("spec/every_type.sql");

fn catalog_in(dir: &Path) -> Catalog {
    Catalog::sql(dir.join("catalog.db"), dir.join("warehouse")).unwrap()
}

fn spec(sql: &str) -> Schema {
    parse_schema("spec/metrics.sql", sql).unwrap()
}

const JOB_METRICS: &str = "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, host VARCHAR, \
    started_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT NOT NULL);";

fn job_rows(n: usize, first: usize) -> Vec<JobMetric> {
    job_rows_from(first, n)
}

/// The data files under a table's location (every file Iceberg's writer completed).
fn data_files(location: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "parquet") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(location.trim_start_matches("file://")).join("data"), &mut out);
    out.sort();
    out
}

/// Rows of `query_a` missing from `query_b` and the other way round, on one connection.
fn except_all_both_ways(conn: &Connection, a: &str, b: &str) -> (i64, i64) {
    let count = |x: &str, y: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM (({x}) EXCEPT ALL ({y}))"), [], |r| r.get(0)).unwrap()
    };
    (count(a, b), count(b, a))
}

#[test]
fn rows_of_every_mapped_type_are_one_snapshot_and_read_back_as_inserted() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let rows = every_type_rows();
    let mut writer = IcebergWriter::<EveryType>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&rows).unwrap();
    // Nothing is visible before the commit.
    assert_eq!(catalog.snapshot("every_type").unwrap().unwrap().snapshot_id, None);
    assert_eq!(writer.commit().unwrap(), rows.len());
    let snapshot = catalog.snapshot("main.every_type").unwrap().unwrap();
    assert_eq!((snapshot.snapshots, snapshot.rows), (1, rows.len() as u64));

    // DuckDB reads the snapshot's data files; every value equals what DuckDB stores for the
    // same rows inserted the usual way (UUID as Iceberg's 16 bytes, compared by their text).
    let files = data_files(&snapshot.location);
    assert_eq!(files.len() as u64, snapshot.data_files);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(EVERY_TYPE_SPEC).unwrap();
    EveryType::insert_all(&conn, &rows).unwrap();
    let list: Vec<String> = files.iter().map(|f| format!("'{}'", f.display())).collect();
    conn.execute_batch(&format!("CREATE VIEW ice AS SELECT * FROM read_parquet([{}])", list.join(", ")))
        .unwrap();
    let def = EveryType::table_def();
    let text = |table: &str, uuid_as_bytes: bool| -> String {
        let columns: Vec<String> = def
            .columns
            .iter()
            .map(|c| {
                let name = format!("\"{}\"", c.name);
                let uuid = c.sql_type == duckspec::spec::SqlType::Uuid;
                match (uuid, uuid_as_bytes) {
                    (true, true) => format!("lower(hex({name}))"),
                    (true, false) => format!("replace(CAST({name} AS VARCHAR), '-', '')"),
                    _ => format!("CAST({name} AS VARCHAR)"),
                }
            })
            .collect();
        format!("SELECT {} FROM {table}", columns.join(", "))
    };
    let ice_uuid: String = conn.query_row("SELECT typeof(id) FROM ice LIMIT 1", [], |r| r.get(0)).unwrap();
    let (missing, extra) =
        except_all_both_ways(&conn, &text("every_type", false), &text("ice", ice_uuid == "BLOB"));
    assert_eq!((missing, extra), (0, 0), "Iceberg's files differ from DuckDB's rows");
    let count: i64 = conn.query_row("SELECT count(*) FROM ice", [], |r| r.get(0)).unwrap();
    assert_eq!(count, rows.len() as i64);
}

#[test]
fn partition_transforms_put_each_row_in_its_day_and_host() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let options = IcebergOptions::default()
        .partition_by(Partition::day("started_at"))
        .partition_by(Partition::column("host"));
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, options.clone()).unwrap();
    writer.write(&job_rows(3_000, 0)).unwrap();
    writer.commit().unwrap();
    writer.write(&job_rows(1_000, 3_000)).unwrap();
    writer.finish().unwrap();
    let snapshot = catalog.snapshot("job_metrics").unwrap().unwrap();
    assert_eq!((snapshot.snapshots, snapshot.rows), (2, 4_000));
    // 5 instants on 3 UTC days, 3 hosts (one NULL): each file holds one day and one host.
    let files = data_files(&snapshot.location);
    let dirs: std::collections::BTreeSet<String> = files
        .iter()
        .map(|f| {
            f.parent()
                .unwrap()
                .strip_prefix(Path::new(snapshot.location.trim_start_matches("file://")).join("data"))
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(dirs.len(), 9, "{dirs:?}");
    assert!(dirs.iter().all(|d| d.starts_with("started_at_day=2025-11-2")), "{dirs:?}");
    assert!(dirs.iter().any(|d| d.ends_with("host=null")), "{dirs:?}");
    // Values are escaped in directory names: `/` makes no extra level.
    assert!(dirs.iter().any(|d| d.ends_with("host=b%2Fc")), "{dirs:?}");

    let expected = spec(JOB_METRICS);
    let levels = options.partitions();
    assert!(diff_iceberg(&expected, &catalog, Some(levels)).unwrap().is_empty());
    let other = [Partition::column("host")];
    let drifts = diff_iceberg(&expected, &catalog, Some(&other)).unwrap();
    assert_eq!(drifts.len(), 1, "{drifts:?}");
    assert!(drifts[0].message.starts_with("partition spec: expected (host=identity(host)), catalog has (started_at_day=day(started_at), host=identity(host))"), "{}", drifts[0]);
}

#[test]
fn a_partition_value_cannot_put_a_file_outside_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let options = IcebergOptions::default().partition_by(Partition::column("host"));
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, options).unwrap();
    let mut row = job_rows(1, 0).remove(0);
    row.host = Some("../../../../outside".into());
    writer.write(&[row]).unwrap();
    writer.commit().unwrap();
    let location = catalog.snapshot("job_metrics").unwrap().unwrap().location;
    let files = data_files(&location);
    assert_eq!(files.len(), 1);
    let data = Path::new(location.trim_start_matches("file://")).join("data");
    assert_eq!(files[0].parent().unwrap(), data.join("host=..%2F..%2F..%2F..%2Foutside"), "{files:?}");
}

#[test]
fn drift_is_found_in_both_directions_and_a_drifted_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&job_rows(10, 0)).unwrap();
    writer.finish().unwrap();
    assert!(diff_iceberg(&spec(JOB_METRICS), &catalog, None).unwrap().is_empty());

    let edited = |from: &str, to: &str| {
        assert!(JOB_METRICS.contains(from), "{from}");
        spec(&JOB_METRICS.replace(from, to))
    };
    let cases = [
        (edited("duration_ms BIGINT", "duration_ms DOUBLE"), "column duration_ms: spec has double NOT NULL (DOUBLE), catalog has long NOT NULL"),
        (edited("host VARCHAR", "host VARCHAR NOT NULL"), "column host: spec has string NOT NULL (VARCHAR), catalog has string"),
        (edited(", duration_ms BIGINT NOT NULL", ""), "column duration_ms: spec has no such column, catalog has long NOT NULL"),
        (edited("NOT NULL);", "NOT NULL, device VARCHAR);"), "column device: spec has string (VARCHAR), catalog has no such column"),
        (edited("job_id VARCHAR NOT NULL, host VARCHAR", "host VARCHAR, job_id VARCHAR NOT NULL"), "column order: spec has (host, job_id, started_at, duration_ms), catalog has (job_id, host, started_at, duration_ms)"),
        // What Iceberg stores alike is told apart by the definition recorded with the table.
        (edited("host VARCHAR", "host JSON"), "column job_metrics.host: spec/metrics.sql has JSON, duckspec.ddl has VARCHAR"),
        (edited("duration_ms BIGINT NOT NULL", "duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0)"), "written for another definition:"),
    ];
    for (changed, message) in cases {
        let drifts: Vec<String> =
            diff_iceberg(&changed, &catalog, None).unwrap().iter().map(ToString::to_string).collect();
        assert!(drifts.iter().any(|d| d.contains(message)), "expected `{message}` in {drifts:#?}");
    }

    // The other direction: a catalog table the spec lacks, a spec table the catalog lacks.
    let two = spec(&format!("{JOB_METRICS} CREATE TABLE plugin_metrics (id BIGINT);"));
    let drifts: Vec<String> =
        diff_iceberg(&two, &catalog, None).unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(drifts, ["table main.plugin_metrics: the catalog has no such table"]);
    let none = spec("CREATE TABLE plugin_metrics (id BIGINT);");
    let drifts: Vec<String> =
        diff_iceberg(&none, &catalog, None).unwrap().iter().map(ToString::to_string).collect();
    assert!(drifts.contains(&"table main.job_metrics: the spec has no such table".to_string()), "{drifts:?}");

    // A writer whose struct differs from the catalog's table writes nothing.
    #[derive(Table)]
    #[table(name = "job_metrics", unchecked)]
    struct Moved {
        job_id: String,
        duration_ms: f64,
    }
    let error = IcebergWriter::<Moved>::create(&catalog, IcebergOptions::default()).err().expect("refused");
    let text = error.to_string();
    assert!(
        text.contains("differs from its definition; nothing was written")
            && text.contains("column duration_ms"),
        "{text}"
    );
    assert_eq!(catalog.snapshot("job_metrics").unwrap().unwrap().rows, 10);
}

#[test]
fn migrate_adds_tables_and_nullable_columns_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let v1 = spec(JOB_METRICS);
    let plan = migrate_iceberg(&v1, &catalog, &IcebergOptions::default(), false).unwrap();
    assert_eq!(plan.steps.len(), 1);
    assert!(catalog.table_names().unwrap().is_empty(), "a plan changes nothing");
    migrate_iceberg(&v1, &catalog, &IcebergOptions::default(), true).unwrap();
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&job_rows(5, 0)).unwrap();
    writer.finish().unwrap();

    let v2 = spec(&JOB_METRICS.replace("NOT NULL);", "NOT NULL, device VARCHAR, tags VARCHAR[]);"));
    let plan = migrate_iceberg(&v2, &catalog, &IcebergOptions::default(), true).unwrap();
    let steps: Vec<String> = plan.steps.iter().map(ToString::to_string).collect();
    assert_eq!(
        steps,
        [
            "table main.job_metrics: add optional column device string",
            "table main.job_metrics: add optional column tags list<string>"
        ]
    );
    assert!(diff_iceberg(&v2, &catalog, None).unwrap().is_empty(), "{:?}", diff_iceberg(&v2, &catalog, None));
    assert!(!diff_iceberg(&v1, &catalog, None).unwrap().is_empty());
    assert!(migrate_iceberg(&v2, &catalog, &IcebergOptions::default(), true).unwrap().steps.is_empty());

    // New rows with the new columns land beside the old ones.
    #[derive(Table)]
    #[table(name = "job_metrics", unchecked)]
    struct JobMetricV2 {
        job_id: String,
        host: Option<String>,
        started_at: DateTime<Utc>,
        duration_ms: i64,
        device: Option<String>,
        tags: Option<Vec<String>>,
    }
    let mut writer = IcebergWriter::<JobMetricV2>::create(&catalog, IcebergOptions::default()).unwrap();
    let now = DateTime::from_timestamp(1_764_115_200, 0).unwrap();
    writer
        .write(&[JobMetricV2 {
            job_id: "new".into(),
            host: None,
            started_at: now,
            duration_ms: 1,
            device: Some("gpu0".into()),
            tags: Some(vec!["x".into()]),
        }])
        .unwrap();
    writer.finish().unwrap();
    assert_eq!(catalog.snapshot("job_metrics").unwrap().unwrap().rows, 6);

    for (sql, reason) in [
        (
            JOB_METRICS
                .replace("NOT NULL);", "NOT NULL, device VARCHAR, tags VARCHAR[], gpu VARCHAR NOT NULL);"),
            "column gpu is NOT NULL",
        ),
        (
            JOB_METRICS
                .replace("NOT NULL);", "NOT NULL, device VARCHAR, tags VARCHAR[]);")
                .replace("duration_ms BIGINT", "duration_ms INTEGER"),
            "column duration_ms: spec has int",
        ),
        (JOB_METRICS.replace(", duration_ms BIGINT NOT NULL", ""), "spec has no such column"),
    ] {
        let plan = migrate_iceberg(&spec(&sql), &catalog, &IcebergOptions::default(), true).unwrap();
        assert!(plan.refused.iter().any(|r| r.contains(reason)), "expected `{reason}` in {:?}", plan.refused);
        assert!(
            plan.refused.is_empty() || diff_iceberg(&v2, &catalog, None).unwrap().is_empty(),
            "a refused plan applies nothing"
        );
    }
}

#[test]
fn export_writes_a_database_into_the_catalog_one_snapshot_per_table() {
    let sql = format!("{JOB_METRICS} CREATE TABLE plugin_metrics (job_id VARCHAR NOT NULL, plugin VARCHAR NOT NULL, ms DOUBLE, huge HUGEINT, tags VARCHAR[], kv MAP(VARCHAR, INTEGER), s STRUCT(a INTEGER, b VARCHAR));");
    let schema = spec(&sql);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&sql).unwrap();
    JobMetric::insert_all(&conn, &job_rows(2_000, 0)).unwrap();
    conn.execute_batch(
        "INSERT INTO plugin_metrics VALUES ('j1', 'ocr', 1.5, 170141183460469231731687303715884105727, ['a', NULL], MAP {'k': 1}, {'a': 1, 'b': 'x'}), \
         ('j2', 'asr', NULL, -1, [], MAP {}, NULL), ('j3', 'asr', 2.0, NULL, NULL, NULL, {'a': NULL, 'b': NULL})",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let options = IcebergOptions::default().partition_by(Partition::day("started_at"));
    let exported = export(&conn, &schema, &catalog, &options).unwrap();
    assert_eq!(exported.iter().map(|t| t.rows).collect::<Vec<_>>(), [2_000, 3]);
    assert!(diff_iceberg(&schema, &catalog, Some(options.partitions())).unwrap().is_empty());
    for def in &schema.tables {
        let snapshot = catalog.snapshot(&def.name).unwrap().unwrap();
        assert_eq!(snapshot.snapshots, 1);
        let files: Vec<String> =
            data_files(&snapshot.location).iter().map(|f| format!("'{}'", f.display())).collect();
        let select = def
            .columns
            .iter()
            .map(|c| format!("CAST(\"{}\" AS VARCHAR)", c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let (missing, extra) = except_all_both_ways(
            &conn,
            &format!("SELECT {select} FROM {}", def.name),
            &format!("SELECT {select} FROM read_parquet([{}])", files.join(", ")),
        );
        assert_eq!((missing, extra), (0, 0), "table {}", def.name);
    }
}

#[derive(Table)]
#[table(name = "plugin_metrics", unchecked)]
struct PluginMetric {
    job_id: String,
    plugin: String,
    ms: f64,
}

#[test]
fn a_sink_commits_one_snapshot_per_table_per_flush() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start_iceberg(catalog_in(dir.path()), IcebergOptions::default(), SinkOptions::default())
        .unwrap();
    for (i, row) in job_rows(500, 0).into_iter().enumerate() {
        sink.send(row).unwrap();
        sink.send(PluginMetric { job_id: format!("job-{i}"), plugin: "ocr".into(), ms: i as f64 }).unwrap();
    }
    sink.flush().unwrap();
    for row in job_rows(10, 500) {
        sink.send(row).unwrap();
    }
    let stats = sink.close().unwrap();
    assert_eq!(stats.written, 1_010);
    let catalog = catalog_in(dir.path());
    let jobs = catalog.snapshot("job_metrics").unwrap().unwrap();
    assert_eq!((jobs.snapshots, jobs.rows), (2, 510));
    let plugins = catalog.snapshot("plugin_metrics").unwrap().unwrap();
    assert_eq!((plugins.snapshots, plugins.rows), (1, 500));
}

#[test]
fn a_sink_keeps_the_rows_of_a_table_iceberg_cannot_store_as_rejects() {
    #[derive(Table)]
    #[table(name = "ticks", unchecked)]
    struct Tick {
        #[column(sql_type = "TIMESTAMP_NS")]
        at: chrono::NaiveDateTime,
    }
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start_iceberg(catalog_in(dir.path()), IcebergOptions::default(), SinkOptions::default())
        .unwrap();
    sink.send(Tick { at: DateTime::from_timestamp(1, 0).unwrap().naive_utc() }).unwrap();
    sink.send(PluginMetric { job_id: "j".into(), plugin: "ocr".into(), ms: 1.0 }).unwrap();
    let stats = sink.close().unwrap();
    let catalog = catalog_in(dir.path());
    assert_eq!((stats.written, stats.rejected, stats.failed_flushes), (1, 1, 1));
    let rejects = catalog.snapshot("duckspec_rejects").unwrap().expect("the rejects table");
    assert_eq!(rejects.rows, 1);
    assert_eq!(catalog.snapshot("plugin_metrics").unwrap().unwrap().rows, 1);
    assert_eq!(catalog.snapshot("ticks").unwrap(), None);
}

#[test]
fn a_catalog_path_that_cannot_be_a_catalog_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let error =
        Catalog::sql(dir.path(), dir.path().join("warehouse")).err().expect("a directory is no catalog");
    assert!(error.to_string().contains("is a directory"), "{error}");
    let not_sqlite = dir.path().join("x.db");
    std::fs::write(&not_sqlite, vec![7u8; 4096]).unwrap();
    assert!(!Catalog::is_sql_catalog(&not_sqlite));
    let error = Catalog::sql(&not_sqlite, dir.path().join("w")).err().expect("garbage is no catalog");
    assert!(error.to_string().contains(&not_sqlite.display().to_string()), "{error}");
}

#[tokio::test]
async fn inside_an_async_runtime_calls_work_and_the_catalog_drops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // Called on the runtime's own thread: the calls run on a thread of their own, no panic.
    let catalog = catalog_in(dir.path());
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&job_rows(10, 0)).unwrap();
    assert_eq!(writer.commit().unwrap(), 10);
    drop(writer);
    drop(catalog);
    // And from a blocking thread, as async code should call them.
    let path = dir.path().to_path_buf();
    let rows =
        tokio::task::spawn_blocking(move || catalog_in(&path).snapshot("job_metrics").unwrap().unwrap().rows)
            .await
            .unwrap();
    assert_eq!(rows, 10);
}

const PYTHON: &str = "DUCKSPEC_PYTHON";

fn interop_script(name: &str) -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo")).join("interop").join(name)
}

#[test]
#[ignore = "needs a Python in DUCKSPEC_PYTHON to hold a lock on the catalog; .ci/run runs this"]
fn python_a_locked_catalog_fails_the_commit_and_loses_no_row() {
    use std::io::BufRead;
    let python = std::env::var(PYTHON).expect("DUCKSPEC_PYTHON names a Python");
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&job_rows(100, 0)).unwrap();
    // Another process holds the catalog's database for 12 seconds (longer than SQLite's busy wait).
    let mut lock = std::process::Command::new(&python)
        .arg(interop_script("lock_catalog.py"))
        .arg(dir.path().join("catalog.db"))
        .arg("12")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(lock.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "locked");
    let error = writer.commit().expect_err("the catalog cannot be written while locked");
    let text = error.to_string();
    assert!(text.contains("catalog.db") && text.contains("locked"), "{text}");
    assert!(lock.wait().unwrap().success());
    // The written files were kept: the next commit adds every row.
    writer.write(&job_rows(10, 100)).unwrap();
    assert_eq!(writer.commit().unwrap(), 110);
    assert_eq!(catalog.snapshot("job_metrics").unwrap().unwrap().rows, 110);
}

#[test]
fn a_catalog_that_cannot_be_opened_is_an_error_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/catalog.db");
    let error = Catalog::sql(&missing, dir.path().join("warehouse")).err().expect("unreachable");
    let text = error.to_string();
    assert!(text.starts_with(&format!("Iceberg catalog {}:", missing.display())), "{text}");
    assert!(text.contains("does not exist"), "{text}");
}

#[test]
#[ignore = "needs a Python with duckdb, pyarrow, pyiceberg and daft in DUCKSPEC_PYTHON; .ci/run installs one and runs this"]
fn python_engines_read_the_iceberg_tables() {
    let python = std::env::var(PYTHON).expect("DUCKSPEC_PYTHON names a Python with the interop engines");
    let dir = tempfile::tempdir().unwrap();
    // The source of truth: a DuckDB file with the rows, inserted the usual way.
    let source = dir.path().join("source.duckdb");
    {
        let conn = Connection::open(&source).unwrap();
        conn.execute_batch(EVERY_TYPE_SPEC).unwrap();
        conn.execute_batch(JOB_METRICS).unwrap();
        EveryType::insert_all(&conn, &every_type_rows()).unwrap();
        JobMetric::insert_all(&conn, &job_rows(3_000, 0)).unwrap();
    }
    let catalog = catalog_in(dir.path());
    let mut writer = IcebergWriter::<EveryType>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&every_type_rows()).unwrap();
    writer.finish().unwrap();
    let options = IcebergOptions::default()
        .partition_by(Partition::day("started_at"))
        .partition_by(Partition::column("host"));
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, options).unwrap();
    writer.write(&job_rows(1_000, 0)).unwrap();
    writer.commit().unwrap();
    writer.write(&job_rows(2_000, 1_000)).unwrap();
    writer.finish().unwrap();
    // A table that evolves: three rows, a column added through migrate, two rows with it.
    #[derive(Table)]
    #[table(name = "evolving", unchecked)]
    struct EvolvingV1 {
        id: i64,
        name: String,
    }
    #[derive(Table)]
    #[table(name = "evolving", unchecked)]
    struct EvolvingV2 {
        id: i64,
        name: String,
        device: Option<String>,
    }
    let mut v1 = IcebergWriter::<EvolvingV1>::create(&catalog, IcebergOptions::default()).unwrap();
    v1.write(&(0..3).map(|id| EvolvingV1 { id, name: format!("n{id}") }).collect::<Vec<_>>()).unwrap();
    v1.finish().unwrap();
    let v2_spec = parse_schema("evolving.sql", EvolvingV2::DDL).unwrap();
    let plan = migrate_iceberg(&v2_spec, &catalog, &IcebergOptions::default(), true).unwrap();
    assert_eq!(plan.steps.len(), 1, "{plan:?}");
    let mut v2 = IcebergWriter::<EvolvingV2>::create(&catalog, IcebergOptions::default()).unwrap();
    v2.write(
        &(3..5)
            .map(|id| EvolvingV2 { id, name: format!("n{id}"), device: Some("gpu".into()) })
            .collect::<Vec<_>>(),
    )
    .unwrap();
    v2.finish().unwrap();
    drop(catalog);

    let script = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("interop/read_iceberg.py");
    let output = std::process::Command::new(&python)
        .arg(&script)
        .arg(dir.path().join("catalog.db"))
        .arg(dir.path().join("warehouse"))
        .arg(&source)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{} failed:\n{stdout}\n{stderr}", script.display());
    for line in
        ["pyiceberg: every_type", "pyiceberg: job_metrics", "pyiceberg: evolving", "daft: job_metrics"]
    {
        assert!(stdout.contains(line), "{stdout}");
    }
}

#[test]
fn a_damaged_metadata_file_is_drift_or_an_error_naming_the_table_never_a_panic() {
    // A corpus-mutation test of the catalog check: the table's current metadata file (JSON the
    // iceberg crate parses), each byte changed in turn. Each damaged file must be drift, or an
    // error naming the catalog and the table; never a panic. A change the check does not report
    // is one outside the schema, the partition spec and the recorded DDL (a path, a timestamp, a
    // snapshot's summary, a key serde ignores): 2026-12-04, 648 of 1,789 bytes, about a third.
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(&job_rows(100, 0)).unwrap();
    writer.finish().unwrap();
    let spec = parse_schema("spec/metrics.sql", JobMetric::DDL).unwrap();
    assert!(diff_iceberg(&spec, &catalog, None).unwrap().is_empty());
    let location = catalog.snapshot("job_metrics").unwrap().unwrap().location;
    let metadata = Path::new(location.trim_start_matches("file://")).join("metadata");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&metadata)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".metadata.json"))
        .collect();
    files.sort();
    let file = files.last().unwrap().clone();
    let original = std::fs::read(&file).unwrap();

    let (mut drift, mut errors, mut unnoticed) = (0, 0, 0);
    let mut failures = Vec::new();
    for at in 0..original.len() {
        let mut bytes = original.clone();
        bytes[at] ^= 0x01;
        std::fs::write(&file, &bytes).unwrap();
        let reopened = catalog_in(dir.path());
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| diff_iceberg(&spec, &reopened, None)))
        {
            Err(_) => failures.push(format!("byte {at}: diff_iceberg panicked")),
            Ok(Err(e)) => {
                errors += 1;
                let text = e.to_string();
                if !text.contains("catalog.db") || !text.contains("job_metrics") {
                    failures.push(format!("byte {at}: the error names neither catalog nor table: {text}"));
                }
            }
            Ok(Ok(drifts)) if !drifts.is_empty() => drift += 1,
            Ok(Ok(_)) => unnoticed += 1,
        }
    }
    std::fs::write(&file, &original).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "{} damaged metadata files: {drift} drift, {errors} errors, {unnoticed} outside what is compared",
        original.len()
    );
    assert!(drift + errors > original.len() / 2, "{drift} drift, {errors} errors of {}", original.len());
}

#[test]
fn a_damaged_manifest_list_or_manifest_fails_the_next_commit_naming_the_table_never_a_panic() {
    // A corpus-mutation test of the commit path (the writer's, the sink's and export's): the
    // table's manifest list and manifest (Avro the iceberg crate decodes when a commit carries
    // the current snapshot's files into the next one), bytes changed in turn. The next commit
    // either lands or is an error naming the catalog and the table; never a panic or a hang.
    // Each case starts from the catalog file as it was, so each damaged file is the current
    // snapshot's.
    let dir = tempfile::tempdir().unwrap();
    {
        let catalog = catalog_in(dir.path());
        let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
        writer.write(&job_rows(100, 0)).unwrap();
        writer.finish().unwrap();
    }
    let catalog_file = dir.path().join("catalog.db");
    let pristine = std::fs::read(&catalog_file).unwrap();
    // Back to the first snapshot: the catalog file as it was (its SQLite journal files gone).
    let reset_catalog = || {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.path().join(format!("catalog.db{suffix}")));
        }
        std::fs::write(&catalog_file, &pristine).unwrap();
    };
    let location = catalog_in(dir.path()).snapshot("job_metrics").unwrap().unwrap().location;
    let metadata = Path::new(location.trim_start_matches("file://")).join("metadata");
    let mut avro: Vec<PathBuf> = std::fs::read_dir(&metadata)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "avro"))
        .collect();
    avro.sort();
    assert_eq!(avro.len(), 2, "one manifest list and one manifest: {avro:?}");

    // Found by the sweep below: apache-avro 0.21 (the iceberg crate's Avro) panics on an invalid
    // record name in a manifest list's schema (`unwrap` in its `Name::parse`, apache/avro-rs#496)
    // on the committing thread. Kept as a case that does not move with the file's layout.
    let list = avro.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with("snap-")).unwrap();
    let original = std::fs::read(list).unwrap();
    let at = original.windows(13).position(|w| w == b"manifest_file").expect("the record's name");
    let mut bytes = original.clone();
    bytes[at + 5] = b'?';
    std::fs::write(list, &bytes).unwrap();
    {
        let catalog = catalog_in(dir.path());
        let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
        writer.write(&job_rows(1, 1_000)).unwrap();
        let text = writer.commit().expect_err("a damaged manifest list").to_string();
        assert!(text.contains("catalog.db") && text.contains("table main.job_metrics"), "{text}");
        assert!(text.contains("Invalid schema name manif?st_file"), "{text}");
        // The writer and the catalog outlive the panic: once the file is whole again, the next
        // commit adds the row the failed one kept.
        std::fs::write(list, &original).unwrap();
        assert_eq!(writer.commit().unwrap(), 1);
        assert_eq!(catalog.snapshot("job_metrics").unwrap().unwrap().rows, 101);
    }
    reset_catalog();

    let (mut landed, mut errors, mut panics) = (0, 0, Vec::<String>::new());
    let mut failures = Vec::new();
    let mut slowest = std::time::Duration::ZERO;
    for file in &avro {
        let original = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // Truncations, then a byte changed every 7 (the header's schema JSON, the blocks, the
        // sync markers).
        let damaged = (0..10).map(|k| original[..original.len() * k / 10].to_vec()).chain(
            (0..original.len()).step_by(7).map(|at| {
                let mut bytes = original.clone();
                bytes[at] ^= 0x5a;
                bytes
            }),
        );
        for (case, bytes) in damaged.enumerate() {
            std::fs::write(file, &bytes).unwrap();
            reset_catalog();
            let started = std::time::Instant::now();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let catalog = catalog_in(dir.path());
                let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default())?;
                writer.write(&job_rows(1, 1_000))?;
                writer.commit()
            }));
            slowest = slowest.max(started.elapsed());
            match outcome {
                Err(_) => failures.push(format!("{name} case {case}: the commit panicked")),
                Ok(Ok(rows)) => {
                    assert_eq!(rows, 1);
                    landed += 1;
                }
                Ok(Err(e)) => {
                    errors += 1;
                    let text = e.to_string();
                    if !text.contains("catalog.db") || !text.contains("job_metrics") {
                        failures.push(format!(
                            "{name} case {case}: the error names neither catalog nor table: {text}"
                        ));
                    }
                    if text.contains("panicked") {
                        panics.push(text);
                    }
                }
            }
        }
        std::fs::write(file, &original).unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "damaged manifest files: {landed} commits landed, {errors} errors ({} of them a panic inside the \
         Iceberg crates, e.g. {:?}); slowest {slowest:?}",
        panics.len(),
        panics.first()
    );
    assert!(errors > 0 && landed > 0, "{landed} landed, {errors} errors");
    assert!(slowest < std::time::Duration::from_secs(30), "a commit took {slowest:?}");
}

#[test]
fn a_damaged_catalog_file_is_drift_or_an_error_naming_it_never_a_panic() {
    // A corpus-mutation test of the catalog itself: the SQLite file of a SQL catalog truncated,
    // and a byte changed every 23 over all its pages. `diff_iceberg` must report drift or an
    // error naming the catalog file; never a panic or a hang. (A changed byte SQLite does not
    // read, or one inside a metadata path that still names a file, is no difference.)
    let dir = tempfile::tempdir().unwrap();
    {
        let catalog = catalog_in(dir.path());
        let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
        writer.write(&job_rows(10, 0)).unwrap();
        writer.finish().unwrap();
    }
    let spec = parse_schema("spec/metrics.sql", JobMetric::DDL).unwrap();
    assert!(diff_iceberg(&spec, &catalog_in(dir.path()), None).unwrap().is_empty());
    let file = dir.path().join("catalog.db");
    let original = std::fs::read(&file).unwrap();
    let damaged = (0..10).map(|k| original[..original.len() * k / 10].to_vec()).chain(
        (0..original.len()).step_by(23).map(|at| {
            let mut bytes = original.clone();
            bytes[at] ^= 0xa5;
            bytes
        }),
    );
    let (mut drift, mut errors, mut unnoticed) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut slowest = std::time::Duration::ZERO;
    for (case, bytes) in damaged.enumerate() {
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(dir.path().join(format!("catalog.db{suffix}")));
        }
        std::fs::write(&file, &bytes).unwrap();
        let started = std::time::Instant::now();
        let outcome = std::panic::catch_unwind(|| {
            let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
            diff_iceberg(&spec, &catalog, None)
        });
        slowest = slowest.max(started.elapsed());
        match outcome {
            Err(_) => failures.push(format!("case {case}: panicked")),
            Ok(Err(e)) => {
                errors += 1;
                let text = e.to_string();
                if !text.contains("catalog.db") {
                    failures.push(format!("case {case}: the error does not name the catalog file: {text}"));
                }
                if text.matches("(code: ").count() > 1 {
                    failures.push(format!("case {case}: the reason repeats itself: {text}"));
                }
            }
            Ok(Ok(drifts)) if !drifts.is_empty() => drift += 1,
            Ok(Ok(_)) => unnoticed += 1,
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "damaged catalog files: {drift} drift, {errors} errors, {unnoticed} no difference; slowest {slowest:?}"
    );
    assert!(drift + errors > 0, "{drift} drift, {errors} errors");
    assert!(slowest < std::time::Duration::from_secs(30), "a diff took {slowest:?}");
}

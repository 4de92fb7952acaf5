//! The Parquet lake (`duckspec::lake`): rows of every mapped type written by `LakeWriter` read
//! back by DuckDB exactly as inserted, hive partitions DuckDB reads, file rollover, nothing
//! visible before `finish`, `export` of a database, and `diff_lake` finding drift in both
//! directions (spec changed, file changed, file written by another engine).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::DateTime;
use duckspec::duckdb::arrow::array::{
    Array, AsArray, FixedSizeBinaryArray, Int32Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray,
};
use duckspec::duckdb::arrow::datatypes::{DataType, TimestampMicrosecondType};
use duckspec::duckdb::Connection;
use duckspec::lake::{diff_lake, export, select_sql, LakeOptions, LakeWriter, Partition};
use duckspec::spec::{parse_schema, Schema};
use duckspec::Table;
use duckspec_tests::every_type::{every_type_rows, EveryType};
use duckspec_tests::jobs::{job_rows_from, JobMetric};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::{DecimalType, LogicalType, Repetition, TimeUnit, TimestampType};
use parquet::file::reader::{FileReader, SerializedFileReader};

const EVERY_TYPE_SPEC: &str = include_str!("spec/every_type.sql");

fn every_type_spec(sql: &str) -> Schema {
    parse_schema("spec/every_type.sql", sql).unwrap()
}

/// Every `.parquet` file under `dir`, sorted (unfinished `.…tmp` files are not `.parquet`).
fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        walk(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "parquet")).collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A file's rows, as one batch.
fn read(path: &Path) -> RecordBatch {
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap().build().unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    duckspec::duckdb::arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap()
}

fn rows_in(paths: &[PathBuf]) -> i64 {
    paths
        .iter()
        .map(|p| {
            SerializedFileReader::new(File::open(p).unwrap()).unwrap().metadata().file_metadata().num_rows()
        })
        .sum()
}

fn write_every_type(lake: &Path) -> Vec<PathBuf> {
    let mut writer = LakeWriter::<EveryType>::create(lake, LakeOptions::default()).unwrap();
    assert_eq!(writer.write(&every_type_rows()).unwrap(), 2);
    writer.finish().unwrap()
}

#[test]
fn the_spec_decides_the_parquet_schema_and_files_carry_it() {
    let lake = tempfile::tempdir().unwrap();
    let files = write_every_type(lake.path());
    assert_eq!(files, parquet_files(lake.path()));
    assert_eq!(files.len(), 1);
    assert!(diff_lake(&every_type_spec(EVERY_TYPE_SPEC), lake.path()).unwrap().is_empty());

    let reader = SerializedFileReader::new(File::open(&files[0]).unwrap()).unwrap();
    let metadata = reader.metadata().file_metadata();
    assert_eq!(metadata.num_rows(), 2);
    let root = metadata.schema_descr().root_schema();
    let column = |name: &str| root.get_fields().iter().find(|f| f.name() == name).unwrap().clone();
    let logical = |name: &str| column(name).get_basic_info().logical_type_ref().cloned();
    assert_eq!(logical("id"), Some(LogicalType::Uuid));
    assert_eq!(logical("doc"), Some(LogicalType::Json));
    assert_eq!(logical("s"), Some(LogicalType::String));
    assert_eq!(logical("cost"), Some(LogicalType::Decimal(DecimalType { scale: 10, precision: 38 })));
    assert_eq!(
        logical("tstz"),
        Some(LogicalType::Timestamp(TimestampType { is_adjusted_to_u_t_c: true, unit: TimeUnit::MICROS }))
    );
    assert_eq!(
        logical("ts"),
        Some(LogicalType::Timestamp(TimestampType { is_adjusted_to_u_t_c: false, unit: TimeUnit::MICROS }))
    );
    assert_eq!(column("b").get_basic_info().repetition(), Repetition::REQUIRED);
    assert_eq!(column("maybe").get_basic_info().repetition(), Repetition::OPTIONAL);
    assert_eq!(column("tags").get_basic_info().logical_type_ref(), Some(&LogicalType::List));

    let kv = metadata.key_value_metadata().unwrap();
    let value = |key: &str| kv.iter().find(|kv| kv.key == key).and_then(|kv| kv.value.clone()).unwrap();
    assert_eq!(value("duckspec.table"), "every_type");
    assert_eq!(value("duckspec.ddl"), EveryType::DDL);
    assert_eq!(value("duckspec.ddl_sha256").len(), 64);
    assert_eq!(value("duckspec.spec"), "spec/every_type.sql");

    // ENUMs are dictionary strings, UUIDs their 16 bytes, HUGEINT exact text.
    let batch = read(&files[0]);
    let feel = batch.column_by_name("feel").unwrap();
    assert!(matches!(feel.data_type(), DataType::Dictionary(..)), "{}", feel.data_type());
    let id = batch.column_by_name("id").unwrap().as_any().downcast_ref::<FixedSizeBinaryArray>().unwrap();
    assert_eq!(id.value(0), 0xffff_0000_1234_5678_9abc_def0_0000_ffff_u128.to_be_bytes());
    let huge = batch.column_by_name("i128_").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(huge.value(0), (i128::MIN + 1).to_string());
}

/// `a` and `b` (a table or a query) hold the same rows, duplicates counted, in both directions.
fn assert_same_rows(conn: &Connection, a: &str, b: &str) {
    for (a, b) in [(a, b), (b, a)] {
        let only: i64 = conn
            .query_row(&format!("SELECT count(*) FROM (FROM ({a}) EXCEPT ALL FROM ({b}))"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(only, 0, "rows in {a} and not in {b}");
    }
}

fn job_rows(n: usize) -> Vec<JobMetric> {
    job_rows_from(0, n)
}

#[test]
fn partitions_are_hive_directories() {
    let lake = tempfile::tempdir().unwrap();
    let options = LakeOptions::default()
        .partition_by(Partition::day("started_at"))
        .partition_by(Partition::column("host"));
    let mut writer = LakeWriter::<JobMetric>::create(lake.path(), options.clone()).unwrap();
    let rows = job_rows(3_000);
    writer.write(&rows[..1_000]).unwrap();
    writer.write(&rows[1_000..]).unwrap();
    let files = writer.finish().unwrap();
    // 3 days (two timestamps a day, 12 h apart) x 3 hosts (one of them NULL).
    assert_eq!(files.len(), 9, "{files:#?}");
    assert!(
        files.iter().any(|f| f.to_string_lossy().contains("day=2025-11-26/host=b%2Fc/part-")),
        "{files:#?}"
    );

    assert_eq!(files, parquet_files(lake.path()));
    let mut total = 0;
    for file in &files {
        let dir = file
            .parent()
            .unwrap()
            .strip_prefix(lake.path().join("job_metrics"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let batch = read(file);
        total += batch.num_rows();
        // Hive's layout: the partition column is in the directory names only; the day's
        // timestamp stays in the file.
        let names: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(names, ["job_id", "started_at", "duration_ms"], "{}", file.display());
        let (day, _) = dir.split_once('/').unwrap();
        let started =
            batch.column_by_name("started_at").unwrap().as_primitive::<TimestampMicrosecondType>().clone();
        for row in 0..batch.num_rows() {
            let at = DateTime::from_timestamp_micros(started.value(row)).unwrap();
            assert_eq!(day, format!("day={}", at.date_naive()));
        }
    }
    assert_eq!(total, 3_000);

    // Read back through DuckDB with `select_sql`, every row is the one written, host included
    // (NULL from Hive's default directory, `b/c` decoded from `b%2Fc`).
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    JobMetric::insert_all(&conn, &rows).unwrap();
    let query = select_sql(JobMetric::table_def(), lake.path(), &options);
    assert_same_rows(&conn, "job_metrics", &query);
    let hosts: i64 =
        conn.query_row(&format!("SELECT count(DISTINCT host) FROM ({query})"), [], |r| r.get(0)).unwrap();
    assert_eq!(hosts, 2);
    assert!(diff_lake(&parse_schema("spec.sql", JobMetric::DDL).unwrap(), lake.path()).unwrap().is_empty());
}

#[test]
fn files_roll_over_and_nothing_is_visible_before_finish() {
    let lake = tempfile::tempdir().unwrap();
    let options = LakeOptions::default().max_file_bytes(64 << 10).row_group_rows(4_096);
    let mut writer = LakeWriter::<JobMetric>::create(lake.path(), options).unwrap();
    for chunk in job_rows(100_000).chunks(10_000) {
        writer.write(chunk).unwrap();
    }
    let before = rows_in(&parquet_files(lake.path()));
    assert!(
        walk(lake.path()).iter().any(|p| p.to_string_lossy().ends_with(".parquet.tmp")),
        "the open file is written aside"
    );
    let files = writer.finish().unwrap();
    assert!(files.len() > 2, "64 KiB files roll over: {files:#?}");
    assert!(before < 100_000, "the open file is not visible before finish ({before} rows were)");
    assert_eq!(rows_in(&parquet_files(lake.path())), 100_000);
    let temp_left = walk(lake.path()).into_iter().filter(|p| p.to_string_lossy().ends_with(".tmp")).count();
    assert_eq!(temp_left, 0);

    // A writer dropped without finish leaves nothing behind.
    let other = tempfile::tempdir().unwrap();
    let mut writer = LakeWriter::<JobMetric>::create(other.path(), LakeOptions::default()).unwrap();
    writer.write(&job_rows(10)).unwrap();
    drop(writer);
    assert!(walk(other.path()).is_empty(), "{:?}", walk(other.path()));
}

#[test]
fn export_writes_a_database_as_a_lake_with_its_values() {
    let db = tempfile::tempdir().unwrap();
    let conn = Connection::open(db.path().join("every.duckdb")).unwrap();
    conn.execute_batch(EVERY_TYPE_SPEC).unwrap();
    EveryType::insert_all(&conn, &every_type_rows()).unwrap();
    let lake = tempfile::tempdir().unwrap();
    let spec = every_type_spec(EVERY_TYPE_SPEC);
    let options = LakeOptions::default().partition_by(Partition::column("feel"));
    let exported = export(&conn, &spec, lake.path(), &options).unwrap();
    assert_eq!(exported.len(), 1);
    assert_eq!(exported[0].rows, 2);
    assert_eq!(exported[0].files.len(), 2, "one file per mood");
    assert!(diff_lake(&spec, lake.path()).unwrap().is_empty());

    assert_eq!(rows_in(&exported[0].files), 2);
    // Read back with `select_sql`, every value of every type is the database's, in both
    // directions, the ENUM partition column included.
    let def = spec.table("every_type").unwrap();
    let query = select_sql(def, lake.path(), &options);
    assert_same_rows(&conn, "every_type", &query);
    let feel: String =
        conn.query_row(&format!("SELECT typeof(feel) FROM ({query}) LIMIT 1"), [], |r| r.get(0)).unwrap();
    assert!(feel.starts_with("ENUM("), "{feel}");
    // The database's values, as the writer would have written the structs.
    let direct = tempfile::tempdir().unwrap();
    let written = read(&write_every_type(direct.path())[0]);
    let mut exported_rows: Vec<RecordBatch> = exported[0].files.iter().map(|f| read(f)).collect();
    exported_rows.sort_by_key(|b| {
        b.column_by_name("i32_").unwrap().as_any().downcast_ref::<Int32Array>().unwrap().value(0)
    });
    let exported_rows =
        duckspec::duckdb::arrow::compute::concat_batches(&exported_rows[0].schema(), &exported_rows).unwrap();
    let mut written_order: Vec<usize> = (0..2).collect();
    let i32s = written.column_by_name("i32_").unwrap().as_any().downcast_ref::<Int32Array>().unwrap().clone();
    written_order.sort_by_key(|&r| i32s.value(r));
    let indices = duckspec::duckdb::arrow::array::UInt32Array::from(
        written_order.iter().map(|&r| r as u32).collect::<Vec<_>>(),
    );
    let written = duckspec::duckdb::arrow::compute::take_record_batch(&written, &indices).unwrap();
    for (field, column) in written.schema().fields().iter().zip(written.columns()) {
        let Some(other) = exported_rows.column_by_name(field.name()) else {
            // The partition column is in the directory names only.
            assert_eq!(field.name(), "feel");
            continue;
        };
        let cast = |a: &Arc<dyn Array>| duckspec::duckdb::arrow::compute::cast(a, &DataType::Utf8).ok();
        match (cast(column), cast(other)) {
            (Some(a), Some(b)) => assert_eq!(a.as_ref(), b.as_ref(), "column {}", field.name()),
            _ => assert_eq!(column.to_data(), other.to_data(), "column {}", field.name()),
        }
    }
}

/// The spec with `from` replaced by `to` (which must occur once).
fn edited(from: &str, to: &str) -> Schema {
    assert_eq!(EVERY_TYPE_SPEC.matches(from).count(), 1, "{from}");
    every_type_spec(&EVERY_TYPE_SPEC.replace(from, to))
}

#[test]
fn a_spec_that_moved_on_is_drift_in_every_file() {
    let lake = tempfile::tempdir().unwrap();
    write_every_type(lake.path());
    // (edit, the columns every drift line must name)
    let cases: [(&str, &str, &[&str]); 14] = [
        // Parquet sees these: type, nullability, a missing and an extra column, order.
        ("i32_       INTEGER NOT NULL", "i32_       BIGINT NOT NULL", &["i32_"]),
        ("maybe      INTEGER,", "maybe      INTEGER NOT NULL,", &["maybe"]),
        ("tstz       TIMESTAMPTZ NOT NULL", "tstz       TIMESTAMP NOT NULL", &["tstz"]),
        ("id         UUID NOT NULL", "id         BLOB NOT NULL", &["column id", "every_type.id"]),
        ("cost       DECIMAL(38,10) NOT NULL", "cost       DECIMAL(38,9) NOT NULL", &["cost"]),
        ("dims       FLOAT[3] NOT NULL", "dims       DOUBLE[3] NOT NULL", &["dims"]),
        ("maybe_cost DECIMAL(18,3),", "maybe_cost DECIMAL(18,3), extra INTEGER,", &["extra"]),
        ("    maybe_cost DECIMAL(18,3),\n", "", &["maybe_cost"]),
        (
            "    b          BOOLEAN NOT NULL,\n    i8_        TINYINT NOT NULL,",
            "    i8_        TINYINT NOT NULL,\n    b          BOOLEAN NOT NULL,",
            &["order", "b", "i8_"],
        ),
        // Parquet stores these as strings, or not at all: the recorded DDL tells (and for JSON
        // the file's logical type, UTF8 where JSON is written, tells too).
        ("s          VARCHAR NOT NULL", "s          JSON NOT NULL", &["every_type.s", "column s"]),
        ("i128_      HUGEINT NOT NULL", "i128_      VARCHAR NOT NULL", &["every_type.i128_"]),
        ("\"order\"    VARCHAR UNIQUE", "\"order\"    VARCHAR", &["every_type"]),
        ("maybe      INTEGER,", "maybe      INTEGER DEFAULT 7,", &["every_type.maybe"]),
        ("feel       mood NOT NULL", "feel       VARCHAR NOT NULL", &["every_type.feel"]),
    ];
    for (from, to, names) in cases {
        let drifts: Vec<String> =
            diff_lake(&edited(from, to), lake.path()).unwrap().iter().map(ToString::to_string).collect();
        assert!(!drifts.is_empty(), "{from} -> {to}: no drift found");
        assert!(drifts.iter().all(|d| names.iter().any(|n| d.contains(n))), "{from} -> {to}: {drifts:#?}");
        assert!(drifts.iter().any(|d| d.contains(names[0])), "{from} -> {to}: {drifts:#?}");
    }
    // And a table the spec does not have; the spec's own table, of which the lake then has no
    // file at all, is a drift too (a lake with none of the spec's tables never agrees).
    let drifts = diff_lake(&every_type_spec("CREATE TABLE other (a INTEGER);"), lake.path()).unwrap();
    assert_eq!(drifts.len(), 2, "{drifts:#?}");
    assert!(drifts[0].message.contains("no such table"));
    assert!(drifts[1].table == "other" && drifts[1].message.contains("no file of any table"));
}

/// A Parquet file written by arrow-rs from plain Arrow columns (no duckspec metadata).
/// A file's columns, by name.
type Columns<'a> = Vec<(&'a str, Arc<dyn Array>)>;

fn write_foreign(path: &Path, columns: Columns<'_>) {
    let batch =
        RecordBatch::try_from_iter_with_nullable(columns.into_iter().map(|(n, a)| (n, a, true))).unwrap();
    let mut writer = ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

#[test]
fn files_from_another_writer_are_checked_by_what_they_hold() {
    let lake = tempfile::tempdir().unwrap();
    let dir = lake.path().join("job_metrics");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = parse_schema(
        "spec.sql",
        "CREATE TABLE job_metrics (job_id VARCHAR, host VARCHAR, started_at TIMESTAMPTZ, duration_ms BIGINT);",
    )
    .unwrap();
    let text = || Arc::new(StringArray::from(vec!["x"])) as Arc<dyn Array>;
    let utc = || Arc::new(TimestampMicrosecondArray::from(vec![0]).with_timezone("UTC")) as Arc<dyn Array>;
    let bigint = || Arc::new(Int64Array::from(vec![42])) as Arc<dyn Array>;
    write_foreign(
        &dir.join("good.parquet"),
        vec![("job_id", text()), ("host", text()), ("started_at", utc()), ("duration_ms", bigint())],
    );
    assert!(diff_lake(&spec, lake.path()).unwrap().is_empty(), "{:?}", diff_lake(&spec, lake.path()));

    let int = Arc::new(Int32Array::from(vec![42])) as Arc<dyn Array>;
    write_foreign(
        &dir.join("int.parquet"),
        vec![("job_id", text()), ("host", text()), ("started_at", utc()), ("duration_ms", int)],
    );
    let naive = Arc::new(TimestampMicrosecondArray::from(vec![0])) as Arc<dyn Array>;
    write_foreign(
        &dir.join("naive.parquet"),
        vec![("job_id", text()), ("host", text()), ("started_at", naive), ("duration_ms", bigint())],
    );
    write_foreign(
        &dir.join("short.parquet"),
        vec![("job_id", text()), ("host", text()), ("started_at", utc())],
    );
    write_foreign(
        &dir.join("swapped.parquet"),
        vec![("host", text()), ("job_id", text()), ("started_at", utc()), ("duration_ms", bigint())],
    );
    let drifts: Vec<(String, String)> = diff_lake(&spec, lake.path())
        .unwrap()
        .into_iter()
        .map(|d| (d.path.file_name().unwrap().to_string_lossy().into_owned(), d.message))
        .collect();
    let of = |file: &str| drifts.iter().filter(|d| d.0 == file).map(|d| d.1.as_str()).collect::<Vec<_>>();
    assert_eq!(of("good.parquet"), Vec::<&str>::new());
    assert_eq!(
        of("int.parquet"),
        ["column duration_ms: spec has BIGINT (Int64), file has Int32"],
        "{drifts:#?}"
    );
    assert_eq!(
        of("naive.parquet"),
        [
            r#"column started_at: spec has TIMESTAMP WITH TIME ZONE (Timestamp(µs, "UTC")), file has Timestamp(µs)"#
        ],
        "{drifts:#?}"
    );
    assert_eq!(
        of("short.parquet"),
        ["column duration_ms: spec has BIGINT (Int64), file has no such column"],
        "{drifts:#?}"
    );
    assert_eq!(of("swapped.parquet").len(), 1, "{drifts:#?}");
    assert!(of("swapped.parquet")[0].starts_with("column order"), "{drifts:#?}");
    assert_eq!(drifts.len(), 4, "{drifts:#?}");

    // Sixteen bytes without Parquet's UUID logical type are a BLOB to every reader.
    let spec = parse_schema("spec.sql", "CREATE TABLE ids (id UUID NOT NULL);").unwrap();
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(other.path().join("ids")).unwrap();
    let bytes = FixedSizeBinaryArray::try_from_iter([[7u8; 16]].into_iter()).unwrap();
    let batch = RecordBatch::try_new(
        Arc::new(duckspec::duckdb::arrow::datatypes::Schema::new(vec![
            duckspec::duckdb::arrow::datatypes::Field::new("id", DataType::FixedSizeBinary(16), false),
        ])),
        vec![Arc::new(bytes)],
    )
    .unwrap();
    let mut writer =
        ArrowWriter::try_new(File::create(other.path().join("ids/a.parquet")).unwrap(), batch.schema(), None)
            .unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    let drifts = diff_lake(&spec, other.path()).unwrap();
    assert_eq!(drifts.len(), 1, "{drifts:?}");
    assert!(drifts[0].message.contains("without Parquet's UUID logical type"), "{drifts:?}");
}

/// The interpreter with `duckdb` and `pyarrow` that `.ci/run` installs into a virtual environment.
const PYTHON: &str = "DUCKSPEC_PYTHON";

#[test]
#[ignore = "needs a Python with duckdb and pyarrow in DUCKSPEC_PYTHON; .ci/run installs one and runs this"]
fn python_engines_read_the_lake() {
    let python = std::env::var(PYTHON).expect("DUCKSPEC_PYTHON names a Python with duckdb and pyarrow");
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    write_every_type(&lake);
    let options = LakeOptions::default()
        .partition_by(Partition::day("started_at"))
        .partition_by(Partition::column("host"));
    let mut writer = LakeWriter::<JobMetric>::create(&lake, options).unwrap();
    writer.write(&job_rows(3_000)).unwrap();
    writer.finish().unwrap();

    // What the lake must read back as: DuckDB's text of every value, inserted the usual way.
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(EVERY_TYPE_SPEC).unwrap();
    EveryType::insert_all(&conn, &every_type_rows()).unwrap();
    let every_type = expected_table(&conn, EveryType::table_def(), "i32_", &[]);

    // Types the derives do not map, from a database through `export`: nested types, other
    // timestamp units, and types a lake keeps as DuckDB's text.
    conn.execute_batch(NESTED_SQL).unwrap();
    let spec = parse_schema("nested.sql", NESTED_SQL.split("INSERT INTO").next().unwrap()).unwrap();
    let nested_def = spec.table("nested").unwrap().clone();
    export(&conn, &spec, &lake, &LakeOptions::default()).unwrap();
    let nested = expected_table(
        &conn,
        &nested_def,
        "id",
        &[
            ("s", "STRUCT(a INTEGER, b VARCHAR[], h VARCHAR)"),
            // DuckDB reads Parquet's millisecond timestamps as its microsecond TIMESTAMP.
            ("ms", "TIMESTAMP"),
            ("iv", "VARCHAR"),
            ("secs", "VARCHAR"),
        ],
    );
    let drifts: Vec<String> = diff_lake(&spec, &lake)
        .unwrap()
        .iter()
        .filter(|d| d.table == "nested")
        .map(ToString::to_string)
        .collect();
    assert!(drifts.is_empty(), "{drifts:#?}");

    let expected = serde_json::json!({
        "tables": { "every_type": every_type, "nested": nested },
        "job_metrics": {
            "rows": 3_000,
            "duration_sum": (0..3_000).sum::<i64>(),
            "partitions": 9,
            "hosts": ["a", "b/c", null],
        },
    });
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, serde_json::to_string_pretty(&expected).unwrap()).unwrap();

    let script = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("interop/read_lake.py");
    let output =
        std::process::Command::new(&python).arg(&script).arg(&lake).arg(&expected_path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{} failed:\n{stdout}\n{stderr}", script.display());
    for line in [
        "duckdb: every_type",
        "pyarrow: every_type",
        "duckdb: nested",
        "pyarrow: nested",
        "pyarrow: job_metrics, 3000 rows through hive partitioning",
        "datafusion: job_metrics, 9 partitions",
    ] {
        assert!(stdout.contains(line), "{stdout}");
    }
}

#[test]
#[ignore = "needs a Python with duckdb and pyspark (and a Java 17) in DUCKSPEC_PYTHON; .ci/run installs one and runs this"]
fn python_spark_reads_the_lake_and_agrees_with_duckdb() {
    let python = std::env::var(PYTHON).expect("DUCKSPEC_PYTHON names a Python with duckdb and pyspark");
    let dir = tempfile::tempdir().unwrap();
    let sql = "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, tool VARCHAR NOT NULL, host VARCHAR, \
               started_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE NOT NULL);";
    let source = dir.path().join("source.duckdb");
    let conn = Connection::open(&source).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.execute_batch(
        "INSERT INTO job_metrics SELECT 'job-' || i, ['detect', 'ocr', 'transcode'][1 + i % 3], \
         CASE WHEN i % 7 = 0 THEN NULL ELSE 'host-' || (i % 4) END, \
         to_timestamp(1763596800 + i * 420), (i * 37) % 1000 + 0.25 \
         FROM range(20000) t(i)",
    )
    .unwrap();
    let lake = dir.path().join("lake");
    let options = LakeOptions::default()
        .partition_by(Partition::day("started_at"))
        .partition_by(Partition::column("host"));
    export(&conn, &parse_schema("spec.sql", sql).unwrap(), &lake, &options).unwrap();
    drop(conn);
    let script = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("interop/spark_lake.py");
    let output = std::process::Command::new(&python).arg(&script).arg(&lake).arg(&source).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{} failed:\n{stdout}\n{stderr}", script.display());
    assert!(stdout.contains("spark: job_metrics:"), "{stdout}");
}

const NESTED_SQL: &str = "
CREATE TABLE nested (
    id INTEGER NOT NULL,
    s STRUCT(a INTEGER, b VARCHAR[], h HUGEINT),
    m MAP(VARCHAR, INTEGER[]),
    ms TIMESTAMP_MS,
    ns TIMESTAMP_NS,
    tzns TIMESTAMPTZ_NS,
    tns TIME_NS,
    iv INTERVAL,
    secs TIMESTAMP_S
);
INSERT INTO nested VALUES
    (1, {'a': 1, 'b': ['x', NULL], 'h': 170141183460469231731687303715884105727}, MAP {'k': [1, 2], 'l': NULL},
     TIMESTAMP_MS '2026-11-26 10:00:00.123', TIMESTAMP_NS '2026-11-26 10:00:00.123456789',
     TIMESTAMPTZ_NS '2026-11-26 10:00:00.123456789+00', TIME_NS '23:59:59.999999999', INTERVAL 1 MONTH + INTERVAL 3 DAY,
     TIMESTAMP_S '1970-01-01 00:00:01'),
    (2, NULL, MAP {}, NULL, NULL, NULL, NULL, NULL, NULL),
    (3, {'a': NULL, 'b': [], 'h': -1}, NULL, TIMESTAMP_MS '1969-12-31 23:59:59.999', NULL, NULL, TIME_NS '00:00:00', INTERVAL 0 SECOND, NULL);
";

/// For the interop script: every column of `def` in `conn` as DuckDB's text per row (ordered by
/// `order`), its type and nullability, and the type a lake reader sees where the lake stores
/// something else (`lake_types`; the script knows the ones of the mapped types).
fn expected_table(
    conn: &Connection,
    def: &duckspec::spec::TableDef,
    order: &str,
    lake_types: &[(&str, &str)],
) -> serde_json::Value {
    let mut columns = serde_json::Map::new();
    for column in &def.columns {
        let sql = format!(
            "SELECT CAST(\"{0}\" AS VARCHAR), typeof(\"{0}\") FROM \"{1}\" ORDER BY \"{order}\"",
            column.name, def.name
        );
        let mut statement = conn.prepare(&sql).unwrap();
        let rows: Vec<(Option<String>, String)> =
            statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        let texts: Vec<Option<String>> = rows.iter().map(|r| r.0.clone()).collect();
        let mut entry =
            serde_json::json!({ "type": rows[0].1, "nullable": column.nullable, "values": texts });
        if let Some((_, lake)) = lake_types.iter().find(|(name, _)| *name == column.name) {
            entry["lake_type"] = (*lake).into();
        }
        columns.insert(column.name.clone(), entry);
    }
    serde_json::json!({
        "order_by": order,
        "names": def.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        "columns": columns,
    })
}

#[derive(Table)]
#[table(name = "costs", unchecked)]
struct Cost {
    job_id: String,
    #[column(sql_type = "DECIMAL(4,2)")]
    cost: rust_decimal::Decimal,
}

#[test]
fn a_sink_writes_many_tables_into_the_lake_and_sets_unstorable_rows_aside() {
    use duckspec::{Sink, SinkOptions};
    let lake = tempfile::tempdir().unwrap();
    let options = LakeOptions::default().partition_by(Partition::day("started_at"));
    let sink = Sink::start_lake(lake.path(), options, SinkOptions::default().batch_rows(1_000)).unwrap();
    let senders: Vec<_> = job_rows(4_000)
        .chunks(1_000)
        .map(|chunk| {
            let (sink, chunk) = (sink.clone(), chunk.to_vec());
            std::thread::spawn(move || chunk.into_iter().for_each(|row| sink.send(row).unwrap()))
        })
        .collect();
    for i in 0..100 {
        // 99.99 is the widest DECIMAL(4,2); row 50 does not fit.
        let cost =
            if i == 50 { rust_decimal::Decimal::new(123_456, 1) } else { rust_decimal::Decimal::new(i, 2) };
        sink.send(Cost { job_id: format!("job-{i}"), cost }).unwrap();
    }
    senders.into_iter().for_each(|s| s.join().unwrap());
    sink.flush().unwrap();
    // Everything sent before the flush is in complete files.
    assert_eq!(rows_in(&parquet_files(&lake.path().join("job_metrics"))), 4_000);
    assert_eq!(rows_in(&parquet_files(&lake.path().join("costs"))), 99);
    assert!(walk(lake.path()).iter().all(|p| !p.to_string_lossy().ends_with(".tmp")));
    let rejects = parquet_files(&lake.path().join("duckspec_rejects"));
    assert_eq!(rows_in(&rejects), 1);
    let rejected = read(&rejects[0]);
    assert_eq!(rejected.column_by_name("table_name").unwrap().as_string::<i32>().value(0), "costs");
    let message = rejected.column_by_name("message").unwrap().as_string::<i32>().value(0).to_string();
    assert!(message.contains("row 50") || message.contains("1234"), "{message}");

    sink.send(job_rows(1)[0].clone()).unwrap();
    let stats = sink.close().unwrap();
    assert_eq!((stats.written, stats.rejected, stats.dropped), (4_100, 1, 0));
    assert_eq!(rows_in(&parquet_files(&lake.path().join("job_metrics"))), 4_001);

    let spec = parse_schema(
        "spec.sql",
        "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, host VARCHAR, started_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT NOT NULL);
         CREATE TABLE costs (job_id VARCHAR NOT NULL, cost DECIMAL(4,2) NOT NULL);",
    )
    .unwrap();
    let drifts: Vec<String> =
        diff_lake(&spec, lake.path()).unwrap().iter().map(ToString::to_string).collect();
    assert!(drifts.is_empty(), "{drifts:#?}");
}

/// The application's own DuckDB (duckspec's bundled build, with the Parquet extension compiled
/// in) reads the lake duckspec writes: `read_parquet` over the hive directories, nothing fetched.
#[test]
fn the_bundled_duckdb_reads_the_lake_with_read_parquet() {
    let lake = tempfile::tempdir().unwrap();
    let options = LakeOptions::default().partition_by(Partition::day("started_at"));
    let mut writer = LakeWriter::<JobMetric>::create(lake.path(), options).unwrap();
    writer.write(&job_rows(1_000)).unwrap();
    writer.finish().unwrap();
    let conn = Connection::open_in_memory().unwrap();
    let glob = lake.path().join("job_metrics/**/*.parquet");
    let (rows, total, hosts): (i64, i64, i64) = conn
        .query_row(
            &format!(
                "SELECT count(*), sum(duration_ms), count(DISTINCT host) FROM read_parquet('{}')",
                glob.display()
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((rows, total, hosts), (1_000, (0..1_000).sum::<i64>(), 2));
}

/// A partition value too long for a directory name fails the write before anything is made: no
/// empty directories are left behind (they were, when the file system refused midway).
#[test]
fn a_partition_value_too_long_for_a_directory_leaves_nothing_behind() {
    let lake = tempfile::tempdir().unwrap();
    let mut writer = LakeWriter::<JobMetric>::create(
        lake.path(),
        LakeOptions::default().partition_by(Partition::column("host")),
    )
    .unwrap();
    let mut rows = job_rows(3);
    rows[1].host = Some("h".repeat(300));
    let error = writer.write(&rows).unwrap_err().to_string();
    assert!(error.contains("would be 305 bytes"), "{error}");
    drop(writer);
    let left: Vec<_> = std::fs::read_dir(lake.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing was created: {left:?}");
}

/// A lake difference is one line whatever a directory is named: a hostile directory name with a
/// newline cannot print a line that reads as another difference.
#[test]
fn a_lake_difference_is_one_line_whatever_the_directory_is_named() {
    let lake = tempfile::tempdir().unwrap();
    let mut writer = LakeWriter::<JobMetric>::create(lake.path(), LakeOptions::default()).unwrap();
    writer.write(&job_rows(2)).unwrap();
    writer.finish().unwrap();
    std::fs::create_dir(lake.path().join("evil\nname")).unwrap();
    let spec = parse_schema(
        "spec.sql",
        "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, host VARCHAR, started_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT NOT NULL);",
    )
    .unwrap();
    let drifts = diff_lake(&spec, lake.path()).unwrap();
    assert_eq!(drifts.len(), 1, "{drifts:#?}");
    let text = drifts[0].to_string();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("evil\\nname") && text.contains("no such table"), "{text}");
}

/// Hive's layout, checked both ways by `diff_lake`: a partition column that is also inside the
/// file (the layout of duckspec before 0.1's hardening, which pyarrow and Spark refuse), a
/// directory key the spec has no column for, a value not of its column's type or out of its
/// range, NULL in a NOT NULL column, a day that is no day, and a partition column whose type the
/// spec changed while every directory value still fits it (the recorded DDL tells).
#[test]
fn partition_directories_are_drift_when_they_disagree_with_the_spec() {
    let sql = "CREATE TABLE readings (sensor VARCHAR, shard INTEGER, taken_at TIMESTAMPTZ, value BIGINT);";
    let spec = parse_schema("spec.sql", sql).unwrap();
    let strict = parse_schema("spec.sql", &sql.replace("sensor VARCHAR", "sensor VARCHAR NOT NULL")).unwrap();
    let text = || Arc::new(StringArray::from(vec!["x"])) as Arc<dyn Array>;
    let utc = || Arc::new(TimestampMicrosecondArray::from(vec![0]).with_timezone("UTC")) as Arc<dyn Array>;
    let bigint = || Arc::new(Int64Array::from(vec![42])) as Arc<dyn Array>;
    let without_shard = || vec![("sensor", text()), ("taken_at", utc()), ("value", bigint())];
    let drifts_of = |spec: &Schema, files: &[(&str, Columns<'_>)]| {
        let lake = tempfile::tempdir().unwrap();
        for (path, columns) in files {
            let path = lake.path().join("readings").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            write_foreign(&path, columns.clone());
        }
        diff_lake(spec, lake.path()).unwrap().into_iter().map(|d| d.message).collect::<Vec<_>>()
    };

    // Agreement: the shard in the path only, NULL shards in Hive's default directory, a day.
    let agree = drifts_of(
        &spec,
        &[
            ("day=2026-11-01/shard=7/a.parquet", without_shard()),
            ("day=2026-11-01/shard=__HIVE_DEFAULT_PARTITION__/b.parquet", without_shard()),
            ("shard=-2147483648/c.parquet", without_shard()),
        ],
    );
    assert!(agree.is_empty(), "{agree:#?}");

    let cases: Vec<(&str, Columns<'_>, &str)> = vec![
        (
            "shard=7/both.parquet",
            vec![("sensor", text()), ("shard", Arc::new(Int32Array::from(vec![7]))), ("taken_at", utc()), ("value", bigint())],
            "column shard: in the directory names and inside the file too",
        ),
        ("shard=7/region=eu/a.parquet", without_shard(), "directory region=eu: the spec table has no column region"),
        ("shard=seven/a.parquet", without_shard(), "directory shard=seven: `seven` is not a value of column shard (INTEGER in the spec)"),
        ("shard=2147483648/a.parquet", without_shard(), "`2147483648` is not a value of column shard"),
        ("shard=7/sensor=__HIVE_DEFAULT_PARTITION__/a.parquet",
            vec![("taken_at", utc()), ("value", bigint())],
            "directory sensor=__HIVE_DEFAULT_PARTITION__: NULL (Hive's default partition) in column sensor, which the spec declares NOT NULL"),
        ("day=2026-02-30/shard=7/a.parquet", without_shard(), "directory day=2026-02-30: `2026-02-30` is not a day (YYYY-MM-DD)"),
        ("a.parquet", without_shard(), "column shard: spec has INTEGER (Int32), file has no such column"),
    ];
    for (path, columns, expected) in cases {
        let spec = if path.contains("sensor=") { &strict } else { &spec };
        let drifts = drifts_of(spec, &[(path, columns)]);
        assert!(
            drifts.iter().any(|d| d.starts_with(expected) || d.contains(expected)),
            "{path}: {drifts:#?}"
        );
    }

    // duckspec's own files: the spec changes the partition column's type, and every directory
    // value (small integers) still fits the new one: the DDL the files record is the drift.
    let lake = tempfile::tempdir().unwrap();
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(sql).unwrap();
    conn.execute_batch(
        "INSERT INTO readings VALUES ('s', 1, '2026-11-01 10:00:00+00', 5), ('t', NULL, NULL, 6)",
    )
    .unwrap();
    let options = LakeOptions::default().partition_by(Partition::column("shard"));
    export(&conn, &spec, lake.path(), &options).unwrap();
    assert!(diff_lake(&spec, lake.path()).unwrap().is_empty());
    let widened = parse_schema("spec.sql", &sql.replace("shard INTEGER", "shard BIGINT")).unwrap();
    let drifts = diff_lake(&widened, lake.path()).unwrap();
    assert_eq!(drifts.len(), 2, "{drifts:#?}");
    assert!(drifts.iter().all(|d| d.message.contains("written for another definition")), "{drifts:#?}");
    // And the other way: a spec without the column sees its directories.
    let dropped = parse_schema("spec.sql", &sql.replace("shard INTEGER, ", "")).unwrap();
    let drifts = diff_lake(&dropped, lake.path()).unwrap();
    assert!(drifts.iter().any(|d| d.message.contains("no column shard")), "{drifts:#?}");
}

/// What a lake cannot partition by is refused before anything is written, with the reason: a
/// type whose text does not read back as the same value, a `day=` key that would hide a column
/// named `day`, two levels with one key, every column in the path.
#[test]
fn partitions_a_reader_could_not_read_back_are_refused() {
    let sql = "CREATE TABLE t (day DATE, taken TIMESTAMPTZ, ratio DOUBLE, host VARCHAR, region VARCHAR);";
    let spec = parse_schema("spec.sql", sql).unwrap();
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(sql).unwrap();
    let refused = |partitions: &[Partition]| {
        let lake = tempfile::tempdir().unwrap();
        let options = partitions.iter().cloned().fold(LakeOptions::default(), LakeOptions::partition_by);
        let error = export(&conn, &spec, lake.path(), &options).unwrap_err().to_string();
        assert_eq!(std::fs::read_dir(lake.path()).unwrap().count(), 0, "nothing written");
        error
    };
    let error = refused(&[Partition::column("ratio")]);
    assert!(error.contains("a DOUBLE value does not read back from a directory name"), "{error}");
    let error = refused(&[Partition::column("taken")]);
    assert!(error.contains("or by Partition::day of a timestamp"), "{error}");
    let error = refused(&[Partition::day("taken")]);
    assert!(error.contains("would hide the table's column `day`"), "{error}");
    let error = refused(&[Partition::column("host"), Partition::column("HOST")]);
    assert!(error.contains("both write `HOST=` directories"), "{error}");

    let lone = parse_schema("spec.sql", "CREATE TABLE lone (host VARCHAR);").unwrap();
    let lake = tempfile::tempdir().unwrap();
    let error =
        export(&conn, &lone, lake.path(), &LakeOptions::default().partition_by(Partition::column("host")))
            .unwrap_err()
            .to_string();
    assert!(error.contains("its files would hold no column"), "{error}");
    // A DATE column is partitioned by as it is.
    let lake = tempfile::tempdir().unwrap();
    conn.execute_batch("INSERT INTO t VALUES ('2026-11-01', NULL, 0.5, 'a', 'eu')").unwrap();
    let options = LakeOptions::default()
        .partition_by(Partition::column("day"))
        .partition_by(Partition::column("region"));
    let files = &export(&conn, &spec, lake.path(), &options).unwrap()[0].files;
    assert!(files[0].to_string_lossy().contains("t/day=2026-11-01/region=eu/part-"), "{files:?}");
    assert!(diff_lake(&spec, lake.path()).unwrap().is_empty());
}

/// What DuckDB (the oracle) says a Parquet file's columns are: `DESCRIBE` of `read_parquet`, or
/// `None` when it cannot read the file.
fn duckdb_columns(conn: &Connection, path: &Path) -> Option<Vec<(String, String)>> {
    let sql =
        format!("DESCRIBE SELECT * FROM read_parquet('{}')", path.display().to_string().replace('\'', "''"));
    let mut statement = conn.prepare(&sql).ok()?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).ok()?;
    rows.collect::<Result<_, _>>().ok()
}

#[test]
fn a_damaged_file_is_drift_or_an_error_naming_it_never_a_panic_or_a_missed_difference() {
    // A corpus-mutation test of the lake check: the file `LakeWriter` wrote, truncated at a spread
    // of lengths and with every byte of its footer (where Parquet keeps the schema and duckspec
    // the recorded DDL) changed, one at a time. Each damaged file must be drift, or an error
    // naming the file; never a panic. Where duckspec finds no drift, DuckDB must read the same
    // columns from the damaged file as from the original, or not read it at all.
    let lake = tempfile::tempdir().unwrap();
    let [file] = <[PathBuf; 1]>::try_from(write_every_type(lake.path())).unwrap();
    let spec = every_type_spec(EVERY_TYPE_SPEC);
    assert!(diff_lake(&spec, lake.path()).unwrap().is_empty());
    let conn = Connection::open_in_memory().unwrap();
    let expected = duckdb_columns(&conn, &file).unwrap();
    let original = std::fs::read(&file).unwrap();
    let len = original.len();
    let footer = u32::from_le_bytes(original[len - 8..len - 4].try_into().unwrap()) as usize;
    let footer_start = len - 8 - footer;

    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [0, 1, 4, 8, len / 2, footer_start, footer_start + footer / 2, len - 8, len - 4, len - 1] {
        damaged.push((format!("cut to {cut} bytes"), original[..cut].to_vec()));
    }
    // Every third byte of the footer, its low and high bits in turn (all of them, both ways, took
    // four minutes in a debug build), and the bytes this test found DuckDB and the parquet crate
    // reading differently before the check compared the two readers (`lake::readers`; offsets in
    // the file as written on 2026-12-04: they move if the writer's output does).
    let found = [
        (3577, 0x01),
        (3597, 0x01),
        (3640, 0x01),
        (3656, 0x01),
        (3676, 0x01),
        (3696, 0x01),
        (3716, 0x01),
        (3737, 0x01),
        (3773, 0x01),
        (3799, 0x01),
        (3891, 0x01),
        (3910, 0x01),
        (3941, 0x01),
        (3966, 0x01),
        (3973, 0x01),
        (3994, 0x01),
        (4013, 0x01),
        (4020, 0x01),
        (4041, 0x01),
        (4048, 0x01),
        (4082, 0x01),
        (4089, 0x01),
        (4121, 0x01),
        (4128, 0x01),
        (4160, 0x01),
        (4178, 0x01),
        (4185, 0x01),
        (4206, 0x01),
        (4241, 0x80),
        (4288, 0x01),
        (4314, 0x01),
    ];
    let sampled = (footer_start..len).step_by(3).map(|at| (at, if at % 2 == 0 { 0x01u8 } else { 0x80 }));
    for (at, change) in sampled.chain(found.into_iter().filter(|&(at, _)| at < len)) {
        let mut bytes = original.clone();
        bytes[at] ^= change;
        damaged.push((format!("byte {at} xor {change:#04x}"), bytes));
    }

    let (mut drift, mut errors, mut same, mut unread) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (what, bytes) in &damaged {
        std::fs::write(&file, bytes).unwrap();
        let result = std::panic::catch_unwind(|| diff_lake(&spec, lake.path()));
        match result {
            Err(_) => failures.push(format!("{what}: diff_lake panicked")),
            Ok(Err(duckspec::Error::Lake { path, message })) => {
                errors += 1;
                if path != file || message.is_empty() {
                    failures.push(format!("{what}: error names {} ({message})", path.display()));
                }
            }
            Ok(Err(other)) => failures.push(format!("{what}: not a lake error: {other}")),
            Ok(Ok(drifts)) if !drifts.is_empty() => drift += 1,
            Ok(Ok(_)) => match duckdb_columns(&conn, &file) {
                Some(columns) if columns != expected => {
                    failures.push(format!("{what}: no drift found, but DuckDB reads {columns:?}"))
                }
                Some(_) => same += 1,
                None => unread += 1,
            },
        }
    }
    std::fs::write(&file, &original).unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} damaged files:\n{}",
        failures.len(),
        damaged.len(),
        failures.join("\n")
    );
    // Most damage is caught: a byte changed in the footer is seldom harmless.
    println!("{} damaged files: {drift} drift, {errors} errors, {same} the same to DuckDB, {unread} unread by DuckDB", damaged.len());
    assert!(drift + errors > damaged.len() / 2, "{drift} drift, {errors} errors of {}", damaged.len());
}

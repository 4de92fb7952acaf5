//! The one transaction guard under every write path: a failure or a panic inside `insert`,
//! `insert_all`, a `Writer`, a `Batch`, `Schema::load` or `migrate::apply` leaves nothing
//! committed.

use std::panic::{catch_unwind, AssertUnwindSafe};

use duckspec::duckdb::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use duckspec::duckdb::Connection;
use duckspec::{Batch, Error, Schema, Table, Writer};
use duckspec_tests::connection_with;

/// A value whose `ToSql` panics on `-1` and fails on `-2`: a failure injected mid-write.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fragile(i64);

impl ToSql for Fragile {
    fn to_sql(&self) -> duckspec::duckdb::Result<ToSqlOutput<'_>> {
        match self.0 {
            -1 => panic!("injected panic"),
            -2 => Err(duckspec::duckdb::Error::ToSqlConversionFailure("injected failure".into())),
            value => Ok(ToSqlOutput::from(value)),
        }
    }
}

impl FromSql for Fragile {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Fragile)
    }
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "fragile", unchecked)]
struct Row {
    #[column(primary_key)]
    id: i64,
    #[column(sql_type = "BIGINT")]
    value: Fragile,
}

fn rows(ids: std::ops::Range<i64>, bad: Option<(i64, i64)>) -> Vec<Row> {
    ids.map(|id| Row {
        id,
        value: Fragile(match bad {
            Some((at, kind)) if at == id => kind,
            _ => id,
        }),
    })
    .collect()
}

fn count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM fragile", [], |row| row.get(0)).unwrap()
}

#[test]
fn insert_all_leaves_nothing_after_a_failure_or_a_panic() {
    let conn = connection_with::<Row>();
    let error = Row::insert_all(&conn, &rows(0..5000, Some((4000, -2)))).unwrap_err();
    assert!(matches!(error, Error::Value { row: 4000, .. }), "{error}");
    assert_eq!(count(&conn), 0);
    let panicked =
        catch_unwind(AssertUnwindSafe(|| Row::insert_all(&conn, &rows(0..5000, Some((4000, -1))))));
    assert!(panicked.is_err());
    assert_eq!(count(&conn), 0);
    // The connection is usable afterwards: no transaction was left open.
    assert_eq!(Row::insert_all(&conn, &rows(0..10, None)).unwrap(), 10);
    // A one-row slice is its own transaction too.
    assert!(Row::insert_all(&conn, &rows(10..11, Some((10, -2)))).is_err());
    assert_eq!(count(&conn), 10);
}

#[test]
fn a_single_insert_leaves_nothing_after_a_failure_or_a_panic() {
    let conn = connection_with::<Row>();
    assert!(rows(0..1, Some((0, -2)))[0].insert(&conn).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| rows(0..1, Some((0, -1)))[0].insert(&conn))).is_err());
    assert_eq!(count(&conn), 0);
    rows(0..1, None)[0].insert(&conn).unwrap();
    assert_eq!(count(&conn), 1);
}

#[test]
fn a_writer_leaves_nothing_after_a_failure_or_a_panic() {
    let conn = connection_with::<Row>();
    let mut writer = Writer::<Row>::new(&conn).unwrap();
    // Past a flush (122,880 rows), so the failure comes after rows reached DuckDB.
    let input = rows(0..130_000, Some((125_000, -2)));
    let failed = input.iter().map(|row| writer.push(row)).find_map(Result::err);
    assert!(matches!(failed, Some(Error::Value { row: 125_000, .. })), "{failed:?}");
    assert!(writer.finish().is_err());
    assert_eq!(count(&conn), 0);

    let input = rows(0..130_000, Some((125_000, -1)));
    let panicked = catch_unwind(AssertUnwindSafe(|| {
        let mut writer = Writer::<Row>::new(&conn).unwrap();
        for row in &input {
            writer.push(row).unwrap();
        }
        writer.finish()
    }));
    assert!(panicked.is_err());
    assert_eq!(count(&conn), 0);
    let mut writer = Writer::<Row>::new(&conn).unwrap();
    writer.push(&rows(0..1, None)[0]).unwrap();
    assert_eq!(writer.finish().unwrap(), 1);
}

#[test]
fn a_batch_leaves_nothing_after_a_failure_or_a_panic() {
    let conn = connection_with::<Row>();
    let mut batch = Batch::new();
    batch.extend(&rows(0..3000, None)).unwrap();
    // A value error adds none of that call's rows and keeps the earlier ones.
    let error = batch.extend(&rows(3000..6000, Some((5000, -2)))).unwrap_err();
    assert!(matches!(error, Error::Value { row: 5000, .. }), "{error}");
    assert_eq!(batch.len(), 3000);
    // A constraint failure at commit: nothing is written, the batch keeps its rows.
    batch.extend(&rows(2999..3000, None)).unwrap();
    let error = batch.commit(&conn).unwrap_err();
    assert!(matches!(error, Error::Insert { table: "fragile", row: Some(3000), .. }), "{error}");
    assert_eq!(count(&conn), 0);
    assert_eq!(batch.len(), 3001);

    let panicked = catch_unwind(AssertUnwindSafe(|| {
        let mut batch = Batch::new();
        batch.extend(&rows(0..100, None)).unwrap();
        batch.extend(&rows(100..200, Some((150, -1))))
    }));
    assert!(panicked.is_err());
    assert_eq!(count(&conn), 0);

    let mut batch = Batch::new();
    batch.extend(&rows(0..3000, None)).unwrap();
    assert_eq!(batch.commit(&conn).unwrap(), 3000);
    assert!(batch.is_empty());
    assert_eq!(count(&conn), 3000);
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "jobs", unchecked)]
struct Job {
    #[column(primary_key)]
    id: i64,
    tool: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "job_steps", unchecked)]
struct JobStep {
    job_id: i64,
    #[column(check = "step >= 0")]
    step: i32,
}

#[test]
fn a_large_batch_of_two_tables_commits_whole_or_names_the_failing_row() {
    // Enough rows that each table goes as data chunks converted on a second thread.
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!("{}{}", Job::DDL, JobStep::DDL)).unwrap();
    let jobs: Vec<Job> = (0..40_000).map(|id| Job { id, tool: format!("tool-{}", id % 7) }).collect();
    let steps: Vec<JobStep> = (0..80_000).map(|n| JobStep { job_id: n / 2, step: (n % 2) as i32 }).collect();

    let mut batch = Batch::new();
    batch.extend(&jobs).unwrap();
    batch.extend(&steps[..50_000]).unwrap();
    batch.push(&JobStep { job_id: 1, step: -1 }).unwrap(); // the batch's 50,001st step fails the CHECK
    batch.extend(&steps[50_000..]).unwrap();
    let error = batch.commit(&conn).unwrap_err();
    assert!(matches!(error, Error::Insert { table: "job_steps", row: Some(50_000), .. }), "{error}");
    let counts = || -> (i64, i64) {
        conn.query_row("SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM job_steps)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
    };
    assert_eq!(counts(), (0, 0), "a failed batch wrote rows");

    let mut batch = Batch::new();
    batch.extend(&jobs).unwrap();
    batch.extend(&steps).unwrap();
    assert_eq!(batch.commit(&conn).unwrap(), 120_000);
    assert_eq!(counts(), (40_000, 80_000));
    assert_eq!(Job::select_all(&conn).unwrap(), jobs);
    let mut read = JobStep::select_all(&conn).unwrap();
    read.sort_by_key(|s| (s.job_id, s.step));
    assert_eq!(read, steps);
}

#[derive(Table)]
#[table(name = "first", unchecked)]
struct First {
    id: i64,
}

#[derive(Table)]
#[table(name = "second", unchecked)]
struct Second {
    id: i64,
}

/// A schema over two tables, built by hand (a derive reads its spec at compile time).
struct Two;

impl Schema for Two {
    const SPEC: &'static str = "two.sql";
    const TABLES: &'static [&'static str] = &["first", "second"];
    const DDL: &'static str = "";
    const TABLE_DDL: &'static [(&'static str, &'static str)] =
        &[("first", First::DDL), ("second", Second::DDL)];

    fn table_defs() -> Vec<&'static duckspec::spec::TableDef> {
        vec![First::table_def(), Second::table_def()]
    }
}

#[test]
fn a_load_that_fails_halfway_creates_nothing() {
    let conn = Connection::open_in_memory().unwrap();
    // `second` is a view: not a table the load sees, and creating the table fails.
    conn.execute_batch("CREATE VIEW second AS SELECT 1 AS id").unwrap();
    assert!(Two::load(&conn).is_err());
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'first'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(tables, 0, "the first table was rolled back");
    conn.execute_batch("DROP VIEW second").unwrap();
    assert_eq!(Two::load(&conn).unwrap(), 2);
}

#[test]
fn a_migration_that_fails_halfway_changes_nothing() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)").unwrap();
    // A new table (fine), then a column whose DEFAULT cannot be cast for the existing row.
    let spec = "CREATE TABLE t (a INTEGER, b INTEGER DEFAULT 'not a number'); CREATE TABLE u (x INTEGER);";
    assert!(duckspec::migrate::apply(&conn, "spec.sql", spec).is_err());
    let objects: i64 = conn
        .query_row(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('u', 'duckspec_history')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(objects, 0);
    let columns: i64 = conn
        .query_row("SELECT count(*) FROM duckdb_columns() WHERE table_name = 't'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(columns, 1);
}

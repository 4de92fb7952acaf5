//! Typed inserts and reads against a real in-memory DuckDB: every mapped type round-trips
//! exactly, bulk inserts are all-or-nothing, a `Writer` is one transaction.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use duckspec::duckdb::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use duckspec::duckdb::Connection;
use duckspec::job::capture::LogCapture;
use duckspec::{Error, Table, Writer};
use duckspec_tests::connection_with;
use duckspec_tests::every_type::{every_type_rows, EveryType};
use rust_decimal::Decimal;

#[test]
fn every_mapped_type_round_trips_exactly_through_each_insert_path() {
    let rows = every_type_rows();

    let conn = connection_with::<EveryType>();
    assert_eq!(EveryType::insert_all(&conn, &rows).unwrap(), 2);
    assert_eq!(EveryType::select_all(&conn).unwrap(), rows);

    let conn = connection_with::<EveryType>();
    for row in &rows {
        row.insert(&conn).unwrap();
    }
    assert_eq!(EveryType::select_all(&conn).unwrap(), rows);

    let conn = connection_with::<EveryType>();
    let mut writer = Writer::<EveryType>::new(&conn).unwrap();
    for row in &rows {
        writer.push(row).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), 2);
    assert_eq!(EveryType::select_all(&conn).unwrap(), rows);
}

#[test]
fn values_land_in_the_columns_duckdb_expects() {
    // Read back with SQL, not our own decoder: the stored values are the real ones.
    let conn = connection_with::<EveryType>();
    EveryType::insert_all(&conn, &every_type_rows()).unwrap();
    let row: (String, String, String, String, String, String, String, String) = conn
        .query_row(
            "SELECT i128_::VARCHAR, u128_::VARCHAR, ts::VARCHAR, tstz::VARCHAR, id::VARCHAR, cost::VARCHAR, \
             feel::VARCHAR, doc->>'name' FROM every_type WHERE b",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .unwrap();
    assert_eq!(row.0, (i128::MIN + 1).to_string());
    assert_eq!(row.1, u128::MAX.to_string());
    assert_eq!(row.2, "1969-12-31 23:59:59.000001");
    assert!(row.3.starts_with("2262-04-11 23:47:16.854775"), "{}", row.3);
    assert_eq!(row.4, "ffff0000-1234-5678-9abc-def00000ffff");
    assert_eq!(row.6, "very happy");
    assert_eq!(row.7, "ocr");
    assert!(row.5.ends_with(".0123456789"), "{}", row.5);
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "job_metrics", unchecked, check = "duration_ms >= 0")]
struct JobMetric {
    #[column(primary_key)]
    job_id: String,
    tool: String,
    duration_ms: i64,
    frames: Option<i32>,
}

fn job(i: usize) -> JobMetric {
    JobMetric {
        job_id: format!("job-{i}"),
        tool: "ocr".into(),
        duration_ms: i as i64,
        frames: Some(i as i32),
    }
}

fn count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM job_metrics", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_duplicate_key_in_the_last_row_leaves_the_table_as_it_was() {
    let conn = connection_with::<JobMetric>();
    JobMetric::insert_all(&conn, &[job(0), job(1)]).unwrap();

    let mut rows: Vec<JobMetric> = (2..50_002).map(job).collect();
    rows.push(job(7)); // row 50,000 of 50,001 duplicates a row written by this batch
    let error = JobMetric::insert_all(&conn, &rows).unwrap_err();
    match &error {
        Error::Insert { table, row, rows, .. } => {
            assert_eq!(*table, "job_metrics");
            assert_eq!(*row, Some(50_000));
            assert_eq!(rows.len(), 50_001);
        }
        other => panic!("{other:?}"),
    }
    let message = error.to_string();
    eprintln!("{message}");
    assert!(message.contains("row 50000"), "{message}");
    assert!(message.contains("job-7") && message.to_lowercase().contains("primary key"), "{message}");
    assert_eq!(count(&conn), 2);

    // A duplicate of a committed row is found too.
    let error = JobMetric::insert_all(&conn, &[job(9), job(1), job(10)]).unwrap_err();
    assert!(matches!(error, Error::Insert { row: Some(1), .. }), "{error:?}");
    assert_eq!(count(&conn), 2);
    assert_eq!(JobMetric::select_all(&conn).unwrap(), vec![job(0), job(1)]);
}

#[test]
fn a_check_constraint_failure_names_the_row_and_the_constraint() {
    let conn = connection_with::<JobMetric>();
    let mut rows: Vec<JobMetric> = (0..5000).map(job).collect();
    rows[4321].duration_ms = -1;
    let error = JobMetric::insert_all(&conn, &rows).unwrap_err();
    assert!(matches!(error, Error::Insert { row: Some(4321), .. }), "{error:?}");
    assert!(error.to_string().to_lowercase().contains("check constraint"), "{error}");
    assert_eq!(count(&conn), 0);

    let error = rows[4321].insert(&conn).unwrap_err();
    assert!(matches!(error, Error::Insert { row: Some(0), .. }), "{error:?}");
}

#[test]
fn a_value_that_does_not_fit_its_column_names_the_row_and_column() {
    let conn = connection_with::<EveryType>();
    let mut rows = every_type_rows();
    rows[1].small_cost = Decimal::from_str("100.00").unwrap(); // DECIMAL(4,2) holds at most 99.99
    let error = EveryType::insert_all(&conn, &rows).unwrap_err();
    match &error {
        Error::Value { row, column, message, .. } => {
            assert_eq!((*row, *column), (1, "small_cost"));
            assert!(message.contains("DECIMAL(4,2)"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(EveryType::select_all(&conn).unwrap().is_empty());
}

/// Declares `Wide`: 150 `i64` columns `c0`…`c149`, then a generated column, a `DECIMAL(4,2)` and a
/// string: wider than one level of the tuples a table's fields are typed as (12 per level, so
/// these are nested two deep), with the last fields at the far end of the nesting.
macro_rules! wide_table {
    ($($column:ident,)*) => {
        #[derive(Table, Debug, Clone, PartialEq)]
        #[table(name = "wide", unchecked)]
        struct Wide {
            $($column: i64,)*
            #[column(generated = "c0 + c149")]
            both_ends: Option<i64>,
            #[column(sql_type = "DECIMAL(4,2)")]
            amount: Decimal,
            label: String,
        }

        fn wide_row(seed: i64) -> Wide {
            let mut next = seed * 1000;
            let mut value = || {
                next += 1;
                next
            };
            Wide { $($column: value(),)* both_ends: None, amount: Decimal::new(seed, 2), label: format!("row {seed}") }
        }
    };
}

wide_table!(
    c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22,
    c23, c24, c25, c26, c27, c28, c29, c30, c31, c32, c33, c34, c35, c36, c37, c38, c39, c40, c41, c42, c43,
    c44, c45, c46, c47, c48, c49, c50, c51, c52, c53, c54, c55, c56, c57, c58, c59, c60, c61, c62, c63, c64,
    c65, c66, c67, c68, c69, c70, c71, c72, c73, c74, c75, c76, c77, c78, c79, c80, c81, c82, c83, c84, c85,
    c86, c87, c88, c89, c90, c91, c92, c93, c94, c95, c96, c97, c98, c99, c100, c101, c102, c103, c104, c105,
    c106, c107, c108, c109, c110, c111, c112, c113, c114, c115, c116, c117, c118, c119, c120, c121, c122,
    c123, c124, c125, c126, c127, c128, c129, c130, c131, c132, c133, c134, c135, c136, c137, c138, c139,
    c140, c141, c142, c143, c144, c145, c146, c147, c148, c149,
);

#[test]
fn a_table_of_153_columns_round_trips_and_names_a_failing_column_at_its_far_end() {
    assert_eq!(Wide::table_def().columns.len(), 153);
    let rows: Vec<Wide> = (1..=3).map(wide_row).collect();
    // What DuckDB computes for the generated column, which inserts skip.
    let read_back: Vec<Wide> =
        rows.iter().map(|row| Wide { both_ends: Some(row.c0 + row.c149), ..row.clone() }).collect();

    let conn = connection_with::<Wide>();
    assert_eq!(Wide::insert_all(&conn, &rows).unwrap(), 3);
    assert_eq!(Wide::select_all(&conn).unwrap(), read_back);
    let (c77, label): (i64, String) = conn
        .query_row("SELECT c77, label FROM wide WHERE c0 = 2001", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((c77, label.as_str()), (2078, "row 2"));

    let conn = connection_with::<Wide>();
    rows[2].insert(&conn).unwrap();
    let mut writer = Writer::<Wide>::new(&conn).unwrap();
    writer.push(&rows[0]).unwrap();
    assert_eq!(writer.finish().unwrap(), 1);
    assert_eq!(Wide::select_all(&conn).unwrap(), vec![read_back[2].clone(), read_back[0].clone()]);

    let mut bad = rows.clone();
    bad[1].amount = Decimal::new(10000, 2); // DECIMAL(4,2) holds at most 99.99
    let conn = connection_with::<Wide>();
    match Wide::insert_all(&conn, &bad).unwrap_err() {
        Error::Value { row, column, message, .. } => {
            assert_eq!((row, column), (1, "amount"));
            assert!(message.contains("DECIMAL(4,2)"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match bad[1].insert(&conn).unwrap_err() {
        Error::Value { column, .. } => assert_eq!(column, "amount"),
        other => panic!("{other:?}"),
    }
    assert!(Wide::select_all(&conn).unwrap().is_empty());
}

#[test]
fn a_writer_streams_many_batches_and_commits_once() {
    let conn = connection_with::<JobMetric>();
    let mut writer = Writer::<JobMetric>::new(&conn).unwrap();
    let total = duckspec::tuning::WRITER_FLUSH_ROWS * 2 + 4321;
    for i in 0..total {
        writer.push(&job(i)).unwrap();
    }
    assert_eq!(writer.len(), total);
    // Not visible to another connection before finish: one transaction.
    let other = conn.try_clone().unwrap();
    assert_eq!(count(&other), 0);
    assert_eq!(writer.finish().unwrap(), total);
    assert_eq!(count(&other), total as i64);
    let sum: i64 = conn.query_row("SELECT sum(duration_ms) FROM job_metrics", [], |r| r.get(0)).unwrap();
    assert_eq!(sum, (0..total as i64).sum::<i64>());
}

#[test]
fn a_dropped_writer_rolls_back_the_whole_stream_and_warns() {
    let capture = LogCapture::start();
    let conn = connection_with::<JobMetric>();
    {
        let mut writer = Writer::<JobMetric>::new(&conn).unwrap();
        // More than one flush: rows already handed to DuckDB are rolled back too.
        for i in 0..duckspec::tuning::WRITER_FLUSH_ROWS + 10 {
            writer.push(&job(i)).unwrap();
        }
    }
    assert_eq!(count(&conn), 0);
    let warnings: Vec<_> = capture
        .records()
        .into_iter()
        .filter(|r| r.level() == tracing::Level::WARN && r.message().contains("without finish()"))
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", capture.records());
    assert_eq!(warnings[0].field("table"), Some("job_metrics"));
    assert_eq!(
        warnings[0].field("rows"),
        Some((duckspec::tuning::WRITER_FLUSH_ROWS + 10).to_string().as_str())
    );
    // The connection is usable afterwards, outside any transaction.
    JobMetric::insert_all(&conn, &[job(1)]).unwrap();
    assert_eq!(count(&conn), 1);
}

#[test]
fn a_failed_writer_reports_the_error_rolls_back_and_refuses_more_rows() {
    let conn = connection_with::<JobMetric>();
    job(5).insert(&conn).unwrap();
    let mut writer = Writer::<JobMetric>::new(&conn).unwrap();
    let mut first_error = None;
    for i in 10..10 + duckspec::tuning::WRITER_FLUSH_ROWS {
        let row = if i == 20 { job(5) } else { job(i) };
        if let Err(e) = writer.push(&row) {
            first_error = Some(e);
            break;
        }
    }
    let first_error = first_error.expect("the flush containing the duplicate fails");
    assert!(matches!(first_error, Error::Insert { .. }), "{first_error:?}");
    assert!(first_error.to_string().contains("job-5"), "{first_error}");
    assert!(matches!(writer.push(&job(1)), Err(Error::WriterFailed { .. })));
    let finished = writer.finish().unwrap_err();
    assert!(finished.to_string().contains("job-5"), "{finished}");
    assert_eq!(count(&conn), 1);
}

#[test]
fn finish_reports_a_failure_in_the_last_flush() {
    let conn = connection_with::<JobMetric>();
    let mut writer = Writer::<JobMetric>::new(&conn).unwrap();
    writer.push(&job(1)).unwrap();
    writer.push(&job(1)).unwrap(); // buffered: only finish's flush sees it
    let error = writer.finish().unwrap_err();
    assert!(matches!(error, Error::Insert { ref rows, .. } if *rows == (0..2)), "{error:?}");
    assert_eq!(count(&conn), 0);
}

#[test]
fn inserts_are_their_own_transaction() {
    let conn = connection_with::<JobMetric>();
    conn.execute_batch("BEGIN TRANSACTION").unwrap();
    let error = JobMetric::insert_all(&conn, &[job(1), job(2)]).unwrap_err();
    assert!(error.to_string().contains("within a transaction"), "{error}");
    assert!(Writer::<JobMetric>::new(&conn).is_err());
    conn.execute_batch("ROLLBACK").unwrap();
    JobMetric::insert_all(&conn, &[job(1), job(2)]).unwrap();
    assert_eq!(count(&conn), 2);
}

/// A user type stored through duckdb's own `ToSql` / `FromSql`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Millis(i64);

impl ToSql for Millis {
    fn to_sql(&self) -> duckspec::duckdb::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for Millis {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Millis)
    }
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "timings", unchecked)]
struct Timing {
    #[column(sql_type = "BIGINT")]
    elapsed: Millis,
    #[column(sql_type = "BIGINT")]
    budget: Option<Millis>,
}

#[test]
fn a_user_type_with_sql_type_goes_through_to_sql_and_from_sql() {
    let conn = connection_with::<Timing>();
    let rows = vec![
        Timing { elapsed: Millis(12), budget: None },
        Timing { elapsed: Millis(-3), budget: Some(Millis(i64::MAX)) },
    ];
    Timing::insert_all(&conn, &rows).unwrap();
    assert_eq!(Timing::select_all(&conn).unwrap(), rows);
}

#[test]
fn reading_a_table_whose_values_do_not_fit_the_struct_is_an_error() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE job_metrics (job_id VARCHAR, tool VARCHAR, duration_ms BIGINT, frames INTEGER);
         INSERT INTO job_metrics VALUES ('a', 'ocr', 1, 1), ('b', NULL, 2, 2);",
    )
    .unwrap();
    let error = JobMetric::select_all(&conn).unwrap_err();
    match &error {
        Error::Read { row, column, .. } => assert_eq!((*row, *column), (1, "tool")),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("NULL"), "{error}");

    let missing = Connection::open_in_memory().unwrap();
    assert!(matches!(JobMetric::insert_all(&missing, &[job(1)]), Err(Error::DuckDb(_))));
    assert!(matches!(JobMetric::select_all(&missing), Err(Error::DuckDb(_))));
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "prices", unchecked)]
struct Price {
    #[column(sql_type = "DECIMAL(6,2)")]
    amount: Decimal,
}

#[test]
fn extra_decimal_digits_round_the_way_duckdb_rounds_them() {
    let conn = connection_with::<Price>();
    let inputs = ["1.005", "-1.005", "0.0049", "2.675", "-0.125", "9999.994", "12.3456789"];
    let rows: Vec<Price> = inputs.iter().map(|v| Price { amount: Decimal::from_str(v).unwrap() }).collect();
    Price::insert_all(&conn, &rows).unwrap();
    let ours: Vec<String> = Price::select_all(&conn).unwrap().iter().map(|p| p.amount.to_string()).collect();
    // The engine is the oracle: the same literals cast by DuckDB itself.
    let theirs: Vec<String> = inputs
        .iter()
        .map(|v| {
            conn.query_row(&format!("SELECT ({v}::DECIMAL(38,10))::DECIMAL(6,2)::VARCHAR"), [], |r| r.get(0))
                .unwrap()
        })
        .collect();
    assert_eq!(ours, theirs);
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "runs", unchecked)]
struct Run {
    #[column(primary_key)]
    id: i64,
    #[column(default = "'ocr'")]
    tool: Option<String>,
    #[column(default = "42")]
    retries: Option<i32>,
    /// Nullable without a DEFAULT: `None` is NULL.
    note: Option<String>,
    #[column(default = "current_timestamp")]
    recorded_at: Option<DateTime<Utc>>,
}

fn run(id: i64) -> Run {
    // A mix: every combination of given and defaulted values appears.
    Run {
        id,
        tool: (id % 2 == 0).then(|| "detect".to_string()),
        retries: (id % 3 == 0).then_some(1),
        note: (id % 5 == 0).then(|| format!("note {id}")),
        recorded_at: (id % 7 == 0).then_some(DateTime::UNIX_EPOCH),
    }
}

fn check_defaults(conn: &Connection, ids: std::ops::Range<i64>) {
    let mut back = Run::select_all(conn).unwrap();
    back.sort_by_key(|r| r.id);
    assert_eq!(back.len(), ids.clone().count());
    for (got, id) in back.iter().zip(ids) {
        let given = run(id);
        assert_eq!(got.id, id);
        assert_eq!(got.tool.as_deref(), Some(given.tool.as_deref().unwrap_or("ocr")), "row {id}");
        assert_eq!(got.retries, Some(given.retries.unwrap_or(42)), "row {id}");
        assert_eq!(got.note, given.note, "row {id}: no DEFAULT, so None stays NULL");
        match given.recorded_at {
            Some(at) => assert_eq!(got.recorded_at, Some(at)),
            None => {
                let at = got.recorded_at.expect("current_timestamp filled in");
                assert!((Utc::now() - at).num_seconds().abs() < 60, "row {id}: {at}");
            }
        }
    }
}

#[test]
fn none_in_a_column_with_a_default_gets_the_default() {
    let conn = connection_with::<Run>();
    let rows: Vec<Run> = (0..5000).map(run).collect();
    Run::insert_all(&conn, &rows).unwrap();
    check_defaults(&conn, 0..5000);

    let conn = connection_with::<Run>();
    let mut writer = Writer::<Run>::new(&conn).unwrap();
    for id in 0..5000 {
        writer.push(&run(id)).unwrap();
    }
    writer.finish().unwrap();
    check_defaults(&conn, 0..5000);

    let conn = connection_with::<Run>();
    for id in 0..50 {
        run(id).insert(&conn).unwrap();
    }
    check_defaults(&conn, 0..50);

    // All or nothing still holds across the appenders of different default patterns.
    let mut rows: Vec<Run> = (5000..6000).map(run).collect();
    rows.push(run(5001));
    let error = Run::insert_all(&conn, &rows).unwrap_err();
    assert!(matches!(error, Error::Insert { row: Some(1000), .. }), "{error:?}");
    check_defaults(&conn, 0..50);
}

#[test]
fn two_connections_inserting_at_once_each_get_all_or_nothing() {
    let conn = connection_with::<JobMetric>();
    // Disjoint keys: both batches land whole.
    std::thread::scope(|scope| {
        for half in 0..2 {
            let conn = conn.try_clone().unwrap();
            scope.spawn(move || {
                let rows: Vec<JobMetric> = (half * 20_000..(half + 1) * 20_000).map(job).collect();
                JobMetric::insert_all(&conn, &rows).unwrap();
            });
        }
    });
    assert_eq!(count(&conn), 40_000);

    // The same new keys from both: one batch commits, the other fails and writes nothing.
    let results: Vec<Result<usize, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let conn = conn.try_clone().unwrap();
                scope.spawn(move || {
                    let rows: Vec<JobMetric> = (40_000..60_000).map(job).collect();
                    JobMetric::insert_all(&conn, &rows)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let committed = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(committed, 1, "{results:?}");
    let failure = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(matches!(failure, Error::Insert { .. }), "{failure:?}");
    assert_eq!(count(&conn), 60_000);
}

#[test]
fn a_value_that_does_not_fit_is_named_by_its_row_across_batches() {
    // select_all decodes the scan a 2,048-row batch at a time: the row an error names counts from
    // the first row of the scan, whichever batch holds it.
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE job_metrics (job_id VARCHAR, tool VARCHAR, duration_ms BIGINT, frames INTEGER);
         INSERT INTO job_metrics
             SELECT 'j' || i, CASE WHEN i = 2500 THEN NULL ELSE 'ocr' END, i, i FROM range(3000) t(i);",
    )
    .unwrap();
    match JobMetric::select_all(&conn).unwrap_err() {
        Error::Read { row, column, .. } => assert_eq!((row, column), (2500, "tool")),
        other => panic!("{other:?}"),
    }
    conn.execute_batch("UPDATE job_metrics SET tool = 'ocr' WHERE tool IS NULL").unwrap();
    let rows = JobMetric::select_all(&conn).unwrap();
    assert_eq!(rows.len(), 3000);
    let mut ids: Vec<i64> = rows.iter().map(|r| r.duration_ms).collect();
    ids.sort();
    assert_eq!(ids, (0..3000).collect::<Vec<i64>>());
}

//! Large `insert_all` calls encode on a second thread while the connection's thread appends:
//! which inputs take that path, and that failures there are the same errors as on one thread —
//! a value that cannot be stored, a duplicate key, a panic — with nothing written and no hang.

use std::collections::BTreeSet;
use std::sync::Mutex;

use duckspec::duckdb::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use duckspec::duckdb::Connection;
use duckspec::{Error, Table};
use duckspec_tests::connection_with;
use duckspec_tests::every_type::{every_type_rows, EveryType};

/// Thread names that encoded a `Seen` value.
static ENCODED_ON: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// A user type whose `ToSql` (called while encoding) records its thread, and panics on -1.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Seen(i64);

impl ToSql for Seen {
    fn to_sql(&self) -> duckspec::duckdb::Result<ToSqlOutput<'_>> {
        if self.0 == -1 {
            panic!("encoding a poisoned value");
        }
        let name = std::thread::current().name().unwrap_or("unnamed").to_string();
        ENCODED_ON.lock().unwrap().insert(name);
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for Seen {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Seen)
    }
}

#[derive(Table, Clone)]
#[table(name = "seen", unchecked)]
struct Row {
    #[column(primary_key)]
    id: i64,
    #[column(sql_type = "BIGINT")]
    value: Seen,
    #[column(sql_type = "DECIMAL(4,2)")]
    cost: rust_decimal::Decimal,
}

fn rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| Row {
            id: i as i64,
            value: Seen(i as i64),
            cost: rust_decimal::Decimal::new(i as i64 % 9999, 2),
        })
        .collect()
}

fn count(conn: &duckspec::duckdb::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM seen", [], |r| r.get(0)).unwrap()
}

/// Taken by tests that watch the encoding threads, so they do not mix.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The threads that encoded while `f` ran.
fn encoded_on(f: impl FnOnce()) -> BTreeSet<String> {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    ENCODED_ON.lock().unwrap().clear();
    f();
    std::mem::take(&mut *ENCODED_ON.lock().unwrap())
}

#[test]
fn large_inputs_encode_on_a_second_thread_small_ones_on_the_callers() {
    let conn = connection_with::<Row>();
    let small = encoded_on(|| assert_eq!(Row::insert_all(&conn, &rows(1_000)).unwrap(), 1_000));
    let caller = std::thread::current().name().unwrap().to_string();
    assert_eq!(small, BTreeSet::from([caller.clone()]));

    conn.execute_batch("DELETE FROM seen").unwrap();
    let large = encoded_on(|| assert_eq!(Row::insert_all(&conn, &rows(100_000)).unwrap(), 100_000));
    assert_eq!(large, BTreeSet::from(["duckspec-encode".to_string()]));
    let (n, sum, first, last): (i64, i64, i64, i64) = conn
        .query_row("SELECT count(*), sum(value), min(id), max(id) FROM seen", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!((n, sum, first, last), (100_000, (0..100_000).sum(), 0, 99_999));
    // In order: the table's scan order is the slice's.
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM seen")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_value_that_cannot_be_stored_mid_stream_is_the_same_error_and_nothing_is_written() {
    let conn = connection_with::<Row>();
    let mut input = rows(200_000);
    input[123_456].cost = rust_decimal::Decimal::new(12_345, 1); // DECIMAL(4,2) holds at most 99.99
    let error = encoded_on(|| match Row::insert_all(&conn, &input).unwrap_err() {
        Error::Value { table, row, column, .. } => {
            assert_eq!((table, row, column), ("seen", 123_456, "cost"))
        }
        other => panic!("{other:?}"),
    });
    assert!(error.contains("duckspec-encode"));
    assert_eq!(count(&conn), 0);
}

#[test]
fn a_duplicate_key_found_while_appending_stops_the_encoder_and_is_located() {
    let conn = connection_with::<Row>();
    let mut input = rows(200_000);
    input[150_000].id = 7;
    let threads = encoded_on(|| {
        let error = Row::insert_all(&conn, &input).unwrap_err();
        assert!(matches!(error, Error::Insert { row: Some(150_000), .. }), "{error:?}");
    });
    // Written on the second thread, then searched for the failing row on the caller's.
    assert!(threads.contains("duckspec-encode"), "{threads:?}");
    assert_eq!(count(&conn), 0);
}

#[test]
fn a_panic_while_encoding_reaches_the_caller_and_rolls_back() {
    let conn = connection_with::<Row>();
    let mut input = rows(100_000);
    input[70_000].value = Seen(-1);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // the expected panic, unprinted
    let outcome = encoded_on(|| {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Row::insert_all(&conn, &input)));
        assert!(result.is_err(), "the panic is the caller's");
    });
    std::panic::set_hook(hook);
    assert!(outcome.contains("duckspec-encode"));
    assert_eq!(count(&conn), 0);
    // The connection is usable: the transaction was rolled back, not left open.
    assert_eq!(Row::insert_all(&conn, &rows(50_000)).unwrap(), 50_000);
}

/// `T::insert_all` with every insert of two rows or more pipelined (the threshold is a
/// parameter of the internal entry point, so no other test is affected).
fn insert_pipelined<T: Table>(conn: &Connection, rows: &[T]) -> duckspec::Result<usize> {
    duckspec::__private_0_1_0::insert_all_from(conn, rows, 2)
}

#[test]
fn every_mapped_type_round_trips_exactly_through_chunks_converted_on_the_encoding_thread() {
    let rows = every_type_rows();
    let conn = connection_with::<EveryType>();
    assert_eq!(insert_pipelined(&conn, &rows).unwrap(), rows.len());
    assert_eq!(EveryType::select_all(&conn).unwrap(), rows);
    // It went through the table function (registered by the first such insert).
    let installed: bool = conn
        .query_row(
            "SELECT count(*) = 1 FROM duckdb_functions() WHERE function_name = 'duckspec_chunks'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(installed);
}

#[derive(Table, Clone, Debug, PartialEq)]
#[table(name = "measured", unchecked)]
struct Measured {
    #[column(primary_key)]
    id: i64,
    celsius: f64,
    #[column(generated = "celsius * 9 / 5 + 32")]
    fahrenheit: Option<f64>,
}

#[test]
fn a_generated_column_is_left_to_duckdb_on_the_chunk_path_and_a_second_database_gets_the_function() {
    for _ in 0..2 {
        // A fresh in-memory database each time: the table function is registered per database.
        let conn = connection_with::<Measured>();
        let rows: Vec<Measured> =
            (0..50_000).map(|i| Measured { id: i, celsius: i as f64, fahrenheit: None }).collect();
        assert_eq!(insert_pipelined(&conn, &rows).unwrap(), 50_000);
        let (n, hottest): (i64, f64) = conn
            .query_row("SELECT count(*), max(fahrenheit) FROM measured", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((n, hottest), (50_000, 49_999.0 * 9.0 / 5.0 + 32.0));
    }
}

#[test]
fn the_table_function_lives_with_the_open_database_not_in_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("measured.duckdb");
    let registered = |conn: &duckspec::duckdb::Connection| -> bool {
        conn.query_row(
            "SELECT count(*) > 0 FROM duckdb_functions() WHERE function_name = 'duckspec_chunks'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let rows = |from: i64| -> Vec<Measured> {
        (from..from + 40_000).map(|i| Measured { id: i, celsius: i as f64, fahrenheit: None }).collect()
    };
    {
        let conn = duckspec::duckdb::Connection::open(&path).unwrap();
        conn.execute_batch(Measured::DDL).unwrap();
        assert_eq!(insert_pipelined(&conn, &rows(0)).unwrap(), 40_000);
        assert!(registered(&conn));
    }
    // Reopened (another process could have): nothing of the previous registration is left in the
    // file, and the next large insert registers it again.
    let conn = duckspec::duckdb::Connection::open(&path).unwrap();
    assert!(!registered(&conn));
    assert_eq!(insert_pipelined(&conn, &rows(40_000)).unwrap(), 40_000);
    let n: i64 = conn.query_row("SELECT count(*) FROM measured", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 80_000);
}

#[test]
fn two_connections_store_chunks_at_once_each_through_its_own_stream() {
    let conn = connection_with::<Measured>();
    std::thread::scope(|scope| {
        for half in 0..2i64 {
            let conn = conn.try_clone().unwrap();
            scope.spawn(move || {
                let rows: Vec<Measured> = (half * 30_000..(half + 1) * 30_000)
                    .map(|i| Measured { id: i, celsius: i as f64, fahrenheit: None })
                    .collect();
                assert_eq!(insert_pipelined(&conn, &rows).unwrap(), 30_000);
            });
        }
    });
    // Each insert got its own rows: all 60,000 ids, each once, each with its own value.
    let (n, ids, wrong): (i64, i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT id), count(*) FILTER (celsius <> id) FROM measured",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, ids, wrong), (60_000, 60_000, 0));
}

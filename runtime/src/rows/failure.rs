//! How a write failed, the error a caller sees for it, and the search for the first failing row.

use std::ops::Range;

use crate::error::{Error, ValueError};

/// How writing rows failed.
pub(crate) enum Failure {
    /// The appender could not be created (no such table, …): no row is to blame.
    Open(duckdb::Error),
    /// A field's value could not be encoded; the error names the row.
    Value(ValueError),
    /// DuckDB refused the rows.
    Engine(duckdb::Error),
    /// The encoding thread could not be started.
    Thread(std::io::Error),
    /// The encoding thread stopped because the appending side failed (whose failure is the one
    /// reported; this one never reaches a caller).
    Stopped,
}

impl From<duckdb::Error> for Failure {
    fn from(e: duckdb::Error) -> Failure {
        Failure::Engine(e)
    }
}

impl Failure {
    /// The error a caller sees: `row` is the failing row when it is known, `rows` the rows being
    /// written.
    pub fn into_error(self, table: &'static str, row: Option<usize>, rows: Range<usize>) -> Error {
        match self {
            Failure::Value(e) => value_error(table, e),
            Failure::Open(e) => Error::DuckDb(e),
            Failure::Engine(source) => Error::Insert { table, row, rows, source },
            Failure::Thread(source) => {
                Error::Thread { thread: ENCODE_THREAD, reason: format!("cannot be started: {source}") }
            }
            Failure::Stopped => {
                Error::Thread { thread: ENCODE_THREAD, reason: "stopped: the appending side failed".into() }
            }
        }
    }
}

/// The name of the thread a large insert encodes on.
pub(crate) const ENCODE_THREAD: &str = "duckspec-encode";

pub(crate) fn value_error(table: &'static str, e: ValueError) -> Error {
    Error::Value { table, row: e.row.unwrap_or(0), column: e.column, message: e.message }
}

/// The first of `len` rows whose inclusion makes `write(n)` (the first `n` rows, in order) fail
/// with DuckDB's error, each probe inside a transaction that is rolled back: the one search every
/// write path (`insert_all`, `Batch::commit`, a sink's flush) uses to name a refused row. A probe
/// that fails for another reason (a value, a thread) blames no row.
pub(crate) fn locate_failing(
    conn: &duckdb::Connection,
    len: usize,
    mut write: impl FnMut(usize) -> Result<(), Failure>,
) -> Option<(usize, duckdb::Error)> {
    first_failing(len, |n| {
        let transaction = crate::transaction::begin(conn).ok()?;
        let result = write(n);
        drop(transaction); // rolls back
        match result {
            Err(Failure::Engine(e)) => Some(e),
            _ => None,
        }
    })
}

/// The first row whose inclusion makes a write of `len` rows fail, with DuckDB's error for exactly
/// that prefix: a binary search over prefixes, `fails(n)` writing the first `n` rows in a
/// transaction that is rolled back. Runs only after a failure, so the happy path pays nothing.
/// `None` when the full write does not fail again (a concurrent writer, say): no row to blame.
fn first_failing(
    len: usize,
    mut fails: impl FnMut(usize) -> Option<duckdb::Error>,
) -> Option<(usize, duckdb::Error)> {
    let mut error = fails(len)?;
    let (mut good, mut bad) = (0, len);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        match fails(mid) {
            Some(e) => {
                bad = mid;
                error = e;
            }
            None => good = mid,
        }
    }
    Some((bad - 1, error))
}

#[cfg(test)]
mod tests {
    use super::first_failing;

    fn engine_error() -> duckdb::Error {
        duckdb::Error::InvalidParameterName("constraint".into())
    }

    #[test]
    fn finds_the_first_failing_row() {
        for len in 1..40 {
            for bad in 0..len {
                let found = first_failing(len, |n| (n > bad).then(engine_error)).map(|(row, _)| row);
                assert_eq!(found, Some(bad), "len {len}, bad row {bad}");
            }
        }
    }

    #[test]
    fn a_failure_that_does_not_repeat_blames_no_row() {
        assert!(first_failing(10, |_| None).is_none());
    }
}

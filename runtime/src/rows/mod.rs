//! The row layer: typed rows in and out of DuckDB — `row.insert`, `T::insert_all`, [`Writer`],
//! [`Batch`] and `T::select_all`.
//!
//! Many rows go through DuckDB's appender as Arrow record batches built straight from the struct
//! fields by the generated [`Rows`] plumbing, never value by value through `ToSql`; a single row
//! binds its values to a cached prepared `INSERT`. Only thin generic entry points know the row
//! type: they wrap rows in a type-erased `RowSource`, and the encoder, the appenders, the
//! transactions and the failing-row search behind it are compiled once for every table.
//!
//! Files: `source` (the erased view), `lanes` (encoder and appenders), `pipeline` (encoding on a
//! second thread for large inserts), `chunks` (data chunks converted on that thread, inserted
//! through a table function), `failure` (errors and the failing-row search), `insert`,
//! `select`, `writer`, `batch` (with `stored`, one table's encoded rows), `rejected`,
//! `rejecting` (a sink's commit, which leaves refused rows out) and `encoded` (a batch's rows for
//! targets outside DuckDB).

mod batch;
mod chunks;
mod encoded;
mod failure;
mod insert;
mod lanes;
mod pipeline;
mod rejected;
mod rejecting;
mod select;
mod source;
mod stored;
mod writer;

use duckdb::Connection;

pub use batch::Batch;
pub use encoded::EncodedTable;
pub use rejected::Rejected;
pub use writer::Writer;

use crate::traits::{RowOps, Table};
use source::{RowSource, Slice, SyncSource};

impl<T: Table> RowOps for T {
    fn insert_row(&self, conn: &Connection) -> crate::Result<()> {
        insert::insert_one(conn, &Slice::new(std::slice::from_ref(self), 0), 0)
    }

    fn insert_rows(conn: &Connection, rows: &[Self]) -> crate::Result<usize> {
        insert_all_from(conn, rows, crate::tuning::PIPELINE_ROWS)
    }

    fn select_rows(conn: &Connection) -> crate::Result<Vec<Self>> {
        select::select_all(conn)
    }

    fn select_rows_where<P: duckdb::Params>(
        conn: &Connection,
        condition: &str,
        params: P,
    ) -> crate::Result<Vec<Self>> {
        select::select_where(conn, condition, params)
    }
}

/// `T::insert_all`, encoding on a second thread from `pipeline_rows` rows on (`usize::MAX`:
/// never): the threshold is a parameter, not a process global, so a benchmark compares both paths
/// without touching other callers.
pub fn insert_all_from<T: Table>(
    conn: &Connection,
    rows: &[T],
    pipeline_rows: usize,
) -> crate::Result<usize> {
    let slice = Slice::new(rows, 0);
    // `match`, not `Option::map`: closures here would be compiled once per table.
    #[allow(clippy::manual_map)]
    let shared = match T::share(rows) {
        Some(proof) => Some(SyncSource::new(&slice, proof)),
        None => None,
    };
    let shared: Option<&(dyn RowSource + Sync)> = match &shared {
        Some(source) => Some(source),
        None => None,
    };
    insert::insert_all(conn, &slice, shared, pipeline_rows)
}

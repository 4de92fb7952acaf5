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
//! `select`, `writer`, `batch`.

mod batch;
mod chunks;
mod failure;
mod insert;
mod lanes;
mod pipeline;
mod select;
mod source;
mod writer;

use duckdb::Connection;

pub use batch::{Batch, Rejected};
pub use lanes::BATCH_ROWS;
pub use pipeline::{set_pipeline_rows, PIPELINE_IN_FLIGHT, PIPELINE_ROWS};
pub use writer::{Writer, WRITER_FLUSH_ROWS};

use crate::traits::{RowOps, Table};
use source::{RowSource, Slice, SyncSource};

impl<T: Table> RowOps for T {
    fn insert_row(&self, conn: &Connection) -> crate::Result<()> {
        insert::insert_one(conn, &Slice::new(std::slice::from_ref(self), 0), 0)
    }

    fn insert_rows(conn: &Connection, rows: &[Self]) -> crate::Result<usize> {
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
        insert::insert_all(conn, &slice, shared)
    }

    fn select_rows(conn: &Connection) -> crate::Result<Vec<Self>> {
        select::select_all(conn)
    }
}

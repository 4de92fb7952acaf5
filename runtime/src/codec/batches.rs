//! The one walk over a result's Arrow batches that typed reads share (`select_all`,
//! `select_where` and a checked query's `fetch_*`): each batch is handed to the row type's decoder
//! whole, its columns in the fields' order, and a value that cannot be read is an
//! [`Error::Read`] naming its row counted from the first row of the result. Not generic, so it is
//! compiled once for every table and row type; what each type adds is the closure that moves
//! decoded values into its rows ([`columns::decode`](super::columns::decode)).
//!
//! The batches are meant to be streamed (`Statement::stream_arrow`): DuckDB hands each over as it
//! produces it, so the rows decoded from a result are not held beside a materialized copy of the
//! whole result (BENCHMARKS.md "Session 20": `fetch_all` of 10M rows peaks at 658 MiB instead of
//! 880 MiB, `select_all` of 1M rows is ~15% faster, `duckspec export` of 10M rows peaks at
//! 158 MiB instead of 913 MiB).

use duckdb::arrow::array::{ArrayRef, RecordBatch};

use crate::error::{Error, ValueError};
use crate::traits::FieldPlan;

/// Decodes one batch (the fields, their columns in the fields' order, the row count) onto the
/// rows it was made for.
pub(crate) type DecodeBatch<'a> = dyn FnMut(&[FieldPlan], &[ArrayRef], usize) -> Result<(), ValueError> + 'a;

/// How a result's batches are read into rows of one type.
pub(crate) struct Batches<'a> {
    /// The table or row type, for errors.
    pub table: &'static str,
    /// The row type's fields, in order.
    pub fields: &'a [FieldPlan],
    /// For each field, the index of its column in a batch; `None` when the batch's columns are
    /// the fields' own, in order.
    pub order: Option<&'a [usize]>,
}

impl Batches<'_> {
    /// Decodes every batch of `batches` with `decode`; returns the number of rows read.
    pub(crate) fn decode_all(
        &self,
        batches: &mut dyn Iterator<Item = duckdb::Result<RecordBatch>>,
        decode: &mut DecodeBatch<'_>,
    ) -> Result<usize, Error> {
        let mut first = 0;
        for batch in batches {
            first += self.decode(&batch?, first, decode)?;
        }
        Ok(first)
    }

    /// Decodes `batch`, whose first row is row `first` of the result, with `decode`; returns its
    /// row count.
    pub(crate) fn decode(
        &self,
        batch: &RecordBatch,
        first: usize,
        decode: &mut DecodeBatch<'_>,
    ) -> Result<usize, Error> {
        // Whole batches: decoding them 256 rows at a time (so the decoded columns stay in cache,
        // e6fcaf8) was measured slower once the batches were streamed (BENCHMARKS.md "Session 21").
        let rows = batch.num_rows();
        let columns: Vec<ArrayRef> = match self.order {
            Some(order) => order.iter().map(|&i| batch.column(i).clone()).collect(),
            None => batch.columns().to_vec(),
        };
        decode(self.fields, &columns, rows).map_err(|e| Error::Read {
            table: self.table,
            row: first + e.row.unwrap_or(0),
            column: e.column,
            message: e.message,
        })?;
        Ok(rows)
    }
}

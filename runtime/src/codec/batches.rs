//! The one walk over a result's Arrow batches that typed reads share (`select_all`,
//! `select_where` and a checked query's `fetch_*`): each batch is handed to the row type's decoder
//! a slice at a time, its columns in the fields' order, and a value that cannot be read is an
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

/// Decodes one slice of a batch (the fields, their columns in the fields' order, the row count)
/// onto the rows it was made for.
pub(crate) type DecodeSlice<'a> = dyn FnMut(&[FieldPlan], &[ArrayRef], usize) -> Result<(), ValueError> + 'a;

/// Rows decoded at a time: the columns of one slice, decoded before they move into rows, stay in
/// the CPU's cache (a whole 2,048-row batch of them did not: `select_all` was 10–15% slower).
const SLICE_ROWS: usize = 256;

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
        decode: &mut DecodeSlice<'_>,
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
        decode: &mut DecodeSlice<'_>,
    ) -> Result<usize, Error> {
        let rows = batch.num_rows();
        let columns: Vec<&ArrayRef> = match self.order {
            Some(order) => order.iter().map(|&i| batch.column(i)).collect(),
            None => batch.columns().iter().collect(),
        };
        for start in (0..rows).step_by(SLICE_ROWS) {
            let len = SLICE_ROWS.min(rows - start);
            let slice: Vec<ArrayRef> = columns.iter().map(|column| column.slice(start, len)).collect();
            decode(self.fields, &slice, len).map_err(|e| Error::Read {
                table: self.table,
                row: first + start + e.row.unwrap_or(0),
                column: e.column,
                message: e.message,
            })?;
        }
        Ok(rows)
    }
}

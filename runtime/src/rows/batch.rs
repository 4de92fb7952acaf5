//! [`Batch`]: rows of several tables written in one transaction, all or nothing.

use std::any::TypeId;

use duckdb::Connection;

use super::failure::{locate_failing, Failure};
use super::lanes::{Appenders, BatchTarget, Encoder};
use super::pipeline;
use super::rejected::Rejected;
use super::source::{Slice, TableShape};
use super::stored::Stored;
use crate::error::Error;
use crate::traits::Table;
use crate::transaction;

/// Rows of several tables, written in one transaction: all of them or none.
///
/// `push` and `extend` encode rows right away into the same Arrow batches `insert_all` builds (so
/// a value that cannot be stored is an error there, and that call adds nothing); `commit` hands
/// them to DuckDB table by table, in the order the tables were first added, inside one
/// transaction: a table's many rows (as many as make `insert_all` use a second thread) as data
/// chunks converted on a second thread while DuckDB stores them, as `insert_all` does, fewer
/// through DuckDB's appenders. When DuckDB refuses a row, nothing is written and the error names
/// the table and the row (its index among the rows added for that table); the batch keeps its
/// rows, so it can be inspected or committed again. After a successful commit the batch is empty.
///
/// Rows of one table that leave different columns to their DEFAULT are appended in separate runs,
/// so the table's order can differ from the order they were added in.
///
/// ```
/// use duckspec::{duckdb::Connection, Batch, Error, Table};
///
/// #[derive(Table)]
/// #[table(name = "jobs", unchecked)]
/// struct Job {
///     #[column(primary_key)]
///     id: String,
/// }
///
/// #[derive(Table)]
/// #[table(name = "plugin_runs", unchecked)]
/// struct PluginRun {
///     job_id: String,
///     #[column(check = "duration_ms >= 0")]
///     duration_ms: i64,
/// }
///
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(&format!("{}{}", Job::DDL, PluginRun::DDL))?;
///
/// let mut batch = Batch::new();
/// batch.push(&Job { id: "job-1".into() })?;
/// batch.extend(&[
///     PluginRun { job_id: "job-1".into(), duration_ms: 40 },
///     PluginRun { job_id: "job-1".into(), duration_ms: 12 },
/// ])?;
/// assert_eq!(batch.commit(&conn)?, 3); // the job and its plugin runs, together
///
/// batch.push(&Job { id: "job-2".into() })?;
/// batch.push(&PluginRun { job_id: "job-2".into(), duration_ms: -1 })?;
/// match batch.commit(&conn) {
///     Err(Error::Insert { table: "plugin_runs", row: Some(0), .. }) => {} // nothing was written
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(Job::select_all(&conn)?.len(), 1);
/// # Ok::<(), duckspec::Error>(())
/// ```
#[derive(Default)]
pub struct Batch {
    pub(super) parts: Vec<Part>,
}

/// The rows of one table (one row type) in a batch.
pub(super) struct Part {
    key: TypeId,
    pub(super) encoder: Encoder,
    pub(super) stored: Stored,
    /// Rows added for this table.
    pub(super) rows: usize,
}

impl Part {
    /// The row at `local` (its position among this table's stored rows), refused for `message`,
    /// with its values.
    pub(super) fn rejected(&self, local: usize, message: String) -> Rejected {
        let shape = self.encoder.shape();
        Rejected { table: shape.name, message, values: self.stored.describe(shape.def, shape.written, local) }
    }
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Adds one row; see [`Batch::extend`].
    pub fn push<T: Table>(&mut self, row: &T) -> Result<(), Error> {
        self.extend(std::slice::from_ref(row)).map(drop)
    }

    /// Adds `rows`, encoded right away; returns how many were added. A value that cannot be
    /// stored ([`Error::Value`], naming the row among this table's added rows) adds none of them.
    pub fn extend<T: Table>(&mut self, rows: &[T]) -> Result<usize, Error> {
        let key = TypeId::of::<T>();
        let index = match self.parts.iter().position(|part| part.key == key) {
            Some(index) => index,
            None => {
                let shape = TableShape::of::<T>();
                self.parts.push(Part {
                    key,
                    encoder: Encoder::new(shape),
                    stored: Stored::default(),
                    rows: 0,
                });
                self.parts.len() - 1
            }
        };
        let part = &mut self.parts[index];
        let source = Slice::new(rows, part.rows);
        let before = part.stored.lane_rows();
        part.stored.first = part.rows;
        match part.encoder.push(&source, 0..rows.len(), &mut part.stored) {
            Ok(()) => {
                part.rows += rows.len();
                Ok(rows.len())
            }
            Err(failure) => {
                // Everything encoded so far goes to storage, then this call's rows are cut off.
                let _ = part.encoder.finish(&mut part.stored);
                part.stored.truncate(&before);
                Err(failure.into_error(part.encoder.shape().name, None, part.rows..part.rows + rows.len()))
            }
        }
    }

    /// Rows added and not yet committed.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|part| part.rows).sum()
    }

    /// Whether no row is waiting to be committed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes every row in one transaction and returns how many were written; see the type's
    /// documentation. Inside a transaction the caller began this is DuckDB's error "cannot start
    /// a transaction within a transaction".
    pub fn commit(&mut self, conn: &Connection) -> Result<usize, Error> {
        let written = self.len();
        if written == 0 {
            return Ok(0);
        }
        self.finish_encoding()?;
        self.prepare(conn)?;
        let transaction = transaction::begin(conn)?;
        let outcome = self
            .append(conn, usize::MAX, &[])
            .and_then(|()| transaction::commit(transaction).map_err(Failure::Engine));
        match outcome {
            Ok(()) => {
                self.parts.clear();
                Ok(written)
            }
            Err(Failure::Engine(error)) => Err(self.locate(conn, error)),
            Err(failure) => Err(failure.into_error(self.first_table(), None, 0..written)),
        }
    }

    /// Appends the rows at the first `limit` positions of the batch (tables in order, then
    /// lanes), except those in `excluded` (sorted), inside whatever transaction is open; the
    /// appenders are flushed and dropped before this returns.
    pub(super) fn append(&self, conn: &Connection, limit: usize, excluded: &[usize]) -> Result<(), Failure> {
        let mut offset = 0;
        for part in &self.parts {
            if limit <= offset {
                break;
            }
            let len = part.stored.len();
            if len == 0 {
                // A table with no rows (an empty `extend`) needs no appender, nor even to exist.
                continue;
            }
            let take = len.min(limit - offset);
            let local: Vec<usize> =
                excluded.iter().filter(|&&e| e >= offset && e < offset + len).map(|e| e - offset).collect();
            let shape = *part.encoder.shape();
            if take == len && local.is_empty() && Batch::converts(shape, len) {
                // All of a large table's rows: converted to data chunks on a second thread while
                // this one inserts them, as `insert_all` does.
                let stored = &part.stored;
                pipeline::insert_chunks(conn, shape, move |target| {
                    stored.batches().try_for_each(|(lane, batch)| target.batch(lane, None, batch.clone()))
                })?;
            } else {
                let mut appenders = Appenders::open(conn, shape)?;
                part.stored.append(&mut appenders, 0..take, &local)?;
                appenders.flush()?;
            }
            offset += len;
        }
        Ok(())
    }

    /// Whether `rows` rows of a table of `shape` go to DuckDB as data chunks converted on a
    /// second thread ([`pipeline::insert_chunks`]): when they all write the same columns and are
    /// many enough for the second thread to pay (`insert_all`'s threshold).
    fn converts(shape: TableShape, rows: usize) -> bool {
        pipeline::stores_chunks(shape) && pipeline::pipelines(rows, crate::tuning::PIPELINE_ROWS)
    }

    /// What [`Batch::append`] needs before the transaction it runs in: the table function the
    /// converted tables' chunks go through (installed once per database).
    pub(super) fn prepare(&self, conn: &Connection) -> Result<(), Error> {
        if !conn.is_autocommit() {
            // Inside the caller's transaction: the commit refuses to begin its own, with
            // DuckDB's words, before anything is changed.
            return Ok(());
        }
        for part in &self.parts {
            let shape = *part.encoder.shape();
            if Batch::converts(shape, part.stored.len()) {
                pipeline::prepare(conn, shape).map_err(|f| f.into_error(shape.name, None, 0..0))?;
            }
        }
        Ok(())
    }

    /// The part and its local position for a position of the whole batch.
    pub(super) fn part_at(&self, mut position: usize) -> Option<(&Part, usize)> {
        for part in &self.parts {
            let len = part.stored.len();
            if position < len {
                return Some((part, position));
            }
            position -= len;
        }
        None
    }

    /// Moves the rows still in the encoders' builders into storage, ready to append.
    pub(super) fn finish_encoding(&mut self) -> Result<(), Error> {
        for part in &mut self.parts {
            part.stored.first = part.rows;
            part.encoder
                .finish(&mut part.stored)
                .map_err(|f| f.into_error(part.encoder.shape().name, None, 0..0))?;
        }
        Ok(())
    }

    /// Rows in storage, every table's (all added rows after [`Batch::finish_encoding`]).
    pub(super) fn stored_len(&self) -> usize {
        self.parts.iter().map(|part| part.stored.len()).sum()
    }

    /// The name of the batch's first table, for an error no table explains better.
    pub(super) fn first_table(&self) -> &'static str {
        self.parts.first().map_or("", |part| part.encoder.shape().name)
    }

    /// The error for a refused commit: the first row whose inclusion makes the batch fail.
    fn locate(&self, conn: &Connection, error: duckdb::Error) -> Error {
        let total = self.stored_len();
        let found = locate_failing(conn, total, |len| self.append(conn, len, &[]));
        let Some((mut position, error)) = found else {
            let part = &self.parts[0];
            return Error::Insert {
                table: part.encoder.shape().name,
                row: None,
                rows: 0..part.rows,
                source: error,
            };
        };
        for part in &self.parts {
            let stored = part.stored.len();
            if position < stored {
                let row = part.stored.row_at(position);
                return Error::Insert {
                    table: part.encoder.shape().name,
                    row,
                    rows: 0..part.rows,
                    source: error,
                };
            }
            position -= stored;
        }
        unreachable!("the failing row is one of the batch's rows")
    }
}

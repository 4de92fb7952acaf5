//! [`Batch`]: rows of several tables written in one transaction, all or nothing.

use std::any::TypeId;
use std::ops::Range;

use duckdb::arrow::record_batch::RecordBatch;
use duckdb::Connection;

use super::failure::{first_failing, Failure};
use super::lanes::{Appenders, BatchTarget, Encoder};
use super::source::{Slice, TableShape};
use crate::error::Error;
use crate::traits::Rows;
use crate::transaction;

/// Rows of several tables, written in one transaction: all of them or none.
///
/// `push` and `extend` encode rows right away into the same Arrow batches `insert_all` builds (so
/// a value that cannot be stored is an error there, and that call adds nothing); `commit` hands
/// them to DuckDB's appenders table by table, in the order the tables were first added, inside
/// one transaction. When DuckDB refuses a row, nothing is written and the error names the table
/// and the row (its index among the rows added for that table); the batch keeps its rows, so it
/// can be inspected or committed again. After a successful commit the batch is empty.
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
    parts: Vec<Part>,
}

/// The rows of one table (one row type) in a batch.
struct Part {
    key: TypeId,
    encoder: Encoder,
    stored: Stored,
    /// Rows added for this table.
    rows: usize,
}

/// Encoded rows, lane by lane, and which added row each of them is.
#[derive(Default)]
pub(crate) struct Stored {
    lanes: Vec<StoredLane>,
    /// The index (among the table's added rows) of row 0 of the rows being encoded.
    first: usize,
}

#[derive(Default)]
struct StoredLane {
    projection: Option<Vec<usize>>,
    batches: Vec<RecordBatch>,
    /// The added-row index of every row encoded into this lane, in order; the batches hold a
    /// prefix of them (the rest are still in the encoder's builders).
    rows: Vec<usize>,
}

impl Stored {
    fn lane(&mut self, lane: usize) -> &mut StoredLane {
        if self.lanes.len() <= lane {
            self.lanes.resize_with(lane + 1, StoredLane::default);
        }
        &mut self.lanes[lane]
    }

    fn stored_rows(lane: &StoredLane) -> usize {
        lane.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Drops every row after the first `keep[lane]` of each lane.
    fn truncate(&mut self, keep: &[usize]) {
        for (lane, state) in self.lanes.iter_mut().enumerate() {
            let keep = keep.get(lane).copied().unwrap_or(0);
            let mut remaining = keep;
            state.batches.retain_mut(|batch| {
                if remaining == 0 {
                    return false;
                }
                if batch.num_rows() > remaining {
                    *batch = batch.slice(0, remaining);
                }
                remaining -= batch.num_rows();
                true
            });
            state.rows.truncate(keep);
        }
    }

    /// Every stored row in append order, as (lane, batch index).
    fn batches(&self) -> impl Iterator<Item = (usize, &RecordBatch)> {
        self.lanes.iter().enumerate().flat_map(|(lane, state)| state.batches.iter().map(move |b| (lane, b)))
    }

    fn len(&self) -> usize {
        self.lanes.iter().map(Stored::stored_rows).sum()
    }

    /// The added-row index of the `position`-th row in append order.
    fn row_at(&self, mut position: usize) -> Option<usize> {
        for state in &self.lanes {
            let stored = Stored::stored_rows(state);
            if position < stored {
                return state.rows.get(position).copied();
            }
            position -= stored;
        }
        None
    }

    /// Appends the first `limit` stored rows through `appenders`.
    fn append(&self, appenders: &mut Appenders<'_>, mut limit: usize) -> Result<(), Failure> {
        for (lane, batch) in self.batches() {
            if limit == 0 {
                break;
            }
            let batch = if batch.num_rows() > limit { batch.slice(0, limit) } else { batch.clone() };
            limit -= batch.num_rows();
            appenders.batch(lane, self.lanes[lane].projection.as_deref(), batch)?;
        }
        Ok(())
    }
}

impl BatchTarget for Stored {
    fn run(&mut self, lane: usize, rows: Range<usize>) {
        let first = self.first;
        self.lane(lane).rows.extend(rows.map(|row| first + row));
    }

    fn batch(
        &mut self,
        lane: usize,
        projection: Option<&[usize]>,
        batch: RecordBatch,
    ) -> Result<(), Failure> {
        let state = self.lane(lane);
        state.projection = projection.map(<[usize]>::to_vec);
        state.batches.push(batch);
        Ok(())
    }
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Adds one row; see [`Batch::extend`].
    pub fn push<T: Rows>(&mut self, row: &T) -> Result<(), Error> {
        self.extend(std::slice::from_ref(row)).map(drop)
    }

    /// Adds `rows`, encoded right away; returns how many were added. A value that cannot be
    /// stored ([`Error::Value`], naming the row among this table's added rows) adds none of them.
    pub fn extend<T: Rows>(&mut self, rows: &[T]) -> Result<usize, Error> {
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
        let before: Vec<usize> = part.stored.lanes.iter().map(|lane| lane.rows.len()).collect();
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
        for part in &mut self.parts {
            part.stored.first = part.rows;
            part.encoder
                .finish(&mut part.stored)
                .map_err(|f| f.into_error(part.encoder.shape().name, None, 0..0))?;
        }
        let transaction = transaction::begin(conn)?;
        let outcome = self
            .append(conn, usize::MAX)
            .and_then(|()| transaction::commit(transaction).map_err(Failure::Engine));
        match outcome {
            Ok(()) => {
                self.parts.clear();
                Ok(written)
            }
            Err(Failure::Engine(error)) => Err(self.locate(conn, error)),
            Err(failure) => {
                let table = self.parts.first().map(|part| part.encoder.shape().name).unwrap_or("");
                Err(failure.into_error(table, None, 0..written))
            }
        }
    }

    /// Appends the first `limit` rows of the batch (tables in order), inside whatever transaction
    /// is open; the appenders are flushed and dropped before this returns.
    fn append(&self, conn: &Connection, mut limit: usize) -> Result<(), Failure> {
        for part in &self.parts {
            if limit == 0 {
                break;
            }
            let mut appenders = Appenders::open(conn, *part.encoder.shape())?;
            let take = part.stored.len().min(limit);
            part.stored.append(&mut appenders, take)?;
            appenders.flush()?;
            limit -= take;
        }
        Ok(())
    }

    /// The error for a refused commit: the first row whose inclusion makes the batch fail.
    fn locate(&self, conn: &Connection, error: duckdb::Error) -> Error {
        let total: usize = self.parts.iter().map(|part| part.stored.len()).sum();
        let found = first_failing(total, |len| {
            let transaction = transaction::begin(conn).ok()?;
            let result = self.append(conn, len);
            drop(transaction);
            match result {
                Err(Failure::Engine(e)) => Some(e),
                _ => None,
            }
        });
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

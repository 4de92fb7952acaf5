//! [`Batch`]: rows of several tables written in one transaction, all or nothing.

use std::any::TypeId;
use std::ops::Range;

use duckdb::arrow::record_batch::RecordBatch;
use duckdb::arrow::util::display::{ArrayFormatter, FormatOptions};
use duckdb::Connection;

use super::failure::{first_failing, Failure};
use super::lanes::{Appenders, BatchTarget, Encoder};
use super::pipeline;
use super::source::{Slice, TableShape};
use crate::error::Error;
use crate::traits::Table;
use crate::transaction;

/// A row DuckDB refused: its table, DuckDB's message, and its values as a JSON object of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The table.
    pub table: &'static str,
    /// Why DuckDB refused it.
    pub message: String,
    /// The row's values, `{"column": "value", …}`.
    pub values: String,
}

impl Rejected {
    /// `row`, refused for `message`, with its values as statement parameters would carry them.
    pub(crate) fn of<T: Table>(row: &T, message: String) -> Rejected {
        Rejected {
            table: T::NAME,
            message,
            values: match crate::codec::columns::values(row) {
                Ok(values) => format!("{values:?}"),
                Err(e) => format!("{{}} ({})", e.message),
            },
        }
    }
}

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

    /// Appends the stored rows at positions `range` (in append order) through `appenders`,
    /// leaving out the positions in `excluded` (sorted). Positions are relative to this table.
    fn append(
        &self,
        appenders: &mut Appenders<'_>,
        range: Range<usize>,
        excluded: &[usize],
    ) -> Result<(), Failure> {
        let mut position = 0;
        for (lane, batch) in self.batches() {
            let (start, end) = (position, position + batch.num_rows());
            position = end;
            let (from, to) = (start.max(range.start), end.min(range.end));
            if from >= to {
                continue;
            }
            // The runs of kept rows between excluded ones.
            let mut run_start = from;
            let skipped = excluded.iter().copied().filter(|&e| e >= from && e < to);
            for cut in skipped.chain(std::iter::once(to)) {
                if cut > run_start {
                    let piece = batch.slice(run_start - start, cut - run_start);
                    appenders.batch(lane, self.lanes[lane].projection.as_deref(), piece)?;
                }
                run_start = cut + 1;
            }
        }
        Ok(())
    }

    /// The row at position `position` (in append order) as `{"column": "value", …}`.
    fn describe(&self, def: &duckspec_spec::TableDef, written: &[usize], mut position: usize) -> String {
        for (lane, batch) in self.batches() {
            if position >= batch.num_rows() {
                position -= batch.num_rows();
                continue;
            }
            let projection: Vec<usize> = match &self.lanes[lane].projection {
                Some(kept) => kept.iter().map(|&p| written[p]).collect(),
                None => written.to_vec(),
            };
            let mut object = serde_json::Map::new();
            for (column, array) in projection.iter().zip(batch.columns()) {
                let options = FormatOptions::default().with_null("NULL");
                let text = ArrayFormatter::try_new(array.as_ref(), &options)
                    .map(|f| f.value(position).to_string())
                    .unwrap_or_else(|e| format!("<{e}>"));
                object.insert(def.columns[*column].name.clone(), text.into());
            }
            return serde_json::Value::Object(object).to_string();
        }
        "{}".to_string()
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
            Err(failure) => {
                let table = self.parts.first().map(|part| part.encoder.shape().name).unwrap_or("");
                Err(failure.into_error(table, None, 0..written))
            }
        }
    }

    /// Appends the rows at the first `limit` positions of the batch (tables in order, then
    /// lanes), except those in `excluded` (sorted), inside whatever transaction is open; the
    /// appenders are flushed and dropped before this returns.
    fn append(&self, conn: &Connection, limit: usize, excluded: &[usize]) -> Result<(), Failure> {
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
        pipeline::stores_chunks(shape) && pipeline::pipelines(rows)
    }

    /// What [`Batch::append`] needs before the transaction it runs in: the table function the
    /// converted tables' chunks go through (installed once per database).
    fn prepare(&self, conn: &Connection) -> Result<(), Error> {
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
    fn part_at(&self, mut position: usize) -> Option<(&Part, usize)> {
        for part in &self.parts {
            let len = part.stored.len();
            if position < len {
                return Some((part, position));
            }
            position -= len;
        }
        None
    }

    /// Commits every row DuckDB accepts, in one transaction; each row that makes the transaction
    /// fail is found (as [`Batch::commit`] finds one), left out, and returned with DuckDB's message
    /// and its values; the rest is tried again. `extra` runs inside the transaction that commits,
    /// with the rows left out so far (a sink writes them to `duckspec_rejects` there). A failure no
    /// single row explains is the error. Afterwards the batch is empty either way.
    pub(crate) fn commit_rejecting(
        &mut self,
        conn: &Connection,
        extra: &mut dyn FnMut(&Connection, &[Rejected]) -> duckdb::Result<()>,
    ) -> Result<(usize, Vec<Rejected>), Error> {
        for part in &mut self.parts {
            part.stored.first = part.rows;
            part.encoder
                .finish(&mut part.stored)
                .map_err(|f| f.into_error(part.encoder.shape().name, None, 0..0))?;
        }
        self.prepare(conn)?;
        let total: usize = self.parts.iter().map(|part| part.stored.len()).sum();
        let mut excluded: Vec<usize> = Vec::new();
        let mut rejected: Vec<Rejected> = Vec::new();
        let outcome = loop {
            let attempt = (|| -> Result<(), Failure> {
                let transaction = transaction::begin(conn)?;
                self.append(conn, total, &excluded)?;
                extra(conn, &rejected)?;
                transaction::commit(transaction).map_err(Failure::Engine)
            })();
            match attempt {
                Ok(()) => break Ok((total - excluded.len(), rejected)),
                Err(Failure::Engine(error)) => {
                    let found = first_failing(total, |len| {
                        let transaction = transaction::begin(conn).ok()?;
                        let result = self.append(conn, len, &excluded);
                        drop(transaction);
                        match result {
                            Err(Failure::Engine(e)) => Some(e),
                            _ => None,
                        }
                    });
                    match found {
                        Some((position, error)) if !excluded.contains(&position) => {
                            let (part, local) =
                                self.part_at(position).expect("positions lie within the batch");
                            let shape = part.encoder.shape();
                            rejected.push(Rejected {
                                table: shape.name,
                                message: error.to_string(),
                                values: part.stored.describe(shape.def, shape.written, local),
                            });
                            excluded.push(position);
                            excluded.sort_unstable();
                        }
                        // Not one row's fault (the table is gone, the disk is full, …).
                        _ => break Err(Error::DuckDb(error)),
                    }
                }
                Err(failure) => {
                    break Err(failure.into_error(
                        self.parts.first().map_or("", |p| p.encoder.shape().name),
                        None,
                        0..total,
                    ))
                }
            }
        };
        if outcome.is_ok() {
            self.parts.clear();
        }
        outcome
    }

    /// Every row of the batch as a rejected row with `message`, for a flush that failed as a
    /// whole; the batch is empty afterwards.
    pub(crate) fn reject_all(&mut self, message: &str) -> Vec<Rejected> {
        let mut all = Vec::new();
        for part in &mut self.parts {
            part.stored.first = part.rows;
            let _ = part.encoder.finish(&mut part.stored);
            let shape = *part.encoder.shape();
            for local in 0..part.stored.len() {
                all.push(Rejected {
                    table: shape.name,
                    message: message.to_string(),
                    values: part.stored.describe(shape.def, shape.written, local),
                });
            }
        }
        self.parts.clear();
        all
    }

    /// The error for a refused commit: the first row whose inclusion makes the batch fail.
    fn locate(&self, conn: &Connection, error: duckdb::Error) -> Error {
        let total: usize = self.parts.iter().map(|part| part.stored.len()).sum();
        let found = first_failing(total, |len| {
            let transaction = transaction::begin(conn).ok()?;
            let result = self.append(conn, len, &[]);
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

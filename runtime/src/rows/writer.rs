//! [`Writer`]: a stream of rows into one table, one transaction, bounded memory.

use std::marker::PhantomData;

use duckdb::{Connection, Transaction};

use duckdb::arrow::record_batch::RecordBatch;

use super::failure::Failure;
use super::lanes::{Appenders, BatchTarget, Encoder};
use super::pipeline;
use super::source::{RowSource, Slice, TableShape};
use crate::error::Error;
use crate::traits::Table;
use crate::transaction;

use crate::tuning::WRITER_FLUSH_ROWS;

/// A stream of rows into one table, written as one transaction with bounded memory.
///
/// `push` encodes each row into Arrow builders, 2,048 rows to a batch; every [`WRITER_FLUSH_ROWS`](crate::tuning::WRITER_FLUSH_ROWS)
/// rows the batches are handed to DuckDB — converted into DuckDB's data chunks on a second thread
/// while this one stores them with one `INSERT … SELECT` — so memory does not grow with the stream
/// (at most one flush window of encoded rows). Rows that leave columns to their DEFAULT (`None` in
/// an `Option` field whose column has one) go to appenders as each batch fills instead. [`Writer::finish`] flushes the rest and commits. A flush error fails
/// the stream: it is returned (by `push` or `finish`), the whole stream is rolled back, and later
/// calls return [`Error::WriterFailed`]. Dropping a `Writer` without `finish` rolls the whole
/// stream back and logs a `tracing` warning; it never commits part of a stream.
///
/// A `Writer` is its own transaction: opening one inside a transaction the caller began is
/// DuckDB's error "cannot start a transaction within a transaction" (a [`Batch`](crate::Batch)
/// writes several tables in one transaction).
///
/// ```
/// use duckspec::{duckdb::Connection, Table, Writer};
///
/// #[derive(Table)]
/// #[table(name = "frames", unchecked)]
/// struct Frame {
///     job_id: String,
///     index: i64,
/// }
///
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(Frame::DDL)?;
/// let mut writer = Writer::<Frame>::new(&conn)?;
/// for index in 0..100_000 {
///     writer.push(&Frame { job_id: "j-1".into(), index })?;
/// }
/// assert_eq!(writer.finish()?, 100_000);
///
/// let mut abandoned = Writer::<Frame>::new(&conn)?;
/// abandoned.push(&Frame { job_id: "j-2".into(), index: 0 })?;
/// drop(abandoned); // rolled back, with a warning
/// assert_eq!(Frame::select_all(&conn)?.len(), 100_000);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub struct Writer<'conn, T: Table> {
    stream: Stream<'conn>,
    _rows: PhantomData<fn(&T)>,
}

impl<'conn, T: Table> Writer<'conn, T> {
    /// Opens a stream into `T`'s table: begins a transaction and an appender.
    pub fn new(conn: &'conn Connection) -> Result<Self, Error> {
        Ok(Writer { stream: Stream::open(conn, TableShape::of::<T>())?, _rows: PhantomData })
    }

    /// Adds one row to the stream. Returns the stream's failure when this row completed a batch
    /// or a flush that DuckDB refused (the stream is then rolled back).
    pub fn push(&mut self, row: &T) -> Result<(), Error> {
        let index = self.stream.pushed;
        self.stream.push(&Slice::new(std::slice::from_ref(row), index))
    }

    /// Rows pushed so far.
    pub fn len(&self) -> usize {
        self.stream.pushed
    }

    /// Whether no row was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.stream.pushed == 0
    }

    /// Writes what is buffered, commits the stream and returns how many rows it held. Every
    /// failure of the stream comes back here too, also one `push` already returned: a failed
    /// stream was rolled back and is never committed.
    pub fn finish(mut self) -> Result<usize, Error> {
        self.stream.finish()
    }
}

/// Where a stream is. The open state owns the appenders and the transaction, declared in that
/// order so that dropping it drops (and flushes) the appenders inside the transaction before the
/// transaction rolls back.
enum State<'conn> {
    /// Accepting rows.
    Open(Box<Open<'conn>>),
    /// Rolled back after this failure.
    Failed(String),
    /// Committed.
    Finished,
}

/// An open stream's appenders and transaction, in drop order.
struct Open<'conn> {
    encoder: Encoder,
    out: Out<'conn>,
    transaction: Transaction<'conn>,
}

/// Where an open stream's encoded batches go.
enum Out<'conn> {
    /// Rows that may leave columns to their DEFAULT: to the appender of their column set, as
    /// they are encoded (converted into DuckDB's chunks on the caller's thread).
    Appenders(Appenders<'conn>),
    /// Rows that all write the same columns: held until the flush, which converts them into
    /// DuckDB's chunks on a second thread while this one stores them (see `pipeline`).
    Held(Vec<RecordBatch>),
}

impl BatchTarget for Out<'_> {
    fn batch(
        &mut self,
        lane: usize,
        projection: Option<&[usize]>,
        batch: RecordBatch,
    ) -> Result<(), Failure> {
        match self {
            Out::Appenders(appenders) => appenders.batch(lane, projection, batch),
            Out::Held(batches) => {
                batches.push(batch);
                Ok(())
            }
        }
    }
}

impl Out<'_> {
    /// Hands DuckDB what was encoded since the last flush: constraint violations surface here.
    fn flush(&mut self, conn: &Connection, shape: TableShape) -> Result<(), Failure> {
        match self {
            Out::Appenders(appenders) => appenders.flush(),
            Out::Held(batches) if batches.is_empty() => Ok(()),
            Out::Held(batches) => {
                let batches = std::mem::take(batches);
                pipeline::insert_chunks(conn, shape, move |target| {
                    batches.into_iter().try_for_each(|batch| target.batch(0, None, batch))
                })
            }
        }
    }
}

/// The non-generic body of a [`Writer`].
struct Stream<'conn> {
    conn: &'conn Connection,
    shape: TableShape,
    table: &'static str,
    state: State<'conn>,
    /// Rows pushed so far.
    pushed: usize,
    /// Rows pushed before the last flush.
    flushed: usize,
}

impl<'conn> Stream<'conn> {
    fn open(conn: &'conn Connection, shape: TableShape) -> Result<Self, Error> {
        let opening = |failure: Failure| failure.into_error(shape.name, None, 0..0);
        // Outside the transaction: it is a catalog change.
        pipeline::prepare(conn, shape).map_err(opening)?;
        let transaction = transaction::begin(conn)?;
        // On failure the transaction guard rolls back as it goes out of scope. The appender is
        // opened even when batches are held, so a missing table fails here.
        let appenders = Appenders::open(conn, shape).map_err(opening)?;
        let out =
            if pipeline::stores_chunks(shape) { Out::Held(Vec::new()) } else { Out::Appenders(appenders) };
        let state = State::Open(Box::new(Open { encoder: Encoder::new(shape), out, transaction }));
        Ok(Stream { conn, shape, table: shape.name, state, pushed: 0, flushed: 0 })
    }

    fn push(&mut self, row: &dyn RowSource) -> Result<(), Error> {
        let State::Open(open) = &mut self.state else {
            return Err(self.closed());
        };
        let result = open.encoder.push(row, 0..1, &mut open.out);
        self.pushed += 1;
        if let Err(failure) = result {
            return Err(self.fail(failure.into_error(self.table, None, self.flushed..self.pushed)));
        }
        if self.pushed - self.flushed >= WRITER_FLUSH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        let State::Open(open) = &mut self.state else {
            return Err(self.closed());
        };
        let Open { encoder, out, .. } = &mut **open;
        if let Err(failure) = encoder.finish(out).and_then(|()| out.flush(self.conn, self.shape)) {
            return Err(self.fail(failure.into_error(self.table, None, self.flushed..self.pushed)));
        }
        self.flushed = self.pushed;
        Ok(())
    }

    fn finish(&mut self) -> Result<usize, Error> {
        self.flush()?;
        let State::Open(open) = std::mem::replace(&mut self.state, State::Finished) else {
            unreachable!("flush succeeded, so the stream is open");
        };
        let Open { encoder, out, transaction } = *open;
        // The appenders go before COMMIT, so nothing of them is flushed outside the transaction.
        drop((encoder, out));
        if let Err(source) = transaction::commit(transaction) {
            let rows = self.flushed..self.pushed;
            return Err(self.fail(Error::Insert { table: self.table, row: None, rows, source }));
        }
        Ok(self.pushed)
    }

    /// The error for a call on a stream that is no longer open.
    fn closed(&self) -> Error {
        let reason = match &self.state {
            State::Failed(reason) => reason.clone(),
            _ => "the stream was already finished".to_string(),
        };
        Error::WriterFailed { table: self.table, reason }
    }

    /// Rolls the stream back (by dropping its appenders, then its transaction) and remembers why,
    /// so later calls and `finish` report it.
    fn fail(&mut self, error: Error) -> Error {
        self.state = State::Failed(error.to_string());
        error
    }
}

impl Drop for Stream<'_> {
    fn drop(&mut self) {
        if !matches!(self.state, State::Open(_)) {
            return;
        }
        // Dropping the open state drops the appenders, then rolls the transaction back.
        self.state = State::Finished;
        tracing::warn!(
            table = self.table,
            rows = self.pushed,
            "duckspec::Writer dropped without finish(): rolled back the whole stream ({} rows); nothing was committed",
            self.pushed
        );
    }
}

//! `duckspec::sink`: a background writer, [`Sink`] (also at the crate root), and where it
//! writes. Rows of any table go onto a bounded queue; a writer thread encodes them per table into
//! the columnar batches the bulk path builds, and a committing thread, which owns the
//! [`SinkTarget`], stores them, all tables of a flush as one unit. The application thread never
//! waits on the target (unless it asks to: [`Overflow::Block`] on a full queue, [`Sink::flush`]).
//!
//! Targets: a DuckDB database ([`DatabaseTarget`], what [`Sink::start`] uses), a Parquet lake
//! (`Sink::start_lake` with the `lake` feature), or any [`SinkTarget`] through
//! [`Sink::start_with`]. Rows a target refuses are [`Rejected`] rows, kept aside in a
//! `duckspec_rejects` table ([`REJECTS_DDL`]).
//!
//! Files: this one (the handle, options, statistics), `target` (the trait), `database` (the
//! DuckDB target), `queue` (the bounded queue senders and the writer share), `worker` (the
//! writer thread), `commit` (the committing thread, and the accounting of every flush), `held`
//! (rows held typed per table until they are encoded), `own_thread` (which threads are a
//! sink's), `rejects` (the `duckspec_rejects` table).

mod commit;
mod database;
mod held;
mod own_thread;
mod queue;
mod rejects;
mod target;
mod worker;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use duckdb::Connection;

pub use database::DatabaseTarget;
pub use own_thread::in_sink_thread;
pub use rejects::REJECTS_DDL;
pub use rejects::{rejects_batch, rejects_def};
pub use target::commit_table_by_table;
pub use target::{Committed, SinkTarget, Unwritten};

use crate::error::Error;
pub use crate::rows::{EncodedTable, Rejected};
use crate::traits::Table;

/// What [`Sink::send`] does when the queue is full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Overflow {
    /// Wait until the writer makes room: nothing is lost, the sender slows to DuckDB's pace.
    #[default]
    Block,
    /// Drop the row and count it ([`SinkStats::dropped`]): the sender never waits.
    Drop,
}

/// How a [`Sink`] queues and flushes; builder methods, defaults shown on each.
#[derive(Clone, Copy, Debug)]
pub struct SinkOptions {
    capacity: usize,
    batch_rows: usize,
    flush_interval: Duration,
    overflow: Overflow,
}

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions {
            capacity: 65_536,
            batch_rows: 122_880,
            flush_interval: Duration::from_millis(500),
            overflow: Overflow::Block,
        }
    }
}

impl SinkOptions {
    /// Rows the queue holds before [`Overflow`] applies (default 65,536).
    pub fn capacity(mut self, rows: usize) -> Self {
        self.capacity = rows.max(1);
        self
    }

    /// Rows buffered before a flush (default 122,880, one DuckDB row group).
    pub fn batch_rows(mut self, rows: usize) -> Self {
        self.batch_rows = rows.max(1);
        self
    }

    /// The longest a row waits in the open batch before a flush (default 500 ms).
    pub fn flush_interval(mut self, interval: Duration) -> Self {
        self.flush_interval = interval;
        self
    }

    /// What `send` does on a full queue (default [`Overflow::Block`]).
    pub fn overflow(mut self, overflow: Overflow) -> Self {
        self.overflow = overflow;
        self
    }
}

/// What a sink has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SinkStats {
    /// Rows sent and not yet written, rejected or dropped (in the queue or the open batch).
    pub queued: u64,
    /// Rows committed to their tables.
    pub written: u64,
    /// Rows refused (a constraint, a value that cannot be stored), kept in `duckspec_rejects`.
    pub rejected: u64,
    /// Rows dropped on a full queue under [`Overflow::Drop`].
    pub dropped: u64,
    /// Flushes that failed as a whole (their rows went to `duckspec_rejects` when possible).
    pub failed_flushes: u64,
}

#[derive(Default)]
struct Counters {
    queued: AtomicU64,
    written: AtomicU64,
    rejected: AtomicU64,
    dropped: AtomicU64,
    failed_flushes: AtomicU64,
}

impl Counters {
    fn stats(&self) -> SinkStats {
        SinkStats {
            queued: self.queued.load(Ordering::Acquire),
            written: self.written.load(Ordering::Acquire),
            rejected: self.rejected.load(Ordering::Acquire),
            dropped: self.dropped.load(Ordering::Acquire),
            failed_flushes: self.failed_flushes.load(Ordering::Acquire),
        }
    }
}

struct Inner {
    queue: Arc<queue::Queue>,
    counters: Arc<Counters>,
    worker: Mutex<Option<JoinHandle<()>>>,
    closed: AtomicBool,
    overflow: Overflow,
}

impl Inner {
    /// Drains and joins the writer (once); returns its final statistics.
    fn close(&self) -> SinkStats {
        self.closed.store(true, Ordering::Release);
        self.queue.close();
        if let Some(worker) = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = worker.join();
        }
        self.counters.stats()
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        let stats = self.close();
        if stats.failed_flushes > 0 || stats.rejected > 0 || stats.dropped > 0 {
            tracing::warn!(
                written = stats.written,
                rejected = stats.rejected,
                dropped = stats.dropped,
                failed_flushes = stats.failed_flushes,
                "duckspec::Sink closed by dropping its last handle; some rows were not written (see duckspec_rejects)"
            );
        }
    }
}

/// A cheap, cloneable handle to a background writer: a thread that encodes the rows sent and a
/// thread that owns the [`SinkTarget`] (the connection, for a database) and commits them.
///
/// [`send`](Sink::send) queues a row of any table; the writer groups rows per table into Arrow
/// batches and flushes when [`SinkOptions::batch_rows`] rows are buffered or
/// [`SinkOptions::flush_interval`] passed. One flush is one transaction across all its tables.
/// When DuckDB refuses a row (a constraint), the rest of the flush still commits and the row goes
/// to the `duckspec_rejects` table with its table's name, DuckDB's message and its values: a bad
/// row never costs its neighbours and is never silently discarded.
///
/// What can be lost: on a clean [`close`](Sink::close) (or dropping the last handle) nothing; if
/// the process dies (SIGKILL, power loss), at most the rows not yet committed: those queued, in
/// the open batch, and in the batch being committed — at most `capacity + 2 × batch_rows` rows,
/// and at most `flush_interval` (plus one commit) of them. Every flush that returned is durable as
/// DuckDB's commits are. If a writer thread panics (a user type's conversion panicking, say),
/// the sink closes: `send` and `flush` return errors instead of waiting, and the rows it still
/// held are lost — as after a kill.
///
/// ```
/// use duckspec::{duckdb::Connection, Sink, SinkOptions, Table};
///
/// #[derive(Table)]
/// #[table(name = "events", unchecked)]
/// struct Event {
///     #[column(primary_key)]
///     id: i64,
///     kind: String,
/// }
///
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(Event::DDL)?;
/// let sink = Sink::start(conn.try_clone()?, SinkOptions::default())?;
/// for id in 0..1000 {
///     sink.send(Event { id, kind: "tick".into() })?;
/// }
/// sink.send(Event { id: 7, kind: "duplicate".into() })?; // refused at the flush, kept aside
/// sink.flush()?; // everything sent before is committed
/// let stats = sink.close()?;
/// assert_eq!((stats.written, stats.rejected), (1000, 1));
/// let kept: i64 = conn.query_row("SELECT count(*) FROM duckspec_rejects", [], |r| r.get(0))?;
/// assert_eq!(kept, 1);
/// # Ok::<(), duckspec::Error>(())
/// ```
#[derive(Clone)]
pub struct Sink {
    inner: Arc<Inner>,
}

impl Sink {
    /// Starts the writer and its committing thread, which owns `conn` (typically
    /// `conn.try_clone()?`): `Sink::start_with(DatabaseTarget::new(conn), options)`.
    pub fn start(conn: Connection, options: SinkOptions) -> Result<Sink, Error> {
        Sink::start_with(DatabaseTarget::new(conn), options)
    }

    /// Starts the writer and its committing thread, which owns `target` and stores every flush
    /// in it (see [`SinkTarget`]).
    pub fn start_with(target: impl SinkTarget, options: SinkOptions) -> Result<Sink, Error> {
        let counters = Arc::new(Counters::default());
        let committer = commit::Committer::start(Box::new(target), counters.clone())?;
        let queue = Arc::new(queue::Queue::new(options.capacity));
        let worker = worker::spawn(committer, queue.clone(), options)?;
        Ok(Sink {
            inner: Arc::new(Inner {
                queue,
                counters,
                worker: Mutex::new(Some(worker)),
                closed: AtomicBool::new(false),
                overflow: options.overflow,
            }),
        })
    }

    /// Queues `row` for its table. With [`Overflow::Block`] this waits while the queue is full;
    /// with [`Overflow::Drop`] a row that does not fit is dropped and counted. Only a closed sink
    /// is an error.
    pub fn send<T: Table + Send + 'static>(&self, row: T) -> Result<(), Error> {
        let inner = &self.inner;
        // Counted before the writer can see it, so `queued` never goes below zero.
        inner.counters.queued.fetch_add(1, Ordering::AcqRel);
        let pushed = inner.queue.push(row, inner.overflow);
        if !matches!(pushed, Ok(queue::Pushed::Queued)) {
            inner.counters.queued.fetch_sub(1, Ordering::AcqRel);
        }
        match pushed {
            Ok(queue::Pushed::Dropped) => {
                inner.counters.dropped.fetch_add(1, Ordering::AcqRel);
                Ok(())
            }
            other => other.map(drop),
        }
    }

    /// Returns once every row sent before this call is committed (or rejected). A flush that failed
    /// as a whole is the error.
    pub fn flush(&self) -> Result<(), Error> {
        match self.inner.queue.request_flush()?.recv() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(Error::SinkFlush { message }),
            Err(_) => Err(Error::SinkClosed),
        }
    }

    /// What the sink has done so far.
    pub fn stats(&self) -> SinkStats {
        self.inner.counters.stats()
    }

    /// Drains the queue, commits, and joins the writer; returns the final statistics. Every clone
    /// of this handle is closed too (their `send` is then [`Error::SinkClosed`]).
    pub fn close(self) -> Result<SinkStats, Error> {
        Ok(self.inner.close())
    }
}

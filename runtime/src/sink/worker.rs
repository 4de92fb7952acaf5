//! The writer thread of a [`Sink`](super::Sink): owns the connection, takes rows from the queue,
//! and flushes them when `batch_rows` are held, when the interval passes, on request, and on close.

use std::cell::Cell;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use duckdb::Connection;

use super::held::HeldTables;
use super::queue::Queue;
use super::{rejects, Counters, SinkOptions};
use crate::error::Error;
use crate::rows::{Batch, Rejected};

/// How long after its last row the writer keeps napping instead of blocking on the queue.
const BUSY: Duration = Duration::from_millis(20);
/// One nap: rows sent meanwhile are drained in one go.
const NAP: Duration = Duration::from_micros(200);

thread_local! {
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is a sink's writer. Layers that turn events into rows ignore events
/// from it, so a sink's own logging never loops back into it.
pub fn in_sink_thread() -> bool {
    IN_SINK.with(Cell::get)
}

/// Where a sink's rows go.
pub(super) enum Target {
    /// A database: at a flush the held rows are encoded into one [`Batch`] and committed in one
    /// transaction.
    Database { conn: Connection, batch: Batch },
    /// A Parquet lake: at a flush the held rows are written and their files completed.
    #[cfg(feature = "lake")]
    Lake(crate::lake::LakeTarget),
}

pub(super) fn spawn(
    target: Target,
    queue: Arc<Queue>,
    options: SinkOptions,
    counters: Arc<Counters>,
) -> Result<JoinHandle<()>, Error> {
    std::thread::Builder::new()
        .name("duckspec-sink".into())
        .spawn(move || {
            IN_SINK.with(|flag| flag.set(true));
            // However the writer ends (a panic included), senders and flushes stop waiting for it.
            let _stopped = Stopped(&queue);
            let held = HeldTables::default();
            Worker { target, options, counters, held, unstorable: Vec::new(), pending: 0, deadline: None }
                .run(&queue)
        })
        .map_err(|e| Error::Io { path: "duckspec-sink thread".into(), source: e })
}

/// Tells the queue the writer stopped, when dropped.
struct Stopped<'a>(&'a Queue);

impl Drop for Stopped<'_> {
    fn drop(&mut self) {
        self.0.writer_stopped();
    }
}

struct Worker {
    target: Target,
    /// The rows taken and not yet encoded (a database's) or written (a lake's), per table.
    held: HeldTables,
    /// Rows taken since the last flush whose values cannot be stored, kept aside at the flush.
    unstorable: Vec<Rejected>,
    options: SinkOptions,
    counters: Arc<Counters>,
    /// Rows taken since the last flush.
    pending: u64,
    /// When the oldest row taken since the last flush must be flushed.
    deadline: Option<Instant>,
}

impl Worker {
    fn run(mut self, queue: &Queue) {
        let batch_rows = self.options.batch_rows as u64;
        let mut last_row = Instant::now() - BUSY;
        loop {
            // While rows keep coming, nap instead of sleeping on the queue: senders wake a
            // sleeping writer (a system call), a napping one never.
            let nap = last_row.elapsed() < BUSY;
            let room = batch_rows.saturating_sub(self.pending) as usize;
            let taken = queue.take(&mut self.held, room, self.deadline, nap);
            if taken.rows > 0 {
                last_row = Instant::now();
                self.pending += taken.rows as u64;
                self.deadline.get_or_insert_with(|| last_row + self.options.flush_interval);
                self.encode_taken();
            }
            let due = self.pending >= batch_rows
                || self.deadline.is_some_and(|deadline| Instant::now() >= deadline)
                || !taken.flushes.is_empty()
                || taken.closed;
            if due {
                let result = self.flush();
                for reply in taken.flushes {
                    let _ = reply.send(result.clone());
                }
            } else if nap && taken.rows == 0 {
                std::thread::sleep(NAP);
            }
            if taken.closed {
                return;
            }
        }
    }

    /// Encodes the rows just taken into the database's batch, so the writer encodes while rows
    /// arrive and a flush only appends. A lake's rows wait for the flush (its files are written
    /// then).
    fn encode_taken(&mut self) {
        if let Target::Database { batch, .. } = &mut self.target {
            let unstorable = self.held.encode_into(batch);
            self.unstorable.extend(unstorable);
        }
    }

    /// Commits the open batch; refused rows go to `duckspec_rejects` in the same transaction.
    fn flush(&mut self) -> Result<(), String> {
        self.deadline = None;
        if self.pending == 0 {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        // Rows whose values cannot be stored are set aside, and written as rejects.
        let (committed, unstorable) = match &mut self.target {
            Target::Database { conn, batch } => {
                let mut unstorable = std::mem::take(&mut self.unstorable);
                unstorable.extend(self.held.encode_into(batch));
                let committed = batch
                    .commit_rejecting(conn, &mut rejects::write)
                    .map_err(|e| (e.to_string(), batch.reject_all(&e.to_string())));
                (committed, unstorable)
            }
            #[cfg(feature = "lake")]
            Target::Lake(lake) => match self.held.write_to(lake) {
                Ok((written, unstorable)) => (Ok((written, Vec::new())), unstorable),
                Err(unwritten) => (Err((unwritten.error.to_string(), unwritten.rows)), Vec::new()),
            },
        };
        self.reject(unstorable);
        match committed {
            Ok((written, rejected)) => {
                self.counters.written.fetch_add(written as u64, Ordering::AcqRel);
                self.counters.rejected.fetch_add(rejected.len() as u64, Ordering::AcqRel);
                self.counters.queued.fetch_sub(pending, Ordering::AcqRel);
                Ok(())
            }
            Err((message, all)) => {
                // No single row explains it: keep every row of the flush aside rather than lose it.
                self.counters.failed_flushes.fetch_add(1, Ordering::AcqRel);
                self.counters.queued.fetch_sub(pending, Ordering::AcqRel);
                self.reject(all);
                tracing::error!(error = %message, "duckspec::Sink: a flush failed as a whole; its rows went to duckspec_rejects");
                Err(message)
            }
        }
    }

    /// Keeps rows that never reached a flush (a value that cannot be stored) or a failed flush's.
    fn reject(&mut self, rows: Vec<Rejected>) {
        if rows.is_empty() {
            return;
        }
        let count = rows.len() as u64;
        let written = match &mut self.target {
            Target::Database { conn, .. } => crate::transaction::begin(conn)
                .and_then(|transaction| {
                    rejects::write(conn, &rows).and_then(|()| crate::transaction::commit(transaction))
                })
                .map_err(|e| e.to_string()),
            #[cfg(feature = "lake")]
            Target::Lake(lake) => lake.write_rejects(&rows).map_err(|e| e.to_string()),
        };
        match written {
            Ok(()) => {
                self.counters.rejected.fetch_add(count, Ordering::AcqRel);
            }
            Err(error) => {
                tracing::error!(%error, rows = count, "duckspec::Sink: cannot write rejected rows; they are lost")
            }
        }
    }
}

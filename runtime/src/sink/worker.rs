//! The writer thread of a [`Sink`](super::Sink): owns the connection, drains the queue into a
//! [`Batch`], and flushes it when it is full, when the interval passes, on request, and on close.

use std::cell::Cell;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use duckdb::Connection;

use super::held::HeldTables;
use super::{rejects, Counters, Message, SinkOptions};
use crate::error::Error;
use crate::rows::Batch;

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
    receiver: Receiver<Message>,
    options: SinkOptions,
    counters: Arc<Counters>,
) -> Result<JoinHandle<()>, Error> {
    std::thread::Builder::new()
        .name("duckspec-sink".into())
        .spawn(move || {
            IN_SINK.with(|flag| flag.set(true));
            Worker { target, options, counters, held: HeldTables::default(), pending: 0, deadline: None }
                .run(receiver)
        })
        .map_err(|e| Error::Io { path: "duckspec-sink thread".into(), source: e })
}

struct Worker {
    target: Target,
    /// The rows sent since the last flush, per table.
    held: HeldTables,
    options: SinkOptions,
    counters: Arc<Counters>,
    /// Rows in `batch`.
    pending: u64,
    /// When the oldest row in `batch` must be flushed.
    deadline: Option<Instant>,
}

impl Worker {
    fn run(mut self, receiver: Receiver<Message>) {
        let mut last_row = Instant::now() - BUSY;
        loop {
            let message = match receiver.try_recv() {
                Ok(message) => Ok(message),
                Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
                // While rows keep coming, nap instead of blocking: a sender wakes a blocked
                // receiver (a system call) on every send, a napping one never.
                Err(TryRecvError::Empty) if last_row.elapsed() < BUSY => {
                    if self.deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                        Err(RecvTimeoutError::Timeout)
                    } else {
                        std::thread::sleep(NAP);
                        continue;
                    }
                }
                Err(TryRecvError::Empty) => match self.deadline {
                    Some(deadline) => {
                        receiver.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                    }
                    None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
                },
            };
            if matches!(message, Ok(Message::Row(_))) {
                last_row = Instant::now();
            }
            match message {
                Ok(Message::Row(row)) => {
                    self.add(row);
                    self.deadline.get_or_insert_with(|| Instant::now() + self.options.flush_interval);
                    if self.pending >= self.options.batch_rows as u64 {
                        let _ = self.flush();
                    }
                }
                Ok(Message::Flush(reply)) => {
                    let _ = reply.send(self.flush());
                }
                Ok(Message::Close) | Err(RecvTimeoutError::Disconnected) => {
                    let _ = self.flush();
                    // Rows sent after the close was asked for are still drained, never lost.
                    while let Ok(message) = receiver.try_recv() {
                        match message {
                            Message::Row(row) => self.add(row),
                            Message::Flush(reply) => {
                                let _ = reply.send(Ok(()));
                            }
                            Message::Close => {}
                        }
                    }
                    let _ = self.flush();
                    return;
                }
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.flush();
                }
            }
        }
    }

    /// Holds a row for the next flush.
    fn add(&mut self, row: Box<dyn super::QueuedRow>) {
        row.hold(&mut self.held);
        self.pending += 1;
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
                let unstorable = self.held.encode_into(batch);
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
    fn reject(&mut self, rows: Vec<crate::rows::Rejected>) {
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

//! The writer thread of a [`Sink`](super::Sink): takes rows from the queue, encodes them as they
//! come, and flushes when `batch_rows` are held, when the interval passes, on request, and on
//! close — handing the encoded batch to the committing thread, which stores it in the target.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::commit::{Committer, Flush};
use super::held::HeldTables;
use super::own_thread::mark_sink_thread;
use super::queue::{FlushReply, Queue};
use super::SinkOptions;
use crate::error::Error;
use crate::rows::{Batch, Rejected};

/// How long after its last row the writer keeps napping instead of blocking on the queue.
const BUSY: Duration = Duration::from_millis(20);
/// One nap: rows sent meanwhile are drained in one go.
const NAP: Duration = Duration::from_micros(200);

/// The writer thread's name.
const THREAD: &str = "duckspec-sink";

/// Starts the writer thread, which hands each flush to `committer`.
pub(super) fn spawn(
    committer: Committer,
    queue: Arc<Queue>,
    options: SinkOptions,
) -> Result<JoinHandle<()>, Error> {
    std::thread::Builder::new()
        .name(THREAD.into())
        .spawn(move || {
            mark_sink_thread();
            // However the writer ends (a panic included), senders and flushes stop waiting for it.
            let _stopped = Stopped(&queue);
            let held = HeldTables::default();
            Worker {
                committer,
                batch: Batch::new(),
                options,
                held,
                unstorable: Vec::new(),
                pending: 0,
                deadline: None,
                stopped: false,
            }
            .run(&queue)
        })
        .map_err(|e| Error::Thread { thread: THREAD, reason: format!("cannot be started: {e}") })
}

/// Tells the queue the writer stopped, when dropped.
struct Stopped<'a>(&'a Queue);

impl Drop for Stopped<'_> {
    fn drop(&mut self) {
        self.0.writer_stopped();
    }
}

struct Worker {
    committer: Committer,
    /// The rows taken since the last flush, encoded.
    batch: Batch,
    /// The rows taken and not yet encoded, per table.
    held: HeldTables,
    /// Rows taken since the last flush whose values cannot be stored, kept aside at the flush.
    unstorable: Vec<Rejected>,
    options: SinkOptions,
    /// Rows taken since the last flush.
    pending: u64,
    /// When the oldest row taken since the last flush must be flushed.
    deadline: Option<Instant>,
    /// The committing thread is gone: the writer stops.
    stopped: bool,
}

impl Worker {
    fn run(mut self, queue: &Queue) {
        let batch_rows = self.options.batch_rows as u64;
        let mut last_row = Instant::now().checked_sub(BUSY).unwrap_or_else(Instant::now);
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
                self.flush(taken.flushes);
            } else if nap && taken.rows == 0 {
                std::thread::sleep(NAP);
            }
            if taken.closed || self.stopped {
                return;
            }
        }
    }

    /// Encodes the rows just taken into the batch, so the writer encodes while rows arrive and
    /// a flush only stores.
    fn encode_taken(&mut self) {
        let unstorable = self.held.encode_into(&mut self.batch);
        self.unstorable.extend(unstorable);
    }

    /// Ends the open batch: it goes to the committing thread, which answers `replies` once it is
    /// stored.
    fn flush(&mut self, replies: Vec<FlushReply>) {
        self.deadline = None;
        let rows = std::mem::take(&mut self.pending);
        if rows == 0 && replies.is_empty() {
            return;
        }
        // Every row taken is already in `batch` (`encode_taken`).
        let unstorable = std::mem::take(&mut self.unstorable);
        // Even an empty flush goes through, so its replies follow every earlier commit.
        let flush = Flush { batch: std::mem::take(&mut self.batch), unstorable, rows, replies };
        if !self.committer.send(flush) {
            // Nothing can be committed any more: stop, so the sink closes.
            self.stopped = true;
        }
    }
}

//! The committing thread of a [`Sink`](super::Sink): it owns the sink's [`SinkTarget`] and stores
//! the batches the writer thread encoded, in order, while the writer encodes the next one — so
//! encoding and storing overlap, as in a pipelined `insert_all`. At most one encoded batch is
//! being encoded while another commits. Also the accounting of every flush (counters, rows set
//! aside).

use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::queue::FlushReply;
use super::target::{Committed, SinkTarget, Unwritten};
use super::Counters;
use crate::error::Error;
use crate::rows::{Batch, Rejected};

/// One flush on its way to the committing thread.
pub(super) struct Flush {
    pub batch: Batch,
    /// Rows whose values cannot be stored, set aside with the commit.
    pub unstorable: Vec<Rejected>,
    /// Rows sent that this flush accounts for (written, rejected or set aside).
    pub rows: u64,
    /// Flush requests answered once this is committed.
    pub replies: Vec<FlushReply>,
}

/// The handle the writer thread keeps; dropping it lets the committing thread finish what it
/// was sent and joins it.
pub(super) struct Committer {
    sender: Option<SyncSender<Flush>>,
    thread: Option<JoinHandle<()>>,
}

/// The committing thread's name.
const THREAD: &str = "duckspec-sink-commit";

impl Committer {
    pub fn start(mut target: Box<dyn SinkTarget>, counters: Arc<Counters>) -> Result<Committer, Error> {
        let (sender, receiver) = mpsc::sync_channel(0);
        let thread = std::thread::Builder::new()
            .name(THREAD.into())
            .spawn(move || {
                super::own_thread::mark_sink_thread();
                run(target.as_mut(), &counters, receiver)
            })
            .map_err(|e| Error::Thread { thread: THREAD, reason: format!("cannot be started: {e}") })?;
        Ok(Committer { sender: Some(sender), thread: Some(thread) })
    }

    /// Hands `flush` over, waiting while the previous one commits. If the committing thread is
    /// gone (it panicked), the flush's requests are answered with an error and this is false.
    pub fn send(&self, flush: Flush) -> bool {
        let sender = self.sender.as_ref().expect("only taken on drop");
        match sender.send(flush) {
            Ok(()) => true,
            Err(mpsc::SendError(flush)) => {
                for reply in flush.replies {
                    let _ = reply.send(Err("the sink's committing thread stopped".into()));
                }
                false
            }
        }
    }
}

impl Drop for Committer {
    fn drop(&mut self) {
        drop(self.sender.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(target: &mut dyn SinkTarget, counters: &Counters, receiver: Receiver<Flush>) {
    for flush in receiver {
        let Flush { mut batch, unstorable, rows, replies } = flush;
        let result = if rows == 0 {
            Ok(())
        } else {
            let committed = target.commit(&mut batch);
            drop(batch);
            settle(counters, rows, committed, unstorable, target)
        };
        for reply in replies {
            let _ = reply.send(result.clone());
        }
    }
}

/// Accounts for a flush of `rows` rows: `committed` is what the target stored and refused, or a
/// flush that failed as a whole with every row of it; `unstorable` are rows set aside before
/// (their values cannot be stored). Rows set aside go through the target's `set_aside`.
fn settle(
    counters: &Counters,
    rows: u64,
    committed: Result<Committed, Unwritten>,
    unstorable: Vec<Rejected>,
    target: &mut dyn SinkTarget,
) -> Result<(), String> {
    let mut set_aside = |rows: Vec<Rejected>| {
        if rows.is_empty() {
            return;
        }
        match target.set_aside(&rows) {
            Ok(()) => {
                counters.rejected.fetch_add(rows.len() as u64, Ordering::AcqRel);
            }
            Err(error) => {
                tracing::error!(%error, rows = rows.len(), "duckspec::Sink: cannot keep rejected rows; they are lost")
            }
        }
    };
    set_aside(unstorable);
    let result = match committed {
        Ok(Committed { written, rejected }) => {
            counters.written.fetch_add(written as u64, Ordering::AcqRel);
            counters.rejected.fetch_add(rejected.len() as u64, Ordering::AcqRel);
            Ok(())
        }
        Err(Unwritten { error, written, rows }) => {
            // No single row explains it: keep every row it did not store aside rather than lose it.
            counters.written.fetch_add(written as u64, Ordering::AcqRel);
            counters.failed_flushes.fetch_add(1, Ordering::AcqRel);
            set_aside(rows);
            let message = error.to_string();
            tracing::error!(error = %message, "duckspec::Sink: a flush failed as a whole; its rows were set aside (duckspec_rejects)");
            Err(message)
        }
    };
    counters.queued.fetch_sub(rows, Ordering::AcqRel);
    result
}

//! The bounded queue between a sink's senders and its writer: rows wait in it typed, per table
//! (no box, no channel message per row), and the writer moves them out in one go under one lock.
//! A sender wakes the writer only when the writer sleeps; a napping writer is never woken.

use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Instant;

use super::held::HeldTables;
use super::Overflow;
use crate::error::Error;
use crate::traits::Table;

/// Where a flush's result goes: the caller of [`super::Sink::flush`] waits on the other end.
pub(super) type FlushReply = mpsc::Sender<Result<(), String>>;

pub(super) struct Queue {
    state: Mutex<State>,
    /// The writer sleeps here until there are rows, a flush request or the close.
    work: Condvar,
    /// Senders blocked by a full queue sleep here until the writer takes rows.
    room: Condvar,
    capacity: usize,
}

#[derive(Default)]
struct State {
    held: HeldTables,
    /// Rows in `held`.
    rows: usize,
    /// Flushes asked for, answered once every row sent before them is committed.
    flushes: Vec<FlushReply>,
    /// No more rows are taken; set by the close and when the writer stops.
    closed: bool,
    /// The writer sleeps on `work` and must be woken.
    writer_asleep: bool,
    /// Senders sleeping on `room`.
    blocked: usize,
}

/// What a sender's row became.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Pushed {
    Queued,
    /// The queue was full under [`Overflow::Drop`].
    Dropped,
}

/// What the writer took in one [`Queue::take`].
#[derive(Default)]
pub(super) struct Taken {
    pub rows: usize,
    /// Flushes to answer after the next commit: every row sent before them has been taken.
    pub flushes: Vec<FlushReply>,
    /// The sink is closed and every row sent before has been taken: the writer's last round.
    pub closed: bool,
}

impl Queue {
    pub fn new(capacity: usize) -> Queue {
        Queue { state: Mutex::default(), work: Condvar::new(), room: Condvar::new(), capacity }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent counts: every update is a single step.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wake_writer(&self, state: &mut State) {
        if state.writer_asleep {
            state.writer_asleep = false;
            self.work.notify_one();
        }
    }

    /// Queues `row`, waiting for room under [`Overflow::Block`]. Only a closed sink is an error.
    pub fn push<T: Table + Send + 'static>(&self, row: T, overflow: Overflow) -> Result<Pushed, Error> {
        let mut state = self.lock();
        loop {
            if state.closed {
                return Err(Error::SinkClosed);
            }
            if state.rows < self.capacity {
                break;
            }
            match overflow {
                Overflow::Drop => return Ok(Pushed::Dropped),
                Overflow::Block => {
                    self.wake_writer(&mut state);
                    state.blocked += 1;
                    state = self.room.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
                    state.blocked -= 1;
                }
            }
        }
        state.held.push(row);
        state.rows += 1;
        self.wake_writer(&mut state);
        Ok(Pushed::Queued)
    }

    /// Asks for a flush of everything queued so far; the answer arrives on the returned receiver.
    pub fn request_flush(&self) -> Result<mpsc::Receiver<Result<(), String>>, Error> {
        let mut state = self.lock();
        if state.closed {
            return Err(Error::SinkClosed);
        }
        let (reply, answer) = mpsc::channel();
        state.flushes.push(reply);
        self.wake_writer(&mut state);
        Ok(answer)
    }

    /// Refuses further rows; the writer takes what is queued and stops. Blocked senders are
    /// refused too ([`Error::SinkClosed`]: their rows were never accepted).
    pub fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        self.wake_writer(&mut state);
        self.room.notify_all();
    }

    /// The writer stopped (it returned or panicked): nothing more is taken, waiting flushes fail.
    pub fn writer_stopped(&self) {
        let mut state = self.lock();
        state.closed = true;
        for reply in state.flushes.drain(..) {
            let _ = reply.send(Err("the sink's writer stopped".into()));
        }
        self.room.notify_all();
    }

    /// Moves up to `max_rows` queued rows into `into`. When there is nothing to take it sleeps
    /// until there is, or until `deadline`; with `nap` it returns at once instead (the writer naps
    /// outside the lock, so senders need not wake it).
    pub fn take(
        &self,
        into: &mut HeldTables,
        max_rows: usize,
        deadline: Option<Instant>,
        nap: bool,
    ) -> Taken {
        let mut state = self.lock();
        while state.rows == 0 && state.flushes.is_empty() && !state.closed {
            let now = Instant::now();
            if nap || deadline.is_some_and(|deadline| deadline <= now) {
                return Taken::default();
            }
            state.writer_asleep = true;
            state = match deadline {
                Some(deadline) => {
                    self.work
                        .wait_timeout(state, deadline - now)
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .0
                }
                None => self.work.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner()),
            };
            state.writer_asleep = false;
        }
        let rows = state.held.move_into(into, max_rows);
        state.rows -= rows;
        if rows > 0 && state.blocked > 0 {
            self.room.notify_all();
        }
        let everything = state.rows == 0;
        Taken {
            rows,
            flushes: if everything { std::mem::take(&mut state.flushes) } else { Vec::new() },
            closed: everything && state.closed,
        }
    }
}

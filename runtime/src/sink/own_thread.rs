//! Which threads are a sink's own (its writer and committing threads): layers that turn events into
//! rows skip events from them, so a sink's own logging never loops back into it.

use std::cell::Cell;

thread_local! {
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is one of a sink's own (its writer or its committing thread).
/// Layers that turn events into rows ignore events from it, so a sink's own logging never loops
/// back into it.
pub fn in_sink_thread() -> bool {
    IN_SINK.with(Cell::get)
}

/// Marks the current thread as one of a sink's own.
pub(super) fn mark_sink_thread() {
    IN_SINK.with(|flag| flag.set(true));
}

//! [`SharedRows`]: rows proven `Sync`, which the write path may read from a second thread.
//!
//! Generic code cannot ask "is `T: Sync`?" without requiring it of every table. The derive can:
//! it knows the concrete struct, and its generated `Rows::share` returns `Some` exactly when the
//! struct is `Sync` (through [`SyncProbe`]'s two candidate methods, the one needing `T: Sync`
//! found first). The write path then encodes on a second thread; otherwise on the caller's.

use std::marker::PhantomData;

/// A slice of rows that may be read from another thread.
pub struct SharedRows<'a, T>(&'a [T]);

// SAFETY: a `SharedRows<T>` is only built by `new`, which requires `T: Sync`; for such `T`,
// `&[T]` is `Send` and `Sync`, so sharing or sending the wrapper is sharing or sending that slice.
unsafe impl<T> Sync for SharedRows<'_, T> {}
// SAFETY: as above.
unsafe impl<T> Send for SharedRows<'_, T> {}

impl<'a, T: Sync> SharedRows<'a, T> {
    /// Wraps rows whose type is `Sync`.
    pub fn new(rows: &'a [T]) -> Self {
        SharedRows(rows)
    }
}

impl<'a, T> SharedRows<'a, T> {
    /// The rows.
    pub fn rows(&self) -> &'a [T] {
        self.0
    }
}

/// Picks [`SharedRows::new`] for a `Sync` row type and `None` otherwise, in generated code that
/// names the concrete type: `(&SyncProbe::<Self>::new()).share(rows)` with [`ShareIfSync`] and
/// [`ShareFallback`] in scope.
pub struct SyncProbe<T>(PhantomData<fn() -> T>);

impl<T> SyncProbe<T> {
    /// The probe for `T`.
    pub fn new() -> Self {
        SyncProbe(PhantomData)
    }
}

impl<T> Default for SyncProbe<T> {
    fn default() -> Self {
        SyncProbe::new()
    }
}

impl<T> Clone for SyncProbe<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for SyncProbe<T> {}

/// The candidate found first (by reference), applicable when `T: Sync`.
pub trait ShareIfSync<T> {
    /// The rows, shareable.
    fn share(self, rows: &[T]) -> Option<SharedRows<'_, T>>;
}

impl<T: Sync> ShareIfSync<T> for &SyncProbe<T> {
    fn share(self, rows: &[T]) -> Option<SharedRows<'_, T>> {
        Some(SharedRows::new(rows))
    }
}

/// The candidate found next (by value), for every `T`.
pub trait ShareFallback<T> {
    /// `None`: the rows stay on the caller's thread.
    fn share(self, rows: &[T]) -> Option<SharedRows<'_, T>>;
}

impl<T> ShareFallback<T> for SyncProbe<T> {
    fn share(self, _rows: &[T]) -> Option<SharedRows<'_, T>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::needless_borrow)] // the borrow is what picks the candidate
    fn the_probe_shares_sync_rows_only() {
        let sync = [1i64, 2];
        assert!((&SyncProbe::<i64>::new()).share(&sync).is_some());
        let cells = [std::cell::Cell::new(1)];
        #[allow(unused_imports)]
        use ShareFallback as _;
        assert!((&SyncProbe::<std::cell::Cell<i32>>::new()).share(&cells).is_none());
    }
}

//! [`SinkTarget`]: where a [`Sink`](super::Sink)'s flushes go. The sink's threads queue, encode and
//! account for rows; a target only stores a flush's encoded rows as one unit and keeps aside the
//! rows it could not store. duckspec implements it for a DuckDB database
//! ([`DatabaseTarget`](super::DatabaseTarget), what [`Sink::start`](super::Sink::start) uses) and
//! for a Parquet lake (`duckspec::lake`); another store plugs in the same way through
//! [`Sink::start_with`](super::Sink::start_with).

use crate::error::Error;
use crate::rows::{Batch, EncodedTable, Rejected};

/// Where a [`Sink`](super::Sink) writes: each flush's rows, encoded, in one [`Batch`].
///
/// Both methods run on the sink's committing thread (so [`in_sink_thread`](super::in_sink_thread)
/// is true there and a target's own logging does not loop back into the sink), one flush at a
/// time, while the sink's writer thread encodes the next flush.
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// use duckspec::sink::{Committed, Rejected, SinkTarget, Unwritten};
/// use duckspec::{Batch, Error, Sink, SinkOptions, Table};
///
/// /// Counts rows per table instead of storing them.
/// #[derive(Default)]
/// struct Counting(Arc<Mutex<Vec<(&'static str, usize)>>>);
///
/// impl SinkTarget for Counting {
///     fn commit(&mut self, batch: &mut Batch) -> Result<Committed, Unwritten> {
///         let tables = batch.tables().map_err(|error| Unwritten { error: Box::new(error), written: 0, rows: Vec::new() })?;
///         let mut seen = self.0.lock().unwrap();
///         let mut written = 0;
///         for table in &tables {
///             seen.push((table.name(), table.len()));
///             written += table.len();
///         }
///         Ok(Committed { written, rejected: Vec::new() })
///     }
///
///     fn set_aside(&mut self, _rows: &[Rejected]) -> Result<(), Error> {
///         Ok(())
///     }
/// }
///
/// #[derive(Table)]
/// #[table(name = "events", unchecked)]
/// struct Event {
///     id: i64,
/// }
///
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let sink = Sink::start_with(Counting(seen.clone()), SinkOptions::default())?;
/// for id in 0..10 {
///     sink.send(Event { id })?;
/// }
/// sink.flush()?;
/// assert_eq!(sink.close()?.written, 10);
/// assert_eq!(seen.lock().unwrap().iter().map(|(_, n)| n).sum::<usize>(), 10);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub trait SinkTarget: Send + 'static {
    /// Stores every row of `batch` as one unit readers see whole (a transaction, a snapshot, a
    /// set of complete files). Rows the target refuses one by one (a constraint) are kept aside
    /// by the target with the commit and returned in [`Committed::rejected`], and their
    /// neighbours are stored. A flush that cannot be stored as a whole is [`Unwritten`], with
    /// every row it did not store; the sink then keeps those through
    /// [`set_aside`](SinkTarget::set_aside) and counts a failed flush. The batch is dropped
    /// afterwards either way.
    fn commit(&mut self, batch: &mut Batch) -> Result<Committed, Unwritten>;

    /// Keeps rows the sink could not store (values that cannot be encoded, the rows of a failed
    /// flush) where a person can find them, such as a `duckspec_rejects` table. An error here is
    /// logged, and those rows are lost.
    fn set_aside(&mut self, rows: &[Rejected]) -> Result<(), Error>;
}

/// What a [`SinkTarget::commit`] stored.
#[derive(Debug, Default)]
pub struct Committed {
    /// Rows stored.
    pub written: usize,
    /// Rows refused one by one and kept aside by the target with the commit.
    pub rejected: Vec<Rejected>,
}

/// A flush a [`SinkTarget`] could not store as a whole: why, every row it did not store, and how
/// many it did (a target without transactions across tables, such as a lake or Iceberg, has
/// stored the other tables' rows).
#[derive(Debug)]
pub struct Unwritten {
    /// Why (boxed: a flush's result stays small on the happy path).
    pub error: Box<Error>,
    /// Rows of the flush the target stored nonetheless (0 for a target that stores a flush in one
    /// transaction).
    pub written: usize,
    /// The rows not stored (each with the reason), for the sink to keep aside.
    pub rows: Vec<Rejected>,
}

/// A flush stored table by table, for a target without transactions across tables (the lake and
/// Iceberg targets use it): `store` stores one table's rows; the tables it stores count as
/// written, the rows of those it cannot store are handed back with the first failure as
/// [`Unwritten`] (so the sink sets them aside). A [`SinkTarget::commit`] of such a target is
/// this one call.
///
/// ```
/// use duckspec::sink::{commit_table_by_table, Committed, Rejected, SinkTarget, Unwritten};
/// use duckspec::{Batch, Error, Sink, SinkOptions, Table};
///
/// /// Stores every table but `audit`, whose file is read-only.
/// struct NoAudit;
///
/// impl SinkTarget for NoAudit {
///     fn commit(&mut self, batch: &mut Batch) -> Result<Committed, Unwritten> {
///         commit_table_by_table(batch, |table| match table.name() {
///             "audit" => Err(Error::Io {
///                 path: "audit.parquet".into(),
///                 source: std::io::Error::other("read-only"),
///             }),
///             _ => Ok(()),
///         })
///     }
///
///     fn set_aside(&mut self, rows: &[Rejected]) -> Result<(), Error> {
///         assert!(rows.iter().all(|row| row.table == "audit" && row.message.contains("read-only")));
///         Ok(())
///     }
/// }
///
/// #[derive(Table)]
/// #[table(name = "events", unchecked)]
/// struct Event {
///     id: i64,
/// }
///
/// #[derive(Table)]
/// #[table(name = "audit", unchecked)]
/// struct Audit {
///     id: i64,
/// }
///
/// let sink = Sink::start_with(NoAudit, SinkOptions::default())?;
/// sink.send(Event { id: 1 })?;
/// sink.send(Audit { id: 1 })?;
/// let error = sink.flush().unwrap_err(); // the flush failed for `audit`; `events` was stored
/// assert!(error.to_string().contains("read-only"), "{error}");
/// let stats = sink.close()?;
/// assert_eq!((stats.written, stats.failed_flushes), (1, 1));
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn commit_table_by_table(
    batch: &mut Batch,
    mut store: impl FnMut(&EncodedTable<'_>) -> Result<(), Error>,
) -> Result<Committed, Unwritten> {
    let tables =
        batch.tables().map_err(|error| Unwritten { error: Box::new(error), written: 0, rows: Vec::new() })?;
    let (mut written, mut unwritten, mut failure) = (0, Vec::new(), None);
    for table in &tables {
        match store(table) {
            Ok(()) => written += table.len(),
            Err(error) => {
                unwritten.extend(table.reject_all(&error.to_string()));
                failure.get_or_insert(error);
            }
        }
    }
    match failure {
        Some(error) => Err(Unwritten { error: Box::new(error), written, rows: unwritten }),
        None => Ok(Committed { written, rejected: Vec::new() }),
    }
}

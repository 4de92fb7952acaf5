//! [`DatabaseTarget`]: a sink's flushes committed to a DuckDB database, each in one transaction,
//! rows DuckDB refuses kept in its `duckspec_rejects` table in the same transaction.

use duckdb::Connection;

use super::rejects;
use super::target::{Committed, SinkTarget, Unwritten};
use crate::error::Error;
use crate::rows::{Batch, Rejected};
use crate::transaction;

/// A DuckDB database as a [`Sink`](super::Sink)'s target: what [`Sink::start`](super::Sink::start)
/// writes to. It owns its connection (typically `conn.try_clone()?`), which only the sink's
/// committing thread uses.
///
/// ```
/// use duckspec::sink::DatabaseTarget;
/// use duckspec::{duckdb::Connection, Sink, SinkOptions, Table};
///
/// #[derive(Table)]
/// #[table(name = "events", unchecked)]
/// struct Event {
///     id: i64,
/// }
///
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(Event::DDL)?;
/// // The same as `Sink::start(conn.try_clone()?, …)`.
/// let sink = Sink::start_with(DatabaseTarget::new(conn.try_clone()?), SinkOptions::default())?;
/// sink.send(Event { id: 1 })?;
/// assert_eq!(sink.close()?.written, 1);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub struct DatabaseTarget {
    conn: Connection,
}

impl DatabaseTarget {
    /// A target that commits through `conn`.
    pub fn new(conn: Connection) -> DatabaseTarget {
        DatabaseTarget { conn }
    }
}

impl SinkTarget for DatabaseTarget {
    fn commit(&mut self, batch: &mut Batch) -> Result<Committed, Unwritten> {
        match batch.commit_rejecting(&self.conn, &mut rejects::write) {
            Ok((written, rejected)) => Ok(Committed { written, rejected }),
            Err(error) => {
                let rows = batch.reject_all(&error.to_string());
                Err(Unwritten { error: Box::new(error), written: 0, rows })
            }
        }
    }

    /// Writes `rows` into `duckspec_rejects` in a transaction of their own.
    fn set_aside(&mut self, rows: &[Rejected]) -> Result<(), Error> {
        let transaction = transaction::begin(&self.conn)?;
        rejects::write(&self.conn, rows)?;
        transaction::commit(transaction)?;
        Ok(())
    }
}

//! Encoding on a second thread while the connection's thread appends: the encoder turns batch
//! n+1's rows into Arrow columns while DuckDB copies batch n into its storage. One connection, one
//! transaction, the same batches in the same order as the single-threaded path, so all-or-nothing
//! and the failing-row search are unchanged.
//!
//! Memory: at most [`PIPELINE_IN_FLIGHT`] encoded batches wait in the channel, plus the one the encoder is
//! filling and the one being appended — `PIPELINE_IN_FLIGHT + 2` batches of 2,048 rows, whatever the row
//! count.

use std::ops::Range;
use std::sync::mpsc::{self, SyncSender};
use std::thread::ScopedJoinHandle;

use duckdb::arrow::record_batch::RecordBatch;
use duckdb::Connection;
use duckspec_spec::quote_ident;

use super::chunks::{self, Chunk, ChunkSender};
use super::failure::Failure;
use super::lanes::{Appenders, BatchTarget, Encoder};
use super::source::{RowSource, TableShape};
use crate::tuning::PIPELINE_IN_FLIGHT;
#[cfg(doc)]
use crate::tuning::PIPELINE_ROWS;

/// Whether an insert of `rows` rows encodes on a second thread, from `pipeline_rows` rows on
/// ([`PIPELINE_ROWS`] unless a benchmark compares both paths).
pub(crate) fn pipelines(rows: usize, pipeline_rows: usize) -> bool {
    rows >= pipeline_rows
}

/// A batch on its way to the appender: its lane, the lane's projection, the batch.
type Encoded = (usize, Option<Vec<usize>>, RecordBatch);

/// Sends what the encoder produces; a closed channel means the appending side stopped.
struct Channel(SyncSender<Encoded>);

impl BatchTarget for Channel {
    fn batch(
        &mut self,
        lane: usize,
        projection: Option<&[usize]>,
        batch: RecordBatch,
    ) -> Result<(), Failure> {
        self.0.send((lane, projection.map(<[usize]>::to_vec), batch)).map_err(|_| Failure::Stopped)
    }
}

/// Whether rows of `shape` reach DuckDB as data chunks through [`insert_chunks`]: when they all
/// write the same columns (none can leave a column to its DEFAULT). Otherwise each column set
/// has its own appender.
pub(crate) fn stores_chunks(shape: TableShape) -> bool {
    !shape.omittable
}

/// What [`write`] (or a `Writer`) needs before the transaction it runs in: when it
/// [stores chunks](stores_chunks), the table function they go through, registered with the
/// database (once).
pub(crate) fn prepare(conn: &Connection, shape: TableShape) -> Result<(), Failure> {
    if stores_chunks(shape) {
        chunks::install(conn)
    } else {
        Ok(())
    }
}

/// The result of a scoped thread; its panic resumes on this thread.
fn joined<T>(thread: ScopedJoinHandle<'_, T>) -> T {
    thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// [`super::lanes::write`], with the encoding on a scoped second thread. A value that cannot be
/// stored is the same `Failure::Value` (its row's complete neighbours are written first, as on
/// one thread); a panic while encoding resumes on the caller's thread.
///
/// Rows that all write the same columns (no `None` left to a DEFAULT) go as DuckDB data chunks,
/// converted from Arrow on the encoding thread too, into one `INSERT … SELECT` ([`chunks`]);
/// otherwise each batch goes to its lane's appender, which converts it on this thread.
pub(crate) fn write(
    conn: &Connection,
    source: &(dyn RowSource + Sync),
    rows: Range<usize>,
) -> Result<(), Failure> {
    if stores_chunks(source.shape()) {
        write_chunks(conn, source, rows)
    } else {
        write_appending(conn, source, rows)
    }
}

/// Encodes and converts on a second thread while this one stores the chunks.
fn write_chunks(
    conn: &Connection,
    source: &(dyn RowSource + Sync),
    rows: Range<usize>,
) -> Result<(), Failure> {
    let shape = source.shape();
    insert_chunks(conn, shape, move |target| {
        let mut encoder = Encoder::new(shape);
        encoder.push(source, rows, target)?;
        encoder.finish(target)
    })
}

/// Runs `INSERT INTO <table> (<written columns>) SELECT * FROM duckspec_chunks(<id>)` on this
/// thread while `produce`, on a scoped second thread, hands the rows' Arrow batches (all of the
/// table's written columns) to a [`ChunkSender`], which converts each into a DuckDB data chunk
/// for the insert. [`prepare`] installed the table function. A failure of `produce` is the
/// result (after the rows before it were stored); a panic in it resumes here.
pub(crate) fn insert_chunks(
    conn: &Connection,
    shape: TableShape,
    produce: impl FnOnce(&mut ChunkSender) -> Result<(), Failure> + Send,
) -> Result<(), Failure> {
    let schema = shape.schema();
    let columns: Vec<String> =
        shape.written.iter().map(|&i| quote_ident(&shape.def.columns[i].name)).collect();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Chunk>(PIPELINE_IN_FLIGHT);
        let (registered, function) = chunks::register(schema.clone(), receiver);
        let producer = std::thread::Builder::new()
            .name(super::failure::ENCODE_THREAD.into())
            .spawn_scoped(scope, move || produce(&mut ChunkSender::new(&schema, sender)?))
            .map_err(Failure::Thread)?;
        let sql = format!(
            "INSERT INTO {} ({}) SELECT * FROM {function}",
            shape.def.qualified_name(),
            columns.join(", ")
        );
        let inserted = conn.execute(&sql, []).map(drop).map_err(Failure::Engine);
        // The statement is gone; with the entry gone too the chunks' receiver is dropped, so a
        // producer still sending (the insert failed) stops.
        drop(registered);
        let produced = joined(producer);
        inserted?;
        produced
    })
}

/// Encodes on a second thread; this one appends each batch to its lane's appender.
fn write_appending(
    conn: &Connection,
    source: &(dyn RowSource + Sync),
    rows: Range<usize>,
) -> Result<(), Failure> {
    let shape = source.shape();
    let mut appenders = Appenders::open(conn, shape)?;
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Encoded>(PIPELINE_IN_FLIGHT);
        let encoder = std::thread::Builder::new()
            .name(super::failure::ENCODE_THREAD.into())
            .spawn_scoped(scope, move || {
                let mut channel = Channel(sender);
                let mut encoder = Encoder::new(shape);
                encoder.push(source, rows, &mut channel)?;
                encoder.finish(&mut channel)
            })
            .map_err(Failure::Thread)?;
        let mut appended = Ok(());
        for (lane, projection, batch) in receiver.iter() {
            if let Err(failure) = appenders.batch(lane, projection.as_deref(), batch) {
                appended = Err(failure);
                break;
            }
        }
        // The encoder's next send fails, so it stops.
        drop(receiver);
        let encoded = joined(encoder);
        appended?;
        match encoded {
            Err(Failure::Stopped) => unreachable!("the appending side stopped without an error"),
            other => other?,
        }
        appenders.flush()
    })
}

//! `duckspec::tuning`: the sizes duckspec's write paths are built around. Read-only facts a
//! caller may size its own buffers by; nothing here changes behaviour at run time (the choices
//! behind each are measured in BENCHMARKS.md).
//!
//! ```
//! // A Writer hands DuckDB one row group at a time; its memory is bounded by that, not the stream.
//! assert_eq!(duckspec::tuning::WRITER_FLUSH_ROWS, 60 * duckspec::tuning::BATCH_ROWS);
//! assert!(duckspec::tuning::PIPELINE_ROWS > duckspec::tuning::BATCH_ROWS);
//! ```

/// Rows per Arrow batch: DuckDB's vector size, so one batch is one data chunk.
pub const BATCH_ROWS: usize = 2048;

/// Encoded batches (of [`BATCH_ROWS`] rows) that wait for the appender while a large
/// `insert_all` encodes on a second thread; with the one being encoded and the one being
/// appended, at most `PIPELINE_IN_FLIGHT + 2` batches exist at once, whatever the row count.
pub const PIPELINE_IN_FLIGHT: usize = 2;

/// Rows from which `insert_all` (and a [`Batch`](crate::Batch)'s table) encodes on a second
/// thread, for a `Sync` row type: below it, the thread hand-off costs more than the overlap saves
/// (measured, see BENCHMARKS.md).
pub const PIPELINE_ROWS: usize = 16 * BATCH_ROWS;

/// Rows a [`Writer`](crate::Writer) hands DuckDB at once: one row group. Memory stays bounded by
/// this, not by the length of the stream.
pub const WRITER_FLUSH_ROWS: usize = 122_880;

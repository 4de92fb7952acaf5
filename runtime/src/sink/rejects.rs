//! `duckspec_rejects`: where a sink keeps the rows DuckDB refused, with why and their values.

use std::sync::Arc;

use duckdb::arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
use duckdb::arrow::error::ArrowError;
use duckdb::Connection;

use crate::rows::Rejected;

/// The rejects table: one row per refused row.
pub const REJECTS_DDL: &str = "CREATE TABLE IF NOT EXISTS duckspec_rejects (\
    rejected_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT current_timestamp, \
    table_name VARCHAR NOT NULL, message VARCHAR NOT NULL, row_values VARCHAR NOT NULL)";

/// Writes `rejected` to `duckspec_rejects`, creating it first, inside whatever transaction is open.
pub(super) fn write(conn: &Connection, rejected: &[Rejected]) -> duckdb::Result<()> {
    if rejected.is_empty() {
        return Ok(());
    }
    conn.execute_batch(REJECTS_DDL)?;
    let mut statement = conn
        .prepare_cached("INSERT INTO duckspec_rejects (table_name, message, row_values) VALUES (?, ?, ?)")?;
    for row in rejected {
        statement.execute(duckdb::params![row.table, row.message, row.values])?;
    }
    Ok(())
}

/// The rejects table's definition ([`REJECTS_DDL`] read), for a [`SinkTarget`](super::SinkTarget)
/// that creates the table itself in its own store (the lake and Iceberg targets do).
///
/// ```
/// let def = duckspec::sink::rejects_def()?;
/// assert_eq!(def.name, "duckspec_rejects");
/// let columns: Vec<&str> = def.columns.iter().map(|c| c.name.as_str()).collect();
/// assert_eq!(columns, ["rejected_at", "table_name", "message", "row_values"]);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn rejects_def() -> Result<duckspec_spec::TableDef, crate::error::Error> {
    let mut schema = duckspec_spec::parse_schema("duckspec_rejects", REJECTS_DDL)?;
    Ok(schema.tables.remove(0))
}

/// `rejected` as an Arrow batch of the rejects table's columns ([`rejects_def`]), stamped now:
/// what a [`SinkTarget`](super::SinkTarget) that stores files (the lake, Iceberg) writes as its
/// `duckspec_rejects` rows in [`set_aside`](super::SinkTarget::set_aside).
///
/// ```
/// use duckspec::sink::{rejects_batch, Rejected};
///
/// let rows = [Rejected {
///     table: "events",
///     message: "CHECK constraint failed".into(),
///     values: "id=-1".into(),
/// }];
/// let batch = rejects_batch(&rows)?;
/// assert_eq!(batch.num_rows(), 1);
/// assert_eq!(batch.schema().field(1).name(), "table_name");
/// # Ok::<(), duckspec::duckdb::arrow::error::ArrowError>(())
/// ```
pub fn rejects_batch(rejected: &[Rejected]) -> Result<RecordBatch, ArrowError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(TimestampMicrosecondArray::from(vec![now; rejected.len()]).with_timezone("UTC")),
        Arc::new(StringArray::from_iter_values(rejected.iter().map(|r| r.table))),
        Arc::new(StringArray::from_iter_values(rejected.iter().map(|r| r.message.as_str()))),
        Arc::new(StringArray::from_iter_values(rejected.iter().map(|r| r.values.as_str()))),
    ];
    RecordBatch::try_from_iter(
        ["rejected_at", "table_name", "message", "row_values"].into_iter().zip(columns),
    )
}

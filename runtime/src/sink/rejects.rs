//! `duckspec_rejects`: where a sink keeps the rows DuckDB refused, with why and their values.

use std::sync::Arc;

use duckdb::arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
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

/// The rejects table's definition, for targets that create it themselves (a lake, Iceberg).
pub(crate) fn rejects_def() -> Result<duckspec_spec::TableDef, crate::error::Error> {
    let mut schema = duckspec_spec::parse_schema("duckspec_rejects", REJECTS_DDL)?;
    Ok(schema.tables.remove(0))
}

/// `rejected` as an Arrow batch of the rejects table's columns, stamped now: what a target that
/// stores files (a lake, Iceberg) writes as its `duckspec_rejects` rows.
pub(crate) fn rejects_batch(rejected: &[Rejected]) -> Result<RecordBatch, String> {
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
    .map_err(|e| e.to_string())
}

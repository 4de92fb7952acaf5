//! `duckspec_rejects`: where a sink keeps the rows DuckDB refused, with why and their values.

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

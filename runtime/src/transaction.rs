//! The one transaction guard every write path uses: duckdb-rs's [`Transaction`], which rolls back
//! when it is dropped — on an early error return and while a panic unwinds alike — plus the
//! commit that surfaces DuckDB's error.

use duckdb::{Connection, DropBehavior, Transaction};

/// Begins a transaction on `conn`. DuckDB has no nested transactions: inside one the caller began,
/// this is DuckDB's error "cannot start a transaction within a transaction".
pub(crate) fn begin(conn: &Connection) -> duckdb::Result<Transaction<'_>> {
    conn.unchecked_transaction()
}

/// Commits `transaction`. On failure the guard is dropped, which rolls back whatever DuckDB did
/// not already end, and DuckDB's error is returned (duckdb-rs's own `commit` would also send a
/// second, failing `ROLLBACK` after every successful commit).
pub(crate) fn commit(mut transaction: Transaction<'_>) -> duckdb::Result<()> {
    let conn: &Connection = &transaction;
    conn.execute_batch("COMMIT")?;
    transaction.set_drop_behavior(DropBehavior::Ignore);
    Ok(())
}

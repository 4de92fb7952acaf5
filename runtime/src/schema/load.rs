//! `Schema::load` and `Schema::check`: create what is missing, refuse what drifted.

use duckdb::Connection;
use duckspec_spec::{diff_tables, Drift, Origin, TableDef};

use super::introspect::read_schema;
use crate::error::{DriftReport, Error};
use crate::transaction;

/// One table as `Schema::load` creates it: its definition and the spec's DDL for it.
pub struct TableSource {
    /// The code's definition, compared with what exists.
    pub def: &'static TableDef,
    /// The DDL that creates it (`CREATE TABLE IF NOT EXISTS …`, comments, indexes).
    pub ddl: &'static str,
}

/// What differs between `tables` and the database behind `conn`, tables the code does not
/// declare left alone.
pub fn check(conn: &Connection, tables: &[TableSource]) -> Result<Vec<Drift>, Error> {
    let live = read_schema(conn, Origin::Database(database_name(conn)))?;
    let mut drifts = Vec::new();
    for table in tables {
        if let Some(existing) = live.table(&table.def.name) {
            drifts.extend(diff_tables(table.def, existing, &Origin::Code, &live.origin));
        }
    }
    Ok(drifts)
}

/// Verifies the tables that exist and creates the missing ones, in one transaction. Retries once
/// when another connection created them concurrently (DuckDB reports a write-write conflict), so
/// two loads at once end with the tables created once and both calls succeeding.
pub fn load(conn: &Connection, tables: &[TableSource]) -> Result<usize, Error> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match load_once(conn, tables) {
            // The winner's tables are visible to the next attempt, which then only verifies them.
            Err(Error::DuckDb(e)) if attempt < 8 && is_conflict(&e) => {
                std::thread::sleep(std::time::Duration::from_millis(5 * attempt));
            }
            other => return other,
        }
    }
}

/// Whether `error` is DuckDB losing a race to another connection: a write-write conflict on the
/// catalog, or the table created in between. DuckDB's C API reports no error type for these, so
/// this reads the message; `tests/schema.rs` pins the messages DuckDB gives, so an upgrade that
/// changes them fails loudly.
pub(crate) fn is_conflict(error: &duckdb::Error) -> bool {
    let text = error.to_string();
    text.contains("onflict") || text.contains("already exists")
}

fn load_once(conn: &Connection, tables: &[TableSource]) -> Result<usize, Error> {
    let transaction = transaction::begin(conn)?;
    let origin = Origin::Database(database_name(conn));
    let live = read_schema(conn, origin.clone())?;
    let mut drifts = Vec::new();
    let mut missing = Vec::new();
    for table in tables {
        match live.table(&table.def.name) {
            Some(existing) => drifts.extend(diff_tables(table.def, existing, &Origin::Code, &live.origin)),
            None => missing.push(table),
        }
    }
    if !drifts.is_empty() {
        return Err(Error::Drift(DriftReport { drifts }));
    }
    for table in &missing {
        conn.execute_batch(table.ddl)?;
    }
    if !missing.is_empty() {
        // What was just created is verified like the rest: `IF NOT EXISTS` silently keeps another
        // object of the same name (a view, say), which must not pass for the table.
        let live = read_schema(conn, origin)?;
        for table in &missing {
            match live.table(&table.def.name) {
                Some(created) => drifts.extend(diff_tables(table.def, created, &Origin::Code, &live.origin)),
                None => {
                    return Err(Error::Introspection {
                        table: table.def.name.clone(),
                        what: "table",
                        value: table.def.name.clone(),
                        reason: "creating it left no such table: another object of that name exists".into(),
                    })
                }
            }
        }
        if !drifts.is_empty() {
            return Err(Error::Drift(DriftReport { drifts }));
        }
    }
    // Any early return above drops the guard, which rolls everything back.
    transaction::commit(transaction)?;
    Ok(missing.len())
}

fn database_name(conn: &Connection) -> String {
    conn.query_row(
        "SELECT coalesce(path, ':memory:') FROM duckdb_databases() WHERE database_name = current_database()",
        [],
        |row| row.get::<_, String>(0),
    )
    .unwrap_or_else(|_| "the database".to_string())
}

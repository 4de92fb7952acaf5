//! `Schema::load` and `Schema::check`: create what is missing, refuse what drifted.

use std::fmt;

use duckdb::Connection;
use duckspec_spec::{diff_tables, Drift, Origin, TableDef};

use crate::{read_schema, Error};

/// Every difference between the code and a live database, as `Error::Drift` carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriftReport {
    /// The differences, code side as expected, database side as actual.
    pub drifts: Vec<Drift>,
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the database does not match the code ({} differences):", self.drifts.len())?;
        for drift in &self.drifts {
            writeln!(f, "  {drift}")?;
        }
        write!(
            f,
            "nothing was changed; `duckspec migrate SPEC DB` shows the additive migration that fixes it, if there is one"
        )
    }
}

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

fn is_conflict(error: &duckdb::Error) -> bool {
    let text = error.to_string();
    text.contains("onflict") || text.contains("already exists")
}

fn load_once(conn: &Connection, tables: &[TableSource]) -> Result<usize, Error> {
    conn.execute_batch("BEGIN TRANSACTION")?;
    let result = (|| {
        let live = read_schema(conn, Origin::Database(database_name(conn)))?;
        let mut drifts = Vec::new();
        let mut missing = Vec::new();
        for table in tables {
            match live.table(&table.def.name) {
                Some(existing) => {
                    drifts.extend(diff_tables(table.def, existing, &Origin::Code, &live.origin))
                }
                None => missing.push(table),
            }
        }
        if !drifts.is_empty() {
            return Err(Error::Drift(DriftReport { drifts }));
        }
        for table in &missing {
            conn.execute_batch(table.ddl)?;
        }
        Ok(missing.len())
    })();
    match result {
        Ok(created) => match conn.execute_batch("COMMIT") {
            Ok(()) => Ok(created),
            Err(error) => {
                // A failed commit (a concurrent creation) leaves nothing to keep.
                let _ = conn.execute_batch("ROLLBACK");
                Err(error.into())
            }
        },
        Err(error) => {
            // The transaction may already be aborted; the original error is what matters.
            let _ = conn.execute_batch("ROLLBACK");
            Err(error)
        }
    }
}

fn database_name(conn: &Connection) -> String {
    conn.query_row(
        "SELECT coalesce(path, ':memory:') FROM duckdb_databases() WHERE database_name = current_database()",
        [],
        |row| row.get::<_, String>(0),
    )
    .unwrap_or_else(|_| "the database".to_string())
}

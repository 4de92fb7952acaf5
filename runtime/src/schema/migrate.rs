//! Additive migrations of a live database, for the `duckspec migrate` command and for
//! applications that migrate at start-up: one planner (`duckspec_spec::plan_migration`), one
//! transaction, one `duckspec_history` row per applied migration.

use duckdb::Connection;
use duckspec_spec::{parse_schema, plan_migration, Origin, Refusal};

use super::engine::spec_in_engine;
use super::introspect::read_schema;
use crate::error::Error;
use crate::transaction;

/// The bookkeeping table: one row per applied migration.
pub const HISTORY_DDL: &str = "CREATE TABLE IF NOT EXISTS duckspec_history (\
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT current_timestamp, \
    spec_path VARCHAR NOT NULL, spec_hash VARCHAR NOT NULL, statements VARCHAR NOT NULL)";

/// What a migration would do: the statements, or why it cannot be done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationPlan {
    /// The database already matches the spec.
    UpToDate,
    /// Additive statements that bring the database to the spec, in order.
    Additive(Vec<String>),
    /// Changes that are not additive, with the reasons; nothing may be applied.
    Refused(Vec<Refusal>),
}

/// Plans the migration of `conn`'s database to the spec `spec_text` (named `spec_path` in
/// messages), without changing anything.
///
/// ```
/// use duckspec::migrate::{plan, MigrationPlan};
/// let conn = duckspec::duckdb::Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE t (a INTEGER)")?;
/// let plan = plan(&conn, "spec.sql", "CREATE TABLE t (a INTEGER, b VARCHAR)")?;
/// assert_eq!(plan, MigrationPlan::Additive(vec!["ALTER TABLE t ADD COLUMN b VARCHAR;".into()]));
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn plan(conn: &Connection, spec_path: &str, spec_text: &str) -> Result<MigrationPlan, Error> {
    // The spec as DuckDB records it, so both sides are spelled by the engine.
    let spec = spec_in_engine(&parse_schema(spec_path, spec_text)?)?;
    let live = read_schema(conn, Origin::Database(spec_path.to_string()))?;
    Ok(match plan_migration(&spec, &live) {
        Ok(statements) if statements.is_empty() => MigrationPlan::UpToDate,
        Ok(statements) => MigrationPlan::Additive(statements),
        Err(refusals) => MigrationPlan::Refused(refusals),
    })
}

/// Plans and, when additive, applies the migration in one transaction, recording it in
/// `duckspec_history`. Returns the plan; a refused plan changes nothing.
///
/// ```
/// use duckspec::migrate::{apply, MigrationPlan};
/// let conn = duckspec::duckdb::Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)")?;
/// let spec = "CREATE TABLE t (a INTEGER, b VARCHAR DEFAULT 'x')";
/// assert!(matches!(apply(&conn, "spec.sql", spec)?, MigrationPlan::Additive(_)));
/// assert_eq!(apply(&conn, "spec.sql", spec)?, MigrationPlan::UpToDate);
/// let b: String = conn.query_row("SELECT b FROM t", [], |r| r.get(0))?;
/// assert_eq!(b, "x");
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn apply(conn: &Connection, spec_path: &str, spec_text: &str) -> Result<MigrationPlan, Error> {
    let transaction = transaction::begin(conn)?;
    // Planned inside the transaction, so a concurrent migration cannot slip in between.
    let plan = plan(conn, spec_path, spec_text)?;
    if let MigrationPlan::Additive(statements) = &plan {
        let script = statements.join("\n");
        conn.execute_batch(&script)?;
        conn.execute_batch(HISTORY_DDL)?;
        conn.execute(
            "INSERT INTO duckspec_history (spec_path, spec_hash, statements) VALUES (?, ?, ?)",
            duckdb::params![spec_path, spec_hash(spec_text), script],
        )?;
    }
    // An early return above drops the guard, which rolls everything back.
    transaction::commit(transaction)?;
    Ok(plan)
}

/// FNV-1a, 64 bits: a stable fingerprint of the spec text for the history table.
pub fn spec_hash(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

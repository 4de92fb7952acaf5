//! The one place duckspec reads DuckDB's error *messages*. duckdb-rs reports every failure of a
//! query as `Error::DuckDBFailure` with an unknown code (DuckDB's C API gives the error type only
//! for some calls, and duckdb-rs does not pass it on for queries), so where behaviour depends on
//! what went wrong and no type exists, it reads the text here. Each phrase is pinned by a test that
//! makes DuckDB produce it (`tests/engine_messages.rs` for the races, `runtime/cli/tests/cli.rs` for the
//! lock), so an upgrade that rewords one fails loudly instead of changing behaviour.

/// What DuckDB says when a transaction lost a race on the catalog to another connection
/// ("Catalog write-write conflict on create with …", "Conflict on …").
const CONFLICT: &str = "onflict";
/// What DuckDB says when an object was created by another connection in between.
const ALREADY_EXISTS: &str = "already exists";
/// What DuckDB says when another process holds a database file's lock ("IO Error: Could not set
/// lock on file "…": Conflicting lock is held in … (PID …)").
const LOCKED: &str = "Could not set lock on file";

/// What DuckDB says of a collation it does not have ("Catalog Error: Collation with name af does
/// not exist!").
pub(crate) const NO_COLLATION: &str = "Collation with name";

/// Whether `error` is DuckDB losing a race to another connection: a write-write conflict on the
/// catalog, or the object created in between. Retrying sees the winner's objects.
pub fn lost_a_race(error: &duckdb::Error) -> bool {
    let text = error.to_string();
    text.contains(CONFLICT) || text.contains(ALREADY_EXISTS)
}

/// Whether `error` is DuckDB refusing to open a file another process holds the lock of.
pub(crate) fn is_locked(error: &duckdb::Error) -> bool {
    error.to_string().contains(LOCKED)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(message: &str) -> duckdb::Error {
        duckdb::Error::DuckDBFailure(duckdb::ffi::Error::new(1), Some(message.to_string()))
    }

    #[test]
    fn a_lock_held_elsewhere_is_a_lock_and_a_corrupt_block_is_not() {
        assert!(is_locked(&failure(
            "IO Error: Could not set lock on file \"/tmp/m.duckdb\": Conflicting lock is held in /usr/bin/x (PID 7)"
        )));
        // The word "block" (a corrupt file's message) is no lock: it used to be reported as one.
        assert!(!is_locked(&failure(
            "IO Error: Corrupt database file: computed checksum does not match stored checksum in block at location 4096"
        )));
        assert!(!is_locked(&failure("Catalog Error: Table with name lock does not exist!")));
    }

    #[test]
    fn races_are_conflicts_or_objects_created_in_between() {
        assert!(lost_a_race(&failure(
            "TransactionContext Error: Catalog write-write conflict on create with \"t\""
        )));
        assert!(lost_a_race(&failure("Catalog Error: Table with name \"t\" already exists!")));
        assert!(!lost_a_race(&failure(
            "Constraint Error: Duplicate key \"id: 1\" violates primary key constraint"
        )));
    }
}

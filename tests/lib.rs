//! What the workspace tests share: the `EveryType` fixture, the lake and Iceberg tests' job rows, sample rows for any table, a
//! connection with a table created, and re-running the current test binary as a child process. The tests themselves are this
//! crate's `[[test]]` targets.

#[path = "fixtures/every_type.rs"]
pub mod every_type;
#[path = "fixtures/jobs.rs"]
pub mod jobs;
pub mod sample;

use std::process::Command;

use duckspec::duckdb::Connection;
use duckspec::Table;

/// An in-memory database holding `T`'s table.
pub fn connection_with<T: Table>() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(T::DDL).unwrap_or_else(|e| panic!("{e}\n{}", T::DDL));
    conn
}

/// The running test binary, set up to run only its ignored test `test` (a child-process body the
/// parent test starts, kills and inspects). Add environment and pipes, then spawn.
pub fn rerun_self(test: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the running test binary has a path"));
    command.args(["--ignored", "--exact", test, "--nocapture", "--test-threads", "1"]);
    command
}

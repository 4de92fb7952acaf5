//! duckspec: DuckDB schemas as a compile-time contract.
//!
//! Declare tables as Rust structs, keep a reviewed `.sql` governance spec in the repository, and
//! let the build fail when the two drift apart. At run time the same definitions refuse a drifted
//! database file and insert rows at DuckDB's bulk speed.
//!
//! This crate is what applications depend on. It re-exports [`duckdb`] (so the connection types
//! match exactly) and the schema language of `duckspec-spec` as [`spec`].
//!
//! Reading a live database's schema and comparing it with a spec:
//!
//! ```
//! use duckspec::duckdb::Connection;
//!
//! let conn = Connection::open_in_memory()?;
//! conn.execute_batch("CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, duration_ms BIGINT NOT NULL)")?;
//! let live = duckspec::read_schema(&conn, duckspec::spec::Origin::Database(":memory:".into()))?;
//! let spec = duckspec::spec::parse_schema(
//!     "spec/metrics.sql",
//!     "CREATE TABLE job_metrics (job_id TEXT PRIMARY KEY, duration_ms INT8 NOT NULL);",
//! )?;
//! assert!(duckspec::spec::diff_schemas(&spec, &live).is_empty());
//! # Ok::<(), duckspec::Error>(())
//! ```

#![warn(missing_docs)]

#[cfg(feature = "duckdb")]
#[doc(hidden)]
pub mod codec;
#[cfg(feature = "duckdb")]
mod error;
#[cfg(feature = "duckdb")]
mod insert;
#[cfg(feature = "duckdb")]
mod introspect;
#[cfg(feature = "duckdb")]
mod load;
#[cfg(feature = "duckdb")]
pub mod migrate;
mod table;

pub mod capture;
pub mod job;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[cfg(feature = "chrono")]
pub use chrono;
#[cfg(feature = "duckdb")]
pub use duckdb;
pub use duckspec_macros::{Schema, SqlEnum, Table};
pub use duckspec_spec as spec;
#[cfg(feature = "duckdb")]
pub use error::Error;
#[cfg(feature = "duckdb")]
pub use insert::{Writer, WRITER_FLUSH_ROWS};
#[cfg(feature = "duckdb")]
pub use introspect::read_schema;
#[cfg(feature = "duckdb")]
pub use load::DriftReport;
#[cfg(feature = "rust_decimal")]
pub use rust_decimal;
pub use serde_json;
pub use table::{Schema, SqlEnum, Table};
#[cfg(feature = "uuid")]
pub use uuid;

/// `Result` with duckspec's [`Error`].
#[cfg(feature = "duckdb")]
pub type Result<T, E = Error> = std::result::Result<T, E>;

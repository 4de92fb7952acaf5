//! duckspec: DuckDB schemas as a compile-time contract.
//!
//! Declare tables as Rust structs, keep a reviewed `.sql` governance spec in the repository, and
//! let the build fail when the two drift apart. At run time the same definitions refuse a drifted
//! database file and insert rows at DuckDB's bulk speed.
//!
//! This crate is what applications depend on. It re-exports [`duckdb`] (so the connection types
//! match exactly) and the schema language of `duckspec-spec` as [`spec`].
//!
//! # Guide: from `cargo add` to a checked table and a bulk insert
//!
//! **1. Add the crate.** DuckDB's C++ is compiled into your program (`bundled`, on by default), so
//! the first build takes 20 to 30 minutes; later builds reuse it. Add the features of the field
//! types you use (`chrono`, `time`, `uuid`, `rust_decimal`, `serde_json`), and `job` for logging.
//!
//! ```sh
//! cargo add duckspec
//! ```
//!
//! **2. Keep the governance spec in the repository**, reviewed like code. Here it is
//! `spec/guide.sql`, relative to the crate's `Cargo.toml`:
//!
//! ```sql
//! CREATE TABLE job_metrics (
//!     job_id      VARCHAR PRIMARY KEY,
//!     tool        VARCHAR NOT NULL,
//!     duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0),
//!     device      VARCHAR
//! );
//! COMMENT ON TABLE job_metrics IS 'one row per job';
//! ```
//!
//! **3. Write the structs, or have them written.** The command-line tool (`cargo install
//! duckspec-cli`) writes one checked struct per table of an existing
//! spec or database: `duckspec codegen spec/guide.sql --out src/schema`, then `mod schema;`.
//! Run it with `--check` in CI to know when the spec changed and the structs were not
//! regenerated.
//!
//! **4. The build checks them.** Every `#[derive(Table)]` naming a `spec` is compared with the
//! spec's table when it compiles; `#[derive(Schema)]` checks that the structs cover the spec.
//!
//! ```
//! use duckspec::{Schema, Table};
//!
//! /// One row per job.
//! #[derive(Table, Debug, Clone, PartialEq)]
//! #[table(name = "job_metrics", spec = "spec/guide.sql", comment = "one row per job")]
//! pub struct JobMetric {
//!     #[column(primary_key)]
//!     pub job_id: String,
//!     pub tool: String,
//!     #[column(check = "duration_ms >= 0")]
//!     pub duration_ms: i64,
//!     pub device: Option<String>,
//! }
//!
//! #[derive(Schema)]
//! #[schema(spec = "spec/guide.sql", tables(JobMetric))]
//! pub struct Metrics;
//! # fn main() {}
//! ```
//!
//! A struct that drifts from the spec does not compile. Here `duration_ms` is a float; the error
//! sits on the field's type and says what to write:
//!
//! ```compile_fail
//! # use duckspec::Table;
//! #[derive(Table)]
//! #[table(name = "job_metrics", spec = "spec/guide.sql", comment = "one row per job")]
//! pub struct JobMetric {
//!     #[column(primary_key)]
//!     pub job_id: String,
//!     pub tool: String,
//!     #[column(check = "duration_ms >= 0")]
//!     pub duration_ms: f64, // spec/guide.sql:6:5: column job_metrics.duration_ms: spec has
//!                           // BIGINT NOT NULL, struct field JobMetric::duration_ms has DOUBLE
//!                           // NOT NULL; change the field's type to `i64`
//!     pub device: Option<String>,
//! }
//! ```
//!
//! **5. Load the schema and insert.** `load` creates what is missing and refuses a database
//! whose tables drifted; `insert_all` writes rows column by column through DuckDB's appender, all
//! or nothing.
//!
//! ```
//! # use duckspec::{Schema, Table};
//! # #[derive(Table, Debug, Clone, PartialEq)]
//! # #[table(name = "job_metrics", spec = "spec/guide.sql", comment = "one row per job")]
//! # pub struct JobMetric {
//! #     #[column(primary_key)]
//! #     pub job_id: String,
//! #     pub tool: String,
//! #     #[column(check = "duration_ms >= 0")]
//! #     pub duration_ms: i64,
//! #     pub device: Option<String>,
//! # }
//! # #[derive(Schema)]
//! # #[schema(spec = "spec/guide.sql", tables(JobMetric))]
//! # pub struct Metrics;
//! use duckspec::duckdb::Connection;
//!
//! let conn = Connection::open_in_memory()?; // or Connection::open("metrics.duckdb")
//! Metrics::load(&conn)?;
//!
//! let rows: Vec<JobMetric> = (0..100_000)
//!     .map(|i| JobMetric { job_id: format!("job-{i}"), tool: "ocr".into(), duration_ms: i, device: None })
//!     .collect();
//! assert_eq!(JobMetric::insert_all(&conn, &rows)?, 100_000);
//! assert_eq!(JobMetric::select_all(&conn)?.len(), 100_000);
//! # Ok::<(), duckspec::Error>(())
//! ```
//!
//! # More
//!
//! A table, its rows in and out:
//!
//! ```
//! use duckspec::duckdb::Connection;
//! use duckspec::{Table, Writer};
//!
//! #[derive(Table, Debug, Clone, PartialEq)]
//! #[table(name = "job_metrics", unchecked)] // or `spec = "spec/metrics.sql"`: checked at build time
//! struct JobMetric {
//!     #[column(primary_key)]
//!     job_id: String,
//!     tool: String,
//!     #[column(check = "duration_ms >= 0")]
//!     duration_ms: i64,
//!     device: Option<String>,
//! }
//!
//! let conn = Connection::open_in_memory()?;
//! conn.execute_batch(JobMetric::DDL)?; // a `#[derive(Schema)]` does this with `load`, refusing drift
//!
//! let row = |i: i64| JobMetric { job_id: format!("job-{i}"), tool: "ocr".into(), duration_ms: i, device: None };
//! row(0).insert(&conn)?; // one row
//! let rows: Vec<JobMetric> = (1..1000).map(row).collect();
//! assert_eq!(JobMetric::insert_all(&conn, &rows)?, 999); // bulk, all or nothing
//!
//! let mut writer = Writer::<JobMetric>::new(&conn)?; // a stream: one transaction, bounded memory
//! for i in 1000..5000 {
//!     writer.push(&row(i))?;
//! }
//! writer.finish()?;
//!
//! let back = JobMetric::select_all(&conn)?;
//! assert_eq!(back.len(), 5000);
//! assert_eq!(back[7], row(7));
//!
//! // A failing row rolls the whole batch back and is named in the error.
//! let err = JobMetric::insert_all(&conn, &[row(5000), row(-1)]).unwrap_err();
//! assert!(err.to_string().contains("row 1"), "{err}");
//! assert_eq!(JobMetric::select_all(&conn)?.len(), 5000);
//! # Ok::<(), duckspec::Error>(())
//! ```
//!
//! Cargo features: the default (`bundled`) is what a program that keeps tables needs: DuckDB's
//! C++ compiled into the program, with the JSON and Parquet extensions; without it
//! (`default-features = false`) the duckdb crate links the DuckDB library installed on the system
//! (`DUCKDB_LIB_DIR`). No feature changes what a trait is: [`Table`]'s methods are the same with
//! any features. `job` is job-scoped logging with `tracing-subscriber`
//! ([`job`]: `cargo add duckspec --features job`); `tokio` adds `job::spawn_in_job` and
//! `job::spawn_blocking_in_job`. `chrono`, `time`, `uuid`, `rust_decimal` and `serde_json` let
//! fields of those crates' types be stored (`std::net::IpAddr` needs none: it is stored as its
//! text). `lake` adds `duckspec::lake`: the same rows as hive-partitioned Parquet, checked against
//! the spec, and a sink target; `iceberg` adds `duckspec::iceberg`: the same rows as Apache Iceberg
//! tables through a catalog, with diff and additive schema evolution over it. The `duckspec`
//! command-line tool is its own package (`duckspec-cli`), so a
//! program that wants tables compiles no argument parser.
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

//! # Layout
//!
//! Layered bottom-up; a module uses only the ones before it:
//! [`tuning`] (the write paths' sizes) → `error` (errors and the drift report) →
//! `engine_messages` (the DuckDB messages duckspec reads, where DuckDB gives no error type) →
//! `traits` ([`Table`], [`Schema`], [`SqlEnum`], and the hidden generated plumbing) →
//! `transaction` (the one transaction guard) → `codec` (field values to Arrow columns and back) →
//! `rows` (insert, [`Writer`], [`Batch`], select) → [`sink`] (the background writer, [`Sink`], and
//! the [`sink::SinkTarget`] it writes to) → `query` (checked queries; feature `query`) → `lake` (Parquet files from the same rows, and a
//! sink target; feature `lake`) → `iceberg` (Iceberg tables from the same rows, through a catalog;
//! feature `iceberg`) → `schema` ([`read_schema`], `Schema::load`, [`migrate`]) →
//! [`job`] (job-scoped logging). `__private_*` re-exports what generated code uses.

#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

// The derives name `::duckspec::…`; this lets the crate derive its own tables (`job::JobLog`).
extern crate self as duckspec;

mod codec;
mod engine_messages;
mod error;
#[cfg(feature = "iceberg")]
pub mod iceberg;
#[cfg(feature = "job")]
pub mod job;
#[cfg(feature = "lake")]
pub mod lake;
#[cfg(feature = "query")]
pub mod query;
mod rows;
mod schema;
pub mod sink;
mod traits;
mod transaction;
pub mod tuning;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private_0_1_0;

#[cfg(feature = "chrono")]
pub use chrono;
pub use duckdb;
#[cfg(feature = "query")]
pub use duckspec_macros::{query, query_as, query_scalar};
pub use duckspec_macros::{Row, Schema, SqlEnum, Table};
pub use duckspec_spec as spec;
pub use error::{DriftReport, Error};
pub use rows::{Batch, Writer};
#[cfg(feature = "rust_decimal")]
pub use rust_decimal;
pub use schema::{ddl_in_engine, diff_database, migrate, read_schema, spec_in_engine};
#[cfg(feature = "serde_json")]
pub use serde_json;
pub use sink::{Overflow, Sink, SinkOptions, SinkStats};
#[cfg(feature = "time")]
pub use time;
pub use traits::{Row, RowColumn, Schema, SqlEnum, Table};
#[cfg(feature = "uuid")]
pub use uuid;

/// `Result` with duckspec's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

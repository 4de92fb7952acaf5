//! Typed queries checked against the spec at compile time (cargo feature `query`).
//!
//! ```
//! # #[derive(duckspec::Table)]
//! # #[table(name = "job_metrics", spec = "spec/guide.sql", comment = "one row per job")]
//! # pub struct JobMetric {
//! #     #[column(primary_key)]
//! #     pub job_id: String,
//! #     pub tool: String,
//! #     #[column(check = "duration_ms >= 0")]
//! #     pub duration_ms: i64,
//! #     pub device: Option<String>,
//! # }
//! use duckspec::Table;
//!
//! #[derive(duckspec::Row, Debug, PartialEq)]
//! pub struct ToolTotal {
//!     pub tool: String,
//!     pub jobs: i64,
//!     pub p95_ms: f64,
//! }
//!
//! let conn = duckspec::duckdb::Connection::open_in_memory()?;
//! conn.execute_batch(JobMetric::DDL)?;
//! let rows: Vec<JobMetric> = (0..100)
//!     .map(|i| JobMetric { job_id: format!("j{i}"), tool: "ocr".into(), duration_ms: i, device: None })
//!     .collect();
//! JobMetric::insert_all(&conn, &rows)?;
//!
//! let min_ms: i64 = 10;
//! let totals: Vec<ToolTotal> = duckspec::query_as!(ToolTotal, "spec/guide.sql",
//!     "SELECT tool, count(*) AS jobs, quantile_cont(duration_ms, 0.95) AS p95_ms
//!        FROM job_metrics WHERE duration_ms >= ? GROUP BY tool ORDER BY tool", min_ms)
//!     .fetch_all(&conn)?;
//! assert_eq!(totals, vec![ToolTotal { tool: "ocr".into(), jobs: 90, p95_ms: 94.55 }]);
//! # Ok::<(), duckspec::Error>(())
//! ```
//!
//! # What is checked, and when
//!
//! When the crate compiles, `query_as!` loads the spec into an in-memory DuckDB inside the
//! compiler (once per spec file and modification time, like the derives; editing the spec
//! re-runs the check) and asks DuckDB to prepare the query. DuckDB's own binder is the judge:
//! every table and column the query names exists, functions, operators, casts and `GROUP BY`
//! bind, and DuckDB reports each result column's name and type and each parameter's type. Then:
//!
//! - the result's columns and the [`Row`](crate::Row)'s fields match **by name** (as sqlx's
//!   `FromRow`), each field's Rust type holding its column's type by the type table
//!   (`p95_ms is DOUBLE, field ToolP95::p95_ms is i64; declare it f64`);
//! - each parameter's Rust value is of the type DuckDB inferred for it ([`Param`]): a BIGINT
//!   parameter takes an `i64`; `?::INTEGER` in the SQL makes it take an `i32`.
//!
//! Errors point at the SQL string, with DuckDB's reason and its position inside the SQL.
//!
//! **Nullability** is checked at run time: DuckDB does not report whether a result column can be
//! NULL, so a NULL read into a field that is not an `Option` is an [`Error::Read`](crate::Error)
//! naming the column and the row, never a panic or a default. Where the query's text proves a
//! column never NULL (`duckspec::spec::result_nullability`: a NOT NULL column of the one table a
//! plain `SELECT` reads — no join, so never the nullable side of an outer join — with no
//! `ROLLUP`/`CUBE`/`GROUPING SETS`; `count(…)`; a literal), `query!` and `query_scalar!` type
//! it `T` rather than `Option<T>`; everything else is `Option<T>`.
//!
//! # Without a struct: `query!` and `query_scalar!`
//!
//! `query!("spec", "SQL", params…)` makes the row struct itself (as sqlx's `query!`): one public
//! field per result column, named after it, of the type table's Rust type for its type. The
//! struct cannot be named, but its fields can be read:
//!
//! ```
//! # #[derive(duckspec::Table)]
//! # #[table(name = "job_metrics", spec = "spec/guide.sql", comment = "one row per job")]
//! # pub struct JobMetric {
//! #     #[column(primary_key)]
//! #     pub job_id: String,
//! #     pub tool: String,
//! #     #[column(check = "duration_ms >= 0")]
//! #     pub duration_ms: i64,
//! #     pub device: Option<String>,
//! # }
//! # use duckspec::Table;
//! # let conn = duckspec::duckdb::Connection::open_in_memory()?;
//! # conn.execute_batch(JobMetric::DDL)?;
//! # JobMetric::insert_all(&conn, &[JobMetric { job_id: "j1".into(), tool: "ocr".into(), duration_ms: 7, device: None }])?;
//! let rows = duckspec::query!("spec/guide.sql",
//!     "SELECT tool, count(*) AS jobs, max(duration_ms) AS longest FROM job_metrics GROUP BY tool")
//!     .fetch_all(&conn)?;
//! let tool: &String = &rows[0].tool;   // NOT NULL in the spec, the one table read: String
//! let jobs: i64 = rows[0].jobs;        // count(*): never NULL
//! let longest: Option<i64> = rows[0].longest; // an aggregate may be NULL: Option
//! assert_eq!((tool.as_str(), jobs, longest), ("ocr", 1, Some(7)));
//! # Ok::<(), duckspec::Error>(())
//! ```
//!
//! A column whose name is not a Rust identifier (`count_star()`) needs an `AS` name there;
//! one no Rust type of the type table holds (an ENUM, a STRUCT) needs a cast or `query_as!`.
//! `query_scalar!` reads a query of one column into its values ([`ScalarQuery`]).
//!
//! # Why the check holds at run time
//!
//! The query was checked against the spec, not against the database it runs on. The rule that
//! makes the check hold: load or check the schema before querying (`Schema::load` or
//! `Schema::check` of a `#[derive(Schema)]` over the same spec), which refuses a database whose
//! tables drifted from the spec. A query against a database nobody checked can still fail at
//! run time with DuckDB's error (a missing column), never with a wrong value: every value is
//! decoded through the codec of its field's type, which rejects data of another type.
//!
//! # From sqlx
//!
//! | sqlx | duckspec |
//! |---|---|
//! | `#[derive(sqlx::FromRow)]` | `#[derive(duckspec::Row)]` |
//! | `sqlx::query_as!(T, "SQL", args…)` | `duckspec::query_as!(T, "spec.sql", "SQL", args…)` |
//! | `sqlx::query!("SQL", args…)` (an anonymous record) | `duckspec::query!("spec.sql", "SQL", args…)` |
//! | `sqlx::query_scalar!("SQL", args…)` | `duckspec::query_scalar!("spec.sql", "SQL", args…)` |
//! | `#[sqlx(rename = "…")]` on a field | `#[column(name = "…")]` on a field |
//! | nullability from the database's metadata | proven from the SQL and the spec (above), else `Option` |
//! | `DATABASE_URL` or `.sqlx/` offline data | the spec file named in the macro: always offline |
//! | `.fetch_all(&pool).await` | `.fetch_all(&conn)` (DuckDB is in-process: no `async`) |
//! | `.fetch_one` / `.fetch_optional` / `.fetch` (a stream) | `.fetch_one` / `.fetch_optional` / `.fetch_iter` |
//! | `.execute` | `.execute` |
//! | `$1` / `?` | `?` (or `$1`), bound in order |
//!
//! # Cost
//!
//! The feature links DuckDB into the macro crate; with `bundled` the C++ is the one compiled for
//! the program (cargo builds it once, for both), and a crate that does not enable `query` does
//! not link it there at all.

mod check;
mod fetch;
mod param;
mod scalar;

pub use check::{check_row, holds, ResultColumn};
pub use fetch::{query, Query, RowIter};
pub use param::{bind, sql, Param};
pub use scalar::{scalar, ScalarQuery, ScalarRow};

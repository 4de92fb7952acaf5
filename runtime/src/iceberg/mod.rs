//! `duckspec::iceberg` (cargo feature `iceberg`): the same rows, written as Apache Iceberg
//! tables through a catalog, for when one DuckDB file is not enough: snapshots a reader sees
//! whole, many writers committing to one table, schema evolution the catalog records, and
//! engines (Spark, Trino, pyiceberg, Daft, DuckDB's iceberg extension) that read it. Governed by
//! the same spec: tables are created from it, a writer refuses a table that drifted from it,
//! [`diff_iceberg`] compares the catalog with it, and [`migrate_iceberg`] evolves the catalog's
//! schemas additively to it.
//!
//! Built on the Apache Iceberg Rust crates (`iceberg`, `iceberg-catalog-sql`): their writers
//! produce the Parquet data files, statistics, manifests and metadata, and the catalog commits
//! each snapshot by an atomic compare-and-set of the table's metadata location (a writer that
//! loses the race re-applies its append on the newer snapshot and retries). duckspec maps the
//! spec to Iceberg's schema (see `types.rs`: field ids, types, `required`; `Partition::day` is
//! Iceberg's `day` transform, `Partition::column` its `identity`) and hands the Arrow batches
//! the bulk insert path builds to Iceberg's writers through the Arrow C data interface (the
//! Iceberg crates use another arrow-rs release than duckdb; no copy).
//!
//! - [`Catalog`]: a SQL catalog on a SQLite file with a warehouse directory.
//! - [`IcebergWriter`]: rows of one struct, one snapshot per [`commit`](IcebergWriter::commit).
//! - [`export`]: a database's tables into the catalog, one snapshot per table.
//! - [`IcebergTarget`] / [`Sink::start_iceberg`](crate::Sink::start_iceberg): the background
//!   sink, one snapshot per table per flush.
//! - [`diff_iceberg`], [`migrate_iceberg`]: governance over the catalog.
//!
//! Calls block the calling thread, as DuckDB's do (the catalog runs its I/O on a runtime of its
//! own; called from inside an async runtime, a call runs on a thread of its own while the caller
//! waits). From async code prefer a blocking thread (`tokio::task::spawn_blocking`).
//!
//! ```
//! use duckspec::iceberg::{Catalog, IcebergOptions, IcebergWriter};
//! use duckspec::Table;
//!
//! #[derive(Table)]
//! #[table(name = "job_metrics", unchecked)]
//! struct JobMetric {
//!     job_id: String,
//!     duration_ms: i64,
//! }
//!
//! let dir = tempfile::tempdir().expect("a temporary directory");
//! let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
//! let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default())?;
//! writer.write(&[JobMetric { job_id: "j1".into(), duration_ms: 40 }])?;
//! writer.commit()?;
//! assert_eq!(catalog.table_names()?, ["main.job_metrics"]);
//! # Ok::<(), duckspec::Error>(())
//! ```
//!
//! Files: this one, `catalog` (the catalog), `types` (the spec's Iceberg schema), `bridge` (Arrow
//! across releases), `locations` (where data files go), `append` (one table's data files and commits), `writer` (the typed writer
//! and export), `target` (the sink's target), `check` (drift), `evolve` (additive migration).

mod append;
mod bridge;
mod catalog;
mod check;
mod evolve;
mod locations;
mod target;
mod types;
mod writer;

pub use catalog::{Catalog, TableSnapshot};
pub use check::{diff_iceberg, IcebergDrift};
pub use evolve::{migrate_iceberg, IcebergPlan, IcebergStep};
pub use target::IcebergTarget;
pub use writer::{export, ExportedTable, IcebergOptions, IcebergWriter};

//! The duckspec schema language.
//!
//! This crate knows SQL and schemas and nothing about proc macros or database connections. The
//! derive macros, the runtime drift check and the `duckspec` command-line tool all call the same
//! functions from here to parse, normalize, render and diff DuckDB schemas, so a table is
//! normalized exactly one way wherever it comes from.
//!
//! ```
//! use duckspec_spec::{diff_schemas, parse_schema};
//!
//! let spec = parse_schema(
//!     "spec/metrics.sql",
//!     "CREATE TABLE job_metrics (job_id TEXT PRIMARY KEY, duration_ms INT8 NOT NULL);",
//! )
//! .unwrap();
//! let live = parse_schema(
//!     "live.sql",
//!     "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, duration_ms BIGINT NOT NULL, PRIMARY KEY (job_id));",
//! )
//! .unwrap();
//! // Aliases (TEXT, INT8) and constraint spellings normalize to DuckDB's canonical form.
//! assert!(diff_schemas(&spec, &live).is_empty());
//! assert_eq!(
//!     spec.tables[0].columns[1].sql_type.to_string(),
//!     "BIGINT"
//! );
//! ```

#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod diff;
mod error;
mod expr;
mod ident;
mod keywords;
mod message;
mod migrate;
mod model;
pub mod names;
mod nullability;
mod parse;
mod render;
mod rust_type;
mod source_text;
mod type_table;
mod types;

pub use diff::{diff_schemas, diff_tables, Drift, DriftKind};
pub use error::{Error, Location};
pub use expr::{cast_type, expression_key, normalize_expr};
pub use ident::{quote_ident, requires_quotes};
pub use keywords::{KeywordCategory, KEYWORDS};
pub use message::one_line;
pub use migrate::{plan_migration, Refusal};
pub use model::{
    qualified_name, split_qualified, Check, ColumnDef, ForeignKey, IndexDef, Key, ObjectKind, Origin, Schema,
    SchemaDef, SequenceDef, SourceStatement, TableDef, TypeDef, Unreadable, ViewDef, DEFAULT_SCHEMA,
};
pub use nullability::{result_nullability, ResultNullability};
pub use parse::{parse_schema, parse_table_statement};
pub use render::{
    render_index, render_objects, render_schema, render_sequence, render_table, render_table_objects,
    render_type, render_view,
};
pub use rust_type::{rust_type, RustType};
pub use source_text::spec_text;
pub use type_table::{MappedType, MAPPED_TYPES};
pub use types::SqlType;

/// The prefix of bookkeeping tables duckspec itself keeps in a database (such as
/// `duckspec_history`). Tables whose names start with it are never part of a diff.
pub const RESERVED_TABLE_PREFIX: &str = "duckspec_";

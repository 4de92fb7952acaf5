//! The public traits the derives implement — [`Table`], [`Schema`], [`SqlEnum`], [`Row`] — with their
//! metadata and documented methods, and (hidden) the generated row plumbing behind them.
//!
//! This layer sits right above [`crate::error`] and imports nothing else of the crate. The
//! documented methods that touch a database (`insert_all`, `load`, …) reach the layers above
//! through two hidden traits declared here and implemented there once, for every table or schema
//! (`RowOps` in the row layer, `SchemaOps` in the schema layer), so the traits stay the small,
//! readable surface and the machinery stays where it is built.

#[cfg(feature = "duckdb")]
mod columns;
#[cfg(feature = "duckdb")]
mod field_plan;
mod row;
#[cfg(feature = "duckdb")]
mod rows;
mod schema;
#[cfg(feature = "duckdb")]
mod shared;
mod sql_enum;
mod statics;
mod table;

#[cfg(feature = "duckdb")]
pub use columns::{Columns, Shape};
#[cfg(feature = "duckdb")]
pub use field_plan::FieldPlan;
pub use row::{Row, RowBackend, RowColumn};
#[cfg(feature = "duckdb")]
pub use rows::{RowOps, Rows, SchemaOps};
pub use schema::Schema;
#[cfg(feature = "duckdb")]
pub use shared::{ShareFallback, ShareIfSync, SharedRows, SyncProbe};
pub use sql_enum::SqlEnum;
pub use statics::TableStatics;
pub use table::{Table, TableBackend};

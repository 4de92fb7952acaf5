//! The public traits the derives implement — [`Table`], [`Schema`], [`SqlEnum`], [`Row`] — with their
//! metadata and documented methods, and (hidden) the generated row plumbing behind them.
//!
//! This layer sits right above [`crate::error`] and imports nothing else of the crate. The
//! documented methods that touch a database (`insert_all`, `load`, …) reach the layers above
//! through two hidden traits declared here and implemented there once, for every table or schema
//! (`RowOps` in the row layer, `SchemaOps` in the schema layer), so the traits stay the small,
//! readable surface and the machinery stays where it is built.

mod columns;
mod field_plan;
mod row;
mod rows;
mod schema;
mod shared;
mod sql_enum;
mod statics;
mod table;

pub use columns::{Columns, Shape};
pub use field_plan::FieldPlan;
pub use row::{Row, RowColumn};
pub use rows::{RowOps, Rows, SchemaOps};
pub use schema::Schema;
pub use shared::{ShareFallback, ShareIfSync, SharedRows, SyncProbe};
pub use sql_enum::SqlEnum;
pub use statics::TableStatics;
pub use table::Table;

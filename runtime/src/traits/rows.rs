//! Hidden traits (not public API): [`Rows`], the row plumbing `#[derive(Table)]` generates, and
//! [`RowOps`] / [`SchemaOps`], the entry points of the documented database methods of [`Table`]
//! and [`Schema`]. The row layer implements `RowOps` for every `Rows` type and the schema layer
//! implements `SchemaOps` for every `Schema`, each with one blanket impl, so this layer declares
//! what the methods need without importing the layers that provide it.

use std::any::Any;

use duckdb::arrow::array::ArrayRef;
use duckdb::Connection;

use super::{FieldPlan, Schema, SharedRows, Table};
use crate::error::ValueError;

/// What `#[derive(Table)]` generates for the row paths: every field as data ([`Rows::FIELDS`]),
/// one Arrow builder per field filled straight from the fields, and the moves from decoded columns
/// back into rows. Builders travel type-erased (`dyn Any`), so the write path behind them is
/// compiled once, not once per table.
///
/// Compile cost shapes it (a schema of hundreds of tables compiles every impl): what needs no
/// speed is data walked by shared code rather than a function per table, and the functions take an
/// [`OnUse`] type parameter so they are compiled only where a program calls them. Only `encode`,
/// the per-row hot path, is fully typed per table.
pub trait Rows: Table {
    /// Whether a row can leave some column to its DEFAULT (an `Option` field whose column has one).
    const OMITTABLE: bool;

    /// Every field, in declaration order (generated columns too), as data: the Arrow schema, the
    /// read types, columns read back and one row's statement parameters come from walking it
    /// (`codec::plan`).
    const FIELDS: &'static [FieldPlan];

    /// Empty builders for `capacity` rows, one per column.
    fn builders<U: OnUse>(capacity: usize) -> Box<dyn Any + Send>;

    /// Appends `rows` to `builders`, field by field. A value that cannot be written is an error
    /// naming its column and its index within `rows`.
    fn encode(rows: &[Self], builders: &mut dyn Any) -> Result<(), ValueError>;

    /// The built columns; the builders are empty afterwards.
    fn finish<U: OnUse>(builders: &mut dyn Any) -> Vec<ArrayRef>;

    /// Calls `visit` with the index and value of every field, in declaration order (what
    /// [`FieldPlan::value`] takes).
    fn each_field<U: OnUse>(&self, visit: &mut dyn FnMut(usize, &dyn Any));

    /// Sets bit `i` of `mask` (64 columns per word) for every column `i` this row leaves to its
    /// DEFAULT: an `Option` field that is `None` and whose column has a DEFAULT.
    fn omitted(&self, mask: &mut [u64]);

    /// Decodes `rows` rows of `columns` (read as the [`FieldPlan`]s' read types, every column in
    /// order) into `out`.
    fn decode<U: OnUse>(columns: &[ArrayRef], rows: usize, out: &mut Vec<Self>) -> Result<(), ValueError>;

    /// `rows`, readable from another thread, when `Self: Sync` (the derive decides; see
    /// [`SharedRows`]). Bulk inserts then encode on a second thread.
    fn share(_rows: &[Self]) -> Option<SharedRows<'_, Self>> {
        None
    }
}

/// The type parameter of the generated [`Rows`] functions: generic functions are compiled
/// (code-generated) only where a program calls them, so a crate of many tables that never inserts
/// into most of them does not pay for their row plumbing. The row layer always passes `()`.
pub trait OnUse {}
impl OnUse for () {}

/// The documented row methods of [`Table`], implemented by the row layer for every [`Rows`] type.
pub trait RowOps: Table {
    /// [`Table::insert`].
    fn insert_row(&self, conn: &Connection) -> crate::Result<()>;
    /// [`Table::insert_all`].
    fn insert_rows(conn: &Connection, rows: &[Self]) -> crate::Result<usize>;
    /// [`Table::select_all`].
    fn select_rows(conn: &Connection) -> crate::Result<Vec<Self>>;
}

/// The documented database methods of [`Schema`], implemented by the schema layer for every
/// `Schema`.
pub trait SchemaOps: Schema {
    /// [`Schema::load`].
    fn load_tables(conn: &Connection) -> crate::Result<usize>;
    /// [`Schema::check`].
    fn check_tables(conn: &Connection) -> crate::Result<()>;
}

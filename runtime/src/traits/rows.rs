//! Hidden traits (not public API): [`Rows`], the row plumbing `#[derive(Table)]` generates, and
//! [`RowOps`] / [`SchemaOps`], the entry points of the documented database methods of [`Table`]
//! and [`Schema`]. The row layer implements `RowOps` for every `Table` and the schema layer
//! implements `SchemaOps` for every `Schema`, each with one blanket impl, so this layer declares
//! what the methods need without importing the layers that provide it. `Rows` is a supertrait of
//! `Table` and of `Row`, so a `T: Table` bound reaches all of it.

use duckdb::Connection;

use super::{Columns, Schema, Shape, SharedRows, Table};

/// What `#[derive(Table)]` and `#[derive(Row)]` generate for the row paths: every field once, as one
/// type ([`Rows::Columns`], a tuple naming each field's type and codec), with the two moves
/// between a row and a tuple of its fields ([`Rows::refs`], [`Rows::from_values`]). The row paths
/// themselves (filling Arrow builders, moving decoded values into rows) are generic code over
/// `Columns`, written once in the codec layer; the per-field data they walk (`FieldPlan`s) is
/// built from `Columns` and the column names the derive states anyway (a table's DDL, a row's
/// `Row::COLUMNS`), once per table (`codec::plan::fields`).
///
/// Compile cost shapes it (a schema of hundreds of tables compiles every impl): per table there is
/// only data, a type and two one-line functions; everything that loops or branches is compiled
/// once, or once per table only where a program inserts into or reads that table.
pub trait Rows: Sized + 'static {
    /// Whether a row can leave some column to its DEFAULT (an `Option` field whose column has one).
    const OMITTABLE: bool;

    /// Every field's type and codec, in declaration order (generated columns too), as a tuple
    /// (nested for more than 12 fields): what the typed row paths are generic over.
    type Columns: Columns;

    /// References to the fields, shaped like [`Rows::Columns`].
    fn refs(&self) -> <Self::Columns as Shape>::Refs<'_>;

    /// The row of these field values, shaped like [`Rows::Columns`].
    fn from_values(values: <Self::Columns as Shape>::Values) -> Self;

    /// Sets bit `i` of `mask` (64 columns per word) for every column `i` this row leaves to its
    /// DEFAULT: an `Option` field that is `None` and whose column has a DEFAULT.
    fn omitted(&self, mask: &mut [u64]);

    /// `rows`, readable from another thread, when `Self: Sync` (the derive decides; see
    /// [`SharedRows`]). Bulk inserts then encode on a second thread.
    fn share(_rows: &[Self]) -> Option<SharedRows<'_, Self>> {
        None
    }
}

/// The documented row methods of [`Table`], implemented by the row layer for every table.
pub trait RowOps: Table {
    /// [`Table::insert`].
    fn insert_row(&self, conn: &Connection) -> crate::Result<()>;
    /// [`Table::insert_all`].
    fn insert_rows(conn: &Connection, rows: &[Self]) -> crate::Result<usize>;
    /// [`Table::select_all`].
    fn select_rows(conn: &Connection) -> crate::Result<Vec<Self>>;
    /// [`Table::select_where`].
    fn select_rows_where<P: duckdb::Params>(
        conn: &Connection,
        condition: &str,
        params: P,
    ) -> crate::Result<Vec<Self>>;
}

/// The documented database methods of [`Schema`], implemented by the schema layer for every
/// `Schema`.
pub trait SchemaOps: Schema {
    /// [`Schema::load`].
    fn load_tables(conn: &Connection) -> crate::Result<usize>;
    /// [`Schema::check`].
    fn check_tables(conn: &Connection) -> crate::Result<()>;
}

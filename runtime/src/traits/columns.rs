//! A table's fields as one type ([`Rows::Columns`](super::Rows::Columns)): a tuple of one type per
//! field, naming the field's type and its codec — the one description of the fields generated
//! code gives — so the typed row paths (filling Arrow builders from fields, moving decoded values
//! into fields) are generic code written once and compiled only where a program uses them,
//! instead of functions generated for every table, and the fields' data ([`FieldPlan`]s) is
//! built from it. A table's
//! derive emits the tuple and two one-line functions ([`Rows::refs`](super::Rows::refs),
//! [`Rows::from_values`](super::Rows::from_values)); the codec layer implements these traits for
//! its field type and for tuples.
//!
//! Two traits, because of what type checking a table costs: [`Shape`] (a row's field references
//! and values as tuples) has no bounds, so checking a table's two functions never proves a codec;
//! [`Columns`] (the builders and the per-field work) is proven once per table, where the derive
//! declares the type.

use std::any::Any;

use duckdb::arrow::array::ArrayRef;
use duckspec_spec::ColumnDef;

use super::FieldPlan;
use crate::error::ValueError;

/// A row's fields as tuples: [`Shape::Refs`] borrows them, [`Shape::Values`] owns them. Nested
/// like the [`Columns`] type it belongs to.
pub trait Shape {
    /// References to the fields.
    type Refs<'a>;
    /// The fields' values.
    type Values;
}

/// What a table's fields do on the row paths, field by field in declaration order. Each field
/// takes its column from a cursor (the next column definition, the next decoded column, the next
/// column index), so a tuple's own code is only a call per part: compiled once per table where a
/// program uses it, it stays small, and the per-field work is the codec's, shared by every table
/// with a field of that type (and inlined into one loop per table in a release build).
pub trait Columns: Shape + 'static {
    /// One Arrow builder per written field (a generated column has none).
    type Builders: Send + 'static;
    /// The decoded values of each field, taken out of a batch read back.
    type Taken;

    /// Empty builders for `capacity` rows, each field taking its column definition from `columns`.
    fn builders(columns: &mut std::slice::Iter<'_, ColumnDef>, capacity: usize) -> Self::Builders;

    /// Appends one row (row `row` of its batch); each field takes its column index from `column`.
    /// A value that cannot be written records an error naming the row and its column (from
    /// `fields`) in `error`, unless it holds one already; the caller checks `error` once per row.
    fn append(
        refs: Self::Refs<'_>,
        builders: &mut Self::Builders,
        column: &mut usize,
        fields: &'static [FieldPlan],
        row: usize,
        error: &mut Option<ValueError>,
    );

    /// Finishes every builder into its column, appended to `out` in order.
    fn finish(builders: &mut Self::Builders, out: &mut Vec<ArrayRef>);

    /// Takes each field's decoded values from `decoded` (one boxed `Vec` of the field's type per
    /// column, in order, as the `FieldPlan::decode` functions make them).
    fn take(decoded: &mut std::vec::IntoIter<Box<dyn Any>>) -> Self::Taken;

    /// The next row's values.
    fn next(taken: &mut Self::Taken) -> Self::Values;

    /// Calls `visit` with the value of every field, in order.
    fn visit(refs: Self::Refs<'_>, visit: &mut dyn FnMut(&dyn Any));

    /// Appends each field's `FieldPlan` to `out`, in order, each field taking its column's name
    /// from `names` (built once per table, `codec::plan::fields`).
    fn plan(names: &mut dyn Iterator<Item = &'static str>, out: &mut Vec<FieldPlan>);
}

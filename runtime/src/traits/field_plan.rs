//! [`FieldPlan`]: one field of a row struct as data — its column and its codec's functions as
//! pointers. A table's list of them is built once, at run time, from its
//! [`Rows::Columns`](super::Rows::Columns) type and its column names
//! ([`Columns::plan`](super::Columns::plan), kept in the table's statics), instead of one function
//! per table for each part of the row paths that needs no speed (the Arrow schema, the read types,
//! decoding columns read back, one row's statement parameters): the codec layer walks the list in
//! code compiled once, and each codec function is compiled once per (codec, field type), shared
//! by every table. This file holds only the data; the codec layer builds it (`codec::plan`) and
//! walks it.

use std::any::Any;

use duckdb::arrow::array::ArrayRef;
use duckdb::arrow::datatypes::Field;
use duckdb::types::Value;
use duckspec_spec::SqlType;

use crate::error::ValueError;

/// Decodes the first `rows` values of a column read back (the column named by the last argument)
/// into a boxed `Vec` of a field's type.
pub type DecodeColumn = fn(&ArrayRef, usize, &'static str) -> Result<Box<dyn Any>, ValueError>;

/// One field of a row struct; a table's list of them is in its columns' order (field `i` is
/// column `i`).
#[derive(Clone, Copy)]
pub struct FieldPlan {
    /// The column's name.
    pub name: &'static str,
    /// Whether the field is an `Option` (its Arrow field is nullable).
    pub nullable: bool,
    /// Whether rows write the column (a generated column is only read).
    pub written: bool,
    /// The codec's Arrow field for the column.
    pub field: fn(&str, &SqlType, bool) -> Field,
    /// The codec's read type for the column.
    pub read_type: fn(&SqlType) -> SqlType,
    /// The first `rows` values of a column read back, decoded for the field: a `Vec` of the
    /// field's type, boxed.
    pub decode: DecodeColumn,
    /// The field's value (a `&dyn Any` of the field's type, from
    /// `codec::columns::each_field`) as a statement parameter for the column's
    /// SQL type.
    pub value: fn(&dyn Any, &SqlType, &'static str) -> Result<Value, ValueError>,
}

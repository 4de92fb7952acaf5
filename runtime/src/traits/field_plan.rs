//! [`FieldPlan`]: one field of a row struct as data — its column, how to find it in a row, and its
//! codec's functions as pointers. `#[derive(Table)]` generates a `const` list of them per table
//! ([`Rows::FIELDS`](super::Rows::FIELDS)) instead of one function per table for each part of the
//! row paths that needs no speed (the Arrow schema, the read types, one row's statement
//! parameters): the codec layer walks the list in code compiled once, and each codec function is
//! compiled once per (codec, field type), shared by every table. This file holds only the data;
//! the codec layer builds it (`codec::plan`) and walks it.

use std::any::Any;
use std::marker::PhantomData;

use duckdb::arrow::array::ArrayRef;
use duckdb::arrow::datatypes::Field;
use duckdb::types::Value;
use duckspec_spec::SqlType;

use crate::error::ValueError;

/// One field of the row struct `S`.
#[repr(transparent)]
pub struct FieldPlan<S> {
    erased: ErasedField,
    _row: PhantomData<fn(&S)>,
}

/// A [`FieldPlan`] without its struct type, which the walking functions take.
#[derive(Clone, Copy)]
pub struct ErasedField {
    /// The field's column, by position in the table definition.
    pub column: usize,
    /// The column's name.
    pub name: &'static str,
    /// Whether the field is an `Option` (its Arrow field is nullable).
    pub nullable: bool,
    /// Whether rows write the column (a generated column is only read).
    pub written: bool,
    /// The field's address in a row: the struct's accessor, its types erased.
    pub get: fn(*const u8) -> *const u8,
    /// The codec's Arrow field for the column.
    pub field: fn(&str, &SqlType, bool) -> Field,
    /// The codec's read type for the column.
    pub read_type: fn(&SqlType) -> SqlType,
    /// The first `rows` values of a column read back, decoded for the field: a `Vec` of the
    /// field's type, boxed.
    pub decode: fn(&ArrayRef, usize, &'static str) -> Result<Box<dyn Any>, ValueError>,
    /// The field behind a pointer `get` returned, as a statement parameter.
    ///
    /// # Safety
    ///
    /// The pointer points to a live value of the type `get` returns.
    pub value: unsafe fn(*const u8, &SqlType, &'static str) -> Result<Value, ValueError>,
}

impl<S> FieldPlan<S> {
    /// The plan of a field of `S` described by `erased`.
    ///
    /// # Safety
    ///
    /// `erased.get`, called with a pointer to a live `S`, returns a pointer to one of its fields,
    /// and `erased.value` reads a value of that field's type.
    pub const unsafe fn new_unchecked(erased: ErasedField) -> FieldPlan<S> {
        FieldPlan { erased, _row: PhantomData }
    }

    /// The plans without their struct type.
    pub fn erase(plans: &[FieldPlan<S>]) -> &[ErasedField] {
        // SAFETY: `FieldPlan<S>` is `repr(transparent)` over `ErasedField` (its other field is a
        // zero-sized marker), so the slices have the same layout.
        unsafe { &*(plans as *const [FieldPlan<S>] as *const [ErasedField]) }
    }
}

//! A table's fields as data ([`FieldPlan`]s), built here from each field's codec and walked here:
//! the Arrow schema, the read types and one row's statement parameters. The list is built from a
//! table's `Rows::Columns` and its column names ([`fields`]); the walking code is compiled once for all tables and
//! each codec function once per (codec, field type), which is what keeps a schema of hundreds of
//! tables cheap to compile. The typed paths that move values between fields and columns are in
//! `codec::columns`, generic over a table's `Rows::Columns`; they decode a batch read back with
//! the plan's per-field decoders.

use std::any::Any;
use std::sync::Arc;

use duckdb::arrow::array::ArrayRef;
use duckdb::arrow::datatypes::{Schema, SchemaRef};
use duckdb::types::Value;
use duckspec_spec::{ColumnDef, SqlType, TableDef};

use super::{Codec, ColumnReader};
use crate::error::ValueError;
use crate::traits::{Columns, FieldPlan, Table, TableStatics};

/// The fields of table `T` as data, in its columns' order: built from `T::Columns` and the names
/// of its definition's columns on first use, then kept in the table's statics.
pub fn fields<T: Table>() -> &'static [FieldPlan] {
    T::table_statics().fields(T::table_def(), table_fields::<T::Columns>)
}

/// The plans of the fields of a `Columns` tuple, named after the columns of `def`.
fn table_fields<C: Columns>(def: &'static TableDef) -> Vec<FieldPlan> {
    // Functions, not closures, here and in `row_fields`: the iterator's type is then the same
    // for every table and row type, so its methods are compiled once, not once per type (~30%
    // of a row type's code, measured in the compile-cost crate's LLVM IR).
    fn name(column: &'static ColumnDef) -> &'static str {
        column.name.as_str()
    }
    build::<C>(&mut def.columns.iter().map(name))
}

/// The fields of row type `T` (a checked query's result row) as data, in its fields' order, named
/// after the result columns they take. Built per query run (a row type has no statics).
#[cfg(feature = "query")]
pub fn row_fields<T: crate::traits::Row>() -> Vec<FieldPlan> {
    // A function, not a closure: see `table_fields`.
    fn name(column: &crate::traits::RowColumn) -> &'static str {
        column.name
    }
    build::<T::Columns>(&mut T::COLUMNS.iter().map(name))
}

/// The plans of the fields of a `Columns` tuple, each named by the next of `names` (compiled once
/// per tuple type, which row types with the same field types share).
fn build<C: Columns>(names: &mut dyn Iterator<Item = &'static str>) -> Vec<FieldPlan> {
    let mut out = Vec::new();
    C::plan(names, &mut out);
    out
}

/// The plan of a field of type `T`, written and read through codec `C`: its column is named
/// `name`, an `Option` when `nullable`, written by rows unless `written` is false (a generated
/// column). Built by [`Columns::plan`], in the columns' order.
pub(crate) fn field<C: Codec<T>, T: 'static>(name: &'static str, nullable: bool, written: bool) -> FieldPlan {
    FieldPlan {
        name,
        nullable,
        written,
        field: C::field,
        read_type: C::read_type,
        decode: decode_column::<C, T>,
        value: value_of::<C, T>,
    }
}

/// `value`, a `T`, as a statement parameter.
fn value_of<C: Codec<T>, T: 'static>(
    value: &dyn Any,
    sql_type: &SqlType,
    name: &'static str,
) -> Result<Value, ValueError> {
    let value = value.downcast_ref::<T>().expect("duckspec bug: a field of another type than its plan");
    C::value_named(value, sql_type, name)
}

/// Calls its second argument with every field of its first, a row (`columns::each_field`).
pub type EachField = fn(&dyn Any, &mut dyn FnMut(&dyn Any));

/// The written fields of `row` (every column but generated ones, in order) as statement
/// parameters: `row` is a row of the table whose fields are `plan` and columns `columns`, and
/// `each_field` visits its fields (`columns::each_field` of its type). Compiled once for all tables.
pub fn values(
    plan: &'static [FieldPlan],
    columns: &[ColumnDef],
    row: &dyn Any,
    each_field: EachField,
) -> Result<Vec<Value>, ValueError> {
    let mut values = Values::new(plan, columns);
    each_field(row, &mut |value| values.add(value));
    values.finish()
}

/// The statement parameters of one row, gathered field by field.
struct Values<'a> {
    plan: &'static [FieldPlan],
    columns: &'a [ColumnDef],
    /// The index of the next field.
    next: usize,
    values: Vec<Value>,
    error: Option<ValueError>,
}

impl<'a> Values<'a> {
    fn new(plan: &'static [FieldPlan], columns: &'a [ColumnDef]) -> Self {
        Values { plan, columns, next: 0, values: Vec::with_capacity(plan.len()), error: None }
    }

    fn add(&mut self, value: &dyn Any) {
        let index = self.next;
        self.next += 1;
        let field = &self.plan[index];
        if !field.written || self.error.is_some() {
            return;
        }
        match (field.value)(value, &self.columns[index].sql_type, field.name) {
            Ok(value) => self.values.push(value),
            Err(e) => self.error = Some(e),
        }
    }

    fn finish(self) -> Result<Vec<Value>, ValueError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.values),
        }
    }
}

/// The SQL type each column is cast to before it is read, every column in order.
pub fn read_types(plan: &[FieldPlan], columns: &[ColumnDef]) -> Vec<SqlType> {
    plan.iter().zip(columns).map(|(field, column)| (field.read_type)(&column.sql_type)).collect()
}

/// The Arrow schema of the written columns' batches (the order of the builders) of the table
/// `def` whose fields are `plan`, built once and kept in the table's `statics`.
pub fn schema(statics: &'static TableStatics, def: &TableDef, plan: &[FieldPlan]) -> SchemaRef {
    statics.schema(|| {
        let fields = plan
            .iter()
            .zip(&def.columns)
            .filter(|(field, _)| field.written)
            .map(|(field, column)| (field.field)(field.name, &column.sql_type, field.nullable));
        Arc::new(Schema::new(fields.collect::<Vec<_>>()))
    })
}

/// The first `rows` values of `array`, the column named `column`, decoded for a field of type `T`
/// (compiled once per codec and field type), boxed for `columns::decode`.
fn decode_column<C: Codec<T>, T: 'static>(
    array: &ArrayRef,
    rows: usize,
    column: &'static str,
) -> Result<Box<dyn Any>, ValueError> {
    let reader = ColumnReader::<C, T>::new(array, column)?;
    let mut values = Vec::with_capacity(rows);
    for row in 0..rows {
        values.push(reader.get(row)?);
    }
    Ok(Box::new(values))
}

//! A table's fields as data ([`FieldPlan`]s), built here from each field's codec and walked here:
//! the Arrow schema, the read types and one row's statement parameters. `#[derive(Table)]`
//! generates only the list (`Rows::FIELDS`); the walking code is compiled once for all tables and
//! each codec function once per (codec, field type), which is what keeps a schema of hundreds of
//! tables cheap to compile. The typed hot path (`encode`) stays generated per table; `decode` takes
//! columns decoded here ([`Decoded`]) and only moves their values into rows.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use duckdb::arrow::array::{ArrayBuilder, ArrayRef};
use duckdb::arrow::datatypes::{Schema, SchemaRef};
use duckdb::types::Value;
use duckspec_spec::{ColumnDef, SqlType, TableDef};

use super::{Codec, ColumnReader};
use crate::error::ValueError;
use crate::traits::{ErasedField, FieldPlan};

/// The plan of the field `get` returns, of type `T`, written and read through codec `C`: column
/// `column` (by position in the table), named `name`, an `Option` when `nullable`, written by rows
/// unless `written` is false (a generated column). Called by generated code, in a `const`.
pub const fn field<C: Codec<T>, T: 'static, S>(
    get: fn(&S) -> &T,
    column: usize,
    name: &'static str,
    nullable: bool,
    written: bool,
) -> FieldPlan<S> {
    // SAFETY: `&S`, `&T` and `*const u8` are ABI-compatible (thin pointers: `S` and `T` are
    // sized), so calling the accessor through this signature is calling it.
    let get = unsafe { std::mem::transmute::<fn(&S) -> &T, fn(*const u8) -> *const u8>(get) };
    let erased = ErasedField {
        column,
        name,
        nullable,
        written,
        get,
        field: C::field,
        read_type: C::read_type,
        decode: decode_column::<C, T>,
        value: value_at::<C, T>,
    };
    // SAFETY: `get` is `S`'s accessor of a field of type `T`, and `value_at::<C, T>` reads a `T`.
    unsafe { FieldPlan::new_unchecked(erased) }
}

/// # Safety
///
/// `field` points to a live `T`.
unsafe fn value_at<C: Codec<T>, T>(
    field: *const u8,
    sql_type: &SqlType,
    name: &'static str,
) -> Result<Value, ValueError> {
    // SAFETY: the caller's promise.
    let value = unsafe { &*(field as *const T) };
    C::value_named(value, sql_type, name)
}

/// The written fields of `row` (every column but generated ones, in order) as statement
/// parameters; `plan` is `S`'s [`Rows::FIELDS`](crate::traits::Rows::FIELDS).
pub fn values<S>(row: &S, plan: &[FieldPlan<S>], columns: &[ColumnDef]) -> Result<Vec<Value>, ValueError> {
    // SAFETY: `row` is a live `S`, and the plan is of `S`'s fields.
    unsafe { values_of(row as *const S as *const u8, FieldPlan::erase(plan), columns) }
}

/// # Safety
///
/// `row` points to a live row of the struct whose fields `plan` describes.
unsafe fn values_of(
    row: *const u8,
    plan: &[ErasedField],
    columns: &[ColumnDef],
) -> Result<Vec<Value>, ValueError> {
    plan.iter()
        .filter(|field| field.written)
        // SAFETY: every plan was made by `field`, whose accessor returns a field of the row (the
        // caller's promise that `row` is one) and whose `value` reads the accessor's type.
        .map(|field| unsafe { (field.value)((field.get)(row), &columns[field.column].sql_type, field.name) })
        .collect()
}

/// The SQL type each column is cast to before it is read, every column in order.
pub fn read_types(plan: &[ErasedField], columns: &[ColumnDef]) -> Vec<SqlType> {
    plan.iter().map(|field| (field.read_type)(&columns[field.column].sql_type)).collect()
}

/// The Arrow schema of the written columns' batches (the order of the builders), built once per
/// table definition.
pub fn schema(def: &'static TableDef, plan: &[ErasedField]) -> SchemaRef {
    static SCHEMAS: OnceLock<Mutex<HashMap<usize, SchemaRef>>> = OnceLock::new();
    let mut schemas = SCHEMAS.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    schemas
        .entry(def as *const TableDef as usize)
        .or_insert_with(|| {
            let fields = plan
                .iter()
                .filter(|field| field.written)
                .map(|field| (field.field)(field.name, &def.columns[field.column].sql_type, field.nullable));
            Arc::new(Schema::new(fields.collect::<Vec<_>>()))
        })
        .clone()
}

/// The first `rows` values of `array`, the column named `column`, decoded for a field of type `T`
/// (compiled once per codec and field type), boxed for [`Decoded`].
fn decode_column<C: Codec<T>, T: 'static>(
    array: &ArrayRef,
    rows: usize,
    column: &'static str,
) -> Result<Box<dyn Any>, ValueError> {
    let reader = ColumnReader::<C, T>::new(array, column)?;
    let values = (0..rows).map(|row| reader.get(row)).collect::<Result<Vec<T>, ValueError>>()?;
    Ok(Box::new(values))
}

/// The columns of one batch read back, each decoded for its field (a `Vec` of the field's type).
/// Generated `decode` makes one, takes each field's values out with [`Decoded::take`] and moves
/// them into rows: the decoding itself is compiled once per codec and field type.
pub struct Decoded {
    columns: Vec<Option<Box<dyn Any>>>,
}

impl Decoded {
    /// Decodes the first `rows` values of `arrays`, one array per field of `plan`, in order.
    pub fn new(plan: &[ErasedField], arrays: &[ArrayRef], rows: usize) -> Result<Decoded, ValueError> {
        if arrays.len() != plan.len() {
            return Err(ValueError {
                column: plan.first().map_or("", |field| field.name),
                row: None,
                message: format!("expected {} columns, the database returned {}", plan.len(), arrays.len()),
            });
        }
        let columns = plan
            .iter()
            .zip(arrays)
            .map(|(field, array)| (field.decode)(array, rows, field.name).map(Some))
            .collect::<Result<_, _>>()?;
        Ok(Decoded { columns })
    }

    /// The values of field `index`, of type `T` (the field's type); taken once.
    pub fn take<T: 'static>(&mut self, index: usize) -> std::vec::IntoIter<T> {
        let column = self.columns[index].take().expect("duckspec bug: a decoded column taken twice");
        column.downcast::<Vec<T>>().expect("duckspec bug: a decoded column of another type").into_iter()
    }
}

/// The next value of a column taken from [`Decoded`], which holds one for every row.
#[inline]
pub fn next_value<T>(column: &mut std::vec::IntoIter<T>) -> T {
    column.next().expect("duckspec bug: a decoded column is shorter than its batch")
}

/// Finishes every builder of a batch into its column, in order.
pub fn finish_columns(builders: &mut [&mut dyn ArrayBuilder]) -> Vec<ArrayRef> {
    builders.iter_mut().map(|builder| builder.finish()).collect()
}

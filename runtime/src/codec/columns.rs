//! The typed row paths of every table, written once: [`Col`] (one field and its codec) and tuples
//! of them implement [`Columns`], and [`builders`], [`encode`], [`finish`], [`decode`],
//! [`each_field`] and [`values`] walk a table's [`Rows::Columns`]. A table's derive emits only the
//! tuple type and two one-line functions; these functions are compiled (monomorphized) only where
//! a program inserts into or reads a table, and in a release build they inline into the same
//! straight loop over the fields that hand-written code would be.
//!
//! The per-row methods of the tuples (`append`, `next`) are `inline(always)` in release builds,
//! so a row's loop is one function with constant column indexes; each field's value goes through
//! one function per codec and field type (`append_value`), which the compiler inlines or calls as
//! it sees fit. Measured with the pipeline bench's encoding-only comparison: left to LLVM, a wide
//! table's tuple `append` was called per row, and with every codec forced inline as well encoding
//! was ~10% slower than the generated code before it; this shape matches it. Debug builds keep
//! `inline`, so a debug build of many tables does not copy every codec into every table.
//!
//! Tuples hold up to 12 parts; the derive nests them for wider tables (a part is a field or a
//! tuple), which keeps the nesting shallow (12 fields per level). Generic code here is compiled
//! once per table that uses it, in the user's crate, so it avoids what would be code per table in
//! a debug build: iterator adapters, closures, arithmetic in the tuples.

use std::any::Any;
use std::marker::PhantomData;
use std::ops::Range;

use duckdb::arrow::array::{ArrayBuilder, ArrayRef};
use duckdb::types::Value;
use duckspec_spec::ColumnDef;

use super::{builders as downcast_builders, Codec};
use crate::error::ValueError;
use crate::traits::{Columns, FieldPlan, Rows, Shape, Table};

/// A field of type `T`, written and read through codec `C`.
pub struct Col<C, T>(PhantomData<fn() -> (C, T)>);

/// A field of type `T` whose column is generated: read through codec `C`, never written.
pub struct ReadOnly<C, T>(PhantomData<fn() -> (C, T)>);

impl<C, T: 'static> Shape for Col<C, T> {
    type Refs<'a> = &'a T;
    type Values = T;
}

impl<C, T: 'static> Shape for ReadOnly<C, T> {
    type Refs<'a> = &'a T;
    type Values = T;
}

/// The read side of a field, the same whether or not it is written: its decoded values, the next
/// one, and the field visited.
macro_rules! field_reads {
    () => {
        #[inline]
        fn take(decoded: &mut std::vec::IntoIter<Box<dyn Any>>) -> Self::Taken {
            take_column(decoded)
        }

        #[cfg_attr(debug_assertions, inline)]
        #[cfg_attr(not(debug_assertions), inline(always))]
        fn next(taken: &mut Self::Taken) -> T {
            next_value(taken)
        }

        #[inline]
        fn visit(value: &T, visit: &mut dyn FnMut(&dyn Any)) {
            visit(value)
        }

        fn plan(names: &mut dyn Iterator<Item = &'static str>, out: &mut Vec<FieldPlan>) {
            let name = names.next().expect("duckspec bug: a table with more fields than columns");
            out.push(super::plan::field::<C, T>(name, C::NULLABLE, Self::WRITTEN));
        }
    };
}

/// Whether rows write a part's column.
trait Written {
    const WRITTEN: bool;
}

impl<C, T> Written for Col<C, T> {
    const WRITTEN: bool = true;
}

impl<C, T> Written for ReadOnly<C, T> {
    const WRITTEN: bool = false;
}

impl<C: Codec<T> + 'static, T: 'static> Columns for Col<C, T> {
    type Builders = C::Builder;
    type Taken = std::vec::IntoIter<T>;

    #[inline]
    fn builders(columns: &mut std::slice::Iter<'_, ColumnDef>, capacity: usize) -> C::Builder {
        C::builder(&next_column(columns).sql_type, capacity)
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn append(
        value: &T,
        builder: &mut C::Builder,
        column: &mut usize,
        fields: &'static [FieldPlan],
        row: usize,
        error: &mut Option<ValueError>,
    ) {
        let index = *column;
        *column += 1;
        append_value::<C, T>(value, builder, index, fields, row, error);
    }

    #[inline]
    fn finish(builder: &mut C::Builder, out: &mut Vec<ArrayRef>) {
        out.push(builder.finish());
    }

    field_reads!();
}

impl<C: Codec<T> + 'static, T: 'static> Columns for ReadOnly<C, T> {
    type Builders = ();
    type Taken = std::vec::IntoIter<T>;

    #[inline]
    fn builders(columns: &mut std::slice::Iter<'_, ColumnDef>, _: usize) {
        next_column(columns);
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn append(
        _: &T,
        _: &mut (),
        column: &mut usize,
        _: &'static [FieldPlan],
        _: usize,
        _: &mut Option<ValueError>,
    ) {
        *column += 1;
    }

    #[inline]
    fn finish(_: &mut (), _: &mut Vec<ArrayRef>) {}

    field_reads!();
}

/// Appends one field's value, recording a failure: one function per codec and field type, which
/// the compiler inlines or calls as it sees fit (see the module docs).
#[inline]
fn append_value<C: Codec<T>, T>(
    value: &T,
    builder: &mut C::Builder,
    index: usize,
    fields: &'static [FieldPlan],
    row: usize,
    error: &mut Option<ValueError>,
) {
    if let Err(message) = C::append(value, builder) {
        failed(error, fields, index, row, message);
    }
}

/// Records the first failing value of a row (the cold path of [`Columns::append`]).
#[cold]
#[inline(never)]
fn failed(
    error: &mut Option<ValueError>,
    fields: &'static [FieldPlan],
    index: usize,
    row: usize,
    message: String,
) {
    if error.is_none() {
        *error = Some(ValueError { column: fields[index].name, row: Some(row), message });
    }
}

/// The next field's column definition.
fn next_column<'a>(columns: &mut std::slice::Iter<'a, ColumnDef>) -> &'a ColumnDef {
    columns.next().expect("duckspec bug: a table with more fields than columns")
}

/// The next field's decoded values, a boxed `Vec<T>`.
fn take_column<T: 'static>(decoded: &mut std::vec::IntoIter<Box<dyn Any>>) -> std::vec::IntoIter<T> {
    let column = decoded.next().expect("duckspec bug: fewer decoded columns than fields");
    column.downcast::<Vec<T>>().expect("duckspec bug: a decoded column of another type").into_iter()
}

/// The next value of a column taken from a decoded batch, which holds one for every row.
#[inline]
fn next_value<T>(column: &mut std::vec::IntoIter<T>) -> T {
    column.next().expect("duckspec bug: a decoded column is shorter than its batch")
}

/// `Shape` and `Columns` for a tuple of parts, each part's fields after the previous part's: a
/// call per part, nothing else.
macro_rules! tuple {
    ($($part:ident $index:tt),*) => {
        impl<$($part: Shape),*> Shape for ($($part,)*) {
            type Refs<'a> = ($($part::Refs<'a>,)*);
            type Values = ($($part::Values,)*);
        }

        #[allow(unused_variables, clippy::unused_unit)]
        impl<$($part: Columns),*> Columns for ($($part,)*) {
            type Builders = ($($part::Builders,)*);
            type Taken = ($($part::Taken,)*);

            #[inline]
            fn builders(columns: &mut std::slice::Iter<'_, ColumnDef>, capacity: usize) -> Self::Builders {
                ($($part::builders(columns, capacity),)*)
            }

            #[cfg_attr(debug_assertions, inline)]
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn append(
                refs: Self::Refs<'_>,
                builders: &mut Self::Builders,
                column: &mut usize,
                fields: &'static [FieldPlan],
                row: usize,
                error: &mut Option<ValueError>,
            ) {
                $($part::append(refs.$index, &mut builders.$index, column, fields, row, error);)*
            }

            #[inline]
            fn finish(builders: &mut Self::Builders, out: &mut Vec<ArrayRef>) {
                $($part::finish(&mut builders.$index, out);)*
            }

            #[inline]
            fn take(decoded: &mut std::vec::IntoIter<Box<dyn Any>>) -> Self::Taken {
                ($($part::take(decoded),)*)
            }

            #[cfg_attr(debug_assertions, inline)]
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn next(taken: &mut Self::Taken) -> Self::Values {
                ($($part::next(&mut taken.$index),)*)
            }

            #[inline]
            fn visit(refs: Self::Refs<'_>, visit: &mut dyn FnMut(&dyn Any)) {
                $($part::visit(refs.$index, visit);)*
            }

            fn plan(names: &mut dyn Iterator<Item = &'static str>, out: &mut Vec<FieldPlan>) {
                $($part::plan(names, out);)*
            }
        }
    };
}

tuple!();
tuple!(A 0);
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

/// Empty builders for `capacity` rows of `T`, one per written column, type-erased for the write
/// path.
pub fn builders<T: Table>(capacity: usize) -> Box<dyn Any + Send> {
    Box::new(T::Columns::builders(&mut T::table_def().columns.iter(), capacity))
}

/// Appends `rows[range]` to `builders` (made by [`builders`] for `T`), field by field. A value that
/// cannot be written is an error naming its column and its index within the range.
#[inline]
pub fn encode<T: Table>(rows: &[T], range: Range<usize>, builders: &mut dyn Any) -> Result<(), ValueError> {
    let builders = downcast_builders::<<T::Columns as Columns>::Builders>(builders);
    let fields = super::plan::fields::<T>();
    let mut error = None;
    // An index loop: slice indexing is built in, where an iterator or a sub-slice would be code
    // per table. Checking the range once lets the compiler drop the bounds check of each row.
    if range.end > rows.len() {
        out_of_range(range, rows.len());
    }
    let mut row = range.start;
    while row < range.end {
        let mut column = 0;
        T::Columns::append(rows[row].refs(), builders, &mut column, fields, row - range.start, &mut error);
        if let Some(error) = error {
            return Err(error);
        }
        row += 1;
    }
    Ok(())
}

/// A range of rows past the end of the rows (a duckspec bug); not generic, so not compiled per
/// table.
#[cold]
#[inline(never)]
fn out_of_range(range: Range<usize>, len: usize) -> ! {
    panic!("duckspec bug: rows {range:?} of {len}")
}

/// The built columns of `builders` (made by [`builders`] for `T`), which are empty afterwards.
pub fn finish<T: Table>(builders: &mut dyn Any) -> Vec<ArrayRef> {
    let builders = downcast_builders::<<T::Columns as Columns>::Builders>(builders);
    let mut columns = Vec::with_capacity(T::table_def().columns.len());
    T::Columns::finish(builders, &mut columns);
    columns
}

/// Decodes `rows` rows of `arrays` (read as the read types of `plan`, `T`'s fields, every column in
/// order) into `out`: each column is decoded by its field's codec (compiled once per codec and
/// field type), then the values move into rows.
pub fn decode<T: Rows>(
    plan: &[FieldPlan],
    arrays: &[ArrayRef],
    rows: usize,
    out: &mut Vec<T>,
) -> Result<(), ValueError> {
    let mut taken = T::Columns::take(&mut decode_columns(plan, arrays, rows)?.into_iter());
    out.reserve(rows);
    for _ in 0..rows {
        out.push(T::from_values(T::Columns::next(&mut taken)));
    }
    Ok(())
}

/// Calls `visit` with the value of every field of `row` (a `T`), in declaration order (what
/// [`FieldPlan::value`] takes). Type-erased, so the code that gathers a row's statement parameters
/// is compiled once.
pub fn each_field<T: Rows>(row: &dyn Any, visit: &mut dyn FnMut(&dyn Any)) {
    let row = row.downcast_ref::<T>().expect("duckspec bug: a row of another table");
    T::Columns::visit(row.refs(), visit)
}

/// The written fields of `row` (every column but generated ones, in order) as statement
/// parameters (`plan::values`, compiled once, walking this table's fields).
pub fn values<T: Table>(row: &T) -> Result<Vec<Value>, ValueError> {
    super::plan::values(super::plan::fields::<T>(), &T::table_def().columns, row, each_field::<T>)
}

/// The first `rows` values of `arrays`, one array per field of `plan`, each decoded by its field's
/// codec into a boxed `Vec` of the field's type (what [`Columns::take`] takes).
fn decode_columns(
    plan: &[FieldPlan],
    arrays: &[ArrayRef],
    rows: usize,
) -> Result<Vec<Box<dyn Any>>, ValueError> {
    if arrays.len() != plan.len() {
        return Err(ValueError {
            column: plan.first().map_or("", |field| field.name),
            row: None,
            message: format!("expected {} columns, the database returned {}", plan.len(), arrays.len()),
        });
    }
    plan.iter().zip(arrays).map(|(field, array)| (field.decode)(array, rows, field.name)).collect()
}

//! The type-erased view of one table's rows that the write path works on. The generic entry points
//! (`insert_all::<T>`, `Writer<T>`, `Batch::extend`) wrap a `&[T]` in a [`Slice`]; everything
//! behind a `&dyn RowSource` is compiled once for all tables, not once per table.

use std::any::Any;
use std::ops::Range;

use duckdb::arrow::array::ArrayRef;
use duckdb::arrow::datatypes::SchemaRef;
use duckdb::types::Value;
use duckspec_spec::TableDef;

use crate::error::ValueError;
use crate::traits::Rows;

/// A table as the write path needs it: its name and definition, and its generated plumbing as
/// function pointers.
#[derive(Clone, Copy)]
pub(crate) struct TableShape {
    pub name: &'static str,
    pub def: &'static TableDef,
    /// Whether rows can leave a column to its DEFAULT (see [`Rows::omitted`]).
    pub omittable: bool,
    pub builders: fn(usize) -> Box<dyn Any + Send>,
    pub finish: fn(&mut dyn Any) -> Vec<ArrayRef>,
    pub schema: fn() -> SchemaRef,
}

impl TableShape {
    pub fn of<T: Rows>() -> TableShape {
        TableShape {
            name: T::NAME,
            def: T::table_def(),
            omittable: T::OMITTABLE,
            builders: T::builders,
            finish: T::finish,
            schema: T::schema,
        }
    }

    /// Words of a DEFAULT mask for this table (64 columns per word).
    pub fn mask_words(&self) -> usize {
        self.def.columns.len().div_ceil(64)
    }
}

/// Rows of one table, readable by index.
pub(crate) trait RowSource {
    fn shape(&self) -> TableShape;

    fn len(&self) -> usize;

    /// Appends rows `rows` to `builders`; an error names the row by its index in the write.
    fn encode(&self, rows: Range<usize>, builders: &mut dyn Any) -> Result<(), ValueError>;

    /// Sets the bits of the columns row `row` leaves to their DEFAULT.
    fn omitted(&self, row: usize, mask: &mut [u64]);

    /// Row `row`'s values as statement parameters.
    fn values(&self, row: usize) -> Result<Vec<Value>, ValueError>;
}

/// A slice of typed rows; `first` is the index of `rows[0]` in the write it belongs to (a
/// `Writer`'s stream counts rows across calls), so errors name rows as the caller counts them.
pub(crate) struct Slice<'a, T> {
    rows: &'a [T],
    first: usize,
}

impl<'a, T: Rows> Slice<'a, T> {
    pub fn new(rows: &'a [T], first: usize) -> Self {
        Slice { rows, first }
    }
}

impl<T: Rows> RowSource for Slice<'_, T> {
    fn shape(&self) -> TableShape {
        TableShape::of::<T>()
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn encode(&self, rows: Range<usize>, builders: &mut dyn Any) -> Result<(), ValueError> {
        let start = rows.start;
        T::encode(&self.rows[rows], builders).map_err(|mut e| {
            e.row = Some(self.first + start + e.row.unwrap_or(0));
            e
        })
    }

    fn omitted(&self, row: usize, mask: &mut [u64]) {
        self.rows[row].omitted(mask);
    }

    fn values(&self, row: usize) -> Result<Vec<Value>, ValueError> {
        self.rows[row].values().map_err(|mut e| {
            e.row = Some(self.first + row);
            e
        })
    }
}

//! The type-erased view of one table's rows that the write path works on. The generic entry points
//! (`insert_all::<T>`, `Writer<T>`, `Batch::extend`) wrap a `&[T]` in a [`Slice`]; everything
//! behind a `&dyn RowSource` is compiled once for all tables, not once per table.

use std::any::Any;
use std::ops::Range;

use duckdb::arrow::array::ArrayRef;
use duckdb::arrow::datatypes::SchemaRef;
use duckdb::types::Value;
use duckspec_spec::TableDef;

use crate::codec::{columns, plan};
use crate::error::ValueError;
use crate::traits::{FieldPlan, SharedRows, Table, TableStatics};

/// A table as the write path needs it: its name and definition, and its generated plumbing as
/// function pointers.
#[derive(Clone, Copy)]
pub(crate) struct TableShape {
    pub name: &'static str,
    pub def: &'static TableDef,
    /// `Table::DDL` and `Table::SPEC`.
    pub ddl: &'static str,
    pub spec: Option<&'static str>,
    /// Whether rows can leave a column to its DEFAULT (see [`Rows::omitted`]).
    pub omittable: bool,
    /// The columns rows write, by position in the table: all but generated ones. The builders,
    /// and so the record batches, hold these in this order.
    pub written: &'static [usize],
    /// Every field as data (`codec::plan::fields`).
    pub fields: &'static [FieldPlan],
    /// The table's values computed once (its Arrow schema among them).
    pub statics: &'static TableStatics,
    pub builders: fn(usize) -> Box<dyn Any + Send>,
    pub finish: fn(&mut dyn Any) -> Vec<ArrayRef>,
}

impl TableShape {
    pub fn of<T: Table>() -> TableShape {
        TableShape {
            name: T::NAME,
            def: T::table_def(),
            ddl: T::DDL,
            spec: T::SPEC,
            omittable: T::OMITTABLE,
            written: T::table_statics().written(T::table_def()),
            fields: plan::fields::<T>(),
            statics: T::table_statics(),
            builders: columns::builders::<T>,
            finish: columns::finish::<T>,
        }
    }

    /// The Arrow schema of the record batches (built once per table).
    pub fn schema(&self) -> SchemaRef {
        plan::schema(self.statics, self.def, self.fields)
    }

    /// Whether rows write every column of the table (it has no generated column).
    pub fn writes_all(&self) -> bool {
        self.written.len() == self.def.columns.len()
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

impl<'a, T: Table> Slice<'a, T> {
    pub fn new(rows: &'a [T], first: usize) -> Self {
        Slice { rows, first }
    }
}

impl<T: Table> RowSource for Slice<'_, T> {
    fn shape(&self) -> TableShape {
        TableShape::of::<T>()
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn encode(&self, rows: Range<usize>, builders: &mut dyn Any) -> Result<(), ValueError> {
        let first = self.first + rows.start;
        at_row(columns::encode(self.rows, rows, builders), first)
    }

    fn omitted(&self, row: usize, mask: &mut [u64]) {
        self.rows[row].omitted(mask);
    }

    fn values(&self, row: usize) -> Result<Vec<Value>, ValueError> {
        at_row(columns::values(&self.rows[row]), self.first + row)
    }
}

/// `result` with its error's row (counted from 0 by the generated code, `None` for one row's
/// values) counted from `first` instead. A function, not a closure in the generic impl above, so
/// it is compiled once rather than once per table.
fn at_row<V>(result: Result<V, ValueError>, first: usize) -> Result<V, ValueError> {
    result.map_err(|mut e| {
        e.row = Some(first + e.row.unwrap_or(0));
        e
    })
}

/// A [`Slice`] of rows proven `Sync` ([`SharedRows`]): a source another thread may encode from.
/// Not generic: it forwards to the slice's own `RowSource`, so a table costs one vtable, not two.
pub(crate) struct SyncSource<'a>(&'a dyn RowSource);

// SAFETY: built only by `new`, from a `Slice<T>` and a `SharedRows<T>` of the same rows, which
// proves `T: Sync`; a `Slice<T>` holds a `&[T]` and an index, so it is `Sync` for such `T`, and
// sharing this wrapper is sharing a reference to it.
unsafe impl Sync for SyncSource<'_> {}

impl<'a> SyncSource<'a> {
    pub fn new<T: Table>(slice: &'a Slice<'a, T>, proof: SharedRows<'_, T>) -> Self {
        assert!(std::ptr::eq(slice.rows, proof.rows()), "duckspec bug: a proof for other rows");
        SyncSource(slice)
    }
}

impl RowSource for SyncSource<'_> {
    fn shape(&self) -> TableShape {
        self.0.shape()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn encode(&self, rows: Range<usize>, builders: &mut dyn Any) -> Result<(), ValueError> {
        self.0.encode(rows, builders)
    }

    fn omitted(&self, row: usize, mask: &mut [u64]) {
        self.0.omitted(row, mask)
    }

    fn values(&self, row: usize) -> Result<Vec<Value>, ValueError> {
        self.0.values(row)
    }
}

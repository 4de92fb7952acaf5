//! Rust field values to Arrow columns and back, one codec per field type: the typed, columnar
//! path under `insert_all`, [`Writer`](crate::Writer) and `select_all`.
//!
//! `#[derive(Table)]` picks a codec per field from the field's type: [`Native`] for the mapped
//! scalar types, [`Nullable`] around it for `Option<T>`, [`List`] / [`FixedList`] for `Vec<T>` /
//! `[T; N]`, [`Enum`] for a `SqlEnum`, and [`ViaToSql`] for a user type declared with
//! `#[column(sql_type = "…")]`. Writers fill Arrow builders straight from the fields (timestamps as
//! microsecond integers, UUIDs as 16 bytes, decimals as scaled integers), which duckdb's appender
//! copies into data chunks; only 128-bit integers and JSON travel as text, since Arrow has no type
//! DuckDB reads them from. A single-row `insert` binds [`Codec::to_value`] parameters to a
//! prepared `INSERT` instead, DuckDB's cheapest path for one row.

use std::fmt::Write as _;
use std::marker::PhantomData;
use std::sync::Arc;

use duckdb::arrow::array::{
    Array, ArrayBuilder, ArrayRef, AsArray, BinaryBuilder, BooleanArray, BooleanBuilder, Date32Builder,
    FixedSizeListArray, FixedSizeListBuilder, ListArray, ListBuilder, PrimitiveArray, PrimitiveBuilder,
    StringBuilder, Time64MicrosecondBuilder, TimestampMicrosecondBuilder,
};
use duckdb::arrow::buffer::NullBuffer;
use duckdb::arrow::datatypes::{
    ArrowPrimitiveType, DataType, Field, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimeUnit, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use duckdb::types::Value;
use duckspec_spec::SqlType;

use crate::error::ValueError;
use crate::traits::SqlEnum;

pub(crate) mod batches;
pub mod columns;
#[cfg(feature = "chrono")]
mod dates;
#[cfg(feature = "rust_decimal")]
mod decimal;
mod nested;
pub mod plan;
mod scalar;
#[cfg(feature = "time")]
mod time_crate;
mod via_to_sql;

/// The Arrow type of a scalar SQL type that has one DuckDB's appender and Parquet both take as
/// is (booleans, integers, floats, BLOB, DATE, TIME, microsecond TIMESTAMP and TIMESTAMPTZ);
/// `None` for every other type.
pub(crate) fn scalar_data_type(ty: &SqlType) -> Option<DataType> {
    Some(match ty {
        SqlType::Boolean => DataType::Boolean,
        SqlType::TinyInt => DataType::Int8,
        SqlType::SmallInt => DataType::Int16,
        SqlType::Integer => DataType::Int32,
        SqlType::BigInt => DataType::Int64,
        SqlType::UTinyInt => DataType::UInt8,
        SqlType::USmallInt => DataType::UInt16,
        SqlType::UInteger => DataType::UInt32,
        SqlType::UBigInt => DataType::UInt64,
        SqlType::Float => DataType::Float32,
        SqlType::Double => DataType::Float64,
        SqlType::Blob => DataType::Binary,
        SqlType::Date => DataType::Date32,
        SqlType::Time => DataType::Time64(TimeUnit::Microsecond),
        SqlType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, None),
        SqlType::TimestampTz => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        _ => return None,
    })
}

/// How values of type `T` become an Arrow column and come back. Implemented by marker types;
/// `#[derive(Table)]` names one per field.
#[diagnostic::on_unimplemented(
    message = "duckspec cannot store `{T}` in a column (no `{Self}` codec for it)",
    label = "this field's type",
    note = "chrono, time, uuid and rust_decimal types need duckspec's cargo feature of the same name",
    note = "a unit-only enum needs `#[derive(duckspec::SqlEnum)]`; any other type with `#[column(sql_type = \"…\")]` needs duckdb's `ToSql` and `FromSql`"
)]
pub trait Codec<T> {
    /// The Arrow builder values are appended to.
    type Builder: ArrayBuilder;
    /// A typed view of a column read back.
    type Reader;
    /// Whether a NULL reads as a value (`Option`).
    const NULLABLE: bool = false;

    /// The Arrow type written for a column of SQL type `column`.
    fn data_type(column: &SqlType) -> DataType;

    /// The Arrow field written for a column of SQL type `column`.
    fn field(name: &str, column: &SqlType, nullable: bool) -> Field {
        Field::new(name, Self::data_type(column), nullable)
    }

    /// The SQL type a read casts the column to before decoding (the Arrow type DuckDB exports for
    /// it must be the one [`Codec::reader`] expects).
    fn read_type(column: &SqlType) -> SqlType {
        column.clone()
    }

    /// An empty builder for `capacity` values.
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder;

    /// Appends one value.
    fn append(value: &T, builder: &mut Self::Builder) -> Result<(), String>;

    /// Appends a NULL.
    fn append_null(builder: &mut Self::Builder);

    /// The value as one statement parameter (the single-row `insert` binds a prepared `INSERT`).
    fn to_value(value: &T, column: &SqlType) -> Result<Value, String>;

    /// A typed view of `array`.
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String>;

    /// The value at `index`, which is not NULL unless [`Codec::NULLABLE`].
    fn read(reader: &Self::Reader, index: usize) -> Result<T, String>;

    // What the row paths call (`codec::columns`, `codec::plan`).

    /// `value` as a statement parameter, naming `column` on failure.
    fn value_named(value: &T, sql_type: &SqlType, column: &'static str) -> Result<Value, ValueError> {
        Self::to_value(value, sql_type).map_err(|message| ValueError { column, row: None, message })
    }
}

/// The mapped scalar types: integers, floats, `bool`, `String`, `Vec<u8>`, chrono, uuid,
/// serde_json and rust_decimal values.
pub struct Native;
/// `Option<T>`: NULL for `None`.
pub struct Nullable<C>(PhantomData<C>);
/// `Vec<T>` as `T[]`.
pub struct List<C>(PhantomData<C>);
/// `[T; N]` as `T[N]`.
pub struct FixedList<C>(PhantomData<C>);
/// A `#[derive(SqlEnum)]` enum, written as its label.
pub struct Enum;
/// A user type with `#[column(sql_type = "…")]`, through duckdb's `ToSql` and `FromSql`.
pub struct ViaToSql;

fn mismatch(array: &ArrayRef, expected: &str) -> String {
    format!("expected {expected} data, the database returned {}", array.data_type())
}

/// A microsecond TIMESTAMP or TIMESTAMPTZ column read back (chrono's and time's timestamps).
#[cfg(any(feature = "chrono", feature = "time"))]
fn timestamp_reader(array: &ArrayRef) -> Result<duckdb::arrow::array::TimestampMicrosecondArray, String> {
    match array.data_type() {
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            Ok(array.as_primitive::<duckdb::arrow::datatypes::TimestampMicrosecondType>().clone())
        }
        _ => Err(mismatch(array, "TIMESTAMP")),
    }
}

/// Strings as DuckDB exports them: `Utf8` or, when the connection asks for it, `Utf8View`.
pub enum Strings {
    /// `Utf8`.
    Utf8(duckdb::arrow::array::StringArray),
    /// `Utf8View`.
    View(duckdb::arrow::array::StringViewArray),
}

impl Strings {
    fn new(array: &ArrayRef) -> Result<Strings, String> {
        if let Some(array) = array.as_string_opt::<i32>() {
            Ok(Strings::Utf8(array.clone()))
        } else if let Some(array) = array.as_string_view_opt() {
            Ok(Strings::View(array.clone()))
        } else {
            Err(mismatch(array, "VARCHAR"))
        }
    }

    #[inline]
    fn get(&self, index: usize) -> &str {
        match self {
            Strings::Utf8(array) => array.value(index),
            Strings::View(array) => array.value(index),
        }
    }
}

/// The builders of a batch, downcast from the type-erased form the write path carries; the write
/// path always hands a table the builders that table made.
#[inline]
pub fn builders<B: 'static>(builders: &mut dyn std::any::Any) -> &mut B {
    builders.downcast_mut::<B>().expect("duckspec bug: a table was handed another table's builders")
}

/// One column of a batch read back, typed for its field. Called by generated code.
pub struct ColumnReader<C: Codec<T>, T> {
    /// The column's validity, taken once (asking the array per value is a dynamic call).
    nulls: Option<NullBuffer>,
    reader: C::Reader,
    column: &'static str,
    _value: PhantomData<fn() -> T>,
}

impl<C: Codec<T>, T> ColumnReader<C, T> {
    /// A reader of `array`, the column named `column`.
    pub fn new(array: &ArrayRef, column: &'static str) -> Result<Self, ValueError> {
        let reader = C::reader(array).map_err(|message| ValueError { column, row: None, message })?;
        Ok(ColumnReader { nulls: array.nulls().cloned(), reader, column, _value: PhantomData })
    }

    /// The value in row `index`.
    #[inline]
    pub fn get(&self, index: usize) -> Result<T, ValueError> {
        if !C::NULLABLE && self.nulls.as_ref().is_some_and(|nulls| nulls.is_null(index)) {
            return Err(ValueError {
                column: self.column,
                row: Some(index),
                message: "the value is NULL but the field is not an Option".to_string(),
            });
        }
        C::read(&self.reader, index).map_err(|message| ValueError {
            column: self.column,
            row: Some(index),
            message,
        })
    }
}

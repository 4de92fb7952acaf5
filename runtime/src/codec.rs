//! Rust field values to Arrow columns and back: the typed, columnar path under
//! [`Table::insert_all`](crate::Table::insert_all), [`Writer`](crate::Writer) and
//! [`Table::select_all`](crate::Table::select_all).
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
    Array, ArrayBuilder, ArrayRef, AsArray, BinaryBuilder, BooleanArray, BooleanBuilder, Date32Array,
    Date32Builder, Decimal128Array, Decimal128Builder, FixedSizeBinaryBuilder, FixedSizeListArray,
    FixedSizeListBuilder, ListArray, ListBuilder, PrimitiveArray, PrimitiveBuilder, StringBuilder,
    Time64MicrosecondArray, Time64MicrosecondBuilder, TimestampMicrosecondArray, TimestampMicrosecondBuilder,
};
use duckdb::arrow::datatypes::{
    ArrowPrimitiveType, DataType, Field, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimeUnit, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use duckdb::types::{TimeUnit as DuckTimeUnit, Value};
use duckspec_spec::SqlType;

use crate::table::SqlEnum;

/// Why one value could not be written to, or read from, its column.
#[derive(Debug)]
pub struct ValueError {
    /// The column.
    pub column: &'static str,
    /// The row within the batch being read, when reading.
    pub row: Option<usize>,
    /// What went wrong.
    pub message: String,
}

/// How values of type `T` become an Arrow column and come back. Implemented by marker types;
/// `#[derive(Table)]` names one per field.
#[diagnostic::on_unimplemented(
    message = "duckspec cannot store `{T}` in a column (no `{Self}` codec for it)",
    label = "this field's type",
    note = "chrono, uuid and rust_decimal types need duckspec's cargo feature of the same name",
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

macro_rules! primitive {
    ($($rust:ty => $arrow:ty, $sql:expr, $variant:ident;)*) => {$(
        impl Codec<$rust> for Native {
            type Builder = PrimitiveBuilder<$arrow>;
            type Reader = PrimitiveArray<$arrow>;

            fn data_type(_: &SqlType) -> DataType {
                <$arrow as ArrowPrimitiveType>::DATA_TYPE
            }
            fn read_type(_: &SqlType) -> SqlType {
                $sql
            }
            fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
                PrimitiveBuilder::with_capacity(capacity)
            }
            #[inline]
            fn append(value: &$rust, builder: &mut Self::Builder) -> Result<(), String> {
                builder.append_value(*value);
                Ok(())
            }
            fn append_null(builder: &mut Self::Builder) {
                builder.append_null();
            }
            fn to_value(value: &$rust, _: &SqlType) -> Result<Value, String> {
                Ok(Value::$variant(*value))
            }
            fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
                array.as_primitive_opt::<$arrow>().cloned().ok_or_else(|| mismatch(array, stringify!($rust)))
            }
            #[inline]
            fn read(reader: &Self::Reader, index: usize) -> Result<$rust, String> {
                Ok(reader.value(index))
            }
        }
    )*};
}

primitive! {
    i8 => Int8Type, SqlType::TinyInt, TinyInt;
    i16 => Int16Type, SqlType::SmallInt, SmallInt;
    i32 => Int32Type, SqlType::Integer, Int;
    i64 => Int64Type, SqlType::BigInt, BigInt;
    u8 => UInt8Type, SqlType::UTinyInt, UTinyInt;
    u16 => UInt16Type, SqlType::USmallInt, USmallInt;
    u32 => UInt32Type, SqlType::UInteger, UInt;
    u64 => UInt64Type, SqlType::UBigInt, UBigInt;
    f32 => Float32Type, SqlType::Float, Float;
    f64 => Float64Type, SqlType::Double, Double;
}

impl Codec<bool> for Native {
    type Builder = BooleanBuilder;
    type Reader = BooleanArray;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Boolean
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Boolean
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        BooleanBuilder::with_capacity(capacity)
    }
    #[inline]
    fn append(value: &bool, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(*value);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &bool, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Boolean(*value))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_boolean_opt().cloned().ok_or_else(|| mismatch(array, "BOOLEAN"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<bool, String> {
        Ok(reader.value(index))
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

/// Values written as text that DuckDB casts on append, read back from text: 128-bit integers
/// (Arrow has no 128-bit integer type DuckDB accepts).
macro_rules! via_text {
    ($($rust:ty => $sql:expr, $variant:ident;)*) => {$(
        impl Codec<$rust> for Native {
            type Builder = StringBuilder;
            type Reader = Strings;

            fn data_type(_: &SqlType) -> DataType {
                DataType::Utf8
            }
            fn read_type(_: &SqlType) -> SqlType {
                SqlType::Varchar
            }
            fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
                StringBuilder::with_capacity(capacity, capacity * 20)
            }
            fn append(value: &$rust, builder: &mut Self::Builder) -> Result<(), String> {
                write!(builder, "{value}").map_err(|e| e.to_string())?;
                builder.append_value("");
                Ok(())
            }
            fn append_null(builder: &mut Self::Builder) {
                builder.append_null();
            }
            fn to_value(value: &$rust, _: &SqlType) -> Result<Value, String> {
                Ok(Value::$variant(*value))
            }
            fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
                Strings::new(array)
            }
            fn read(reader: &Self::Reader, index: usize) -> Result<$rust, String> {
                let text = reader.get(index);
                text.parse().map_err(|e| format!("cannot read `{text}` as {}: {e}", stringify!($rust)))
            }
        }
    )*};
}

via_text! {
    i128 => SqlType::HugeInt, HugeInt;
    u128 => SqlType::UHugeInt, UHugeInt;
}

impl Codec<String> for Native {
    type Builder = StringBuilder;
    type Reader = Strings;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Utf8
    }
    fn read_type(column: &SqlType) -> SqlType {
        match column {
            SqlType::Varchar => SqlType::Varchar,
            // ENUM, JSON, UUID, … columns read into a `String` as their text.
            _ => SqlType::Varchar,
        }
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        StringBuilder::with_capacity(capacity, capacity * 16)
    }
    #[inline]
    fn append(value: &String, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &String, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Text(value.clone()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        Strings::new(array)
    }
    #[inline]
    fn read(reader: &Self::Reader, index: usize) -> Result<String, String> {
        Ok(reader.get(index).to_owned())
    }
}

impl Codec<Vec<u8>> for Native {
    type Builder = BinaryBuilder;
    type Reader = duckdb::arrow::array::BinaryArray;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Binary
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Blob
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        BinaryBuilder::with_capacity(capacity, capacity * 16)
    }
    fn append(value: &Vec<u8>, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &Vec<u8>, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Blob(value.clone()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_binary_opt::<i32>().cloned().ok_or_else(|| mismatch(array, "BLOB"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<Vec<u8>, String> {
        Ok(reader.value(index).to_vec())
    }
}

impl<T, C: Codec<T>> Codec<Option<T>> for Nullable<C> {
    type Builder = C::Builder;
    type Reader = (ArrayRef, C::Reader);
    const NULLABLE: bool = true;

    fn data_type(column: &SqlType) -> DataType {
        C::data_type(column)
    }
    fn field(name: &str, column: &SqlType, nullable: bool) -> Field {
        C::field(name, column, nullable)
    }
    fn read_type(column: &SqlType) -> SqlType {
        C::read_type(column)
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        C::builder(column, capacity)
    }
    #[inline]
    fn append(value: &Option<T>, builder: &mut Self::Builder) -> Result<(), String> {
        match value {
            Some(value) => C::append(value, builder),
            None => {
                C::append_null(builder);
                Ok(())
            }
        }
    }
    fn append_null(builder: &mut Self::Builder) {
        C::append_null(builder);
    }
    fn to_value(value: &Option<T>, column: &SqlType) -> Result<Value, String> {
        match value {
            Some(value) => C::to_value(value, column),
            None => Ok(Value::Null),
        }
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        Ok((array.clone(), C::reader(array)?))
    }
    #[inline]
    fn read(reader: &Self::Reader, index: usize) -> Result<Option<T>, String> {
        if reader.0.is_null(index) {
            Ok(None)
        } else {
            C::read(&reader.1, index).map(Some)
        }
    }
}

fn element_type(column: &SqlType) -> &SqlType {
    match column {
        SqlType::List(inner) | SqlType::Array(inner, _) => inner,
        other => other,
    }
}

fn item_field<T, C: Codec<T>>(column: &SqlType) -> Arc<Field> {
    Arc::new(C::field("item", element_type(column), true))
}

fn read_elements<T, C: Codec<T>>(
    values: &ArrayRef,
    reader: &C::Reader,
    range: std::ops::Range<usize>,
) -> Result<Vec<T>, String> {
    range
        .map(|j| {
            if !C::NULLABLE && values.is_null(j) {
                Err("a list element is NULL; declare the element type as Option<T>".to_string())
            } else {
                C::read(reader, j)
            }
        })
        .collect()
}

impl<T, C: Codec<T>> Codec<Vec<T>> for List<C> {
    type Builder = ListBuilder<C::Builder>;
    type Reader = (ListArray, ArrayRef, C::Reader);

    fn data_type(column: &SqlType) -> DataType {
        DataType::List(item_field::<T, C>(column))
    }
    fn read_type(column: &SqlType) -> SqlType {
        SqlType::List(Box::new(C::read_type(element_type(column))))
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        ListBuilder::with_capacity(C::builder(element_type(column), capacity * 4), capacity)
            .with_field(item_field::<T, C>(column))
    }
    fn append(value: &Vec<T>, builder: &mut Self::Builder) -> Result<(), String> {
        for item in value {
            C::append(item, builder.values())?;
        }
        builder.append(true);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append(false);
    }
    fn to_value(value: &Vec<T>, column: &SqlType) -> Result<Value, String> {
        let element = element_type(column);
        value.iter().map(|item| C::to_value(item, element)).collect::<Result<_, _>>().map(Value::List)
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        let list = array.as_list_opt::<i32>().cloned().ok_or_else(|| mismatch(array, "LIST"))?;
        let values = list.values().clone();
        let reader = C::reader(&values)?;
        Ok((list, values, reader))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<Vec<T>, String> {
        let offsets = reader.0.value_offsets();
        read_elements::<T, C>(&reader.1, &reader.2, offsets[index] as usize..offsets[index + 1] as usize)
    }
}

impl<T, C: Codec<T>, const N: usize> Codec<[T; N]> for FixedList<C> {
    type Builder = FixedSizeListBuilder<C::Builder>;
    type Reader = (FixedSizeListArray, ArrayRef, C::Reader);

    fn data_type(column: &SqlType) -> DataType {
        DataType::FixedSizeList(item_field::<T, C>(column), N as i32)
    }
    fn read_type(column: &SqlType) -> SqlType {
        SqlType::Array(Box::new(C::read_type(element_type(column))), N as u32)
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        FixedSizeListBuilder::with_capacity(
            C::builder(element_type(column), capacity * N),
            N as i32,
            capacity,
        )
        .with_field(item_field::<T, C>(column))
    }
    fn append(value: &[T; N], builder: &mut Self::Builder) -> Result<(), String> {
        for item in value {
            C::append(item, builder.values())?;
        }
        builder.append(true);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        for _ in 0..N {
            C::append_null(builder.values());
        }
        builder.append(false);
    }
    fn to_value(value: &[T; N], column: &SqlType) -> Result<Value, String> {
        let element = element_type(column);
        value.iter().map(|item| C::to_value(item, element)).collect::<Result<_, _>>().map(Value::Array)
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        let list = array.as_fixed_size_list_opt().cloned().ok_or_else(|| mismatch(array, "ARRAY"))?;
        if list.value_length() as usize != N {
            return Err(format!(
                "expected arrays of {N} elements, the database returned {}",
                list.value_length()
            ));
        }
        let values = list.values().clone();
        let reader = C::reader(&values)?;
        Ok((list, values, reader))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<[T; N], String> {
        let start = reader.0.value_offset_at(index);
        let items = read_elements::<T, C>(&reader.1, &reader.2, start..start + N)?;
        items.try_into().map_err(|_| format!("expected {N} elements"))
    }
}

impl<E: SqlEnum> Codec<E> for Enum {
    type Builder = StringBuilder;
    type Reader = Strings;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Utf8
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Varchar
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        StringBuilder::with_capacity(capacity, capacity * 8)
    }
    #[inline]
    fn append(value: &E, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value.as_sql_str());
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &E, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Text(value.as_sql_str().to_string()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        Strings::new(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<E, String> {
        let label = reader.get(index);
        E::from_sql_str(label).ok_or_else(|| format!("`{label}` is not a label of {}", E::SQL_TYPE))
    }
}

#[cfg(feature = "chrono")]
mod chrono_types {
    use super::*;
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

    /// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
    const UNIX_EPOCH_DAY_FROM_CE: i32 = 719_163;

    impl Codec<NaiveDate> for Native {
        type Builder = Date32Builder;
        type Reader = Date32Array;

        fn data_type(_: &SqlType) -> DataType {
            DataType::Date32
        }
        fn read_type(_: &SqlType) -> SqlType {
            SqlType::Date
        }
        fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
            Date32Builder::with_capacity(capacity)
        }
        #[inline]
        fn append(value: &NaiveDate, builder: &mut Self::Builder) -> Result<(), String> {
            use chrono::Datelike;
            builder.append_value(value.num_days_from_ce() - UNIX_EPOCH_DAY_FROM_CE);
            Ok(())
        }
        fn append_null(builder: &mut Self::Builder) {
            builder.append_null();
        }
        fn to_value(value: &NaiveDate, _: &SqlType) -> Result<Value, String> {
            use chrono::Datelike;
            Ok(Value::Date32(value.num_days_from_ce() - UNIX_EPOCH_DAY_FROM_CE))
        }
        fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
            array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "DATE"))
        }
        fn read(reader: &Self::Reader, index: usize) -> Result<NaiveDate, String> {
            let days = reader.value(index);
            NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_DAY_FROM_CE)
                .ok_or_else(|| format!("date {days} days from 1970-01-01 is out of chrono's range"))
        }
    }

    impl Codec<NaiveTime> for Native {
        type Builder = Time64MicrosecondBuilder;
        type Reader = Time64MicrosecondArray;

        fn data_type(_: &SqlType) -> DataType {
            DataType::Time64(TimeUnit::Microsecond)
        }
        fn read_type(_: &SqlType) -> SqlType {
            SqlType::Time
        }
        fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
            Time64MicrosecondBuilder::with_capacity(capacity)
        }
        #[inline]
        fn append(value: &NaiveTime, builder: &mut Self::Builder) -> Result<(), String> {
            // A leap second (nanosecond >= 1e9) is stored as the last microsecond of its second.
            let micros = (value.nanosecond() / 1_000).min(999_999);
            builder
                .append_value(i64::from(value.num_seconds_from_midnight()) * 1_000_000 + i64::from(micros));
            Ok(())
        }
        fn append_null(builder: &mut Self::Builder) {
            builder.append_null();
        }
        fn to_value(value: &NaiveTime, _: &SqlType) -> Result<Value, String> {
            let micros = (value.nanosecond() / 1_000).min(999_999);
            let micros = i64::from(value.num_seconds_from_midnight()) * 1_000_000 + i64::from(micros);
            Ok(Value::Time64(DuckTimeUnit::Microsecond, micros))
        }
        fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
            array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "TIME"))
        }
        fn read(reader: &Self::Reader, index: usize) -> Result<NaiveTime, String> {
            let micros = reader.value(index);
            NaiveTime::from_num_seconds_from_midnight_opt(
                (micros / 1_000_000) as u32,
                (micros % 1_000_000) as u32 * 1_000,
            )
            .ok_or_else(|| format!("time {micros} µs after midnight is out of range"))
        }
    }

    fn timestamp_reader(array: &ArrayRef) -> Result<TimestampMicrosecondArray, String> {
        match array.data_type() {
            DataType::Timestamp(TimeUnit::Microsecond, _) => {
                Ok(array.as_primitive::<duckdb::arrow::datatypes::TimestampMicrosecondType>().clone())
            }
            _ => Err(mismatch(array, "TIMESTAMP")),
        }
    }

    fn from_micros(micros: i64) -> Result<DateTime<Utc>, String> {
        DateTime::from_timestamp_micros(micros)
            .ok_or_else(|| format!("timestamp {micros} µs from 1970-01-01 is out of chrono's range"))
    }

    impl Codec<NaiveDateTime> for Native {
        type Builder = TimestampMicrosecondBuilder;
        type Reader = TimestampMicrosecondArray;

        fn data_type(_: &SqlType) -> DataType {
            DataType::Timestamp(TimeUnit::Microsecond, None)
        }
        fn read_type(_: &SqlType) -> SqlType {
            SqlType::Timestamp
        }
        fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
            TimestampMicrosecondBuilder::with_capacity(capacity)
        }
        #[inline]
        fn append(value: &NaiveDateTime, builder: &mut Self::Builder) -> Result<(), String> {
            builder.append_value(value.and_utc().timestamp_micros());
            Ok(())
        }
        fn append_null(builder: &mut Self::Builder) {
            builder.append_null();
        }
        fn to_value(value: &NaiveDateTime, _: &SqlType) -> Result<Value, String> {
            Ok(Value::Timestamp(DuckTimeUnit::Microsecond, value.and_utc().timestamp_micros()))
        }
        fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
            timestamp_reader(array)
        }
        fn read(reader: &Self::Reader, index: usize) -> Result<NaiveDateTime, String> {
            from_micros(reader.value(index)).map(|t| t.naive_utc())
        }
    }

    impl Codec<DateTime<Utc>> for Native {
        type Builder = TimestampMicrosecondBuilder;
        type Reader = TimestampMicrosecondArray;

        fn data_type(_: &SqlType) -> DataType {
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        }
        fn read_type(_: &SqlType) -> SqlType {
            SqlType::TimestampTz
        }
        fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
            TimestampMicrosecondBuilder::with_capacity(capacity).with_timezone("UTC")
        }
        #[inline]
        fn append(value: &DateTime<Utc>, builder: &mut Self::Builder) -> Result<(), String> {
            builder.append_value(value.timestamp_micros());
            Ok(())
        }
        fn append_null(builder: &mut Self::Builder) {
            builder.append_null();
        }
        fn to_value(value: &DateTime<Utc>, _: &SqlType) -> Result<Value, String> {
            Ok(Value::Timestamp(DuckTimeUnit::Microsecond, value.timestamp_micros()))
        }
        fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
            timestamp_reader(array)
        }
        fn read(reader: &Self::Reader, index: usize) -> Result<DateTime<Utc>, String> {
            from_micros(reader.value(index))
        }
    }
}

#[cfg(feature = "uuid")]
impl Codec<uuid::Uuid> for Native {
    type Builder = FixedSizeBinaryBuilder;
    type Reader = Strings;

    fn data_type(_: &SqlType) -> DataType {
        DataType::FixedSizeBinary(16)
    }
    fn field(name: &str, column: &SqlType, nullable: bool) -> Field {
        // The Arrow extension type duckdb's appender maps to UUID (plain 16 bytes would be BLOB).
        let metadata = [("ARROW:extension:name".to_string(), "arrow.uuid".to_string())];
        Field::new(name, <Self as Codec<uuid::Uuid>>::data_type(column), nullable)
            .with_metadata(metadata.into_iter().collect::<std::collections::HashMap<_, _>>())
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Varchar
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        FixedSizeBinaryBuilder::with_capacity(capacity, 16)
    }
    #[inline]
    fn append(value: &uuid::Uuid, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value.as_bytes()).map_err(|e| e.to_string())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &uuid::Uuid, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Text(value.hyphenated().to_string()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        Strings::new(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<uuid::Uuid, String> {
        let text = reader.get(index);
        uuid::Uuid::parse_str(text).map_err(|e| format!("cannot read `{text}` as a UUID: {e}"))
    }
}

impl Codec<serde_json::Value> for Native {
    type Builder = StringBuilder;
    type Reader = Strings;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Utf8
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Varchar
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        StringBuilder::with_capacity(capacity, capacity * 32)
    }
    fn append(value: &serde_json::Value, builder: &mut Self::Builder) -> Result<(), String> {
        write!(builder, "{value}").map_err(|e| e.to_string())?;
        builder.append_value("");
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &serde_json::Value, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Text(value.to_string()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        Strings::new(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<serde_json::Value, String> {
        let text = reader.get(index);
        serde_json::from_str(text).map_err(|e| format!("cannot read `{text}` as JSON: {e}"))
    }
}

#[cfg(feature = "rust_decimal")]
mod decimal {
    use super::*;
    use rust_decimal::Decimal;

    /// The width and scale written for a column; a non-DECIMAL `sql_type` gets the widest.
    fn width_scale(column: &SqlType) -> (u8, u8) {
        match column {
            SqlType::Decimal { width, scale } => (*width, *scale),
            _ => (38, 10),
        }
    }

    /// `value` at the column's scale, checked against its width. Extra digits round like
    /// DuckDB's own cast (half away from zero).
    fn fit(value: &Decimal, width: u8, scale: u8) -> Result<Decimal, String> {
        let mut scaled = *value;
        scaled.rescale(u32::from(scale));
        if scaled.scale() != u32::from(scale)
            || scaled.mantissa().unsigned_abs() >= 10u128.pow(u32::from(width))
        {
            return Err(format!("{value} does not fit DECIMAL({width},{scale})"));
        }
        Ok(scaled)
    }

    /// A `Decimal128Builder` that remembers its column's width and scale.
    pub struct DecimalBuilder {
        inner: Decimal128Builder,
        width: u8,
        scale: u8,
    }

    impl ArrayBuilder for DecimalBuilder {
        fn len(&self) -> usize {
            self.inner.len()
        }
        fn finish(&mut self) -> ArrayRef {
            Arc::new(self.inner.finish())
        }
        fn finish_cloned(&self) -> ArrayRef {
            Arc::new(self.inner.finish_cloned())
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
        fn into_box_any(self: Box<Self>) -> Box<dyn std::any::Any> {
            self
        }
    }

    impl Codec<Decimal> for Native {
        type Builder = DecimalBuilder;
        type Reader = Decimal128Array;

        fn data_type(column: &SqlType) -> DataType {
            let (width, scale) = width_scale(column);
            DataType::Decimal128(width, scale as i8)
        }
        fn read_type(column: &SqlType) -> SqlType {
            let (width, scale) = width_scale(column);
            SqlType::Decimal { width, scale }
        }
        fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
            let (width, scale) = width_scale(column);
            let inner = Decimal128Builder::with_capacity(capacity)
                .with_precision_and_scale(width, scale as i8)
                .expect("DECIMAL width and scale were validated when the type was parsed");
            DecimalBuilder { inner, width, scale }
        }
        #[inline]
        fn append(value: &Decimal, builder: &mut Self::Builder) -> Result<(), String> {
            let scaled = fit(value, builder.width, builder.scale)?;
            builder.inner.append_value(scaled.mantissa());
            Ok(())
        }
        fn append_null(builder: &mut Self::Builder) {
            builder.inner.append_null();
        }
        fn to_value(value: &Decimal, column: &SqlType) -> Result<Value, String> {
            let (width, scale) = width_scale(column);
            // Exact text at the column's scale; DuckDB casts it without rounding.
            Ok(Value::Text(fit(value, width, scale)?.to_string()))
        }
        fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
            array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "DECIMAL"))
        }
        fn read(reader: &Self::Reader, index: usize) -> Result<Decimal, String> {
            let (mantissa, scale) = (reader.value(index), reader.scale());
            Decimal::try_from_i128_with_scale(mantissa, scale as u32)
                .map_err(|e| format!("{mantissa}e-{scale} does not fit rust_decimal::Decimal: {e}"))
        }
    }
}

pub use via_to_sql::DynBuilder;

mod via_to_sql {
    use super::*;
    use duckdb::arrow::array::{make_builder, Float32Builder, Float64Builder};
    use duckdb::types::{FromSql, TimeUnit as DuckTimeUnit, ToSql, ToSqlOutput, ValueRef};

    /// A builder for a column whose Arrow type is only known at run time.
    pub struct DynBuilder {
        data_type: DataType,
        inner: Box<dyn ArrayBuilder>,
    }

    impl ArrayBuilder for DynBuilder {
        fn len(&self) -> usize {
            self.inner.len()
        }
        fn finish(&mut self) -> ArrayRef {
            self.inner.finish()
        }
        fn finish_cloned(&self) -> ArrayRef {
            self.inner.finish_cloned()
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
        fn into_box_any(self: Box<Self>) -> Box<dyn std::any::Any> {
            self
        }
    }

    /// The Arrow type a `ToSql` value of SQL type `column` is written as.
    fn dyn_data_type(column: &SqlType) -> DataType {
        match column {
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
            // Everything else travels as text and DuckDB casts it.
            _ => DataType::Utf8,
        }
    }

    fn micros(unit: DuckTimeUnit, value: i64) -> i64 {
        match unit {
            DuckTimeUnit::Second => value * 1_000_000,
            DuckTimeUnit::Millisecond => value * 1_000,
            DuckTimeUnit::Microsecond => value,
            DuckTimeUnit::Nanosecond => value / 1_000,
        }
    }

    fn integer(value: ValueRef<'_>) -> Option<i128> {
        Some(match value {
            ValueRef::TinyInt(v) => v.into(),
            ValueRef::SmallInt(v) => v.into(),
            ValueRef::Int(v) => v.into(),
            ValueRef::BigInt(v) => v.into(),
            ValueRef::HugeInt(v) => v,
            ValueRef::UTinyInt(v) => v.into(),
            ValueRef::USmallInt(v) => v.into(),
            ValueRef::UInt(v) => v.into(),
            ValueRef::UBigInt(v) => v.into(),
            _ => return None,
        })
    }

    fn push<B: 'static, V>(
        builder: &mut DynBuilder,
        value: Option<V>,
        append: impl FnOnce(&mut B, V),
        null: impl FnOnce(&mut B),
    ) -> Result<(), String> {
        let typed = builder.inner.as_any_mut().downcast_mut::<B>().expect("builder made by make_builder");
        match value {
            Some(value) => append(typed, value),
            None => null(typed),
        }
        Ok(())
    }

    macro_rules! append_int {
        ($builder:expr, $value:expr, $native:ty, $arrow:ty) => {{
            let value = match $value {
                None => None,
                Some(v) => Some(<$native>::try_from(v).map_err(|_| format!("{v} is out of range"))?),
            };
            push::<PrimitiveBuilder<$arrow>, $native>(
                $builder,
                value,
                |b, v| b.append_value(v),
                |b| b.append_null(),
            )
        }};
    }

    fn append_value(builder: &mut DynBuilder, value: ValueRef<'_>) -> Result<(), String> {
        let null = matches!(value, ValueRef::Null);
        let wrong =
            || format!("a {:?} value cannot be written to a {} column", value.data_type(), builder.data_type);
        let int = if null { None } else { Some(integer(value).ok_or_else(wrong)?) };
        match builder.data_type.clone() {
            DataType::Boolean => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Boolean(v) => Some(v),
                    _ => return Err(wrong()),
                };
                push::<BooleanBuilder, bool>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
            }
            DataType::Int8 => append_int!(builder, int, i8, Int8Type),
            DataType::Int16 => append_int!(builder, int, i16, Int16Type),
            DataType::Int32 => append_int!(builder, int, i32, Int32Type),
            DataType::Int64 => append_int!(builder, int, i64, Int64Type),
            DataType::UInt8 => append_int!(builder, int, u8, UInt8Type),
            DataType::UInt16 => append_int!(builder, int, u16, UInt16Type),
            DataType::UInt32 => append_int!(builder, int, u32, UInt32Type),
            DataType::UInt64 => append_int!(builder, int, u64, UInt64Type),
            DataType::Float32 => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Float(v) => Some(v),
                    _ => return Err(wrong()),
                };
                push::<Float32Builder, f32>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
            }
            DataType::Float64 => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Double(v) => Some(v),
                    ValueRef::Float(v) => Some(v.into()),
                    _ => return Err(wrong()),
                };
                push::<Float64Builder, f64>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
            }
            DataType::Binary => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Blob(v) => Some(v),
                    _ => return Err(wrong()),
                };
                push::<BinaryBuilder, &[u8]>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
            }
            DataType::Date32 => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Date32(v) => Some(v),
                    _ => return Err(wrong()),
                };
                push::<Date32Builder, i32>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
            }
            DataType::Time64(_) => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Time64(unit, v) => Some(micros(unit, v)),
                    _ => return Err(wrong()),
                };
                push::<Time64MicrosecondBuilder, i64>(
                    builder,
                    v,
                    |b, v| b.append_value(v),
                    |b| b.append_null(),
                )
            }
            DataType::Timestamp(..) => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Timestamp(unit, v) => Some(micros(unit, v)),
                    _ => return Err(wrong()),
                };
                push::<TimestampMicrosecondBuilder, i64>(
                    builder,
                    v,
                    |b, v| b.append_value(v),
                    |b| b.append_null(),
                )
            }
            _ => {
                let v = match value {
                    ValueRef::Null => None,
                    ValueRef::Text(v) => Some(std::str::from_utf8(v).map_err(|e| e.to_string())?.to_owned()),
                    ValueRef::Boolean(v) => Some(v.to_string()),
                    ValueRef::Float(v) => Some(v.to_string()),
                    ValueRef::Double(v) => Some(v.to_string()),
                    _ => match int {
                        Some(v) => Some(v.to_string()),
                        None => return Err(wrong()),
                    },
                };
                push::<StringBuilder, String>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
            }
        }
    }

    /// The value at `index` of `array` as duckdb's `ValueRef`, for `FromSql`.
    fn value_ref(array: &ArrayRef, index: usize) -> Result<ValueRef<'_>, String> {
        use duckdb::arrow::datatypes as t;
        if array.is_null(index) {
            return Ok(ValueRef::Null);
        }
        Ok(match array.data_type() {
            DataType::Boolean => ValueRef::Boolean(array.as_boolean().value(index)),
            DataType::Int8 => ValueRef::TinyInt(array.as_primitive::<t::Int8Type>().value(index)),
            DataType::Int16 => ValueRef::SmallInt(array.as_primitive::<t::Int16Type>().value(index)),
            DataType::Int32 => ValueRef::Int(array.as_primitive::<t::Int32Type>().value(index)),
            DataType::Int64 => ValueRef::BigInt(array.as_primitive::<t::Int64Type>().value(index)),
            DataType::UInt8 => ValueRef::UTinyInt(array.as_primitive::<t::UInt8Type>().value(index)),
            DataType::UInt16 => ValueRef::USmallInt(array.as_primitive::<t::UInt16Type>().value(index)),
            DataType::UInt32 => ValueRef::UInt(array.as_primitive::<t::UInt32Type>().value(index)),
            DataType::UInt64 => ValueRef::UBigInt(array.as_primitive::<t::UInt64Type>().value(index)),
            DataType::Float32 => ValueRef::Float(array.as_primitive::<t::Float32Type>().value(index)),
            DataType::Float64 => ValueRef::Double(array.as_primitive::<t::Float64Type>().value(index)),
            DataType::Utf8 => ValueRef::Text(array.as_string::<i32>().value(index).as_bytes()),
            DataType::Utf8View => ValueRef::Text(array.as_string_view().value(index).as_bytes()),
            DataType::Binary => ValueRef::Blob(array.as_binary::<i32>().value(index)),
            DataType::Date32 => ValueRef::Date32(array.as_primitive::<t::Date32Type>().value(index)),
            DataType::Time64(TimeUnit::Microsecond) => ValueRef::Time64(
                DuckTimeUnit::Microsecond,
                array.as_primitive::<t::Time64MicrosecondType>().value(index),
            ),
            DataType::Timestamp(TimeUnit::Microsecond, _) => ValueRef::Timestamp(
                DuckTimeUnit::Microsecond,
                array.as_primitive::<t::TimestampMicrosecondType>().value(index),
            ),
            other => return Err(format!("reading {other} columns through FromSql is not supported")),
        })
    }

    impl<T: ToSql + FromSql> Codec<T> for ViaToSql {
        type Builder = DynBuilder;
        type Reader = ArrayRef;

        fn data_type(column: &SqlType) -> DataType {
            dyn_data_type(column)
        }
        fn read_type(column: &SqlType) -> SqlType {
            match dyn_data_type(column) {
                DataType::Utf8 => SqlType::Varchar,
                _ => column.clone(),
            }
        }
        fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
            let data_type = dyn_data_type(column);
            let inner = match &data_type {
                // make_builder ignores a timestamp's zone; the array must carry it.
                DataType::Timestamp(_, Some(zone)) => {
                    Box::new(TimestampMicrosecondBuilder::with_capacity(capacity).with_timezone(zone.clone()))
                }
                other => make_builder(other, capacity),
            };
            DynBuilder { data_type, inner }
        }
        fn append(value: &T, builder: &mut Self::Builder) -> Result<(), String> {
            let output = value.to_sql().map_err(|e| e.to_string())?;
            let value = match &output {
                ToSqlOutput::Borrowed(value) => *value,
                ToSqlOutput::Owned(value) => ValueRef::from(value),
                _ => return Err("this ToSql output cannot be written to a column".to_string()),
            };
            append_value(builder, value)
        }
        fn append_null(builder: &mut Self::Builder) {
            append_value(builder, ValueRef::Null).expect("every column type accepts NULL");
        }
        fn to_value(value: &T, _: &SqlType) -> Result<Value, String> {
            match value.to_sql().map_err(|e| e.to_string())? {
                ToSqlOutput::Borrowed(value) => Ok(value.into()),
                ToSqlOutput::Owned(value) => Ok(value),
                _ => Err("this ToSql output cannot be written to a column".to_string()),
            }
        }
        fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
            Ok(array.clone())
        }
        fn read(reader: &Self::Reader, index: usize) -> Result<T, String> {
            T::column_result(value_ref(reader, index)?).map_err(|e| e.to_string())
        }
    }
}

/// `value` as a statement parameter, naming `column` on failure. Called by generated code.
pub fn value<C: Codec<T>, T>(
    value: &T,
    sql_type: &SqlType,
    column: &'static str,
) -> Result<Value, ValueError> {
    C::to_value(value, sql_type).map_err(|message| ValueError { column, row: None, message })
}

/// Appends `value` to `builder`, naming `column` on failure. Called by generated code.
#[inline]
pub fn append<C: Codec<T>, T>(
    value: &T,
    builder: &mut C::Builder,
    column: &'static str,
) -> Result<(), ValueError> {
    C::append(value, builder).map_err(|message| ValueError { column, row: None, message })
}

/// One column of a batch read back, typed for its field. Called by generated code.
pub struct ColumnReader<C: Codec<T>, T> {
    array: ArrayRef,
    reader: C::Reader,
    column: &'static str,
    _value: PhantomData<fn() -> T>,
}

impl<C: Codec<T>, T> ColumnReader<C, T> {
    /// A reader of `array`, the column named `column`.
    pub fn new(array: &ArrayRef, column: &'static str) -> Result<Self, ValueError> {
        let reader = C::reader(array).map_err(|message| ValueError { column, row: None, message })?;
        Ok(ColumnReader { array: array.clone(), reader, column, _value: PhantomData })
    }

    /// The value in row `index`.
    #[inline]
    pub fn get(&self, index: usize) -> Result<T, ValueError> {
        if !C::NULLABLE && self.array.is_null(index) {
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

//! A user type declared with `#[column(sql_type = "…")]`, through duckdb's `ToSql` and
//! `FromSql`: its values are converted to the column's Arrow type at run time.

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

/// The Arrow type a `ToSql` value of SQL type `column` is written as: the scalar's own, or text
/// that DuckDB casts.
fn dyn_data_type(column: &SqlType) -> DataType {
    super::scalar_data_type(column).unwrap_or(DataType::Utf8)
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
            push::<Time64MicrosecondBuilder, i64>(builder, v, |b, v| b.append_value(v), |b| b.append_null())
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

/// A type duckdb converts both ways: what a field declared with `sql_type` needs. One trait, so a
/// type lacking either conversion is one error on its field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored through `sql_type`: it needs duckdb's `ToSql` and `FromSql`",
    label = "this field's type",
    note = "implement `duckspec::duckdb::types::ToSql` and `FromSql` for it, or use a type duckspec maps (see `Table`)"
)]
pub trait SqlValue: ToSql + FromSql {}

#[diagnostic::do_not_recommend]
impl<T: ToSql + FromSql> SqlValue for T {}

impl<T: SqlValue> Codec<T> for ViaToSql {
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

//! The scalar types: integers, floats, `bool`, `String`, `Vec<u8>`, 128-bit integers, UUID and
//! JSON.

use super::*;

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

/// Values written as text that DuckDB casts on append, read back from text: 128-bit integers
/// (Arrow has no 128-bit integer type DuckDB accepts) and JSON. `$to_value` turns one into a
/// statement parameter.
macro_rules! via_text {
    ($($rust:ty => |$value:ident| $to_value:expr;)*) => {$(
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
            fn to_value($value: &$rust, _: &SqlType) -> Result<Value, String> {
                Ok($to_value)
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
    i128 => |value| Value::HugeInt(*value);
    u128 => |value| Value::UHugeInt(*value);
}

#[cfg(feature = "serde_json")]
via_text! {
    serde_json::Value => |value| Value::Text(value.to_string());
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

#[cfg(feature = "uuid")]
impl Codec<uuid::Uuid> for Native {
    type Builder = duckdb::arrow::array::FixedSizeBinaryBuilder;
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
        duckdb::arrow::array::FixedSizeBinaryBuilder::with_capacity(capacity, 16)
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

/// An IP address as its text (`127.0.0.1`, `::1`): a VARCHAR column, since the bundled DuckDB has
/// no `inet` extension (and loading one would need the network). Reading text that is not an
/// address is an error naming the value.
impl Codec<std::net::IpAddr> for Native {
    type Builder = <Native as Codec<String>>::Builder;
    type Reader = <Native as Codec<String>>::Reader;

    fn data_type(column: &SqlType) -> DataType {
        <Native as Codec<String>>::data_type(column)
    }
    fn read_type(column: &SqlType) -> SqlType {
        <Native as Codec<String>>::read_type(column)
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        <Native as Codec<String>>::builder(column, capacity)
    }
    #[inline]
    fn append(value: &std::net::IpAddr, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value.to_string());
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        <Native as Codec<String>>::append_null(builder)
    }
    fn to_value(value: &std::net::IpAddr, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Text(value.to_string()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        <Native as Codec<String>>::reader(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<std::net::IpAddr, String> {
        let text = reader.get(index);
        text.parse().map_err(|e| format!("{text:?} is not an IP address: {e}"))
    }
}

//! The Parquet schema a spec table is written as, and the conversion of Arrow columns (as the bulk
//! path builds them or as DuckDB exports them) into it. The spec decides: a column's SQL type
//! gives its Arrow type here, and the Parquet writer gives that its physical and logical type.
//!
//! | spec | Parquet |
//! |---|---|
//! | BOOLEAN, TINYINT … UBIGINT, FLOAT, DOUBLE | the same width, signed or not |
//! | VARCHAR, BLOB | UTF8 string, binary |
//! | DATE, TIME, TIME_NS | DATE, TIME(MICROS), TIME(NANOS) |
//! | TIMESTAMP / TIMESTAMPTZ | TIMESTAMP(MICROS), not / adjusted to UTC |
//! | TIMESTAMP_MS, TIMESTAMP_NS, TIMESTAMPTZ_NS | TIMESTAMP(MILLIS), (NANOS), (NANOS) adjusted to UTC |
//! | DECIMAL(p,s) | DECIMAL(p,s) |
//! | UUID | FIXED_LEN_BYTE_ARRAY(16), logical type UUID (text inside a list) |
//! | JSON | string, logical type JSON |
//! | ENUM | dictionary-encoded strings (Parquet has no ENUM; the labels are the spec's) |
//! | T[] / T[N] | LIST of T (Parquet has no fixed-size list) |
//! | STRUCT(…), MAP(K, V) | group of the fields, MAP of key and value (their fields as above) |
//! | HUGEINT, UHUGEINT | decimal text (no Parquet integer holds 128 bits) |
//! | anything else (INTERVAL, TIMESTAMP_S, UNION, BIT, …) | DuckDB's text of the value |
//!
//! Nullability is the spec's: a NOT NULL column is `REQUIRED`.

use std::collections::HashMap;
use std::sync::Arc;

use duckdb::arrow::array::{Array, ArrayRef, AsArray, FixedSizeBinaryBuilder};
use duckdb::arrow::compute::{cast_with_options, CastOptions};
use duckdb::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use duckspec_spec::{ColumnDef, SqlType, TableDef};

use crate::codec::scalar_data_type;
use parquet::arrow::ArrowSchemaConverter;
use parquet::basic::LogicalType;
use parquet::schema::types::{Type as ParquetType, TypePtr};

const EXTENSION: &str = "ARROW:extension:name";

/// The Arrow type a column of SQL type `ty` is written to Parquet as; `top` for a table column
/// (an ENUM is dictionary-encoded there, plain text inside a list).
fn lake_type(ty: &SqlType, top: bool) -> DataType {
    if let Some(scalar) = scalar_data_type(ty) {
        return scalar;
    }
    match ty {
        SqlType::TimestampMs => DataType::Timestamp(TimeUnit::Millisecond, None),
        SqlType::TimestampNs => DataType::Timestamp(TimeUnit::Nanosecond, None),
        SqlType::TimestampTzNs => DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
        SqlType::TimeNs => DataType::Time64(TimeUnit::Nanosecond),
        SqlType::Decimal { width, scale } => DataType::Decimal128(*width, *scale as i8),
        SqlType::Uuid if top => DataType::FixedSizeBinary(16),
        SqlType::Enum(_) if top => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        SqlType::List(inner) | SqlType::Array(inner, _) => {
            DataType::List(Arc::new(Field::new("item", lake_type(inner, false), true)))
        }
        SqlType::Struct(fields) => DataType::Struct(
            fields.iter().map(|(name, ty)| Field::new(name, lake_type(ty, false), true)).collect(),
        ),
        SqlType::Map(key, value) => DataType::Map(
            Arc::new(Field::new(
                "key_value",
                DataType::Struct(
                    vec![
                        Field::new("key", lake_type(key, false), false),
                        Field::new("value", lake_type(value, false), true),
                    ]
                    .into(),
                ),
                false,
            )),
            false,
        ),
        _ => DataType::Utf8,
    }
}

/// Whether a lake stores values of `ty` as text (HUGEINT, JSON, types with no Parquet
/// counterpart; an ENUM inside a list).
pub(crate) fn is_text_in_lake(ty: &SqlType, top: bool) -> bool {
    lake_type(ty, top) == DataType::Utf8
}

/// The Parquet field of a column, with the extension type that gives UUID and JSON their logical
/// types.
fn lake_field(column: &ColumnDef) -> Field {
    let field = Field::new(&column.name, lake_type(&column.sql_type, true), column.nullable);
    let extension = match column.sql_type {
        SqlType::Uuid => Some("arrow.uuid"),
        SqlType::Json => Some("arrow.json"),
        _ => None,
    };
    match extension {
        Some(name) => field.with_metadata(HashMap::from([(EXTENSION.to_string(), name.to_string())])),
        None => field,
    }
}

/// The columns a lake file holds: every column but generated ones (those are computed by the
/// engine that reads them, like DuckDB computes them on read).
pub(crate) fn lake_columns(def: &TableDef) -> impl Iterator<Item = &ColumnDef> {
    def.columns.iter().filter(|c| c.generated.is_none())
}

/// The Arrow schema of a table's lake files.
pub(crate) fn lake_schema(def: &TableDef) -> SchemaRef {
    Arc::new(Schema::new(lake_columns(def).map(lake_field).collect::<Vec<_>>()))
}

/// The Parquet schema of a table's lake files: parquet's conversion of [`lake_schema`], with the
/// logical types UUID and JSON on those columns (the parquet crate sets them only behind its
/// `arrow_canonical_extension_types` feature, which this crate cannot turn on without recompiling
/// DuckDB's C++; see the workspace Cargo.toml).
pub(crate) fn parquet_schema(def: &TableDef, schema: &Schema) -> Result<TypePtr, String> {
    let converted = ArrowSchemaConverter::new().convert(schema).map_err(|e| e.to_string())?;
    let root = converted.root_schema();
    let fields = root
        .get_fields()
        .iter()
        .zip(lake_columns(def))
        .map(|(field, column)| {
            let logical = match column.sql_type {
                SqlType::Uuid => LogicalType::Uuid,
                SqlType::Json => LogicalType::Json,
                _ => return Ok(field.clone()),
            };
            let info = field.get_basic_info();
            let mut builder = ParquetType::primitive_type_builder(info.name(), field.get_physical_type())
                .with_repetition(info.repetition())
                .with_logical_type(Some(logical));
            if let ParquetType::PrimitiveType { type_length, .. } = field.as_ref() {
                builder = builder.with_length(*type_length);
            }
            builder.build().map(Arc::new).map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let root = ParquetType::group_type_builder(root.name())
        .with_fields(fields)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(root))
}

/// `array`, a column of SQL type `column.sql_type` as the bulk path builds it or DuckDB exports
/// it, as its lake type. Text that is not a UUID, or a value that does not fit, is an error.
pub(crate) fn to_lake(array: &ArrayRef, column: &ColumnDef) -> Result<ArrayRef, String> {
    let target = lake_type(&column.sql_type, true);
    if array.data_type() == &target {
        return Ok(array.clone());
    }
    if target == DataType::FixedSizeBinary(16) {
        return uuids_from_text(array);
    }
    let options = CastOptions { safe: false, ..Default::default() };
    cast_with_options(array, &target, &options).map_err(|e| {
        format!("cannot write {} data as {target} for a {} column: {e}", array.data_type(), column.sql_type)
    })
}

/// UUID text (`a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11`, as DuckDB exports it) as 16 bytes each.
pub(crate) fn uuids_from_text(array: &ArrayRef) -> Result<ArrayRef, String> {
    let text = duckdb::arrow::compute::cast(array, &DataType::Utf8).map_err(|e| e.to_string())?;
    let text = text.as_string::<i32>();
    let mut builder = FixedSizeBinaryBuilder::with_capacity(text.len(), 16);
    for value in text.iter() {
        match value {
            None => builder.append_null(),
            Some(value) => match uuid::Uuid::parse_str(value) {
                Ok(id) => builder.append_value(id.as_bytes()).map_err(|e| e.to_string())?,
                Err(_) => return Err(format!("`{value}` is not a UUID")),
            },
        }
    }
    Ok(Arc::new(builder.finish()))
}

/// Two types agree when a reader sees the same values: dictionary encoding, string and binary
/// layouts (`LargeUtf8`, views) and list field names do not matter, units and time zones do.
pub(crate) fn same_type(expected: &DataType, actual: &DataType) -> bool {
    normalize(expected) == normalize(actual)
}

fn normalize(ty: &DataType) -> DataType {
    match ty {
        DataType::Dictionary(_, value) => normalize(value),
        DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
        DataType::LargeBinary | DataType::BinaryView => DataType::Binary,
        DataType::List(f) | DataType::LargeList(f) | DataType::ListView(f) | DataType::LargeListView(f) => {
            DataType::List(Arc::new(Field::new("item", normalize(f.data_type()), true)))
        }
        DataType::Struct(fields) => DataType::Struct(
            fields.iter().map(|f| Field::new(f.name(), normalize(f.data_type()), true)).collect(),
        ),
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(kv) if kv.len() == 2 => DataType::Map(
                Arc::new(Field::new(
                    "key_value",
                    DataType::Struct(
                        vec![
                            Field::new("key", normalize(kv[0].data_type()), false),
                            Field::new("value", normalize(kv[1].data_type()), true),
                        ]
                        .into(),
                    ),
                    false,
                )),
                false,
            ),
            _ => ty.clone(),
        },
        DataType::Timestamp(unit, Some(tz)) if tz.eq_ignore_ascii_case("utc") || tz.as_ref() == "+00:00" => {
            DataType::Timestamp(*unit, Some("UTC".into()))
        }
        other => other.clone(),
    }
}

/// The lake type a spec column is written as, for messages: `Int64`, `Dictionary(Int32, Utf8)`.
pub(crate) fn expected_type(column: &ColumnDef) -> DataType {
    lake_type(&column.sql_type, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use duckdb::arrow::array::{Decimal128Array, DictionaryArray, StringArray};
    use duckdb::arrow::datatypes::Int32Type;

    fn column(sql: &str) -> ColumnDef {
        ColumnDef::new("c", SqlType::parse(sql).unwrap())
    }

    #[test]
    fn enum_text_becomes_a_dictionary() {
        let array: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), None, Some("b"), Some("a")]));
        let out = to_lake(&array, &column("ENUM('a', 'b')")).unwrap();
        let dict = out.as_any().downcast_ref::<DictionaryArray<Int32Type>>().unwrap();
        assert_eq!(dict.values().len(), 2);
        assert!(dict.is_null(1));
    }

    #[test]
    fn uuid_text_becomes_sixteen_bytes_and_bad_text_is_an_error() {
        let array: ArrayRef = Arc::new(StringArray::from(vec!["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]));
        let out = to_lake(&array, &column("UUID")).unwrap();
        assert_eq!(out.as_fixed_size_binary().value(0)[..2], [0xa0, 0xee]);
        let bad: ArrayRef = Arc::new(StringArray::from(vec!["not-a-uuid"]));
        assert!(to_lake(&bad, &column("UUID")).unwrap_err().contains("not-a-uuid"));
    }

    #[test]
    fn hugeint_as_duckdb_exports_it_becomes_exact_text() {
        let array: ArrayRef =
            Arc::new(Decimal128Array::from(vec![i128::MAX / 2]).with_precision_and_scale(38, 0).unwrap());
        let out = to_lake(&array, &column("HUGEINT")).unwrap();
        assert_eq!(out.as_string::<i32>().value(0), (i128::MAX / 2).to_string());
    }

    #[test]
    fn layouts_do_not_matter_units_do() {
        let dict = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
        assert!(same_type(&DataType::Utf8, &dict));
        assert!(same_type(&DataType::LargeUtf8, &DataType::Utf8View));
        assert!(!same_type(
            &DataType::Timestamp(TimeUnit::Microsecond, None),
            &DataType::Timestamp(TimeUnit::Millisecond, None)
        ));
        assert!(!same_type(
            &DataType::Timestamp(TimeUnit::Microsecond, None),
            &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        ));
    }
}

//! The Iceberg schema a spec table is written as: one mapping from the spec's SQL types to
//! Iceberg's (beside the Parquet one in `lake/types.rs`), the field ids, the partition spec, and
//! the conversion of Arrow columns (as the bulk path builds them or DuckDB exports them) into the
//! Arrow types Iceberg's writer expects for those fields.
//!
//! | spec | Iceberg (format v2) |
//! |---|---|
//! | BOOLEAN | boolean |
//! | TINYINT, SMALLINT, INTEGER, UTINYINT, USMALLINT | int |
//! | BIGINT, UINTEGER | long |
//! | UBIGINT | decimal(20, 0) (no Iceberg integer holds 2^64 - 1) |
//! | FLOAT, DOUBLE | float, double |
//! | DECIMAL(p,s) | decimal(p, s) |
//! | VARCHAR, JSON, ENUM | string (an ENUM's labels are the spec's) |
//! | BLOB | binary |
//! | DATE, TIME | date, time |
//! | TIMESTAMP, TIMESTAMP_MS, TIMESTAMP_S | timestamp (microseconds, exact) |
//! | TIMESTAMPTZ | timestamptz |
//! | UUID | uuid |
//! | HUGEINT, UHUGEINT, INTERVAL, BIT, … | string: the lake's text of the value, as `lake` writes them |
//! | TIMESTAMP_NS, TIMESTAMPTZ_NS | refused: nanoseconds are Iceberg v3, which the engines here do not write |
//! | T[], T[N], STRUCT, MAP, UNION | refused for now (nested field ids are not mapped yet) |
//!
//! Field ids are the columns' positions, from 1, in the spec's order (generated columns are not
//! stored, as in the lake). NOT NULL is `required`. A column added later by `migrate` gets the
//! next id Iceberg assigns, so ids are stable under additive evolution; diff compares names,
//! order, types and `required`, never ids.

use std::sync::Arc;

use duckdb::arrow::array::{Array, ArrayRef};
use duckdb::arrow::compute::{cast_with_options, CastOptions};
use duckdb::arrow::datatypes::{DataType, TimeUnit};
use duckspec_spec::{ColumnDef, SqlType, TableDef};
use iceberg::spec::{
    NestedField, PrimitiveType, Schema as IcebergSchema, Transform, Type, UnboundPartitionSpec,
};

use crate::lake::{lake_columns, uuids_from_text, Partition};

/// The time zone Iceberg's Arrow schema gives `timestamptz` (UTC, spelled as an offset).
const UTC: &str = "+00:00";

/// The Iceberg type of a column of SQL type `ty`, or why it has none.
pub(crate) fn iceberg_type(ty: &SqlType) -> Result<PrimitiveType, String> {
    Ok(match ty {
        SqlType::Boolean => PrimitiveType::Boolean,
        SqlType::TinyInt | SqlType::SmallInt | SqlType::Integer | SqlType::UTinyInt | SqlType::USmallInt => {
            PrimitiveType::Int
        }
        SqlType::BigInt | SqlType::UInteger => PrimitiveType::Long,
        SqlType::UBigInt => PrimitiveType::Decimal { precision: 20, scale: 0 },
        SqlType::Float => PrimitiveType::Float,
        SqlType::Double => PrimitiveType::Double,
        SqlType::Decimal { width, scale } => {
            PrimitiveType::Decimal { precision: u32::from(*width), scale: u32::from(*scale) }
        }
        SqlType::Blob => PrimitiveType::Binary,
        SqlType::Date => PrimitiveType::Date,
        SqlType::Time => PrimitiveType::Time,
        SqlType::Timestamp | SqlType::TimestampMs | SqlType::TimestampS => PrimitiveType::Timestamp,
        SqlType::TimestampTz => PrimitiveType::Timestamptz,
        SqlType::Uuid => PrimitiveType::Uuid,
        SqlType::TimestampNs | SqlType::TimestampTzNs => {
            return Err(format!(
                "{ty} has no Iceberg v2 type (nanosecond timestamps are Iceberg v3); declare the column TIMESTAMP or TIMESTAMPTZ"
            ))
        }
        SqlType::List(_) | SqlType::Array(..) | SqlType::Struct(_) | SqlType::Map(..) | SqlType::Union(_) => {
            return Err(format!("{ty}: nested columns are not written to Iceberg yet"))
        }
        _ => PrimitiveType::String,
    })
}

/// The Arrow type Iceberg's writer takes for a column of SQL type `ty` (what
/// `iceberg::arrow::schema_to_arrow_schema` gives its Iceberg type), in duckdb's Arrow.
fn arrow_type(ty: &PrimitiveType) -> DataType {
    match ty {
        PrimitiveType::Boolean => DataType::Boolean,
        PrimitiveType::Int => DataType::Int32,
        PrimitiveType::Long => DataType::Int64,
        PrimitiveType::Float => DataType::Float32,
        PrimitiveType::Double => DataType::Float64,
        PrimitiveType::Decimal { precision, scale } => DataType::Decimal128(*precision as u8, *scale as i8),
        PrimitiveType::Date => DataType::Date32,
        PrimitiveType::Time => DataType::Time64(TimeUnit::Microsecond),
        PrimitiveType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, None),
        PrimitiveType::Timestamptz => DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into())),
        PrimitiveType::Uuid => DataType::FixedSizeBinary(16),
        PrimitiveType::Binary => DataType::LargeBinary,
        _ => DataType::Utf8,
    }
}

/// The Iceberg schema of a spec table: its stored columns with ids from 1, `required` for NOT
/// NULL, the column comment as the field's doc.
pub(crate) fn iceberg_schema(def: &TableDef) -> Result<IcebergSchema, String> {
    let fields = lake_columns(def)
        .enumerate()
        .map(|(index, column)| {
            let ty = iceberg_type(&column.sql_type)
                .map_err(|e| format!("column {}.{}: {e}", def.display_name(), column.name))?;
            let mut field =
                NestedField::new(index as i32 + 1, &column.name, Type::Primitive(ty), !column.nullable);
            if let Some(comment) = &column.comment {
                field = field.with_doc(comment);
            }
            Ok(Arc::new(field))
        })
        .collect::<Result<Vec<_>, String>>()?;
    IcebergSchema::builder().with_fields(fields).build().map_err(|e| e.to_string())
}

/// The name and transform of a partition level in Iceberg's terms: `Partition::day(c)` is the
/// `day` transform of `c` (field `c_day`), `Partition::column(c)` is `identity` (field `c`).
pub(crate) fn partition_field(partition: &Partition) -> (String, Transform) {
    match partition {
        Partition::Day(column) => (format!("{column}_day"), Transform::Day),
        Partition::Column(column) => (column.clone(), Transform::Identity),
    }
}

/// The partition spec of a table: those of `partitions` whose columns it has, outermost first.
/// `day` needs a DATE or timestamp column.
pub(crate) fn partition_spec(
    def: &TableDef,
    schema: &IcebergSchema,
    partitions: &[Partition],
) -> Result<UnboundPartitionSpec, String> {
    let mut spec = UnboundPartitionSpec::builder();
    for partition in partitions {
        let Some(column) = def.column(partition.source()) else { continue };
        let Some(field) = schema.field_by_name(&column.name) else {
            return Err(format!("a generated column ({}) cannot partition a table", column.name));
        };
        if matches!(partition, Partition::Day(_))
            && !matches!(
                column.sql_type,
                SqlType::Date
                    | SqlType::Timestamp
                    | SqlType::TimestampTz
                    | SqlType::TimestampMs
                    | SqlType::TimestampS
            )
        {
            return Err(format!(
                "day({}) needs a DATE or TIMESTAMP column; {}.{} is {}",
                column.name,
                def.display_name(),
                column.name,
                column.sql_type
            ));
        }
        let (name, transform) = partition_field(partition);
        spec = spec.add_partition_field(field.id, name, transform).map_err(|e| e.to_string())?;
    }
    Ok(spec.build())
}

/// `array`, a column as the bulk path builds it or DuckDB exports it, in the Arrow type Iceberg's
/// writer takes for `column` (still duckdb's Arrow; `bridge` moves it across). Text that is not
/// a UUID, or a value that does not fit (a UBIGINT needs 20 digits: it fits), is an error.
pub(crate) fn to_iceberg(array: &ArrayRef, column: &ColumnDef) -> Result<ArrayRef, String> {
    let ty = iceberg_type(&column.sql_type)?;
    let target = arrow_type(&ty);
    if array.data_type() == &target {
        return Ok(array.clone());
    }
    if target == DataType::FixedSizeBinary(16) {
        return match array.data_type() {
            DataType::FixedSizeBinary(16) => Ok(array.clone()),
            _ => uuids_from_text(array),
        };
    }
    let options = CastOptions { safe: false, ..Default::default() };
    cast_with_options(array, &target, &options).map_err(|e| {
        format!(
            "cannot write {} data as Iceberg {ty} for a {} column: {e}",
            array.data_type(),
            column.sql_type
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use duckdb::arrow::array::{AsArray, StringArray, TimestampMicrosecondArray, UInt64Array};

    fn column(sql: &str) -> ColumnDef {
        ColumnDef::new("c", SqlType::parse(sql).unwrap())
    }

    #[test]
    fn every_scalar_the_lake_writes_has_an_iceberg_type_or_a_reason() {
        for sql in [
            "BOOLEAN",
            "TINYINT",
            "UBIGINT",
            "HUGEINT",
            "DECIMAL(9,2)",
            "VARCHAR",
            "JSON",
            "BLOB",
            "DATE",
            "TIME",
            "TIMESTAMP",
            "TIMESTAMPTZ",
            "UUID",
            "INTERVAL",
            "ENUM('a')",
        ] {
            assert!(iceberg_type(&SqlType::parse(sql).unwrap()).is_ok(), "{sql}");
        }
        let ns = iceberg_type(&SqlType::parse("TIMESTAMP_NS").unwrap()).unwrap_err();
        assert!(ns.contains("Iceberg v3"), "{ns}");
        assert!(iceberg_type(&SqlType::parse("INTEGER[]").unwrap()).unwrap_err().contains("nested"));
    }

    #[test]
    fn ubigint_max_fits_its_decimal_and_utc_is_iceberg_offset() {
        let array: ArrayRef = Arc::new(UInt64Array::from(vec![u64::MAX]));
        let out = to_iceberg(&array, &column("UBIGINT")).unwrap();
        assert_eq!(out.as_primitive::<duckdb::arrow::datatypes::Decimal128Type>().value(0), u64::MAX as i128);
        let ts: ArrayRef = Arc::new(TimestampMicrosecondArray::from(vec![7]).with_timezone("UTC"));
        let out = to_iceberg(&ts, &column("TIMESTAMPTZ")).unwrap();
        assert_eq!(out.data_type(), &DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into())));
    }

    #[test]
    fn bad_uuid_text_is_an_error_naming_it() {
        let array: ArrayRef = Arc::new(StringArray::from(vec!["nope"]));
        assert!(to_iceberg(&array, &column("UUID")).unwrap_err().contains("nope"));
    }
}

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
//! | T[], T[N] | list (elements optional; inside a list a UUID or an ENUM is its text, as in the lake) |
//! | STRUCT(…), MAP(K, V) | struct of optional fields, map of required keys and optional values |
//! | TIMESTAMP_NS, TIMESTAMPTZ_NS, TIME_NS | refused: nanoseconds are Iceberg v3, which the engines here do not all read |
//! | UNION | refused (Iceberg has no union) |
//!
//! Field ids are the columns' positions, from 1, in the spec's order (generated columns are not
//! stored, as in the lake), then the nested fields' in depth-first order. NOT NULL is
//! `required`. A column added later by `migrate` gets the
//! next id Iceberg assigns, so ids are stable under additive evolution; diff compares names,
//! order, types and `required`, never ids.

use std::sync::Arc;

use duckdb::arrow::array::{Array, ArrayRef};
use duckdb::arrow::compute::{cast_with_options, CastOptions};
use duckdb::arrow::datatypes::DataType;
use duckspec_spec::{ColumnDef, SqlType, TableDef};
use iceberg::spec::{
    ListType, MapType, NestedField, NestedFieldRef, PrimitiveType, Schema as IcebergSchema, StructType,
    Transform, Type, UnboundPartitionSpec,
};

use crate::lake::{lake_columns, uuids_from_text, Partition};

/// The Iceberg type of a column of SQL type `ty` (`top` for a table column: inside a nested
/// type a UUID or an ENUM is text), nested fields numbered from `next_id`; or why it has none.
pub(crate) fn iceberg_type(ty: &SqlType, top: bool, next_id: &mut i32) -> Result<Type, String> {
    let mut id = || {
        let this = *next_id;
        *next_id += 1;
        this
    };
    let primitive = match ty {
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
        SqlType::Uuid if top => PrimitiveType::Uuid,
        SqlType::TimestampNs | SqlType::TimestampTzNs | SqlType::TimeNs => {
            return Err(format!(
                "{ty} has no Iceberg v2 type (nanoseconds are Iceberg v3); declare the column with microseconds (TIMESTAMP, TIMESTAMPTZ, TIME)"
            ))
        }
        SqlType::Union(_) => return Err(format!("{ty}: Iceberg has no union type")),
        SqlType::List(inner) | SqlType::Array(inner, _) => {
            let element_id = id();
            let element = iceberg_type(inner, false, next_id)?;
            return Ok(Type::List(ListType::new(Arc::new(NestedField::list_element(element_id, element, false)))));
        }
        SqlType::Struct(fields) => {
            let ids: Vec<i32> = fields.iter().map(|_| id()).collect();
            let fields = fields
                .iter()
                .zip(ids)
                .map(|((name, ty), field_id)| {
                    Ok(Arc::new(NestedField::optional(field_id, name, iceberg_type(ty, false, next_id)?)))
                })
                .collect::<Result<Vec<NestedFieldRef>, String>>()?;
            return Ok(Type::Struct(StructType::new(fields)));
        }
        SqlType::Map(key, value) => {
            let (key_id, value_id) = (id(), id());
            let key = iceberg_type(key, false, next_id)?;
            let value = iceberg_type(value, false, next_id)?;
            return Ok(Type::Map(MapType::new(
                Arc::new(NestedField::map_key_element(key_id, key)),
                Arc::new(NestedField::map_value_element(value_id, value, false)),
            )));
        }
        _ => PrimitiveType::String,
    };
    Ok(Type::Primitive(primitive))
}

/// The Iceberg type of a table column (nested ids from 1: for comparing and messages, where ids
/// do not matter).
pub(crate) fn column_type(ty: &SqlType) -> Result<Type, String> {
    iceberg_type(ty, true, &mut 1)
}

/// Two Iceberg types are the same when a reader sees the same values: field ids do not matter,
/// names, `required` and element types do.
pub(crate) fn same_type(a: &Type, b: &Type) -> bool {
    let same_field = |a: &NestedField, b: &NestedField| {
        a.name == b.name && a.required == b.required && same_type(&a.field_type, &b.field_type)
    };
    match (a, b) {
        (Type::Primitive(a), Type::Primitive(b)) => a == b,
        (Type::List(a), Type::List(b)) => same_field(&a.element_field, &b.element_field),
        (Type::Map(a), Type::Map(b)) => {
            same_field(&a.key_field, &b.key_field) && same_field(&a.value_field, &b.value_field)
        }
        (Type::Struct(a), Type::Struct(b)) => {
            a.fields().len() == b.fields().len()
                && a.fields().iter().zip(b.fields()).all(|(a, b)| same_field(a, b))
        }
        _ => false,
    }
}

/// An Iceberg type as messages show it: `long`, `list<string>`, `map<string, list<int>>`,
/// `struct<a: int, b: string>` (Iceberg's own text of a list or map is only its kind).
pub(crate) fn describe(ty: &Type) -> String {
    match ty {
        Type::Primitive(p) => p.to_string(),
        Type::List(list) => format!("list<{}>", describe(&list.element_field.field_type)),
        Type::Map(map) => {
            format!("map<{}, {}>", describe(&map.key_field.field_type), describe(&map.value_field.field_type))
        }
        Type::Struct(s) => {
            let fields: Vec<String> =
                s.fields().iter().map(|f| format!("{}: {}", f.name, describe(&f.field_type))).collect();
            format!("struct<{}>", fields.join(", "))
        }
    }
}

/// The Iceberg schema of a spec table: its stored columns with ids from 1 (nested fields after
/// them), `required` for NOT NULL, the column comment as the field's doc.
pub(crate) fn iceberg_schema(def: &TableDef) -> Result<IcebergSchema, String> {
    let columns: Vec<&ColumnDef> = lake_columns(def).collect();
    let mut next_id = columns.len() as i32 + 1;
    let fields = columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let ty = iceberg_type(&column.sql_type, true, &mut next_id)
                .map_err(|e| format!("column {}.{}: {e}", def.display_name(), column.name))?;
            let mut field = NestedField::new(index as i32 + 1, &column.name, ty, !column.nullable);
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
/// `day` needs a DATE or timestamp column, `identity` a column of a primitive type.
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
        let day_source = matches!(
            column.sql_type,
            SqlType::Date
                | SqlType::Timestamp
                | SqlType::TimestampTz
                | SqlType::TimestampMs
                | SqlType::TimestampS
        );
        if matches!(partition, Partition::Day(_)) && !day_source {
            return Err(format!(
                "day({}) needs a DATE or TIMESTAMP column; {}.{} is {}",
                column.name,
                def.display_name(),
                column.name,
                column.sql_type
            ));
        }
        if !field.field_type.is_primitive() {
            return Err(format!(
                "{}.{} is {}: only a column of a scalar type partitions a table",
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

/// `array`, a column as the bulk path builds it or DuckDB exports it, as `target`: the Arrow
/// type Iceberg's writer takes for the column (still duckdb's Arrow; `bridge` moves it across).
/// Text that is not a UUID, or a value that does not fit, is an error.
pub(crate) fn to_iceberg(
    array: &ArrayRef,
    target: &DataType,
    column: &ColumnDef,
) -> Result<ArrayRef, String> {
    if array.data_type() == target {
        return Ok(array.clone());
    }
    if target == &DataType::FixedSizeBinary(16) {
        return uuids_from_text(array);
    }
    let options = CastOptions { safe: false, ..Default::default() };
    cast_with_options(array, target, &options).map_err(|e| {
        format!("cannot write {} data as {target} for a {} column: {e}", array.data_type(), column.sql_type)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(sql: &str) -> Result<Type, String> {
        column_type(&SqlType::parse(sql).unwrap())
    }

    #[test]
    fn every_type_duckspec_maps_has_an_iceberg_type_or_a_reason() {
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
            "VARCHAR[]",
            "FLOAT[3]",
            "STRUCT(a INTEGER, b UUID[])",
            "MAP(VARCHAR, INTEGER[])",
        ] {
            assert!(ty(sql).is_ok(), "{sql}");
        }
        assert!(ty("TIMESTAMP_NS").unwrap_err().contains("Iceberg v3"));
        assert!(ty("UNION(a INTEGER)").unwrap_err().contains("union"));
        assert!(ty("STRUCT(a TIMESTAMP_NS)").is_err());
        assert_eq!(describe(&ty("MAP(VARCHAR, UUID[])").unwrap()), "map<string, list<string>>");
        assert_eq!(describe(&ty("UBIGINT").unwrap()), "decimal(20, 0)");
    }

    #[test]
    fn nested_ids_follow_the_columns_and_do_not_decide_sameness() {
        let mut def = TableDef::new("t");
        def.columns.push(ColumnDef::new("a", SqlType::parse("INTEGER[]").unwrap()));
        def.columns.push(ColumnDef::new("b", SqlType::parse("STRUCT(x INTEGER, y VARCHAR)").unwrap()));
        let schema = iceberg_schema(&def).unwrap();
        let ids: Vec<i32> = schema.as_struct().fields().iter().map(|f| f.id).collect();
        assert_eq!(ids, [1, 2]);
        assert_eq!(schema.highest_field_id(), 5);
        let b = &schema.as_struct().fields()[1].field_type;
        assert!(same_type(b, &ty("STRUCT(x INTEGER, y VARCHAR)").unwrap()));
        assert!(!same_type(b, &ty("STRUCT(x INTEGER, y INTEGER)").unwrap()));
        assert!(!same_type(b, &ty("STRUCT(y VARCHAR, x INTEGER)").unwrap()));
    }
}

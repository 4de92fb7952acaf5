//! A sample row for any table: one SQL value per column type, made by DuckDB itself (`CAST`s of
//! literals), so a test can fill a table it has never seen and read the row back through its
//! struct. Values are the same for the same type, which keeps single-column foreign keys between
//! sample rows satisfied.

use duckspec::spec::{quote_ident, SqlType, TableDef};

/// A SQL expression of type `ty` that is not NULL (NULL only for the `NULL` type).
pub fn sample_value(ty: &SqlType) -> String {
    let literal = match ty {
        SqlType::Boolean => "true".to_string(),
        SqlType::TinyInt | SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => "42".to_string(),
        SqlType::UTinyInt | SqlType::USmallInt | SqlType::UInteger | SqlType::UBigInt => "7".to_string(),
        SqlType::HugeInt => "-170141183460469231731687303715884105728".to_string(),
        SqlType::UHugeInt => "340282366920938463463374607431768211455".to_string(),
        SqlType::Float | SqlType::Double => "1.5".to_string(),
        SqlType::Decimal { scale, .. } => if *scale > 0 { "1.5" } else { "2" }.to_string(),
        SqlType::Varchar => "'duck ''quoted'' 🦆'".to_string(),
        SqlType::Blob => "'\\x00\\xFFab'".to_string(),
        SqlType::Bit => "'10110'".to_string(),
        SqlType::BigNum => "123456789012345678901234567890".to_string(),
        SqlType::Date => "'2024-02-29'".to_string(),
        SqlType::Time | SqlType::TimeNs => "'12:34:56.789'".to_string(),
        SqlType::TimeTz => "'12:34:56+02:00'".to_string(),
        SqlType::Timestamp
        | SqlType::TimestampS
        | SqlType::TimestampMs
        | SqlType::TimestampNs
        | SqlType::TimestampTz
        | SqlType::TimestampTzNs => "'2024-02-29 12:34:56'".to_string(),
        SqlType::Interval => "'1 day 2 hours'".to_string(),
        SqlType::Uuid => "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'".to_string(),
        SqlType::Json => "'{\"a\": [1, 2]}'".to_string(),
        SqlType::Enum(labels) => {
            format!("'{}'", labels.first().map(|l| l.replace('\'', "''")).unwrap_or_default())
        }
        SqlType::List(inner) => format!("[{}]", sample_value(inner)),
        SqlType::Array(inner, size) => {
            format!("[{}]", vec![sample_value(inner); *size as usize].join(", "))
        }
        SqlType::Struct(fields) => format!(
            "{{{}}}",
            fields
                .iter()
                .map(|(name, ty)| format!("'{}': {}", name.replace('\'', "''"), sample_value(ty)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        SqlType::Map(key, value) => format!("MAP {{{}: {}}}", sample_value(key), sample_value(value)),
        SqlType::Union(members) => match members.first() {
            Some((tag, ty)) => format!("union_value({} := {})", quote_ident(tag), sample_value(ty)),
            None => "NULL".to_string(),
        },
        SqlType::Variant => "42".to_string(),
        _ => "NULL".to_string(),
    };
    format!("CAST({literal} AS {ty})")
}

/// `INSERT INTO t (…) VALUES (…)` with a sample value for every column that is written (generated
/// columns are computed by DuckDB).
pub fn sample_insert(table: &TableDef) -> String {
    let columns: Vec<_> = table.columns.iter().filter(|c| c.generated.is_none()).collect();
    if columns.is_empty() {
        return format!("INSERT INTO {} DEFAULT VALUES", table.qualified_name());
    }
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.qualified_name(),
        columns.iter().map(|c| quote_ident(&c.name)).collect::<Vec<_>>().join(", "),
        columns.iter().map(|c| sample_value(&c.sql_type)).collect::<Vec<_>>().join(", ")
    )
}

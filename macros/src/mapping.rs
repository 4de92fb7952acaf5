//! Rust field types to DuckDB types.

use duckspec_spec::SqlType;
use syn::{Expr, GenericArgument, Lit, PathArguments, Type};

/// How a field's Rust type maps.
pub enum Mapping {
    /// A type duckspec knows.
    Known(SqlType),
    /// A type duckspec cannot map by itself (a `SqlEnum`, a user type): its SQL type comes from
    /// `sql_type` or, for an enum, from the spec.
    Unknown,
}

/// `Vec<T>` → `Some(T)`.
pub fn vec_element(ty: &Type) -> Option<&Type> {
    generic_argument(ty, "Vec")
}

/// `Option<T>` → `Some(T)`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_argument(ty, "Option")
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        Type::Group(group) => last_segment(&group.elem),
        _ => None,
    }
}

fn generic_argument<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let segment = last_segment(ty)?;
    if segment.ident != name {
        return None;
    }
    match &segment.arguments {
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            GenericArgument::Type(inner) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

fn path_text(ty: &Type) -> String {
    match ty {
        Type::Path(path) => {
            path.path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
        }
        _ => String::new(),
    }
}

/// The SQL type of a (non-`Option`) Rust type.
pub fn map_type(ty: &Type) -> Mapping {
    if let Type::Array(array) = ty {
        let size = match &array.len {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Int(int) => int.base10_parse::<u32>().ok(),
                _ => None,
            },
            _ => None,
        };
        return match (map_type(&array.elem), size) {
            (Mapping::Known(inner), Some(size)) if size > 0 => {
                Mapping::Known(SqlType::Array(Box::new(inner), size))
            }
            _ => Mapping::Unknown,
        };
    }
    if let Some(inner) = generic_argument(ty, "Vec") {
        if last_segment(inner).is_some_and(|s| s.ident == "u8" && s.arguments.is_none()) {
            return Mapping::Known(SqlType::Blob);
        }
        // A list may hold NULLs: `Vec<Option<T>>` is a `T[]` too.
        let element = option_inner(inner).unwrap_or(inner);
        return match map_type(element) {
            Mapping::Known(inner) => Mapping::Known(SqlType::List(Box::new(inner))),
            Mapping::Unknown => Mapping::Unknown,
        };
    }
    if let Some(zone) = generic_argument(ty, "DateTime") {
        return if last_segment(zone).is_some_and(|s| s.ident == "Utc") {
            Mapping::Known(SqlType::TimestampTz)
        } else {
            Mapping::Unknown
        };
    }
    let Some(segment) = last_segment(ty) else {
        return Mapping::Unknown;
    };
    if !segment.arguments.is_none() {
        return Mapping::Unknown;
    }
    let path = path_text(ty);
    let sql_type = match segment.ident.to_string().as_str() {
        "bool" => SqlType::Boolean,
        "i8" => SqlType::TinyInt,
        "i16" => SqlType::SmallInt,
        "i32" => SqlType::Integer,
        "i64" => SqlType::BigInt,
        "i128" => SqlType::HugeInt,
        "u8" => SqlType::UTinyInt,
        "u16" => SqlType::USmallInt,
        "u32" => SqlType::UInteger,
        "u64" => SqlType::UBigInt,
        "u128" => SqlType::UHugeInt,
        "f32" => SqlType::Float,
        "f64" => SqlType::Double,
        "String" => SqlType::Varchar,
        "NaiveDate" => SqlType::Date,
        "NaiveTime" => SqlType::Time,
        "NaiveDateTime" => SqlType::Timestamp,
        "Uuid" => SqlType::Uuid,
        "Value" if path == "Value" || path == "serde_json::Value" => SqlType::Json,
        _ => return Mapping::Unknown,
    };
    Mapping::Known(sql_type)
}

/// True for `rust_decimal::Decimal`, which needs `sql_type = "DECIMAL(p,s)"`.
pub fn is_decimal(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Decimal")
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn sql(ty: Type) -> Option<String> {
        match map_type(&ty) {
            Mapping::Known(t) => Some(t.to_string()),
            Mapping::Unknown => None,
        }
    }

    #[test]
    fn maps_the_documented_types() {
        assert_eq!(sql(parse_quote!(i64)).as_deref(), Some("BIGINT"));
        assert_eq!(sql(parse_quote!(u128)).as_deref(), Some("UHUGEINT"));
        assert_eq!(sql(parse_quote!(std::string::String)).as_deref(), Some("VARCHAR"));
        assert_eq!(sql(parse_quote!(Vec<u8>)).as_deref(), Some("BLOB"));
        assert_eq!(sql(parse_quote!(Vec<Option<i32>>)).as_deref(), Some("INTEGER[]"));
        assert_eq!(sql(parse_quote!([f32; 3])).as_deref(), Some("FLOAT[3]"));
        assert_eq!(
            sql(parse_quote!(chrono::DateTime<chrono::Utc>)).as_deref(),
            Some("TIMESTAMP WITH TIME ZONE")
        );
        assert_eq!(sql(parse_quote!(serde_json::Value)).as_deref(), Some("JSON"));
        assert_eq!(sql(parse_quote!(Vec<Vec<String>>)).as_deref(), Some("VARCHAR[][]"));
    }

    /// `duckspec_spec::rust_type` (what codegen writes and errors suggest) is this mapping's
    /// inverse.
    #[test]
    fn the_suggested_rust_type_maps_back_to_the_sql_type() {
        for spelling in [
            "BOOLEAN",
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT",
            "FLOAT",
            "DOUBLE",
            "VARCHAR",
            "BLOB",
            "DATE",
            "TIME",
            "TIMESTAMP",
            "TIMESTAMPTZ",
            "UUID",
            "JSON",
            "VARCHAR[]",
            "BIGINT[][]",
            "FLOAT[3]",
            "DATE[]",
        ] {
            let ty = SqlType::parse(spelling).unwrap();
            let rust = duckspec_spec::rust_type(&ty).unwrap_or_else(|| panic!("{spelling} has no Rust type"));
            assert_eq!(rust.sql_type, None, "{spelling}");
            let parsed: Type = syn::parse_str(&rust.text).unwrap();
            assert_eq!(sql(parsed).as_deref(), Some(ty.to_string().as_str()), "{spelling} → {}", rust.text);
        }
    }

    #[test]
    fn leaves_the_rest_unknown() {
        for ty in [
            parse_quote!(&str),
            parse_quote!(HashMap<String, i32>),
            parse_quote!(JobStatus),
            parse_quote!(duckdb::types::Value),
            parse_quote!(DateTime<Local>),
        ] {
            assert!(sql(ty).is_none());
        }
        assert!(option_inner(&parse_quote!(Option<i32>)).is_some());
        assert!(is_decimal(&parse_quote!(rust_decimal::Decimal)));
    }
}

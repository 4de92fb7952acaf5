//! Rust field types to DuckDB types: a type's shape (`Vec<T>`, `[T; N]`) here, its scalar types
//! from the type table (`duckspec_spec::MAPPED_TYPES`).

use duckspec_spec::{MappedType, SqlType};
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
        // A type passed through `macro_rules!` as a `$t:ty` arrives in an invisible group.
        Type::Group(group) => path_text(&group.elem),
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
    // A scalar of the type table (`Vec<u8>`, a BLOB, among them).
    if let Some(row) = scalar(ty) {
        // A DECIMAL's width and scale come from `sql_type` (`is_decimal`).
        return match SqlType::parse(row.sql) {
            Ok(sql_type) if !row.needs_sql_type() => Mapping::Known(sql_type),
            _ => Mapping::Unknown,
        };
    }
    if let Some(inner) = generic_argument(ty, "Vec") {
        // A list may hold NULLs: `Vec<Option<T>>` is a `T[]` too.
        let element = option_inner(inner).unwrap_or(inner);
        return match map_type(element) {
            Mapping::Known(inner) => Mapping::Known(SqlType::List(Box::new(inner))),
            Mapping::Unknown => Mapping::Unknown,
        };
    }
    Mapping::Unknown
}

/// The type table's row for a scalar type: its last path segment, with that segment's one
/// generic argument's last segment (`DateTime<Utc>`), and its whole path as written.
fn scalar(ty: &Type) -> Option<&'static MappedType> {
    let segment = last_segment(ty)?;
    let name = match &segment.arguments {
        PathArguments::None => segment.ident.to_string(),
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            GenericArgument::Type(inner) => {
                let inner = last_segment(inner).filter(|s| s.arguments.is_none())?;
                format!("{}<{}>", segment.ident, inner.ident)
            }
            _ => return None,
        },
        _ => return None,
    };
    MappedType::by_name(&name, &path_text(ty))
}

/// True for `rust_decimal::Decimal`, which needs `sql_type = "DECIMAL(p,s)"`.
pub fn is_decimal(ty: &Type) -> bool {
    scalar(ty).is_some_and(MappedType::needs_sql_type)
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
        assert_eq!(sql(parse_quote!(time::OffsetDateTime)).as_deref(), Some("TIMESTAMP WITH TIME ZONE"));
        assert_eq!(sql(parse_quote!(time::PrimitiveDateTime)).as_deref(), Some("TIMESTAMP"));
        assert_eq!(sql(parse_quote!(time::Date)).as_deref(), Some("DATE"));
        assert_eq!(sql(parse_quote!(Time)).as_deref(), Some("TIME"));
        assert_eq!(sql(parse_quote!(std::net::IpAddr)).as_deref(), Some("VARCHAR"));
    }

    /// Every row of the type table maps from its Rust type, written with its full path, to its
    /// SQL type (a DECIMAL's needs `sql_type`).
    #[test]
    fn every_row_of_the_type_table_maps_from_its_rust_type() {
        for row in duckspec_spec::MAPPED_TYPES {
            let ty: Type = syn::parse_str(&row.rust()).unwrap();
            if row.needs_sql_type() {
                assert!(is_decimal(&ty) && sql(ty).is_none(), "{}", row.rust());
            } else {
                assert_eq!(sql(ty).as_deref(), Some(row.sql), "{}", row.rust());
            }
        }
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
            parse_quote!(my::Date), // `Date` alone is too common a name: only `time::Date`
            parse_quote!(sqlx::types::Time),
        ] {
            assert!(sql(ty).is_none());
        }
        assert!(option_inner(&parse_quote!(Option<i32>)).is_some());
        assert!(is_decimal(&parse_quote!(rust_decimal::Decimal)));
    }
}

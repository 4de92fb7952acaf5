//! The row struct `query!` and `query_scalar!` make from what DuckDB reported: one field per
//! result column, named after it, of the type table's Rust type for the column's type, wrapped in
//! `Option` unless the column is proven never NULL (`duckspec_spec::result_nullability`, its
//! claims kept only where its columns are DuckDB's, in number and name). A type no Rust type
//! holds (an ENUM, a STRUCT, a MAP) is a `String` of DuckDB's text of the value.

use duckspec_spec::{rust_type, Schema, SqlType};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{GenericArgument, Ident, PathArguments, Type};

use super::Shape;
use crate::dummy::Private;

/// The crates whose types the type table names, which duckspec re-exports under its own name (so
/// a generated field needs no dependency of the user's crate).
const RE_EXPORTED: [&str; 5] = ["chrono", "uuid", "rust_decimal", "serde_json", "time"];

/// A generated row type: its name and its definition.
pub struct Made {
    pub name: TokenStream,
    pub item: TokenStream,
}

/// For each of DuckDB's result `columns`, whether the query's text proves it never NULL.
pub fn not_null(schema: &Schema, sql: &str, columns: &[(String, SqlType)]) -> Vec<bool> {
    let none = vec![false; columns.len()];
    let Some(proofs) = duckspec_spec::result_nullability(schema, sql) else {
        return none;
    };
    // The rules read the SQL's text; they count only if their columns are DuckDB's columns.
    let agree = proofs.len() == columns.len()
        && proofs.iter().zip(columns).all(|(proof, (name, _))| {
            proof.name.as_deref().is_none_or(|stated| stated.eq_ignore_ascii_case(name))
        });
    if !agree {
        return none;
    }
    proofs.into_iter().map(|proof| proof.not_null).collect()
}

/// The struct for `shape` (`Record` or `Scalar`) over `columns`.
pub fn make(shape: Shape, columns: &[(String, SqlType)], not_null: &[bool], span: Span) -> syn::Result<Made> {
    let p = Private;
    let error = |message: String| syn::Error::new(span, message);
    if shape == Shape::Scalar && columns.len() != 1 {
        let listed = columns.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ");
        return Err(error(format!(
            "query_scalar! reads one column, and this query returns {} ({listed}); select one column, or use query! for a row of them",
            columns.len()
        )));
    }
    let mut fields = Vec::new();
    let mut scalar_type = quote!();
    for ((name, ty), &not_null) in columns.iter().zip(not_null) {
        // A type no Rust type of the type table holds (an ENUM, a STRUCT, a MAP, an INTERVAL) is
        // read as DuckDB's text of the value, as codegen declares such a column.
        let text = rust_type(ty).map_or_else(|| "String".to_string(), |rust| rust.text);
        let mut value: Type = syn::parse_str(&text)
            .map_err(|e| error(format!("the type table's `{text}` is not a Rust type: {e}")))?;
        rooted(&mut value);
        let field_type = if not_null { quote!(#value) } else { quote!(::core::option::Option<#value>) };
        if shape == Shape::Scalar {
            scalar_type = field_type.clone();
            fields.push(quote!(#[column(name = #name)] pub value: #field_type));
        } else {
            let ident = field_ident(name).ok_or_else(|| {
                error(format!(
                    "column `{name}` of the query is not a Rust identifier, which a field of query!'s row needs; name it in the SQL (`… AS {}`)",
                    suggested_name(name)
                ))
            })?;
            fields.push(quote!(pub #ident: #field_type));
        }
    }
    let derives =
        quote!(#[derive(::duckspec::Row, ::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]);
    Ok(match shape {
        Shape::Scalar => Made {
            name: quote!(Scalar),
            item: quote! {
                #derives
                struct Scalar { #(#fields),* }
                impl #p::ScalarRow for Scalar {
                    type Value = #scalar_type;
                    fn into_value(self) -> Self::Value {
                        self.value
                    }
                }
            },
        },
        _ => Made {
            name: quote!(Record),
            item: quote! {
                /// A result row of the query, its fields its columns.
                #derives
                #[allow(non_snake_case)]
                pub struct Record { #(#fields),* }
            },
        },
    })
}

/// `name` as a field identifier (raw where it is a keyword), if it can be one.
fn field_ident(name: &str) -> Option<Ident> {
    let mut chars = name.chars();
    let first = chars.next()?;
    if !(first == '_' || first.is_alphabetic()) || !chars.all(|c| c == '_' || c.is_alphanumeric()) {
        return None;
    }
    if matches!(name, "_" | "self" | "Self" | "super" | "crate") {
        return None;
    }
    Some(syn::parse_str::<Ident>(name).unwrap_or_else(|_| format_ident!("r#{}", name)))
}

/// A Rust identifier close to `name`, for the message that asks for one.
fn suggested_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("column_{out}")
    } else {
        out
    }
}

/// `ty` with the paths into crates duckspec re-exports rooted at `::duckspec` (`chrono::Utc` →
/// `::duckspec::chrono::Utc`), through generic arguments and arrays.
fn rooted(ty: &mut Type) {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            let segments = &mut path.path.segments;
            let first = segments.first().map(|s| s.ident.to_string()).unwrap_or_default();
            if path.path.leading_colon.is_none()
                && segments.len() > 1
                && RE_EXPORTED.contains(&first.as_str())
            {
                segments.insert(0, syn::PathSegment::from(format_ident!("duckspec")));
                path.path.leading_colon = Some(Default::default());
            }
            for segment in path.path.segments.iter_mut() {
                if let PathArguments::AngleBracketed(args) = &mut segment.arguments {
                    for arg in args.args.iter_mut() {
                        if let GenericArgument::Type(inner) = arg {
                            rooted(inner);
                        }
                    }
                }
            }
        }
        Type::Array(array) => rooted(&mut array.elem),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re_exported_crates_are_rooted_at_duckspec() {
        let mut ty: Type = syn::parse_str("Vec<chrono::DateTime<chrono::Utc>>").unwrap();
        rooted(&mut ty);
        assert_eq!(
            quote!(#ty).to_string().replace(' ', ""),
            "Vec<::duckspec::chrono::DateTime<::duckspec::chrono::Utc>>"
        );
        let mut ty: Type = syn::parse_str("[std::net::IpAddr; 2]").unwrap();
        rooted(&mut ty);
        assert_eq!(quote!(#ty).to_string().replace(' ', ""), "[std::net::IpAddr;2]");
    }

    #[test]
    fn column_names_become_fields_or_a_suggestion() {
        assert_eq!(field_ident("p95_ms").unwrap().to_string(), "p95_ms");
        assert_eq!(field_ident("type").unwrap().to_string(), "r#type");
        assert!(field_ident("count_star()").is_none());
        assert!(field_ident("self").is_none());
        assert!(field_ident("9lives").is_none());
        assert_eq!(suggested_name("count_star()"), "count_star");
        assert_eq!(suggested_name("(a + b)"), "a_b");
        assert_eq!(suggested_name("1"), "column_1");
    }
}

//! Which runtime codec writes and reads a field, decided once (by `check`, beside the field's SQL
//! type) from the shape of the field's Rust type; expansion only names it.

use duckspec_spec::SqlType;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::Type;

use crate::dummy::Private;
use crate::mapping::{is_decimal, map_type, option_inner, vec_element, Mapping};

/// A runtime codec marker (`duckspec::__private_*::{Native, Nullable, …}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codec {
    /// A mapped scalar type.
    Native,
    /// `Option<T>`.
    Nullable(Box<Codec>),
    /// `Vec<T>` as `T[]`.
    List(Box<Codec>),
    /// `[T; N]` as `T[N]`.
    FixedList(Box<Codec>),
    /// A `#[derive(SqlEnum)]` enum.
    Enum,
    /// A user type with a `sql_type`, through duckdb's `ToSql`/`FromSql`.
    ViaToSql,
}

impl Codec {
    /// The codec of a field whose type without `Option` is `value_ty`, nullable or not, with SQL
    /// type `sql_type`; `explicit_sql_type` when the field says `#[column(sql_type = "…")]`.
    pub fn for_field(value_ty: &Type, nullable: bool, sql_type: &SqlType, explicit_sql_type: bool) -> Codec {
        let custom = explicit_sql_type
            && matches!(map_type(value_ty), Mapping::Unknown)
            && !is_decimal(value_ty)
            && !is_enum(sql_type);
        let value = if custom { Codec::ViaToSql } else { Codec::for_type(value_ty) };
        if nullable {
            Codec::Nullable(Box::new(value))
        } else {
            value
        }
    }

    /// The codec of a mapped type, by its shape.
    fn for_type(ty: &Type) -> Codec {
        if let Some(inner) = option_inner(ty) {
            return Codec::Nullable(Box::new(Codec::for_type(inner)));
        }
        if let Type::Array(array) = ty {
            return Codec::FixedList(Box::new(Codec::for_type(&array.elem)));
        }
        if let Some(element) = vec_element(ty) {
            if !matches!(map_type(ty), Mapping::Known(SqlType::Blob)) {
                return Codec::List(Box::new(Codec::for_type(element)));
            }
        }
        match map_type(ty) {
            Mapping::Known(_) => Codec::Native,
            Mapping::Unknown if is_decimal(ty) => Codec::Native,
            Mapping::Unknown => Codec::Enum,
        }
    }
}

fn is_enum(sql_type: &SqlType) -> bool {
    match sql_type {
        SqlType::Enum(_) => true,
        SqlType::List(inner) | SqlType::Array(inner, _) => is_enum(inner),
        _ => false,
    }
}

impl ToTokens for Codec {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let p = Private;
        tokens.extend(match self {
            Codec::Native => quote!(#p::Native),
            Codec::Nullable(inner) => quote!(#p::Nullable<#inner>),
            Codec::List(inner) => quote!(#p::List<#inner>),
            Codec::FixedList(inner) => quote!(#p::FixedList<#inner>),
            Codec::Enum => quote!(#p::Enum),
            Codec::ViaToSql => quote!(#p::ViaToSql),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Codec;
    use duckspec_spec::SqlType;
    use syn::parse_quote;

    fn codec(ty: syn::Type, nullable: bool, sql_type: &str, explicit: bool) -> Codec {
        Codec::for_field(&ty, nullable, &SqlType::parse(sql_type).unwrap(), explicit)
    }

    #[test]
    fn by_the_shape_of_the_type() {
        use Codec::*;
        assert_eq!(codec(parse_quote!(i64), false, "BIGINT", false), Native);
        assert_eq!(codec(parse_quote!(i64), true, "BIGINT", false), Nullable(Box::new(Native)));
        assert_eq!(codec(parse_quote!(Vec<u8>), false, "BLOB", false), Native);
        assert_eq!(
            codec(parse_quote!(Vec<Option<i32>>), false, "INTEGER[]", false),
            List(Box::new(Nullable(Box::new(Native))))
        );
        assert_eq!(codec(parse_quote!([f32; 3]), false, "FLOAT[3]", false), FixedList(Box::new(Native)));
        assert_eq!(codec(parse_quote!(Mood), false, "ENUM('a')", false), Enum);
        assert_eq!(codec(parse_quote!(Vec<Mood>), false, "ENUM('a')[]", true), List(Box::new(Enum)));
        assert_eq!(codec(parse_quote!(Point), false, "VARCHAR", true), ViaToSql);
        assert_eq!(codec(parse_quote!(rust_decimal::Decimal), false, "DECIMAL(10,2)", true), Native);
    }
}

//! Code generation for `#[derive(Row)]`: a query result shape. Each field is a result column
//! named after it; its SQL type comes from the type table (`mapping`), its codec by the same rule
//! as a table's (`codec`), and the row plumbing is the one tables use (`expand::row_plumbing`),
//! so a query decodes through the same code as `select_all`. `#[column(name = "…")]` names a
//! field's column when its own name is not it.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::ast::unraw;
use crate::codec::Codec;
use crate::dummy::{wrap_in_const, Private};
use crate::expand::{row_plumbing, Inserted, PlumbingField};
use crate::mapping::{is_decimal, map_type, option_inner, vec_element, Mapping};

pub fn derive_row(input: &DeriveInput) -> TokenStream {
    match expand(input) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let p = Private;
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Row)] does not support generic parameters",
        ));
    }
    let named = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => named,
            _ => {
                return Err(syn::Error::new_spanned(
                    ident,
                    "#[derive(Row)] needs named fields: each field takes the result column of its name",
                ))
            }
        },
        _ => {
            return Err(syn::Error::new_spanned(
                ident,
                "#[derive(Row)] is for structs: one field per result column",
            ))
        }
    };
    let mut errors: Option<syn::Error> = None;
    let mut columns = Vec::new();
    let mut fields = Vec::new();
    for field in &named.named {
        let member = field.ident.as_ref().expect("named field");
        let name = match column_name(field) {
            Ok(Some(name)) => name,
            Ok(None) => unraw(member),
            Err(error) => {
                match &mut errors {
                    Some(errors) => errors.combine(error),
                    None => errors = Some(error),
                }
                continue;
            }
        };
        let nullable = option_inner(&field.ty).is_some();
        let value_ty = option_inner(&field.ty).unwrap_or(&field.ty);
        let rust_type = quote!(#value_ty).to_string().replace(' ', "");
        let (sql_type, codec) = match map_type(value_ty) {
            Mapping::Known(sql_type) => {
                let codec = Codec::for_field(value_ty, nullable, &sql_type, false);
                (sql_type.to_string().into_token_stream(), codec)
            }
            Mapping::Unknown if is_decimal(value_ty) => {
                let decimal = duckspec_spec::SqlType::Decimal { width: 18, scale: 3 };
                ("DECIMAL".into_token_stream(), Codec::for_field(value_ty, nullable, &decimal, true))
            }
            Mapping::Unknown if enum_list(value_ty).is_some() => {
                // A list (or fixed-size list) of a `#[derive(SqlEnum)]` enum: its labels, then the
                // list suffix, spelled at compile time (`ENUM('a', 'b')[]`).
                let (element, suffix, codec_type) = enum_list(value_ty).expect("checked above");
                let sql_type = quote_spanned! {value_ty.span()=> {
                    const __LEN: usize = <#element as ::duckspec::SqlEnum>::SQL_TYPE.len() + #suffix.len();
                    const __TEXT: [u8; __LEN] = #p::concat_str::<__LEN>(<#element as ::duckspec::SqlEnum>::SQL_TYPE, #suffix);
                    #p::utf8(&__TEXT)
                }};
                (sql_type, Codec::for_field(value_ty, nullable, &codec_type, false))
            }
            Mapping::Unknown if is_plain_path(value_ty) => {
                // A `#[derive(SqlEnum)]` enum: its labels are its SQL type.
                let sql_type = quote_spanned!(value_ty.span()=> <#value_ty as ::duckspec::SqlEnum>::SQL_TYPE);
                let labels = duckspec_spec::SqlType::Enum(Vec::new());
                (sql_type, Codec::for_field(value_ty, nullable, &labels, false))
            }
            Mapping::Unknown => {
                let error = syn::Error::new(
                    value_ty.span(),
                    format!(
                        "duckspec has no SQL type for `{rust_type}` in a query result: use a type of the type table (duckspec::spec::MAPPED_TYPES), Option, Vec or a #[derive(SqlEnum)] enum"
                    ),
                );
                match &mut errors {
                    Some(errors) => errors.combine(error),
                    None => errors = Some(error),
                }
                continue;
            }
        };
        columns.push(quote! {
            #p::RowColumn { name: #name, sql_type: #sql_type, rust_type: #rust_type, nullable: #nullable }
        });
        fields.push(PlumbingField { member, ty: &field.ty, codec, written: true, omits: false });
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let name = ident.to_string();
    let (rows, _) = row_plumbing(ident, &fields, Inserted::No);
    Ok(wrap_in_const(quote! {
        #[automatically_derived]
        impl ::duckspec::Row for #ident {
            const NAME: &'static str = #name;
            const COLUMNS: &'static [#p::RowColumn] = &[#(#columns),*];
        }

        #rows
    }))
}

/// The result column a field names with `#[column(name = "…")]` (one that is not a Rust
/// identifier, `count_star()`, or another spelling); `None` without the attribute.
fn column_name(field: &syn::Field) -> syn::Result<Option<String>> {
    let mut name = None;
    for attr in field.attrs.iter().filter(|attr| attr.path().is_ident("column")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                let value: syn::LitStr = meta.value()?.parse()?;
                if value.value().is_empty() {
                    return Err(syn::Error::new(value.span(), "the column name is empty; write the name of the result column the field reads"));
                }
                name = Some(value.value());
                Ok(())
            } else {
                Err(meta.error(
                    "a #[derive(Row)] field takes one attribute, #[column(name = \"…\")]: the name of the result column it reads",
                ))
            }
        })?;
    }
    Ok(name)
}

/// A `Vec` or `[_; N]` (nested) of a bare type path, an enum: the enum's type, the SQL suffix the
/// lists add to its type (`[]`, `[3][]`), and the list type the codec is chosen by.
fn enum_list(ty: &syn::Type) -> Option<(&syn::Type, String, duckspec_spec::SqlType)> {
    use duckspec_spec::SqlType;
    if let Some(inner) = vec_element(ty) {
        let (enum_ty, suffix, sql) = enum_element(inner).or_else(|| enum_list(inner))?;
        return Some((enum_ty, suffix + "[]", SqlType::List(Box::new(sql))));
    }
    let syn::Type::Array(array) = ty else { return None };
    let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(len), .. }) = &array.len else { return None };
    let len: u32 = len.base10_parse().ok()?;
    let (enum_ty, suffix, sql) = enum_element(&array.elem).or_else(|| enum_list(&array.elem))?;
    Some((enum_ty, format!("{suffix}[{len}]"), SqlType::Array(Box::new(sql), len)))
}

/// A list's element that is an enum (a bare path): itself, no suffix, an ENUM.
fn enum_element(inner: &syn::Type) -> Option<(&syn::Type, String, duckspec_spec::SqlType)> {
    is_plain_path(inner).then(|| (inner, String::new(), duckspec_spec::SqlType::Enum(Vec::new())))
}

/// A bare type path (`Mood`, `crate::Mood`) with no generic arguments: what an enum field is.
fn is_plain_path(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) => {
            path.qself.is_none() && path.path.segments.iter().all(|s| s.arguments.is_none())
        }
        syn::Type::Group(group) => is_plain_path(&group.elem),
        _ => false,
    }
}

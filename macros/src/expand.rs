//! Code generation for `#[derive(Table)]`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

use duckspec_spec::SqlType;
use syn::Type;

use crate::ast::{Container, Field};
use crate::check::{check, Checked};
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::mapping::{is_decimal, map_type, option_inner, vec_element, Mapping};

pub fn derive_table(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let Some(container) = Container::from_ast(&cx, input) else {
        let errors = cx.check();
        // A stub impl for a generic struct would itself fail to compile; show only the errors.
        if !input.generics.params.is_empty() {
            return errors.err().map(|e| e.to_compile_error()).unwrap_or_default();
        }
        return fallback::table(&input.ident, &input.ident.to_string(), errors);
    };
    let checked = check(&cx, &container);
    if let Err(errors) = cx.check() {
        return fallback::table(container.ident, &container.table_name(), Err(errors));
    }
    expand(&container, &checked)
}

fn expand(container: &Container, checked: &Checked) -> TokenStream {
    let ident = container.ident;
    let name = &checked.table.name;
    let ddl = duckspec_spec::render_table(&checked.table);
    let (spec, include) = match &checked.spec {
        Some(file) => {
            let written = &file.written;
            // Makes cargo rebuild this crate, re-running the check, when only the spec changes.
            // Once per spec per crate is enough (see `first_use`).
            let include = if crate::spec_file::first_use(&file.absolute) {
                let absolute = file.absolute.to_string_lossy().into_owned();
                quote!(
                    const _: &str = ::core::include_str!(#absolute);
                )
            } else {
                quote!()
            };
            (quote!(::core::option::Option::Some(#written)), include)
        }
        None => (quote!(::core::option::Option::None), quote!()),
    };
    let enum_assertions = checked.enums.iter().map(|assertion| {
        let ty = assertion.field.value_ty;
        let expected = &assertion.sql_type;
        let message = format!(
            "{}: column {name}.{}: spec has {expected}, the labels of enum `{}` differ",
            assertion.spec_location,
            assertion.field.column,
            quote!(#ty).to_string().replace(' ', "")
        );
        quote_spanned! {ty.span()=>
            const _: () = if !::duckspec::__private::str_eq(<#ty as ::duckspec::SqlEnum>::SQL_TYPE, #expected) {
                ::core::panic!(#message)
            };
        }
    });
    let rows = rows(container, checked);
    quote! {
        const _: () = {
            #include
            #(#enum_assertions)*

            #[automatically_derived]
            impl ::duckspec::Table for #ident {
                const NAME: &'static str = #name;
                const DDL: &'static str = #ddl;
                const SPEC: ::core::option::Option<&'static str> = #spec;

                fn table_def() -> &'static ::duckspec::spec::TableDef {
                    static __DEF: ::duckspec::__private::OnceLock<::duckspec::spec::TableDef> =
                        ::duckspec::__private::OnceLock::new();
                    __DEF.get_or_init(|| ::duckspec::__private::table_def_from_ddl(#name, Self::DDL))
                }

                #rows
            }
        };
    }
}

/// The per-row plumbing `insert_all`, `Writer` and `select_all` use: one Arrow builder per field,
/// filled straight from the field, and typed readers back. Only with duckspec's `duckdb` feature.
fn rows(container: &Container, checked: &Checked) -> TokenStream {
    let p = quote!(::duckspec::__private);
    let mut builder_types = Vec::new();
    let mut builders = Vec::new();
    let mut appends = Vec::new();
    let mut values = Vec::new();
    let mut omitted = Vec::new();
    let mut finishes = Vec::new();
    let mut fields = Vec::new();
    let mut read_types = Vec::new();
    let mut readers = Vec::new();
    let mut gets = Vec::new();
    for (i, (field, column)) in container.fields.iter().zip(&checked.table.columns).enumerate() {
        let ty = field.ty;
        let marker = codec_for(field, &column.sql_type);
        let codec = quote_spanned!(ty.span()=> <#marker as #p::Codec<#ty>>);
        let index = syn::Index::from(i);
        let ident = field.ident;
        let name = &field.column;
        let nullable = field.nullable;
        let reader = quote::format_ident!("__column_{}", i);
        // Spanned at the field's type: a type without a codec (say, a user type lacking `ToSql`)
        // is reported on the field, not on the derive.
        let span = ty.span();
        builder_types.push(quote_spanned!(span=> #codec::Builder));
        builders.push(quote_spanned!(span=> #codec::builder(&__columns[#i].sql_type, __capacity)));
        appends.push(quote_spanned!(span=>
            #p::append::<#marker, #ty>(&self.#ident, &mut __builders.#index, #name)?;
        ));
        if field.nullable && column.default.is_some() && i < 128 {
            omitted.push(quote!(
                if ::core::option::Option::is_none(&self.#ident) {
                    __omitted |= 1u128 << #i;
                }
            ));
        }
        values.push(quote_spanned!(span=>
            #p::value::<#marker, #ty>(&self.#ident, &__columns[#i].sql_type, #name)?
        ));
        finishes.push(quote!(#p::ArrayBuilder::finish(&mut __builders.#index)));
        fields.push(quote_spanned!(span=> #codec::field(#name, &__columns[#i].sql_type, #nullable)));
        read_types.push(quote_spanned!(span=> #codec::read_type(&__columns[#i].sql_type)));
        readers.push(quote_spanned!(span=>
            let #reader = #p::ColumnReader::<#marker, #ty>::new(&__arrays[#i], #name)?;
        ));
        gets.push(quote!(#ident: #reader.get(__row)?));
    }
    quote! {
        #p::if_duckdb! {
            type __Builders = (#(#builder_types,)*);

            fn __builders(__capacity: usize) -> Self::__Builders {
                let __columns = &<Self as ::duckspec::Table>::table_def().columns;
                (#(#builders,)*)
            }

            #[inline]
            fn __append(
                &self,
                __builders: &mut Self::__Builders,
            ) -> ::core::result::Result<(), #p::ValueError> {
                #(#appends)*
                ::core::result::Result::Ok(())
            }

            #[inline]
            #[allow(unused_mut)]
            fn __omitted(&self) -> u128 {
                let mut __omitted = 0u128;
                #(#omitted)*
                __omitted
            }

            fn __values(&self) -> ::core::result::Result<::std::vec::Vec<#p::Value>, #p::ValueError> {
                let __columns = &<Self as ::duckspec::Table>::table_def().columns;
                ::core::result::Result::Ok(::std::vec![#(#values),*])
            }

            fn __finish(__builders: &mut Self::__Builders) -> ::std::vec::Vec<#p::ArrayRef> {
                ::std::vec![#(#finishes),*]
            }

            fn __schema() -> #p::SchemaRef {
                static __SCHEMA: #p::OnceLock<#p::SchemaRef> = #p::OnceLock::new();
                __SCHEMA
                    .get_or_init(|| {
                        let __columns = &<Self as ::duckspec::Table>::table_def().columns;
                        #p::schema(::std::vec![#(#fields),*])
                    })
                    .clone()
            }

            fn __read_types() -> ::std::vec::Vec<#p::spec::SqlType> {
                let __columns = &<Self as ::duckspec::Table>::table_def().columns;
                ::std::vec![#(#read_types),*]
            }

            fn __decode(
                __arrays: &[#p::ArrayRef],
                __rows: usize,
                __out: &mut ::std::vec::Vec<Self>,
            ) -> ::core::result::Result<(), #p::ValueError> {
                #(#readers)*
                __out.reserve(__rows);
                for __row in 0..__rows {
                    __out.push(Self { #(#gets),* });
                }
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// The codec marker for a field: by the shape of its Rust type, with `ViaToSql` for a user type
/// given an explicit non-ENUM `sql_type`.
fn codec_for(field: &Field, sql_type: &SqlType) -> TokenStream {
    let custom = field.attrs.sql_type.is_some()
        && matches!(map_type(field.value_ty), Mapping::Unknown)
        && !is_decimal(field.value_ty)
        && !is_enum(sql_type);
    let value = if custom { quote!(::duckspec::__private::ViaToSql) } else { codec_for_type(field.value_ty) };
    if field.nullable {
        quote!(::duckspec::__private::Nullable<#value>)
    } else {
        value
    }
}

fn codec_for_type(ty: &Type) -> TokenStream {
    let p = quote!(::duckspec::__private);
    if let Some(inner) = option_inner(ty) {
        let inner = codec_for_type(inner);
        return quote!(#p::Nullable<#inner>);
    }
    if let Type::Array(array) = ty {
        let inner = codec_for_type(&array.elem);
        return quote!(#p::FixedList<#inner>);
    }
    if let Some(element) = vec_element(ty) {
        if !matches!(map_type(ty), Mapping::Known(SqlType::Blob)) {
            let inner = codec_for_type(element);
            return quote!(#p::List<#inner>);
        }
    }
    match map_type(ty) {
        Mapping::Known(_) => quote!(#p::Native),
        Mapping::Unknown if is_decimal(ty) => quote!(#p::Native),
        Mapping::Unknown => quote!(#p::Enum),
    }
}

fn is_enum(sql_type: &SqlType) -> bool {
    match sql_type {
        SqlType::Enum(_) => true,
        SqlType::List(inner) | SqlType::Array(inner, _) => is_enum(inner),
        _ => false,
    }
}

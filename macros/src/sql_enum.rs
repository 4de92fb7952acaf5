//! `#[derive(SqlEnum)]`: a unit-only enum as a DuckDB `ENUM`.

use duckspec_spec::SqlType;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use duckspec_spec::names::snake_case;

use crate::ast::unraw;
use crate::attr::VariantAttrs;
use crate::ctxt::Ctxt;
use crate::dummy::wrap_in_const;

pub fn derive_sql_enum(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let ident = &input.ident;
    let mut variants = Vec::new();
    match &input.data {
        Data::Enum(data) if input.generics.params.is_empty() => {
            if data.variants.is_empty() {
                cx.error_spanned_by(ident, "an ENUM needs at least one variant");
            }
            for variant in &data.variants {
                let attrs = VariantAttrs::parse(&cx, &variant.attrs);
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(
                        &variant.fields,
                        "#[derive(SqlEnum)] needs unit variants: an ENUM value is a label, it holds no data",
                    );
                    continue;
                }
                let label =
                    attrs.rename.map(|r| r.value).unwrap_or_else(|| snake_case(&unraw(&variant.ident)));
                if variants.iter().any(|(_, existing)| existing == &label) {
                    cx.error_spanned_by(&variant.ident, format!("two variants have the SQL label '{label}'"));
                }
                variants.push((&variant.ident, label));
            }
        }
        Data::Enum(_) => cx.error_spanned_by(&input.generics, "#[derive(SqlEnum)] cannot be generic"),
        _ => cx.error_spanned_by(ident, "#[derive(SqlEnum)] is for unit-only enums"),
    }
    if let Err(errors) = cx.check() {
        return errors.to_compile_error();
    }
    let sql_type = SqlType::Enum(variants.iter().map(|(_, label)| label.clone()).collect()).to_string();
    let labels: Vec<&String> = variants.iter().map(|(_, label)| label).collect();
    let idents: Vec<_> = variants.iter().map(|(ident, _)| ident).collect();
    wrap_in_const(quote! {
            #[automatically_derived]
            impl ::duckspec::SqlEnum for #ident {
                const VARIANTS: &'static [&'static str] = &[#(#labels),*];
                const SQL_TYPE: &'static str = #sql_type;

                fn as_sql_str(&self) -> &'static str {
                    match self {
                        #(Self::#idents => #labels,)*
                    }
                }

                fn from_sql_str(label: &str) -> ::core::option::Option<Self> {
                    match label {
                        #(#labels => ::core::option::Option::Some(Self::#idents),)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
    })
}

//! Code generation for `#[derive(Table)]`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::Container;
use crate::check::{check, Checked};
use crate::ctxt::Ctxt;
use crate::fallback;

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
            }
        };
    }
}

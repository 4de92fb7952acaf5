//! Stub impls emitted next to errors, so a user sees the real error rather than a cascade of
//! "the trait `Table` is not implemented" errors from code that uses the struct.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

pub fn table(ident: &Ident, name: &str, errors: syn::Result<()>) -> TokenStream {
    let errors = errors.err().map(|e| e.to_compile_error());
    let label = ident.to_string();
    quote! {
        #errors
        const _: () = {
            #[automatically_derived]
            impl ::duckspec::Table for #ident {
                const NAME: &'static str = #name;
                const DDL: &'static str = ::duckspec::__private::INVALID_DDL;
                const SPEC: ::core::option::Option<&'static str> = ::core::option::Option::None;

                fn table_def() -> &'static ::duckspec::spec::TableDef {
                    ::duckspec::__private::invalid_derive(#label)
                }

                ::duckspec::__private::stub_rows!(#label);
            }
        };
    }
}

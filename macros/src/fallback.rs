//! Stub impls emitted next to errors, so a user sees the real error rather than a cascade of
//! "the trait `Table` is not implemented" errors from code that uses the struct.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use crate::dummy::{wrap_in_const, Private};

/// `spec` is the spec the struct names, so a `#[derive(Schema)]` listing it reports nothing more.
pub fn table(ident: &Ident, name: &str, spec: Option<&str>, errors: syn::Result<()>) -> TokenStream {
    let p = Private;
    let spec = match spec {
        Some(spec) => quote!(::core::option::Option::Some(#spec)),
        None => quote!(::core::option::Option::None),
    };
    let errors = errors.err().map(|e| e.to_compile_error());
    let label = ident.to_string();
    let stub = quote!(#p::invalid_derive(#label));
    let impls = wrap_in_const(quote! {
        #[automatically_derived]
        impl ::duckspec::Table for #ident {
            const NAME: &'static str = #name;
            const DDL: &'static str = #p::INVALID_DDL;
            const SPEC: ::core::option::Option<&'static str> = #spec;

            fn table_statics() -> &'static #p::TableStatics {
                #stub
            }
        }

        #[automatically_derived]
        impl #p::Rows for #ident {
            const OMITTABLE: bool = false;
            type Columns = ();
            fn refs(&self) {
                #stub
            }
            fn from_values(_: ()) -> Self {
                #stub
            }
            fn omitted(&self, _: &mut [u64]) {
                #stub
            }
        }
    });
    quote! {
        #errors
        #impls
    }
}

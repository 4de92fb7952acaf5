//! What every expansion shares: the path of the runtime's private module, and the `const _`
//! wrapper that keeps generated impls from adding names to the user's scope (serde's
//! `wrap_in_const`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens, TokenStreamExt};

/// `::duckspec::__private_<version>`: the runtime's private module, named after this crate's
/// version (the runtime pins this crate with `=`, so both sides always agree).
pub struct Private;

impl ToTokens for Private {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let version = env!("CARGO_PKG_VERSION").replace(['.', '-'], "_");
        let module = Ident::new(&format!("__private_{version}"), Span::call_site());
        tokens.append_all(quote!(::duckspec::#module));
    }
}

/// `const _: () = { … };` around generated items.
pub fn wrap_in_const(code: TokenStream) -> TokenStream {
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications, clippy::all)]
        const _: () = {
            #code
        };
    }
}

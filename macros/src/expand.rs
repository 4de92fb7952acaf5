//! Code generation for `#[derive(Table)]`: emits what `check` decided, nothing more.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::Container;
use crate::check::{check, Checked};
use crate::ctxt::Ctxt;
use crate::dummy::{wrap_in_const, Private};
use crate::fallback;

pub fn derive_table(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let Some(container) = Container::from_ast(&cx, input) else {
        let errors = cx.check();
        // A stub impl for a generic struct would itself fail to compile; show only the errors.
        if !input.generics.params.is_empty() {
            return errors.err().map(|e| e.to_compile_error()).unwrap_or_default();
        }
        return fallback::table(&input.ident, &input.ident.to_string(), None, errors);
    };
    let checked = check(&cx, &container);
    if let Err(errors) = cx.check() {
        let spec = container.attrs.spec.as_ref().map(|spec| spec.value.as_str());
        return fallback::table(container.ident, &container.table_name(), spec, Err(errors));
    }
    expand(&container, &checked)
}

fn expand(container: &Container, checked: &Checked) -> TokenStream {
    let p = Private;
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
            const _: () = if !#p::str_eq(<#ty as ::duckspec::SqlEnum>::SQL_TYPE, #expected) {
                ::core::panic!(#message)
            };
        }
    });
    let rows = rows(container, checked);
    wrap_in_const(quote! {
        #include
        #(#enum_assertions)*

        #[automatically_derived]
        impl ::duckspec::Table for #ident {
            const NAME: &'static str = #name;
            const DDL: &'static str = #ddl;
            const SPEC: ::core::option::Option<&'static str> = #spec;

            fn table_def() -> &'static ::duckspec::spec::TableDef {
                static __DEF: #p::OnceLock<::duckspec::spec::TableDef> = #p::OnceLock::new();
                #p::table_def(&__DEF, #name, Self::DDL)
            }
        }

        #rows
    })
}

/// The `Rows` impl `insert_all`, `Writer`, `Batch` and `select_all` run on: every field as data
/// (`FIELDS`, walked by code compiled once), one Arrow builder per field filled straight from the
/// field, and columns decoded back into fields. Only with duckspec's `duckdb` feature. The
/// functions take a type parameter so that they are compiled only where a program uses them.
/// Everything per field is spanned at the field's type, so a type without a codec is reported on
/// the field.
fn rows(container: &Container, checked: &Checked) -> TokenStream {
    let p = Private;
    let ident = container.ident;
    let mut plans = Vec::new();
    let mut builder_types = Vec::new();
    let mut builders = Vec::new();
    let mut appends = Vec::new();
    let mut omitted = Vec::new();
    let mut finishes = Vec::new();
    let mut taken = Vec::new();
    let mut visits = Vec::new();
    let mut members = Vec::new();
    let mut bounds = Vec::new();
    // Locals are named with call-site tokens and interpolated into the field-spanned code: an
    // identifier spanned at a field of a struct written by `macro_rules!` would not see them.
    let (columns, capacity, builders_var, value, row, decoded, error) = (
        quote!(__columns),
        quote!(__capacity),
        quote!(__builders),
        quote!(__value),
        quote!(__row),
        quote!(__decoded),
        quote!(__error),
    );
    // Builders exist for the columns rows write; a generated column is only read.
    let mut written = 0usize;
    for (i, (checked_column, column)) in checked.columns.iter().zip(&checked.table.columns).enumerate() {
        let field = checked_column.field;
        let marker = respan(checked_column.codec.to_token_stream(), field.ty.span());
        let ty = field.ty;
        let span = ty.span();
        let codec = quote_spanned!(span=> <#marker as #p::Codec<#ty>>);
        // The impl requires each field's codec once, here: a type without one is one error on the
        // field (the body assumes the bound, so it reports nothing more).
        bounds.push(respan(quote!(#marker: #p::Codec<#ty>), span));
        let member = field.ident;
        let name = &field.column;
        let nullable = field.nullable;
        let is_written = column.generated.is_none();
        plans.push(quote_spanned!(span=> #p::field::<#marker, #ty>(#name, #nullable, #is_written)));
        visits.push(quote!(__visit(#i, &self.#member);));
        let local = format_ident!("__column_{}", i);
        taken.push(quote_spanned!(span=>
            let mut #local = #decoded.take::<#ty>(#i);
        ));
        members.push((member, local));
        if !is_written {
            continue;
        }
        let index = syn::Index::from(written);
        written += 1;
        builder_types.push(quote_spanned!(span=> #codec::Builder));
        builders.push(quote_spanned!(span=> #codec::builder_at(#columns, #i, #capacity)));
        appends.push(quote_spanned!(span=>
            #codec::append_named(&#value.#member, &mut #builders_var.#index, #name, #row, &mut #error);
        ));
        // A `None` in an `Option` field whose column has a DEFAULT leaves the column to DuckDB.
        if field.nullable && column.default.is_some() {
            let (word, bit) = (i / 64, i % 64);
            omitted.push(quote!(
                if ::core::option::Option::is_none(&self.#member) {
                    __mask[#word] |= 1u64 << #bit;
                }
            ));
        }
        finishes.push(quote!(&mut __builders.#index));
    }
    let assemble = assemble(&members);

    let omittable = !omitted.is_empty();
    quote! {
        #p::if_duckdb! {
            #[automatically_derived]
            impl #p::Rows for #ident where #(#bounds),* {
                const OMITTABLE: bool = #omittable;

                const FIELDS: &'static [#p::FieldPlan] = &[#(#plans),*];

                fn builders<__U: #p::OnUse>(__capacity: usize) -> ::std::boxed::Box<dyn #p::Any + ::core::marker::Send> {
                    let __columns = &<Self as ::duckspec::Table>::table_def().columns;
                    ::std::boxed::Box::new((#(#builders,)*))
                }

                #[inline]
                fn encode(
                    __rows: &[Self],
                    __builders: &mut dyn #p::Any,
                ) -> ::core::result::Result<(), #p::ValueError> {
                    let __builders = #p::builders::<(#(#builder_types,)*)>(__builders);
                    let mut __error: ::core::option::Option<#p::ValueError> = ::core::option::Option::None;
                    for __row in 0..__rows.len() {
                        let __value = &__rows[__row];
                        #(#appends)*
                        if let ::core::option::Option::Some(__error) = __error {
                            return ::core::result::Result::Err(__error);
                        }
                    }
                    ::core::result::Result::Ok(())
                }

                fn finish<__U: #p::OnUse>(__builders: &mut dyn #p::Any) -> ::std::vec::Vec<#p::ArrayRef> {
                    let __builders = #p::builders::<(#(#builder_types,)*)>(__builders);
                    #p::finish_columns(&mut [#(#finishes),*])
                }

                fn each_field<__U: #p::OnUse>(&self, __visit: &mut dyn ::core::ops::FnMut(usize, &dyn #p::Any)) {
                    #(#visits)*
                }

                #[inline]
                #[allow(unused_variables)]
                fn omitted(&self, __mask: &mut [u64]) {
                    #(#omitted)*
                }

                #[allow(clippy::needless_borrow)] // the borrow is what picks the candidate
                fn share(__rows: &[Self]) -> ::core::option::Option<#p::SharedRows<'_, Self>> {
                    #[allow(unused_imports)]
                    use #p::{ShareFallback as _, ShareIfSync as _};
                    (&#p::SyncProbe::<Self>::new()).share(__rows)
                }

                fn decode<__U: #p::OnUse>(
                    __arrays: &[#p::ArrayRef],
                    __rows: usize,
                    __out: &mut ::std::vec::Vec<Self>,
                ) -> ::core::result::Result<(), #p::ValueError> {
                    let mut __decoded = #p::Decoded::new(Self::FIELDS, __arrays, __rows)?;
                    #(#taken)*
                    #assemble
                    ::core::result::Result::Ok(())
                }
            }
        }
    }
}

/// Moves the decoded columns (the values of each field, named by `members`' locals, one for
/// each of `__rows` rows) into rows pushed onto `__out`.
fn assemble(members: &[(&syn::Ident, syn::Ident)]) -> TokenStream {
    let p = Private;
    let fields = members.iter().map(|(member, local)| quote!(#member: #p::next_value(&mut #local)));
    quote! {
        __out.reserve(__rows);
        for _ in 0..__rows {
            __out.push(Self { #(#fields),* });
        }
    }
}

/// `tokens` with every span set to `span`, so a diagnostic about them points there.
fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = proc_macro2::TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

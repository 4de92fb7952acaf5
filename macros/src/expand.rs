//! Code generation for `#[derive(Table)]`: emits what `check` decided, nothing more.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::Container;
use crate::check::{check, Checked};
use crate::codec::Codec;
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
    let (rows, bounds) = rows(container, checked);
    let table_items = quote! {
        const NAME: &'static str = #name;
        const DDL: &'static str = #ddl;
        const SPEC: ::core::option::Option<&'static str> = #spec;

        fn table_statics() -> &'static #p::TableStatics {
            static __STATICS: #p::TableStatics = #p::TableStatics::new();
            &__STATICS
        }
    };
    wrap_in_const(quote! {
        #include
        #(#enum_assertions)*

        // A `Table` is also its `Rows` (so generic code bounded by `T: Table` can insert and
        // read): the impl repeats the `Rows` impl's per-field codec bounds, so a field without a
        // codec is still the one error on the field, not one more on the struct.
        #[automatically_derived]
        impl ::duckspec::Table for #ident where #(#bounds),* {
            #table_items
        }

        #rows
    })
}

/// The `Rows` impl of a table: its fields, as [`row_plumbing`] takes them.
fn rows(container: &Container, checked: &Checked) -> (TokenStream, Vec<TokenStream>) {
    let fields: Vec<PlumbingField> = checked
        .columns
        .iter()
        .zip(&checked.table.columns)
        .map(|(checked_column, column)| {
            let field = checked_column.field;
            // A generated column is only read: no builder, nothing written.
            let written = column.generated.is_none();
            PlumbingField {
                member: field.ident,
                ty: field.ty,
                codec: checked_column.codec.clone(),
                written,
                // A `None` in an `Option` field whose column has a DEFAULT leaves the column to
                // DuckDB.
                omits: written && field.nullable && column.default.is_some(),
            }
        })
        .collect();
    row_plumbing(container.ident, &fields, Inserted::Yes)
}

/// Whether rows of a type are inserted (a table's) or only read (a query result's): only an
/// inserted type gets the code that shares its rows with an encoding thread.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    Yes,
    No,
}

/// One field as the row plumbing sees it: a table's column or a query result's.
pub struct PlumbingField<'a> {
    pub member: &'a syn::Ident,
    /// The declared type.
    pub ty: &'a syn::Type,
    pub codec: Codec,
    /// Whether rows write the column (a generated column is only read).
    pub written: bool,
    /// Whether a `None` leaves the column to its DEFAULT.
    pub omits: bool,
}

/// The `Rows` impl `insert_all`, `Writer`, `Batch`, `select_all` and checked queries run on:
/// every field once, as one type (`Columns`, a tuple of each field's type and codec), and the two
/// moves between a row and a tuple of its fields (the fields' data is built from `Columns` at run
/// time, `codec::plan::fields`). The row paths are generic
/// code over `Columns` in duckspec, compiled only where a program uses them; per table there is no
/// loop or branch to type-check. Everything per field is
/// spanned at the field's type, so a type without a codec is reported on the field. Also returns
/// those per-field bounds, for the `Table` impl to repeat. A type that is never `Inserted` keeps
/// `Rows::share`'s default (its rows are never shared), so none of that code is compiled for it.
pub fn row_plumbing(
    ident: &syn::Ident,
    fields: &[PlumbingField],
    inserted: Inserted,
) -> (TokenStream, Vec<TokenStream>) {
    let p = Private;
    let mut columns = Vec::new();
    let mut refs = Vec::new();
    let mut values = Vec::new();
    let mut members = Vec::new();
    let mut omitted = Vec::new();
    let mut bounds = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let marker = respan(field.codec.to_token_stream(), field.ty.span());
        let ty = field.ty;
        let span = ty.span();
        // The impl requires each field's codec once, here: a type without one is one error on the
        // field (the rest of the impl assumes the bound, so it reports nothing more).
        bounds.push(respan(quote!(#marker: #p::Codec<#ty>), span));
        let member = field.member;
        columns.push(if field.written {
            quote_spanned!(span=> #p::Col<#marker, #ty>)
        } else {
            quote_spanned!(span=> #p::ReadOnly<#marker, #ty>)
        });
        refs.push(quote!(&self.#member));
        let value = format_ident!("__value_{}", i);
        members.push(quote!(#member: #value));
        values.push(value.into_token_stream());
        if field.omits {
            let (word, bit) = (i / 64, i % 64);
            omitted.push(quote!(
                if ::core::option::Option::is_none(&self.#member) {
                    __mask[#word] |= 1u64 << #bit;
                }
            ));
        }
    }
    let (columns, refs, values) = (nest(columns), nest(refs), nest(values));
    let omittable = !omitted.is_empty();
    let share = (inserted == Inserted::Yes).then(|| {
        quote! {
            #[allow(clippy::needless_borrow)] // the borrow is what picks the candidate
            fn share(__rows: &[Self]) -> ::core::option::Option<#p::SharedRows<'_, Self>> {
                #[allow(unused_imports)]
                use #p::{ShareFallback as _, ShareIfSync as _};
                (&#p::SyncProbe::<Self>::new()).share(__rows)
            }
        }
    });
    let rows = quote! {
        #[automatically_derived]
        impl #p::Rows for #ident where #(#bounds),* {
            const OMITTABLE: bool = #omittable;

            type Columns = #columns;

            #[inline]
            fn refs(&self) -> <Self::Columns as #p::Shape>::Refs<'_> {
                #refs
            }

            #[inline]
            fn from_values(__values: <Self::Columns as #p::Shape>::Values) -> Self {
                let #values = __values;
                Self { #(#members),* }
            }

            #[inline]
            #[allow(unused_variables)]
            fn omitted(&self, __mask: &mut [u64]) {
                #(#omitted)*
            }

            #share
        }
    };
    (rows, bounds)
}

/// Parts of a tuple duckspec implements `Columns` for (see `codec::columns`).
const TUPLE_PARTS: usize = 12;

/// `items` (one per field, in order) as a tuple, nested in tuples of at most [`TUPLE_PARTS`]
/// parts: the shape of `Columns`, and of the references and values that go with it.
fn nest(items: Vec<TokenStream>) -> TokenStream {
    if items.len() <= TUPLE_PARTS {
        return quote!((#(#items,)*));
    }
    nest(items.chunks(TUPLE_PARTS).map(|chunk| quote!((#(#chunk,)*))).collect())
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

//! Derive macros for duckspec. Use them through the `duckspec` crate (`duckspec::Table`,
//! `duckspec::Schema`, `duckspec::SqlEnum`), which documents them with examples.
//!
//! Each derive follows one pipeline: parse attributes (`attr.rs`) into a model (`ast.rs`),
//! validate it against the governance spec (`check.rs`, using `duckspec-spec`'s parser and
//! differ), deciding each field's SQL type (`mapping.rs`) and codec (`codec.rs`) once, then expand
//! (`expand.rs`), or emit every error plus a stub impl (`fallback.rs`). `ctxt.rs` collects errors,
//! `dummy.rs` holds what every expansion shares.

#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod ast;
mod attr;
mod check;
mod codec;
mod ctxt;
mod dummy;
mod expand;
mod fallback;
mod fix;
mod mapping;
#[cfg(feature = "query")]
mod query;
mod row;
mod schema;
mod spec_file;
mod sql_enum;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `duckspec::Table`; see the trait's documentation.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_table(&input).into()
}

/// Derives `duckspec::Schema`; see the trait's documentation.
#[proc_macro_derive(Schema, attributes(schema))]
pub fn derive_schema(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    schema::derive_schema(&input).into()
}

/// Derives `duckspec::Row`; see the trait's documentation.
#[proc_macro_derive(Row, attributes(column))]
pub fn derive_row(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    row::derive_row(&input).into()
}

/// `duckspec::query_as!`; see the `duckspec::query` module's documentation.
#[cfg(feature = "query")]
#[proc_macro]
pub fn query_as(input: TokenStream) -> TokenStream {
    query::expand(input.into(), query::Shape::Named).into()
}

/// `duckspec::query!`; see the `duckspec::query` module's documentation.
#[cfg(feature = "query")]
#[proc_macro]
pub fn query(input: TokenStream) -> TokenStream {
    query::expand(input.into(), query::Shape::Record).into()
}

/// `duckspec::query_scalar!`; see the `duckspec::query` module's documentation.
#[cfg(feature = "query")]
#[proc_macro]
pub fn query_scalar(input: TokenStream) -> TokenStream {
    query::expand(input.into(), query::Shape::Scalar).into()
}

/// Derives `duckspec::SqlEnum`; see the trait's documentation.
#[proc_macro_derive(SqlEnum, attributes(sql))]
pub fn derive_sql_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    sql_enum::derive_sql_enum(&input).into()
}

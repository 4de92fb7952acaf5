//! The Rust items `codegen` writes, as token streams: a `#[derive(Table)]` struct per table with
//! every attribute its spec table needs, and a `#[derive(SqlEnum)]` enum per ENUM type.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::LitStr;

use duckspec::spec::{rust_type, ColumnDef, SqlType, TableDef};

use super::naming::EnumPlan;

/// An identifier from its text, raw (`r#type`) where the text says so.
pub fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

fn lit(text: &str) -> LitStr {
    LitStr::new(text, Span::call_site())
}

/// `///` lines for a comment, one attribute per line. A comment is text, not Markdown for
/// rustdoc to run: a line break of any kind (a bare CR is not allowed in a doc comment) ends a
/// line, backticks and tildes that would open a code fence are escaped, and indentation is kept
/// under four spaces (an indented code block), so no comment becomes a doctest.
fn docs(comment: Option<&str>) -> TokenStream {
    let Some(comment) = comment.filter(|c| !c.trim().is_empty()) else { return TokenStream::new() };
    let comment = comment.replace("\r\n", "\n");
    let lines = comment.split(['\n', '\r']).map(doc_line);
    quote! { #(#[doc = #lines])* }
}

/// One line of a comment as a doc line: see [`docs`].
fn doc_line(line: &str) -> String {
    let line = line.trim_end();
    let indent = line.len() - line.trim_start().len();
    let text = line.trim_start().replace("```", "\\`\\`\\`").replace("~~~", "\\~\\~\\~");
    format!(" {}{text}", " ".repeat(indent.min(3)))
}

/// Where a column's Rust type comes from.
pub enum FieldType {
    /// A type duckspec maps (`i64`, `chrono::NaiveDate`), with the `sql_type` it needs, if any.
    Mapped { text: String, sql_type: Option<String>, feature: Option<&'static str> },
    /// A generated `SqlEnum`, by name.
    Enum(String),
    /// No Rust counterpart (STRUCT, MAP, INTERVAL, …): the value as DuckDB's text form, in a
    /// `String` declared with the column's `sql_type` (DuckDB casts it on the way in and out).
    Text(String),
}

impl FieldType {
    /// The type for `ty`; `enum_name` names the enum generated for it when it is an ENUM.
    pub fn of(ty: &SqlType, enum_name: Option<&str>) -> FieldType {
        if let Some(name) = enum_name {
            return FieldType::Enum(name.to_string());
        }
        match rust_type(ty) {
            Some(mapped) => {
                FieldType::Mapped { text: mapped.text, sql_type: mapped.sql_type, feature: mapped.feature }
            }
            None => FieldType::Text(ty.to_string()),
        }
    }

    /// The duckspec feature the type needs.
    pub fn feature(&self) -> Option<&'static str> {
        match self {
            FieldType::Mapped { feature, .. } => *feature,
            _ => None,
        }
    }
}

/// One field: its name, type and the column it holds.
pub struct FieldPlan<'a> {
    pub name: String,
    pub ty: FieldType,
    pub column: &'a ColumnDef,
}

impl FieldPlan<'_> {
    fn tokens(&self, key_fields: &KeyFields) -> TokenStream {
        let column = self.column;
        let mut attributes: Vec<TokenStream> = Vec::new();
        if duckspec::spec::names::unraw(&self.name) != column.name {
            let name = lit(&column.name);
            attributes.push(quote!(name = #name));
        }
        let (ty, sql_type) = match &self.ty {
            FieldType::Mapped { text, sql_type, .. } => (text.clone(), sql_type.clone()),
            FieldType::Enum(name) => (name.clone(), None),
            FieldType::Text(sql_type) => ("String".to_string(), Some(sql_type.clone())),
        };
        if let Some(sql_type) = sql_type {
            let sql_type = lit(&sql_type);
            attributes.push(quote!(sql_type = #sql_type));
        }
        if key_fields.primary_key {
            attributes.push(quote!(primary_key));
        }
        if key_fields.unique {
            attributes.push(quote!(unique));
        }
        if let Some(default) = &column.default {
            let default = lit(default);
            attributes.push(quote!(default = #default));
        }
        if let Some(expression) = &column.generated {
            let expression = lit(expression);
            attributes.push(quote!(generated = #expression));
        }
        if let Some(collation) = &column.collation {
            let collation = lit(collation);
            attributes.push(quote!(collate = #collation));
        }
        if let Some(target) = &key_fields.references {
            let target = lit(target);
            attributes.push(quote!(references = #target));
        }
        if let Some(method) = &column.compression {
            let method = lit(&method.to_lowercase());
            attributes.push(quote!(compression = #method));
        }
        if let Some(comment) = &column.comment {
            let comment = lit(comment);
            attributes.push(quote!(comment = #comment));
        }
        let docs = docs(column.comment.as_deref());
        let attributes = (!attributes.is_empty()).then(|| quote!(#[column(#(#attributes),*)]));
        let name = ident(&self.name);
        let ty: syn::Type = syn::parse_str(&ty).expect("rust_type writes valid Rust types");
        let ty = if column.nullable { quote!(Option<#ty>) } else { quote!(#ty) };
        quote! {
            #docs
            #attributes
            pub #name: #ty,
        }
    }
}

/// The one-column constraints a field carries itself.
#[derive(Default)]
struct KeyFields {
    primary_key: bool,
    unique: bool,
    references: Option<String>,
}

/// `t(x, y)` or `schema.t(x)` as `references` takes it.
fn target(schema: &str, table: &str, columns: &[String]) -> String {
    let mut text = if schema.eq_ignore_ascii_case(duckspec::spec::DEFAULT_SCHEMA) {
        table.to_string()
    } else {
        format!("{schema}.{table}")
    };
    if !columns.is_empty() {
        text.push('(');
        text.push_str(&columns.join(", "));
        text.push(')');
    }
    text
}

/// The `#[derive(Table)]` struct for `table`, checked against `spec` (as the attribute writes it).
pub fn table_struct(table: &TableDef, name: &str, fields: &[FieldPlan], spec: &str) -> TokenStream {
    let field_of = |column: &str| -> Ident {
        let index = table
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(column))
            .expect("a key names columns of its table");
        ident(&fields[index].name)
    };
    let mut table_attributes: Vec<TokenStream> = Vec::new();
    let table_name = lit(&table.display_name());
    let spec = lit(spec);
    table_attributes.push(quote!(name = #table_name));
    table_attributes.push(quote!(spec = #spec));
    let mut per_field: Vec<KeyFields> = table.columns.iter().map(|_| KeyFields::default()).collect();
    let position = |column: &str| table.columns.iter().position(|c| c.name.eq_ignore_ascii_case(column));
    if let Some(key) = &table.primary_key {
        match key.columns.as_slice() {
            [one] if position(one).is_some() => per_field[position(one).unwrap_or(0)].primary_key = true,
            columns => {
                let idents = columns.iter().map(|c| field_of(c));
                table_attributes.push(quote!(primary_key(#(#idents),*)));
            }
        }
    }
    for key in &table.unique {
        match key.columns.as_slice() {
            [one] if position(one).is_some_and(|i| !per_field[i].unique) => {
                per_field[position(one).unwrap_or(0)].unique = true
            }
            columns => {
                let idents = columns.iter().map(|c| field_of(c));
                table_attributes.push(quote!(unique(#(#idents),*)));
            }
        }
    }
    for check in &table.checks {
        let expression = lit(&check.expression);
        table_attributes.push(quote!(check = #expression));
    }
    for fk in &table.foreign_keys {
        let target_text = target(&fk.schema, &fk.table, &fk.referenced);
        match fk.columns.as_slice() {
            [one] if position(one).is_some_and(|i| per_field[i].references.is_none()) => {
                per_field[position(one).unwrap_or(0)].references = Some(target_text)
            }
            columns => {
                let idents = columns.iter().map(|c| field_of(c));
                let target_text = lit(&target_text);
                table_attributes.push(quote!(foreign_key((#(#idents),*), references = #target_text)));
            }
        }
    }
    if let Some(comment) = &table.comment {
        let comment = lit(comment);
        table_attributes.push(quote!(comment = #comment));
    }
    let docs = match &table.comment {
        Some(comment) => docs(Some(comment)),
        None => {
            let line = format!(" A row of `{}`.", table.display_name());
            quote!(#[doc = #line])
        }
    };
    let name = ident(name);
    let fields = fields.iter().zip(&per_field).map(|(field, keys)| field.tokens(keys));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, duckspec::Table)]
        #[table(#(#table_attributes),*)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The `#[derive(SqlEnum)]` enum for an ENUM type.
pub fn sql_enum(plan: &EnumPlan, doc: &str) -> TokenStream {
    let name = ident(&plan.name);
    let doc = format!(" {doc}");
    let variants = plan.variants.iter().map(|(variant, rename)| {
        let variant = ident(variant);
        let rename = rename.as_deref().map(|label| {
            let label = lit(label);
            quote!(#[sql(rename = #label)])
        });
        quote!(#rename #variant,)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, duckspec::SqlEnum)]
        pub enum #name {
            #(#variants)*
        }
    }
}

//! The typed model of a `#[derive(Table)]` input: the struct, its fields and their attributes.

use duckspec_spec::names::snake_case;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr::{ColumnAttrs, TableAttrs};
use crate::ctxt::Ctxt;
use crate::mapping::option_inner;

pub struct Container<'a> {
    pub ident: &'a Ident,
    pub attrs: TableAttrs,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    /// The declared type.
    pub ty: &'a Type,
    /// The type without `Option`.
    pub value_ty: &'a Type,
    pub nullable: bool,
    pub attrs: ColumnAttrs,
    /// The column name: `#[column(name)]` or the field name.
    pub column: String,
}

impl<'a> Container<'a> {
    /// The model, or `None` (with errors in `cx`) when the input cannot be a table.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Container<'a>> {
        let attrs = TableAttrs::parse(cx, &input.attrs);
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(_) => {
                    cx.error_spanned_by(&input.ident, "#[derive(Table)] needs named fields: each field is a column named after it; a tuple struct has no names");
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(Table)] needs a struct with at least one named field",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(data.enum_token, "#[derive(Table)] is for structs; for an ENUM column type derive `duckspec::SqlEnum` on the enum");
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(data.union_token, "#[derive(Table)] is for structs, not unions");
                return None;
            }
        };
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "a table struct cannot be generic: its columns must have one SQL type each",
            );
            return None;
        }
        if named.named.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                "#[derive(Table)] needs a struct with at least one named field",
            );
            return None;
        }
        let fields = named
            .named
            .iter()
            .map(|field| {
                let ident = field.ident.as_ref().expect("named fields have names");
                let attrs = ColumnAttrs::parse(cx, &field.attrs);
                let column = match &attrs.name {
                    Some(name) => name.value.clone(),
                    None => unraw(ident),
                };
                let (value_ty, nullable) = match option_inner(&field.ty) {
                    Some(inner) => (inner, true),
                    None => (&field.ty, false),
                };
                Field { ident, ty: &field.ty, value_ty, nullable, attrs, column }
            })
            .collect();
        Some(Container { ident: &input.ident, attrs, fields })
    }

    /// The table name: `#[table(name)]` or the struct name in snake_case.
    pub fn table_name(&self) -> String {
        match &self.attrs.name {
            Some(name) => name.value.clone(),
            None => snake_case(&unraw(self.ident)),
        }
    }

    /// The field that holds column `name` (case-insensitive, like DuckDB).
    pub fn field_for_column(&self, name: &str) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.column.eq_ignore_ascii_case(name))
    }

    /// The field an attribute list names, by field name or column name.
    pub fn field_named(&self, ident: &Ident) -> Option<&Field<'a>> {
        let name = unraw(ident);
        self.fields.iter().find(|f| unraw(f.ident) == name).or_else(|| self.field_for_column(&name))
    }
}

/// The name an identifier stands for: `r#type` → `type`.
pub fn unraw(ident: &Ident) -> String {
    duckspec_spec::names::unraw(&ident.to_string()).to_string()
}

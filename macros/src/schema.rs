//! `#[derive(Schema)]`: a set of tables checked as a whole against one spec.
//!
//! The table names of the listed structs are only known to their own derives, so the coverage
//! rules are const assertions over `Table::NAME` / `Table::SPEC`: they fail at compile time, with
//! a message naming the spec, the table and the struct.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::attr::SchemaAttrs;
use crate::ctxt::Ctxt;
use crate::dummy::{wrap_in_const, Private};
use crate::spec_file;

pub fn derive_schema(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let attrs = SchemaAttrs::parse(&cx, &input.attrs);
    let ident = &input.ident;
    if !matches!(&input.data, Data::Struct(data) if matches!(data.fields, Fields::Unit))
        || !input.generics.params.is_empty()
    {
        cx.error_spanned_by(ident, "#[derive(Schema)] goes on a unit struct: `struct Metrics;`");
    }
    let spec = match &attrs.spec {
        Some(spec) => cx.handle(&spec.tokens, spec_file::load(&spec.value)),
        None => {
            cx.error_spanned_by(
                ident,
                "a schema names its spec: `#[schema(spec = \"spec/schema.sql\", tables(A, B))]`",
            );
            None
        }
    };
    let tables = match &attrs.tables {
        Some(tables) => tables.value.clone(),
        None => {
            cx.error_spanned_by(
                ident,
                "a schema lists its table structs: `#[schema(spec = \"…\", tables(A, B))]`",
            );
            Vec::new()
        }
    };
    if let Err(errors) = cx.check() {
        let errors = errors.to_compile_error();
        return if input.generics.params.is_empty() {
            quote!(#errors #[allow(dead_code)] const _: () = ();)
        } else {
            errors
        };
    }
    let spec = spec.expect("checked above");
    let written = &spec.written;
    let include = if spec_file::first_use(&spec.absolute) {
        let absolute = spec.absolute.to_string_lossy().into_owned();
        quote!(
            const _: &str = ::core::include_str!(#absolute);
        )
    } else {
        quote!()
    };
    let ordered: Vec<String> =
        spec.schema.tables_in_dependency_order().iter().map(|t| t.name.clone()).collect();
    let ddl = duckspec_spec::render_schema(&spec.schema);
    let (objects_ddl, views_ddl) = duckspec_spec::render_objects(&spec.schema);
    // Indexes are part of their table's DDL (`TABLE_DDL`); views come after every table.
    let views_ddl: Vec<String> = views_ddl
        .into_iter()
        .filter(|s| !s.starts_with("CREATE UNIQUE INDEX") && !s.starts_with("CREATE INDEX"))
        .collect();
    let table_ddl: Vec<String> = spec
        .schema
        .tables_in_dependency_order()
        .iter()
        .map(|t| duckspec_spec::render_table_objects(&spec.schema, t))
        .collect();

    // Each table's own DDL, as a struct checked against another spec renders it.
    let own_ddl: Vec<(String, String)> =
        spec.schema.tables.iter().map(|t| (t.name.clone(), duckspec_spec::render_table(t))).collect();
    let (own_names, own_ddls): (Vec<&String>, Vec<&String>) = own_ddl.iter().map(|(n, d)| (n, d)).unzip();
    let p = Private;
    let mut assertions = Vec::new();
    // Every spec table is claimed by one listed struct.
    for table in &spec.schema.tables {
        let name = &table.name;
        let at = table.location.as_ref().map(ToString::to_string).unwrap_or_else(|| written.clone());
        let message =
            format!("{at}: table `{name}` is declared in the spec but by none of the structs in `tables(…)`");
        let claims = tables.iter().map(|path| quote!(#p::str_eq(<#path as ::duckspec::Table>::NAME, #name)));
        assertions.push(quote_spanned! {ident.span()=>
            const _: () = if !(false #(|| #claims)*) { ::core::panic!(#message) };
        });
    }
    for (i, path) in tables.iter().enumerate() {
        let label = quote!(#path).to_string().replace(' ', "");
        let names = ordered.iter();
        let not_in_spec =
            format!("struct `{label}` is listed in the schema, but its table is not declared in {written}");
        let other_spec = format!(
            "struct `{label}` is checked against another spec file (or is unchecked), and this schema's spec {written} declares its table differently; copy the table's declaration from that spec (`duckspec ddl` prints it)"
        );
        // A struct checked against another spec (a table duckspec ships, say) may join this schema
        // when this spec declares its table exactly as it renders.
        assertions.push(quote_spanned! {path.span()=>
            const _: () = if !#p::spec_is(<#path as ::duckspec::Table>::SPEC, #written)
                && !#p::table_declared_as(<#path as ::duckspec::Table>::NAME, <#path as ::duckspec::Table>::DDL, &[#((#own_names, #own_ddls)),*])
            {
                ::core::panic!(#other_spec)
            };
            const _: () = if !(false #(|| #p::str_eq(<#path as ::duckspec::Table>::NAME, #names))*) {
                ::core::panic!(#not_in_spec)
            };
        });
        for other in &tables[i + 1..] {
            let other_label = quote!(#other).to_string().replace(' ', "");
            let message = format!("structs `{label}` and `{other_label}` claim the same table");
            assertions.push(quote_spanned! {other.span()=>
                const _: () = if #p::str_eq(<#path as ::duckspec::Table>::NAME, <#other as ::duckspec::Table>::NAME) {
                    ::core::panic!(#message)
                };
            });
        }
    }
    wrap_in_const(quote! {
            #include
            #(#assertions)*

            #[automatically_derived]
            impl ::duckspec::Schema for #ident {
                const SPEC: &'static str = #written;
                const TABLES: &'static [&'static str] = &[#(#ordered),*];
                const DDL: &'static str = #ddl;
                const TABLE_DDL: &'static [(&'static str, &'static str)] = &[#((#ordered, #table_ddl)),*];
                const OBJECTS_DDL: &'static [&'static str] = &[#(#objects_ddl),*];
                const VIEWS_DDL: &'static [&'static str] = &[#(#views_ddl),*];

                fn table_defs() -> ::std::vec::Vec<&'static ::duckspec::spec::TableDef> {
                    let mut __defs = ::std::vec![#(<#tables as ::duckspec::Table>::table_def()),*];
                    __defs.sort_by_key(|__def| {
                        <Self as ::duckspec::Schema>::TABLES.iter().position(|__name| __name.eq_ignore_ascii_case(&__def.name))
                    });
                    __defs
                }
            }
    })
}

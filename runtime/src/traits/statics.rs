//! [`TableStatics`]: what a table computes once from its definition and keeps for the life of the
//! program — the parsed [`TableDef`], its written columns, its fields as data, its Arrow schema —
//! in one static per
//! table, which `#[derive(Table)]` declares (`Table::table_statics`). Per table, not in a global map.

use std::sync::OnceLock;

use duckspec_spec::{parse_table_statement, TableDef};

use super::FieldPlan;

/// A table's values computed once: see the module. Generated code declares one per table as
/// `static S: TableStatics = TableStatics::new();`.
#[doc(hidden)]
pub struct TableStatics {
    def: OnceLock<TableDef>,
    written: OnceLock<Box<[usize]>>,
    schema: OnceLock<duckdb::arrow::datatypes::SchemaRef>,
    fields: OnceLock<Box<[FieldPlan]>>,
}

impl Default for TableStatics {
    fn default() -> Self {
        TableStatics::new()
    }
}

impl TableStatics {
    /// Nothing computed yet.
    pub const fn new() -> TableStatics {
        TableStatics {
            def: OnceLock::new(),
            written: OnceLock::new(),
            schema: OnceLock::new(),
            fields: OnceLock::new(),
        }
    }

    /// The definition, parsed on first use from the derive's own rendered DDL (the same crate
    /// rendered it at compile time, so failure is a duckspec bug).
    pub fn def(&'static self, name: &str, ddl: &str) -> &'static TableDef {
        self.def.get_or_init(|| {
            parse_table_statement(name, ddl)
                .unwrap_or_else(|e| panic!("duckspec bug: generated DDL does not parse: {e}"))
        })
    }

    /// The positions of `def`'s non-generated columns (those rows write), `def` being this
    /// table's definition.
    pub(crate) fn written(&'static self, def: &TableDef) -> &'static [usize] {
        self.written
            .get_or_init(|| (0..def.columns.len()).filter(|&i| def.columns[i].generated.is_none()).collect())
    }

    /// The table's fields as data, built by `build` from its definition `def` on first use. A
    /// function pointer, not a closure, so this is compiled once, not once per table.
    pub(crate) fn fields(
        &'static self,
        def: &'static TableDef,
        build: fn(&'static TableDef) -> Vec<FieldPlan>,
    ) -> &'static [FieldPlan] {
        self.fields.get_or_init(|| build(def).into_boxed_slice())
    }

    /// The Arrow schema of the table's encoded batches, built by `build` on first use.
    pub(crate) fn schema(
        &'static self,
        build: impl FnOnce() -> duckdb::arrow::datatypes::SchemaRef,
    ) -> duckdb::arrow::datatypes::SchemaRef {
        self.schema.get_or_init(build).clone()
    }
}

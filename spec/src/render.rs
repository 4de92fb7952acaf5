//! Canonical DDL: what `Table::DDL`, `duckspec ddl` and migrations execute.

use crate::ident::quote_ident;
use crate::model::{IndexDef, Schema, TableDef};

fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The canonical `CREATE TABLE IF NOT EXISTS` statement for one table, followed by its
/// `COMMENT ON` statements; identifiers quoted only where DuckDB needs it. Parsing the result
/// gives back an equal [`TableDef`].
///
/// ```
/// let schema = duckspec_spec::parse_schema("s.sql", "create table \"order\" (\"group\" int4 primary key, note text default ('none'))").unwrap();
/// assert_eq!(
///     duckspec_spec::render_table(&schema.tables[0]),
///     "CREATE TABLE IF NOT EXISTS \"order\" (\n    \"group\" INTEGER NOT NULL,\n    note VARCHAR DEFAULT 'none',\n    PRIMARY KEY (\"group\")\n);\n"
/// );
/// ```
pub fn render_table(table: &TableDef) -> String {
    let mut lines: Vec<String> = Vec::new();
    for column in &table.columns {
        let mut line = format!("{} {}", quote_ident(&column.name), column.sql_type);
        if !column.nullable {
            line.push_str(" NOT NULL");
        }
        if let Some(default) = &column.default {
            line.push_str(" DEFAULT ");
            line.push_str(default);
        }
        lines.push(line);
    }
    if let Some(key) = &table.primary_key {
        lines.push(format!("PRIMARY KEY {}", key.column_list()));
    }
    for key in &table.unique {
        lines.push(format!("UNIQUE {}", key.column_list()));
    }
    for check in &table.checks {
        lines.push(format!("CHECK ({})", check.expression));
    }
    for fk in &table.foreign_keys {
        let columns: Vec<String> = fk.columns.iter().map(|c| quote_ident(c)).collect();
        let mut line = format!("FOREIGN KEY ({}) REFERENCES {}", columns.join(", "), quote_ident(&fk.table));
        if !fk.referenced.is_empty() {
            let referenced: Vec<String> = fk.referenced.iter().map(|c| quote_ident(c)).collect();
            line.push_str(&format!(" ({})", referenced.join(", ")));
        }
        lines.push(line);
    }
    let mut ddl = format!(
        "CREATE TABLE IF NOT EXISTS {} (\n    {}\n);\n",
        quote_ident(&table.name),
        lines.join(",\n    ")
    );
    ddl.push_str(&render_comments(table));
    ddl
}

/// The `COMMENT ON` statements for a table and its columns.
pub(crate) fn render_comments(table: &TableDef) -> String {
    let mut out = String::new();
    let name = quote_ident(&table.name);
    if let Some(comment) = &table.comment {
        out.push_str(&format!("COMMENT ON TABLE {name} IS {};\n", string_literal(comment)));
    }
    for column in &table.columns {
        if let Some(comment) = &column.comment {
            out.push_str(&format!(
                "COMMENT ON COLUMN {name}.{} IS {};\n",
                quote_ident(&column.name),
                string_literal(comment)
            ));
        }
    }
    out
}

/// The whole schema as canonical DDL: sequences, then tables in dependency order (each with its
/// comments), then indexes.
pub fn render_schema(schema: &Schema) -> String {
    let mut out = String::new();
    for sequence in &schema.sequences {
        out.push_str(&sequence.statement);
        out.push_str(";\n");
    }
    for table in schema.tables_in_dependency_order() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&render_table(table));
    }
    if !schema.indexes.is_empty() {
        out.push('\n');
    }
    for index in &schema.indexes {
        out.push_str(&render_index(index));
    }
    out
}

fn render_index(index: &IndexDef) -> String {
    format!(
        "CREATE {}INDEX IF NOT EXISTS {} ON {} ({});\n",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&index.name),
        quote_ident(&index.table),
        index.columns.join(", ")
    )
}

/// One table of a schema as it is created: [`render_table`] followed by the schema's indexes on
/// that table. Every statement is idempotent (`IF NOT EXISTS`).
pub fn render_table_objects(schema: &Schema, table: &TableDef) -> String {
    let mut out = render_table(table);
    for index in schema.indexes.iter().filter(|i| i.table.eq_ignore_ascii_case(&table.name)) {
        out.push_str(&render_index(index));
    }
    out
}

//! Canonical DDL: what `Table::DDL`, `duckspec ddl` and migrations execute. Parsing what is
//! rendered gives back an equal schema, and DuckDB reads it back as it reads the original spec.

use crate::ident::{quote_ident, requires_quotes};
use crate::model::{qualified_name, IndexDef, Schema, SequenceDef, TableDef, TypeDef, ViewDef};
use crate::types::SqlType;

fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A collation (`nocase.noaccent`, `dotted`) or compression method (`RLE`) as DDL writes it:
/// bare when it (each dot-separated part of a `dotted` one) could stand bare in any case,
/// otherwise double-quoted whole with `"` doubled — DuckDB reads `COLLATE "as"` and `COLLATE
/// "nocase.noaccent"` as those names — so no name read from a spec or a database can end the
/// statement or start another.
fn name_in_ddl(name: &str, dotted: bool) -> String {
    let bare = |part: &str| !requires_quotes(&part.to_lowercase());
    let bare = if dotted { name.split('.').all(bare) } else { bare(name) };
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// The canonical `CREATE TABLE IF NOT EXISTS` statement for one table, followed by its
/// `COMMENT ON` statements; identifiers quoted only where DuckDB needs it.
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
        let mut line = quote_ident(&column.name);
        if column.sql_type != SqlType::Inferred {
            line.push(' ');
            line.push_str(&column.sql_type.to_string());
        }
        if let Some(collation) = &column.collation {
            line.push_str(&format!(" COLLATE {}", name_in_ddl(collation, true)));
        }
        if !column.nullable && column.generated.is_none() {
            line.push_str(" NOT NULL");
        }
        if let Some(default) = &column.default {
            line.push_str(" DEFAULT ");
            line.push_str(default);
        }
        if let Some(expression) = &column.generated {
            line.push_str(&format!(" GENERATED ALWAYS AS ({expression}) VIRTUAL"));
        }
        if let Some(method) = &column.compression {
            line.push_str(&format!(" USING COMPRESSION {}", name_in_ddl(method, false)));
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
        lines.push(fk.describe());
    }
    let mut ddl = format!(
        "CREATE TABLE IF NOT EXISTS {} (\n    {}\n);\n",
        table.qualified_name(),
        lines.join(",\n    ")
    );
    ddl.push_str(&render_comments(table));
    ddl
}

/// The `COMMENT ON` statements for a table and its columns.
pub(crate) fn render_comments(table: &TableDef) -> String {
    let mut out = String::new();
    let name = table.qualified_name();
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

/// `CREATE TYPE IF NOT EXISTS name AS type;`
pub fn render_type(def: &TypeDef) -> String {
    format!("CREATE TYPE IF NOT EXISTS {} AS {};\n", qualified_name(&def.schema, &def.name), def.sql_type)
}

/// `CREATE SEQUENCE …;` with every option explicit, and its comment.
pub fn render_sequence(def: &SequenceDef) -> String {
    let mut out = format!(
        "CREATE SEQUENCE IF NOT EXISTS {} {};\n",
        qualified_name(&def.schema, &def.name),
        def.describe()
    );
    if let Some(comment) = &def.comment {
        out.push_str(&format!(
            "COMMENT ON SEQUENCE {} IS {};\n",
            qualified_name(&def.schema, &def.name),
            string_literal(comment)
        ));
    }
    out
}

/// The view's statement as written (made idempotent), and its comment.
pub fn render_view(def: &ViewDef) -> String {
    let sql = def.sql.trim_end_matches(';');
    let sql = match sql.strip_prefix("CREATE VIEW ") {
        Some(rest) if !rest.starts_with("IF NOT EXISTS") => format!("CREATE VIEW IF NOT EXISTS {rest}"),
        _ => sql.to_string(),
    };
    let mut out = format!("{sql};\n");
    if let Some(comment) = &def.comment {
        out.push_str(&format!(
            "COMMENT ON VIEW {} IS {};\n",
            qualified_name(&def.schema, &def.name),
            string_literal(comment)
        ));
    }
    out
}

/// `CREATE [UNIQUE] INDEX IF NOT EXISTS name ON table (…);`
pub fn render_index(index: &IndexDef) -> String {
    format!(
        "CREATE {}INDEX IF NOT EXISTS {} ON {} ({});\n",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&index.name),
        qualified_name(&index.schema, &index.table),
        index.columns.join(", ")
    )
}

/// The whole schema as canonical DDL, in an order DuckDB can run: schemas, types, sequences, tables
/// in dependency order (each with its comments), views, indexes.
pub fn render_schema(schema: &Schema) -> String {
    let mut sections: Vec<String> = Vec::new();
    let mut preamble = String::new();
    for def in &schema.schemas {
        preamble.push_str(&format!("CREATE SCHEMA IF NOT EXISTS {};\n", quote_ident(&def.name)));
    }
    for def in &schema.types {
        preamble.push_str(&render_type(def));
    }
    for def in &schema.sequences {
        preamble.push_str(&render_sequence(def));
    }
    if !preamble.is_empty() {
        sections.push(preamble);
    }
    for table in schema.tables_in_dependency_order() {
        sections.push(render_table(table));
    }
    let mut tail = String::new();
    for view in &schema.views {
        tail.push_str(&render_view(view));
    }
    for index in &schema.indexes {
        tail.push_str(&render_index(index));
    }
    if !tail.is_empty() {
        sections.push(tail);
    }
    sections.join("\n")
}

/// The statements that create a schema's objects other than tables, in the order they can run:
/// schemas, types and sequences first (`before`), views and indexes after the tables (`after`).
pub fn render_objects(schema: &Schema) -> (Vec<String>, Vec<String>) {
    let mut before = Vec::new();
    for def in &schema.schemas {
        before.push(format!("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(&def.name)));
    }
    before.extend(schema.types.iter().map(|t| render_type(t).trim_end().to_string()));
    before.extend(schema.sequences.iter().map(|s| render_sequence(s).trim_end().to_string()));
    let mut after: Vec<String> = schema.views.iter().map(|v| render_view(v).trim_end().to_string()).collect();
    after.extend(schema.indexes.iter().map(|i| render_index(i).trim_end().to_string()));
    (before, after)
}

/// One table of a schema as it is created: [`render_table`] followed by the schema's indexes on
/// that table. Every statement is idempotent (`IF NOT EXISTS`).
pub fn render_table_objects(schema: &Schema, table: &TableDef) -> String {
    let mut out = render_table(table);
    for index in schema
        .indexes
        .iter()
        .filter(|i| i.schema.eq_ignore_ascii_case(&table.schema) && i.table.eq_ignore_ascii_case(&table.name))
    {
        out.push_str(&render_index(index));
    }
    out
}

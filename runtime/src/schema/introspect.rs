//! Reading a live database's schema through `duckdb_columns()` / `duckdb_constraints()`, into
//! the same model (and through the same normalizer) as a spec file.

use duckdb::types::Value;
use duckdb::Connection;
use duckspec_spec::{normalize_expr, Check, ColumnDef, ForeignKey, Key, Origin, Schema, SqlType, TableDef};

use crate::error::Error;

/// The schema of the `main` schema of `conn`'s current database: every table (in creation
/// order) with its columns and constraints, canonical. Nothing is changed; this only reads
/// DuckDB's catalog functions. Sequences and indexes are not read.
///
/// ```
/// let conn = duckspec::duckdb::Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE t (id INT4 PRIMARY KEY, note TEXT DEFAULT ('x'))")?;
/// let schema = duckspec::read_schema(&conn, duckspec::spec::Origin::Database(":memory:".into()))?;
/// let table = schema.table("t").unwrap();
/// assert_eq!(table.columns[0].describe_type(), "INTEGER NOT NULL");
/// assert_eq!(table.columns[1].default.as_deref(), Some("'x'"));
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn read_schema(conn: &Connection, origin: Origin) -> Result<Schema, Error> {
    let mut schema = Schema::new(origin);
    let mut tables = conn.prepare(
        "SELECT table_name, comment FROM duckdb_tables() \
         WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary \
         ORDER BY table_oid",
    )?;
    let rows =
        tables.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?)))?;
    for row in rows {
        let (name, comment) = row?;
        let mut table = TableDef::new(name);
        table.comment = comment.filter(|c| !c.is_empty());
        schema.tables.push(table);
    }

    let mut columns = conn.prepare(
        "SELECT table_name, column_name, data_type, is_nullable, column_default, comment \
         FROM duckdb_columns() \
         WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal \
         ORDER BY table_name, column_index",
    )?;
    let rows = columns.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, Option<String>>(4)?,
            row.get::<_, Option<String>>(5)?,
        ))
    })?;
    for row in rows {
        let (table_name, column_name, data_type, nullable, default, comment) = row?;
        let Some(table) = schema.tables.iter_mut().find(|t| t.name == table_name) else {
            continue; // a view's columns
        };
        let sql_type =
            SqlType::parse(&data_type).map_err(|e| introspection(&table_name, "type", &data_type, e))?;
        let mut column = ColumnDef::new(column_name, sql_type);
        column.nullable = nullable;
        column.default = default
            .map(|d| normalize_expr(&d).map_err(|e| introspection(&table_name, "default", &d, e)))
            .transpose()?;
        column.comment = comment.filter(|c| !c.is_empty());
        table.columns.push(column);
    }

    let mut constraints = conn.prepare(
        "SELECT table_name, constraint_type, constraint_column_names, expression, referenced_table, referenced_column_names \
         FROM duckdb_constraints() \
         WHERE database_name = current_database() AND schema_name = 'main' \
         ORDER BY table_name, constraint_index",
    )?;
    let rows = constraints.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Value>(2)?,
            row.get::<_, Option<String>>(3)?,
            row.get::<_, Option<String>>(4)?,
            row.get::<_, Value>(5)?,
        ))
    })?;
    for row in rows {
        let (table_name, kind, columns, expression, referenced_table, referenced_columns) = row?;
        let Some(table) = schema.tables.iter_mut().find(|t| t.name == table_name) else {
            continue;
        };
        let columns = strings(columns);
        match kind.as_str() {
            "PRIMARY KEY" => table.primary_key = Some(Key::new(columns)),
            "UNIQUE" => table.unique.push(Key::new(columns)),
            "CHECK" => {
                let text = expression.unwrap_or_default();
                let expression =
                    normalize_expr(&text).map_err(|e| introspection(&table_name, "check", &text, e))?;
                table.checks.push(Check { expression, location: None });
            }
            "FOREIGN KEY" => table.foreign_keys.push(ForeignKey {
                columns,
                table: referenced_table.unwrap_or_default(),
                referenced: strings(referenced_columns),
                location: None,
            }),
            // NOT NULL is read from `duckdb_columns().is_nullable`.
            _ => {}
        }
    }
    for table in &mut schema.tables {
        table.normalize();
    }
    Ok(schema)
}

fn strings(value: Value) -> Vec<String> {
    match value {
        Value::List(items) | Value::Array(items) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::Text(text) => Some(text),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn introspection(table: &str, what: &'static str, value: &str, error: duckspec_spec::Error) -> Error {
    Error::Introspection { table: table.to_string(), what, value: value.to_string(), reason: error.message() }
}

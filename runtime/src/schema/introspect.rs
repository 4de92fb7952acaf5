//! Reading a live database's schema from DuckDB's catalog functions into the same model (and
//! through the same normalizer) as a spec file: `duckdb_schemas()`, `duckdb_types()`,
//! `duckdb_sequences()`, `duckdb_tables()` (comments, and collations and compression from its
//! `sql`), `duckdb_columns()` (types, nullability, defaults, generated columns, comments),
//! `duckdb_constraints()` (keys, checks, foreign keys), `duckdb_views()` and `duckdb_indexes()`.
//! An object duckspec cannot model is listed in `Schema::unreadable` with the reason; everything
//! else is still read.

use duckdb::types::Value;
use duckdb::Connection;
use duckspec_spec::{
    normalize_expr, parse_table_statement, Check, ColumnDef, ForeignKey, IndexDef, Key, ObjectKind, Origin,
    Schema, SchemaDef, SequenceDef, SqlType, TableDef, TypeDef, Unreadable, ViewDef,
};

use crate::error::Error;

/// The schema of `conn`'s current database: every user schema, named type, sequence, table (in
/// creation order, with its columns and constraints), view and index, canonical. Nothing is
/// changed; this only reads DuckDB's catalog functions.
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
    read_schemas(conn, &mut schema)?;
    read_types(conn, &mut schema)?;
    read_sequences(conn, &mut schema)?;
    read_tables(conn, &mut schema)?;
    read_views(conn, &mut schema)?;
    read_indexes(conn, &mut schema)?;
    Ok(schema)
}

const CURRENT: &str = "database_name = current_database()";

fn unreadable(schema: &mut Schema, kind: ObjectKind, name: String, reason: String) {
    schema.unreadable.push(Unreadable { kind, name, reason });
}

fn display_name(schema_name: &str, name: &str) -> String {
    if schema_name.eq_ignore_ascii_case(duckspec_spec::DEFAULT_SCHEMA) {
        name.to_string()
    } else {
        format!("{schema_name}.{name}")
    }
}

fn read_schemas(conn: &Connection, schema: &mut Schema) -> Result<(), Error> {
    let mut statement = conn.prepare(&format!(
        "SELECT schema_name FROM duckdb_schemas() WHERE {CURRENT} AND NOT internal ORDER BY oid"
    ))?;
    for name in statement.query_map([], |row| row.get::<_, String>(0))? {
        schema.schemas.push(SchemaDef { name: name?, location: None });
    }
    Ok(())
}

fn read_types(conn: &Connection, schema: &mut Schema) -> Result<(), Error> {
    let mut statement = conn.prepare(&format!(
        "SELECT schema_name, type_name FROM duckdb_types() WHERE {CURRENT} AND NOT internal ORDER BY type_oid"
    ))?;
    let names: Vec<(String, String)> =
        statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<_, _>>()?;
    for (schema_name, name) in names {
        // The catalog lists a type's kind, not its definition; `typeof` spells it out. Both names
        // quoted: in a type position even keywords a column may be named (`coalesce`) need it.
        let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        let qualified = format!("{}.{}", quoted(&schema_name), quoted(&name));
        let spelling: String =
            conn.query_row(&format!("SELECT typeof(NULL::{qualified})"), [], |row| row.get(0))?;
        match SqlType::parse(&spelling) {
            Ok(sql_type) => {
                schema.types.push(TypeDef { schema: schema_name, name, sql_type, location: None })
            }
            Err(e) => unreadable(
                schema,
                ObjectKind::Type,
                display_name(&schema_name, &name),
                format!("type `{spelling}`: {}", e.message()),
            ),
        }
    }
    Ok(())
}

fn read_sequences(conn: &Connection, schema: &mut Schema) -> Result<(), Error> {
    let mut statement = conn.prepare(&format!(
        "SELECT schema_name, sequence_name, start_value, min_value, max_value, increment_by, cycle, comment \
         FROM duckdb_sequences() WHERE {CURRENT} AND NOT temporary ORDER BY sequence_oid"
    ))?;
    let rows = statement.query_map([], |row| {
        let mut sequence = SequenceDef::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get(5)?);
        sequence.start = row.get(2)?;
        sequence.min = row.get(3)?;
        sequence.max = row.get(4)?;
        sequence.cycle = row.get(6)?;
        sequence.comment = row.get::<_, Option<String>>(7)?.filter(|c| !c.is_empty());
        Ok(sequence)
    })?;
    for sequence in rows {
        schema.sequences.push(sequence?);
    }
    Ok(())
}

fn read_tables(conn: &Connection, schema: &mut Schema) -> Result<(), Error> {
    let mut tables = conn.prepare(&format!(
        "SELECT schema_name, table_name, comment, sql FROM duckdb_tables() \
         WHERE {CURRENT} AND NOT internal AND NOT temporary ORDER BY table_oid"
    ))?;
    let rows: Vec<(String, String, Option<String>, String)> = tables
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut broken: Vec<(String, String, String)> = Vec::new();
    for (schema_name, name, comment, sql) in rows {
        let mut table = TableDef::new(name.clone());
        table.schema = schema_name.clone();
        table.comment = comment.filter(|c| !c.is_empty());
        // Collations and compression appear only in the table's own DDL.
        match table_options(&sql) {
            Ok(options) => {
                table.columns = options; // placeholders carrying collation/compression, by name
                schema.tables.push(table);
            }
            Err(reason) => broken.push((schema_name, name, reason)),
        }
    }

    let mut columns = conn.prepare(&format!(
        "SELECT schema_name, table_name, column_name, data_type, is_nullable, column_default, is_generated, \
         generation_expression, comment FROM duckdb_columns() \
         WHERE {CURRENT} AND NOT internal ORDER BY schema_name, table_name, column_index"
    ))?;
    type ColumnRow =
        (String, String, String, String, bool, Option<String>, bool, Option<String>, Option<String>);
    let rows: Vec<ColumnRow> = columns
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut read: Vec<(String, String, Vec<ColumnDef>)> = Vec::new();
    for (
        schema_name,
        table_name,
        column_name,
        data_type,
        nullable,
        default,
        generated,
        expression,
        comment,
    ) in rows
    {
        let Some(table) = schema.table_in(&schema_name, &table_name) else {
            continue; // a view's columns, or a table already found unreadable
        };
        let options = table.column(&column_name).cloned();
        let column = (|| -> Result<ColumnDef, String> {
            let sql_type =
                SqlType::parse(&data_type).map_err(|e| format!("type `{data_type}`: {}", e.message()))?;
            let mut column = ColumnDef::new(column_name.clone(), sql_type);
            column.nullable = nullable;
            if generated {
                let text = expression.unwrap_or_default();
                let inner = strip_cast(&text, &column.sql_type).unwrap_or(&text);
                column.generated = Some(
                    normalize_expr(inner)
                        .map_err(|e| format!("generated column expression `{text}`: {}", e.message()))?,
                );
            } else if let Some(text) = default {
                column.default =
                    Some(normalize_expr(&text).map_err(|e| format!("default `{text}`: {}", e.message()))?);
            }
            column.comment = comment.filter(|c| !c.is_empty());
            if let Some(options) = options {
                column.collation = options.collation;
                column.compression = options.compression;
            }
            Ok(column)
        })();
        let entry = match read.iter_mut().find(|(s, t, _)| *s == schema_name && *t == table_name) {
            Some(entry) => entry,
            None => {
                read.push((schema_name.clone(), table_name.clone(), Vec::new()));
                read.last_mut().expect("just pushed")
            }
        };
        match column {
            Ok(column) => entry.2.push(column),
            Err(reason) => broken.push((schema_name, table_name, format!("column {column_name}: {reason}"))),
        }
    }
    for table in &mut schema.tables {
        table.columns = read
            .iter_mut()
            .find(|(s, t, _)| *s == table.schema && *t == table.name)
            .map(|(_, _, columns)| std::mem::take(columns))
            .unwrap_or_default();
    }

    let mut constraints = conn.prepare(&format!(
        "SELECT schema_name, table_name, constraint_type, constraint_column_names, expression, referenced_table, \
         referenced_column_names FROM duckdb_constraints() WHERE {CURRENT} ORDER BY schema_name, table_name, constraint_index"
    ))?;
    type ConstraintRow = (String, String, String, Value, Option<String>, Option<String>, Value);
    let rows: Vec<ConstraintRow> = constraints
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?))
        })?
        .collect::<Result<_, _>>()?;
    for (schema_name, table_name, kind, columns, expression, referenced_table, referenced_columns) in rows {
        let Some(table) = schema.tables.iter_mut().find(|t| t.schema == schema_name && t.name == table_name)
        else {
            continue;
        };
        let columns = strings(columns);
        match kind.as_str() {
            "PRIMARY KEY" => table.primary_key = Some(Key::new(columns)),
            "UNIQUE" => table.unique.push(Key::new(columns)),
            "CHECK" => {
                let text = expression.unwrap_or_default();
                match normalize_expr(&text) {
                    Ok(expression) => table.checks.push(Check { expression, location: None }),
                    Err(e) => {
                        broken.push((schema_name, table_name, format!("check `{text}`: {}", e.message())))
                    }
                }
            }
            "FOREIGN KEY" => table.foreign_keys.push(ForeignKey {
                columns,
                schema: schema_name.clone(),
                table: referenced_table.unwrap_or_default(),
                referenced: strings(referenced_columns),
                location: None,
            }),
            // NOT NULL is read from `duckdb_columns().is_nullable`.
            _ => {}
        }
    }
    for (schema_name, table_name, reason) in broken {
        schema.tables.retain(|t| !(t.schema == schema_name && t.name == table_name));
        let name = display_name(&schema_name, &table_name);
        if !schema.unreadable.iter().any(|u| u.kind == ObjectKind::Table && u.name == name) {
            unreadable(schema, ObjectKind::Table, name, reason);
        }
    }
    for table in &mut schema.tables {
        table.normalize();
    }
    Ok(())
}

/// The collation and compression of each column, from a table's `duckdb_tables().sql` (as
/// placeholder columns carrying only those).
fn table_options(sql: &str) -> Result<Vec<ColumnDef>, String> {
    parse_table_statement("duckdb_tables().sql", sql)
        .map(|table| table.columns)
        .map_err(|e| format!("its DDL `{sql}`: {}", e.message()))
}

/// `CAST(inner AS type)` → `inner`, when the cast is to `sql_type`: DuckDB wraps a generated
/// column's expression in a cast to the column's type.
fn strip_cast<'t>(text: &'t str, sql_type: &SqlType) -> Option<&'t str> {
    let inner = text.strip_prefix("CAST(")?;
    let ty = match sql_type {
        SqlType::Decimal { width, scale } => format!("DECIMAL({width}, {scale})"),
        other => other.to_string(),
    };
    let inner = inner.strip_suffix(&format!(" AS {ty})"))?;
    // The stripped text must be one balanced expression.
    let mut depth = 0i32;
    let mut in_string = false;
    for c in inner.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 0).then_some(inner)
}

fn read_views(conn: &Connection, schema: &mut Schema) -> Result<(), Error> {
    let mut statement = conn.prepare(&format!(
        "SELECT schema_name, view_name, sql, comment FROM duckdb_views() \
         WHERE {CURRENT} AND NOT internal AND NOT temporary ORDER BY view_oid"
    ))?;
    let rows = statement.query_map([], |row| {
        let sql: String = row.get(2)?;
        Ok(ViewDef {
            schema: row.get(0)?,
            name: row.get(1)?,
            sql: sql.clone(),
            canonical: Some(sql),
            comment: row.get::<_, Option<String>>(3)?.filter(|c| !c.is_empty()),
            location: None,
        })
    })?;
    for view in rows {
        schema.views.push(view?);
    }
    Ok(())
}

fn read_indexes(conn: &Connection, schema: &mut Schema) -> Result<(), Error> {
    let mut statement = conn.prepare(&format!(
        "SELECT schema_name, index_name, table_name, is_unique, sql FROM duckdb_indexes() \
         WHERE {CURRENT} AND NOT is_primary ORDER BY index_oid"
    ))?;
    let rows: Vec<(String, String, String, bool, Option<String>)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))?
        .collect::<Result<_, _>>()?;
    for (schema_name, name, table, unique, sql) in rows {
        let sql = sql.unwrap_or_default();
        match index_columns(&sql) {
            Ok(columns) => schema.indexes.push(IndexDef {
                schema: schema_name,
                name,
                table,
                columns,
                unique,
                location: None,
            }),
            Err(reason) => unreadable(schema, ObjectKind::Index, display_name(&schema_name, &name), reason),
        }
    }
    Ok(())
}

/// The indexed expressions of `CREATE [UNIQUE] INDEX name ON table(e1, e2);`, canonical. Quoted
/// names and strings may hold ` ON `, parentheses, commas and quotes (a table `"(as``order"`):
/// only what stands outside quotes separates.
fn index_columns(sql: &str) -> Result<Vec<String>, String> {
    let unreadable = || format!("index DDL `{sql}`");
    // Each character's byte offset with whether it stands outside quotes ('…' and "…"; a doubled
    // quote inside leaves and re-enters, which keeps the state right).
    let mut quote: Option<char> = None;
    let outside: Vec<(usize, char, bool)> = sql
        .char_indices()
        .map(|(i, c)| {
            let free = quote.is_none();
            match (quote, c) {
                (None, '\'' | '"') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            (i, c, free && !matches!(c, '\'' | '"'))
        })
        .collect();
    // The index (in `outside`) of the first unquoted `pattern` (ASCII) at or after byte `from`.
    let free_text = |from: usize, pattern: &str| {
        (0..outside.len()).find(|&k| {
            outside[k].0 >= from
                && sql[outside[k].0..].starts_with(pattern)
                && outside[k..k + pattern.len()].iter().all(|&(_, _, free)| free)
        })
    };
    let on = free_text(0, " ON ").ok_or_else(unreadable)?;
    let open = free_text(outside[on].0, "(").ok_or_else(unreadable)?;
    let close = outside
        .iter()
        .rposition(|&(_, c, free)| free && c == ')')
        .filter(|&c| c > open)
        .ok_or_else(unreadable)?;
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, outside[open].0 + 1);
    for &(i, c, free) in &outside[open + 1..close] {
        match c {
            '(' if free => depth += 1,
            ')' if free => depth -= 1,
            ',' if free && depth == 0 => {
                parts.push(&sql[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&sql[start..outside[close].0]);
    parts
        .into_iter()
        .map(|part| {
            normalize_expr(part.trim())
                .map_err(|e| format!("index expression `{}`: {}", part.trim(), e.message()))
        })
        .collect()
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

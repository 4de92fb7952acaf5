//! DuckDB as the normalizer: DDL run in a fresh in-memory database and read back with
//! [`read_schema`](super::read_schema), so the two sides of every run-time comparison are spelled
//! by the engine itself (types, defaults, generated columns, views, index expressions alike).

use duckdb::Connection;
use duckspec_spec::{Location, Origin, Schema, SourceStatement};

use super::introspect::read_schema;
use crate::error::Error;

/// A spec as DuckDB records it: its statements, as written, run in order in a fresh in-memory
/// database and read back, with the spec's locations attached. A statement DuckDB refuses is
/// [`Error::Refused`] at its location.
pub fn spec_in_engine(spec: &Schema) -> Result<Schema, Error> {
    let conn = engine()?;
    // DuckDB's errors as JSON carry the byte position of what they are about, which places a
    // refusal at its token instead of at the statement's start.
    conn.execute_batch("SET errors_as_json = true")?;
    for statement in &spec.statements {
        conn.execute_batch(&statement.text).map_err(|e| refused(statement, &e))?;
    }
    conn.execute_batch("SET errors_as_json = false")?;
    let mut read = read_schema(&conn, spec.origin.clone())?;
    attach_locations(&mut read, spec);
    Ok(read)
}

/// Statements (canonical DDL duckspec rendered) as DuckDB records them.
pub fn ddl_in_engine<'s>(
    statements: impl IntoIterator<Item = &'s str>,
    origin: Origin,
) -> Result<Schema, Error> {
    let conn = engine()?;
    for statement in statements {
        conn.execute_batch(statement)?;
    }
    read_schema(&conn, origin)
}

/// A fresh in-memory database that never installs or loads an extension on its own: a spec that
/// needs one DuckDB lacks (an ICU collation) is an error saying so, not a download attempt.
fn engine() -> Result<Connection, Error> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;")?;
    Ok(conn)
}

/// A spec statement DuckDB refused, at the token DuckDB names (its `position`, a byte offset in
/// the statement) or else at the statement's start, with DuckDB's `Kind Error: message`.
fn refused(statement: &SourceStatement, error: &duckdb::Error) -> Error {
    let text = error.to_string();
    let json: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&text).ok();
    let field = |name: &str| json.as_ref().and_then(|j| j.get(name)).and_then(serde_json::Value::as_str);
    let mut message = match (field("exception_type"), field("exception_message")) {
        (Some(kind), Some(message)) => format!("{kind} Error: {message}"),
        _ => text.clone(),
    };
    let location = match field("position").and_then(|p| p.parse::<usize>().ok()) {
        Some(position) => location_in(&statement.location, &statement.text, position),
        None => statement.location.clone(),
    };
    if message.contains(crate::engine_messages::NO_COLLATION) {
        message.push_str(
            "; duckspec's bundled DuckDB has its built-in collations (nocase, noaccent, nfc, binary) \
             but not the ICU extension's language collations (duckdb's `icu` feature, which needs a \
             cmake build)",
        );
    }
    Error::Refused { location, message }
}

/// The location of byte `position` of `text`, a statement that starts at `start`.
fn location_in(start: &Location, text: &str, position: usize) -> Location {
    let mut position = position.min(text.len());
    while !text.is_char_boundary(position) {
        position -= 1;
    }
    start.after(&text[..position])
}

/// Copies where each object, column and constraint was written from the parsed spec onto what
/// DuckDB read back, matching by name (and constraints by what they say).
fn attach_locations(read: &mut Schema, parsed: &Schema) {
    for table in &mut read.tables {
        let Some(source) = parsed.table_in(&table.schema, &table.name) else { continue };
        table.location = source.location.clone();
        for column in &mut table.columns {
            column.location = source.column(&column.name).and_then(|c| c.location.clone());
        }
        if let (Some(key), Some(source_key)) = (&mut table.primary_key, &source.primary_key) {
            key.location = source_key.location.clone();
        }
        for key in &mut table.unique {
            key.location = source
                .unique
                .iter()
                .find(|k| k.lowercase_columns() == key.lowercase_columns())
                .and_then(|k| k.location.clone());
        }
        for check in &mut table.checks {
            check.location =
                source.checks.iter().find(|c| c.key() == check.key()).and_then(|c| c.location.clone());
        }
        for fk in &mut table.foreign_keys {
            fk.location =
                source.foreign_keys.iter().find(|f| f.key() == fk.key()).and_then(|f| f.location.clone());
        }
    }
    let same =
        |a: (&str, &str), b: (&str, &str)| a.0.eq_ignore_ascii_case(b.0) && a.1.eq_ignore_ascii_case(b.1);
    for view in &mut read.views {
        view.location = parsed
            .views
            .iter()
            .find(|v| same((&v.schema, &v.name), (&view.schema, &view.name)))
            .and_then(|v| v.location.clone());
    }
    for index in &mut read.indexes {
        index.location = parsed
            .indexes
            .iter()
            .find(|i| same((&i.schema, &i.name), (&index.schema, &index.name)))
            .and_then(|i| i.location.clone());
    }
    for sequence in &mut read.sequences {
        sequence.location = parsed
            .sequences
            .iter()
            .find(|s| same((&s.schema, &s.name), (&sequence.schema, &sequence.name)))
            .and_then(|s| s.location.clone());
    }
    for def in &mut read.types {
        def.location = parsed
            .types
            .iter()
            .find(|t| same((&t.schema, &t.name), (&def.schema, &def.name)))
            .and_then(|t| t.location.clone());
    }
    for def in &mut read.schemas {
        def.location = parsed
            .schemas
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(&def.name))
            .and_then(|s| s.location.clone());
    }
}

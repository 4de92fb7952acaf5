//! `Schema::load` and `Schema::check`: create what is missing, refuse what drifted. The code's
//! side (its tables' DDL and the spec's other objects) is read back from an in-memory DuckDB,
//! so both sides of the comparison are spelled by the engine.

use duckdb::Connection;
use duckspec_spec::{diff_schemas, Drift, DriftKind, Origin, Schema, TableDef};

use super::engine::{ddl_in_engine, spec_in_engine};
use super::introspect::read_schema;
use crate::error::{DriftReport, Error};
use crate::transaction;

/// One table as `Schema::load` creates it: its definition and the spec's DDL for it.
pub struct TableSource {
    /// The code's definition, compared with what exists.
    pub def: &'static TableDef,
    /// The DDL that creates it (`CREATE TABLE IF NOT EXISTS …`, comments, indexes).
    pub ddl: &'static str,
}

/// What a schema creates besides its tables: statements that run before the tables (schemas,
/// types, sequences) and after them (views), each idempotent.
pub struct ObjectSources {
    /// Before the tables.
    pub before: &'static [&'static str],
    /// After the tables.
    pub after: &'static [&'static str],
}

/// What differs between the code and the database behind `conn`, objects the code does not
/// declare left alone. The `Missing*` drifts are what `load` creates.
fn compare(
    conn: &Connection,
    tables: &[TableSource],
    objects: &ObjectSources,
) -> Result<(Vec<Drift>, Schema), Error> {
    let statements = objects.before.iter().chain(tables.iter().map(|t| &t.ddl)).chain(objects.after).copied();
    diff_declared(conn, &ddl_in_engine(statements, Origin::Code)?)
}

/// What differs between `code` (as the engine records it) and the database behind `conn`,
/// objects `code` does not declare left alone; and the database's schema.
fn diff_declared(conn: &Connection, code: &Schema) -> Result<(Vec<Drift>, Schema), Error> {
    let live = read_schema(conn, Origin::Database(database_name(conn)))?;
    Ok((diff_schemas(code, &only_declared(&live, code)), live))
}

/// What differs between a spec read at run time and the database behind `conn`, objects the
/// spec does not declare left alone (other tables, views, types): the comparison
/// `Schema::load` makes for a derived schema, with what the database lacks included.
///
/// ```
/// use duckspec::duckdb::Connection;
///
/// let spec = duckspec::spec::parse_schema("spec.sql", "CREATE TABLE jobs (id BIGINT NOT NULL);")?;
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE jobs (id INTEGER NOT NULL); CREATE TABLE other (x INTEGER);")?;
/// let drifts = duckspec::diff_database(&conn, &spec)?;
/// assert_eq!(drifts.len(), 1); // the column's type; `other` is not the spec's concern
/// assert!(drifts[0].to_string().contains("column jobs.id"), "{}", drifts[0]);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn diff_database(conn: &Connection, spec: &Schema) -> Result<Vec<Drift>, Error> {
    Ok(diff_declared(conn, &spec_in_engine(spec)?)?.0)
}

/// `live` reduced to the objects `code` declares: a schema leaves other tables alone.
fn only_declared(live: &Schema, code: &Schema) -> Schema {
    let mut kept = live.clone();
    kept.tables.retain(|t| code.table_in(&t.schema, &t.name).is_some());
    let same =
        |a: (&str, &str), b: (&str, &str)| a.0.eq_ignore_ascii_case(b.0) && a.1.eq_ignore_ascii_case(b.1);
    kept.views.retain(|v| code.views.iter().any(|c| same((&c.schema, &c.name), (&v.schema, &v.name))));
    kept.indexes.retain(|i| code.indexes.iter().any(|c| same((&c.schema, &c.name), (&i.schema, &i.name))));
    kept.sequences
        .retain(|s| code.sequences.iter().any(|c| same((&c.schema, &c.name), (&s.schema, &s.name))));
    kept.types.retain(|t| code.types.iter().any(|c| same((&c.schema, &c.name), (&t.schema, &t.name))));
    kept.schemas.retain(|s| code.schemas.iter().any(|c| c.name.eq_ignore_ascii_case(&s.name)));
    let declared = |kind: duckspec_spec::ObjectKind, name: &str| match kind {
        duckspec_spec::ObjectKind::Table => {
            code.tables.iter().any(|t| t.display_name().eq_ignore_ascii_case(name))
        }
        duckspec_spec::ObjectKind::View => {
            code.views.iter().any(|v| v.display_name().eq_ignore_ascii_case(name))
        }
        duckspec_spec::ObjectKind::Index => {
            code.indexes.iter().any(|i| i.display_name().eq_ignore_ascii_case(name))
        }
        duckspec_spec::ObjectKind::Sequence => {
            code.sequences.iter().any(|s| s.display_name().eq_ignore_ascii_case(name))
        }
        duckspec_spec::ObjectKind::Type => {
            code.types.iter().any(|t| t.display_name().eq_ignore_ascii_case(name))
        }
        _ => code.schemas.iter().any(|s| s.name.eq_ignore_ascii_case(name)),
    };
    kept.unreadable.retain(|u| declared(u.kind, &u.name));
    kept
}

fn is_missing(drift: &Drift) -> bool {
    matches!(drift.kind, DriftKind::MissingTable | DriftKind::MissingObject)
}

/// What differs between `tables` (and `objects`) and the database behind `conn`, without
/// changing anything; what the database lacks is not a difference here.
pub fn check(
    conn: &Connection,
    tables: &[TableSource],
    objects: &ObjectSources,
) -> Result<Vec<Drift>, Error> {
    let (drifts, _) = compare(conn, tables, objects)?;
    Ok(drifts.into_iter().filter(|d| !is_missing(d)).collect())
}

/// Verifies what exists and creates what is missing, in one transaction. Retries when another
/// connection created the tables concurrently (DuckDB reports a write-write conflict), so two
/// loads at once end with the tables created once and both calls succeeding.
pub fn load(conn: &Connection, tables: &[TableSource], objects: &ObjectSources) -> Result<usize, Error> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match load_once(conn, tables, objects) {
            // The winner's tables are visible to the next attempt, which then only verifies them.
            Err(Error::DuckDb(e)) if attempt < 8 && crate::engine_messages::lost_a_race(&e) => {
                std::thread::sleep(std::time::Duration::from_millis(5 * attempt));
            }
            other => return other,
        }
    }
}

fn load_once(conn: &Connection, tables: &[TableSource], objects: &ObjectSources) -> Result<usize, Error> {
    let transaction = transaction::begin(conn)?;
    let (drifts, live) = compare(conn, tables, objects)?;
    let (missing, drifts): (Vec<Drift>, Vec<Drift>) = drifts.into_iter().partition(is_missing);
    if !drifts.is_empty() {
        return Err(Error::Drift(DriftReport { drifts }));
    }
    let created = tables.iter().filter(|t| live.table_in(&t.def.schema, &t.def.name).is_none()).count();
    if !missing.is_empty() {
        // Every statement is idempotent: what exists (verified above) is left as it is.
        for statement in objects.before.iter().chain(tables.iter().map(|t| &t.ddl)).chain(objects.after) {
            conn.execute_batch(statement)?;
        }
        // What was just created is verified like the rest: `IF NOT EXISTS` silently keeps another
        // object of the same name (a view where a table should be, say).
        let (drifts, _) = compare(conn, tables, objects)?;
        if let Some(missing) = drifts.iter().find(|d| is_missing(d)) {
            return Err(Error::Introspection {
                table: missing.table.clone(),
                what: missing.object.as_str(),
                value: missing.table.clone(),
                reason: "creating it left no such object: another object of that name exists".into(),
            });
        }
        if !drifts.is_empty() {
            return Err(Error::Drift(DriftReport { drifts }));
        }
    }
    // Any early return above drops the guard, which rolls everything back.
    transaction::commit(transaction)?;
    Ok(created)
}

fn database_name(conn: &Connection) -> String {
    conn.query_row(
        "SELECT coalesce(path, ':memory:') FROM duckdb_databases() WHERE database_name = current_database()",
        [],
        |row| row.get::<_, String>(0),
    )
    .unwrap_or_else(|_| "the database".to_string())
}

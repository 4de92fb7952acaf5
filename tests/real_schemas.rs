//! Whole schemas written the way people write them (the TPC-H schema, a web application's
//! schema, the constructs of DuckDB's CREATE TABLE and type documentation), not one construct at
//! a time: each is read by duckspec, created by DuckDB and compared both ways; every column's type
//! changed on either side, and every column dropped from either side, is drift; `ddl` round-trips.

use duckspec::duckdb::Connection;
use duckspec::spec::{diff_schemas, parse_schema, render_schema, Origin, Schema, SqlType};

const SCHEMAS: &[(&str, &str)] = &[
    ("tpch.sql", include_str!("spec/real/tpch.sql")),
    ("app.sql", include_str!("spec/real/app.sql")),
    ("docs_style.sql", include_str!("spec/real/docs_style.sql")),
];

fn database(sql: &str) -> Schema {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("DuckDB refuses: {e}\n{sql}"));
    duckspec::read_schema(&conn, Origin::Database("db".into())).unwrap()
}

/// The spec as DuckDB records it.
fn engine(parsed: &Schema) -> Schema {
    duckspec::spec_in_engine(parsed).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn real_schemas_agree_with_their_database_and_every_change_is_drift() {
    let mut changes = 0;
    for (file, sql) in SCHEMAS {
        let parsed = parse_schema(file, sql).unwrap_or_else(|e| panic!("{e}"));
        let db = database(sql);
        let spec = engine(&parsed);
        assert!(diff_schemas(&spec, &db).is_empty(), "{file}: {:#?}", diff_schemas(&spec, &db));
        assert!(diff_schemas(&db, &spec).is_empty(), "{file}");
        assert!(!db.tables.is_empty() && db.tables.len() == parsed.tables.len(), "{file}");

        // `ddl` and back: DuckDB reads the rendering as it read the original.
        let rendered = render_schema(&parsed);
        let back = database(&rendered);
        let drifts: Vec<String> = diff_schemas(&spec, &back).iter().map(ToString::to_string).collect();
        assert!(drifts.is_empty(), "{file}: ddl round trip: {drifts:#?}\n{rendered}");

        for (t, table) in parsed.tables.iter().enumerate() {
            for (c, column) in table.columns.iter().enumerate() {
                if column.generated.is_some() {
                    continue;
                }
                // The column's type changed (its default and the table's checks dropped, as they
                // may not hold for the new type; keys and references on it kept where DuckDB
                // accepts them).
                let mut changed = parsed.clone();
                let target = &mut changed.tables[t];
                target.checks.clear();
                target.columns[c].default = None;
                target.columns[c].collation = None;
                target.columns[c].sql_type =
                    if column.sql_type == SqlType::Varchar { SqlType::BigInt } else { SqlType::Varchar };
                let Some(other) = try_database(&render_schema(&changed)) else { continue };
                let name = format!("{}.{}", table.name, column.name);
                let names_it = |drifts: &[duckspec::spec::Drift]| {
                    drifts
                        .iter()
                        .any(|d| d.column.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&column.name)))
                };
                assert!(
                    names_it(&diff_schemas(&spec, &other)),
                    "{file}: type of {name} changed in the database, missed"
                );
                assert!(
                    names_it(&diff_schemas(&other, &db)),
                    "{file}: type of {name} changed in the spec, missed"
                );
                changes += 1;

                // The column dropped.
                let mut dropped = parsed.clone();
                let target = &mut dropped.tables[t];
                target.columns.remove(c);
                let Some(other) = try_database(&render_schema(&dropped)) else { continue };
                assert!(
                    names_it(&diff_schemas(&spec, &other)),
                    "{file}: {name} missing in the database, missed"
                );
                assert!(names_it(&diff_schemas(&other, &db)), "{file}: {name} missing in the spec, missed");
                changes += 1;
            }
        }
    }
    eprintln!("{changes} one-column changes, each found in both directions");
    assert!(changes >= 150, "only {changes} changes could be tried");
}

fn try_database(sql: &str) -> Option<Schema> {
    let conn = Connection::open_in_memory().ok()?;
    conn.execute_batch(sql).ok()?;
    duckspec::read_schema(&conn, Origin::Database("db".into())).ok()
}

//! The measurement the spec-coverage issue asks for, run by hand against DuckDB's own test files
//! (their text is not part of this repository): every `CREATE TABLE` statement of
//! `test/sql/**/*.test` that DuckDB accepts on its own is (1) compared with the database DuckDB
//! makes from it (must agree), (2) compared with a database where one column's type changed (must
//! drift), (3) rendered by `ddl` and read back by DuckDB (must agree with the original).
//!
//! ```sh
//! DUCKSPEC_DUCKDB_TESTS=/path/to/duckdb/test/sql cargo test --workspace -- --ignored duckdb_corpus --nocapture
//! ```

use std::path::Path;

use duckspec::duckdb::Connection;
use duckspec::spec::{diff_schemas, parse_schema, render_schema, Origin, Schema, SqlType};

fn statements(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            statements(&path, out);
        } else if path.extension().is_some_and(|e| e == "test") {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if !line.trim().starts_with("statement ok") {
                    continue;
                }
                let sql: Vec<&str> = lines.by_ref().take_while(|l| !l.trim().is_empty()).collect();
                let sql = sql.join("\n");
                let head = sql.trim_start().to_uppercase();
                if head.starts_with("CREATE TABLE") || head.starts_with("CREATE OR REPLACE TABLE") {
                    out.push((path.display().to_string(), sql.trim().trim_end_matches(';').to_string()));
                }
            }
        }
    }
}

fn read(sql: &str) -> Option<Schema> {
    let conn = Connection::open_in_memory().ok()?;
    conn.execute_batch(sql).ok()?;
    duckspec::read_schema(&conn, Origin::Database("db".into())).ok()
}

#[test]
#[ignore = "reads DuckDB's test files from DUCKSPEC_DUCKDB_TESTS"]
fn duckdb_corpus() {
    let Some(dir) = std::env::var_os("DUCKSPEC_DUCKDB_TESTS") else {
        panic!("set DUCKSPEC_DUCKDB_TESTS to DuckDB's test/sql directory");
    };
    let mut all = Vec::new();
    statements(Path::new(&dir), &mut all);
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all.dedup_by(|a, b| a.1 == b.1);
    let (mut accepted, mut refused, mut agree, mut drift_found, mut mutated, mut round_trips) =
        (0, 0, 0, 0, 0, 0);
    let mut failures: Vec<String> = Vec::new();
    for (file, sql) in &all {
        // Accepted by DuckDB on its own (no tables from earlier statements, no AS SELECT).
        let Some(db) = read(sql) else { continue };
        if db.tables.is_empty()
            || sql.to_uppercase().contains(" AS SELECT")
            || sql.to_uppercase().contains(" AS (SELECT")
        {
            continue;
        }
        accepted += 1;
        let parsed = match parse_schema("spec.sql", sql) {
            Ok(parsed) => parsed,
            Err(e) => {
                refused += 1;
                failures.push(format!("REFUSED {file}: {e}\n    {sql}"));
                continue;
            }
        };
        let spec = match duckspec::spec_in_engine(&parsed) {
            Ok(spec) => spec,
            Err(e) => {
                failures.push(format!("ENGINE {file}: {e}\n    {sql}"));
                continue;
            }
        };
        let same = diff_schemas(&spec, &db);
        if same.is_empty() {
            agree += 1;
        } else {
            failures.push(format!(
                "FALSE DRIFT {file}: {:?}\n    {sql}",
                same.iter().map(ToString::to_string).collect::<Vec<_>>()
            ));
        }
        // One column's type changed.
        let mut changed = parsed.clone();
        let table = &mut changed.tables[0];
        if let Some(column) = table.columns.iter_mut().find(|c| c.generated.is_none()) {
            column.sql_type =
                if column.sql_type == SqlType::Varchar { SqlType::BigInt } else { SqlType::Varchar };
            // Constraints may not hold for the new type; keep the change to the type itself.
            column.default = None;
            let name = column.name.clone();
            table.checks.clear();
            if let Some(other) = read(&render_schema(&changed)) {
                mutated += 1;
                if diff_schemas(&spec, &other)
                    .iter()
                    .any(|d| d.column.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&name)))
                {
                    drift_found += 1;
                } else {
                    failures.push(format!("MISSED DRIFT {file}: type of {name} changed\n    {sql}"));
                }
            }
        }
        // `ddl` and back.
        let rendered = render_schema(&parsed);
        match read(&rendered) {
            Some(back) if diff_schemas(&spec, &back).is_empty() => round_trips += 1,
            Some(back) => failures.push(format!(
                "ROUND TRIP {file}: {:?}\n    {sql}\n    {rendered}",
                diff_schemas(&spec, &back).iter().map(ToString::to_string).collect::<Vec<_>>()
            )),
            None => failures.push(format!(
                "ROUND TRIP {file}: DuckDB refuses the rendered DDL\n    {sql}\n    {rendered}"
            )),
        }
    }
    for failure in &failures {
        println!("{failure}");
    }
    println!(
        "{} distinct CREATE TABLE statements; {accepted} accepted by DuckDB on their own; {refused} refused by duckspec; \
         {agree} agree with their database; {drift_found} of {mutated} one-column type changes found; {round_trips} round-trip through ddl",
        all.len()
    );
}

//! How long the spec check's fixed cost is: parsing a 200-table spec (what the derive does once
//! per compiler process), and one diff plus one render per table (what it does per struct).
//!
//! Run: `cargo bench -p duckspec-spec --bench parse_spec` (release; duckspec-spec has no DuckDB
//! dependency, so this never compiles its C++).

use std::hint::black_box;
use std::time::{Duration, Instant};

use duckspec_spec::{diff_tables, parse_schema, render_table, Origin};

fn spec() -> String {
    let mut sql = String::new();
    for i in 0..200 {
        sql.push_str(&format!(
            "CREATE TABLE metrics_{i} (\n    id BIGINT PRIMARY KEY,\n    name TEXT NOT NULL,\n    value DOUBLE,\n    \
             at_us TIMESTAMP NOT NULL,\n    tags VARCHAR[],\n    flag BOOLEAN DEFAULT (false),\n    \
             count INT4 NOT NULL CHECK (count >= 0),\n    UNIQUE (name, at_us)\n);\n"
        ));
    }
    sql
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let sql = spec();
    let (mut parse, mut per_table) = (Vec::new(), Vec::new());
    for _ in 0..21 {
        let start = Instant::now();
        let schema = black_box(parse_schema("spec.sql", &sql).unwrap());
        parse.push(start.elapsed());
        let start = Instant::now();
        for table in &schema.tables {
            black_box(diff_tables(table, table, &Origin::Code, &Origin::Code));
            black_box(render_table(table));
        }
        per_table.push(start.elapsed());
    }
    println!("parse_spec: 200 tables x 8 columns, 21 rounds, medians");
    println!("  parse the spec:              {:>10.3} ms", median(parse).as_secs_f64() * 1e3);
    println!("  200 x (diff + render) table: {:>10.3} ms", median(per_table).as_secs_f64() * 1e3);
    scaling();
}

/// Whether parsing stays linear in a statement's size: one table of n and 4n columns (each with a
/// CHECK), one ENUM of n and 4n labels; a ratio near 4 is linear, near 16 quadratic.
fn scaling() {
    let time = |sql: &str| {
        median(
            (0..5)
                .map(|_| {
                    let start = Instant::now();
                    black_box(parse_schema("spec.sql", sql).unwrap());
                    start.elapsed()
                })
                .collect(),
        )
    };
    let columns = |n: usize| {
        let list: Vec<String> = (0..n).map(|i| format!("c{i} INTEGER CHECK (c{i} > 0)")).collect();
        format!("CREATE TABLE t ({});", list.join(", "))
    };
    let labels = |n: usize| {
        let list: Vec<String> = (0..n).map(|i| format!("'l{i}'")).collect();
        format!("CREATE TYPE e AS ENUM ({}); CREATE TABLE t (a e);", list.join(", "))
    };
    println!("parse_spec: scaling, 5 rounds, medians (4x the size: ~4x the time is linear)");
    for (what, n, sql) in
        [("columns", 5_000, columns as fn(usize) -> String), ("enum labels", 25_000, labels)]
    {
        let (small, large) = (time(&sql(n)), time(&sql(4 * n)));
        println!(
            "  {what:<12} {n:>7} -> {:>7}: {:>9.3} ms -> {:>9.3} ms, {:.1}x",
            4 * n,
            small.as_secs_f64() * 1e3,
            large.as_secs_f64() * 1e3,
            large.as_secs_f64() / small.as_secs_f64()
        );
    }
}

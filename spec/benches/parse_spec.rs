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
}

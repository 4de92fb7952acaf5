//! Measures what a crate of many `#[derive(Table)]` structs costs to compile with DuckDB enabled
//! (dev profile, `CARGO_INCREMENTAL=0`, rebuilding only that crate): 50 and 200 tables, as plain
//! structs, with the derives (and `execute_batch(T::DDL)`), and with `insert_all` and
//! `select_all` called for each, and with one checked query (`query_as!`, its own `#[derive(Row)]`
//! struct and a parameter) for each, and with the same queries sharing one `Row` struct. Rounds are interleaved across the variants; medians are printed.
//!
//! ```text
//! cargo run -p duckspec-compile-cost --bin measure            # 5 rounds
//! cargo run -p duckspec-compile-cost --bin measure -- 9       # 9 rounds
//! cargo run -p duckspec-compile-cost --bin measure -- --write-spec
//! ```

#[path = "../shape.rs"]
mod shape;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const KINDS: [(&str, &str); 5] = [
    ("plain structs", ""),
    ("derives + DDL", "derive"),
    ("+ insert_all/select_all", "inserts"),
    ("+ one query_as! each", "queries"),
    ("+ one query_as! each, one Row", "queries-shared"),
];

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let spec_path = crate_dir.join("spec/tables.sql");
    let spec = shape::spec(shape::MAX_TABLES);
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("--write-spec") {
        std::fs::write(&spec_path, spec).unwrap();
        return;
    }
    assert_eq!(
        std::fs::read_to_string(&spec_path).unwrap(),
        spec,
        "spec/tables.sql is stale: rerun with --write-spec"
    );
    let rounds: usize = arg.and_then(|a| a.parse().ok()).unwrap_or(5);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = |features: &str| -> Duration {
        let lib = crate_dir.join("src/lib.rs");
        std::fs::File::options().write(true).open(&lib).unwrap().set_modified(SystemTime::now()).unwrap();
        let started = Instant::now();
        let status = Command::new(&cargo)
            .args(["build", "--quiet", "-p", "duckspec-compile-cost", "--lib", "--features", features])
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .unwrap();
        assert!(status.success(), "cargo build --features {features}");
        started.elapsed()
    };
    let variants: Vec<(usize, &str, String)> = [50, 200]
        .into_iter()
        .flat_map(|tables| {
            KINDS.iter().map(move |(label, kind)| {
                let features = if kind.is_empty() {
                    format!("tables-{tables}")
                } else {
                    format!("tables-{tables},{kind}")
                };
                (tables, *label, features)
            })
        })
        .collect();
    // Dependencies built once, untimed.
    for (_, _, features) in &variants {
        build(features);
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); variants.len()];
    for _ in 0..rounds {
        for (i, (_, _, features)) in variants.iter().enumerate() {
            times[i].push(build(features));
        }
    }
    println!("rebuild of the crate alone, dev profile, CARGO_INCREMENTAL=0, {rounds} rounds, medians:");
    let mut plain = Duration::ZERO;
    for ((tables, label, _), mut samples) in variants.into_iter().zip(times) {
        samples.sort();
        let median = samples[samples.len() / 2];
        if label == KINDS[0].0 {
            plain = median;
        }
        let per_table = (median.saturating_sub(plain)).as_secs_f64() * 1000.0 / tables as f64;
        println!(
            "    {tables:>3} tables, {label:<30} {:>6.2} s   {:>5.1} ms/table over plain   (min {:.2} s, max {:.2} s)",
            median.as_secs_f64(),
            per_table,
            samples[0].as_secs_f64(),
            samples[samples.len() - 1].as_secs_f64()
        );
    }
}

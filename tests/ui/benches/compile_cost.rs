//! Compile cost of the spec check: `cargo check` of a generated crate with 200 tables against a
//! 200-table spec, with the check (`spec = "…"`) and without it (`unchecked`), alternating runs
//! of the two in one process so machine noise hits both alike.
//!
//! Run: `cargo bench -p duckspec-ui-tests --bench compile_cost` (optionally `-- ROUNDS`).

use std::path::Path;
use std::time::{Duration, Instant};

const TABLES: usize = 200;

fn spec() -> String {
    let mut sql = String::from("-- generated: 200 tables\n");
    for i in 0..TABLES {
        sql.push_str(&format!(
            "CREATE TABLE metrics_{i} (\n    id BIGINT PRIMARY KEY,\n    name TEXT NOT NULL,\n    value DOUBLE,\n    \
             at_us TIMESTAMP NOT NULL,\n    tags VARCHAR[],\n    flag BOOLEAN DEFAULT (false),\n    \
             count INT4 NOT NULL CHECK (count >= 0),\n    UNIQUE (name, at_us)\n);\n"
        ));
    }
    sql
}

fn source(checked: bool) -> String {
    let mut rust = String::from("#![allow(dead_code)]\nuse duckspec::Table;\n");
    for i in 0..TABLES {
        let mode = if checked { "spec = \"spec/metrics.sql\"" } else { "unchecked" };
        rust.push_str(&format!(
            "\n#[derive(Table)]\n#[table(name = \"metrics_{i}\", {mode}, unique(name, at_us))]\npub struct Metrics{i} {{\n    \
             #[column(primary_key)]\n    pub id: i64,\n    pub name: String,\n    pub value: Option<f64>,\n    \
             #[column(sql_type = \"TIMESTAMP\")]\n    pub at_us: i64,\n    pub tags: Option<Vec<String>>,\n    \
             #[column(default = \"false\")]\n    pub flag: Option<bool>,\n    #[column(check = \"count >= 0\")]\n    pub count: i32,\n}}\n"
        ));
    }
    rust
}

/// The setting duckspec recommends (as sqlx does for its macros): the derive runs optimized.
const OPTIMIZED_MACROS: &str = "\n[profile.dev.package.duckspec-macros]\nopt-level = 3\n\
    [profile.dev.package.duckspec-spec]\nopt-level = 3\n[profile.dev.package.sqlparser]\nopt-level = 3\n";

fn write_crate(dir: &Path, checked: bool, optimized: bool) {
    duckspec_ui_tests::write_scratch_crate(dir, if optimized { OPTIMIZED_MACROS } else { "" });
    std::fs::write(dir.join("spec/metrics.sql"), spec()).unwrap();
    std::fs::write(dir.join("src/lib.rs"), source(checked)).unwrap();
}

fn check(dir: &Path) -> Duration {
    // Touch the crate root so only this crate is re-checked (dependencies stay fresh).
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).unwrap();
    std::fs::write(&lib, text).unwrap();
    let start = Instant::now();
    let status = duckspec_ui_tests::cargo("check", dir).status().unwrap();
    let elapsed = start.elapsed();
    assert!(status.success(), "cargo check failed in {}", dir.display());
    elapsed
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(7);
    let scratch = duckspec_ui_tests::target_dir().join("duckspec-scratch");
    println!("compile_cost: {TABLES} tables, {rounds} alternating rounds of `cargo check`, medians");
    for optimized in [false, true] {
        let suffix = if optimized { "-optimized-macros" } else { "" };
        let checked = scratch.join(format!("compile-cost-checked{suffix}"));
        let unchecked = scratch.join(format!("compile-cost-unchecked{suffix}"));
        write_crate(&checked, true, optimized);
        write_crate(&unchecked, false, optimized);
        // Warm-up: build the dependencies once and check that both crates compile.
        check(&checked);
        check(&unchecked);

        let (mut with_check, mut without_check) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            with_check.push(check(&checked));
            without_check.push(check(&unchecked));
        }
        let (with_check, without_check) = (median(with_check), median(without_check));
        let ratio = with_check.as_secs_f64() / without_check.as_secs_f64();
        println!(
            "  macros {}:",
            if optimized {
                "at opt-level 3 (recommended profile)"
            } else {
                "unoptimized (cargo's dev default)"
            }
        );
        println!("    unchecked:            {:>7.3} s", without_check.as_secs_f64());
        println!("    checked against spec: {:>7.3} s", with_check.as_secs_f64());
        println!("    ratio checked/unchecked: {ratio:.3} (the check adds {:+.1}%)", (ratio - 1.0) * 100.0);
    }
}

//! Iceberg write speed against `LakeWriter` into plain Parquet and `insert_all` into a DuckDB
//! file, side by side in one run (compare the ratios; these machines are noisy), and the latency
//! of one commit as a table's snapshots pile up. Run with:
//!
//! ```text
//! cargo bench --workspace --bench iceberg
//! DUCKSPEC_BENCH_ROWS=200000 DUCKSPEC_BENCH_ROUNDS=3 DUCKSPEC_BENCH_COMMITS=100 cargo bench --workspace --bench iceberg
//! ```
//!
//! For 1M job-metric rows (the lake benchmark's shape), each round times, alternating: `insert_all`
//! into a fresh DuckDB file (committed, connection closed), `LakeWriter` unpartitioned (files
//! complete), and `IcebergWriter` into a fresh SQL catalog (table created, one snapshot
//! committed). Then commit latency: one small append (100 rows) at a time into one table, timed at
//! the 1st, 100th and 1,000th commit.

use std::path::Path;
use std::time::{Duration, Instant};

use duckspec::duckdb::Connection;
use duckspec::iceberg::{Catalog, IcebergOptions, IcebergWriter};
use duckspec::lake::{LakeOptions, LakeWriter};
use duckspec::Table;

mod common;
use common::{env, fleet_rows as rows, median, FleetMetric as JobMetric};

fn insert_all(input: &[JobMetric], dir: &Path) -> Duration {
    let started = Instant::now();
    let conn = Connection::open(dir.join("metrics.duckdb")).unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    JobMetric::insert_all(&conn, input).unwrap();
    drop(conn);
    started.elapsed()
}

fn lake(input: &[JobMetric], dir: &Path) -> Duration {
    let started = Instant::now();
    let mut writer = LakeWriter::<JobMetric>::create(dir, LakeOptions::default()).unwrap();
    writer.write(input).unwrap();
    writer.finish().unwrap();
    started.elapsed()
}

fn iceberg(input: &[JobMetric], dir: &Path) -> Duration {
    let started = Instant::now();
    let catalog = Catalog::sql(dir.join("catalog.db"), dir.join("warehouse")).unwrap();
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    writer.write(input).unwrap();
    assert_eq!(writer.finish().unwrap(), input.len());
    started.elapsed()
}

fn main() {
    let count = env("DUCKSPEC_BENCH_ROWS", 1_000_000);
    let rounds = env("DUCKSPEC_BENCH_ROUNDS", 5);
    let commits = env("DUCKSPEC_BENCH_COMMITS", 1_000);
    let input = rows(count);
    let (mut db, mut flat, mut ice) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        db.push(insert_all(&input, dir.path()));
        flat.push(lake(&input, &dir.path().join("lake")));
        ice.push(iceberg(&input, dir.path()));
    }
    let (db, flat, ice) = (median(db), median(flat), median(ice));
    let rate = |d: Duration| count as f64 / d.as_secs_f64();
    println!("{count} job-metric rows (8 columns incl. TIMESTAMPTZ and UUID), {rounds} rounds, medians:");
    println!("    insert_all into a DuckDB file      {:>12.0} rows/s", rate(db));
    println!(
        "    LakeWriter, one Parquet file       {:>12.0} rows/s  {:.2}x insert_all",
        rate(flat),
        rate(flat) / rate(db)
    );
    println!(
        "    IcebergWriter, one snapshot        {:>12.0} rows/s  {:.2}x insert_all  {:.2}x LakeWriter",
        rate(ice),
        rate(ice) / rate(db),
        rate(ice) / rate(flat)
    );

    // Commit latency as snapshots pile up: 100 rows per commit.
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse")).unwrap();
    let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default()).unwrap();
    let small = rows(100);
    let mut latencies = Vec::with_capacity(commits);
    for _ in 0..commits {
        writer.write(&small).unwrap();
        let started = Instant::now();
        writer.commit().unwrap();
        latencies.push(started.elapsed());
    }
    let at = |n: usize| {
        let window = &latencies[n.saturating_sub(5).min(latencies.len() - 1)..n.min(latencies.len())];
        median(window.to_vec())
    };
    println!("commit latency, 100 rows a commit (median of the 5 commits up to each mark):");
    for mark in [1usize, 10, 100, 1_000].into_iter().filter(|m| *m <= commits) {
        println!("    commit {mark:>5}: {:>8.1} ms", at(mark).as_secs_f64() * 1e3);
    }
}

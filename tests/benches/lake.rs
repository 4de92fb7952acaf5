//! Parquet lake write speed and size against `insert_all` into a DuckDB file, side by side in one
//! run (compare the ratios; these machines are noisy). Run with:
//!
//! ```text
//! cargo bench --workspace --bench lake
//! DUCKSPEC_BENCH_ROWS=200000 DUCKSPEC_BENCH_ROUNDS=3 cargo bench --workspace --bench lake
//! ```
//!
//! For 1M job-metric rows (the shape the inserts benchmark uses), each round times: `insert_all`
//! into a fresh DuckDB file (until committed and the connection closed, so the file is complete),
//! `LakeWriter` unpartitioned, `LakeWriter` partitioned by day (7 days) and host (4 hosts), and
//! `export` of the database written by the first into a lake. Then the bytes on disk of each.

use std::path::Path;
use std::time::{Duration, Instant};

use duckspec::duckdb::Connection;
use duckspec::lake::{export, LakeOptions, LakeWriter, Partition};
use duckspec::Table;

mod common;
use common::{env, fleet_rows as rows, median, FleetMetric as JobMetric};

fn bytes(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path).unwrap().map(|e| bytes(&e.unwrap().path())).sum()
    } else {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}

fn insert_all(input: &[JobMetric], dir: &Path) -> Duration {
    let path = dir.join("metrics.duckdb");
    let started = Instant::now();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    JobMetric::insert_all(&conn, input).unwrap();
    drop(conn);
    started.elapsed()
}

fn lake(input: &[JobMetric], dir: &Path, options: LakeOptions) -> Duration {
    let started = Instant::now();
    let mut writer = LakeWriter::<JobMetric>::create(dir, options).unwrap();
    writer.write(input).unwrap();
    writer.finish().unwrap();
    started.elapsed()
}

fn main() {
    let count = env("DUCKSPEC_BENCH_ROWS", 1_000_000);
    let rounds = env("DUCKSPEC_BENCH_ROUNDS", 5);
    let input = rows(count);
    let spec = duckspec::spec::parse_schema("bench.sql", JobMetric::DDL).unwrap();
    let partitioned = || {
        LakeOptions::default()
            .partition_by(Partition::day("started_at"))
            .partition_by(Partition::column("host"))
    };
    let (mut db, mut flat, mut parts, mut exported) = (vec![], vec![], vec![], vec![]);
    let mut sizes = (0, 0, 0, 0);
    for _ in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        db.push(insert_all(&input, dir.path()));
        flat.push(lake(&input, &dir.path().join("flat"), LakeOptions::default()));
        parts.push(lake(&input, &dir.path().join("parts"), partitioned()));
        let conn = Connection::open(dir.path().join("metrics.duckdb")).unwrap();
        let started = Instant::now();
        let tables = export(&conn, &spec, &dir.path().join("export"), &partitioned()).unwrap();
        exported.push(started.elapsed());
        assert_eq!(tables[0].rows, count);
        drop(conn);
        sizes = (
            bytes(&dir.path().join("metrics.duckdb")),
            bytes(&dir.path().join("flat")),
            bytes(&dir.path().join("parts")),
            bytes(&dir.path().join("export")),
        );
    }
    let (db, flat, parts, exported) = (median(db), median(flat), median(parts), median(exported));
    let rate = |d: Duration| count as f64 / d.as_secs_f64();
    println!("{count} job-metric rows (8 columns incl. TIMESTAMPTZ and UUID), {rounds} rounds, medians:");
    println!(
        "    insert_all into a DuckDB file          {:>12.0} rows/s  {:>6.1} MB",
        rate(db),
        sizes.0 as f64 / 1e6
    );
    println!(
        "    LakeWriter, one file                   {:>12.0} rows/s  {:>6.1} MB  {:.2}x insert_all",
        rate(flat),
        sizes.1 as f64 / 1e6,
        rate(flat) / rate(db)
    );
    println!(
        "    LakeWriter, day x host (28 dirs)       {:>12.0} rows/s  {:>6.1} MB  {:.2}x insert_all",
        rate(parts),
        sizes.2 as f64 / 1e6,
        rate(parts) / rate(db)
    );
    println!(
        "    export of the DuckDB file, day x host  {:>12.0} rows/s  {:>6.1} MB  {:.2}x insert_all",
        rate(exported),
        sizes.3 as f64 / 1e6,
        rate(exported) / rate(db)
    );
    println!("    bytes on disk, lake (one file) / DuckDB file: {:.2}", sizes.1 as f64 / sizes.0 as f64);
}

//! Reading a query's result into structs, side by side in one run (compare the ratios; these
//! machines are noisy): `query_as!(…).fetch_all` against duckdb-rs's `query_map` with `row.get(i)`
//! into the same struct, and against column decoding written by hand over `query_arrow` (what the
//! issue names) and over `stream_arrow` (the handover `fetch_all` uses). Beside them, the two parts
//! no decoder can avoid: DuckDB handing over its batches with nothing decoded, and building the
//! rows with nothing read. Then the memory of `fetch_iter` over 100k and 10M rows and of
//! `fetch_all` over 10M, each in a process of its own. Run with:
//!
//! ```text
//! cargo bench --workspace --bench query            # 1M rows, 5 rounds
//! DUCKSPEC_BENCH_ROWS=100000 cargo bench --workspace --bench query
//! ```

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use duckspec::duckdb::arrow::array::{Array, AsArray};
use duckspec::duckdb::arrow::datatypes::{Float64Type, Int32Type, Int64Type, TimestampMicrosecondType};
use duckspec::duckdb::Connection;
use duckspec::Table;

mod common;
use common::{env, job_rows, median, JobMetric};

/// The six columns read back (the UUID is left out: every method would read it as text).
#[derive(duckspec::Row, Debug, PartialEq)]
struct Job {
    job_id: i64,
    tool: String,
    duration_ms: f64,
    succeeded: bool,
    frames: Option<i32>,
    started_at: DateTime<Utc>,
}

const SQL: &str = "SELECT job_id, tool, duration_ms, succeeded, frames, started_at FROM job_metrics";

fn checked(conn: &Connection) -> Vec<Job> {
    duckspec::query_as!(
        Job,
        "spec/bench_jobs.sql",
        "SELECT job_id, tool, duration_ms, succeeded, frames, started_at FROM job_metrics"
    )
    .fetch_all(conn)
    .unwrap()
}

fn query_map(conn: &Connection) -> Vec<Job> {
    let mut statement = conn.prepare(SQL).unwrap();
    let rows = statement
        .query_map([], |r| {
            Ok(Job {
                job_id: r.get(0)?,
                tool: r.get(1)?,
                duration_ms: r.get(2)?,
                succeeded: r.get(3)?,
                frames: r.get(4)?,
                started_at: r.get(5)?,
            })
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// DuckDB running the query and handing over its materialized result as Arrow batches, nothing
/// decoded.
fn materialized_only(conn: &Connection) -> usize {
    let mut statement = conn.prepare(SQL).unwrap();
    statement.query_arrow([]).unwrap().map(|batch| batch.num_rows()).sum()
}

/// DuckDB running the query and streaming its Arrow batches, nothing decoded: the floor under
/// `fetch_all` (what no decoding, however fast, can go below).
fn streamed_only(conn: &Connection) -> usize {
    let mut statement = conn.prepare(SQL).unwrap();
    statement.stream_arrow([]).unwrap().map(|batch| batch.unwrap().num_rows()).sum()
}

/// Building `n` rows with nothing read (each `tool` a fresh `String`, as a decoded row's is): the
/// other part of the cost no decoder can avoid — allocating and writing the result.
fn build_only(n: usize) -> usize {
    let start = DateTime::from_timestamp_micros(0).unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        out.push(Job {
            job_id: i as i64,
            tool: String::from(std::hint::black_box("tool-3")),
            duration_ms: 0.5,
            succeeded: true,
            frames: None,
            started_at: start,
        });
    }
    std::hint::black_box(&out);
    out.len()
}

/// What a careful user writes with `query_arrow`: each column downcast once per batch, then a
/// loop over the rows.
fn arrow_by_hand(conn: &Connection) -> Vec<Job> {
    let mut statement = conn.prepare(SQL).unwrap();
    decode_by_hand(statement.query_arrow([]).unwrap())
}

/// The same decoding over the streamed batches `fetch_all` reads.
fn stream_by_hand(conn: &Connection) -> Vec<Job> {
    let mut statement = conn.prepare(SQL).unwrap();
    decode_by_hand(statement.stream_arrow([]).unwrap().map(Result::unwrap))
}

fn decode_by_hand(batches: impl Iterator<Item = duckspec::duckdb::arrow::array::RecordBatch>) -> Vec<Job> {
    let mut out = Vec::new();
    for batch in batches {
        let job_id = batch.column(0).as_primitive::<Int64Type>();
        let tool = batch.column(1);
        let duration = batch.column(2).as_primitive::<Float64Type>();
        let succeeded = batch.column(3).as_boolean();
        let frames = batch.column(4).as_primitive::<Int32Type>();
        let started = batch.column(5).as_primitive::<TimestampMicrosecondType>();
        out.reserve(batch.num_rows());
        for i in 0..batch.num_rows() {
            let tool = match tool.as_string_opt::<i32>() {
                Some(tool) => tool.value(i).to_string(),
                None => tool.as_string_view().value(i).to_string(),
            };
            out.push(Job {
                job_id: job_id.value(i),
                tool,
                duration_ms: duration.value(i),
                succeeded: succeeded.value(i),
                frames: (!frames.is_null(i)).then(|| frames.value(i)),
                started_at: DateTime::from_timestamp_micros(started.value(i)).unwrap(),
            });
        }
    }
    out
}

/// Peak resident memory of this process so far (`VmHWM`), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// `fetch_iter` (or, with `collect`, `fetch_all`) over `n` generated rows, counting them; prints
/// the process's peak memory.
fn iterate(n: i64, collect: bool) {
    #[derive(duckspec::Row)]
    struct Generated {
        job_id: i64,
        tool: String,
    }
    let conn = Connection::open_in_memory().unwrap();
    let before = peak_mib();
    let query = duckspec::query_as!(
        Generated,
        "spec/bench_jobs.sql",
        "SELECT range AS job_id, 'tool-' || (range % 10) AS tool FROM range(100000000) WHERE range < ?",
        n
    );
    let check = |row: &Generated| assert!(row.job_id < n && row.tool.starts_with("tool-"));
    let count = if collect {
        let rows = query.fetch_all(&conn).unwrap();
        rows.iter().for_each(check);
        rows.len() as i64
    } else {
        let mut count = 0;
        for row in query.fetch_iter(&conn).unwrap() {
            check(&row.unwrap());
            count += 1;
        }
        count
    };
    assert_eq!(count, n);
    let method = if collect { "fetch_all" } else { "fetch_iter" };
    println!(
        "{method} over {n:>10} rows: peak memory {:.0} MiB (before the query: {before:.0} MiB)",
        peak_mib()
    );
}

fn main() {
    if let Some(n) = std::env::var("DUCKSPEC_BENCH_ITERATE").ok().and_then(|v| v.parse().ok()) {
        iterate(n, std::env::var("DUCKSPEC_BENCH_COLLECT").is_ok());
        return;
    }
    let n = env("DUCKSPEC_BENCH_ROWS", 1_000_000);
    let rounds = env("DUCKSPEC_BENCH_ROUNDS", 5);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    JobMetric::insert_all(&conn, &job_rows(n)).unwrap();
    assert_eq!(checked(&conn), query_map(&conn), "every method reads the same rows");
    assert_eq!(checked(&conn), arrow_by_hand(&conn));
    assert_eq!(checked(&conn), stream_by_hand(&conn));

    type Run = fn(&Connection) -> Vec<Job>;
    let methods: [(&str, Run); 4] = [
        ("query_as! fetch_all", checked),
        ("query_map + row.get(i)", query_map),
        ("query_arrow + hand decoding", arrow_by_hand),
        ("stream_arrow + hand decoding", stream_by_hand),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); methods.len()];
    // The parts no decoder avoids: DuckDB's handover, materialized and streamed, and building the
    // rows; then `select_all` of the whole table, which walks batches as `fetch_all` does.
    let mut parts: [Vec<Duration>; 4] = Default::default();
    for round in 0..rounds {
        let part_runs: [&dyn Fn() -> usize; 4] =
            [&|| materialized_only(&conn), &|| streamed_only(&conn), &|| build_only(n), &|| {
                JobMetric::select_all(&conn).unwrap().len()
            }];
        for (k, run) in part_runs.iter().enumerate() {
            let start = Instant::now();
            assert_eq!(run(), n);
            parts[k].push(start.elapsed());
        }
        for k in 0..methods.len() {
            let m = (k + round) % methods.len();
            let start = Instant::now();
            let rows = (methods[m].1)(&conn);
            times[m].push(start.elapsed());
            assert_eq!(rows.len(), n);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    println!("{n} rows, median of {rounds} rounds:");
    for ((name, _), time) in methods.iter().zip(&medians) {
        let rate = n as f64 / time.as_secs_f64() / 1e6;
        println!("  {name:<30} {:>8.1} ms  {rate:>6.2} M rows/s", ms(*time));
    }
    let [materialized, streamed, built, select_all] = parts.map(median);
    println!("  parts no decoder avoids:");
    println!("    query_arrow, nothing decoded   {:>8.1} ms", ms(materialized));
    println!("    stream_arrow, nothing decoded  {:>8.1} ms", ms(streamed));
    println!("    the rows built, nothing read   {:>8.1} ms", ms(built));
    println!(
        "  JobMetric::select_all (all {} columns) {:>8.1} ms",
        JobMetric::table_def().columns.len(),
        ms(select_all)
    );
    let query_map = medians[1].as_secs_f64();
    let bound = streamed.min(materialized) + built;
    println!(
        "  fetch_all vs query_map: {:.2}x faster; vs hand decoding over query_arrow: {:.2}x, over stream_arrow: {:.2}x",
        query_map / medians[0].as_secs_f64(),
        medians[2].as_secs_f64() / medians[0].as_secs_f64(),
        medians[3].as_secs_f64() / medians[0].as_secs_f64()
    );
    println!(
        "  on one thread no decoder beats handover + building = {:.1} ms, {:.2}x query_map (3x would be {:.1} ms)",
        ms(bound),
        query_map / bound.as_secs_f64(),
        query_map * 1e3 / 3.0
    );
    // Memory of the streamed path, each size in a fresh process so one does not inherit the
    // other's peak; then of `fetch_all` over 10M rows, which holds every row but not DuckDB's
    // whole result beside them.
    let exe = std::env::current_exe().unwrap();
    for (size, collect) in [(100_000, false), (10_000_000, false), (10_000_000, true)] {
        let mut command = std::process::Command::new(&exe);
        command.env("DUCKSPEC_BENCH_ITERATE", size.to_string());
        if collect {
            command.env("DUCKSPEC_BENCH_COLLECT", "1");
        }
        assert!(command.status().unwrap().success());
    }
}

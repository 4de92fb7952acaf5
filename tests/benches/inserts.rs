//! Insert throughput, every path side by side in one run (these machines are noisy; compare the
//! ratios, not the absolute numbers). Run with:
//!
//! ```text
//! cargo bench --workspace --bench inserts            # 1M rows, 5 rounds
//! DUCKSPEC_BENCH_ROWS=100000 cargo bench --workspace --bench inserts
//! ```
//!
//! Every round runs every method on a fresh in-memory database, in rotating order; the report
//! gives the median of the rounds. Building the input `Vec` of structs is not timed; turning it
//! into what DuckDB takes (appender values, Arrow arrays) is, for every method alike.

use std::time::{Duration, Instant};

use duckspec::duckdb::types::ToSql;
use duckspec::duckdb::Connection;
use duckspec::{Table, Writer};

mod common;
use common::{job_arrow_schema, job_batch, job_rows, median, JobMetric};

fn fresh() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    conn
}

fn count(conn: &Connection) -> usize {
    conn.query_row("SELECT count(*) FROM job_metrics", [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

fn insert_all(conn: &Connection, rows: &[JobMetric]) {
    JobMetric::insert_all(conn, rows).unwrap();
}

fn writer(conn: &Connection, rows: &[JobMetric]) {
    let mut writer = Writer::<JobMetric>::new(conn).unwrap();
    for row in rows {
        writer.push(row).unwrap();
    }
    writer.finish().unwrap();
}

/// A row as the parameters a user passes by hand: chrono and uuid values through `ToSql`.
fn values(r: &JobMetric) -> [&dyn ToSql; 7] {
    [&r.job_id, &r.tool, &r.duration_ms, &r.succeeded, &r.frames, &r.started_at, &r.trace_id]
}

/// What a user writes by hand with duckdb-rs: one `append_row` per struct.
fn appender_loop(conn: &Connection, rows: &[JobMetric]) {
    let mut appender = conn.appender("job_metrics").unwrap();
    for r in rows {
        appender.append_row(&values(r)[..]).unwrap();
    }
    appender.flush().unwrap();
}

/// A prepared `INSERT` executed per row, all in one transaction.
fn prepared_insert(conn: &Connection, rows: &[JobMetric]) {
    conn.execute_batch("BEGIN TRANSACTION").unwrap();
    single_prepared(conn, rows);
    conn.execute_batch("COMMIT").unwrap();
}

/// The practical limit for a Rust caller: Arrow arrays built by hand from the structs, 2,048 rows
/// per batch, handed to `append_record_batch`.
fn arrow_by_hand(conn: &Connection, rows: &[JobMetric]) {
    let schema = job_arrow_schema();
    let mut appender = conn.appender("job_metrics").unwrap();
    for chunk in rows.chunks(2048) {
        appender.append_record_batch(job_batch(&schema, chunk)).unwrap();
    }
    appender.flush().unwrap();
}

/// The engine generating equivalent values itself: no Rust data crosses the boundary at all.
fn insert_select(conn: &Connection, n: usize) {
    conn.execute(
        "INSERT INTO job_metrics SELECT i, 'tool-' || (i % 10), i * 0.5, i % 2 = 0, \
         CASE WHEN i % 3 = 0 THEN NULL ELSE i::INTEGER END, \
         (TIMESTAMP '2026-01-01 00:00:00' + to_microseconds(i * 1001))::TIMESTAMPTZ, gen_random_uuid() \
         FROM range(?) t(i)",
        [n as i64],
    )
    .unwrap();
}

/// One row per call, each its own transaction.
fn single_insert(conn: &Connection, rows: &[JobMetric]) {
    for row in rows {
        row.insert(conn).unwrap();
    }
}

/// A prepared `INSERT` executed per row; each is its own transaction unless one is open.
fn single_prepared(conn: &Connection, rows: &[JobMetric]) {
    let mut statement = conn.prepare("INSERT INTO job_metrics VALUES (?, ?, ?, ?, ?, ?, ?)").unwrap();
    for r in rows {
        statement.execute(&values(r)[..]).unwrap();
    }
}

struct Method {
    name: &'static str,
    rows: usize,
    run: fn(&Connection, &[JobMetric]),
    times: Vec<Duration>,
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let n: usize =
        std::env::var("DUCKSPEC_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let rounds: usize = std::env::var("DUCKSPEC_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let prepared_rows = (n / 10).min(100_000);
    let single_rows = 5_000.min(n);
    let data = job_rows(n);
    let mut methods = [
        Method { name: "insert_all", rows: n, run: insert_all, times: vec![] },
        Method { name: "Writer push + finish", rows: n, run: writer, times: vec![] },
        Method { name: "hand-built Arrow batches (2048 rows)", rows: n, run: arrow_by_hand, times: vec![] },
        Method { name: "hand-written appender loop", rows: n, run: appender_loop, times: vec![] },
        Method {
            name: "INSERT … SELECT FROM range(n)",
            rows: n,
            run: |c, r| insert_select(c, r.len()),
            times: vec![],
        },
        Method {
            name: "prepared INSERT, one transaction",
            rows: prepared_rows,
            run: prepared_insert,
            times: vec![],
        },
        Method {
            name: "row.insert (autocommit, one statement per row)",
            rows: single_rows,
            run: single_insert,
            times: vec![],
        },
        Method {
            name: "prepared INSERT per row (autocommit)",
            rows: single_rows,
            run: single_prepared,
            times: vec![],
        },
    ];
    let slow = ["prepared INSERT, one transaction"];
    for round in 0..rounds {
        let len = methods.len();
        for k in 0..len {
            let method = &mut methods[(k + round) % len];
            // The slowest method runs once: one round of it takes longer than all others.
            if slow.contains(&method.name) && round > 0 {
                continue;
            }
            let conn = fresh();
            let input = &data[..method.rows];
            let start = Instant::now();
            (method.run)(&conn, input);
            let elapsed = start.elapsed();
            assert_eq!(count(&conn), method.rows, "{}", method.name);
            method.times.push(elapsed);
        }
        eprintln!("round {} of {rounds} done", round + 1);
    }

    let rate = |m: &mut Method| m.rows as f64 / median(m.times.clone()).as_secs_f64();
    let rates: Vec<f64> = methods.iter_mut().map(rate).collect();
    let by_name = |name: &str| rates[methods.iter().position(|m| m.name == name).unwrap()];
    let (arrow, appender, prepared) = (
        by_name("hand-built Arrow batches (2048 rows)"),
        by_name("hand-written appender loop"),
        by_name("prepared INSERT per row (autocommit)"),
    );
    println!("{n} rows of a 7-column job-metrics struct, median of {rounds} rounds (in-memory database)\n");
    println!("| method | rows | rows/s | vs hand-written appender | vs hand-built Arrow |");
    println!("|---|---:|---:|---:|---:|");
    for (method, rate) in methods.iter().zip(&rates) {
        println!(
            "| {} | {} | {:.0} | {:.2}x | {:.2}x |",
            method.name,
            method.rows,
            rate,
            rate / appender,
            rate / arrow
        );
    }
    println!(
        "\nrow.insert vs prepared INSERT per row: {:.2}x",
        by_name("row.insert (autocommit, one statement per row)") / prepared
    );

    // Reading back: `select_all` against the `query_map` loop a user would write.
    let conn = fresh();
    JobMetric::insert_all(&conn, &data).unwrap();
    let (mut typed, mut by_hand) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        assert_eq!(JobMetric::select_all(&conn).unwrap().len(), n);
        typed.push(start.elapsed());
        let start = Instant::now();
        assert_eq!(query_map(&conn).len(), n);
        by_hand.push(start.elapsed());
    }
    let (typed, by_hand) = (median(typed).as_secs_f64(), median(by_hand).as_secs_f64());
    println!(
        "\nreading {n} rows back: select_all {:.0} rows/s, hand-written query_map with row.get {:.0} rows/s: {:.2}x",
        n as f64 / typed,
        n as f64 / by_hand,
        by_hand / typed
    );
}

/// What a user writes by hand to read the rows back with duckdb-rs.
fn query_map(conn: &Connection) -> Vec<JobMetric> {
    let mut statement = conn.prepare("SELECT * FROM job_metrics").unwrap();
    let rows = statement
        .query_map([], |r| {
            Ok(JobMetric {
                job_id: r.get(0)?,
                tool: r.get(1)?,
                duration_ms: r.get(2)?,
                succeeded: r.get(3)?,
                frames: r.get(4)?,
                started_at: r.get(5)?,
                trace_id: r.get(6)?,
            })
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

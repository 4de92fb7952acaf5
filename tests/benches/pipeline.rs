//! `insert_all` encoding on a second thread against the single-threaded paths, side by side in one
//! run (compare the ratios; these machines are noisy). Run with:
//!
//! ```text
//! cargo bench --workspace --bench pipeline
//! DUCKSPEC_BENCH_ROWS=200000 DUCKSPEC_BENCH_ROUNDS=3 cargo bench --workspace --bench pipeline
//! ```
//!
//! For the 7-column job-metrics struct of the inserts benchmark and a 30-column struct of mostly
//! strings, 1M rows each: `insert_all` (pipelined), `insert_all` with the pipeline off (one thread,
//! the previous behaviour), `Writer` and hand-built Arrow batches on one thread. Then where the
//! single-threaded hand-built path spends its time (building batches, appending, committing), and
//! the threshold sweep: pipelined vs one thread for 2k to 128k rows. First, encoding alone (no
//! database): `Batch::extend` against hand-built batches, 15 rounds each
//! (`DUCKSPEC_BENCH_ENCODE_ROUNDS`; with `DUCKSPEC_BENCH_ENCODE_ONLY=1` only that).

use std::sync::Arc;
use std::time::{Duration, Instant};

use duckspec::duckdb::arrow::array::{ArrayRef, Float64Builder, Int64Builder, StringBuilder};
use duckspec::duckdb::arrow::datatypes::{DataType, Field, Schema};
use duckspec::duckdb::arrow::record_batch::RecordBatch;
use duckspec::duckdb::Connection;
use duckspec::{Batch, Table, Writer};

mod common;
use common::{env, job_arrow_schema, job_batch, job_rows, median, JobMetric};

fn job_batches(rows: &[JobMetric]) -> Vec<RecordBatch> {
    let schema = job_arrow_schema();
    rows.chunks(2048).map(|chunk| job_batch(&schema, chunk)).collect()
}

/// 30 columns: 24 strings, 3 integers, 3 doubles.
#[derive(Table, Clone)]
#[table(name = "wide", unchecked)]
struct Wide {
    s0: String,
    s1: String,
    s2: String,
    s3: String,
    s4: String,
    s5: String,
    s6: String,
    s7: String,
    s8: String,
    s9: String,
    s10: String,
    s11: String,
    s12: String,
    s13: String,
    s14: String,
    s15: String,
    s16: String,
    s17: String,
    s18: String,
    s19: String,
    s20: String,
    s21: String,
    s22: String,
    s23: String,
    i0: i64,
    i1: i64,
    i2: i64,
    f0: f64,
    f1: f64,
    f2: f64,
}

impl Wide {
    fn strings(&self) -> [&str; 24] {
        [
            &self.s0, &self.s1, &self.s2, &self.s3, &self.s4, &self.s5, &self.s6, &self.s7, &self.s8,
            &self.s9, &self.s10, &self.s11, &self.s12, &self.s13, &self.s14, &self.s15, &self.s16, &self.s17,
            &self.s18, &self.s19, &self.s20, &self.s21, &self.s22, &self.s23,
        ]
    }
}

fn wide_rows(n: usize) -> Vec<Wide> {
    let s = |i: usize, k: usize| format!("value-{}-{}", k, i % (100 + k));
    (0..n)
        .map(|i| Wide {
            s0: s(i, 0),
            s1: s(i, 1),
            s2: s(i, 2),
            s3: s(i, 3),
            s4: s(i, 4),
            s5: s(i, 5),
            s6: s(i, 6),
            s7: s(i, 7),
            s8: s(i, 8),
            s9: s(i, 9),
            s10: s(i, 10),
            s11: s(i, 11),
            s12: s(i, 12),
            s13: s(i, 13),
            s14: s(i, 14),
            s15: s(i, 15),
            s16: s(i, 16),
            s17: s(i, 17),
            s18: s(i, 18),
            s19: s(i, 19),
            s20: s(i, 20),
            s21: s(i, 21),
            s22: s(i, 22),
            s23: s(i, 23),
            i0: i as i64,
            i1: (i * 7) as i64,
            i2: (i % 1000) as i64,
            f0: i as f64,
            f1: i as f64 * 0.5,
            f2: (i % 17) as f64,
        })
        .collect()
}

fn wide_batches(rows: &[Wide]) -> Vec<RecordBatch> {
    let mut fields: Vec<Field> =
        (0..24).map(|k| Field::new(format!("s{k}"), DataType::Utf8, false)).collect();
    fields.extend((0..3).map(|k| Field::new(format!("i{k}"), DataType::Int64, false)));
    fields.extend((0..3).map(|k| Field::new(format!("f{k}"), DataType::Float64, false)));
    let schema = Arc::new(Schema::new(fields));
    rows.chunks(2048)
        .map(|chunk| {
            let n = chunk.len();
            let mut strings: Vec<StringBuilder> =
                (0..24).map(|_| StringBuilder::with_capacity(n, n * 12)).collect();
            let mut ints: Vec<Int64Builder> = (0..3).map(|_| Int64Builder::with_capacity(n)).collect();
            let mut floats: Vec<Float64Builder> = (0..3).map(|_| Float64Builder::with_capacity(n)).collect();
            for r in chunk {
                for (builder, value) in strings.iter_mut().zip(r.strings()) {
                    builder.append_value(value);
                }
                for (builder, value) in ints.iter_mut().zip([r.i0, r.i1, r.i2]) {
                    builder.append_value(value);
                }
                for (builder, value) in floats.iter_mut().zip([r.f0, r.f1, r.f2]) {
                    builder.append_value(value);
                }
            }
            let mut columns: Vec<ArrayRef> =
                strings.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef).collect();
            columns.extend(ints.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
            columns.extend(floats.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
            RecordBatch::try_new(schema.clone(), columns).unwrap()
        })
        .collect()
}

fn fresh(ddl: &str) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(ddl).unwrap();
    conn
}

/// Hand-built Arrow, one thread, in one transaction as `insert_all` is: (build, append, commit).
fn by_hand<T>(
    conn: &Connection,
    table: &str,
    rows: &[T],
    build: fn(&[T]) -> Vec<RecordBatch>,
) -> [Duration; 3] {
    let (mut building, mut appending) = (Duration::ZERO, Duration::ZERO);
    conn.execute_batch("BEGIN").unwrap();
    let mut appender = conn.appender(table).unwrap();
    for chunk in rows.chunks(2048) {
        let started = Instant::now();
        let batch = build(chunk).pop().unwrap();
        building += started.elapsed();
        let started = Instant::now();
        appender.append_record_batch(batch).unwrap();
        appending += started.elapsed();
    }
    let started = Instant::now();
    appender.flush().unwrap();
    drop(appender);
    appending += started.elapsed();
    let started = Instant::now();
    conn.execute_batch("COMMIT").unwrap();
    [building, appending, started.elapsed()]
}

/// One struct's comparison: rows/s of each method, medians of `rounds`.
fn compare<T: Table + Clone>(
    label: &str,
    rows: &[T],
    rounds: usize,
    build: fn(&[T]) -> Vec<RecordBatch>,
    insert_all: fn(&Connection, &[T]) -> usize,
    writer: fn(&Connection, &[T]) -> usize,
) {
    let n = rows.len();
    let (mut pipelined, mut single, mut streamed, mut hand) = (vec![], vec![], vec![], vec![]);
    let mut shares = [Duration::ZERO; 3];
    for round in 0..rounds {
        for k in 0..4 {
            let conn = fresh(T::DDL);
            let started = Instant::now();
            match (k + round) % 4 {
                0 => {
                    assert_eq!(insert_all(&conn, rows), n);
                    pipelined.push(started.elapsed());
                }
                1 => {
                    // The same entry point with the second thread switched off.
                    assert_eq!(
                        duckspec::__private_0_1_0::insert_all_from(&conn, rows, usize::MAX).unwrap(),
                        n
                    );
                    single.push(started.elapsed());
                }
                2 => {
                    assert_eq!(writer(&conn, rows), n);
                    streamed.push(started.elapsed());
                }
                _ => {
                    let parts = by_hand(&conn, T::NAME, rows, build);
                    hand.push(started.elapsed());
                    for (share, part) in shares.iter_mut().zip(parts) {
                        *share += part;
                    }
                }
            }
        }
    }
    let rate = |times: Vec<Duration>| n as f64 / median(times).as_secs_f64();
    let (pipelined, single, streamed, hand) = (rate(pipelined), rate(single), rate(streamed), rate(hand));
    let total: f64 = shares.iter().map(Duration::as_secs_f64).sum();
    println!("{label}, {n} rows, {rounds} rounds, medians (in-memory database):");
    println!(
        "    insert_all, encoding on a second thread  {pipelined:>12.0} rows/s  {:.2}x hand-built Arrow",
        pipelined / hand
    );
    println!(
        "    insert_all, one thread                   {single:>12.0} rows/s  {:.2}x hand-built Arrow",
        single / hand
    );
    println!(
        "    Writer                                   {streamed:>12.0} rows/s  {:.2}x hand-built Arrow",
        streamed / hand
    );
    println!("    hand-built Arrow batches, one thread     {hand:>12.0} rows/s");
    println!(
        "    where the one-thread hand-built path spends its time: building batches {:.0}%, appending {:.0}%, commit {:.0}%",
        shares[0].as_secs_f64() / total * 100.0,
        shares[1].as_secs_f64() / total * 100.0,
        shares[2].as_secs_f64() / total * 100.0
    );
}

/// Encoding alone, no database: `Batch::extend` (the bulk path's encoding into Arrow batches,
/// kept in memory until a commit that never comes) against hand-built batches, alternating,
/// `rounds` each: the typed code per table, without DuckDB's appending, which is most of an
/// insert's time and most of its noise.
fn encode_only<T: Table>(label: &str, rows: &[T], rounds: usize, build: fn(&[T]) -> Vec<RecordBatch>) {
    let (mut batch, mut hand) = (vec![], vec![]);
    for round in 0..rounds {
        for k in 0..2 {
            let started = Instant::now();
            if (k + round) % 2 == 0 {
                let mut encoded = Batch::new();
                assert_eq!(encoded.extend(rows).unwrap(), rows.len());
                batch.push(started.elapsed());
                drop(encoded);
            } else {
                let batches = build(rows);
                hand.push(started.elapsed());
                drop(batches);
            }
        }
    }
    let n = rows.len() as f64;
    let (batch, hand) = (n / median(batch).as_secs_f64(), n / median(hand).as_secs_f64());
    println!(
        "{label}, encoding only (no database), {} rows, {rounds} rounds, medians: Batch::extend {batch:.0} rows/s, hand-built Arrow batches {hand:.0} rows/s: {:.2}x",
        rows.len(),
        batch / hand
    );
}

fn main() {
    let n = env("DUCKSPEC_BENCH_ROWS", 1_000_000);
    let rounds = env("DUCKSPEC_BENCH_ROUNDS", 5);
    let encode_rounds = env("DUCKSPEC_BENCH_ENCODE_ROUNDS", 15);
    encode_only("7-column job metrics", &job_rows(n), encode_rounds, job_batches);
    encode_only("30-column wide rows (24 strings)", &wide_rows(n), encode_rounds, wide_batches);
    if std::env::var_os("DUCKSPEC_BENCH_ENCODE_ONLY").is_some() {
        return;
    }
    compare(
        "7-column job metrics",
        &job_rows(n),
        rounds,
        job_batches,
        |c, r| JobMetric::insert_all(c, r).unwrap(),
        |c, r| {
            let mut w = Writer::<JobMetric>::new(c).unwrap();
            r.iter().for_each(|row| w.push(row).unwrap());
            w.finish().unwrap()
        },
    );
    compare(
        "30-column wide rows (24 strings)",
        &wide_rows(n),
        rounds,
        wide_batches,
        |c, r| Wide::insert_all(c, r).unwrap(),
        |c, r| {
            let mut w = Writer::<Wide>::new(c).unwrap();
            r.iter().for_each(|row| w.push(row).unwrap());
            w.finish().unwrap()
        },
    );

    // The threshold: pipelined vs one thread, small inputs, many repetitions.
    println!("threshold sweep, 7-column job metrics, median of 15 inserts each:");
    let data = job_rows(131_072);
    for size in [2_048, 4_096, 8_192, 16_384, 32_768, 65_536, 131_072] {
        let (mut on, mut off) = (vec![], vec![]);
        for _ in 0..15 {
            for pipelined in [true, false] {
                let conn = fresh(JobMetric::DDL);
                let started = Instant::now();
                let from = if pipelined { 0 } else { usize::MAX };
                duckspec::__private_0_1_0::insert_all_from(&conn, &data[..size], from).unwrap();
                if pipelined {
                    on.push(started.elapsed())
                } else {
                    off.push(started.elapsed())
                }
            }
        }
        let (on, off) = (median(on), median(off));
        println!(
            "    {size:>7} rows: second thread {:>8.2} ms, one thread {:>8.2} ms: {:.2}x",
            on.as_secs_f64() * 1e3,
            off.as_secs_f64() * 1e3,
            off.as_secs_f64() / on.as_secs_f64()
        );
    }
}

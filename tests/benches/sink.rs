//! Logs and spans into DuckDB through the background sink, side by side with the alternatives in
//! one run (compare the ratios; these machines are noisy). Run with:
//!
//! ```text
//! cargo bench --workspace --bench sink
//! DUCKSPEC_BENCH_EVENTS=200000 DUCKSPEC_BENCH_MEMORY_EVENTS=2000000 cargo bench --workspace --bench sink
//! DUCKSPEC_BENCH_ONLY=e cargo bench --workspace --bench sink   # one part: ab, c, d or e
//! DUCKSPEC_BENCH_ONLY=e DUCKSPEC_BENCH_MEMORY_LIMIT=100MB DUCKSPEC_BENCH_MEMORY_EVENTS=40000000 cargo bench --workspace --bench sink
//! ```
//!
//! (a) application-thread cost per event: `LogTable` (through a `Sink`) vs tracing-subscriber's
//!     JSON `fmt` layer writing to a buffered file, both beside a `JobContextLayer`;
//! (b) end-to-end events per second into DuckDB, one producer and two, and what emitting the same
//!     events costs with `JobContextLayer` alone (the most one producer could reach);
//! (c) per-span cost of `SpanRows` vs `JobContextLayer` alone;
//! (d) `Sink` rows per second for 1M job-metric rows vs `insert_all` of the same rows;
//! (e) peak memory while logging 10M events into a database file with `Overflow::Block`, per
//!     tenth of the run: the Rust heap (a counting allocator) and the process's resident memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::BufWriter;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use duckspec::duckdb::Connection;
use duckspec::job::{job_span, plugin_span, ClosedSpan, JobContextLayer, JobLogs, LogTable, SpanRows};
use duckspec::{Schema, Sink, SinkOptions, Table};
use tracing_subscriber::prelude::*;

mod common;
use common::{env, job_rows, median, JobMetric};

/// Counts live heap bytes and their peak, only while (e) runs: elsewhere the shared counters would
/// be a cache line every allocating and freeing thread fights over, a cost the sink (rows
/// allocated by the sender, freed by its writer) would pay and `insert_all` would not.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let live = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[derive(Table)]
#[table(name = "plugin_spans", unchecked)]
struct PluginSpan {
    job_id: String,
    plugin: String,
    busy_us: i64,
}

/// Emits `events` info events inside a job and a plugin span, as the server does.
fn emit(events: usize) {
    let _job = job_span("job-42").entered();
    let _plugin = plugin_span("blur-faces").entered();
    for i in 0..events {
        tracing::info!(frame = i as u64, latency_us = 812u64, "frame processed");
    }
}

fn log_database() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    JobLogs::load(&conn).unwrap();
    conn
}

/// (a) and (b): time on the application thread and until committed, for `LogTable`.
fn log_table(events: usize, producers: usize) -> (Duration, Duration) {
    let conn = log_database();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    let subscriber =
        tracing_subscriber::registry().with(JobContextLayer::new()).with(LogTable::new(sink.clone()));
    let dispatch = tracing::Dispatch::new(subscriber);
    let started = Instant::now();
    let threads: Vec<_> = (0..producers)
        .map(|_| {
            let dispatch = dispatch.clone();
            std::thread::spawn(move || {
                tracing::dispatcher::with_default(&dispatch, || emit(events / producers))
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let app = started.elapsed();
    sink.flush().unwrap();
    let total = started.elapsed();
    let written: i64 = conn.query_row("SELECT count(*) FROM job_logs", [], |r| r.get(0)).unwrap();
    assert_eq!(written as usize, events / producers * producers);
    drop(sink);
    (app, total)
}

/// (a): the JSON `fmt` layer writing to a buffered file.
fn json_file(events: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("log.json")).unwrap();
    let writer = buffered(file);
    let subscriber = tracing_subscriber::registry()
        .with(JobContextLayer::new())
        .with(tracing_subscriber::fmt::layer().json().with_writer(writer));
    let started = Instant::now();
    tracing::subscriber::with_default(subscriber, || emit(events));
    started.elapsed()
}

/// (b)'s floor: the same events with `JobContextLayer` alone, no layer writing them anywhere —
/// what `tracing` itself costs one producer per event.
fn context_only(events: usize) -> Duration {
    let subscriber = tracing_subscriber::registry().with(JobContextLayer::new());
    let started = Instant::now();
    tracing::subscriber::with_default(subscriber, || emit(events));
    started.elapsed()
}

/// A buffered file behind a mutex: what `fmt` writes a line to.
fn buffered(file: std::fs::File) -> impl for<'w> tracing_subscriber::fmt::MakeWriter<'w> + 'static {
    let shared = std::sync::Arc::new(std::sync::Mutex::new(BufWriter::with_capacity(1 << 16, file)));
    move || LockedWriter(shared.clone())
}

struct LockedWriter(std::sync::Arc<std::sync::Mutex<BufWriter<std::fs::File>>>);

impl std::io::Write for LockedWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(bytes)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

/// (c): `spans` plugin spans, each entered once, with and without `SpanRows`.
fn spans(spans: usize, with_rows: bool) -> Duration {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(PluginSpan::DDL).unwrap();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    let rows = SpanRows::new(sink.clone()).on_close("plugin", |s: &ClosedSpan| {
        Some(PluginSpan {
            job_id: s.job_id()?.to_string(),
            plugin: s.plugin()?.to_string(),
            busy_us: s.busy().as_micros() as i64,
        })
    });
    let run = || {
        let _job = job_span("job-1").entered();
        for _ in 0..spans {
            let _plugin = plugin_span("ocr").entered();
        }
    };
    let started = Instant::now();
    if with_rows {
        tracing::subscriber::with_default(
            tracing_subscriber::registry().with(JobContextLayer::new()).with(rows),
            run,
        );
    } else {
        tracing::subscriber::with_default(tracing_subscriber::registry().with(JobContextLayer::new()), run);
    }
    let elapsed = started.elapsed();
    sink.flush().unwrap();
    if with_rows {
        let written: i64 = conn.query_row("SELECT count(*) FROM plugin_spans", [], |r| r.get(0)).unwrap();
        assert_eq!(written as usize, spans);
    }
    elapsed
}

/// (d): the same rows through a sink (sent one by one, until committed) and through `insert_all`.
fn sink_rows(rows: &[JobMetric]) -> Duration {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    let started = Instant::now();
    for row in rows {
        sink.send(row.clone()).unwrap();
    }
    sink.flush().unwrap();
    started.elapsed()
}

fn insert_all(rows: &[JobMetric]) -> Duration {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(JobMetric::DDL).unwrap();
    // The clone the sink path pays for (a sent row is owned) is paid here too, and so is
    // dropping the rows afterwards (the sink's writer drops them before its flush returns).
    let started = Instant::now();
    let owned = rows.to_vec();
    JobMetric::insert_all(&conn, &owned).unwrap();
    drop(owned);
    started.elapsed()
}

/// Peak resident memory of the process since the last [`reset_peak_rss`] (Linux), in bytes.
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Starts a new peak-RSS window (Linux 4.0+: writing 5 to `clear_refs` resets `VmHWM`).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// (e): `events` events through `LogTable` into a database file, blocking on a full queue, in ten
/// equal parts: the peak Rust heap and the peak resident memory of each tenth. Flat means the last
/// tenth peaks no higher than the first. Also what DuckDB's buffer manager holds at the end.
fn memory_by_tenth(events: usize) -> (Vec<(usize, Option<usize>)>, String) {
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(dir.path().join("logs.duckdb")).unwrap();
    JobLogs::load(&conn).unwrap();
    if let Ok(limit) = std::env::var("DUCKSPEC_BENCH_MEMORY_LIMIT") {
        conn.execute_batch(&format!("SET memory_limit = '{limit}'")).unwrap();
    }
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default().capacity(65_536)).unwrap();
    let subscriber =
        tracing_subscriber::registry().with(JobContextLayer::new()).with(LogTable::new(sink.clone()));
    COUNTING.store(true, Ordering::Relaxed);
    let before = LIVE.load(Ordering::Relaxed);
    let mut tenths = Vec::new();
    tracing::subscriber::with_default(subscriber, || {
        for _ in 0..10 {
            PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
            reset_peak_rss();
            emit(events / 10);
            tenths.push(((PEAK.load(Ordering::Relaxed) - before).max(0) as usize, peak_rss()));
        }
    });
    COUNTING.store(false, Ordering::Relaxed);
    sink.flush().unwrap();
    let written: i64 = conn.query_row("SELECT count(*) FROM job_logs", [], |r| r.get(0)).unwrap();
    assert_eq!(written as usize, events / 10 * 10);
    drop(sink);
    let held: i64 = conn
        .query_row("SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()", [], |r| r.get(0))
        .unwrap();
    let limit: String = conn.query_row("SELECT current_setting('memory_limit')", [], |r| r.get(0)).unwrap();
    (tenths, format!("{:.1} MB (memory_limit {limit})", held as f64 / 1e6))
}

fn main() {
    // DUCKSPEC_BENCH_ONLY=ab|c|d|e runs one part (all by default).
    let only = std::env::var("DUCKSPEC_BENCH_ONLY").unwrap_or_default();
    let rounds = env("DUCKSPEC_BENCH_ROUNDS", 5);
    let parts: [(&str, &dyn Fn(usize)); 4] =
        [("ab", &events_report), ("c", &spans_report), ("d", &rows_report), ("e", &|_| memory_report())];
    for (name, part) in parts {
        if only.is_empty() || only == name {
            part(rounds);
        }
    }
}

/// (a) and (b), printed.
fn events_report(rounds: usize) {
    let events = env("DUCKSPEC_BENCH_EVENTS", 1_000_000);
    let (mut table_app, mut table_total, mut json, mut two_total) = (vec![], vec![], vec![], vec![]);
    let mut floor = vec![];
    for _ in 0..rounds {
        floor.push(context_only(events));
        let (app, total) = log_table(events, 1);
        table_app.push(app);
        table_total.push(total);
        json.push(json_file(events));
        two_total.push(log_table(events, 2).1);
    }
    let (table_app, table_total, json, two_total) =
        (median(table_app), median(table_total), median(json), median(two_total));
    let per = |d: Duration| d.as_nanos() as f64 / events as f64;
    let rate = |d: Duration| events as f64 / d.as_secs_f64();
    println!("(a) per event on the application thread, {events} events, {rounds} rounds, medians:");
    println!("    LogTable (through a Sink)            {:>8.0} ns", per(table_app));
    println!("    fmt JSON layer to a buffered file     {:>8.0} ns", per(json));
    println!("    ratio LogTable / JSON                 {:>8.2}x", per(table_app) / per(json));
    println!("(b) end to end into DuckDB (until committed):");
    println!("    one producer                          {:>8.0} events/s", rate(table_total));
    println!("    two producers                         {:>8.0} events/s", rate(two_total));
    println!("    floor: emitting with JobContextLayer alone {:>8.0} events/s", rate(median(floor)));
}

/// (c), printed.
fn spans_report(rounds: usize) {
    let span_count = env("DUCKSPEC_BENCH_SPANS", 200_000);
    let (mut with_rows, mut without) = (vec![], vec![]);
    for _ in 0..rounds {
        with_rows.push(spans(span_count, true));
        without.push(spans(span_count, false));
    }
    let (with_rows, without) = (median(with_rows), median(without));
    let per_span = |d: Duration| d.as_nanos() as f64 / span_count as f64;
    println!("(c) per span, {span_count} spans:");
    println!("    JobContextLayer + SpanRows            {:>8.0} ns", per_span(with_rows));
    println!("    JobContextLayer alone                 {:>8.0} ns", per_span(without));
    println!("    ratio                                 {:>8.2}x", per_span(with_rows) / per_span(without));
}

/// (d), printed.
fn rows_report(rounds: usize) {
    let count = env("DUCKSPEC_BENCH_ROWS", 1_000_000);
    let input = job_rows(count);
    let (mut sink_times, mut insert_times) = (vec![], vec![]);
    for _ in 0..rounds {
        sink_times.push(sink_rows(&input));
        insert_times.push(insert_all(&input));
    }
    let (sink_time, insert_time) = (median(sink_times), median(insert_times));
    let rows_per = |d: Duration| count as f64 / d.as_secs_f64();
    println!("(d) {count} job-metric rows:");
    println!("    Sink (send each, flush)               {:>10.0} rows/s", rows_per(sink_time));
    println!("    insert_all                            {:>10.0} rows/s", rows_per(insert_time));
    println!(
        "    ratio Sink / insert_all               {:>10.2}x",
        rows_per(sink_time) / rows_per(insert_time)
    );
}

/// (e), printed.
fn memory_report() {
    let memory_events = env("DUCKSPEC_BENCH_MEMORY_EVENTS", 10_000_000);
    let mb = |bytes: usize| bytes as f64 / 1e6;
    println!(
        "(e) {memory_events} events into a database file with Overflow::Block, peaks per tenth of the run:"
    );
    println!("    tenth   Rust heap MB   process RSS MB");
    let (tenths, duckdb_held) = memory_by_tenth(memory_events);
    for (tenth, (heap, rss)) in tenths.iter().enumerate() {
        let rss = rss.map(|rss| format!("{:>14.1}", mb(rss))).unwrap_or_else(|| format!("{:>14}", "-"));
        println!("    {:>5}   {:>12.1}   {rss}", tenth + 1, mb(*heap));
    }
    let (first, last) = (tenths[0], tenths[tenths.len() - 1]);
    println!("    last / first tenth, Rust heap          {:>8.2}x", last.0 as f64 / first.0 as f64);
    if let (Some(first), Some(last)) = (first.1, last.1) {
        println!("    last / first tenth, process RSS        {:>8.2}x", last as f64 / first as f64);
    }
    println!("    DuckDB's buffer manager at the end (duckdb_memory()): {duckdb_held}");
}

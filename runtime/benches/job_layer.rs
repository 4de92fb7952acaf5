//! Overhead of the job layer: events per second through a formatting subscriber with and
//! without `JobContextLayer`, measured in one run, alternating, so noise hits both alike.
//!
//! Run: `cargo bench -p duckspec --no-default-features --features tokio --bench job_layer`
//! (without `bundled`, so the release build does not compile DuckDB's C++; duckdb-rs then links a
//! DuckDB library: set `DUCKDB_LIB_DIR` and `LD_LIBRARY_PATH` to a directory with `libduckdb.so`,
//! e.g. `<target>/debug/duckspec-shared-duckdb`, which the UI tests make).

use std::hint::black_box;
use std::time::{Duration, Instant};

use duckspec::job::{job_span, plugin_span, JobContextLayer, JsonFormat};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::prelude::*;

const EVENTS: u32 = 200_000;
const ROUNDS: usize = 9;

/// Emits `EVENTS` events inside a job and a plugin span, as the server does.
fn emit() -> Duration {
    let start = Instant::now();
    let job = job_span("job-bench");
    let _job = job.enter();
    let plugin = plugin_span("blur-faces");
    plugin.record("correlation_id", "req-1");
    let _plugin = plugin.enter();
    for frame in 0..EVENTS {
        tracing::info!(frame = black_box(frame), device = "cuda:0", "frame processed");
    }
    start.elapsed()
}

fn run<S: tracing::Subscriber + Send + Sync + 'static>(subscriber: S) -> Duration {
    tracing::subscriber::with_default(subscriber, emit)
}

fn plain() -> Duration {
    run(tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer().json().with_span_events(FmtSpan::NONE).with_writer(std::io::sink),
    ))
}

fn with_layer() -> Duration {
    run(tracing_subscriber::registry().with(JobContextLayer::new().strict()).with(
        tracing_subscriber::fmt::layer().json().with_span_events(FmtSpan::NONE).with_writer(std::io::sink),
    ))
}

fn with_layer_and_json_format() -> Duration {
    run(tracing_subscriber::registry()
        .with(JobContextLayer::new().strict())
        .with(tracing_subscriber::fmt::layer().event_format(JsonFormat).with_writer(std::io::sink)))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    // Warm up caches and allocator.
    plain();
    with_layer();
    with_layer_and_json_format();
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        a.push(plain());
        b.push(with_layer());
        c.push(with_layer_and_json_format());
    }
    let rate = |d: Duration| f64::from(EVENTS) / d.as_secs_f64();
    let (a, b, c) = (median(a), median(b), median(c));
    println!("job_layer: {EVENTS} events per round, {ROUNDS} alternating rounds, medians");
    println!("  fmt json, no job layer:                 {:>12.0} events/s", rate(a));
    println!("  fmt json + JobContextLayer (strict):    {:>12.0} events/s", rate(b));
    println!("  JobContextLayer + duckspec JsonFormat:  {:>12.0} events/s", rate(c));
    println!(
        "  cost of the layer: {:+.1}% time per event (ratio {:.3})",
        (b.as_secs_f64() / a.as_secs_f64() - 1.0) * 100.0,
        b.as_secs_f64() / a.as_secs_f64()
    );
    println!("  layer + context-aware format vs plain: ratio {:.3}", c.as_secs_f64() / a.as_secs_f64());
}

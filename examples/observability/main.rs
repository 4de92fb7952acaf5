//! The flagship example: an observability server's metrics database.
//!
//! It reads the governance spec (`observability/spec/metrics.sql`), refuses a `metrics.duckdb`
//! whose tables drifted from it, creates what is missing, records a few simulated jobs and prints
//! a summary read back with SQL.
//!
//! Every log line (JSON on stderr) carries the job's `job_id`: the jobs run inside
//! `duckspec::job` spans and the subscriber has a `JobContextLayer`.
//!
//! Run it from the repository root: `cargo run --example observability [-- path/to/metrics.duckdb]`.

use duckspec::duckdb::{params, Connection};
use duckspec::job::{job_span, plugin_span, system_span, tool_span, JobContextLayer, JsonFormat};
use duckspec::spec::{self, Origin};
use tracing_subscriber::prelude::*;

const SPEC_PATH: &str = "examples/observability/spec/metrics.sql";
const SPEC: &str = include_str!("spec/metrics.sql");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::registry()
        .with(JobContextLayer::new().strict_targets(["observability"]))
        .with(tracing_subscriber::fmt::layer().event_format(JsonFormat).with_writer(std::io::stderr))
        .init();
    let startup = system_span("startup").entered();
    let path = std::env::args().nth(1).unwrap_or_else(|| "metrics.duckdb".to_string());
    let schema = spec::parse_schema(SPEC_PATH, SPEC)?;
    let conn = Connection::open(&path)?;

    // Refuse a database whose existing tables differ from the spec; create the missing ones.
    let live = duckspec::read_schema(&conn, Origin::Database(path.clone()))?;
    let drift: Vec<_> = spec::diff_schemas(&schema, &live)
        .into_iter()
        .filter(|d| live.table(&d.table).is_some() && schema.table(&d.table).is_some())
        .collect();
    if !drift.is_empty() {
        for d in &drift {
            eprintln!("{d}");
        }
        return Err(format!("{path} does not match {SPEC_PATH}; refusing to write to it").into());
    }
    conn.execute_batch(&spec::render_schema(&schema))?;
    tracing::info!(%path, tables = schema.tables.len(), "metrics database ready");
    drop(startup);

    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis();
    let tools = ["detect", "track", "transcode"];
    let tx = conn.unchecked_transaction()?;
    for (i, tool) in tools.iter().enumerate() {
        let job_id = format!("job-{run}-{i}");
        let job = job_span(&job_id);
        let _job = job.enter();
        let _tool = tool_span(tool).entered();
        let failed = i == 2;
        tracing::info!(input = %format!("s3://videos/{i}.mp4"), "job started");
        tx.execute(
            "INSERT INTO job_metrics (job_id, tool, status, started_at, duration_ms, frames_in, frames_out, input_uri, error_message) \
             VALUES (?, ?, ?, now(), ?, ?, ?, ?, ?)",
            params![
                job_id,
                tool,
                if failed { "failed" } else { "succeeded" },
                1200 + 300 * i as i64,
                900,
                if failed { 450 } else { 900 },
                format!("s3://videos/{i}.mp4"),
                failed.then_some("decoder error: truncated stream"),
            ],
        )?;
        for (plugin, outcome) in [("decode", "ok"), ("blur-faces", if failed { "error" } else { "ok" })] {
            let _plugin = plugin_span(plugin).entered();
            if outcome == "error" {
                tracing::error!(error = "decoder error: truncated stream", "plugin failed");
            } else {
                tracing::info!(frames = 900, "plugin finished");
            }
            tx.execute(
                "INSERT INTO plugin_metrics VALUES (?, ?, '1.4.2', ?, ?, ?)",
                params![job_id, plugin, outcome, 200 + i as i64 * 10, 900],
            )?;
        }
        tx.execute(
            "INSERT INTO overlay_metrics VALUES (?, 'bounding-box', ?, ?, ?)",
            params![job_id, 42, 850 + i as i64, 3],
        )?;
        let fallback = i == 1;
        if fallback {
            job.record("correlation_id", format!("fallback-{run}-{i}").as_str());
            tracing::warn!(
                requested = "cuda:0",
                actual = "cpu",
                reason = "cuda:0 out of memory",
                "device fallback"
            );
        }
        tx.execute(
            "INSERT INTO device_usage VALUES (?, 'cuda:0', ?, ?, ?, ?)",
            params![
                job_id,
                if fallback { "cpu" } else { "cuda:0" },
                fallback,
                fallback.then_some("cuda:0 out of memory"),
                512.0 + 128.0 * i as f64,
            ],
        )?;
    }
    tx.commit()?;

    println!("{:<12} {:>5} {:>9} {:>10} {:>9}", "tool", "jobs", "failed", "avg ms", "fallbacks");
    let mut summary = conn.prepare(
        "SELECT j.tool, count(*), count(*) FILTER (WHERE j.status = 'failed'), avg(j.duration_ms), \
                count(*) FILTER (WHERE d.fallback) \
         FROM job_metrics j LEFT JOIN device_usage d USING (job_id) GROUP BY j.tool ORDER BY j.tool",
    )?;
    let rows = summary.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, f64>(3)?,
            row.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (tool, jobs, failed, avg_ms, fallbacks) = row?;
        println!("{tool:<12} {jobs:>5} {failed:>9} {avg_ms:>10.1} {fallbacks:>9}");
    }
    println!("metrics written to {path}");
    Ok(())
}

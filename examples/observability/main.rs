//! The flagship example: an observability server's metrics database.
//!
//! The four metric tables are Rust structs (`metrics.rs`) checked at compile time against the
//! governance spec `observability/spec/metrics.sql`. At start-up `Metrics::load` creates the
//! tables that are missing and refuses a `metrics.duckdb` whose tables drifted from the code.
//! Simulated jobs then record their metrics with typed inserts: job and plugin rows in bulk with
//! `insert_all`, per-frame overlay rows streamed through a `Writer`, device rows one at a time.
//! A summary is read back with SQL, and the failed jobs with `select_all`.
//!
//! Every log line (JSON on stderr) carries the job's `job_id`: the jobs run inside
//! `duckspec::job` spans and the subscriber has a `JobContextLayer`.
//!
//! Run it from the repository root: `cargo run --example observability [-- path/to/metrics.duckdb]`.

mod metrics;

use chrono::{Duration, Utc};
use duckspec::duckdb::Connection;
use duckspec::job::{job_span, plugin_span, system_span, tool_span, JobContextLayer, JsonFormat};
use duckspec::{Error, Schema, Table, Writer};
use tracing_subscriber::prelude::*;

use metrics::{DeviceUsage, JobMetric, JobStatus, Metrics, OverlayMetric, PluginMetric};

const FRAMES: i64 = 900;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::registry()
        .with(JobContextLayer::new().strict_targets(["observability"]))
        .with(tracing_subscriber::fmt::layer().event_format(JsonFormat).with_writer(std::io::stderr))
        .init();
    let path = std::env::args().nth(1).unwrap_or_else(|| "metrics.duckdb".to_string());
    let conn = Connection::open(&path)?;

    let startup = system_span("startup").entered();
    match Metrics::load(&conn) {
        Ok(created) => {
            tracing::info!(%path, created, tables = Metrics::TABLES.len(), "metrics database ready")
        }
        Err(Error::Drift(report)) => {
            eprintln!("{report}");
            return Err(format!("{path} does not match {}; refusing to write to it", Metrics::SPEC).into());
        }
        Err(e) => return Err(e.into()),
    }
    drop(startup);

    let run = Utc::now();
    let mut jobs = Vec::new();
    for (i, tool) in ["detect", "track", "transcode"].into_iter().enumerate() {
        let job_id = format!("job-{}-{i}", run.timestamp_millis());
        let job = job_span(&job_id);
        let _job = job.enter();
        let _tool = tool_span(tool).entered();
        let failed = i == 2;
        let input_uri = format!("s3://videos/{i}.mp4");
        tracing::info!(input = %input_uri, "job started");

        let mut plugins = Vec::new();
        for (plugin, outcome) in [("decode", "ok"), ("blur-faces", if failed { "error" } else { "ok" })] {
            let _plugin = plugin_span(plugin).entered();
            if outcome == "error" {
                tracing::error!(error = "decoder error: truncated stream", "plugin failed");
            } else {
                tracing::info!(frames = FRAMES, "plugin finished");
            }
            plugins.push(PluginMetric {
                job_id: job_id.clone(),
                plugin: plugin.to_string(),
                version: "1.4.2".to_string(),
                outcome: outcome.to_string(),
                duration_ms: 200 + i as i64 * 10,
                frames: FRAMES,
            });
        }
        PluginMetric::insert_all(&conn, &plugins)?;

        // One overlay row per rendered frame, streamed: memory stays flat however long the video.
        let frames_out = if failed { FRAMES / 2 } else { FRAMES };
        let mut overlays = Writer::<OverlayMetric>::new(&conn)?;
        for frame_index in 0..frames_out {
            overlays.push(&OverlayMetric {
                job_id: job_id.clone(),
                overlay_kind: if frame_index % 30 == 0 { "label" } else { "bounding-box" }.to_string(),
                frame_index,
                render_time_us: 850 + (frame_index * 7919 + i as i64 * 31) % 400,
                items: 1 + (frame_index % 5) as i32,
            })?;
        }
        let overlay_rows = overlays.finish()?;
        tracing::info!(rows = overlay_rows, "overlays recorded");

        let fallback = i == 1;
        if fallback {
            job.record("correlation_id", format!("fallback-{}-{i}", run.timestamp_millis()).as_str());
            tracing::warn!(
                requested = "cuda:0",
                actual = "cpu",
                reason = "cuda:0 out of memory",
                "device fallback"
            );
        }
        DeviceUsage {
            job_id: job_id.clone(),
            requested_device: "cuda:0".to_string(),
            actual_device: if fallback { "cpu" } else { "cuda:0" }.to_string(),
            fallback,
            fallback_reason: fallback.then(|| "cuda:0 out of memory".to_string()),
            peak_memory_mb: 512.0 + 128.0 * i as f64,
        }
        .insert(&conn)?;

        jobs.push(JobMetric {
            job_id,
            tool: tool.to_string(),
            status: if failed { JobStatus::Failed } else { JobStatus::Succeeded },
            started_at: run + Duration::seconds(i as i64),
            duration_ms: 1200 + 300 * i as i64,
            frames_in: FRAMES,
            frames_out,
            input_uri,
            error_message: failed.then(|| "decoder error: truncated stream".to_string()),
            recorded_at: None, // the spec's DEFAULT current_timestamp
        });
        tracing::info!(failed, "job finished");
    }
    JobMetric::insert_all(&conn, &jobs)?;

    println!(
        "{:<12} {:>5} {:>7} {:>9} {:>14} {:>10}",
        "tool", "jobs", "failed", "avg ms", "overlay p95 µs", "fallbacks"
    );
    let mut summary = conn.prepare(
        "SELECT j.tool, count(DISTINCT j.job_id), count(DISTINCT j.job_id) FILTER (WHERE j.status = 'failed'), \
                avg(j.duration_ms), quantile_cont(o.render_time_us, 0.95), \
                count(DISTINCT j.job_id) FILTER (WHERE d.fallback) \
         FROM job_metrics j LEFT JOIN device_usage d USING (job_id) LEFT JOIN overlay_metrics o USING (job_id) \
         GROUP BY j.tool ORDER BY j.tool",
    )?;
    let rows = summary.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, f64>(3)?,
            row.get::<_, Option<f64>>(4)?,
            row.get::<_, i64>(5)?,
        ))
    })?;
    for row in rows {
        let (tool, jobs, failed, avg_ms, p95, fallbacks) = row?;
        let p95 = p95.map(|p| format!("{p:.0}")).unwrap_or_else(|| "-".into());
        println!("{tool:<12} {jobs:>5} {failed:>7} {avg_ms:>9.1} {p95:>14} {fallbacks:>10}");
    }

    // Typed read-back: the same structs, straight from the table.
    let failed: Vec<JobMetric> =
        JobMetric::select_all(&conn)?.into_iter().filter(|j| j.status == JobStatus::Failed).collect();
    for job in &failed {
        println!(
            "failed: {} ({}, {} of {} frames): {}",
            job.job_id,
            job.tool,
            job.frames_out,
            job.frames_in,
            job.error_message.as_deref().unwrap_or("no message")
        );
    }
    println!("metrics written to {path}");
    Ok(())
}

//! The flagship example: an observability server's metrics database.
//!
//! The metric tables are Rust structs (`metrics.rs`) checked at compile time against the
//! governance spec `observability/spec/metrics.sql`. At start-up `Metrics::load` creates the
//! tables that are missing (the job-logs table among them) and refuses a `metrics.duckdb` whose
//! tables drifted from the code.
//!
//! The jobs are only `tracing` spans and events: a background [`Sink`] turns them into rows
//! without the job's thread ever waiting on DuckDB. [`SpanRows`] turns each closed `job` span into
//! a `job_metrics` row and each closed `plugin` span into a `plugin_metrics` row (duration from the
//! span, outcome from whether an ERROR happened inside); [`LogTable`] writes every event to
//! `job_logs` with its job context. Per-frame overlay rows are streamed through a `Writer`, device
//! rows inserted one at a time. The summary at the end joins the logs with the metrics in a query
//! checked against the spec at compile time (`duckspec::query_as!`), and
//! the run's jobs are also written as day-partitioned Parquet beside the database (`metrics.lake/`,
//! what a fleet's engines read; see docs/SCALE.md) and checked against the spec. With `--iceberg`
//! (or `DUCKSPEC_ICEBERG=1`) they are also appended to the Iceberg table `main.job_metrics` of a
//! SQL catalog beside the database (`metrics.iceberg/catalog.db`, one snapshot per run), and the
//! catalog is checked against the spec.
//!
//! Run it from the repository root: `cargo run --example observability [-- path/to/metrics.duckdb]
//! [--iceberg]`.

mod metrics;

use std::time::Duration;

use chrono::Utc;
use duckspec::duckdb::Connection;
use duckspec::iceberg::{diff_iceberg, Catalog, IcebergOptions, IcebergWriter};
use duckspec::job::{system_span, ClosedSpan, JobContextLayer, JsonFormat, LogTable, SpanRows};
use duckspec::lake::{diff_lake, LakeOptions, LakeWriter, Partition};
use duckspec::{Error, Schema, Sink, SinkOptions, Table, Writer};
use tracing::field::Empty;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::prelude::*;

use metrics::{DeviceUsage, JobMetric, JobStatus, Metrics, OverlayMetric, PluginMetric};

const FRAMES: i64 = 900;

/// One line of the summary: a result row of a checked query (`duckspec::query_as!`).
#[derive(duckspec::Row, Debug)]
struct ToolSummary {
    tool: String,
    jobs: i64,
    failed: i64,
    avg_ms: f64,
    overlay_p95_us: Option<f64>,
    fallbacks: i64,
    logs: i64,
}

/// A closed `job` span as its `job_metrics` row.
fn job_row(span: &ClosedSpan) -> Option<JobMetric> {
    Some(JobMetric {
        job_id: span.job_id()?.to_string(),
        tool: span.tool()?.to_string(),
        status: if span.error().is_some() { JobStatus::Failed } else { JobStatus::Succeeded },
        started_at: span.started_at().into(),
        duration_ms: span.elapsed().as_millis() as i64,
        frames_in: span.i64("frames_in")?,
        frames_out: span.i64("frames_out").unwrap_or(0),
        input_uri: span.str("input_uri")?.to_string(),
        error_message: span.error().map(str::to_string),
        recorded_at: None, // the spec's DEFAULT current_timestamp
    })
}

/// A closed `plugin` span as its `plugin_metrics` row.
fn plugin_row(span: &ClosedSpan) -> Option<PluginMetric> {
    Some(PluginMetric {
        job_id: span.job_id()?.to_string(),
        plugin: span.plugin()?.to_string(),
        version: span.str("version")?.to_string(),
        outcome: if span.error().is_some() { "error" } else { "ok" }.to_string(),
        duration_ms: span.elapsed().as_millis() as i64,
        frames: span.i64("frames").unwrap_or(0),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let iceberg = args.iter().any(|a| a == "--iceberg") || std::env::var_os("DUCKSPEC_ICEBERG").is_some();
    let path =
        args.iter().find(|a| !a.starts_with("--")).cloned().unwrap_or_else(|| "metrics.duckdb".to_string());
    let conn = Connection::open(&path)?;
    match Metrics::load(&conn) {
        Ok(created) => eprintln!("{path}: {created} table(s) created, {} verified", Metrics::TABLES.len()),
        Err(Error::Drift(report)) => {
            eprintln!("{report}");
            return Err(format!("{path} does not match {}; refusing to write to it", Metrics::SPEC).into());
        }
        Err(e) => return Err(e.into()),
    }

    // Spans and events become rows through one background writer with its own connection.
    let sink =
        Sink::start(conn.try_clone()?, SinkOptions::default().flush_interval(Duration::from_millis(200)))?;
    tracing_subscriber::registry()
        .with(JobContextLayer::new().strict_targets(["observability"]))
        .with(LogTable::new(sink.clone()))
        .with(SpanRows::new(sink.clone()).on_close("job", job_row).on_close("plugin", plugin_row))
        // Warnings and errors also go to stderr, as JSON lines with the job context.
        .with(
            tracing_subscriber::fmt::layer()
                .event_format(JsonFormat)
                .with_writer(std::io::stderr)
                .with_filter(LevelFilter::WARN),
        )
        .init();

    let run = Utc::now();
    system_span("startup").in_scope(|| tracing::info!(%path, "metrics database ready"));
    for (i, tool) in ["detect", "track", "transcode"].into_iter().enumerate() {
        let job_id = format!("job-{}-{i}", run.timestamp_millis());
        let failed = i == 2;
        let input_uri = format!("s3://videos/{i}.mp4");
        let job = tracing::error_span!(
            "job",
            job_id = %job_id,
            tool,
            input_uri = %input_uri,
            frames_in = FRAMES,
            frames_out = Empty,
            correlation_id = Empty
        );
        let _job = job.enter();
        tracing::info!(input = %input_uri, "job started");

        for plugin in ["decode", "blur-faces"] {
            let span = tracing::error_span!(
                "plugin",
                plugin,
                version = "1.4.2",
                frames = Empty,
                correlation_id = Empty
            );
            let _plugin = span.enter();
            std::thread::sleep(Duration::from_millis(20 + 5 * i as u64));
            if failed && plugin == "blur-faces" {
                tracing::error!(error = "decoder error: truncated stream", "plugin failed");
            } else {
                span.record("frames", FRAMES);
                tracing::info!(frames = FRAMES, "plugin finished");
            }
        }

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
        job.record("frames_out", frames_out);
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
        tracing::info!(failed, "job finished");
    }
    // Every span closed above; what they and the events became is committed once this returns.
    sink.flush()?;

    println!(
        "{:<12} {:>5} {:>7} {:>9} {:>14} {:>10} {:>6}",
        "tool", "jobs", "failed", "avg ms", "overlay p95 µs", "fallbacks", "logs"
    );
    // A checked query: bound by DuckDB against the spec when this example compiled, its columns
    // matched to `ToolSummary`'s fields by name and type, `run` checked against `started_at`.
    let summary: Vec<ToolSummary> = duckspec::query_as!(
        ToolSummary,
        "observability/spec/metrics.sql",
        "SELECT j.tool, count(DISTINCT j.job_id) AS jobs,
                count(DISTINCT j.job_id) FILTER (WHERE j.status = 'failed') AS failed,
                avg(j.duration_ms) AS avg_ms, quantile_cont(o.render_time_us, 0.95) AS overlay_p95_us,
                count(DISTINCT j.job_id) FILTER (WHERE d.fallback) AS fallbacks,
                (SELECT count(*) FROM job_logs l WHERE l.tool = j.tool) AS logs
           FROM job_metrics j LEFT JOIN device_usage d USING (job_id) LEFT JOIN overlay_metrics o USING (job_id)
          WHERE j.started_at >= ? GROUP BY j.tool ORDER BY j.tool",
        run
    )
    .fetch_all(&conn)?;
    for row in summary {
        let p95 = row.overlay_p95_us.map(|p| format!("{p:.0}")).unwrap_or_else(|| "-".into());
        println!(
            "{:<12} {:>5} {:>7} {:>9.1} {p95:>14} {:>10} {:>6}",
            row.tool, row.jobs, row.failed, row.avg_ms, row.fallbacks, row.logs
        );
    }

    // The failed job: its plugin timings from the plugin spans, next to its error lines from the logs.
    let mut failed = conn.prepare(
        "SELECT j.job_id, p.plugin, p.duration_ms, p.outcome, coalesce(l.message || ': ' || (l.fields->>'error'), '') \
         FROM job_metrics j JOIN plugin_metrics p USING (job_id) \
         LEFT JOIN job_logs l ON l.job_id = j.job_id AND l.plugin = p.plugin AND l.level = 'ERROR' \
         WHERE j.status = 'failed' AND j.started_at >= ? ORDER BY j.job_id, p.plugin",
    )?;
    let rows = failed.query_map([run], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (job_id, plugin, ms, outcome, error) = row?;
        println!("failed {job_id}: plugin {plugin:<11} {ms:>4} ms {outcome:<5} {error}");
    }

    // Typed read-back: the same structs, straight from the table.
    let jobs = JobMetric::select_all(&conn)?;
    println!("{} job(s) recorded in {path}", jobs.len());

    // The fleet's copy: this run's jobs as day-partitioned Parquet beside the database, which any
    // engine reads, checked against the same spec.
    let lake = std::path::Path::new(&path).with_extension("lake");
    let mut writer = LakeWriter::<JobMetric>::create(
        &lake,
        LakeOptions::default().partition_by(Partition::day("started_at")),
    )?;
    let this_run: Vec<JobMetric> = jobs.into_iter().filter(|job| job.started_at >= run).collect();
    writer.write(&this_run)?;
    let files = writer.finish()?;
    let spec = duckspec::spec::parse_schema(Metrics::SPEC, include_str!("spec/metrics.sql"))?;
    let drifts = diff_lake(&spec, &lake)?;
    println!(
        "lake: {} job(s) in {} new file(s) under {}, {} drift(s)",
        this_run.len(),
        files.len(),
        lake.display(),
        drifts.len()
    );
    if iceberg {
        // The same jobs as an Iceberg table: one snapshot per run, many servers may append.
        let dir = std::path::Path::new(&path).with_extension("iceberg");
        std::fs::create_dir_all(&dir)?;
        let catalog = Catalog::sql(dir.join("catalog.db"), dir.join("warehouse"))?;
        let days = [Partition::day("started_at")];
        let mut writer = IcebergWriter::<JobMetric>::create(
            &catalog,
            IcebergOptions::default().partition_by(days[0].clone()),
        )?;
        writer.write(&this_run)?;
        let committed = writer.commit()?;
        let mut jobs_only = spec.clone();
        jobs_only.tables.retain(|table| table.name == JobMetric::NAME);
        let drifts = diff_iceberg(&jobs_only, &catalog, Some(&days))?;
        let total = catalog.snapshot(JobMetric::NAME)?.map_or(0, |s| s.rows);
        println!(
            "iceberg: {committed} job(s) in one snapshot of main.job_metrics ({total} in all) in {}, {} drift(s)",
            catalog.path().display(),
            drifts.len()
        );
    }
    let stats = sink.close()?;
    println!("sink: {} rows written, {} rejected, {} dropped", stats.written, stats.rejected, stats.dropped);
    Ok(())
}

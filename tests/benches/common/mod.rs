//! What the benchmarks share: the 7-column job-metrics struct and its rows, and reading the
//! environment and taking medians. Each benchmark binary uses its part.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use duckspec::duckdb::arrow::array::{
    ArrayRef, BooleanBuilder, FixedSizeBinaryBuilder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder, TimestampMicrosecondBuilder,
};
use duckspec::duckdb::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use duckspec::duckdb::arrow::record_batch::RecordBatch;
use duckspec::Table;
use uuid::Uuid;

/// The job-metrics row every insert benchmark writes: `i64`, `String`, `f64`, `bool`,
/// `Option<i32>` (a third NULL), `DateTime<Utc>` (TIMESTAMPTZ) and `Uuid`.
#[derive(Table, Clone)]
#[table(name = "job_metrics", unchecked)]
pub struct JobMetric {
    pub job_id: i64,
    pub tool: String,
    pub duration_ms: f64,
    pub succeeded: bool,
    pub frames: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub trace_id: Uuid,
}

/// `n` rows, the same in every benchmark and run.
pub fn job_rows(n: usize) -> Vec<JobMetric> {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    (0..n)
        .map(|i| JobMetric {
            job_id: i as i64,
            tool: format!("tool-{}", i % 10),
            duration_ms: i as f64 * 0.5,
            succeeded: i % 2 == 0,
            frames: (i % 3 != 0).then_some(i as i32),
            started_at: start + chrono::Duration::microseconds(i as i64 * 1_001),
            trace_id: Uuid::from_u128(i as u128 * 0x9e37_79b9_7f4a_7c15),
        })
        .collect()
}

/// The Arrow schema a careful user builds by hand for `JobMetric` (the UUID as DuckDB's
/// `arrow.uuid` extension type).
pub fn job_arrow_schema() -> SchemaRef {
    let uuid = [("ARROW:extension:name".to_string(), "arrow.uuid".to_string())];
    Arc::new(Schema::new(vec![
        Field::new("job_id", DataType::Int64, false),
        Field::new("tool", DataType::Utf8, false),
        Field::new("duration_ms", DataType::Float64, false),
        Field::new("succeeded", DataType::Boolean, false),
        Field::new("frames", DataType::Int32, true),
        Field::new("started_at", DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())), false),
        Field::new("trace_id", DataType::FixedSizeBinary(16), false)
            .with_metadata(uuid.into_iter().collect::<std::collections::HashMap<_, _>>()),
    ]))
}

/// `rows` as one Arrow batch, built by hand field by field: the practical limit for a Rust caller
/// of DuckDB's appender, which the generated code is measured against.
pub fn job_batch(schema: &SchemaRef, rows: &[JobMetric]) -> RecordBatch {
    let n = rows.len();
    let mut job_id = Int64Builder::with_capacity(n);
    let mut tool = StringBuilder::with_capacity(n, n * 8);
    let mut duration = Float64Builder::with_capacity(n);
    let mut succeeded = BooleanBuilder::with_capacity(n);
    let mut frames = Int32Builder::with_capacity(n);
    let mut started = TimestampMicrosecondBuilder::with_capacity(n).with_timezone("UTC");
    let mut trace = FixedSizeBinaryBuilder::with_capacity(n, 16);
    for r in rows {
        job_id.append_value(r.job_id);
        tool.append_value(&r.tool);
        duration.append_value(r.duration_ms);
        succeeded.append_value(r.succeeded);
        frames.append_option(r.frames);
        started.append_value(r.started_at.timestamp_micros());
        trace.append_value(r.trace_id.as_bytes()).unwrap();
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(job_id.finish()),
        Arc::new(tool.finish()),
        Arc::new(duration.finish()),
        Arc::new(succeeded.finish()),
        Arc::new(frames.finish()),
        Arc::new(started.finish()),
        Arc::new(trace.finish()),
    ];
    RecordBatch::try_new(schema.clone(), columns).unwrap()
}

/// The number in environment variable `name`, or `default`.
/// The fleet's job-metrics row the lake and Iceberg benchmarks write: the 7 columns above and a
/// `host`, with 7 days of `started_at` across the rows (for day x host partitions).
#[derive(Table, Clone)]
#[table(name = "job_metrics", unchecked)]
pub struct FleetMetric {
    pub job_id: i64,
    pub tool: String,
    pub host: String,
    pub duration_ms: f64,
    pub succeeded: bool,
    pub frames: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub trace_id: uuid::Uuid,
}

pub const TOOLS: [&str; 4] = ["detect", "blur-faces", "transcode", "ocr"];

pub fn fleet_rows(count: usize) -> Vec<FleetMetric> {
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
    (0..count)
        .map(|i| FleetMetric {
            job_id: i as i64,
            tool: TOOLS[i % 4].to_string(),
            host: format!("host-{}", i % 4),
            duration_ms: (i % 1000) as f64 * 1.25,
            succeeded: i % 17 != 0,
            frames: if i % 5 == 0 { None } else { Some((i % 3000) as i32) },
            // 7 days across the rows.
            started_at: start + chrono::Duration::milliseconds((i as i64 * 604_800_000) / count as i64),
            trace_id: uuid::Uuid::from_u128(0x9e37_79b9_7f4a_7c15_u128.wrapping_mul(i as u128 + 1)),
        })
        .collect()
}

pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The median of `times`.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

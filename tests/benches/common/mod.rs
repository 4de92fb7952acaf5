//! What the benchmarks share: the 7-column job-metrics struct and its rows, and reading the
//! environment and taking medians. Each benchmark binary uses its part.

#![allow(dead_code)]

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
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

/// The number in environment variable `name`, or `default`.
pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The median of `times`.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

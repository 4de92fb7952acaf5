//! The metrics tables, declared once as Rust structs. The build checks every struct against the
//! governance spec `spec/metrics.sql`: change a column on either side only and this file stops
//! compiling, with the spec's file:line:col in the error.

use chrono::{DateTime, Utc};
use duckspec::{Schema, SqlEnum, Table};

/// The spec's `job_status` ENUM.
#[derive(SqlEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// One row per job run by the server.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "job_metrics", spec = "observability/spec/metrics.sql", comment = "one row per job")]
pub struct JobMetric {
    #[column(primary_key)]
    pub job_id: String,
    pub tool: String,
    pub status: JobStatus,
    pub started_at: DateTime<Utc>,
    #[column(check = "duration_ms >= 0")]
    pub duration_ms: i64,
    pub frames_in: i64,
    pub frames_out: i64,
    pub input_uri: String,
    pub error_message: Option<String>,
    /// `None` lets DuckDB fill in the spec's DEFAULT, the time of the insert.
    #[column(default = "current_timestamp")]
    pub recorded_at: Option<DateTime<Utc>>,
}

/// One row per plugin invocation within a job.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "plugin_metrics", spec = "observability/spec/metrics.sql", primary_key(job_id, plugin))]
pub struct PluginMetric {
    pub job_id: String,
    pub plugin: String,
    pub version: String,
    #[column(check = "outcome IN ('ok', 'skipped', 'error')")]
    pub outcome: String,
    pub duration_ms: i64,
    pub frames: i64,
}

/// One row per overlay rendered onto a frame of a job's output.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "overlay_metrics", spec = "observability/spec/metrics.sql")]
pub struct OverlayMetric {
    pub job_id: String,
    pub overlay_kind: String,
    pub frame_index: i64,
    pub render_time_us: i64,
    pub items: i32,
}

/// Which device a job asked for and which it got.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(
    name = "device_usage",
    spec = "observability/spec/metrics.sql",
    primary_key(job_id, requested_device)
)]
pub struct DeviceUsage {
    pub job_id: String,
    pub requested_device: String,
    pub actual_device: String,
    #[column(default = "false")]
    pub fallback: bool,
    #[column(comment = "why the requested device was not used, e.g. out of memory")]
    pub fallback_reason: Option<String>,
    pub peak_memory_mb: f64,
}

/// The whole spec: every table it declares is one of these structs, or duckspec's own `JobLog`
/// (the spec declares `job_logs` exactly as duckspec ships it).
#[derive(Schema)]
#[schema(
    spec = "observability/spec/metrics.sql",
    tables(JobMetric, PluginMetric, OverlayMetric, DeviceUsage, duckspec::job::JobLog)
)]
pub struct Metrics;

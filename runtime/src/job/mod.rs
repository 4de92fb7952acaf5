//! Job-scoped logging: every event emitted while a job runs carries the job's `job_id`. Only
//! with the `job` cargo feature (on by default).
//!
//! The context lives in span fields. [`job_span`] opens a job, [`tool_span`] and [`plugin_span`]
//! narrow it, and `correlation_id` is declared empty on each of them so it can be recorded later
//! (`span.record("correlation_id", "req-7")`). [`JobContextLayer`] keeps those fields in each
//! span's extensions and resolves, for any event, the nearest `job_id`, `tool`, `plugin` and
//! `correlation_id` of its span scope (explicit parents included); [`JsonFormat`](struct@JsonFormat) writes them at
//! the top level of each JSON line.
//!
//! ```
//! use duckspec::job::{job_span, plugin_span, JobContextLayer, JsonFormat};
//! use tracing_subscriber::prelude::*;
//!
//! let subscriber = tracing_subscriber::registry()
//!     .with(JobContextLayer::new())
//!     .with(tracing_subscriber::fmt::layer().event_format(JsonFormat).with_writer(std::io::sink));
//! tracing::subscriber::with_default(subscriber, || {
//!     let job = job_span("job-42");
//!     let _job = job.enter();
//!     let _plugin = plugin_span("blur-faces").entered();
//!     tracing::info!(frames = 900, "plugin finished"); // carries job_id=job-42, plugin=blur-faces
//! });
//! ```

//!
//! Events and closed spans become rows: [`LogTable`] writes every event to the
//! `job_logs` table ([`JobLog`]) and [`SpanRows`] turns closed spans into rows of any table, both
//! through a [`Sink`](crate::Sink), so the thread that logs never waits on DuckDB.
//!
//! Files: `spans` (the context spans and task helpers), `fields` (the one field visitor),
//! `context` (the layer and strict mode), `json` (the JSON-lines format), `capture` (the test
//! helper), `log_table` and `span_rows` (events and spans as rows), `log_row` (the
//! row `LogTable` builds for an event).

pub mod capture;
mod context;
mod fields;
mod json;
mod log_row;
mod log_table;
mod span_rows;
mod spans;

pub use context::{JobContext, JobContextLayer, StrictMode, Violation, Violations};
pub use fields::{FieldValue, Fields};
pub use json::JsonFormat;
pub use log_table::{JobLog, JobLogs, LogTable, JOB_LOGS_SPEC};
pub use span_rows::{ClosedSpan, SpanRows};
pub use spans::{job_span, plugin_span, system_span, tool_span};
#[cfg(feature = "tokio")]
pub use spans::{spawn_blocking_in_job, spawn_in_job};

/// The span fields that carry job context.
pub const JOB_ID: &str = "job_id";
/// The tool a job runs.
pub const TOOL: &str = "tool";
/// The plugin running within a tool.
pub const PLUGIN: &str = "plugin";
/// An id tying events together across systems (a request, a device fallback, …).
pub const CORRELATION_ID: &str = "correlation_id";
/// Marks a span as system work, exempt from strict mode.
pub const SYSTEM: &str = "system";

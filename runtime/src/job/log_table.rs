//! [`LogTable`]: every tracing event becomes a row of the `job_logs` table ([`JobLog`]), sent
//! through a [`Sink`] so the thread that logs never waits on DuckDB.

use chrono::{DateTime, Utc};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use super::context::JobContext;
use super::log_row::LogRow;
use crate::sink::{in_sink_thread, Sink};
use crate::{Schema, Table};

/// The governance spec of the job-logs table, as shipped (`duckspec ddl` prints it canonically).
pub const JOB_LOGS_SPEC: &str = include_str!("../../spec/job_logs.sql");

/// One tracing event, as a row of `job_logs`.
#[derive(Table, Clone, Debug, PartialEq)]
#[table(name = "job_logs", spec = "spec/job_logs.sql", comment = "one row per tracing event")]
pub struct JobLog {
    /// When the event happened.
    pub ts: DateTime<Utc>,
    /// `ERROR`, `WARN`, `INFO`, `DEBUG` or `TRACE`.
    pub level: String,
    /// The event's target (its module path unless given).
    pub target: String,
    /// The event's message.
    pub message: String,
    /// The nearest `job_id` of the event's span scope.
    pub job_id: Option<String>,
    /// The nearest `tool`.
    pub tool: Option<String>,
    /// The nearest `plugin`.
    pub plugin: Option<String>,
    /// The nearest recorded `correlation_id`.
    pub correlation_id: Option<String>,
    /// The event's other fields.
    #[column(comment = "the event's other fields, as a JSON object")]
    pub fields: serde_json::Value,
}

/// The job-logs table as a schema: `JobLogs::load(&conn)` creates (or verifies) `job_logs`.
#[derive(Schema)]
#[schema(spec = "spec/job_logs.sql", tables(JobLog))]
pub struct JobLogs;

/// A `tracing_subscriber` layer that turns every event into a [`JobLog`] row sent through a
/// [`Sink`]: timestamp, level, target, message, the job context (from a [`JobContextLayer`] in the
/// same subscriber) and the remaining fields as JSON. Events of the sink's own thread are skipped,
/// so its logging never loops back into it.
///
/// On the logging thread it only builds the row — written for speed as a private row type of the
/// same table, checked against the same spec, with the fields already JSON text (sent rows are
/// freed on the sink's thread, so each allocation costs twice) — and queues it; read the rows back
/// as [`JobLog`]s.
///
/// [`JobContextLayer`]: super::JobContextLayer
///
/// ```
/// use duckspec::job::{job_span, JobContextLayer, JobLog, JobLogs, LogTable};
/// use duckspec::{duckdb::Connection, Schema, Sink, SinkOptions, Table};
/// use tracing_subscriber::prelude::*;
///
/// let conn = Connection::open_in_memory()?;
/// JobLogs::load(&conn)?;
/// let sink = Sink::start(conn.try_clone()?, SinkOptions::default())?;
/// let subscriber = tracing_subscriber::registry().with(JobContextLayer::new()).with(LogTable::new(sink.clone()));
/// tracing::subscriber::with_default(subscriber, || {
///     job_span("job-7").in_scope(|| tracing::warn!(frames = 3, "slow decoder"));
/// });
/// sink.flush()?;
/// let logs = JobLog::select_all(&conn)?;
/// assert_eq!(logs[0].job_id.as_deref(), Some("job-7"));
/// assert_eq!(logs[0].fields["frames"], 3);
/// # Ok::<(), duckspec::Error>(())
/// ```
#[derive(Clone)]
pub struct LogTable {
    sink: Sink,
}

impl LogTable {
    /// A layer writing through `sink`.
    pub fn new(sink: Sink) -> Self {
        LogTable { sink }
    }
}

impl<S> Layer<S> for LogTable
where
    S: Subscriber + for<'l> LookupSpan<'l>,
{
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if in_sink_thread() {
            return;
        }
        let row = LogRow::of(event, JobContext::of_event(&ctx, event));
        // A closed sink has nowhere to put the row; logging must not fail the program.
        let _ = self.sink.send(row);
    }
}

//! The row [`LogTable`](super::LogTable) sends for each event: a `job_logs` row built on the
//! logging thread with as few allocations as the event allows — the message and the other fields
//! are written straight into their text (the fields as a JSON object), with no intermediate field
//! list, map or key strings. Its derive is checked against the same governance spec as
//! [`JobLog`](super::JobLog), so both always describe one table; `JobLog` is the type to read the
//! rows back with.
//!
//! Why it matters: the rows are freed on the sink's writer thread, and every allocation made on
//! one thread and freed on another costs both threads time in the allocator (BENCHMARKS.md, sink
//! (b)).

use std::fmt;

use chrono::{DateTime, Utc};
use tracing::field::{Field, Visit};
use tracing::Event;

use super::context::JobContext;
use crate::Table;

/// One tracing event as a `job_logs` row, its other fields as JSON text.
#[derive(Table)]
#[table(name = "job_logs", spec = "spec/job_logs.sql", comment = "one row per tracing event")]
pub(crate) struct LogRow {
    ts: DateTime<Utc>,
    level: String,
    target: String,
    message: String,
    job_id: Option<String>,
    tool: Option<String>,
    plugin: Option<String>,
    correlation_id: Option<String>,
    #[column(sql_type = "JSON", comment = "the event's other fields, as a JSON object")]
    fields: String,
}

impl LogRow {
    /// The row of `event` with its job `context`, stamped now.
    pub fn of(event: &Event<'_>, context: JobContext) -> LogRow {
        let mut text = EventText { message: String::new(), fields: Vec::with_capacity(64) };
        text.fields.push(b'{');
        event.record(&mut text);
        text.fields.push(b'}');
        let metadata = event.metadata();
        LogRow {
            ts: Utc::now(),
            level: metadata.level().as_str().to_owned(),
            target: metadata.target().to_owned(),
            message: text.message,
            job_id: context.job_id,
            tool: context.tool,
            plugin: context.plugin,
            correlation_id: context.correlation_id,
            fields: String::from_utf8(text.fields).expect("serde_json writes UTF-8"),
        }
    }
}

/// Writes an event's `message` as text and its other fields, through `serde_json`, as the members
/// of a JSON object: numbers and booleans as themselves, the rest as strings — the values
/// [`JsonFormat`](super::JsonFormat) writes.
struct EventText {
    message: String,
    /// `{` and the members so far.
    fields: Vec<u8>,
}

impl EventText {
    /// Records `field`: its value as the message's `text`, or, for any other field, as a member
    /// that `json` writes.
    fn value(
        &mut self,
        field: &Field,
        json: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
        text: impl FnOnce() -> String,
    ) {
        if field.name() == "message" {
            self.message = text();
            return;
        }
        if self.fields.len() > 1 {
            self.fields.push(b',');
        }
        // Writing to a Vec cannot fail, and these values always serialize.
        let _ = serde_json::to_writer(&mut self.fields, field.name());
        self.fields.push(b':');
        let _ = json(&mut self.fields);
    }
}

// serde_json writes a non-finite float as `null` and a whole one as `3.0`.
impl Visit for EventText {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.value(field, |out| serde_json::to_writer(out, &value), || value.to_string());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.value(field, |out| serde_json::to_writer(out, &value), || value.to_string());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.value(field, |out| serde_json::to_writer(out, &value), || value.to_string());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.value(field, |out| serde_json::to_writer(out, &value), || value.to_string());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.value(field, |out| serde_json::to_writer(out, value), || value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.value(field, |out| serde_json::to_writer(out, &text), String::new);
        }
    }
}

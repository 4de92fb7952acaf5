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

use std::fmt::{self, Write as _};

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
        let mut text = EventText { message: String::new(), fields: String::with_capacity(64) };
        text.fields.push('{');
        event.record(&mut text);
        text.fields.push('}');
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
            fields: text.fields,
        }
    }
}

/// Writes an event's `message` as text and its other fields as the members of a JSON object:
/// numbers and booleans as themselves (a non-finite float as `null`), the rest as strings — the
/// same values [`JsonFormat`](super::JsonFormat) writes.
struct EventText {
    message: String,
    /// `{` and the members so far.
    fields: String,
}

impl EventText {
    /// Starts the member `name` and returns the text to write its value into.
    fn member(&mut self, name: &str) -> &mut String {
        if self.fields.len() > 1 {
            self.fields.push(',');
        }
        push_json_str(&mut self.fields, name);
        self.fields.push(':');
        &mut self.fields
    }

    /// A value that is text (or written as text in JSON) for `field`.
    fn text(&mut self, field: &Field, write: impl FnOnce(&mut dyn fmt::Write) -> fmt::Result) {
        if field.name() == "message" {
            let _ = write(&mut self.message);
        } else {
            let out = self.member(field.name());
            out.push('"');
            let _ = write(&mut JsonEscaped(out));
            out.push('"');
        }
    }

    /// A value written in JSON as itself (a number or a boolean); `message` gets its text.
    fn bare(&mut self, field: &Field, value: impl fmt::Display) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value}");
        } else {
            let _ = write!(self.member(field.name()), "{value}");
        }
    }
}

impl Visit for EventText {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "message" {
            self.bare(field, value);
        } else if !value.is_finite() {
            self.bare(field, "null");
        } else if value.fract() == 0.0 {
            // A float stays a float in JSON (`3.0`, as serde_json writes it); Display writes `3`.
            self.bare(field, format_args!("{value}.0"));
        } else {
            self.bare(field, value);
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.bare(field, value);
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.bare(field, value);
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.bare(field, value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.text(field, |out| out.write_str(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.text(field, |out| write!(out, "{value:?}"));
    }
}

/// Appends `text` as a JSON string.
fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    let _ = JsonEscaped(out).write_str(text);
    out.push('"');
}

/// Writes text into a JSON string's contents, escaping what JSON requires.
struct JsonEscaped<'a>(&'a mut String);

impl fmt::Write for JsonEscaped<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut plain = 0;
        for (index, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x00..=0x1f => "",
                _ => continue,
            };
            self.0.push_str(&text[plain..index]);
            if escape.is_empty() {
                let _ = write!(self.0, "\\u{byte:04x}");
            } else {
                self.0.push_str(escape);
            }
            plain = index + 1;
        }
        self.0.push_str(&text[plain..]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        push_json_str(&mut out, text);
        out
    }

    #[test]
    fn escaped_strings_parse_back_to_themselves() {
        for text in ["", "plain", "a \"quoted\" \\ path", "line\nbreak\ttab\r", "\u{1}\u{1f}", "ünï ✓ 😀"]
        {
            let json = escaped(text);
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text, "{json}");
        }
    }
}

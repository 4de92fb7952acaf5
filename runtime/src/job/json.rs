//! [`JsonFormat`](struct@JsonFormat): JSON lines with the job context at the top level.

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use super::context::JobContext;
use super::fields::{FieldValue, Fields};
use super::{CORRELATION_ID, JOB_ID, PLUGIN, TOOL};

/// A JSON-lines event format with the job context at the top level:
/// `{"timestamp":"…","level":"INFO","target":"…","job_id":"…","tool":"…","plugin":"…",
/// "correlation_id":"…","message":"…", …event fields}`. Use it with a [`JobContextLayer`](super::JobContextLayer)
/// in the same subscriber: `fmt::layer().event_format(JsonFormat)`.
///
/// Timestamps come from a `tracing_subscriber` [`FormatTime`]: [`SystemTime`] (RFC 3339, UTC,
/// microseconds) unless [`JsonFormat::with_timer`] picks another.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonFormat<T = SystemTime> {
    timer: T,
}

/// The format with the default clock, so `event_format(JsonFormat)` reads like a unit struct.
#[allow(non_upper_case_globals)]
pub const JsonFormat: JsonFormat = JsonFormat { timer: SystemTime };

impl JsonFormat {
    /// The format with the default clock.
    pub fn new() -> JsonFormat {
        JsonFormat { timer: SystemTime }
    }
}

impl<T> JsonFormat<T> {
    /// The same format with timestamps from `timer` (`()` leaves them out).
    pub fn with_timer<U: FormatTime>(self, timer: U) -> JsonFormat<U> {
        JsonFormat { timer }
    }
}

impl<S, N, T> FormatEvent<S, N> for JsonFormat<T>
where
    S: Subscriber + for<'l> LookupSpan<'l>,
    N: for<'w> FormatFields<'w> + 'static,
    T: FormatTime,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let context = ctx.event_scope().map(JobContext::from_scope).unwrap_or_default();
        let metadata = event.metadata();
        let mut line = serde_json::Map::new();
        let mut timestamp = String::new();
        self.timer.format_time(&mut Writer::new(&mut timestamp))?;
        if !timestamp.is_empty() {
            line.insert("timestamp".into(), timestamp.into());
        }
        line.insert("level".into(), metadata.level().as_str().into());
        line.insert("target".into(), metadata.target().into());
        for (name, value) in [
            (JOB_ID, &context.job_id),
            (TOOL, &context.tool),
            (PLUGIN, &context.plugin),
            (CORRELATION_ID, &context.correlation_id),
        ] {
            if let Some(value) = value {
                line.insert(name.into(), value.clone().into());
            }
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        for (name, value) in fields.0 {
            // Context fields win over event fields of the same name.
            line.entry(name).or_insert_with(|| json_value(value));
        }
        writeln!(writer, "{}", serde_json::Value::Object(line))
    }
}

/// A field value as JSON: numbers and booleans as themselves, the rest as strings.
pub(crate) fn json_value(value: FieldValue) -> serde_json::Value {
    match value {
        FieldValue::Str(text) | FieldValue::Debug(text) => text.into(),
        FieldValue::I64(value) => value.into(),
        FieldValue::U64(value) => value.into(),
        FieldValue::F64(value) => value.into(),
        FieldValue::Bool(value) => value.into(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::prelude::*;

    use super::*;
    use crate::job::{job_span, plugin_span, JobContextLayer};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_lines_carry_the_context_at_the_top_level() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::registry().with(JobContextLayer::new()).with(
            tracing_subscriber::fmt::layer().event_format(JsonFormat).with_writer(move || writer.clone()),
        );
        tracing::subscriber::with_default(subscriber, || {
            let job = job_span("job-json");
            let _job = job.enter();
            let plugin = plugin_span("blur-faces");
            plugin.record("correlation_id", "req-1");
            // An explicit parent, not the current span, decides the context.
            tracing::info!(parent: &plugin, frames = 12, "done");
            tracing::warn!("no plugin here");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0]["job_id"], "job-json");
        assert_eq!(lines[0]["plugin"], "blur-faces");
        assert_eq!(lines[0]["correlation_id"], "req-1");
        assert_eq!(lines[0]["frames"], 12);
        assert_eq!(lines[0]["message"], "done");
        assert_eq!(lines[0]["level"], "INFO");
        assert_eq!(lines[1]["job_id"], "job-json");
        assert!(lines[1].get("plugin").is_none());
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_microseconds() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer().event_format(JsonFormat).with_writer(move || writer.clone()),
        );
        tracing::subscriber::with_default(subscriber, || tracing::info!("tick"));
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        let timestamp = line["timestamp"].as_str().unwrap();
        // 2026-11-26T09:28:21.123456Z
        assert_eq!(timestamp.len(), 27, "{timestamp}");
        assert!(timestamp.ends_with('Z') && timestamp.as_bytes()[10] == b'T', "{timestamp}");
    }

    #[test]
    fn a_timer_can_be_swapped_or_left_out() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let format = JsonFormat.with_timer(());
        let subscriber = tracing_subscriber::registry()
            .with(tracing_subscriber::fmt::layer().event_format(format).with_writer(move || writer.clone()));
        tracing::subscriber::with_default(subscriber, || tracing::info!("tick"));
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert!(line.get("timestamp").is_none(), "{text}");
    }
}

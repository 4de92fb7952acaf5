//! [`SpanRows`]: closed spans become rows. Per span name a typed closure turns a [`ClosedSpan`]
//! (its job context, recorded fields, timings and whether an ERROR happened inside) into a row of
//! any table, sent through a [`Sink`].

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use super::context::JobContext;
use super::fields::{FieldValue, Fields};
use crate::sink::{in_sink_thread, Sink};
use crate::traits::Table;

/// A span that just closed, as a [`SpanRows`] closure sees it.
#[derive(Debug)]
pub struct ClosedSpan<'a> {
    name: &'static str,
    context: JobContext,
    fields: &'a Fields,
    started_at: SystemTime,
    busy: Duration,
    idle: Duration,
    elapsed: Duration,
    error: Option<&'a str>,
}

impl ClosedSpan<'_> {
    /// The span's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The nearest `job_id` of the span and its parents.
    pub fn job_id(&self) -> Option<&str> {
        self.context.job_id.as_deref()
    }

    /// The nearest `tool`.
    pub fn tool(&self) -> Option<&str> {
        self.context.tool.as_deref()
    }

    /// The nearest `plugin`.
    pub fn plugin(&self) -> Option<&str> {
        self.context.plugin.as_deref()
    }

    /// The nearest recorded `correlation_id`.
    pub fn correlation_id(&self) -> Option<&str> {
        self.context.correlation_id.as_deref()
    }

    /// A string field of the span (recorded at creation or later with `span.record`).
    pub fn str(&self, field: &str) -> Option<&str> {
        match self.fields.get(field)? {
            FieldValue::Str(text) | FieldValue::Debug(text) => Some(text),
            _ => None,
        }
    }

    /// An integer field.
    pub fn i64(&self, field: &str) -> Option<i64> {
        match self.fields.get(field)? {
            FieldValue::I64(value) => Some(*value),
            FieldValue::U64(value) => i64::try_from(*value).ok(),
            _ => None,
        }
    }

    /// A number field (integers widen).
    pub fn f64(&self, field: &str) -> Option<f64> {
        match self.fields.get(field)? {
            FieldValue::F64(value) => Some(*value),
            FieldValue::I64(value) => Some(*value as f64),
            FieldValue::U64(value) => Some(*value as f64),
            _ => None,
        }
    }

    /// A boolean field.
    pub fn bool(&self, field: &str) -> Option<bool> {
        match self.fields.get(field)? {
            FieldValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// When the span was created.
    pub fn started_at(&self) -> SystemTime {
        self.started_at
    }

    /// Time spent inside the span (entered).
    pub fn busy(&self) -> Duration {
        self.busy
    }

    /// Time the span existed without being entered.
    pub fn idle(&self) -> Duration {
        self.idle
    }

    /// Wall time from creation to close.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The message of the last ERROR event inside the span (or a span within it).
    pub fn error(&self) -> Option<&str> {
        self.error
    }
}

/// Turns a closed span into a row and sends it.
type Handler = Arc<dyn Fn(&ClosedSpan<'_>, &Sink) + Send + Sync>;

/// A `tracing_subscriber` layer that turns closed spans into rows, configured per span name with a
/// typed closure; rows go through a [`Sink`]. Use it with a [`JobContextLayer`] in the same
/// subscriber, which provides the job context.
///
/// [`JobContextLayer`]: super::JobContextLayer
///
/// ```
/// use duckspec::job::{job_span, plugin_span, ClosedSpan, JobContextLayer, SpanRows};
/// use duckspec::{duckdb::Connection, Sink, SinkOptions, Table};
/// use tracing_subscriber::prelude::*;
///
/// #[derive(Table, Debug, PartialEq)]
/// #[table(name = "plugin_runs", unchecked)]
/// struct PluginRun {
///     job_id: String,
///     plugin: String,
///     frames: i64,
///     failed: bool,
/// }
///
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(PluginRun::DDL)?;
/// let sink = Sink::start(conn.try_clone()?, SinkOptions::default())?;
/// let rows = SpanRows::new(sink.clone()).on_close("plugin", |s: &ClosedSpan| {
///     Some(PluginRun {
///         job_id: s.job_id()?.to_string(),
///         plugin: s.plugin()?.to_string(),
///         frames: s.i64("frames").unwrap_or(0),
///         failed: s.error().is_some(),
///     })
/// });
/// let subscriber = tracing_subscriber::registry().with(JobContextLayer::new()).with(rows);
/// tracing::subscriber::with_default(subscriber, || {
///     let _job = job_span("job-1").entered();
///     let plugin = tracing::error_span!("plugin", plugin = "ocr", frames = tracing::field::Empty);
///     plugin.in_scope(|| tracing::error!("no text found"));
///     plugin.record("frames", 12);
/// });
/// sink.flush()?;
/// let runs = PluginRun::select_all(&conn)?;
/// assert_eq!(runs, [PluginRun { job_id: "job-1".into(), plugin: "ocr".into(), frames: 12, failed: true }]);
/// # Ok::<(), duckspec::Error>(())
/// ```
#[derive(Clone)]
pub struct SpanRows {
    sink: Sink,
    handlers: Vec<(String, Handler)>,
}

impl SpanRows {
    /// A layer sending through `sink`, with no span names configured yet.
    pub fn new(sink: Sink) -> Self {
        SpanRows { sink, handlers: Vec::new() }
    }

    /// When a span named `name` closes, `row` turns it into a row of `T`'s table (or `None`: no
    /// row for this span).
    pub fn on_close<T, F>(mut self, name: &str, row: F) -> Self
    where
        T: Table + Send + 'static,
        F: Fn(&ClosedSpan<'_>) -> Option<T> + Send + Sync + 'static,
    {
        let handler: Handler = Arc::new(move |span: &ClosedSpan<'_>, sink: &Sink| {
            if let Some(row) = row(span) {
                // A closed sink has nowhere to put the row; tracing must not fail the program.
                let _ = sink.send(row);
            }
        });
        self.handlers.push((name.to_string(), handler));
        self
    }

    fn handler(&self, name: &str) -> Option<&Handler> {
        self.handlers.iter().find(|(n, _)| n == name).map(|(_, h)| h)
    }
}

/// What a configured span accumulates while it is open (kept in its extensions).
struct SpanRecord {
    fields: Fields,
    started_at: SystemTime,
    created: Instant,
    /// The last enter or exit.
    last: Instant,
    entered: usize,
    busy: Duration,
    idle: Duration,
    error: Option<String>,
}

impl<S> Layer<S> for SpanRows
where
    S: Subscriber + for<'l> LookupSpan<'l>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if self.handler(attrs.metadata().name()).is_none() {
            return;
        }
        let Some(span) = ctx.span(id) else { return };
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let now = Instant::now();
        span.extensions_mut().insert(SpanRecord {
            fields,
            started_at: SystemTime::now(),
            created: now,
            last: now,
            entered: 0,
            busy: Duration::ZERO,
            idle: Duration::ZERO,
            error: None,
        });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(record) = extensions.get_mut::<SpanRecord>() {
            values.record(&mut record.fields);
        }
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(record) = extensions.get_mut::<SpanRecord>() {
            let now = Instant::now();
            if record.entered == 0 {
                record.idle += now - record.last;
                record.last = now;
            }
            record.entered += 1;
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(record) = extensions.get_mut::<SpanRecord>() {
            record.entered = record.entered.saturating_sub(1);
            if record.entered == 0 {
                let now = Instant::now();
                record.busy += now - record.last;
                record.last = now;
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if *event.metadata().level() != Level::ERROR {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else { return };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let message = fields.message();
        for span in scope {
            let mut extensions = span.extensions_mut();
            if let Some(record) = extensions.get_mut::<SpanRecord>() {
                record.error = Some(message.clone());
            }
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if in_sink_thread() {
            return;
        }
        let Some(span) = ctx.span(&id) else { return };
        let Some(handler) = self.handler(span.name()) else { return };
        let Some(record) = span.extensions_mut().remove::<SpanRecord>() else { return };
        let now = Instant::now();
        let idle = if record.entered == 0 { record.idle + (now - record.last) } else { record.idle };
        let context = JobContext::from_scope(span.scope());
        let closed = ClosedSpan {
            name: span.name(),
            context,
            fields: &record.fields,
            started_at: record.started_at,
            busy: record.busy,
            idle,
            elapsed: now - record.created,
            error: record.error.as_deref(),
        };
        handler(&closed, &self.sink);
    }
}

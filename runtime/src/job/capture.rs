//! [`LogCapture`], the test helper for job-scoped logging: structured records, queried by
//! `job_id`, isolated per test even when tests run in parallel.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use tracing::span::{Attributes, EnteredSpan, Id};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use super::context::{violation, JobContext, JobContextLayer, StrictMode, Violation};
use super::fields::Fields;
use super::{CORRELATION_ID, JOB_ID, PLUGIN, TOOL};

/// One captured event.
#[derive(Clone, Debug)]
pub struct CapturedEvent {
    level: Level,
    target: String,
    message: String,
    fields: BTreeMap<String, String>,
    context: JobContext,
}

impl CapturedEvent {
    /// The event's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The event's level.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The event's target.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The nearest `job_id` of the event's span scope.
    pub fn job_id(&self) -> Option<&str> {
        self.context.job_id.as_deref()
    }

    /// The event's job context.
    pub fn context(&self) -> &JobContext {
        &self.context
    }

    /// An event field (`Debug`-formatted unless it was a string), or one of the context fields
    /// `job_id`, `tool`, `plugin`, `correlation_id`.
    pub fn field(&self, name: &str) -> Option<&str> {
        if let Some(value) = self.fields.get(name) {
            return Some(value);
        }
        match name {
            JOB_ID => self.context.job_id.as_deref(),
            TOOL => self.context.tool.as_deref(),
            PLUGIN => self.context.plugin.as_deref(),
            CORRELATION_ID => self.context.correlation_id.as_deref(),
            _ => None,
        }
    }
}

/// Captures the events of one test.
///
/// `LogCapture::start()` installs, the first time in a process, one global subscriber (a strict
/// [`JobContextLayer`] plus a capturing layer), then opens a capture span on the current thread.
/// Everything emitted inside that span's scope — on this thread, in tasks started with
/// [`spawn_in_job`](super::spawn_in_job), on threads started with
/// [`spawn_blocking_in_job`](super::spawn_blocking_in_job) — belongs to this capture and to
/// no other, so parallel tests do not see each other's events. Dropping the capture closes the
/// span (drop it on the thread that started it).
///
/// ```
/// use duckspec::job::capture::LogCapture;
/// use duckspec::job::job_span;
///
/// let capture = LogCapture::start();
/// job_span("job-7").in_scope(|| tracing::info!(frames = 3, "decoded"));
/// tracing::info!("outside any job");
///
/// let records = capture.records_for_job("job-7");
/// assert_eq!(records.len(), 1);
/// assert_eq!(records[0].field("frames"), Some("3"));
/// assert_eq!(capture.violations().len(), 1); // the event outside any job
/// ```
pub struct LogCapture {
    id: u64,
    _span: EnteredSpan,
}

#[derive(Default)]
struct Buffer {
    records: Vec<CapturedEvent>,
    violations: Vec<Violation>,
}

type Buffers = Mutex<HashMap<u64, Buffer>>;

fn buffers() -> &'static Buffers {
    static BUFFERS: OnceLock<Buffers> = OnceLock::new();
    BUFFERS.get_or_init(Default::default)
}

fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry()
            .with(JobContextLayer::new().strict())
            .with(CaptureLayer { strict: StrictMode::default() });
        tracing::subscriber::set_global_default(subscriber).expect(
            "LogCapture needs to install the global subscriber, and another one is already installed",
        );
    });
}

impl LogCapture {
    /// Starts capturing (see the type's documentation).
    pub fn start() -> LogCapture {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        install();
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        buffers().lock().unwrap_or_else(|p| p.into_inner()).insert(id, Buffer::default());
        let span = tracing::error_span!("duckspec_capture", capture_id = id).entered();
        LogCapture { id, _span: span }
    }

    /// Every event captured since [`LogCapture::start`], in order.
    pub fn records(&self) -> Vec<CapturedEvent> {
        self.with_buffer(|buffer| buffer.records.clone())
    }

    /// The captured events whose `job_id` is `job_id`.
    pub fn records_for_job(&self, job_id: &str) -> Vec<CapturedEvent> {
        self.records().into_iter().filter(|r| r.job_id() == Some(job_id)).collect()
    }

    /// The strict-mode violations (events without a `job_id`, outside a system span) captured.
    pub fn violations(&self) -> Vec<Violation> {
        self.with_buffer(|buffer| buffer.violations.clone())
    }

    fn with_buffer<T>(&self, read: impl FnOnce(&Buffer) -> T) -> T {
        let buffers = buffers().lock().unwrap_or_else(|p| p.into_inner());
        read(buffers.get(&self.id).expect("a capture's buffer lives as long as the capture"))
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        buffers().lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

impl fmt::Debug for LogCapture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogCapture").field("id", &self.id).finish_non_exhaustive()
    }
}

/// The capture id a `duckspec_capture` span declares (kept in its extensions).
struct CaptureId(u64);

struct CaptureLayer {
    strict: StrictMode,
}

impl<S> Layer<S> for CaptureLayer
where
    S: Subscriber + for<'l> LookupSpan<'l>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "duckspec_capture" {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let capture = fields.get("capture_id").and_then(|id| id.text().parse().ok());
        if let (Some(capture), Some(span)) = (capture, ctx.span(id)) {
            span.extensions_mut().insert(CaptureId(capture));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(scope) = ctx.event_scope(event) else { return };
        let capture = scope.from_root().find_map(|span| span.extensions().get::<CaptureId>().map(|c| c.0));
        let Some(capture) = capture else { return };
        let context = JobContext::of_event(&ctx, event);
        let mut recorded = Fields::default();
        event.record(&mut recorded);
        let message = recorded.message();
        let fields = recorded
            .0
            .into_iter()
            .filter(|(name, _)| *name != "message")
            .map(|(name, value)| (name.to_string(), value.text()))
            .collect();
        let metadata = event.metadata();
        let record = CapturedEvent {
            level: *metadata.level(),
            target: metadata.target().to_string(),
            message,
            fields,
            context: context.clone(),
        };
        let is_violation = self.strict.is_violation(event, &context);
        let mut buffers = buffers().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(buffer) = buffers.get_mut(&capture) {
            if is_violation {
                buffer.violations.push(violation(event));
            }
            buffer.records.push(record);
        }
    }
}

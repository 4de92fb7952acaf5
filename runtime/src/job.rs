//! Job-scoped logging: every event emitted while a job runs carries the job's `job_id`.
//!
//! The context lives in span fields. [`job_span`] opens a job, [`tool_span`] and [`plugin_span`]
//! narrow it, and `correlation_id` is declared empty on each of them so it can be recorded later
//! (`span.record("correlation_id", "req-7")`). [`JobContextLayer`] keeps those fields in each
//! span's extensions and resolves, for any event, the nearest `job_id`, `tool`, `plugin` and
//! `correlation_id` of its span scope (explicit parents included); [`JsonFormat`] writes them at
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

use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Record};
use tracing::{Event, Level, Span, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::{LookupSpan, Scope};
use tracing_subscriber::Layer;

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

/// A job's root span. ERROR level, so level filters never drop the context it carries.
///
/// ```
/// let span = duckspec::job::job_span("job-1");
/// span.record("correlation_id", "req-9");
/// ```
pub fn job_span(job_id: &str) -> Span {
    tracing::error_span!("job", job_id = job_id, correlation_id = tracing::field::Empty)
}

/// A tool within the current job (ERROR level, like [`job_span`]).
///
/// ```
/// let _job = duckspec::job::job_span("job-1").entered();
/// let _tool = duckspec::job::tool_span("transcode").entered();
/// ```
pub fn tool_span(name: &str) -> Span {
    tracing::error_span!("tool", tool = name, correlation_id = tracing::field::Empty)
}

/// A plugin within the current job or tool (ERROR level, like [`job_span`]).
///
/// ```
/// let _plugin = duckspec::job::plugin_span("blur-faces").entered();
/// ```
pub fn plugin_span(name: &str) -> Span {
    tracing::error_span!("plugin", plugin = name, correlation_id = tracing::field::Empty)
}

/// Work that belongs to no job (start-up, housekeeping): events inside it are exempt from strict
/// mode.
///
/// ```
/// let _system = duckspec::job::system_span("startup").entered();
/// tracing::info!("listening"); // not a strict-mode violation
/// ```
pub fn system_span(name: &str) -> Span {
    tracing::error_span!("system", system = name)
}

/// Spawns `future` on tokio inside the current span, so its events keep the job context.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use tracing::Instrument;
/// let handle = async {
///     duckspec::job::spawn_in_job(async { tracing::info!("in the job"); 7 })
/// }
/// .instrument(duckspec::job::job_span("job-1"))
/// .await;
/// assert_eq!(handle.await.unwrap(), 7);
/// # }
/// ```
#[cfg(feature = "tokio")]
pub fn spawn_in_job<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    use tracing::Instrument;
    tokio::spawn(future.instrument(Span::current()))
}

/// Runs `work` on tokio's blocking pool inside the current span, so its events keep the job
/// context.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let _job = duckspec::job::job_span("job-1").entered();
/// let handle = duckspec::job::spawn_blocking_in_job(|| 6 * 7);
/// # drop(_job);
/// assert_eq!(handle.await.unwrap(), 42);
/// # }
/// ```
#[cfg(feature = "tokio")]
pub fn spawn_blocking_in_job<F, R>(work: F) -> tokio::task::JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let span = Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
}

/// The context fields one span declares (kept in its extensions).
#[derive(Clone, Debug, Default)]
struct SpanFields {
    job_id: Option<String>,
    tool: Option<String>,
    plugin: Option<String>,
    correlation_id: Option<String>,
    system: bool,
}

impl Visit for SpanFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field, value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.set(field, format!("{value:?}"));
    }
}

impl SpanFields {
    fn set(&mut self, field: &Field, value: String) {
        match field.name() {
            JOB_ID => self.job_id = Some(value),
            TOOL => self.tool = Some(value),
            PLUGIN => self.plugin = Some(value),
            CORRELATION_ID => self.correlation_id = Some(value),
            SYSTEM => self.system = true,
            _ => {}
        }
    }
}

/// The job context of one event: the nearest value of each context field in its span scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobContext {
    /// The nearest `job_id`.
    pub job_id: Option<String>,
    /// The nearest `tool`.
    pub tool: Option<String>,
    /// The nearest `plugin`.
    pub plugin: Option<String>,
    /// The nearest recorded `correlation_id`.
    pub correlation_id: Option<String>,
    /// True when the event is inside a [`system_span`].
    pub system: bool,
}

impl JobContext {
    /// Resolves the context from a span scope (leaf first). Spans the [`JobContextLayer`] has not
    /// seen contribute nothing.
    pub fn from_scope<'a, S>(scope: Scope<'a, S>) -> JobContext
    where
        S: for<'l> LookupSpan<'l>,
    {
        let mut context = JobContext::default();
        for span in scope {
            let extensions = span.extensions();
            let Some(fields) = extensions.get::<SpanFields>() else {
                continue;
            };
            let nearest = |slot: &mut Option<String>, value: &Option<String>| {
                if slot.is_none() {
                    slot.clone_from(value);
                }
            };
            nearest(&mut context.job_id, &fields.job_id);
            nearest(&mut context.tool, &fields.tool);
            nearest(&mut context.plugin, &fields.plugin);
            nearest(&mut context.correlation_id, &fields.correlation_id);
            context.system |= fields.system;
        }
        context
    }

    /// The context of `event` as a layer sees it.
    pub fn of_event<S>(ctx: &Context<'_, S>, event: &Event<'_>) -> JobContext
    where
        S: Subscriber + for<'l> LookupSpan<'l>,
    {
        ctx.event_scope(event).map(JobContext::from_scope).unwrap_or_default()
    }
}

/// An event that strict mode found without a `job_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The event's target.
    pub target: String,
    /// The event's level.
    pub level: Level,
    /// The event's message.
    pub message: String,
    /// Source file and line, when known.
    pub location: Option<String>,
}

/// Which events must carry a `job_id`.
#[derive(Clone, Debug, Default)]
pub struct StrictMode {
    /// Target prefixes that must always carry a job; empty means every target.
    pub targets: Vec<String>,
    /// Panic on a violation (debug builds only).
    pub panic: bool,
}

impl StrictMode {
    /// True when `event` with `context` breaks the rule.
    pub fn is_violation(&self, event: &Event<'_>, context: &JobContext) -> bool {
        let target = event.metadata().target();
        context.job_id.is_none()
            && !context.system
            && (self.targets.is_empty()
                || self.targets.iter().any(|prefix| target.starts_with(prefix.as_str())))
    }
}

/// The strict-mode violations a layer recorded; cheap to clone and share.
#[derive(Clone, Debug, Default)]
pub struct Violations(Arc<Mutex<Vec<Violation>>>);

impl Violations {
    /// Every violation so far.
    pub fn all(&self) -> Vec<Violation> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn push(&self, violation: Violation) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(violation);
    }
}

/// The `tracing_subscriber::Layer` that tracks job context (see the module docs).
///
/// ```
/// use duckspec::job::JobContextLayer;
/// use tracing_subscriber::prelude::*;
///
/// let layer = JobContextLayer::new().strict_targets(["server::"]);
/// let violations = layer.violations();
/// tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
///     tracing::warn!(target: "server::jobs", "no job here");
///     tracing::info!(target: "metrics", "not an instrumented target");
/// });
/// assert_eq!(violations.all().len(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct JobContextLayer {
    strict: Option<StrictMode>,
    violations: Violations,
}

impl JobContextLayer {
    /// A layer that tracks context and checks nothing.
    pub fn new() -> Self {
        JobContextLayer::default()
    }

    /// Strict for every target: any event without a `job_id` (outside a [`system_span`]) is a
    /// violation.
    pub fn strict(mut self) -> Self {
        self.strict.get_or_insert_with(StrictMode::default);
        self
    }

    /// Strict only for targets starting with one of `prefixes`.
    pub fn strict_targets<I, P>(mut self, prefixes: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<String>,
    {
        self.strict.get_or_insert_with(StrictMode::default).targets =
            prefixes.into_iter().map(Into::into).collect();
        self
    }

    /// Panic on a violation in debug builds (`cfg(debug_assertions)`); release builds only
    /// record it.
    pub fn panic_on_violation(mut self) -> Self {
        self.strict.get_or_insert_with(StrictMode::default).panic = true;
        self
    }

    /// The handle to this layer's recorded violations.
    pub fn violations(&self) -> Violations {
        self.violations.clone()
    }

    /// The strict-mode rule, if any.
    pub fn strict_mode(&self) -> Option<&StrictMode> {
        self.strict.as_ref()
    }
}

impl<S> Layer<S> for JobContextLayer
where
    S: Subscriber + for<'l> LookupSpan<'l>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &tracing::span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = SpanFields::default();
        attrs.record(&mut fields);
        span.extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &tracing::span::Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            values.record(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(strict) = &self.strict else { return };
        let context = JobContext::of_event(&ctx, event);
        if strict.is_violation(event, &context) {
            let violation = violation(event);
            let panic = strict.panic && cfg!(debug_assertions);
            let text = format!("event without job_id from `{}`: {}", violation.target, violation.message);
            self.violations.push(violation);
            if panic {
                panic!("duckspec strict mode: {text}");
            }
        }
    }
}

pub(crate) fn violation(event: &Event<'_>) -> Violation {
    let metadata = event.metadata();
    let mut message = MessageVisitor::default();
    event.record(&mut message);
    Violation {
        target: metadata.target().to_string(),
        level: *metadata.level(),
        message: message.0,
        location: metadata.file().map(|file| format!("{file}:{}", metadata.line().unwrap_or(0))),
    }
}

#[derive(Default)]
struct MessageVisitor(String);

impl Visit for MessageVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = value.to_string();
        }
    }
}

/// A JSON-lines event format with the job context at the top level:
/// `{"timestamp":"…","level":"INFO","target":"…","job_id":"…","tool":"…","plugin":"…",
/// "correlation_id":"…","message":"…", …event fields}`. Use it with a [`JobContextLayer`] in the
/// same subscriber: `fmt::layer().event_format(JsonFormat)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonFormat;

impl<S, N> FormatEvent<S, N> for JsonFormat
where
    S: Subscriber + for<'l> LookupSpan<'l>,
    N: for<'w> FormatFields<'w> + 'static,
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
        line.insert("timestamp".into(), rfc3339_now().into());
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
        let mut fields = JsonFields::default();
        event.record(&mut fields);
        for (name, value) in fields.0 {
            // Context fields win over event fields of the same name.
            line.entry(name).or_insert(value);
        }
        writeln!(writer, "{}", serde_json::Value::Object(line))
    }
}

#[derive(Default)]
struct JsonFields(serde_json::Map<String, serde_json::Value>);

impl Visit for JsonFields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().into(), format!("{value:?}").into());
    }
}

fn rfc3339_now() -> String {
    rfc3339(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
}

/// A time since the Unix epoch as RFC 3339 UTC with microseconds, without a date-time dependency.
fn rfc3339(now: std::time::Duration) -> String {
    let seconds = now.as_secs() as i64;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        now.subsec_micros()
    )
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use tracing_subscriber::prelude::*;

    use super::*;

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
    fn strict_mode_can_panic_in_debug_builds() {
        let subscriber =
            tracing_subscriber::registry().with(JobContextLayer::new().strict().panic_on_violation());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tracing::subscriber::with_default(subscriber, || tracing::info!("orphan event"));
        }));
        assert_eq!(outcome.is_err(), cfg!(debug_assertions));
    }

    #[test]
    fn strict_targets_limit_the_rule() {
        let layer = JobContextLayer::new().strict_targets(["server::"]);
        let violations = layer.violations();
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            tracing::info!(target: "server::api", "orphan");
            tracing::info!(target: "library", "not instrumented");
            job_span("job-1").in_scope(|| tracing::info!(target: "server::api", "in a job"));
            system_span("startup").in_scope(|| tracing::info!(target: "server::api", "system work"));
        });
        let all = violations.all();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].target, "server::api");
        assert_eq!(all[0].message, "orphan");
    }

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(super::rfc3339(Duration::ZERO), "1970-01-01T00:00:00.000000Z");
        assert_eq!(super::rfc3339(Duration::new(1764097700, 123_456_000)), "2025-11-25T19:08:20.123456Z");
        assert_eq!(super::rfc3339(Duration::from_secs(951_782_400)), "2000-02-29T00:00:00.000000Z");
    }
}

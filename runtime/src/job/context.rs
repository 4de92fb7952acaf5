//! [`JobContextLayer`]: keeps each span's context fields in its extensions and resolves, for any
//! event, the nearest `job_id`, `tool`, `plugin` and `correlation_id` of its span scope; strict
//! mode records (or, opt-in, panics on) events without a `job_id`.

use std::sync::{Arc, Mutex};

use tracing::span::{Attributes, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::{LookupSpan, Scope};
use tracing_subscriber::Layer;

use super::fields::Fields;
use super::{CORRELATION_ID, JOB_ID, PLUGIN, SYSTEM, TOOL};

/// The context fields one span declares (kept in its extensions).
#[derive(Clone, Debug, Default)]
struct SpanFields {
    job_id: Option<String>,
    tool: Option<String>,
    plugin: Option<String>,
    correlation_id: Option<String>,
    system: bool,
}

impl SpanFields {
    /// Takes the context fields among `fields` (a span's, or the ones a `span.record` sets).
    fn update(&mut self, fields: &Fields) {
        for (name, value) in &fields.0 {
            let value = || Some(value.text());
            match *name {
                JOB_ID => self.job_id = value(),
                TOOL => self.tool = value(),
                PLUGIN => self.plugin = value(),
                CORRELATION_ID => self.correlation_id = value(),
                SYSTEM => self.system = true,
                _ => {}
            }
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
    /// True when the event is inside a [`system_span`](super::system_span).
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

    /// Strict for every target: any event without a `job_id` (outside a [`system_span`](super::system_span)) is a
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
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let mut context = SpanFields::default();
        context.update(&fields);
        span.extensions_mut().insert(context);
    }

    fn on_record(&self, id: &tracing::span::Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = Fields::default();
        values.record(&mut fields);
        let mut extensions = span.extensions_mut();
        if let Some(context) = extensions.get_mut::<SpanFields>() {
            context.update(&fields);
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

/// The violation `event` is.
pub(crate) fn violation(event: &Event<'_>) -> Violation {
    let metadata = event.metadata();
    let mut fields = Fields::default();
    event.record(&mut fields);
    Violation {
        target: metadata.target().to_string(),
        level: *metadata.level(),
        message: fields.message(),
        location: metadata.file().map(|file| format!("{file}:{}", metadata.line().unwrap_or(0))),
    }
}

#[cfg(test)]
mod tests {
    use tracing_subscriber::prelude::*;

    use super::*;
    use crate::job::{job_span, system_span};

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
}

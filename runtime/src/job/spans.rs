//! The spans that carry job context — [`job_span`], [`tool_span`], [`plugin_span`],
//! [`system_span`] — and the helpers that carry the current span into new tasks and threads.

use tracing::Span;

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

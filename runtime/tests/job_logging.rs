//! The seven cases the observability server relies on, on a multi-threaded tokio runtime, in one
//! test binary whose tests run in parallel (each isolated by its own `LogCapture`).

use duckspec::job::capture::LogCapture;
use duckspec::job::{job_span, plugin_span, spawn_blocking_in_job, spawn_in_job, system_span, tool_span};
use tracing::Instrument;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_jobs_never_mix_ids() {
    let capture = LogCapture::start();
    let mut handles = Vec::new();
    for job in 0..16 {
        let job_id = format!("job-{job}");
        handles.push(spawn_in_job(
            async move {
                for step in 0..20 {
                    tracing::info!(step, "working");
                    tokio::task::yield_now().await;
                }
            }
            .instrument(job_span(&job_id)),
        ));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    for job in 0..16 {
        let records = capture.records_for_job(&format!("job-{job}"));
        assert_eq!(records.len(), 20, "job-{job}");
        let steps: Vec<&str> = records.iter().map(|r| r.field("step").unwrap()).collect();
        let expected: Vec<String> = (0..20).map(|s| s.to_string()).collect();
        assert_eq!(steps, expected, "job-{job} saw another job's events or lost its own");
    }
    assert_eq!(capture.records().len(), 16 * 20);
    assert!(capture.violations().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugin_events_carry_job_id_and_plugin() {
    let capture = LogCapture::start();
    async {
        for plugin in ["decode", "blur-faces"] {
            async { tracing::info!(outcome = "ok", "plugin finished") }.instrument(plugin_span(plugin)).await;
        }
    }
    .instrument(job_span("job-plugins"))
    .await;
    let records = capture.records_for_job("job-plugins");
    let plugins: Vec<Option<&str>> = records.iter().map(|r| r.field("plugin")).collect();
    assert_eq!(plugins, [Some("decode"), Some("blur-faces")]);
    assert!(records.iter().all(|r| r.field("outcome") == Some("ok")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_fallback_events_carry_job_and_correlation_ids() {
    let capture = LogCapture::start();
    let job = job_span("job-gpu");
    async {
        let tool = tool_span("detect");
        tool.record("correlation_id", "req-77");
        async {
            tracing::warn!(requested = "cuda:0", actual = "cpu", reason = "out of memory", "device fallback");
        }
        .instrument(tool)
        .await;
    }
    .instrument(job)
    .await;
    let records = capture.records_for_job("job-gpu");
    assert_eq!(records.len(), 1);
    let fallback = &records[0];
    assert_eq!(fallback.level(), tracing::Level::WARN);
    assert_eq!(fallback.field("correlation_id"), Some("req-77"));
    assert_eq!(fallback.field("tool"), Some("detect"));
    assert_eq!(fallback.field("requested"), Some("cuda:0"));
    assert_eq!(fallback.field("actual"), Some("cpu"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_events_carry_job_id_and_their_context_fields() {
    let capture = LogCapture::start();
    let job = job_span("job-err");
    job.record("correlation_id", "req-err");
    async {
        tracing::error!(plugin_version = "1.4.2", error = %"decoder error: truncated stream", "job failed");
    }
    .instrument(job)
    .await;
    let records = capture.records_for_job("job-err");
    assert_eq!(records.len(), 1);
    let error = &records[0];
    assert_eq!(error.level(), tracing::Level::ERROR);
    assert_eq!(error.message(), "job failed");
    assert_eq!(error.field("error"), Some("decoder error: truncated stream"));
    assert_eq!(error.field("plugin_version"), Some("1.4.2"));
    assert_eq!(error.field("correlation_id"), Some("req-err"));
    assert!(error.target().starts_with("job_logging"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_id_survives_await_spawn_in_job_and_spawn_blocking_in_job() {
    let capture = LogCapture::start();
    async {
        tracing::info!(at = "before await");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        tracing::info!(at = "after await");
        spawn_in_job(async {
            tokio::task::yield_now().await;
            tracing::info!(at = "spawned task");
        })
        .await
        .unwrap();
        spawn_blocking_in_job(|| tracing::info!(at = "blocking thread")).await.unwrap();
    }
    .instrument(job_span("job-await"))
    .await;
    let records = capture.records_for_job("job-await");
    let places: Vec<Option<&str>> = records.iter().map(|r| r.field("at")).collect();
    let places: Vec<&str> = places.into_iter().map(|p| p.expect("every event has `at`")).collect();
    assert_eq!(places, ["before await", "after await", "spawned task", "blocking thread"]);
    assert!(capture.violations().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_tools_in_one_job_share_its_id() {
    let capture = LogCapture::start();
    async {
        for tool in ["decode", "detect", "encode"] {
            async { tracing::info!("tool step") }.instrument(tool_span(tool)).await;
        }
    }
    .instrument(job_span("job-tools"))
    .await;
    let records = capture.records_for_job("job-tools");
    let tools: Vec<Option<&str>> = records.iter().map(|r| r.field("tool")).collect();
    assert_eq!(tools, [Some("decode"), Some("detect"), Some("encode")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_without_job_id_is_a_strict_mode_violation() {
    let capture = LogCapture::start();
    tracing::warn!("queue is filling up");
    system_span("housekeeping").in_scope(|| tracing::info!("compacting"));
    async { tracing::info!("inside a job") }.instrument(job_span("job-ok")).await;
    let violations = capture.violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].message, "queue is filling up");
    assert_eq!(violations[0].level, tracing::Level::WARN);
    assert_eq!(capture.records().len(), 3);
}

//! Log events and closed spans become rows, through a sink, with their job context.

use std::time::Duration;

use duckspec::duckdb::Connection;
use duckspec::job::{
    job_span, plugin_span, ClosedSpan, JobContextLayer, JobLog, JobLogs, LogTable, SpanRows,
};
use duckspec::{Schema, Sink, SinkOptions, Table};
use tracing::field::Empty;
use tracing_subscriber::prelude::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "spans", unchecked)]
struct SpanRow {
    name: String,
    job_id: Option<String>,
    plugin: Option<String>,
    correlation_id: Option<String>,
    frames: Option<i64>,
    ratio: Option<f64>,
    ok: Option<bool>,
    label: Option<String>,
    busy_ms: i64,
    elapsed_ms: i64,
    error: Option<String>,
}

fn row(span: &ClosedSpan) -> Option<SpanRow> {
    Some(SpanRow {
        name: span.name().to_string(),
        job_id: span.job_id().map(str::to_string),
        plugin: span.plugin().map(str::to_string),
        correlation_id: span.correlation_id().map(str::to_string),
        frames: span.i64("frames"),
        ratio: span.f64("ratio"),
        ok: span.bool("ok"),
        label: span.str("label").map(str::to_string),
        busy_ms: span.busy().as_millis() as i64,
        elapsed_ms: span.elapsed().as_millis() as i64,
        error: span.error().map(str::to_string),
    })
}

fn setup() -> (Connection, Sink) {
    let conn = Connection::open_in_memory().unwrap();
    JobLogs::load(&conn).unwrap();
    conn.execute_batch(SpanRow::DDL).unwrap();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    (conn, sink)
}

#[test]
fn every_event_becomes_a_log_row_with_its_job_context_and_fields() {
    let (conn, sink) = setup();
    let subscriber =
        tracing_subscriber::registry().with(JobContextLayer::new()).with(LogTable::new(sink.clone()));
    tracing::subscriber::with_default(subscriber, || {
        let job = job_span("job-1");
        job.record("correlation_id", "req-9");
        let _job = job.enter();
        let _plugin = plugin_span("ocr").entered();
        tracing::warn!(frames = 3, ratio = 0.5, ok = true, label = "x", "slow page");
        tracing::info!(target: "elsewhere", "outside");
    });
    sink.flush().unwrap();
    let logs = JobLog::select_all(&conn).unwrap();
    assert_eq!(logs.len(), 2);
    let warn = &logs[0];
    assert_eq!((warn.level.as_str(), warn.message.as_str()), ("WARN", "slow page"));
    assert_eq!(warn.job_id.as_deref(), Some("job-1"));
    assert_eq!(warn.plugin.as_deref(), Some("ocr"));
    assert_eq!(warn.correlation_id.as_deref(), Some("req-9"));
    assert_eq!(warn.fields, serde_json::json!({"frames": 3, "ratio": 0.5, "ok": true, "label": "x"}));
    assert!((chrono::Utc::now() - warn.ts).num_seconds() < 60);
    assert_eq!(logs[1].target, "elsewhere");
    // The table is duckspec's shipped spec, and the derive checked the struct against it.
    assert!(duckspec::job::JOB_LOGS_SPEC.contains("CREATE TABLE job_logs"));
    JobLogs::check(&conn).unwrap();
}

/// The fields column is JSON text written while the event is recorded: every kind of value, and
/// text that needs escaping, must read back as the JSON value `serde_json` would have made of it.
#[test]
fn awkward_field_values_read_back_as_their_json_values() {
    let (conn, sink) = setup();
    let subscriber =
        tracing_subscriber::registry().with(JobContextLayer::new()).with(LogTable::new(sink.clone()));
    let path = "C:\\tmp\\\"quoted\"\nline\ttab\u{1} ünï 😀";
    tracing::subscriber::with_default(subscriber, || {
        tracing::error!(
            text = path,
            shown = %path,
            debugged = ?Some(path),
            whole = 3.0f64,
            negative = -2.5f64,
            tiny = 1e-7f64,
            huge = 1e300f64,
            nan = f64::NAN,
            infinite = f64::INFINITY,
            min = i64::MIN,
            max = u64::MAX,
            no = false,
            "first {}", "line"
        );
        tracing::info!(message = 42i64);
        tracing::info!(only = 1u64);
    });
    sink.flush().unwrap();
    let logs = JobLog::select_all(&conn).unwrap();
    assert_eq!(logs.len(), 3);
    let expected = serde_json::json!({
        "text": path,
        "shown": path,
        "debugged": format!("{:?}", Some(path)),
        "whole": 3.0,
        "negative": -2.5,
        "tiny": 1e-7,
        "huge": 1e300,
        "nan": null,
        "infinite": null,
        "min": i64::MIN,
        "max": u64::MAX,
        "no": false,
    });
    assert_eq!(logs[0].fields, expected);
    assert!(logs[0].fields["whole"].is_f64(), "a float stays a float: {}", logs[0].fields);
    assert_eq!(logs[0].message, "first line");
    assert_eq!((logs[1].message.as_str(), &logs[1].fields), ("42", &serde_json::json!({})));
    assert_eq!((logs[2].message.as_str(), &logs[2].fields), ("", &serde_json::json!({"only": 1})));
    // DuckDB parses the column as JSON too.
    let whole: f64 = conn
        .query_row("SELECT fields->>'$.whole' FROM job_logs WHERE level = 'ERROR'", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(whole, 3.0);
}

#[test]
fn closed_spans_become_rows_with_fields_recorded_later_and_errors_inside() {
    let (conn, sink) = setup();
    let rows = SpanRows::new(sink.clone())
        .on_close("plugin", row)
        .on_close("skipped", |_: &ClosedSpan| None::<SpanRow>);
    let subscriber = tracing_subscriber::registry().with(JobContextLayer::new()).with(rows);
    tracing::subscriber::with_default(subscriber, || {
        let job = job_span("job-2");
        let _job = job.enter();
        let plugin = tracing::error_span!(
            "plugin",
            plugin = "blur",
            frames = Empty,
            ratio = Empty,
            ok = Empty,
            label = Empty,
            correlation_id = Empty
        );
        plugin.in_scope(|| std::thread::sleep(Duration::from_millis(30)));
        plugin.record("frames", 900);
        plugin.record("ratio", 0.25);
        plugin.record("ok", false);
        plugin.record("label", "faces");
        job.record("correlation_id", "fallback-1");
        plugin.in_scope(|| {
            let _inner = tracing::info_span!("inner").entered();
            tracing::error!("first failure");
            tracing::error!("last failure");
        });
        std::thread::sleep(Duration::from_millis(20));
        drop(plugin);
        let clean = tracing::error_span!("plugin", plugin = "decode");
        clean.in_scope(|| tracing::info!("fine"));
        drop(clean);
        tracing::error_span!("skipped").in_scope(|| {});
    });
    sink.flush().unwrap();
    let spans = SpanRow::select_all(&conn).unwrap();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let blur = &spans[0];
    assert_eq!(blur.job_id.as_deref(), Some("job-2"));
    assert_eq!(blur.plugin.as_deref(), Some("blur"));
    assert_eq!(blur.correlation_id.as_deref(), Some("fallback-1"));
    assert_eq!(
        (blur.frames, blur.ratio, blur.ok, blur.label.as_deref()),
        (Some(900), Some(0.25), Some(false), Some("faces"))
    );
    assert_eq!(blur.error.as_deref(), Some("last failure"));
    assert!(blur.busy_ms >= 30 && blur.elapsed_ms >= blur.busy_ms + 20, "{blur:?}");
    assert_eq!(spans[1].plugin.as_deref(), Some("decode"));
    assert_eq!(spans[1].error, None);
}

#[test]
fn the_sinks_own_events_never_loop_back_into_it() {
    let (conn, sink) = setup();
    // A flush that fails as a whole makes the sink's thread log an error.
    conn.execute_batch("DROP TABLE spans").unwrap();
    let subscriber =
        tracing_subscriber::registry().with(JobContextLayer::new()).with(LogTable::new(sink.clone()));
    tracing::subscriber::with_default(subscriber, || {
        sink.send(SpanRow {
            name: "x".into(),
            job_id: None,
            plugin: None,
            correlation_id: None,
            frames: None,
            ratio: None,
            ok: None,
            label: None,
            busy_ms: 0,
            elapsed_ms: 0,
            error: None,
        })
        .unwrap();
        assert!(sink.flush().is_err());
        tracing::info!("after");
    });
    sink.flush().unwrap();
    let logs = JobLog::select_all(&conn).unwrap();
    assert_eq!(logs.iter().map(|l| l.message.as_str()).collect::<Vec<_>>(), ["after"]);
    assert_eq!(sink.stats().failed_flushes, 1);
    let kept: i64 = conn.query_row("SELECT count(*) FROM duckspec_rejects", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 1);
}

//! Checked queries (`duckspec::query_as!`) against a real DuckDB: every mapped type as a result
//! column and as a parameter, joins, aggregates, window functions, CTEs, `UNION ALL`, lists, DML
//! with `RETURNING`, empty results, NULL into a field that is not an `Option`, a query that fails
//! after DuckDB has streamed its first batches, and the streaming `fetch_iter`. What fails to
//! compile is in `tests/ui-query`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use duckspec::duckdb::Connection;
use duckspec::{Error, Table};
use duckspec_tests::every_type::{every_type_rows, EveryType, Mood};
use rust_decimal::Decimal;
use uuid::Uuid;

/// Every column of `every_type`.
#[derive(duckspec::Row, Debug, Clone, PartialEq)]
struct EveryColumn {
    b: bool,
    i8_: i8,
    i16_: i16,
    i32_: i32,
    i64_: i64,
    i128_: i128,
    u8_: u8,
    u16_: u16,
    u32_: u32,
    u64_: u64,
    u128_: u128,
    f32_: f32,
    f64_: f64,
    s: String,
    bytes: Vec<u8>,
    d: NaiveDate,
    t: NaiveTime,
    ts: NaiveDateTime,
    tstz: DateTime<Utc>,
    id: Uuid,
    doc: serde_json::Value,
    cost: Decimal,
    small_cost: Decimal,
    tags: Vec<String>,
    nested: Vec<Vec<i64>>,
    sparse: Vec<Option<i32>>,
    dims: [f32; 3],
    feel: Mood,
    maybe: Option<i32>,
    maybe_ts: Option<DateTime<Utc>>,
    maybe_id: Option<Uuid>,
    maybe_cost: Option<Decimal>,
    r#order: Option<String>,
    moods: Option<Vec<Mood>>,
}

impl From<&EveryType> for EveryColumn {
    fn from(r: &EveryType) -> Self {
        EveryColumn {
            b: r.b,
            i8_: r.i8_,
            i16_: r.i16_,
            i32_: r.i32_,
            i64_: r.i64_,
            i128_: r.i128_,
            u8_: r.u8_,
            u16_: r.u16_,
            u32_: r.u32_,
            u64_: r.u64_,
            u128_: r.u128_,
            f32_: r.f32_,
            f64_: r.f64_,
            s: r.s.clone(),
            bytes: r.bytes.clone(),
            d: r.d,
            t: r.t,
            ts: r.ts,
            tstz: r.tstz,
            id: r.id,
            doc: r.doc.clone(),
            cost: r.cost,
            small_cost: r.small_cost,
            tags: r.tags.clone(),
            nested: r.nested.clone(),
            sparse: r.sparse.clone(),
            dims: r.dims,
            feel: r.feel,
            maybe: r.maybe,
            maybe_ts: r.maybe_ts,
            maybe_id: r.maybe_id,
            maybe_cost: r.maybe_cost,
            r#order: r.r#order.clone(),
            moods: r.moods.clone(),
        }
    }
}

fn every_type_db() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TYPE mood AS ENUM ('sad', 'very happy');").unwrap();
    conn.execute_batch(EveryType::DDL).unwrap();
    EveryType::insert_all(&conn, &every_type_rows()).unwrap();
    conn
}

#[test]
fn every_mapped_type_is_a_result_column() {
    let conn = every_type_db();
    let back: Vec<EveryColumn> =
        duckspec::query_as!(EveryColumn, "spec/every_type.sql", "SELECT * FROM every_type ORDER BY b DESC")
            .fetch_all(&conn)
            .unwrap();
    let expected: Vec<EveryColumn> = every_type_rows().iter().map(EveryColumn::from).collect();
    assert_eq!(back, expected);
}

#[test]
fn every_mapped_type_is_a_parameter() {
    let conn = every_type_db();
    let rows = every_type_rows();
    let r = &rows[0];
    // One parameter per column type; each must equal the stored value for the row to match.
    let found: Vec<EveryColumn> = duckspec::query_as!(
        EveryColumn,
        "spec/every_type.sql",
        "SELECT * FROM every_type
          WHERE b = ? AND i8_ = ? AND i16_ = ? AND i32_ = ? AND i64_ = ? AND i128_ = ?
            AND u8_ = ? AND u16_ = ? AND u32_ = ? AND u64_ = ? AND u128_ = ?
            AND f32_ = ? AND f64_ = ? AND s = ? AND bytes = ? AND d = ? AND t = ? AND ts = ?
            AND tstz = ? AND id = ? AND doc = ? AND cost = ? AND small_cost = ? AND tags = ?
            AND maybe = ? AND maybe_ts = ? AND maybe_id = ? AND maybe_cost = ?",
        r.b,
        r.i8_,
        r.i16_,
        r.i32_,
        r.i64_,
        r.i128_,
        r.u8_,
        r.u16_,
        r.u32_,
        r.u64_,
        r.u128_,
        r.f32_,
        r.f64_,
        &r.s,
        &r.bytes,
        r.d,
        r.t,
        r.ts,
        r.tstz,
        r.id,
        &r.doc,
        r.cost,
        r.small_cost,
        &r.tags,
        r.maybe,
        r.maybe_ts,
        r.maybe_id,
        r.maybe_cost
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(found, vec![EveryColumn::from(r)]);
}

#[test]
fn the_time_crate_reads_and_binds_the_same_columns() {
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Times {
        d: time::Date,
        t: time::Time,
        ts: time::PrimitiveDateTime,
        tstz: time::OffsetDateTime,
    }
    let conn = every_type_db();
    let since = time::OffsetDateTime::UNIX_EPOCH;
    let times: Vec<Times> = duckspec::query_as!(
        Times,
        "spec/every_type.sql",
        "SELECT d, t, ts, tstz FROM every_type WHERE tstz > ? ORDER BY tstz",
        since
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(times.len(), 1);
    assert_eq!(times[0].d, time::Date::from_calendar_date(1, time::Month::January, 1).unwrap());
    assert_eq!(times[0].tstz.unix_timestamp(), every_type_rows()[0].tstz.timestamp());
}

/// Metrics rows for the analytical queries: three tools, a failure, plugins for some jobs.
fn metrics_db() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TYPE job_status AS ENUM ('queued', 'running', 'succeeded', 'failed');
         CREATE TABLE job_metrics (job_id VARCHAR PRIMARY KEY, tool VARCHAR NOT NULL, status job_status NOT NULL,
            started_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0), device VARCHAR,
            cost DECIMAL(10,2) NOT NULL, recorded_at TIMESTAMPTZ DEFAULT current_timestamp);
         CREATE TABLE plugin_metrics (job_id VARCHAR NOT NULL REFERENCES job_metrics (job_id), plugin VARCHAR NOT NULL,
            outcome VARCHAR NOT NULL, PRIMARY KEY (job_id, plugin));
         INSERT INTO job_metrics (job_id, tool, status, started_at, duration_ms, device, cost)
            SELECT 'j' || i, ['ocr', 'resize', 'tag'][i % 3 + 1], CASE WHEN i = 7 THEN 'failed' ELSE 'succeeded' END,
                   (TIMESTAMP '2026-12-01 00:00:00' + INTERVAL (i) MINUTE)::TIMESTAMPTZ, i * 10, NULL, 1.25
            FROM range(30) t(i);
         INSERT INTO plugin_metrics SELECT 'j' || i, 'decode', 'ok' FROM range(10) t(i);",
    )
    .unwrap();
    conn
}

#[derive(duckspec::Row, Debug, PartialEq)]
struct ToolP95 {
    tool: String,
    p95_ms: f64,
    jobs: i64,
}

#[test]
fn an_aggregate_with_a_timestamp_parameter() {
    let conn = metrics_db();
    let since: DateTime<Utc> = "2026-12-01T00:10:00Z".parse().unwrap();
    let rows: Vec<ToolP95> = duckspec::query_as!(
        ToolP95,
        "spec/metrics.sql",
        "SELECT tool, quantile_cont(duration_ms, 0.95) AS p95_ms, count(*) AS jobs
           FROM job_metrics WHERE started_at >= ? GROUP BY tool ORDER BY tool",
        since
    )
    .fetch_all(&conn)
    .unwrap();
    // Jobs 10..29: i % 3 picks the tool; DuckDB computes the same aggregate by hand below.
    let expected: Vec<(String, f64, i64)> = conn
        .prepare(
            "SELECT tool, quantile_cont(duration_ms, 0.95), count(*) FROM job_metrics
              WHERE started_at >= TIMESTAMPTZ '2026-12-01 00:10:00+00' GROUP BY tool ORDER BY tool",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 3);
    for (row, (tool, p95, jobs)) in rows.iter().zip(&expected) {
        assert_eq!((&row.tool, row.p95_ms, row.jobs), (tool, *p95, *jobs));
    }
}

#[test]
fn fields_match_columns_by_name_in_any_order() {
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Reordered {
        jobs: i64,
        tool: String,
    }
    let conn = metrics_db();
    let rows: Vec<Reordered> = duckspec::query_as!(
        Reordered,
        "spec/metrics.sql",
        "SELECT tool, count(*) AS jobs FROM job_metrics GROUP BY tool ORDER BY tool"
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(rows[0], Reordered { jobs: 10, tool: "ocr".into() });
}

#[test]
fn joins_ctes_windows_and_union_all() {
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Ranked {
        job_id: String,
        plugin: Option<String>,
        rank: i64,
        source: String,
    }
    let conn = metrics_db();
    let rows: Vec<Ranked> = duckspec::query_as!(
        Ranked,
        "spec/metrics.sql",
        "WITH ranked AS (
            SELECT j.job_id, p.plugin, row_number() OVER (PARTITION BY j.tool ORDER BY j.duration_ms DESC) AS rank
              FROM job_metrics j LEFT JOIN plugin_metrics p USING (job_id)
         )
         SELECT job_id, plugin, rank, 'window' AS source FROM ranked WHERE rank = 1
         UNION ALL
         SELECT job_id, NULL, 0, 'failed' FROM job_metrics WHERE status = 'failed'
         ORDER BY source, job_id"
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[0], Ranked { job_id: "j7".into(), plugin: None, rank: 0, source: "failed".into() });
    // The longest job of each tool (j27, j28, j29), none of which ran a plugin.
    let longest: Vec<&str> = rows[1..].iter().map(|r| r.job_id.as_str()).collect();
    assert_eq!(longest, ["j27", "j28", "j29"]);
    assert!(rows[1..].iter().all(|r| r.rank == 1 && r.source == "window" && r.plugin.is_none()), "{rows:?}");
}

#[test]
fn a_list_result_and_a_list_parameter() {
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Tools {
        tools: Vec<String>,
    }
    let conn = metrics_db();
    let wanted = vec!["ocr".to_string(), "tag".to_string()];
    let row = duckspec::query_as!(
        Tools,
        "spec/metrics.sql",
        "SELECT list(DISTINCT tool ORDER BY tool) AS tools FROM job_metrics WHERE list_contains(?, tool)",
        wanted
    )
    .fetch_one(&conn)
    .unwrap();
    assert_eq!(row.tools, vec!["ocr".to_string(), "tag".to_string()]);
}

#[test]
fn dml_with_returning_and_execute() {
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Inserted {
        job_id: String,
        plugin: String,
    }
    let conn = metrics_db();
    let inserted = duckspec::query_as!(
        Inserted,
        "spec/metrics.sql",
        "INSERT INTO plugin_metrics VALUES (?, ?, 'ok') RETURNING job_id, plugin",
        "j20",
        "encode"
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(inserted, vec![Inserted { job_id: "j20".into(), plugin: "encode".into() }]);

    #[derive(duckspec::Row, Debug)]
    struct Nothing {}
    let update = || {
        duckspec::query_as!(
            Nothing,
            "spec/metrics.sql",
            "UPDATE plugin_metrics SET outcome = ? WHERE plugin = ?",
            "error",
            "decode"
        )
    };
    let err = update().fetch_all(&conn).unwrap_err();
    assert!(err.to_string().contains("run it with `execute`"), "{err}");
    let changed = update().execute(&conn).unwrap();
    assert_eq!(changed, 10);
}

#[test]
fn an_empty_result() {
    let conn = metrics_db();
    let none = || {
        duckspec::query_as!(
            ToolP95,
            "spec/metrics.sql",
            "SELECT tool, 0.0::DOUBLE AS p95_ms, count(*) AS jobs FROM job_metrics WHERE tool = ? GROUP BY tool",
            "nope"
        )
    };
    assert!(none().fetch_all(&conn).unwrap().is_empty());
    assert!(none().fetch_optional(&conn).unwrap().is_none());
    assert!(none().fetch_iter(&conn).unwrap().next().is_none());
    let err = none().fetch_one(&conn).unwrap_err();
    assert!(matches!(err, Error::Query { .. }) && err.to_string().contains("no rows"), "{err}");
}

#[test]
fn null_into_a_field_that_is_not_an_option_is_an_error_naming_column_and_row() {
    #[derive(duckspec::Row, Debug)]
    struct Device {
        job_id: String,
        device: String,
    }
    let conn = metrics_db();
    conn.execute_batch("UPDATE job_metrics SET device = 'gpu0' WHERE job_id IN ('j0', 'j1')").unwrap();
    let err = duckspec::query_as!(
        Device,
        "spec/metrics.sql",
        "SELECT job_id, device FROM job_metrics ORDER BY duration_ms"
    )
    .fetch_all(&conn)
    .unwrap_err();
    match &err {
        Error::Read { column, row, .. } => assert_eq!((*column, *row), ("device", 2), "{err}"),
        other => panic!("expected a read error, got {other}"),
    }
    assert!(err.to_string().contains("NULL"), "{err}");
}

#[test]
fn fetch_iter_streams_every_row_in_order() {
    #[derive(duckspec::Row)]
    struct N {
        n: i64,
    }
    let conn = Connection::open_in_memory().unwrap();
    let count: i64 = 100_000;
    let mut expected = 0;
    for row in duckspec::query_as!(
        N,
        "spec/metrics.sql",
        "SELECT range AS n FROM range(1000000) WHERE range < ?",
        count
    )
    .fetch_iter(&conn)
    .unwrap()
    {
        assert_eq!(row.unwrap().n, expected);
        expected += 1;
    }
    assert_eq!(expected, count);
}

#[test]
fn a_query_that_fails_after_its_first_batches_is_an_error_not_a_short_result() {
    #[derive(duckspec::Row, Debug)]
    struct N {
        n: i8,
        pad: String,
    }
    // The cast fails at run time at row 512,000 (128 does not fit a TINYINT). The padding fills
    // DuckDB's streaming buffer, so it hands over batches before it reaches that row (without it,
    // the whole scan fits the buffer and the error comes first): `fetch_iter` reads ~440k rows
    // and then the error, `fetch_all` returns the error, never the rows before it.
    let failing = || {
        duckspec::query_as!(
            N,
            "spec/metrics.sql",
            "SELECT CAST(range // 4000 AS TINYINT) AS n, repeat('x', 100) AS pad FROM range(1000000)"
        )
    };
    let conn = Connection::open_in_memory().unwrap();
    let err = failing().fetch_all(&conn).unwrap_err();
    assert!(err.to_string().contains("128"), "{err}");
    let mut read = 0;
    let mut errors = Vec::new();
    let mut rows = failing().fetch_iter(&conn).unwrap();
    for row in rows.by_ref() {
        match row {
            Ok(row) => {
                assert_eq!(i64::from(row.n), read / 4000);
                read += 1;
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    assert!(read > 0 && read <= 512_000, "{read} rows read");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("128"), "{errors:?}");
    assert!(rows.next().is_none(), "the iterator ends after its error");
    // The connection is usable afterwards.
    let n: i64 = conn.query_row("SELECT 41 + 1", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 42);
}

#[test]
fn a_value_the_parameter_cannot_hold_is_an_error_before_the_query_runs() {
    #[derive(duckspec::Row, Debug)]
    struct Cost {
        small_cost: Decimal,
    }
    let conn = every_type_db();
    let wide: Decimal = "123456.789".parse().unwrap();
    let err = duckspec::query_as!(
        Cost,
        "spec/every_type.sql",
        "SELECT small_cost FROM every_type WHERE small_cost = ?",
        wide
    )
    .fetch_all(&conn)
    .unwrap_err();
    assert!(matches!(err, Error::Query { .. }) && err.to_string().contains("parameter 1"), "{err}");
}

#[test]
fn select_where_reads_the_rows_a_condition_selects() {
    #[derive(duckspec::SqlEnum, Debug, Clone, Copy, PartialEq)]
    enum JobStatus {
        Queued,
        Running,
        Succeeded,
        Failed,
    }
    #[derive(Table, Debug, PartialEq)]
    #[table(name = "job_metrics", spec = "spec/metrics.sql")]
    struct JobMetric {
        #[column(primary_key)]
        job_id: String,
        tool: String,
        status: JobStatus,
        started_at: DateTime<Utc>,
        #[column(check = "duration_ms >= 0")]
        duration_ms: i64,
        device: Option<String>,
        #[column(sql_type = "DECIMAL(10,2)")]
        cost: Decimal,
        #[column(default = "current_timestamp")]
        recorded_at: Option<DateTime<Utc>>,
    }
    let conn = metrics_db();
    let since: DateTime<Utc> = "2026-12-01T00:20:00Z".parse().unwrap();
    let rows =
        JobMetric::select_where(&conn, "status = ? AND started_at >= ?", ("succeeded", since)).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r.job_id.as_str()).collect();
    assert_eq!(ids, (20..30).map(|i| format!("j{i}")).collect::<Vec<_>>());
    assert!(rows.iter().all(|r| r.status == JobStatus::Succeeded && r.started_at >= since));
    assert!(JobMetric::select_where(&conn, "status = ?", ["queued"]).unwrap().is_empty());
    let err = JobMetric::select_where(&conn, "no_such_column = 1", ()).unwrap_err();
    assert!(err.to_string().contains("no_such_column"), "{err}");
    let _ = (JobStatus::Queued, JobStatus::Running, JobStatus::Failed);
}

//! `duckspec::query!` (a row struct made from the result's columns) and `duckspec::query_scalar!`
//! (one column's values) against a real DuckDB: the generated fields' names and types, `Option`
//! exactly where a column is not proven never NULL, parameters, every fetch method, and
//! `#[column(name = "…")]` on a hand-written `Row`. What fails to compile is in `tests/ui-query`.

use chrono::{DateTime, Utc};
use duckspec::duckdb::Connection;
use rust_decimal::Decimal;

/// The metrics tables of `spec/metrics.sql` with 30 jobs over three tools; `device` is NULL but
/// for job 4, which ran on `gpu0`.
fn metrics_db() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&std::fs::read_to_string("spec/metrics.sql").unwrap()).unwrap();
    conn.execute_batch(
        "INSERT INTO job_metrics (job_id, tool, status, started_at, duration_ms, device, cost)
            SELECT 'j' || i, ['ocr', 'resize', 'tag'][i % 3 + 1], 'succeeded',
                   (TIMESTAMP '2026-12-01 00:00:00' + INTERVAL (i) MINUTE)::TIMESTAMPTZ, i * 10,
                   CASE WHEN i = 4 THEN 'gpu0' END, 1.25
            FROM range(30) t(i);",
    )
    .unwrap();
    conn
}

/// Rows of a query DuckDB runs by hand, for comparison.
fn by_hand<T>(
    conn: &Connection,
    sql: &str,
    row: impl FnMut(&duckspec::duckdb::Row) -> duckspec::duckdb::Result<T>,
) -> Vec<T> {
    conn.prepare(sql).unwrap().query_map([], row).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_record_types_proven_columns_plainly_and_the_rest_as_options() {
    let conn = metrics_db();
    let rows = duckspec::query!(
        "spec/metrics.sql",
        "SELECT tool, count(*) AS jobs, max(duration_ms) AS longest, device
           FROM job_metrics GROUP BY tool, device ORDER BY tool, device NULLS FIRST"
    )
    .fetch_all(&conn)
    .unwrap();
    // The bindings state the field types: a wrong one would not compile.
    let typed: Vec<(String, i64, Option<i64>, Option<String>)> =
        rows.iter().map(|r| (r.tool.clone(), r.jobs, r.longest, r.device.clone())).collect();
    let expected = by_hand(
        &conn,
        "SELECT tool, count(*), max(duration_ms), device FROM job_metrics
           GROUP BY tool, device ORDER BY tool, device NULLS FIRST",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    );
    assert_eq!(typed, expected);
    assert!(typed.contains(&("resize".to_string(), 1, Some(40), Some("gpu0".to_string()))));
    // The record derives Debug, Clone and PartialEq.
    assert_eq!(rows[0].clone(), rows[0]);
    assert!(format!("{:?}", rows[0]).starts_with("Record { tool: \"ocr\""));
}

#[test]
fn a_record_of_rooted_types_with_a_parameter() {
    let conn = metrics_db();
    let since: DateTime<Utc> = "2026-12-01T00:25:00Z".parse().unwrap();
    let rows = duckspec::query!(
        "spec/metrics.sql",
        "SELECT job_id, started_at, cost, cost * 2 AS twice FROM job_metrics WHERE started_at >= ? ORDER BY started_at",
        since
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(rows.len(), 5);
    // chrono and rust_decimal types, reached through duckspec's re-exports; the computed column
    // is not proven, so it is an Option.
    let first: (&String, DateTime<Utc>, Decimal, Option<Decimal>) =
        (&rows[0].job_id, rows[0].started_at, rows[0].cost, rows[0].twice);
    assert_eq!(first, (&"j25".to_string(), since, Decimal::new(125, 2), Some(Decimal::new(250, 2))));
}

#[test]
fn a_join_makes_every_column_an_option() {
    let conn = metrics_db();
    conn.execute_batch("INSERT INTO plugin_metrics VALUES ('j1', 'decode', 'ok')").unwrap();
    let rows = duckspec::query!(
        "spec/metrics.sql",
        "SELECT j.job_id, p.plugin FROM job_metrics j LEFT JOIN plugin_metrics p USING (job_id)
          WHERE j.job_id IN ('j1', 'j2') ORDER BY j.job_id"
    )
    .fetch_all(&conn)
    .unwrap();
    let typed: Vec<(Option<String>, Option<String>)> =
        rows.into_iter().map(|r| (r.job_id, r.plugin)).collect();
    assert_eq!(typed, [(Some("j1".to_string()), Some("decode".to_string())), (Some("j2".to_string()), None)]);
}

#[test]
fn a_keyword_column_is_a_raw_field() {
    let conn = metrics_db();
    let row =
        duckspec::query!("spec/metrics.sql", "SELECT tool AS type FROM job_metrics ORDER BY job_id LIMIT 1")
            .fetch_one(&conn)
            .unwrap();
    let tool: String = row.r#type;
    assert_eq!(tool, "ocr");
}

#[test]
fn a_scalar_query_reads_its_column_with_every_fetch() {
    let conn = metrics_db();
    let jobs: i64 = duckspec::query_scalar!("spec/metrics.sql", "SELECT count(*) FROM job_metrics")
        .fetch_one(&conn)
        .unwrap();
    assert_eq!(jobs, 30);
    let min = 250i64;
    let ids: Vec<String> = duckspec::query_scalar!(
        "spec/metrics.sql",
        "SELECT job_id FROM job_metrics WHERE duration_ms >= ? ORDER BY duration_ms",
        min
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(ids, ["j25", "j26", "j27", "j28", "j29"]);
    let devices: Vec<Option<String>> =
        duckspec::query_scalar!("spec/metrics.sql", "SELECT device FROM job_metrics ORDER BY job_id LIMIT 3")
            .fetch_iter(&conn)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(devices, [None, None, None]);
    let none: Option<Option<i64>> = duckspec::query_scalar!(
        "spec/metrics.sql",
        "SELECT max(duration_ms) FROM job_metrics WHERE tool = 'none' GROUP BY tool"
    )
    .fetch_optional(&conn)
    .unwrap();
    assert_eq!(none, None);
    // An aggregate over no rows without GROUP BY is one row holding NULL.
    let empty: Option<i64> = duckspec::query_scalar!(
        "spec/metrics.sql",
        "SELECT max(duration_ms) FROM job_metrics WHERE tool = 'none'"
    )
    .fetch_one(&conn)
    .unwrap();
    assert_eq!(empty, None);
}

#[test]
fn a_scalar_from_returning() {
    let conn = metrics_db();
    let id: Option<String> = duckspec::query_scalar!(
        "spec/metrics.sql",
        "INSERT INTO job_metrics (job_id, tool, status, started_at, duration_ms, cost)
           VALUES ('new', 'ocr', 'queued', TIMESTAMPTZ '2026-12-02 00:00:00+00', 1, 0) RETURNING job_id"
    )
    .fetch_one(&conn)
    .unwrap();
    assert_eq!(id.as_deref(), Some("new"));
}

#[test]
fn a_hand_written_row_names_a_column_that_is_not_an_identifier() {
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Counted {
        tool: String,
        #[column(name = "count_star()")]
        jobs: i64,
    }
    let conn = metrics_db();
    let rows: Vec<Counted> = duckspec::query_as!(
        Counted,
        "spec/metrics.sql",
        "SELECT tool, count(*) FROM job_metrics GROUP BY tool ORDER BY tool"
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(rows[2], Counted { tool: "tag".into(), jobs: 10 });
}

#[test]
fn struct_map_interval_and_enum_columns_read_as_duckdbs_text() {
    let conn = metrics_db();
    let row = duckspec::query!(
        "spec/metrics.sql",
        "SELECT status, {'tool': tool, 'ms': duration_ms} AS shape, map([tool], [duration_ms]) AS by_tool,
                INTERVAL (duration_ms) MILLISECOND AS took, [{'a': 1}] AS nested
           FROM job_metrics WHERE job_id = 'j4'"
    )
    .fetch_one(&conn)
    .unwrap();
    // status is an ENUM NOT NULL of the one table read: a String, its label.
    let status: String = row.status;
    let expected: (String, String, String, String) = conn
        .query_row(
            "SELECT {'tool': tool, 'ms': duration_ms}::VARCHAR, map([tool], [duration_ms])::VARCHAR,
                    (INTERVAL (duration_ms) MILLISECOND)::VARCHAR, [{'a': 1}]::VARCHAR
               FROM job_metrics WHERE job_id = 'j4'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(status, "succeeded");
    assert_eq!((row.shape.unwrap(), row.by_tool.unwrap(), row.took.unwrap(), row.nested.unwrap()), expected);
    assert_eq!(expected.0, "{'tool': resize, 'ms': 40}");

    // A hand-written row declares such a column String, as codegen does for a table's.
    #[derive(duckspec::Row, Debug)]
    struct Shaped {
        shape: String,
        status: String,
    }
    let rows: Vec<Shaped> = duckspec::query_as!(
        Shaped,
        "spec/metrics.sql",
        "SELECT {'tool': tool, 'ms': duration_ms} AS shape, status FROM job_metrics WHERE job_id = 'j4'"
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!((rows[0].shape.as_str(), rows[0].status.as_str()), (expected.0.as_str(), "succeeded"));
}

#[test]
fn lists_and_fixed_size_lists_of_an_enum_are_row_fields() {
    #[derive(duckspec::SqlEnum, Debug, Clone, Copy, PartialEq)]
    enum JobStatus {
        Queued,
        Running,
        Succeeded,
        Failed,
    }
    #[derive(duckspec::Row, Debug, PartialEq)]
    struct Statuses {
        seen: Vec<JobStatus>,
        pair: [JobStatus; 2],
        nested: Option<Vec<Vec<JobStatus>>>,
    }
    let conn = metrics_db();
    conn.execute_batch("UPDATE job_metrics SET status = 'failed' WHERE job_id = 'j1'").unwrap();
    let row: Statuses = duckspec::query_as!(
        Statuses,
        "spec/metrics.sql",
        "SELECT list(status ORDER BY job_id) AS seen, [min(status), max(status)]::job_status[2] AS pair,
                [list(DISTINCT status ORDER BY status)] AS nested
           FROM job_metrics WHERE job_id IN ('j0', 'j1')"
    )
    .fetch_one(&conn)
    .unwrap();
    assert_eq!(
        row,
        Statuses {
            seen: vec![JobStatus::Succeeded, JobStatus::Failed],
            pair: [JobStatus::Succeeded, JobStatus::Failed],
            nested: Some(vec![vec![JobStatus::Succeeded, JobStatus::Failed]]),
        }
    );
    assert_eq!(
        <Statuses as duckspec::Row>::COLUMNS[1].sql_type,
        "ENUM('queued', 'running', 'succeeded', 'failed')[2]"
    );
}

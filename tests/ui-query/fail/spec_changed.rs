// The query of unknown_column.rs, correct against spec/metrics.sql, checked against a copy of the
// spec whose column was renamed: the build fails at the query.
#[derive(duckspec::Row)]
pub struct ToolP95 {
    pub tool: String,
    pub p95_ms: f64,
    pub jobs: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(ToolP95, "spec/renamed.sql",
        "SELECT tool, quantile_cont(duration_ms, 0.95) AS p95_ms, count(*) AS jobs FROM job_metrics GROUP BY tool")
        .fetch_all(&conn);
}

#[derive(duckspec::Row)]
pub struct ToolP95 {
    pub tool: String,
    pub p95_ms: f64,
    pub jobs: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(ToolP95, "spec/metrics.sql",
        "SELECT tool, quantile_cont(duration_ms, 0.95) AS p95_ms, count(*) AS jobs
           FROM job_metrics WHERE to_days(7) < ? GROUP BY tool", "7 days")
        .fetch_all(&conn);
}

#[derive(duckspec::Row)]
pub struct ToolP95 {
    pub tool: String,
    pub p95_ms: f64,
    pub jobs: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    // A table function's arguments are bound only when it runs: DuckDB cannot type the result.
    let _ = duckspec::query_as!(ToolP95, "spec/metrics.sql",
        "SELECT 'a' AS tool, 1.0::DOUBLE AS p95_ms, range AS jobs FROM range(?)", 10i64)
        .fetch_all(&conn);
}

#[derive(duckspec::Row)]
pub struct ToolP95 {
    pub tool: String,
    pub p95_ms: f64,
    pub jobs: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(ToolP95, "spec/nope.sql", "SELECT 'a' AS tool, 1.0::DOUBLE AS p95_ms, 1::BIGINT AS jobs")
        .fetch_all(&conn);
}

#[derive(duckspec::Row)]
pub struct Shaped {
    // A STRUCT has no Rust type in the type table: a String reads DuckDB's text of it.
    pub shape: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(Shaped, "spec/metrics.sql",
        "SELECT {'tool': tool, 'ms': duration_ms} AS shape FROM job_metrics")
        .fetch_all(&conn);
}

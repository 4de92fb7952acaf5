fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_scalar!("spec/metrics.sql", "SELECT tool, duration_ms FROM job_metrics").fetch_all(&conn);
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(String, "spec/metrics.sql", "SELECT tool FROM job_metrics").fetch_all(&conn);
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let spec = "spec/metrics.sql";
    let _ = duckspec::query_scalar!(spec, "SELECT count(*) FROM job_metrics").fetch_one(&conn);
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let rows = duckspec::query!("spec/metrics.sql", "SELECT device, duration_ms FROM job_metrics")
        .fetch_all(&conn)
        .unwrap();
    // `device` is nullable in the spec: the field is an Option<String>, not a String.
    let _device: String = rows[0].device.clone();
}

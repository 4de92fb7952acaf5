fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    // `count(*)` is named `count_star()` by DuckDB: no field can take that name.
    let _ = duckspec::query!("spec/metrics.sql", "SELECT tool, count(*) FROM job_metrics GROUP BY tool")
        .fetch_all(&conn);
}

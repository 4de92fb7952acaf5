// A spec file with a syntax error: the error is at the spec path and names the file's line and
// column.
#[derive(duckspec::Row)]
pub struct Jobs {
    pub tool: String,
    pub jobs: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(Jobs, "spec/malformed.sql", "SELECT tool, jobs FROM job_metrics")
        .fetch_all(&conn);
}

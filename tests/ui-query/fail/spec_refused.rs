// A spec DuckDB refuses to create (its CHECK calls an unknown function): the error is at the spec
// path with DuckDB's reason, before the query is looked at.
#[derive(duckspec::Row)]
pub struct Jobs {
    pub tool: String,
    pub jobs: i64,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(Jobs, "spec/refused.sql", "SELECT tool, jobs FROM job_metrics")
        .fetch_all(&conn);
}

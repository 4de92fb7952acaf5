#[derive(duckspec::SqlEnum, Clone, Copy)]
pub enum Status {
    Queued,
    Done, // the spec's job_status has running, succeeded and failed instead
}

#[derive(duckspec::Row)]
pub struct Statuses {
    pub seen: Vec<Status>,
}

fn main() {
    let conn = duckspec::duckdb::Connection::open_in_memory().unwrap();
    let _ = duckspec::query_as!(Statuses, "spec/metrics.sql", "SELECT list(status) AS seen FROM job_metrics")
        .fetch_all(&conn);
}

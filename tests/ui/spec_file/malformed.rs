use duckspec::Table;

#[derive(duckspec::SqlEnum, Clone, Copy)]
enum JobStatus {
    Queued,
    Running,
    Done,
}

#[derive(Table)]
#[table(name = "job_metrics", spec = "spec/malformed.sql", unique(tool, device))]
struct JobMetric {
    #[column(primary_key)]
    job_id: String,
    tool: String,
    #[column(check = "duration_ms >= 0")]
    duration_ms: i64,
    device: Option<String>,
    #[column(default = "0")]
    retries: i32,
    status: JobStatus,
}

fn main() {}

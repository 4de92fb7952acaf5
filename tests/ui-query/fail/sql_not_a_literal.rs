#[derive(duckspec::Row)]
pub struct ToolP95 {
    pub tool: String,
    pub p95_ms: f64,
    pub jobs: i64,
}

fn main() {
    let sql = "SELECT tool FROM job_metrics";
    let _ = duckspec::query_as!(ToolP95, "spec/metrics.sql", sql);
}

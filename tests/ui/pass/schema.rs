use duckspec::Table;

#[derive(duckspec::SqlEnum, Clone, Copy)]
enum JobStatus {
    Queued,
    Running,
    Done,
}

#[derive(Table)]
#[table(name = "job_metrics", spec = "spec/metrics.sql", unique(tool, device))]
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


#[derive(duckspec::Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql", primary_key(job_id, plugin))]
struct PluginMetric {
    job_id: String,
    plugin: String,
}

#[derive(duckspec::Schema)]
#[schema(spec = "spec/metrics.sql", tables(PluginMetric, JobMetric))]
struct Metrics;

fn main() {
    use duckspec::Schema;
    assert_eq!(Metrics::TABLES, ["job_metrics", "plugin_metrics"]);
    assert!(Metrics::DDL.starts_with("CREATE TYPE IF NOT EXISTS job_status AS ENUM('queued', 'running', 'done');"));
    assert!(Metrics::DDL.contains("CREATE TABLE IF NOT EXISTS job_metrics"));
    assert_eq!(Metrics::OBJECTS_DDL.len(), 1);
}

#[derive(duckspec::Table)]
#[table(name = "jobs", unchecked)]
struct Job {
    id: i64,
}

#[derive(duckspec::Table)]
#[table(name = "plugin_metrics", spec = "spec/other.sql", primary_key(job_id, plugin))]
struct PluginMetric {
    job_id: String,
    plugin: String,
}

#[derive(duckspec::Schema)]
#[schema(spec = "spec/other.sql", tables(PluginMetric, Job))]
struct Plugins;

fn main() {}

#[derive(duckspec::Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql", primary_key(job_id, plugin))]
struct PluginMetric {
    job_id: String,
    plugin: String,
}

#[derive(duckspec::Schema)]
#[schema(spec = "spec/metrics.sql", tables(PluginMetric))]
struct Metrics;

fn main() {}

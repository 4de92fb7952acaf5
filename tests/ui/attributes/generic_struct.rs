use duckspec::Table;

#[derive(Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql")]
struct PluginMetric<T> {
    job_id: T,
    plugin: String,
}

fn main() {}

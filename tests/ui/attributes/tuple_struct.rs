use duckspec::Table;

#[derive(Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql")]
struct PluginMetric(String, String);

fn main() {}

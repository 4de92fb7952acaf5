use duckspec::Table;

#[derive(Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql")]
enum PluginMetric {
    A,
    B,
}

fn main() {}

//! The derives against a real DuckDB: the DDL a struct generates creates exactly the table the
//! struct describes, as the engine reports it.

use duckspec::duckdb::Connection;
use duckspec::spec::{diff_tables, parse_schema, Origin};
use duckspec::{Schema, SqlEnum, Table};

#[derive(SqlEnum, Debug, Clone, Copy, PartialEq)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
}

#[derive(Table)]
#[table(name = "job_metrics", spec = "spec/metrics.sql")]
pub struct JobMetric {
    #[column(primary_key)]
    pub job_id: String,
    pub tool: String,
    pub status: JobStatus,
    pub started_at: chrono::DateTime<chrono::Utc>,
    #[column(check = "duration_ms >= 0")]
    pub duration_ms: i64,
    pub device: Option<String>,
    #[column(sql_type = "DECIMAL(10,2)")]
    pub cost: rust_decimal::Decimal,
    #[column(default = "current_timestamp")]
    pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Table)]
#[table(name = "plugin_metrics", spec = "spec/metrics.sql", primary_key(job_id, plugin))]
pub struct PluginMetric {
    pub job_id: String,
    pub plugin: String,
    pub outcome: String,
}

#[derive(Schema)]
#[schema(spec = "spec/metrics.sql", tables(PluginMetric, JobMetric))]
pub struct Metrics;

#[derive(SqlEnum, Debug, Clone, Copy, PartialEq)]
enum Mood {
    Sad,
    #[sql(rename = "very happy")]
    VeryHappy,
}

// Only the derive reads these fields (until typed inserts land, nothing constructs the struct).
#[allow(dead_code)]
#[derive(Table)]
#[table(name = "every_type", unchecked, comment = "one column per mapped type")]
struct EveryType {
    b: bool,
    i8_: i8,
    i16_: i16,
    i32_: i32,
    i64_: i64,
    i128_: i128,
    u8_: u8,
    u16_: u16,
    u32_: u32,
    u64_: u64,
    u128_: u128,
    f32_: f32,
    f64_: f64,
    #[column(comment = "free text")]
    s: String,
    bytes: Vec<u8>,
    d: chrono::NaiveDate,
    t: chrono::NaiveTime,
    ts: chrono::NaiveDateTime,
    tstz: chrono::DateTime<chrono::Utc>,
    id: uuid::Uuid,
    doc: serde_json::Value,
    #[column(sql_type = "DECIMAL(38,10)")]
    cost: rust_decimal::Decimal,
    tags: Vec<String>,
    nested: Vec<Vec<i64>>,
    dims: [f32; 3],
    #[column(sql_type = "ENUM('sad', 'very happy')")]
    feel: Mood,
    maybe: Option<i32>,
    #[column(name = "order", unique, default = "0")]
    r#order: Option<i64>,
}

fn live_table(ddl: &str, name: &str) -> duckspec::spec::TableDef {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(ddl).unwrap_or_else(|e| panic!("{e}\n{ddl}"));
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    live.table(name).unwrap_or_else(|| panic!("{name} was not created")).clone()
}

#[test]
fn every_mapped_type_creates_the_table_the_struct_describes() {
    let live = live_table(EveryType::DDL, EveryType::NAME);
    let drift = diff_tables(EveryType::table_def(), &live, &Origin::Code, &Origin::Database("memory".into()));
    assert!(drift.is_empty(), "{drift:#?}\n{}", EveryType::DDL);
    assert_eq!(live.columns.len(), 28);
    assert_eq!(live.column("feel").unwrap().sql_type.to_string(), "ENUM('sad', 'very happy')");
    assert_eq!(live.column("order").unwrap().default.as_deref(), Some("0"));
    assert_eq!(live.comment.as_deref(), Some("one column per mapped type"));
    assert_eq!(live.column("s").unwrap().comment.as_deref(), Some("free text"));
}

#[test]
fn checked_structs_agree_with_their_spec_and_the_engine() {
    let spec = parse_schema("spec/metrics.sql", include_str!("spec/metrics.sql")).unwrap();
    for (def, ddl) in
        [(JobMetric::table_def(), JobMetric::DDL), (PluginMetric::table_def(), PluginMetric::DDL)]
    {
        let spec_table = spec.table(&def.name).unwrap();
        let origin = Origin::Spec("spec/metrics.sql".into());
        assert!(diff_tables(spec_table, def, &origin, &Origin::Code).is_empty());
        let live = live_table(&format!("{}{ddl}", JobMetric::DDL), &def.name);
        assert!(
            diff_tables(def, &live, &Origin::Code, &Origin::Database("memory".into())).is_empty(),
            "{ddl}"
        );
    }
    assert_eq!(JobMetric::SPEC, Some("spec/metrics.sql"));
    assert_eq!(JobStatus::VARIANTS, ["queued", "running", "succeeded", "failed"]);
}

#[test]
fn schema_lists_tables_in_dependency_order_and_its_ddl_runs() {
    assert_eq!(Metrics::TABLES, ["job_metrics", "plugin_metrics"]);
    let names: Vec<&str> = Metrics::table_defs().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["job_metrics", "plugin_metrics"]);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(Metrics::DDL).unwrap();
    // Idempotent as text: IF NOT EXISTS everywhere.
    conn.execute_batch(Metrics::DDL).unwrap();
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    assert_eq!(live.tables.len(), 2);
    assert_eq!(live.table("plugin_metrics").unwrap().foreign_keys[0].table, "job_metrics");
}

#[test]
fn sql_enum_labels_round_trip() {
    assert_eq!(Mood::SQL_TYPE, "ENUM('sad', 'very happy')");
    for mood in [Mood::Sad, Mood::VeryHappy] {
        assert_eq!(Mood::from_sql_str(mood.as_sql_str()), Some(mood));
    }
    assert_eq!(Mood::from_sql_str("Sad"), None);
}

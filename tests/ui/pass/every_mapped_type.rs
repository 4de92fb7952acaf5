use duckspec::Table;

#[derive(duckspec::SqlEnum, Clone, Copy)]
enum Mood {
    Sad,
    Fine,
    #[sql(rename = "very happy")]
    VeryHappy,
}

#[derive(Table)]
#[table(name = "every_type", spec = "spec/types.sql")]
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
    s: String,
    bytes: Vec<u8>,
    d: chrono::NaiveDate,
    t: chrono::NaiveTime,
    ts: chrono::NaiveDateTime,
    tstz: chrono::DateTime<chrono::Utc>,
    id: uuid::Uuid,
    doc: serde_json::Value,
    #[column(sql_type = "DECIMAL(10,2)")]
    cost: rust_decimal::Decimal,
    tags: Vec<String>,
    dims: [f32; 3],
    feel: Mood,
    maybe: Option<i32>,
}

fn main() {
    assert_eq!(EveryType::NAME, "every_type");
    assert!(EveryType::DDL.contains("feel ENUM('sad', 'fine', 'very happy') NOT NULL"));
}

use duckspec::Table;

// The spec spells these INT4, TEXT, STRING, INT8, FLOAT8, DEFAULT (0), CHECK ((…)), TIMESTAMP(3).
#[derive(Table)]
#[table(name = "aliases", spec = "spec/aliases.sql", primary_key(id))]
struct Aliases {
    id: i32,
    name: String,
    note: Option<String>,
    #[column(default = "0")]
    amount: Option<i64>,
    #[column(check = "ratio >= 0")]
    ratio: f64,
    #[column(sql_type = "TIMESTAMP_MS")]
    at_ms: Option<i64>,
}

// A table and columns named by reserved words.
#[derive(Table)]
#[table(name = "order", spec = "spec/aliases.sql")]
struct Order {
    group: i32,
    #[column(name = "select")]
    selection: Option<String>,
    at: Option<chrono::DateTime<chrono::Utc>>,
}

fn main() {
    assert!(Aliases::DDL.contains("id INTEGER NOT NULL"));
    assert!(Order::DDL.starts_with("CREATE TABLE IF NOT EXISTS \"order\" (\n    \"group\" INTEGER NOT NULL"));
}

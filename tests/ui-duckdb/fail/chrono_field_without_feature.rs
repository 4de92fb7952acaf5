use duckspec::Table;

// duckspec is built without its `chrono` feature here.
#[derive(Table)]
#[table(name = "jobs", unchecked)]
struct Job {
    id: i64,
    started_at: chrono::DateTime<chrono::Utc>,
}

fn main() {}

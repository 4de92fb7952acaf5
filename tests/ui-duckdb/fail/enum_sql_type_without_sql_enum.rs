use duckspec::Table;

/// Forgot `#[derive(duckspec::SqlEnum)]`.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Ok,
    Error,
}

#[derive(Table)]
#[table(name = "plugins", unchecked)]
struct Plugin {
    name: String,
    #[column(sql_type = "ENUM('ok', 'error')")]
    outcome: Outcome,
}

fn main() {}

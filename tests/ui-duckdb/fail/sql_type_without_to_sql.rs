use duckspec::Table;

/// A user type given a column type, but without duckdb's `ToSql` and `FromSql`.
#[derive(Debug, Clone, Copy)]
struct Millis(i64);

#[derive(Table)]
#[table(name = "timings", unchecked)]
struct Timing {
    #[column(sql_type = "BIGINT")]
    elapsed: Millis,
}

fn main() {}

use duckspec::Table;

// Each field below differs from spec/kinds.sql in one column kind; every error says what to write.
#[derive(Table)]
#[table(name = "users", spec = "spec/kinds.sql")]
struct User {
    #[column(primary_key)]
    id: i64,
    email: String, // the spec's column is COLLATE nocase
}

#[derive(Table)]
#[table(name = "orders", spec = "spec/kinds.sql")] // no table comment
struct Order {
    #[column(primary_key)]
    id: i64,
    user_id: i64, // no foreign key
    price: f64,   // no column comment
    qty: i32,
    #[column(generated = "price * 2")]
    total: Option<f64>,
    note: Option<String>, // no compression
}

fn main() {}

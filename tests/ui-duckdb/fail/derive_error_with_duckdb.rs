// A failed derive still emits a complete stub (`Table` and the row
// plumbing), so code using the struct shows only the real error, not "not all trait items
// implemented" or "`Rows` is not implemented".
use duckspec::{duckdb::Connection, Table};

#[derive(Table)]
#[table(name = "jobs", unchecked)]
struct Job {
    #[column(nme = "id")]
    id: i64,
}

fn main() {
    let conn = Connection::open_in_memory().unwrap();
    Job::insert_all(&conn, &[]).unwrap();
    let _ = Job::select_all(&conn);
    let _ = duckspec::Writer::<Job>::new(&conn);
}

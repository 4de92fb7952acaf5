#[derive(duckspec::Row)]
pub struct Counted {
    pub tool: String,
    // Row fields take `name` only (sqlx's `rename` is spelled `name` here).
    #[column(rename = "count_star()")]
    pub jobs: i64,
    #[column(name = "")]
    pub other: i64,
}

fn main() {}

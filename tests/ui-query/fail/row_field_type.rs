#[derive(duckspec::Row)]
pub struct Waited {
    pub tool: String,
    pub waited: std::time::Duration,
}

fn main() {}

use duckspec::duckdb::Connection;
use duckspec::{Batch, Sink, SinkOptions};

/// A struct that looks like a row but never derived `Table`.
struct Event {
    id: i64,
}

fn main() {
    let conn = Connection::open_in_memory().unwrap();
    let sink = Sink::start(conn, SinkOptions::default()).unwrap();
    sink.send(Event { id: 1 }).unwrap();
    sink.send(42_i64).unwrap();
    let mut batch = Batch::new();
    batch.push(&Event { id: 2 }).unwrap();
}

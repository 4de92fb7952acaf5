use std::rc::Rc;

use duckspec::duckdb::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use duckspec::duckdb::Connection;
use duckspec::{Sink, SinkOptions, Table};

/// A value shared within one thread (`Rc`): storable, but not `Send`.
#[derive(Debug, Clone)]
struct Label(Rc<str>);

impl ToSql for Label {
    fn to_sql(&self) -> duckspec::duckdb::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

impl FromSql for Label {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        String::column_result(value).map(|s| Label(s.into()))
    }
}

#[derive(Table)]
#[table(name = "labels", unchecked)]
struct Labelled {
    #[column(sql_type = "VARCHAR")]
    label: Label,
}

fn main() {
    let conn = Connection::open_in_memory().unwrap();
    let sink = Sink::start(conn, SinkOptions::default()).unwrap();
    // A sink's rows cross to its writer thread.
    sink.send(Labelled { label: Label("a".into()) }).unwrap();
}

//! Every row of the type table (`duckspec::spec::mapped_types!`) against a real DuckDB: a column
//! of the row's SQL type holds the row's sample value, written by every insert path (`insert_all`'s
//! Arrow batches, `insert`'s statement parameters, `Writer`) and read back equal by `select_all`;
//! DuckDB reports the column's type as the row spells it; NULL round-trips through `Option`. A
//! row whose Rust type has no codec does not compile here. The macro expands one test per row, so
//! a row added to the table is tested without a line added here.

use duckspec::duckdb::Connection;
use duckspec::{Table, Writer};

/// Writes `rows(3)` through every path into a fresh database and reads them back; returns what
/// DuckDB says the `value` column's type is.
fn round_trip<T: Table + Clone + PartialEq + std::fmt::Debug>(
    rows: impl Fn(i64) -> Vec<T>,
    id: fn(&T) -> i64,
) -> String {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(T::DDL).unwrap();
    let all = rows(0);
    assert_eq!(T::insert_all(&conn, &all[..2]).unwrap(), 2);
    all[2].insert(&conn).unwrap();
    let streamed = rows(3);
    let mut writer = Writer::<T>::new(&conn).unwrap();
    for row in &streamed {
        writer.push(row).unwrap();
    }
    writer.finish().unwrap();
    let mut back = T::select_all(&conn).unwrap();
    back.sort_by_key(id);
    let expected: Vec<T> = all.into_iter().chain(streamed).collect();
    assert_eq!(back, expected, "{}", T::DDL);
    conn.query_row(&format!("SELECT typeof(value) FROM {} LIMIT 1", T::NAME), [], |r| r.get(0)).unwrap()
}

macro_rules! round_trip_every_row {
    ($($field:ident: $rust:ty = $sample:expr => $sql:literal as $family:ident, $name:literal, $strict:literal, $feature:expr, $codegen:literal;)*) => {
        $(
            mod $field {
                #[derive(duckspec::Table, Debug, Clone, PartialEq)]
                #[table(name = "one_type", unchecked)]
                pub struct Row {
                    pub id: i64,
                    #[column(sql_type = $sql)]
                    pub value: $rust,
                    #[column(sql_type = $sql)]
                    pub maybe: Option<$rust>,
                }

                #[test]
                fn round_trips_through_duckdb_on_every_path() {
                    let rows = |first: i64| -> Vec<Row> {
                        (first..first + 3)
                            .map(|id| Row { id, value: $sample, maybe: (id % 2 == 0).then(|| $sample) })
                            .collect()
                    };
                    let reported = super::round_trip(rows, |row| row.id);
                    assert_eq!(reported, $sql, "DuckDB's name for the column's type");
                }
            }
        )*
    };
}

duckspec::spec::mapped_types!(round_trip_every_row);

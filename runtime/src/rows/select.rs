//! `T::select_all`: every row of a table, read as Arrow batches and decoded into typed rows.

use duckdb::Connection;
use duckspec_spec::{quote_ident, SqlType, TableDef};

use crate::error::Error;
use crate::traits::Rows;

/// Every row of `T`'s table, in scan order.
pub(crate) fn select_all<T: Rows>(conn: &Connection) -> Result<Vec<T>, Error> {
    let mut statement = conn.prepare(&select_query(T::table_def(), &T::read_types()))?;
    let mut out = Vec::new();
    for batch in statement.query_arrow([])? {
        let first = out.len();
        T::decode(batch.columns(), batch.num_rows(), &mut out).map_err(|e| Error::Read {
            table: T::NAME,
            row: first + e.row.unwrap_or(0),
            column: e.column,
            message: e.message,
        })?;
    }
    Ok(out)
}

/// `SELECT` of every column, cast where the type a field reads differs from the column's (a UUID,
/// ENUM, JSON or HUGEINT column is read as text: DuckDB's Arrow export differs for them).
fn select_query(def: &TableDef, read_types: &[SqlType]) -> String {
    let list = def
        .columns
        .iter()
        .zip(read_types)
        .map(|(column, read_type)| {
            let name = quote_ident(&column.name);
            if *read_type == column.sql_type {
                name
            } else {
                format!("CAST({name} AS {read_type})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("SELECT {list} FROM {}", def.qualified_name())
}

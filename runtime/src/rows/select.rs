//! `T::select_all`: every row of a table, read as Arrow batches and decoded into typed rows.

use duckdb::arrow::array::ArrayRef;
use duckdb::Connection;
use duckspec_spec::{quote_ident, SqlType, TableDef};

use crate::codec::plan;
use crate::error::{Error, ValueError};
use crate::traits::Rows;

/// Every row of `T`'s table, in scan order.
pub(crate) fn select_all<T: Rows>(conn: &Connection) -> Result<Vec<T>, Error> {
    let def = T::table_def();
    let read_types = plan::read_types(T::FIELDS, &def.columns);
    let mut out = Vec::new();
    select_batches(conn, T::NAME, def, &read_types, &mut |columns, rows| {
        T::decode::<()>(columns, rows, &mut out)
    })?;
    Ok(out)
}

/// Runs the `SELECT` of every column and hands each batch's columns and row count to `decode`;
/// an error names its row counted from the first row of the scan. Compiled once for all tables.
fn select_batches(
    conn: &Connection,
    table: &'static str,
    def: &TableDef,
    read_types: &[SqlType],
    decode: &mut dyn FnMut(&[ArrayRef], usize) -> Result<(), ValueError>,
) -> Result<(), Error> {
    let mut statement = conn.prepare(&select_query(def, read_types))?;
    let mut first = 0;
    for batch in statement.query_arrow([])? {
        decode(batch.columns(), batch.num_rows()).map_err(|e| Error::Read {
            table,
            row: first + e.row.unwrap_or(0),
            column: e.column,
            message: e.message,
        })?;
        first += batch.num_rows();
    }
    Ok(())
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

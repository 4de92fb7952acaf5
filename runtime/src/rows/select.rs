//! `T::select_all`: every row of a table, read as Arrow batches and decoded into typed rows.

use duckdb::arrow::array::ArrayRef;
use duckdb::Connection;
use duckspec_spec::{quote_ident, SqlType, TableDef};

use crate::codec::{columns, plan};
use crate::error::{Error, ValueError};
use crate::traits::Table;

/// Decodes one batch's columns (the arrays, the row count) into typed rows.
type DecodeBatch<'a> = dyn FnMut(&[ArrayRef], usize) -> Result<(), ValueError> + 'a;

/// Rows decoded at a time (see `select_batches`).
const DECODE_ROWS: usize = 256;

/// Every row of `T`'s table, in scan order.
pub(crate) fn select_all<T: Table>(conn: &Connection) -> Result<Vec<T>, Error> {
    let def = T::table_def();
    let read_types = plan::read_types(T::FIELDS, &def.columns);
    let mut out = Vec::new();
    select_batches(conn, T::NAME, def, &read_types, &mut |arrays, rows| {
        columns::decode(arrays, rows, &mut out)
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
    decode: &mut DecodeBatch<'_>,
) -> Result<(), Error> {
    let mut statement = conn.prepare(&select_query(def, read_types))?;
    let mut first = 0;
    for batch in statement.query_arrow([])? {
        // Decoded a slice at a time: the columns of one slice, decoded before they move into
        // rows, stay in the CPU's cache (a whole 2,048-row batch of them did not: 10-15% slower).
        for start in (0..batch.num_rows()).step_by(DECODE_ROWS) {
            let rows = DECODE_ROWS.min(batch.num_rows() - start);
            let columns: Vec<ArrayRef> =
                batch.columns().iter().map(|column| column.slice(start, rows)).collect();
            decode(&columns, rows).map_err(|e| Error::Read {
                table,
                row: first + start + e.row.unwrap_or(0),
                column: e.column,
                message: e.message,
            })?;
        }
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

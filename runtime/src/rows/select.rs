//! `T::select_all` and `T::select_where`: a table's rows (all, or those a condition selects), read
//! as Arrow batches and decoded into typed rows.

use duckdb::arrow::array::{ArrayRef, RecordBatch};
use duckdb::{Connection, Params};
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
    let fields = plan::fields::<T>();
    let read_types = plan::read_types(fields, &def.columns);
    let mut out = Vec::new();
    let mut statement = conn.prepare(&select_query(def, &read_types))?;
    decode_batches(T::NAME, &mut statement.stream_arrow([])?, &mut |arrays, rows| {
        columns::decode(fields, arrays, rows, &mut out)
    })?;
    Ok(out)
}

/// The rows of `T`'s table for which `condition` holds, `params` bound to its placeholders.
pub(crate) fn select_where<T: Table, P: Params>(
    conn: &Connection,
    condition: &str,
    params: P,
) -> Result<Vec<T>, Error> {
    let def = T::table_def();
    let fields = plan::fields::<T>();
    let read_types = plan::read_types(fields, &def.columns);
    let mut out = Vec::new();
    let sql = format!("{} WHERE ({condition})", select_query(def, &read_types));
    let mut statement = conn.prepare(&sql)?;
    decode_batches(T::NAME, &mut statement.stream_arrow(params)?, &mut |arrays, rows| {
        columns::decode(fields, arrays, rows, &mut out)
    })?;
    Ok(out)
}

/// Hands each batch's columns and row count to `decode`; an error names its row counted from the
/// first row of the scan. The batches are streamed (`stream_arrow`): DuckDB hands each over as it
/// scans, so the rows are not held beside a materialized copy of the whole table. Compiled once
/// for all tables.
fn decode_batches(
    table: &'static str,
    batches: &mut dyn Iterator<Item = duckdb::Result<RecordBatch>>,
    decode: &mut DecodeBatch<'_>,
) -> Result<(), Error> {
    let mut first = 0;
    for batch in batches {
        let batch = batch?;
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

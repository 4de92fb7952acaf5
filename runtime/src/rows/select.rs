//! `T::select_all` and `T::select_where`: a table's rows (all, or those a condition selects), read
//! streamed as Arrow batches and decoded into typed rows (`codec::batches`).

use duckdb::{Connection, Params};
use duckspec_spec::{quote_ident, TableDef};

use crate::codec::batches::Batches;
use crate::codec::{columns, plan};
use crate::error::Error;
use crate::traits::{FieldPlan, Table};

/// Every row of `T`'s table, in scan order.
pub(crate) fn select_all<T: Table>(conn: &Connection) -> Result<Vec<T>, Error> {
    select(conn, None, duckdb::params![])
}

/// The rows of `T`'s table for which `condition` holds, `params` bound to its placeholders.
pub(crate) fn select_where<T: Table, P: Params>(
    conn: &Connection,
    condition: &str,
    params: P,
) -> Result<Vec<T>, Error> {
    select(conn, Some(condition), params)
}

/// The rows of `T`'s table (those `condition` selects, if any), streamed from DuckDB and decoded
/// a batch at a time.
fn select<T: Table, P: Params>(
    conn: &Connection,
    condition: Option<&str>,
    params: P,
) -> Result<Vec<T>, Error> {
    let fields = plan::fields::<T>();
    let mut statement = conn.prepare(&select_query(T::table_def(), fields, condition))?;
    let mut out = Vec::new();
    let batches = Batches { table: T::NAME, fields, order: None };
    batches.decode_all(&mut statement.stream_arrow(params)?, &mut |fields, arrays, rows| {
        columns::decode(fields, arrays, rows, &mut out)
    })?;
    Ok(out)
}

/// `SELECT` of every column of `def`, whose fields are `fields`, cast where the type a field reads
/// differs from the column's (a UUID, ENUM, JSON or HUGEINT column is read as text: DuckDB's Arrow
/// export differs for them), restricted to the rows `condition` selects if there is one.
fn select_query(def: &TableDef, fields: &[FieldPlan], condition: Option<&str>) -> String {
    let read_types = plan::read_types(fields, &def.columns);
    let list = def
        .columns
        .iter()
        .zip(&read_types)
        .map(|(column, read_type)| {
            let name = quote_ident(&column.name);
            if read_type == &column.sql_type {
                name
            } else {
                format!("CAST({name} AS {read_type})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT {list} FROM {}", def.qualified_name());
    match condition {
        Some(condition) => format!("{sql} WHERE ({condition})"),
        None => sql,
    }
}

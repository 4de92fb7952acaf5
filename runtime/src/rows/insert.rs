//! `row.insert` and `T::insert_all`: one row through a cached prepared `INSERT`, many rows through
//! the columnar lanes in one transaction, all or nothing, with the failing row located.

use duckdb::Connection;
use duckspec_spec::quote_ident;

use super::failure::{locate_failing, value_error, Failure};
use super::lanes::{carries, write};
use super::pipeline;
use super::source::RowSource;
use crate::error::Error;
use crate::transaction;

/// Inserts every row of `source` in one transaction of its own; see `Table::insert_all`.
/// `shared` is the same rows readable from
/// another thread (the row type is `Sync`): from `pipeline_rows` rows on
/// ([`PIPELINE_ROWS`](crate::tuning::PIPELINE_ROWS) for users), they are encoded on a second
/// thread while this one appends.
pub(crate) fn insert_all(
    conn: &Connection,
    source: &dyn RowSource,
    shared: Option<&(dyn RowSource + Sync)>,
    pipeline_rows: usize,
) -> Result<usize, Error> {
    let len = source.len();
    if len == 0 {
        return Ok(0);
    }
    let table = source.shape().name;
    let pipelined = shared.filter(|_| pipeline::pipelines(len, pipeline_rows));
    if let Some(shared) = pipelined {
        // Outside the transaction: a catalog change inside it would be undone by a rollback, and
        // two connections making it at once would abort each other's transactions.
        pipeline::prepare(conn, shared.shape()).map_err(|failure| failure.into_error(table, None, 0..len))?;
    }
    let transaction = transaction::begin(conn)?;
    if len == 1 {
        // One row is cheapest as one prepared INSERT; it is still this call's own transaction.
        insert_one(conn, source, 0)?;
        return transaction::commit(transaction).map(|()| 1).map_err(|source| Error::Insert {
            table,
            row: None,
            rows: 0..1,
            source,
        });
    }
    let written = match pipelined {
        Some(shared) => pipeline::write(conn, shared, 0..len),
        None => write(conn, source, 0..len),
    };
    let failure = match written {
        Ok(()) => match transaction::commit(transaction) {
            Ok(()) => return Ok(len),
            Err(e) => Failure::Engine(e),
        },
        Err(failure) => {
            drop(transaction); // rolls back
            failure
        }
    };
    // A refused batch is searched for its first failing row, whose error is the precise one.
    let (failure, row) = match failure {
        Failure::Engine(source_error) => match locate(conn, source) {
            Some((row, error)) => (Failure::Engine(error), Some(row)),
            None => (Failure::Engine(source_error), None),
        },
        other => (other, None),
    };
    Err(failure.into_error(table, row, 0..len))
}

/// The first row of `source` DuckDB refuses.
fn locate(conn: &Connection, source: &dyn RowSource) -> Option<(usize, duckdb::Error)> {
    locate_failing(conn, source.len(), |len| write(conn, source, 0..len))
}

/// Inserts row `row` of `source` through a cached prepared `INSERT`, DuckDB's cheapest path for a
/// single row (an appender flush plans the same insert and adds the appender's setup). One
/// statement: its own transaction, or part of the caller's when one is open.
pub(crate) fn insert_one(conn: &Connection, source: &dyn RowSource, row: usize) -> Result<(), Error> {
    let shape = source.shape();
    let mut mask = vec![0; shape.mask_words()];
    source.omitted(row, &mut mask);
    let mut values = source.values(row).map_err(|e| value_error(shape.name, e))?;
    let columns = &shape.def.columns;
    let table = shape.def.qualified_name();
    let sql = if mask.iter().all(|&word| word == 0) && shape.writes_all() {
        let placeholders = vec!["?"; columns.len()].join(", ");
        format!("INSERT INTO {table} VALUES ({placeholders})")
    } else {
        // Generated columns, and those left to their DEFAULT, are not named, so DuckDB fills them.
        // `values` holds the written columns in order.
        let kept: Vec<usize> =
            (0..shape.written.len()).filter(|&p| carries(&mask, shape.written[p])).collect();
        let names: Vec<String> = kept.iter().map(|&p| quote_ident(&columns[shape.written[p]].name)).collect();
        let mut position = 0;
        values.retain(|_| {
            position += 1;
            kept.contains(&(position - 1))
        });
        let placeholders = vec!["?"; names.len()].join(", ");
        format!("INSERT INTO {table} ({}) VALUES ({placeholders})", names.join(", "))
    };
    // The connection's statement cache keeps it prepared.
    let mut statement = conn.prepare_cached(&sql)?;
    match statement.execute(duckdb::params_from_iter(values)) {
        Ok(_) => Ok(()),
        Err(source) => Err(Error::Insert { table: shape.name, row: Some(row), rows: row..row + 1, source }),
    }
}

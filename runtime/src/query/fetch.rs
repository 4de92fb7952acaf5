//! The run-time half of a checked query: [`Query`] holds the SQL, the result columns DuckDB
//! reported when the query was checked, and the bound parameters; its `fetch_*` methods run it
//! and decode the result column-wise from Arrow into the [`Row`] through the same codecs as
//! `select_all`.

use std::marker::PhantomData;

use duckdb::types::Value;
use duckdb::{Connection, Statement};
use duckspec_spec::{quote_ident, SqlType};

use super::check::ResultColumn;
use crate::codec::batches::{Batches, DecodeBatch};
use crate::codec::{columns, plan};
use crate::error::Error;
use crate::traits::{FieldPlan, Row, RowColumn};

/// A query checked against the spec at compile time, ready to run: made by
/// `duckspec::query_as!`, run with [`fetch_all`](Query::fetch_all) and its siblings. See the
/// [`query`](mod@crate::query) module for what was checked.
#[must_use = "a query does nothing until it is fetched or executed"]
pub struct Query<T> {
    unrun: Unrun,
    _row: PhantomData<fn() -> T>,
}

/// Everything of a query but its row type: what the code that runs it takes, so that code is
/// compiled once, not once per row type (a crate of many checked queries pays per query only for
/// moving decoded values into its row struct).
struct Unrun {
    sql: &'static str,
    columns: &'static [ResultColumn],
    select: bool,
    params: Result<Vec<Value>, Error>,
}

impl<T> std::fmt::Debug for Query<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query").field("sql", &self.unrun.sql).finish_non_exhaustive()
    }
}

/// A query as generated code makes it: `sql` as checked, the result `columns` DuckDB reported,
/// whether it is a `SELECT` (a statement a cast can wrap), and each parameter's value or the reason
/// it could not be bound (the parameter's 1-based index, the reason).
pub fn query<T>(
    sql: &'static str,
    columns: &'static [ResultColumn],
    select: bool,
    params: Vec<Result<Value, String>>,
) -> Query<T> {
    Query { unrun: Unrun::new(sql, columns, select, params), _row: PhantomData }
}

impl Unrun {
    fn new(
        sql: &'static str,
        columns: &'static [ResultColumn],
        select: bool,
        params: Vec<Result<Value, String>>,
    ) -> Unrun {
        let params = params
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                value.map_err(|message| Error::Query {
                    sql,
                    message: format!("parameter {}: {message}", i + 1),
                })
            })
            .collect();
        Unrun { sql, columns, select, params }
    }

    /// Runs the query for rows of `shape`, decoding every batch of its result with `decode`
    /// (`codec::batches`: the result is streamed, even when every row is kept).
    fn decode_all(
        self,
        conn: &Connection,
        shape: RowShape,
        decode: &mut DecodeBatch<'_>,
    ) -> Result<(), Error> {
        let plan = Plan::new(self.sql, self.columns, self.select, shape)?;
        let params = self.params?;
        let mut statement = conn.prepare(&plan.sql)?;
        plan.batches().decode_all(&mut statement.stream_arrow(duckdb::params_from_iter(params))?, decode)?;
        Ok(())
    }

    /// The statement prepared for rows of `shape`, with its parameters and plan, for streaming.
    fn stream(
        self,
        conn: &Connection,
        shape: RowShape,
    ) -> Result<(Box<Statement<'_>>, Vec<Value>, Plan), Error> {
        let plan = Plan::new(self.sql, self.columns, self.select, shape)?;
        let params = self.params?;
        Ok((Box::new(conn.prepare(&plan.sql)?), params, plan))
    }

    fn execute(self, conn: &Connection) -> Result<usize, Error> {
        let params = self.params?;
        Ok(conn.prepare(self.sql)?.execute(duckdb::params_from_iter(params))?)
    }
}

/// What running a query needs of its row type, as data.
struct RowShape {
    name: &'static str,
    columns: &'static [RowColumn],
    fields: Vec<FieldPlan>,
}

fn shape<T: Row>() -> RowShape {
    RowShape { name: T::NAME, columns: T::COLUMNS, fields: plan::row_fields::<T>() }
}

impl<T: Row> Query<T> {
    /// Every row of the result, in the query's order. DuckDB streams the result while it is
    /// decoded, so the memory a call takes is the rows' own and DuckDB's working set, not a copy
    /// of the whole result beside them; [`fetch_iter`](Query::fetch_iter) does not hold the rows
    /// either.
    ///
    /// A NULL in a column whose field is not an `Option` is an error naming the column and the
    /// row ([`Error::Read`]), as is a value the field's type cannot hold; nothing is defaulted.
    pub fn fetch_all(self, conn: &Connection) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        self.unrun.decode_all(conn, shape::<T>(), &mut |fields, arrays, rows| {
            columns::decode(fields, arrays, rows, &mut out)
        })?;
        Ok(out)
    }

    /// The first row of the result; an error ([`Error::Query`]) when there is none.
    pub fn fetch_one(self, conn: &Connection) -> Result<T, Error> {
        let sql = self.unrun.sql;
        self.fetch_optional(conn)?
            .ok_or_else(|| Error::Query { sql, message: "the query returned no rows".to_string() })
    }

    /// The first row of the result, or `None`. Only the first batch is decoded.
    pub fn fetch_optional(self, conn: &Connection) -> Result<Option<T>, Error> {
        let mut rows = self.fetch_iter(conn)?;
        rows.next().transpose()
    }

    /// The result as an iterator that streams it: DuckDB produces it a batch (2,048 rows) at a
    /// time as the iterator is consumed, so memory stays flat however many rows it has.
    pub fn fetch_iter(self, conn: &Connection) -> Result<RowIter<'_, T>, Error> {
        let (statement, params, plan) = self.unrun.stream(conn, shape::<T>())?;
        RowIter::new(statement, params, plan)
    }

    /// Runs a statement that returns no rows (`INSERT`, `UPDATE`, `DELETE` without `RETURNING`),
    /// returning the number of rows it changed.
    pub fn execute(self, conn: &Connection) -> Result<usize, Error> {
        self.unrun.execute(conn)
    }
}

/// How a result is read into rows: the SQL run (the checked SQL, wrapped in casts where a
/// field's codec reads a column as another type), and which result column each field takes.
struct Plan {
    sql: String,
    /// For each field of the row, in order, the index of its result column.
    order: Vec<usize>,
    /// The row's fields as data, in order.
    fields: Vec<FieldPlan>,
    table: &'static str,
}

impl Plan {
    fn new(
        sql: &'static str,
        columns: &'static [ResultColumn],
        select: bool,
        shape: RowShape,
    ) -> Result<Plan, Error> {
        let fail = |message: String| Error::Query { sql, message };
        if columns.is_empty() && !select {
            return Err(fail(
                "the statement returns no rows (it has no RETURNING list); run it with `execute`".into(),
            ));
        }
        let mut order = Vec::with_capacity(shape.columns.len());
        let mut read_types: Vec<Option<SqlType>> = vec![None; columns.len()];
        for (field, plan) in shape.columns.iter().zip(&shape.fields) {
            let index = columns.iter().position(|column| column.name == field.name).ok_or_else(|| {
                fail(format!("the result has no column {} (checked at compile time)", field.name))
            })?;
            let column_type = SqlType::parse(columns[index].sql_type).map_err(|e| fail(e.to_string()))?;
            let read_type = (plan.read_type)(&column_type);
            if read_type != column_type {
                read_types[index] = Some(read_type);
            }
            order.push(index);
        }
        let sql = if read_types.iter().all(Option::is_none) {
            sql.to_string()
        } else if select {
            // The codec reads these columns as another type (UUID, JSON, ENUM and 128-bit integers
            // as text): a projection over the checked query casts them, in the query's order.
            let list = columns
                .iter()
                .zip(&read_types)
                .map(|(column, read_type)| {
                    let name = quote_ident(column.name);
                    match read_type {
                        Some(read_type) => format!("CAST(__duckspec_q.{name} AS {read_type}) AS {name}"),
                        None => format!("__duckspec_q.{name}"),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("SELECT {list} FROM ({sql}) AS __duckspec_q")
        } else {
            let column =
                columns.iter().zip(&read_types).find(|(_, read)| read.is_some()).map(|(c, _)| c.name);
            return Err(fail(format!(
                "column {} is read as another type, which needs a cast a RETURNING list cannot get from outside; write `CAST(… AS VARCHAR)` in the RETURNING list and declare the field String",
                column.unwrap_or_default()
            )));
        };
        Ok(Plan { sql, order, fields: shape.fields, table: shape.name })
    }

    /// How the result's batches are read into the row's fields.
    fn batches(&self) -> Batches<'_> {
        Batches { table: self.table, fields: &self.fields, order: Some(&self.order) }
    }
}

/// The rows of a streamed result ([`Query::fetch_iter`]): one Arrow batch of DuckDB's at a time,
/// decoded into rows as the iterator reaches it.
pub struct RowIter<'conn, T> {
    // Declared (so dropped) before the statement it reads from.
    stream: duckdb::ArrowStream<'conn>,
    _statement: Box<Statement<'conn>>,
    plan: Plan,
    rows: std::vec::IntoIter<T>,
    first: usize,
    failed: bool,
}

impl<'conn, T: Row> RowIter<'conn, T> {
    fn new(mut statement: Box<Statement<'conn>>, params: Vec<Value>, plan: Plan) -> Result<Self, Error> {
        // SAFETY: the stream borrows the statement, which is boxed (its address does not move when
        // the box does) and owned by the iterator beside the stream; the stream is declared first,
        // so it is dropped before the statement, and the iterator never hands out either.
        let statement_ref: &'conn mut Statement<'conn> = unsafe { &mut *(statement.as_mut() as *mut _) };
        let stream = statement_ref.stream_arrow(duckdb::params_from_iter(params))?;
        Ok(RowIter {
            stream,
            _statement: statement,
            plan,
            rows: Vec::new().into_iter(),
            first: 0,
            failed: false,
        })
    }
}

impl<T: Row> Iterator for RowIter<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.rows.next() {
                return Some(Ok(row));
            }
            if self.failed {
                return None;
            }
            let batch = match self.stream.next()? {
                Ok(batch) => batch,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e.into()));
                }
            };
            let mut rows = Vec::with_capacity(batch.num_rows());
            let decoded = self.plan.batches().decode(&batch, self.first, &mut |fields, arrays, count| {
                columns::decode(fields, arrays, count, &mut rows)
            });
            match decoded {
                Ok(count) => self.first += count,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
            self.rows = rows.into_iter();
        }
    }
}

//! [`ScalarQuery`]: a checked query of one column, as `duckspec::query_scalar!` makes it, whose
//! `fetch_*` methods give the column's values themselves rather than rows of one field.

use duckdb::Connection;

use super::fetch::{Query, RowIter};
use crate::error::Error;
use crate::traits::Row;

/// The one-field row `query_scalar!` generates: [`into_value`](ScalarRow::into_value) takes
/// the field out. Generated; not for hand-written types.
pub trait ScalarRow: Row {
    /// The column's Rust type (`Option<…>` unless the column is proven never NULL).
    type Value;
    /// The row's one value.
    fn into_value(self) -> Self::Value;
}

/// A checked query returning one column, made by `duckspec::query_scalar!`.
///
/// ```
/// # #[derive(duckspec::Table)]
/// # #[table(name = "job_metrics", spec = "spec/guide.sql", comment = "one row per job")]
/// # pub struct JobMetric {
/// #     #[column(primary_key)]
/// #     pub job_id: String,
/// #     pub tool: String,
/// #     #[column(check = "duration_ms >= 0")]
/// #     pub duration_ms: i64,
/// #     pub device: Option<String>,
/// # }
/// use duckspec::Table;
/// let conn = duckspec::duckdb::Connection::open_in_memory()?;
/// conn.execute_batch(JobMetric::DDL)?;
/// let jobs: i64 = duckspec::query_scalar!("spec/guide.sql", "SELECT count(*) FROM job_metrics")
///     .fetch_one(&conn)?; // count(*) is never NULL: an i64, not an Option
/// assert_eq!(jobs, 0);
/// let longest: Option<i64> =
///     duckspec::query_scalar!("spec/guide.sql", "SELECT max(duration_ms) FROM job_metrics")
///         .fetch_one(&conn)?; // max of no rows is NULL
/// assert_eq!(longest, None);
/// # Ok::<(), duckspec::Error>(())
/// ```
#[must_use = "a query does nothing until it is fetched"]
#[derive(Debug)]
pub struct ScalarQuery<R>(Query<R>);

/// The one-column query `query` as generated code makes it.
pub fn scalar<R: ScalarRow>(query: Query<R>) -> ScalarQuery<R> {
    ScalarQuery(query)
}

impl<R: ScalarRow> ScalarQuery<R> {
    /// Every value of the column, in the query's order.
    pub fn fetch_all(self, conn: &Connection) -> Result<Vec<R::Value>, Error> {
        Ok(self.0.fetch_all(conn)?.into_iter().map(R::into_value).collect())
    }

    /// The first row's value; an error ([`Error::Query`]) when there is no row.
    pub fn fetch_one(self, conn: &Connection) -> Result<R::Value, Error> {
        self.0.fetch_one(conn).map(R::into_value)
    }

    /// The first row's value, or `None` when there is no row.
    pub fn fetch_optional(self, conn: &Connection) -> Result<Option<R::Value>, Error> {
        Ok(self.0.fetch_optional(conn)?.map(R::into_value))
    }

    /// The column's values as an iterator that streams them (as [`Query::fetch_iter`]).
    pub fn fetch_iter(
        self,
        conn: &Connection,
    ) -> Result<impl Iterator<Item = Result<R::Value, Error>> + '_, Error> {
        let rows: RowIter<'_, R> = self.0.fetch_iter(conn)?;
        Ok(rows.map(|row| row.map(R::into_value)))
    }
}

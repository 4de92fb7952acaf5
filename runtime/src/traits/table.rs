//! [`Table`]: a Rust struct that is one DuckDB table — its metadata and its documented row
//! methods. The plumbing those methods run on is generated into the hidden `Rows` trait.

use duckspec_spec::TableDef;

use super::statics::TableStatics;

use super::rows::{RowOps, Rows};

/// A Rust struct that is one DuckDB table. Implement it with `#[derive(duckspec::Table)]`
/// (the derive and the trait share the name, like serde's).
///
/// ```
/// use duckspec::Table;
///
/// #[derive(Table)]
/// #[table(name = "job_metrics", unchecked)]
/// struct JobMetric {
///     #[column(primary_key)]
///     job_id: String,
///     duration_ms: i64,
///     #[column(name = "device")]
///     device_name: Option<String>,
/// }
///
/// assert_eq!(JobMetric::NAME, "job_metrics");
/// assert_eq!(
///     JobMetric::DDL,
///     "CREATE TABLE IF NOT EXISTS job_metrics (\n    job_id VARCHAR NOT NULL,\n    duration_ms BIGINT NOT NULL,\n    device VARCHAR,\n    PRIMARY KEY (job_id)\n);\n"
/// );
/// assert_eq!(JobMetric::table_def().columns.len(), 3);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table: rows that duckspec writes are `#[derive(Table)]` structs",
    label = "not a `#[derive(Table)]` struct",
    note = "derive it: `#[derive(duckspec::Table)] #[table(name = \"…\", spec = \"…\")] struct …`"
)]
pub trait Table: Sized + 'static + Rows {
    /// The table's name.
    const NAME: &'static str;
    /// The canonical `CREATE TABLE IF NOT EXISTS …` statement (and `COMMENT ON` statements),
    /// rendered at compile time.
    const DDL: &'static str;
    /// The spec file the struct was checked against, as written in `#[table(spec = "…")]`;
    /// `None` for an `unchecked` table.
    const SPEC: Option<&'static str>;

    /// Where the values computed once for this table live (generated: one static per table).
    #[doc(hidden)]
    fn table_statics() -> &'static TableStatics;

    /// The table definition, for run-time drift checks (parsed once from [`Table::DDL`]).
    fn table_def() -> &'static TableDef {
        Self::table_statics().def(Self::NAME, Self::DDL)
    }

    /// Inserts this row, all or nothing. A failure is [`Error::Insert`](crate::Error::Insert)
    /// naming the constraint (row 0) or [`Error::Value`](crate::Error::Value) naming the column.
    /// The row's values are bound to a cached prepared `INSERT` (DuckDB's cheapest single-row
    /// path): one statement, its own transaction, or part of the caller's when one is open.
    ///
    /// ```
    /// use duckspec::{duckdb::Connection, Table};
    ///
    /// #[derive(Table, Debug, PartialEq)]
    /// #[table(name = "jobs", unchecked)]
    /// struct Job {
    ///     #[column(primary_key)]
    ///     id: i64,
    ///     tool: String,
    /// }
    ///
    /// let conn = Connection::open_in_memory()?;
    /// conn.execute_batch(Job::DDL)?;
    /// Job { id: 1, tool: "ocr".into() }.insert(&conn)?;
    /// assert!(Job { id: 1, tool: "again".into() }.insert(&conn).is_err()); // duplicate key
    /// assert_eq!(Job::select_all(&conn)?, vec![Job { id: 1, tool: "ocr".into() }]);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    fn insert(&self, conn: &duckdb::Connection) -> crate::Result<()>
    where
        Self: RowOps,
    {
        RowOps::insert_row(self, conn)
    }

    /// Inserts `rows` in one transaction through DuckDB's appender, column by column, and returns
    /// how many were inserted. A `None` in an `Option` field whose column has a DEFAULT lets
    /// DuckDB fill in the DEFAULT (those rows go through an appender that leaves the column out,
    /// so the table's order can differ from the slice's). All or nothing: when any row fails, the table is left as it was and
    /// the error names the first failing row's index and the constraint
    /// ([`Error::Insert`](crate::Error::Insert)), or the field whose value cannot be stored
    /// ([`Error::Value`](crate::Error::Value)).
    ///
    /// From [`PIPELINE_ROWS`](crate::tuning::PIPELINE_ROWS) rows on, and when the struct is `Sync`, the
    /// rows are encoded on a second thread while this one appends (at most
    /// [`PIPELINE_IN_FLIGHT`](crate::tuning::PIPELINE_IN_FLIGHT) encoded batches wait), with the same
    /// result and errors.
    ///
    /// The rows are their own transaction: calling this inside a transaction the caller began is
    /// DuckDB's error "cannot start a transaction within a transaction" (DuckDB has no nested
    /// transactions or savepoints to roll back only this batch).
    ///
    /// ```
    /// use duckspec::{duckdb::Connection, Error, Table};
    ///
    /// #[derive(Table, Clone)]
    /// #[table(name = "jobs", unchecked)]
    /// struct Job {
    ///     #[column(primary_key)]
    ///     id: i64,
    ///     frames: Option<i32>,
    /// }
    ///
    /// let conn = Connection::open_in_memory()?;
    /// conn.execute_batch(Job::DDL)?;
    /// let rows: Vec<Job> = (0..10_000).map(|id| Job { id, frames: None }).collect();
    /// assert_eq!(Job::insert_all(&conn, &rows)?, 10_000);
    ///
    /// let again = vec![Job { id: 10_000, frames: Some(1) }, Job { id: 5, frames: None }];
    /// match Job::insert_all(&conn, &again) {
    ///     Err(Error::Insert { row: Some(1), .. }) => {} // the duplicate, and nothing was written
    ///     other => panic!("{other:?}"),
    /// }
    /// assert_eq!(Job::select_all(&conn)?.len(), 10_000);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    fn insert_all(conn: &duckdb::Connection, rows: &[Self]) -> crate::Result<usize>
    where
        Self: RowOps,
    {
        <Self as RowOps>::insert_rows(conn, rows)
    }

    /// Every row of the table, typed, in the table's scan order.
    fn select_all(conn: &duckdb::Connection) -> crate::Result<Vec<Self>>
    where
        Self: RowOps,
    {
        <Self as RowOps>::select_rows(conn)
    }

    /// The rows for which `condition`, a SQL expression over the table's columns, holds, typed,
    /// with `params` bound to its `?` placeholders in order (a tuple, an array, `()`). The
    /// condition is DuckDB's to judge at run time; `duckspec::query_as!` (feature `query`) checks
    /// a whole query against the spec at compile time instead.
    ///
    /// ```
    /// use duckspec::duckdb::Connection;
    /// use duckspec::Table;
    ///
    /// #[derive(Table, Debug, PartialEq)]
    /// #[table(name = "jobs", unchecked)]
    /// struct Job {
    ///     id: i64,
    ///     tool: String,
    /// }
    ///
    /// let conn = Connection::open_in_memory()?;
    /// conn.execute_batch(Job::DDL)?;
    /// let rows: Vec<Job> = (0..10).map(|id| Job { id, tool: if id % 2 == 0 { "ocr" } else { "tag" }.into() }).collect();
    /// Job::insert_all(&conn, &rows)?;
    /// let found = Job::select_where(&conn, "tool = ? AND id >= ?", ("ocr", 6))?;
    /// assert_eq!(found, vec![Job { id: 6, tool: "ocr".into() }, Job { id: 8, tool: "ocr".into() }]);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    fn select_where<P: duckdb::Params>(
        conn: &duckdb::Connection,
        condition: &str,
        params: P,
    ) -> crate::Result<Vec<Self>>
    where
        Self: RowOps,
    {
        <Self as RowOps>::select_rows_where(conn, condition, params)
    }
}

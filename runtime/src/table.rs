//! The traits `#[derive(Table)]`, `#[derive(Schema)]` and `#[derive(SqlEnum)]` implement.

use duckspec_spec::TableDef;

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
pub trait Table: Sized + 'static {
    /// The table's name.
    const NAME: &'static str;
    /// The canonical `CREATE TABLE IF NOT EXISTS …` statement (and `COMMENT ON` statements),
    /// rendered at compile time.
    const DDL: &'static str;
    /// The spec file the struct was checked against, as written in `#[table(spec = "…")]`;
    /// `None` for an `unchecked` table.
    const SPEC: Option<&'static str>;

    /// The table definition, for run-time drift checks (parsed once from [`Table::DDL`]).
    fn table_def() -> &'static TableDef;

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
    #[cfg(feature = "duckdb")]
    fn insert(&self, conn: &duckdb::Connection) -> crate::Result<()> {
        crate::insert::insert_all(conn, std::slice::from_ref(self)).map(drop)
    }

    /// Inserts `rows` in one transaction through DuckDB's appender, column by column, and returns
    /// how many were inserted. A `None` in an `Option` field whose column has a DEFAULT lets
    /// DuckDB fill in the DEFAULT (those rows go through an appender that leaves the column out,
    /// so the table's order can differ from the slice's). All or nothing: when any row fails, the table is left as it was and
    /// the error names the first failing row's index and the constraint
    /// ([`Error::Insert`](crate::Error::Insert)), or the field whose value cannot be stored
    /// ([`Error::Value`](crate::Error::Value)).
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
    #[cfg(feature = "duckdb")]
    fn insert_all(conn: &duckdb::Connection, rows: &[Self]) -> crate::Result<usize> {
        crate::insert::insert_all(conn, rows)
    }

    /// Every row of the table, typed, in the table's scan order.
    #[cfg(feature = "duckdb")]
    fn select_all(conn: &duckdb::Connection) -> crate::Result<Vec<Self>> {
        crate::insert::select_all(conn)
    }

    /// The Arrow builders of one batch (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    type __Builders;
    /// Empty builders for `capacity` rows (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __builders(capacity: usize) -> Self::__Builders;
    /// Appends this row's fields to `builders` (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __append(&self, builders: &mut Self::__Builders) -> Result<(), crate::codec::ValueError>;
    /// The columns this row leaves to their DEFAULT: bit `i` is set when field `i` is an
    /// `Option` that is `None` and its column has a DEFAULT (the first 128 columns) (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __omitted(&self) -> u128;
    /// This row's fields as statement parameters, for the single-row insert (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __values(&self) -> Result<Vec<crate::__private::Value>, crate::codec::ValueError>;
    /// The built columns; the builders are empty afterwards (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __finish(builders: &mut Self::__Builders) -> Vec<crate::__private::ArrayRef>;
    /// The Arrow schema of the batches the builders produce, built once (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __schema() -> crate::__private::SchemaRef;
    /// The SQL type each column is cast to before it is read (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __read_types() -> Vec<crate::spec::SqlType>;
    /// Decodes `rows` rows of `columns` into `out` (generated).
    #[cfg(feature = "duckdb")]
    #[doc(hidden)]
    fn __decode(
        columns: &[crate::__private::ArrayRef],
        rows: usize,
        out: &mut Vec<Self>,
    ) -> Result<(), crate::codec::ValueError>;
}

/// A set of tables checked as a whole against one spec file: every table the spec declares is
/// covered by exactly one listed struct. Implement it with `#[derive(duckspec::Schema)]`.
///
/// ```
/// use duckspec::{Schema, Table};
///
/// #[derive(Table)]
/// #[table(name = "jobs", unchecked)]
/// struct Job {
///     id: i64,
/// }
///
/// assert_eq!(Job::NAME, "jobs");
/// ```
pub trait Schema: 'static {
    /// The spec file, as written in `#[schema(spec = "…")]`.
    const SPEC: &'static str;
    /// The table names, in dependency order (a table after the tables it references).
    const TABLES: &'static [&'static str];
    /// The canonical DDL of every table, in dependency order.
    const DDL: &'static str;

    /// The listed tables' definitions, in dependency order.
    fn table_defs() -> Vec<&'static TableDef>;

    /// Each table's name with the spec's DDL for it (the table, its comments and indexes), in
    /// dependency order.
    const TABLE_DDL: &'static [(&'static str, &'static str)];

    /// Creates every missing table and verifies every existing one, in one transaction; returns
    /// how many tables it created. Idempotent: a second call, or a concurrent one, creates
    /// nothing. An existing table that differs from the code is [`Error::Drift`](crate::Error)
    /// with every difference, and nothing is created or altered. Tables the schema does not
    /// declare are left alone.
    #[cfg(feature = "duckdb")]
    fn load(conn: &duckdb::Connection) -> crate::Result<usize> {
        crate::__private::load_tables(conn, &table_sources::<Self>())
    }

    /// The drift between the code and the database, without changing anything: `Ok(())` when
    /// every existing table matches, [`Error::Drift`](crate::Error) otherwise.
    #[cfg(feature = "duckdb")]
    fn check(conn: &duckdb::Connection) -> crate::Result<()> {
        let drifts = crate::__private::check_tables(conn, &table_sources::<Self>())?;
        if drifts.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Drift(crate::DriftReport { drifts }))
        }
    }
}

#[cfg(feature = "duckdb")]
fn table_sources<S: Schema + ?Sized>() -> Vec<crate::__private::TableSource> {
    S::table_defs()
        .into_iter()
        .map(|def| {
            let ddl = S::TABLE_DDL
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&def.name))
                .map(|(_, ddl)| *ddl)
                .unwrap_or_else(|| panic!("duckspec bug: no DDL for table {}", def.name));
            crate::__private::TableSource { def, ddl }
        })
        .collect()
}

/// A unit-only Rust enum stored as a DuckDB `ENUM`. Implement it with
/// `#[derive(duckspec::SqlEnum)]`; rename a variant's SQL label with `#[sql(rename = "…")]`.
///
/// ```
/// use duckspec::SqlEnum;
///
/// #[derive(SqlEnum, Debug, Clone, Copy, PartialEq)]
/// enum JobStatus {
///     Queued,
///     #[sql(rename = "in progress")]
///     Running,
///     Succeeded,
/// }
///
/// assert_eq!(JobStatus::SQL_TYPE, "ENUM('queued', 'in progress', 'succeeded')");
/// assert_eq!(JobStatus::Running.as_sql_str(), "in progress");
/// assert_eq!(JobStatus::from_sql_str("succeeded"), Some(JobStatus::Succeeded));
/// ```
pub trait SqlEnum: Sized + Copy + 'static {
    /// The SQL labels, in declaration order.
    const VARIANTS: &'static [&'static str];
    /// The canonical SQL type, `ENUM('a', …)`.
    const SQL_TYPE: &'static str;

    /// This value's SQL label.
    fn as_sql_str(&self) -> &'static str;

    /// The value with SQL label `label`.
    fn from_sql_str(label: &str) -> Option<Self>;
}

//! [`SqlEnum`]: a unit-only Rust enum stored as a DuckDB `ENUM`.

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

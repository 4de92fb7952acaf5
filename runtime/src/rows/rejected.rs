//! [`Rejected`]: a row a write refused, as a sink keeps it in `duckspec_rejects` — its table, the
//! reason, and its values as text.

use crate::traits::Table;

/// A row DuckDB refused: its table, DuckDB's message, and its values as a JSON object of text.
///
/// ```
/// use duckspec::sink::Rejected;
///
/// let row = Rejected {
///     table: "job_metrics",
///     message: "Constraint Error: duplicate key \"job-1\"".into(),
///     values: r#"{"job_id": "job-1"}"#.into(),
/// };
/// assert_eq!(row.table, "job_metrics");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The table.
    pub table: &'static str,
    /// Why DuckDB refused it.
    pub message: String,
    /// The row's values, `{"column": "value", …}`.
    pub values: String,
}

impl Rejected {
    /// `row`, refused for `message`, with its values as statement parameters would carry them.
    pub(crate) fn of<T: Table>(row: &T, message: String) -> Rejected {
        Rejected {
            table: T::NAME,
            message,
            values: match crate::codec::columns::values(row) {
                Ok(values) => format!("{values:?}"),
                Err(e) => format!("{{}} ({})", e.message),
            },
        }
    }
}

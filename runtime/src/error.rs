use std::path::PathBuf;

/// Everything duckspec can fail with at run time.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// DuckDB reported an error.
    #[error(transparent)]
    DuckDb(#[from] duckdb::Error),
    /// A spec, type or expression did not parse.
    #[error(transparent)]
    Spec(#[from] duckspec_spec::Error),
    /// Tables that exist in the database differ from the code; nothing was created or altered.
    #[error("{0}")]
    Drift(crate::load::DriftReport),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database describes a column or constraint in a way duckspec cannot represent.
    #[error("table {table}: cannot read {what} `{value}` reported by the database: {reason}")]
    Introspection {
        /// The table being read.
        table: String,
        /// What was being read (`type`, `default`, `check`, …).
        what: &'static str,
        /// The value DuckDB reported.
        value: String,
        /// Why it could not be read.
        reason: String,
    },
}

//! The bottom layer: every error duckspec returns at run time ([`Error`]), the drift report it
//! carries ([`DriftReport`]), and the per-value error of the column codecs ([`ValueError`]).

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use duckspec_spec::Drift;

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
    /// DuckDB refuses a statement of a spec (loaded into an in-memory database to compare it).
    #[error("{location}: DuckDB refuses this statement: {message}")]
    Refused {
        /// Where the statement starts.
        location: duckspec_spec::Location,
        /// DuckDB's message.
        message: String,
    },
    /// Tables that exist in the database differ from the code; nothing was created or altered.
    #[error("{0}")]
    Drift(DriftReport),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Rows could not be inserted (a constraint, a conflict, a missing table). Nothing of the
    /// batch was written: `insert_all` and a [`Batch`](crate::Batch) rolled back, a `Writer`
    /// rolled back its whole stream.
    #[error("cannot insert into {table}: {}: {source}; nothing was written", rows_text(*row, rows))]
    Insert {
        /// The table.
        table: &'static str,
        /// The first failing row's index in the batch or stream, when it could be located.
        row: Option<usize>,
        /// The rows being written when it failed (for a `Writer`, those since its last flush).
        rows: Range<usize>,
        /// DuckDB's error, which names the constraint.
        source: duckdb::Error,
    },
    /// A field's value cannot be stored in its column (a decimal wider than the column, …);
    /// nothing of the batch was written.
    #[error("cannot insert into {table}: row {row}, column {column}: {message}; nothing was written")]
    Value {
        /// The table.
        table: &'static str,
        /// The row's index in the batch or stream.
        row: usize,
        /// The column.
        column: &'static str,
        /// Why.
        message: String,
    },
    /// A value in the database cannot be read into its field.
    #[error("cannot read {table}: row {row}, column {column}: {message}")]
    Read {
        /// The table.
        table: &'static str,
        /// The row's index in the result.
        row: usize,
        /// The column.
        column: &'static str,
        /// Why.
        message: String,
    },
    /// A checked query (`duckspec::query_as!`) could not run: a parameter that cannot be bound,
    /// no row for `fetch_one`, a result it cannot read.
    #[error("query `{}`: {message}", sql_excerpt(sql))]
    Query {
        /// The query's SQL.
        sql: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A `Writer` whose stream already failed was used again; the stream was rolled back when it
    /// failed.
    #[error("the writer for {table} failed earlier and its stream was rolled back: {reason}")]
    WriterFailed {
        /// The table.
        table: &'static str,
        /// The first failure.
        reason: String,
    },
    /// Writing or reading a Parquet lake failed (`duckspec::lake`); `path` is the table's
    /// directory or the file.
    #[error("{}: {message}", path.display())]
    Lake {
        /// The table directory or file.
        path: std::path::PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An Iceberg catalog refused or failed a call (`duckspec::iceberg`): the catalog file and
    /// the reason (a table that drifted, a commit refused after its retries, an unreachable
    /// catalog, a value Iceberg cannot store).
    #[error("Iceberg catalog {catalog}: {message}")]
    Iceberg {
        /// The catalog (its file).
        catalog: String,
        /// What went wrong.
        message: String,
    },
    /// A thread of duckspec's own (the encoding thread of a large insert, a sink's writer or
    /// committing thread) could not be started, or stopped before its work was done.
    #[error("duckspec's {thread} thread {reason}")]
    Thread {
        /// The thread's name (`duckspec-encode`, `duckspec-sink`, `duckspec-sink-commit`).
        thread: &'static str,
        /// What happened to it.
        reason: String,
    },
    /// A [`Sink`](crate::Sink) was used after it was closed.
    #[error("the sink is closed")]
    SinkClosed,
    /// A sink's flush failed as a whole (no single row explains it); its rows were kept in
    /// `duckspec_rejects` where that could still be written.
    #[error("the sink's flush failed: {message}")]
    SinkFlush {
        /// DuckDB's error.
        message: String,
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

impl Error {
    /// Whether DuckDB refused to open a database file because another process holds its lock
    /// (DuckDB allows one writing process per file). DuckDB reports this only in its message;
    /// the text is read in one place, pinned by a test against the engine.
    ///
    /// ```
    /// use duckspec::duckdb::Connection;
    ///
    /// let dir = tempfile::tempdir().expect("a temporary directory");
    /// let error = Connection::open(dir.path()).map(drop).unwrap_err(); // a directory, not a lock
    /// assert!(!duckspec::Error::from(error).is_locked());
    /// ```
    pub fn is_locked(&self) -> bool {
        matches!(self, Error::DuckDb(e) if crate::engine_messages::is_locked(e))
    }
}

fn rows_text(row: Option<usize>, rows: &Range<usize>) -> String {
    match row {
        Some(row) => format!("row {row} fails"),
        None if rows.len() == 1 => format!("row {} fails", rows.start),
        None => format!("rows {}..{} fail", rows.start, rows.end),
    }
}

/// Every difference between the code and a live database, as [`Error::Drift`] carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriftReport {
    /// The differences, code side as expected, database side as actual.
    pub drifts: Vec<Drift>,
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the database does not match the code ({} differences):", self.drifts.len())?;
        for drift in &self.drifts {
            writeln!(f, "  {drift}")?;
        }
        write!(
            f,
            "nothing was changed; `duckspec migrate SPEC DB` shows the additive migration that fixes it, if there is one"
        )
    }
}

/// Why one value could not be written to, or read from, its column. Generated code and the column
/// codecs return it; the row layer turns it into [`Error::Value`] or [`Error::Read`] with the
/// table's name.
#[derive(Debug)]
pub struct ValueError {
    /// The column.
    pub column: &'static str,
    /// The row: its index within the rows being encoded, or within the batch being read.
    pub row: Option<usize>,
    /// What went wrong.
    pub message: String,
}

/// The first line of a query's SQL, shortened, for one-line messages.
fn sql_excerpt(sql: &str) -> String {
    let line = sql.trim().lines().next().unwrap_or_default();
    let mut excerpt: String = line.chars().take(60).collect();
    if excerpt.len() < sql.trim().len() {
        excerpt.push('…');
    }
    excerpt
}

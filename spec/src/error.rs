use std::fmt;
use std::sync::Arc;

/// A place in a source file: the file as the user named it, and a 1-based line and column.
/// Locations are provenance, not content: the model's types leave them out when they compare
/// definitions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it (for example `spec/metrics.sql`).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Location {
    /// A location in `file` at `line:column` (both 1-based).
    pub fn new(file: impl Into<Arc<str>>, line: u32, column: u32) -> Self {
        Location { file: file.into(), line, column }
    }

    /// The location just after `text` when `text` is written from here (lines count `\n`,
    /// columns characters).
    ///
    /// ```
    /// use duckspec_spec::Location;
    /// let start = Location::new("spec.sql", 3, 5);
    /// assert_eq!(start.after("ab").to_string(), "spec.sql:3:7");
    /// assert_eq!(start.after("a\nbé").to_string(), "spec.sql:4:3");
    /// ```
    pub fn after(&self, text: &str) -> Location {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match text.rfind('\n') {
            None => Location::new(
                self.file.clone(),
                self.line,
                self.column.saturating_add(count(text.chars().count())),
            ),
            Some(newline) => Location::new(
                self.file.clone(),
                self.line.saturating_add(count(text.matches('\n').count())),
                count(text[newline + 1..].chars().count()).saturating_add(1),
            ),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Everything that can go wrong while reading a schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The SQL is malformed: a tokenizer or parser error, at the place it was detected.
    #[error("{location}: {message}")]
    Syntax {
        /// Where the error was detected.
        location: Location,
        /// What is wrong, lower-case.
        message: String,
    },
    /// The SQL is valid but duckspec does not accept it in a spec (an unsupported statement,
    /// an unknown type, a constraint naming a column that does not exist, …).
    #[error("{location}: {message}")]
    Invalid {
        /// Where the offending construct starts.
        location: Location,
        /// What is wrong and, where possible, what to write instead.
        message: String,
    },
    /// A type spelling that is not a DuckDB type (from a `sql_type` attribute or the engine).
    #[error("invalid type `{spelling}`: {message}")]
    Type {
        /// The spelling as given.
        spelling: String,
        /// What is wrong.
        message: String,
    },
    /// An expression that does not parse (from a `default`/`check` attribute or the engine).
    #[error("invalid expression `{text}`: {message}")]
    Expression {
        /// The expression as given.
        text: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Where the error is, when it is in a file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Syntax { location, .. } | Error::Invalid { location, .. } => Some(location),
            Error::Type { .. } | Error::Expression { .. } => None,
        }
    }

    /// The message without the location (or the offending text) it is reported with.
    pub fn message(&self) -> String {
        match self {
            Error::Syntax { message, .. }
            | Error::Invalid { message, .. }
            | Error::Type { message, .. }
            | Error::Expression { message, .. } => message.clone(),
        }
    }
}

//! DuckDB's keywords, as data. The conformance test checks this list against the engine's own
//! `duckdb_keywords()`; rerun it with `DUCKSPEC_BLESS=1` to regenerate the list after a DuckDB
//! upgrade.

/// How DuckDB's grammar treats a keyword (`duckdb_keywords().keyword_category`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeywordCategory {
    /// Usable as any identifier.
    Unreserved,
    /// Usable as a column name but not as a function or type name.
    ColumnName,
    /// Usable as a function or type name but not as a column name.
    TypeFunction,
    /// Never usable as an identifier without quotes.
    Reserved,
}

impl KeywordCategory {
    /// The category as `duckdb_keywords()` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            KeywordCategory::Unreserved => "unreserved",
            KeywordCategory::ColumnName => "column_name",
            KeywordCategory::TypeFunction => "type_function",
            KeywordCategory::Reserved => "reserved",
        }
    }
}

/// The category of `word` (case-insensitive), or `None` when it is not a keyword.
pub(crate) fn keyword_category(word: &str) -> Option<KeywordCategory> {
    let lower = word.to_ascii_lowercase();
    KEYWORDS
        .binary_search_by(|(keyword, _)| (*keyword).cmp(lower.as_str()))
        .ok()
        .map(|index| KEYWORDS[index].1)
}

use KeywordCategory::{ColumnName as C, Reserved as R, TypeFunction as T, Unreserved as U};

/// Every DuckDB keyword, lower-case, sorted, with its category.
pub static KEYWORDS: &[(&str, KeywordCategory)] = &[
    ("all", R),
    ("and", R),
    ("as", R),
    ("at", R),
    ("check", R),
    ("group", R),
    ("int", C),
    ("left", T),
    ("order", R),
    ("select", R),
    ("table", R),
    ("value", U),
];

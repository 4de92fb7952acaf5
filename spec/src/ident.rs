//! Identifier quoting, DuckDB's way.

use crate::keywords::{keyword_categories, KeywordCategory};

/// True when `name` must be double-quoted to be read back as the same identifier by DuckDB: it
/// is not a plain lower-case identifier (`[a-z_][a-z0-9_]*`), or it is a keyword that cannot
/// stand as a column name (reserved and type-function keywords, per `duckdb_keywords()`).
///
/// ```
/// use duckspec_spec::requires_quotes;
/// assert!(!requires_quotes("job_id"));
/// assert!(requires_quotes("order"));
/// assert!(requires_quotes("Job Id"));
/// ```
pub fn requires_quotes(name: &str) -> bool {
    let mut chars = name.chars();
    let plain = match chars.next() {
        Some(first) => {
            (first.is_ascii_lowercase() || first == '_')
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        }
        None => false,
    };
    !plain
        || keyword_categories(name)
            .any(|category| matches!(category, KeywordCategory::Reserved | KeywordCategory::TypeFunction))
}

/// `name` as DuckDB writes it: bare when it can be, otherwise double-quoted with `"` doubled.
///
/// ```
/// use duckspec_spec::quote_ident;
/// assert_eq!(quote_ident("job_id"), "job_id");
/// assert_eq!(quote_ident("group"), "\"group\"");
/// assert_eq!(quote_ident("say \"hi\""), "\"say \"\"hi\"\"\"");
/// ```
pub fn quote_ident(name: &str) -> String {
    if requires_quotes(name) {
        format!("\"{}\"", name.replace('"', "\"\""))
    } else {
        name.to_string()
    }
}

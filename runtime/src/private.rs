//! What generated code needs. Not public API: names here change without notice.

use duckspec_spec::{parse_schema, TableDef};

pub use core;
#[cfg(feature = "duckdb")]
pub use duckdb;
pub use duckspec_spec as spec;
pub use std::sync::OnceLock;

#[cfg(feature = "duckdb")]
pub use crate::load::{check as check_tables, load as load_tables, TableSource};

/// Parses a derive's own rendered DDL back into its definition. The DDL was rendered by the same
/// crate at compile time, so failure is a duckspec bug.
pub fn table_def_from_ddl(name: &str, ddl: &str) -> TableDef {
    let schema =
        parse_schema(name, ddl).unwrap_or_else(|e| panic!("duckspec bug: generated DDL does not parse: {e}"));
    schema
        .tables
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("duckspec bug: generated DDL for {name} has no table"))
}

/// `a == b` in a const context, for compile-time checks.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `spec == Some(expected)` in a const context.
pub const fn spec_is(spec: Option<&str>, expected: &str) -> bool {
    match spec {
        Some(spec) => str_eq(spec, expected),
        None => false,
    }
}

/// The DDL of a stub impl, emitted when a derive failed so the real error is not buried.
pub const INVALID_DDL: &str = "";

/// The body of a stub impl's functions; never runs, since the crate does not compile.
#[cold]
pub fn invalid_derive(name: &str) -> ! {
    panic!("duckspec: the derive for {name} failed to compile")
}

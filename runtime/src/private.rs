//! What generated code needs. Not public API: names here change without notice.

use duckspec_spec::{parse_schema, TableDef};

pub use core;
#[cfg(feature = "duckdb")]
pub use duckdb;
pub use duckspec_spec as spec;
pub use std::sync::OnceLock;

pub use crate::__if_duckdb as if_duckdb;
#[cfg(feature = "duckdb")]
pub use crate::codec::{
    append, value, Codec, ColumnReader, Enum, FixedList, List, Native, Nullable, ValueError, ViaToSql,
};
#[cfg(feature = "duckdb")]
pub use duckdb::arrow::array::{ArrayBuilder, ArrayRef};
#[cfg(feature = "duckdb")]
pub use duckdb::arrow::datatypes::{Field, SchemaRef};
#[cfg(feature = "duckdb")]
pub use duckdb::types::Value;

/// The Arrow schema of a table's record batches.
#[cfg(feature = "duckdb")]
pub fn schema(fields: Vec<Field>) -> SchemaRef {
    std::sync::Arc::new(duckdb::arrow::datatypes::Schema::new(fields))
}

/// Expands to its input when duckspec is built with its `duckdb` feature, to nothing otherwise:
/// generated code uses it for the row plumbing, whose types exist only with DuckDB.
#[cfg(feature = "duckdb")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_duckdb {
    ($($item:tt)*) => { $($item)* };
}

/// Expands to its input when duckspec is built with its `duckdb` feature, to nothing otherwise.
#[cfg(not(feature = "duckdb"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_duckdb {
    ($($item:tt)*) => {};
}

pub use crate::__stub_rows as stub_rows;

/// The row plumbing of a stub impl (a derive that failed); never runs.
#[cfg(feature = "duckdb")]
#[doc(hidden)]
#[macro_export]
macro_rules! __stub_rows {
    ($name:expr) => {
        type __Builders = ();
        fn __builders(_: usize) {}
        fn __append(&self, _: &mut ()) -> ::core::result::Result<(), $crate::__private::ValueError> {
            $crate::__private::invalid_derive($name)
        }
        fn __omitted(&self) -> u128 {
            $crate::__private::invalid_derive($name)
        }
        fn __values(
            &self,
        ) -> ::core::result::Result<::std::vec::Vec<$crate::__private::Value>, $crate::__private::ValueError>
        {
            $crate::__private::invalid_derive($name)
        }
        fn __finish(_: &mut ()) -> ::std::vec::Vec<$crate::__private::ArrayRef> {
            $crate::__private::invalid_derive($name)
        }
        fn __schema() -> $crate::__private::SchemaRef {
            $crate::__private::invalid_derive($name)
        }
        fn __read_types() -> ::std::vec::Vec<$crate::spec::SqlType> {
            $crate::__private::invalid_derive($name)
        }
        fn __decode(
            _: &[$crate::__private::ArrayRef],
            _: usize,
            _: &mut ::std::vec::Vec<Self>,
        ) -> ::core::result::Result<(), $crate::__private::ValueError> {
            $crate::__private::invalid_derive($name)
        }
    };
}

/// The row plumbing of a stub impl: nothing without DuckDB.
#[cfg(not(feature = "duckdb"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __stub_rows {
    ($name:expr) => {};
}

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

#[cfg(test)]
mod tests {
    /// What `#[derive(Table)]` emits next to an error: if `stub_rows!` misses a required item of
    /// `Table`, this module does not compile (and a user would see "not all trait items
    /// implemented" beside their real error).
    struct Stub;

    impl crate::Table for Stub {
        const NAME: &'static str = "stub";
        const DDL: &'static str = super::INVALID_DDL;
        const SPEC: Option<&'static str> = None;

        fn table_def() -> &'static crate::spec::TableDef {
            super::invalid_derive("Stub")
        }

        crate::__private::stub_rows!("Stub");
    }

    #[test]
    fn a_stub_impl_compiles_and_panics_if_ever_called() {
        assert_eq!(<Stub as crate::Table>::NAME, "stub");
        let called = std::panic::catch_unwind(|| <Stub as crate::Table>::table_def().name.clone());
        assert!(called.is_err());
    }
}

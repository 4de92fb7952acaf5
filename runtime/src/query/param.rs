//! A checked query's parameters: [`Param<S>`], a Rust value a parameter DuckDB typed as the SQL
//! type family `S` accepts, and the family markers ([`sql`]). The impls are the type table's rows
//! (`duckspec::spec::mapped_types!`): a row's Rust type is a parameter of its row's family, bound
//! through the same codec that writes it into a column. `Option<T>` binds NULL for `None`, `&T` and
//! `&str` bind what they point at, `Vec<T>` and `&[T]` a LIST.

use duckdb::types::Value;
use duckspec_spec::SqlType;

use crate::codec::{Codec, Native};

/// The SQL type families a parameter can ask for, one marker type per family of the type table
/// (`DECIMAL` is every width and scale), [`sql::LIST`] for a list of one and [`sql::ANY`] where
/// DuckDB cannot tell (`SELECT ?`). Compile errors name them: "parameter 1 is TIMESTAMPTZ".
#[allow(non_camel_case_types)]
pub mod sql {
    use std::marker::PhantomData;

    macro_rules! families {
        ($($family:ident),* $(,)?) => {$(
            #[doc = concat!("The `", stringify!($family), "` family.")]
            pub struct $family;
        )*};
    }

    families!(
        BOOLEAN,
        TINYINT,
        SMALLINT,
        INTEGER,
        BIGINT,
        HUGEINT,
        UTINYINT,
        USMALLINT,
        UINTEGER,
        UBIGINT,
        UHUGEINT,
        FLOAT,
        DOUBLE,
        VARCHAR,
        BLOB,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMPTZ,
        UUID,
        JSON,
        DECIMAL,
        ANY,
    );

    /// A `LIST` of family `S` (`INTEGER[]`).
    pub struct LIST<S>(PhantomData<S>);
}

/// A Rust value that can be bound to a query parameter DuckDB typed as the family `S`. The type
/// table decides which Rust types a family takes: a BIGINT parameter takes an `i64` (not an
/// `i32`: cast in SQL, `?::INTEGER`, to pass one), a TIMESTAMPTZ one a `chrono::DateTime<Utc>`
/// or `time::OffsetDateTime`.
pub trait Param<S> {
    /// The value as a statement parameter; `sql_type` is the parameter's type as DuckDB reported
    /// it at compile time (a DECIMAL's width and scale), `None` when DuckDB could not tell.
    fn param_value(&self, sql_type: Option<&SqlType>) -> Result<Value, String>;
}

/// The value of `value` through its codec, for a parameter of type `sql_type`, or of the row's own
/// type `own` when DuckDB did not type the parameter.
fn through_codec<T>(value: &T, sql_type: Option<&SqlType>, own: &str) -> Result<Value, String>
where
    Native: Codec<T>,
{
    match sql_type {
        Some(sql_type) => <Native as Codec<T>>::to_value(value, sql_type),
        None => {
            let own = SqlType::parse(own).map_err(|e| e.to_string())?;
            <Native as Codec<T>>::to_value(value, &own)
        }
    }
}

/// `impl Param<sql::FAMILY> for RustType` and `impl Param<sql::ANY> for RustType`, per row of the
/// type table, behind the row's cargo feature.
macro_rules! params {
    () => {};
    ($field:ident: $rust:ty = $sample:expr => $sql:literal as $family:ident, $name:literal, $strict:literal, None, $codegen:literal; $($rest:tt)*) => {
        params!(@impl $rust, $sql, $family);
        params!($($rest)*);
    };
    ($field:ident: $rust:ty = $sample:expr => $sql:literal as $family:ident, $name:literal, $strict:literal, Some($feature:literal), $codegen:literal; $($rest:tt)*) => {
        #[cfg(feature = $feature)]
        params!(@impl $rust, $sql, $family);
        params!($($rest)*);
    };
    (@impl $rust:ty, $sql:literal, $family:ident) => {
        const _: () = {
            impl Param<sql::$family> for $rust {
                fn param_value(&self, sql_type: Option<&SqlType>) -> Result<Value, String> {
                    through_codec(self, sql_type, $sql)
                }
            }
            impl Param<sql::ANY> for $rust {
                fn param_value(&self, _: Option<&SqlType>) -> Result<Value, String> {
                    through_codec(self, None, $sql)
                }
            }
        };
    };
}

duckspec_spec::mapped_types!(params);

impl Param<sql::VARCHAR> for str {
    fn param_value(&self, _: Option<&SqlType>) -> Result<Value, String> {
        Ok(Value::Text(self.to_string()))
    }
}

impl Param<sql::ANY> for str {
    fn param_value(&self, _: Option<&SqlType>) -> Result<Value, String> {
        Ok(Value::Text(self.to_string()))
    }
}

impl<S, T: Param<S> + ?Sized> Param<S> for &T {
    fn param_value(&self, sql_type: Option<&SqlType>) -> Result<Value, String> {
        (**self).param_value(sql_type)
    }
}

impl<S, T: Param<S>> Param<S> for Option<T> {
    fn param_value(&self, sql_type: Option<&SqlType>) -> Result<Value, String> {
        match self {
            Some(value) => value.param_value(sql_type),
            None => Ok(Value::Null),
        }
    }
}

/// The element type of a LIST parameter's type.
fn element(sql_type: Option<&SqlType>) -> Option<&SqlType> {
    match sql_type {
        Some(SqlType::List(inner)) => Some(inner),
        _ => None,
    }
}

impl<S, T: Param<S>> Param<sql::LIST<S>> for [T] {
    fn param_value(&self, sql_type: Option<&SqlType>) -> Result<Value, String> {
        let inner = element(sql_type);
        let values = self.iter().map(|value| value.param_value(inner)).collect::<Result<Vec<_>, _>>()?;
        Ok(Value::List(values))
    }
}

impl<S, T: Param<S>> Param<sql::LIST<S>> for Vec<T> {
    fn param_value(&self, sql_type: Option<&SqlType>) -> Result<Value, String> {
        self.as_slice().param_value(sql_type)
    }
}

/// The statement parameter of `value`, checked (by the bound) against the family `S`. Called by
/// generated code, once per parameter, with the type DuckDB reported for it (`None` when it
/// could not tell).
pub fn bind<S, P: Param<S> + ?Sized>(value: &P, sql_type: Option<&str>) -> Result<Value, String> {
    match sql_type {
        Some(text) => {
            let parsed = SqlType::parse(text).map_err(|e| e.to_string())?;
            value.param_value(Some(&parsed))
        }
        None => value.param_value(None),
    }
}

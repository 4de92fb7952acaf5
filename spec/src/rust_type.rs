//! The Rust field type that naturally holds a column type: what `duckspec codegen` writes and
//! what drift errors suggest, read from the type table ([`MAPPED_TYPES`]'s `codegen` rows). The
//! derive's own mapping (Rust type to SQL type) reads the same table, and a test in
//! `duckspec-macros` checks that the two agree.

use crate::type_table::{MappedType, MAPPED_TYPES};
use crate::types::SqlType;

/// A Rust field type for a column, as source text, with what else the field needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustType {
    /// The type as it is written in a struct (`i64`, `chrono::DateTime<chrono::Utc>`, `Vec<String>`).
    pub text: String,
    /// The `#[column(sql_type = "…")]` the field needs (a DECIMAL's width and scale).
    pub sql_type: Option<String>,
    /// The duckspec cargo feature the type needs (`chrono`, `uuid`, `serde_json`, `rust_decimal`).
    pub feature: Option<&'static str>,
}

impl RustType {
    fn of(row: &MappedType) -> RustType {
        RustType { text: row.rust(), sql_type: None, feature: row.feature }
    }

    /// The type wrapped in `Option` when the column is nullable.
    pub fn nullable(mut self, nullable: bool) -> RustType {
        if nullable {
            self.text = format!("Option<{}>", self.text);
        }
        self
    }
}

/// The natural Rust type for `ty`, or `None` when there is none (an ENUM needs a
/// `#[derive(SqlEnum)]` enum; STRUCT, MAP, UNION, INTERVAL and the like have no Rust counterpart
/// duckspec maps).
///
/// ```
/// use duckspec_spec::{rust_type, SqlType};
/// assert_eq!(rust_type(&SqlType::BigInt).unwrap().text, "i64");
/// let decimal = rust_type(&SqlType::parse("DECIMAL(10,2)").unwrap()).unwrap();
/// assert_eq!((decimal.text.as_str(), decimal.sql_type.as_deref()), ("rust_decimal::Decimal", Some("DECIMAL(10,2)")));
/// assert_eq!(rust_type(&SqlType::parse("TIMESTAMPTZ[]").unwrap()).unwrap().text, "Vec<chrono::DateTime<chrono::Utc>>");
/// assert!(rust_type(&SqlType::parse("STRUCT(a INT)").unwrap()).is_none());
/// ```
pub fn rust_type(ty: &SqlType) -> Option<RustType> {
    Some(match ty {
        SqlType::Decimal { .. } => {
            let row = MAPPED_TYPES.iter().find(|row| row.codegen && row.needs_sql_type())?;
            RustType { sql_type: Some(ty.to_string()), ..RustType::of(row) }
        }
        SqlType::List(inner) => {
            let inner = rust_type(inner)?;
            // `Vec<u8>` is a BLOB; a list of bytes cannot be told apart.
            if inner.text == "u8" || inner.sql_type.is_some() {
                return None;
            }
            RustType { text: format!("Vec<{}>", inner.text), ..inner }
        }
        SqlType::Array(inner, size) => {
            let inner = rust_type(inner)?;
            if inner.sql_type.is_some() {
                return None;
            }
            RustType { text: format!("[{}; {size}]", inner.text), ..inner }
        }
        scalar => RustType::of(MappedType::for_codegen(&scalar.to_string())?),
    })
}

//! The one table of the DuckDB column types duckspec maps to Rust field types: for each, the SQL
//! type, the Rust type that holds it, the name the derive recognizes it by, the duckspec cargo
//! feature it needs, and whether `codegen` writes it. Every layer reads it from here: the derive
//! maps a field's Rust type to its SQL type (`duckspec-macros`' `mapping`), `codegen` and drift
//! messages pick the Rust type for a SQL type ([`rust_type`](crate::rust_type)), and the runtime's
//! tests expand [`mapped_types!`](crate::mapped_types) into one field per row and round-trip a
//! sample of each through a real DuckDB. Each row's codec (its Arrow and Parquet types) is the
//! runtime's `impl Codec<T> for Native` for the row's Rust type; a row without one fails that test
//! at compile time.
//!
//! Composite types are built from these rows by their shape (`Option<T>` nullable, `Vec<T>`
//! `T[]`, `[T; N]` `T[N]`); an ENUM is a `#[derive(SqlEnum)]` enum; a DECIMAL's row needs the
//! width and scale from `#[column(sql_type = "DECIMAL(p,s)")]`.
//!
//! A macro (the sqlx technique: `sqlx-postgres/src/type_checking.rs`), so the same rows are both
//! data ([`MAPPED_TYPES`]) and, in tests, code with real types and sample values.

/// Calls `$callback! { rows }` with the table's rows, one per line:
/// `field: RustType = sample_value => "SQL TYPE" as FAMILY, "RecognizedName", strict, feature, codegen;`.
///
/// - `field` names the row (a field of that name in tests);
/// - `RustType` and `sample_value` are only expanded where the callback uses them (a test), so
///   the optional crates are needed only there;
/// - `FAMILY` names the SQL type without its parameters (`DECIMAL` for every width and scale):
///   the marker type a checked query's parameter of that type asks for (`duckspec` feature `query`);
/// - `"RecognizedName"` is what the derive matches a field's type by: the last path segment, with
///   its one generic argument's last segment in angle brackets (`DateTime<Utc>`, `Vec<u8>`);
/// - `strict`: the name alone is too common to trust (`Value`, `Date`), so the type must be
///   written as that name or as the full path of `RustType`;
/// - `feature`: the duckspec cargo feature the type needs;
/// - `codegen`: whether `codegen` writes this type for the SQL type (one row per SQL type).
///
/// ```
/// macro_rules! count {
///     ($($field:ident: $rust:ty = $sample:expr => $sql:literal as $family:ident, $name:literal, $strict:literal, $feature:expr, $codegen:literal;)*) => {
///         [$(stringify!($field)),*].len()
///     };
/// }
/// assert_eq!(duckspec_spec::mapped_types!(count), duckspec_spec::MAPPED_TYPES.len());
/// ```
#[macro_export]
macro_rules! mapped_types {
    ($callback:ident) => {
        $callback! {
            boolean: bool = true => "BOOLEAN" as BOOLEAN, "bool", false, None, true;
            tinyint: i8 = i8::MIN => "TINYINT" as TINYINT, "i8", false, None, true;
            smallint: i16 = i16::MAX => "SMALLINT" as SMALLINT, "i16", false, None, true;
            integer: i32 = i32::MIN => "INTEGER" as INTEGER, "i32", false, None, true;
            bigint: i64 = i64::MAX => "BIGINT" as BIGINT, "i64", false, None, true;
            hugeint: i128 = i128::MIN + 1 => "HUGEINT" as HUGEINT, "i128", false, None, true;
            utinyint: u8 = u8::MAX => "UTINYINT" as UTINYINT, "u8", false, None, true;
            usmallint: u16 = u16::MAX => "USMALLINT" as USMALLINT, "u16", false, None, true;
            uinteger: u32 = u32::MAX => "UINTEGER" as UINTEGER, "u32", false, None, true;
            ubigint: u64 = u64::MAX => "UBIGINT" as UBIGINT, "u64", false, None, true;
            uhugeint: u128 = u128::MAX => "UHUGEINT" as UHUGEINT, "u128", false, None, true;
            float: f32 = -1.5f32 => "FLOAT" as FLOAT, "f32", false, None, true;
            double: f64 = f64::MAX => "DOUBLE" as DOUBLE, "f64", false, None, true;
            varchar: String = String::from("a 'quoted' ü") => "VARCHAR" as VARCHAR, "String", false, None, true;
            blob: Vec<u8> = vec![0u8, 255, 7] => "BLOB" as BLOB, "Vec<u8>", false, None, true;
            chrono_date: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(-4000, 2, 29).unwrap()
                => "DATE" as DATE, "NaiveDate", false, Some("chrono"), true;
            chrono_time: chrono::NaiveTime = chrono::NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap()
                => "TIME" as TIME, "NaiveTime", false, Some("chrono"), true;
            chrono_timestamp: chrono::NaiveDateTime =
                chrono::DateTime::from_timestamp_micros(-62_135_596_800_000_001).unwrap().naive_utc()
                => "TIMESTAMP" as TIMESTAMP, "NaiveDateTime", false, Some("chrono"), true;
            chrono_timestamptz: chrono::DateTime<chrono::Utc> =
                chrono::DateTime::from_timestamp_micros(1_764_633_600_123_456).unwrap()
                => "TIMESTAMP WITH TIME ZONE" as TIMESTAMPTZ, "DateTime<Utc>", false, Some("chrono"), true;
            time_date: time::Date = time::Date::from_calendar_date(-4000, time::Month::February, 29).unwrap()
                => "DATE" as DATE, "Date", true, Some("time"), false;
            time_time: time::Time = time::Time::from_hms_micro(23, 59, 59, 999_999).unwrap()
                => "TIME" as TIME, "Time", true, Some("time"), false;
            time_timestamp: time::PrimitiveDateTime = time::PrimitiveDateTime::new(
                time::Date::from_calendar_date(1, time::Month::January, 1).unwrap(),
                time::Time::from_hms_micro(0, 0, 0, 1).unwrap(),
            ) => "TIMESTAMP" as TIMESTAMP, "PrimitiveDateTime", false, Some("time"), false;
            time_timestamptz: time::OffsetDateTime =
                time::OffsetDateTime::from_unix_timestamp_nanos(-1_234_567_000).unwrap()
                => "TIMESTAMP WITH TIME ZONE" as TIMESTAMPTZ, "OffsetDateTime", false, Some("time"), false;
            uuid: uuid::Uuid = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef)
                => "UUID" as UUID, "Uuid", false, Some("uuid"), true;
            json: serde_json::Value = serde_json::json!({"a": [1, "two", null]})
                => "JSON" as JSON, "Value", true, Some("serde_json"), true;
            decimal: rust_decimal::Decimal = rust_decimal::Decimal::new(-123_456, 3)
                => "DECIMAL(18,3)" as DECIMAL, "Decimal", false, Some("rust_decimal"), true;
            ip_addr: std::net::IpAddr = std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)
                => "VARCHAR" as VARCHAR, "IpAddr", false, None, false;
        }
    };
}

/// One row of [`mapped_types!`], as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappedType {
    /// The DuckDB type, as DuckDB spells it (`TIMESTAMP WITH TIME ZONE`); a DECIMAL row holds
    /// DuckDB's default width and scale, the field's `sql_type` gives its own.
    pub sql: &'static str,
    /// The SQL type without its parameters, as an identifier (`TIMESTAMPTZ`, `DECIMAL`): the
    /// marker a checked query's parameter of this type is matched against.
    pub family: &'static str,
    /// The Rust type with its full path, as the table's tokens print (`chrono :: DateTime <
    /// chrono :: Utc >`); [`MappedType::rust`] writes it as a struct does.
    tokens: &'static str,
    /// The name the derive recognizes a field's type by (see [`mapped_types!`]).
    pub name: &'static str,
    /// Whether the type must be written as `name` or as the full path `rust`.
    pub strict: bool,
    /// The duckspec cargo feature the type needs.
    pub feature: Option<&'static str>,
    /// Whether `codegen` writes this type for its SQL type.
    pub codegen: bool,
}

macro_rules! as_data {
    ($($field:ident: $rust:ty = $sample:expr => $sql:literal as $family:ident, $name:literal, $strict:literal, $feature:expr, $codegen:literal;)*) => {
        /// Every row of [`mapped_types!`], in order.
        pub const MAPPED_TYPES: &[MappedType] = &[$(MappedType {
            sql: $sql,
            family: stringify!($family),
            tokens: stringify!($rust),
            name: $name,
            strict: $strict,
            feature: $feature,
            codegen: $codegen,
        }),*];
    };
}

mapped_types!(as_data);

impl MappedType {
    /// The row the derive maps a field type to: `name` is the type's last path segment (with its
    /// one generic argument's last segment: `DateTime<Utc>`), `path` the whole path as written,
    /// without generic arguments and leading `::` (`chrono::DateTime`).
    ///
    /// ```
    /// use duckspec_spec::MappedType;
    /// assert_eq!(MappedType::by_name("NaiveDate", "chrono::naive::NaiveDate").unwrap().sql, "DATE");
    /// assert_eq!(MappedType::by_name("Value", "serde_json::Value").unwrap().sql, "JSON");
    /// assert!(MappedType::by_name("Value", "duckdb::types::Value").is_none()); // strict
    /// assert_eq!(MappedType::by_name("Date", "time::Date").unwrap().feature, Some("time"));
    /// let row = MappedType::by_name("DateTime<Utc>", "DateTime").unwrap();
    /// assert_eq!(row.rust(), "chrono::DateTime<chrono::Utc>");
    /// ```
    pub fn by_name(name: &str, path: &str) -> Option<&'static MappedType> {
        MAPPED_TYPES
            .iter()
            .find(|row| row.name == name && (!row.strict || path == row.name || path == row.path()))
    }

    /// The Rust type as a struct writes it, with its full path (`chrono::DateTime<chrono::Utc>`).
    pub fn rust(&self) -> String {
        self.tokens.split_whitespace().collect()
    }

    /// The Rust type's path without generic arguments (`chrono::DateTime`).
    pub fn path(&self) -> String {
        let rust = self.rust();
        match rust.find('<') {
            Some(at) => rust[..at].to_string(),
            None => rust,
        }
    }

    /// Whether a field of this type needs `#[column(sql_type = "…")]` for its SQL type's
    /// parameters (a DECIMAL's width and scale): the row's `sql` is only DuckDB's default.
    pub fn needs_sql_type(&self) -> bool {
        self.sql.starts_with("DECIMAL")
    }

    /// The family (see [`MappedType::family`]) of a SQL type some row maps: what a checked query
    /// asks of a parameter DuckDB typed `sql`. `None` for a type no row maps (a LIST's family is
    /// built from its element's by the query macro).
    ///
    /// ```
    /// use duckspec_spec::{MappedType, SqlType};
    /// assert_eq!(MappedType::family_of(&SqlType::Decimal { width: 9, scale: 2 }), Some("DECIMAL"));
    /// assert_eq!(MappedType::family_of(&SqlType::TimestampTz), Some("TIMESTAMPTZ"));
    /// assert_eq!(MappedType::family_of(&SqlType::Interval), None);
    /// ```
    pub fn family_of(sql: &crate::SqlType) -> Option<&'static str> {
        if let crate::SqlType::Decimal { .. } = sql {
            return MAPPED_TYPES.iter().find(|row| row.needs_sql_type()).map(|row| row.family);
        }
        let text = sql.to_string();
        MAPPED_TYPES.iter().find(|row| row.sql == text).map(|row| row.family)
    }

    /// The row `codegen` writes for the SQL type spelled `sql` (as DuckDB spells it).
    pub fn for_codegen(sql: &str) -> Option<&'static MappedType> {
        MAPPED_TYPES.iter().find(|row| row.codegen && row.sql == sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqlType;

    #[test]
    fn every_row_names_a_type_duckspec_parses_in_duckdbs_own_spelling() {
        for row in MAPPED_TYPES {
            let parsed = SqlType::parse(row.sql).unwrap_or_else(|e| panic!("{}: {e}", row.sql));
            assert_eq!(parsed.to_string(), row.sql, "the table spells types as DuckDB does");
        }
    }

    #[test]
    fn codegen_has_exactly_one_rust_type_per_sql_type_and_names_are_unique() {
        let mut names: Vec<&str> = MAPPED_TYPES.iter().map(|row| row.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), MAPPED_TYPES.len(), "each recognized name maps one way");
        for row in MAPPED_TYPES {
            let chosen = MAPPED_TYPES.iter().filter(|r| r.codegen && r.sql == row.sql).count();
            // IP addresses are text in DuckDB without its `inet` extension: codegen writes String.
            assert_eq!(chosen, 1, "{}: codegen writes one Rust type", row.sql);
            assert_eq!(MappedType::by_name(row.name, &row.path()), Some(row));
        }
    }

    #[test]
    fn rows_of_one_sql_type_share_one_family_and_families_name_one_sql_type() {
        for row in MAPPED_TYPES {
            let sql = SqlType::parse(row.sql).unwrap();
            assert_eq!(MappedType::family_of(&sql), Some(row.family), "{}", row.sql);
            for other in MAPPED_TYPES.iter().filter(|other| other.family == row.family) {
                let same = match (SqlType::parse(other.sql).unwrap(), &sql) {
                    (SqlType::Decimal { .. }, SqlType::Decimal { .. }) => true,
                    (a, b) => a == *b,
                };
                assert!(same, "{} and {} share the family {}", row.sql, other.sql, row.family);
            }
        }
    }
}

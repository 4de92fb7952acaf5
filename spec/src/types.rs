//! DuckDB logical types in their canonical spelling, and the one parser every spelling goes
//! through (spec files, `sql_type` attributes, and what the engine reports).

use std::fmt;

use sqlparser::dialect::DuckDbDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::error::Error;
use crate::ident::quote_ident;

/// A DuckDB column type, canonical: two spellings DuckDB treats as one type are one value, and
/// `Display` writes exactly what DuckDB reports in `duckdb_columns().data_type` (every alias
/// `duckdb_types()` lists is checked against the engine by the conformance test).
///
/// ```
/// use duckspec_spec::SqlType;
/// assert_eq!(SqlType::parse("INT4").unwrap(), SqlType::Integer);
/// assert_eq!(SqlType::parse("numeric").unwrap().to_string(), "DECIMAL(18,3)");
/// assert_eq!(SqlType::parse("timestamptz").unwrap().to_string(), "TIMESTAMP WITH TIME ZONE");
/// assert_eq!(SqlType::parse("text[]").unwrap().to_string(), "VARCHAR[]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SqlType {
    /// `BOOLEAN` (`BOOL`, `LOGICAL`).
    Boolean,
    /// `TINYINT` (`INT1`).
    TinyInt,
    /// `SMALLINT` (`INT2`, `SHORT`).
    SmallInt,
    /// `INTEGER` (`INT`, `INT4`, `SIGNED`).
    Integer,
    /// `BIGINT` (`INT8`, `LONG`).
    BigInt,
    /// `HUGEINT` (`INT128`).
    HugeInt,
    /// `UTINYINT`.
    UTinyInt,
    /// `USMALLINT`.
    USmallInt,
    /// `UINTEGER`.
    UInteger,
    /// `UBIGINT`.
    UBigInt,
    /// `UHUGEINT`.
    UHugeInt,
    /// `FLOAT` (`FLOAT4`, `REAL`).
    Float,
    /// `DOUBLE` (`FLOAT8`, `DOUBLE PRECISION`).
    Double,
    /// `DECIMAL(width,scale)`; bare `DECIMAL`/`NUMERIC` is `DECIMAL(18,3)`.
    Decimal {
        /// Total number of digits, 1 to 38.
        width: u8,
        /// Digits after the point, at most `width`.
        scale: u8,
    },
    /// `VARCHAR` (`TEXT`, `STRING`, `CHAR(n)`, `VARCHAR(n)`, …).
    Varchar,
    /// `BLOB` (`BYTEA`, `BINARY`, `VARBINARY`).
    Blob,
    /// `BIT` (`BITSTRING`).
    Bit,
    /// `BIGNUM` (`VARINT`): an arbitrary-precision integer.
    BigNum,
    /// `DATE`.
    Date,
    /// `TIME`.
    Time,
    /// `TIME WITH TIME ZONE` (`TIMETZ`).
    TimeTz,
    /// `TIMESTAMP` (`DATETIME`, `TIMESTAMP_US`): microseconds.
    Timestamp,
    /// `TIMESTAMP_S`: seconds.
    TimestampS,
    /// `TIMESTAMP_MS`: milliseconds.
    TimestampMs,
    /// `TIMESTAMP_NS`: nanoseconds.
    TimestampNs,
    /// `TIMESTAMP WITH TIME ZONE` (`TIMESTAMPTZ`).
    TimestampTz,
    /// `INTERVAL`.
    Interval,
    /// `UUID`.
    Uuid,
    /// `JSON`.
    Json,
    /// A variable-length list, `T[]`.
    List(Box<SqlType>),
    /// A fixed-length array, `T[N]`.
    Array(Box<SqlType>, u32),
    /// `STRUCT(name T, …)`.
    Struct(Vec<(String, SqlType)>),
    /// `MAP(K, V)`.
    Map(Box<SqlType>, Box<SqlType>),
    /// `UNION(name T, …)`.
    Union(Vec<(String, SqlType)>),
    /// `ENUM('a', …)`; a named enum type is expanded to its values.
    Enum(Vec<String>),
    /// `TIME_NS`: nanoseconds.
    TimeNs,
    /// `TIMESTAMPTZ_NS`: nanoseconds, with time zone.
    TimestampTzNs,
    /// `VARIANT`.
    Variant,
    /// `GEOMETRY`, optionally with a coordinate reference system: `GEOMETRY('OGC:CRS84')`.
    Geometry(Option<String>),
    /// `TUPLE(T, …)`: unnamed fields.
    Tuple(Vec<SqlType>),
    /// `"NULL"`: the type of the NULL literal.
    Null,
    /// A generated column declared without a type (`c AS (a + 1)`): DuckDB infers the type from
    /// the expression, so it is known only once the spec is loaded into DuckDB. Never the type of
    /// a column read from a database.
    Inferred,
}

impl SqlType {
    /// Parses one type spelling into its canonical form. Named enum types are not known here; use
    /// [`SqlType::parse_with`] to resolve them.
    pub fn parse(spelling: &str) -> Result<SqlType, Error> {
        SqlType::parse_with(spelling, &|_| None)
    }

    /// Parses one type spelling, resolving a bare name that is not a built-in type through
    /// `resolve` (the enum types a spec declares).
    pub fn parse_with(spelling: &str, resolve: &dyn Fn(&str) -> Option<SqlType>) -> Result<SqlType, Error> {
        let type_error = |message: String| Error::Type { spelling: spelling.to_string(), message };
        let tokens = Tokenizer::new(&DuckDbDialect {}, spelling)
            .tokenize()
            .map_err(|e| type_error(e.message))?
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .collect::<Vec<_>>();
        let (ty, used) = parse_type_prefix(&tokens, resolve).map_err(type_error)?;
        match tokens.get(used) {
            None => Ok(ty),
            Some(token) => Err(type_error(format!("unexpected `{token}` after the type"))),
        }
    }

    /// True for the types whose values are integers of at most 64 bits.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            SqlType::TinyInt
                | SqlType::SmallInt
                | SqlType::Integer
                | SqlType::BigInt
                | SqlType::UTinyInt
                | SqlType::USmallInt
                | SqlType::UInteger
                | SqlType::UBigInt
        )
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let simple = match self {
            SqlType::Boolean => "BOOLEAN",
            SqlType::TinyInt => "TINYINT",
            SqlType::SmallInt => "SMALLINT",
            SqlType::Integer => "INTEGER",
            SqlType::BigInt => "BIGINT",
            SqlType::HugeInt => "HUGEINT",
            SqlType::UTinyInt => "UTINYINT",
            SqlType::USmallInt => "USMALLINT",
            SqlType::UInteger => "UINTEGER",
            SqlType::UBigInt => "UBIGINT",
            SqlType::UHugeInt => "UHUGEINT",
            SqlType::Float => "FLOAT",
            SqlType::Double => "DOUBLE",
            SqlType::Varchar => "VARCHAR",
            SqlType::Blob => "BLOB",
            SqlType::Bit => "BIT",
            SqlType::BigNum => "BIGNUM",
            SqlType::Date => "DATE",
            SqlType::Time => "TIME",
            SqlType::TimeTz => "TIME WITH TIME ZONE",
            SqlType::Timestamp => "TIMESTAMP",
            SqlType::TimestampS => "TIMESTAMP_S",
            SqlType::TimestampMs => "TIMESTAMP_MS",
            SqlType::TimestampNs => "TIMESTAMP_NS",
            SqlType::TimestampTz => "TIMESTAMP WITH TIME ZONE",
            SqlType::Interval => "INTERVAL",
            SqlType::Uuid => "UUID",
            SqlType::Json => "JSON",
            SqlType::TimeNs => "TIME_NS",
            SqlType::TimestampTzNs => "TIMESTAMPTZ_NS",
            SqlType::Variant => "VARIANT",
            SqlType::Null => "\"NULL\"",
            SqlType::Inferred => "(inferred)",
            SqlType::Geometry(None) => "GEOMETRY",
            SqlType::Geometry(Some(crs)) => return write!(f, "GEOMETRY('{}')", crs.replace('\'', "''")),
            SqlType::Tuple(members) => {
                f.write_str("TUPLE(")?;
                for (i, member) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{member}")?;
                }
                return f.write_str(")");
            }
            SqlType::Decimal { width, scale } => return write!(f, "DECIMAL({width},{scale})"),
            SqlType::List(inner) => return write!(f, "{inner}[]"),
            SqlType::Array(inner, size) => return write!(f, "{inner}[{size}]"),
            SqlType::Map(key, value) => return write!(f, "MAP({key}, {value})"),
            SqlType::Struct(fields) => return write_fields(f, "STRUCT", fields),
            SqlType::Union(members) => return write_fields(f, "UNION", members),
            SqlType::Enum(values) => {
                f.write_str("ENUM(")?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "'{}'", value.replace('\'', "''"))?;
                }
                return f.write_str(")");
            }
        };
        f.write_str(simple)
    }
}

fn write_fields(f: &mut fmt::Formatter<'_>, kind: &str, fields: &[(String, SqlType)]) -> fmt::Result {
    write!(f, "{kind}(")?;
    for (i, (name, ty)) in fields.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{} {ty}", quote_ident(name))?;
    }
    f.write_str(")")
}

/// The type at the start of `tokens` (whitespace already removed) and how many tokens it took.
/// The statement parser reads a column's type this way and goes on after it.
pub(crate) fn parse_type_prefix(
    tokens: &[Token],
    resolve: &dyn Fn(&str) -> Option<SqlType>,
) -> Result<(SqlType, usize), String> {
    let mut parser = TypeParser { tokens, position: 0, depth: 0, resolve };
    let ty = parser.parse_type()?;
    Ok((ty, parser.position))
}

/// Recursive descent over the tokens of one type spelling.
struct TypeParser<'a> {
    tokens: &'a [Token],
    position: usize,
    /// Nesting depth, bounded so hostile input cannot exhaust the stack.
    depth: usize,
    resolve: &'a dyn Fn(&str) -> Option<SqlType>,
}

/// Deeper nesting than this is rejected (DuckDB itself stops far earlier in practice).
const MAX_TYPE_DEPTH: usize = 64;

type Parsed<T> = Result<T, String>;

impl TypeParser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        if token.is_some() {
            self.position += 1;
        }
        token
    }

    fn eat(&mut self, expected: &Token) -> bool {
        if self.peek() == Some(expected) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, expected: &Token) -> Parsed<()> {
        match self.next() {
            Some(ref token) if token == expected => Ok(()),
            Some(token) => Err(format!("expected `{expected}`, found `{token}`")),
            None => Err(format!("expected `{expected}`, found the end")),
        }
    }

    /// The next token as an unquoted word, upper-cased.
    fn peek_keyword(&self) -> Option<String> {
        match self.peek() {
            Some(Token::Word(word)) if word.quote_style.is_none() => Some(word.value.to_uppercase()),
            _ => None,
        }
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        if self.peek_keyword().as_deref() == Some(keyword) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    fn expect_keyword(&mut self, keyword: &str) -> Parsed<()> {
        if self.eat_keyword(keyword) {
            Ok(())
        } else {
            Err(format!("expected `{keyword}`"))
        }
    }

    fn number(&mut self) -> Parsed<u64> {
        match self.next() {
            Some(Token::Number(digits, _)) => {
                digits.parse().map_err(|_| format!("`{digits}` is not a whole number"))
            }
            Some(token) => Err(format!("expected a number, found `{token}`")),
            None => Err("expected a number, found the end".to_string()),
        }
    }

    /// `( n [, n]* )` or `()` when present.
    fn modifiers(&mut self) -> Parsed<Vec<u64>> {
        let mut values = Vec::new();
        if self.eat(&Token::LParen) {
            if self.eat(&Token::RParen) {
                return Ok(values);
            }
            loop {
                values.push(self.number()?);
                if !self.eat(&Token::Comma) {
                    break;
                }
            }
            self.expect(&Token::RParen)?;
        }
        Ok(values)
    }

    fn parse_type(&mut self) -> Parsed<SqlType> {
        self.depth += 1;
        if self.depth > MAX_TYPE_DEPTH {
            return Err(format!("the type nests deeper than {MAX_TYPE_DEPTH} levels"));
        }
        let ty = self.parse_postfix();
        self.depth -= 1;
        ty
    }

    fn parse_postfix(&mut self) -> Parsed<SqlType> {
        let mut ty = self.parse_base()?;
        // Postfix list and array markers: `T[]`, `T[3]`, `T[][2]`; also the SQL-standard `T ARRAY`.
        loop {
            if self.eat(&Token::LBracket) {
                if self.eat(&Token::RBracket) {
                    ty = SqlType::List(Box::new(ty));
                } else {
                    let size = self.number()?;
                    self.expect(&Token::RBracket)?;
                    let size = u32::try_from(size)
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("array size {size} is out of range"))?;
                    ty = SqlType::Array(Box::new(ty), size);
                }
            } else if self.eat_keyword("ARRAY") {
                ty = SqlType::List(Box::new(ty));
            } else {
                return Ok(ty);
            }
        }
    }

    fn field_name(&mut self) -> Parsed<String> {
        match self.next() {
            Some(Token::Word(word)) => Ok(word.value),
            Some(Token::DoubleQuotedString(name)) => Ok(name),
            Some(token) => Err(format!("expected a field name, found `{token}`")),
            None => Err("expected a field name, found the end".to_string()),
        }
    }

    fn fields(&mut self, kind: &str) -> Parsed<Vec<(String, SqlType)>> {
        self.expect(&Token::LParen)?;
        let mut fields: Vec<(String, SqlType)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            let name = self.field_name()?;
            if !seen.insert(name.to_ascii_lowercase()) {
                return Err(format!("duplicate {kind} field `{name}`"));
            }
            let ty = self.parse_type()?;
            fields.push((name, ty));
            if !self.eat(&Token::Comma) {
                break;
            }
        }
        self.expect(&Token::RParen)?;
        Ok(fields)
    }

    fn parse_base(&mut self) -> Parsed<SqlType> {
        let (name, quoted) = match self.next() {
            Some(Token::Word(word)) => (word.value, word.quote_style.is_some()),
            Some(token) => return Err(format!("expected a type name, found `{token}`")),
            None => return Err("expected a type name, found the end".to_string()),
        };
        // `schema.name`: a type the spec created in that schema.
        if self.peek() == Some(&Token::Period) {
            if let Some(Token::Word(type_name)) = self.tokens.get(self.position + 1).cloned() {
                self.position += 2;
                let qualified = format!("{name}.{}", type_name.value);
                return (self.resolve)(&qualified).ok_or_else(|| format!("unknown type `{qualified}`"));
            }
        }
        let upper = name.to_uppercase();
        if quoted {
            // A quoted name is still a built-in type, case-insensitively (`"integer"`), or the
            // NULL type, or a user type.
            if upper == "NULL" {
                return Ok(SqlType::Null);
            }
            return simple_type(&upper)
                .or_else(|| (self.resolve)(&name))
                .ok_or_else(|| format!("unknown type `{name}`"));
        }
        let ty = match upper.as_str() {
            "STRUCT" | "ROW" => SqlType::Struct(self.fields("struct")?),
            "UNION" => SqlType::Union(self.fields("union")?),
            "TUPLE" => {
                self.expect(&Token::LParen)?;
                let mut members = vec![self.parse_type()?];
                while self.eat(&Token::Comma) {
                    members.push(self.parse_type()?);
                }
                self.expect(&Token::RParen)?;
                SqlType::Tuple(members)
            }
            "GEOMETRY" => {
                let mut crs = None;
                if self.eat(&Token::LParen) {
                    match self.next() {
                        Some(Token::SingleQuotedString(text)) => crs = Some(text),
                        Some(token) => {
                            return Err(format!(
                                "expected a coordinate system such as 'OGC:CRS84', found `{token}`"
                            ))
                        }
                        None => return Err("expected a coordinate system, found the end".to_string()),
                    }
                    self.expect(&Token::RParen)?;
                }
                SqlType::Geometry(crs)
            }
            "INTERVAL" => {
                // Interval fields (`INTERVAL YEAR TO MONTH`) do not change the type.
                for _ in 0..3 {
                    if !["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO"]
                        .iter()
                        .any(|field| self.eat_keyword(field))
                    {
                        break;
                    }
                }
                SqlType::Interval
            }
            "MAP" => {
                self.expect(&Token::LParen)?;
                let key = self.parse_type()?;
                self.expect(&Token::Comma)?;
                let value = self.parse_type()?;
                self.expect(&Token::RParen)?;
                SqlType::Map(Box::new(key), Box::new(value))
            }
            "ENUM" => {
                self.expect(&Token::LParen)?;
                if let Some(Token::Word(word)) = self.peek() {
                    let query = ["SELECT", "WITH", "FROM", "VALUES", "TABLE"];
                    if word.quote_style.is_none() && query.iter().any(|k| word.value.eq_ignore_ascii_case(k))
                    {
                        return Err("an ENUM whose labels a query gives (`ENUM (SELECT …)`) cannot be \
                                    governed: DuckDB takes them from the data when the statement runs, \
                                    while a spec states its schema; list the labels (`ENUM ('a', 'b')`; \
                                    `SELECT enum_range(NULL::the_type)` prints a database's)"
                            .to_string());
                    }
                }
                let mut values: Vec<String> = Vec::new();
                // Duplicates found by a set: a list search made 100,000 labels take a minute.
                let mut seen = std::collections::HashSet::new();
                loop {
                    match self.next() {
                        Some(Token::SingleQuotedString(value)) => {
                            if !seen.insert(value.clone()) {
                                return Err(format!("duplicate enum value '{value}'"));
                            }
                            values.push(value)
                        }
                        Some(token) => return Err(format!("expected an enum value, found `{token}`")),
                        None => return Err("expected an enum value, found the end".to_string()),
                    }
                    if !self.eat(&Token::Comma) {
                        break;
                    }
                }
                self.expect(&Token::RParen)?;
                SqlType::Enum(values)
            }
            "DECIMAL" | "NUMERIC" | "DEC" => {
                let modifiers = self.modifiers()?;
                let (width, scale) = match modifiers.as_slice() {
                    [] => (18, 3),
                    [width] => (*width, 0),
                    [width, scale] => (*width, *scale),
                    _ => return Err("DECIMAL takes at most a width and a scale".to_string()),
                };
                if !(1..=38).contains(&width) {
                    return Err(format!("DECIMAL width {width} must be between 1 and 38"));
                }
                if scale > width {
                    return Err(format!("DECIMAL scale {scale} must not exceed the width {width}"));
                }
                SqlType::Decimal { width: width as u8, scale: scale as u8 }
            }
            "FLOAT"
                if self.tokens.get(self.position + 1) == Some(&Token::RParen)
                    && self.peek() == Some(&Token::LParen) =>
            {
                return Err("FLOAT() needs a precision between 1 and 53, or no parentheses".to_string());
            }
            "FLOAT" => match self.modifiers()?.as_slice() {
                [] => SqlType::Float,
                [1..=24] => SqlType::Float,
                [25..=53] => SqlType::Double,
                other => return Err(format!("FLOAT precision {other:?} must be between 1 and 53")),
            },
            "DOUBLE" => {
                self.eat_keyword("PRECISION");
                SqlType::Double
            }
            "VARCHAR" | "CHAR" | "BPCHAR" | "TEXT" | "STRING" | "NVARCHAR" | "NCHAR" => {
                self.modifiers()?;
                SqlType::Varchar
            }
            "CHARACTER" => {
                self.eat_keyword("VARYING");
                self.modifiers()?;
                SqlType::Varchar
            }
            "TIME" => {
                self.modifiers()?;
                if self.time_zone()? {
                    SqlType::TimeTz
                } else {
                    SqlType::Time
                }
            }
            "TIMESTAMP" => {
                let precision = self.modifiers()?;
                let with_zone = self.time_zone()?;
                match (precision.as_slice(), with_zone) {
                    (_, true) => SqlType::TimestampTz,
                    ([], false) => SqlType::Timestamp,
                    ([0], false) => SqlType::TimestampS,
                    ([1..=3], false) => SqlType::TimestampMs,
                    ([4..=6], false) => SqlType::Timestamp,
                    ([7..=9], false) => SqlType::TimestampNs,
                    (other, false) => {
                        return Err(format!("TIMESTAMP precision {other:?} must be between 0 and 9"))
                    }
                }
            }
            _ => {
                let simple = simple_type(&upper);
                match simple {
                    Some(ty) => ty,
                    None => (self.resolve)(&name).ok_or_else(|| format!("unknown type `{name}`"))?,
                }
            }
        };
        Ok(ty)
    }

    /// `WITH TIME ZONE` (true), `WITHOUT TIME ZONE` or nothing (false).
    fn time_zone(&mut self) -> Parsed<bool> {
        let with = if self.eat_keyword("WITH") {
            true
        } else if self.eat_keyword("WITHOUT") {
            false
        } else {
            return Ok(false);
        };
        self.expect_keyword("TIME")?;
        self.expect_keyword("ZONE")?;
        Ok(with)
    }
}

/// Types spelled by one word with no modifiers.
fn simple_type(upper: &str) -> Option<SqlType> {
    Some(match upper {
        "BOOLEAN" | "BOOL" | "LOGICAL" => SqlType::Boolean,
        "TINYINT" | "INT1" => SqlType::TinyInt,
        "SMALLINT" | "INT2" | "INT16" | "SHORT" => SqlType::SmallInt,
        "INTEGER" | "INT" | "INT4" | "INT32" | "SIGNED" | "INTEGRAL" => SqlType::Integer,
        "BIGINT" | "INT8" | "INT64" | "LONG" | "OID" => SqlType::BigInt,
        "HUGEINT" | "INT128" => SqlType::HugeInt,
        "UTINYINT" | "UINT8" => SqlType::UTinyInt,
        "USMALLINT" | "UINT16" => SqlType::USmallInt,
        "UINTEGER" | "UINT32" => SqlType::UInteger,
        "UBIGINT" | "UINT64" => SqlType::UBigInt,
        "UHUGEINT" | "UINT128" => SqlType::UHugeInt,
        "REAL" | "FLOAT4" => SqlType::Float,
        "FLOAT8" => SqlType::Double,
        "BLOB" | "BYTEA" | "BINARY" | "VARBINARY" => SqlType::Blob,
        "BIT" | "BITSTRING" => SqlType::Bit,
        "BIGNUM" | "VARINT" => SqlType::BigNum,
        "DATE" => SqlType::Date,
        "TIMETZ" => SqlType::TimeTz,
        "DATETIME" | "TIMESTAMP_US" => SqlType::Timestamp,
        "TIMESTAMP_S" => SqlType::TimestampS,
        "TIMESTAMP_MS" => SqlType::TimestampMs,
        "TIMESTAMP_NS" => SqlType::TimestampNs,
        "TIMESTAMPTZ" => SqlType::TimestampTz,
        "TIMESTAMPTZ_NS" => SqlType::TimestampTzNs,
        "TIME_NS" => SqlType::TimeNs,
        "UUID" | "GUID" => SqlType::Uuid,
        "JSON" => SqlType::Json,
        "VARIANT" => SqlType::Variant,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(spelling: &str) -> String {
        SqlType::parse(spelling).unwrap_or_else(|e| panic!("{spelling}: {e}")).to_string()
    }

    #[test]
    fn aliases_normalize() {
        for (spelling, expected) in [
            ("int4", "INTEGER"),
            ("TEXT", "VARCHAR"),
            ("varchar(20)", "VARCHAR"),
            ("NUMERIC", "DECIMAL(18,3)"),
            ("DECIMAL(4)", "DECIMAL(4,0)"),
            ("timestamptz", "TIMESTAMP WITH TIME ZONE"),
            ("TIMESTAMP(3)", "TIMESTAMP_MS"),
            ("FLOAT(40)", "DOUBLE"),
            ("INT[][]", "INTEGER[][]"),
            ("int[3]", "INTEGER[3]"),
            ("STRUCT(a int, \"B c\" text)", "STRUCT(a INTEGER, \"B c\" VARCHAR)"),
            ("map(text, int[])", "MAP(VARCHAR, INTEGER[])"),
            ("UNION(n int, s text)", "UNION(n INTEGER, s VARCHAR)"),
            ("enum('a', 'it''s')", "ENUM('a', 'it''s')"),
            ("double precision", "DOUBLE"),
            ("time with time zone", "TIME WITH TIME ZONE"),
            ("timestamp without time zone", "TIMESTAMP"),
        ] {
            assert_eq!(canonical(spelling), expected, "{spelling}");
        }
    }

    #[test]
    fn canonical_spelling_is_a_fixed_point() {
        for spelling in ["STRUCT(a INTEGER[], b MAP(VARCHAR, DOUBLE))[2]", "DECIMAL(10,2)"] {
            let once = canonical(spelling);
            assert_eq!(canonical(&once), once);
        }
    }

    #[test]
    fn bad_spellings_are_errors() {
        for spelling in [
            "",
            "DECIMAL(40,2)",
            "DECIMAL(4,5)",
            "INT[0]",
            "mood",
            "INTEGER INTEGER",
            "STRUCT(a INT, a INT)",
            "MAP(INT)",
        ] {
            assert!(SqlType::parse(spelling).is_err(), "{spelling} should be rejected");
        }
    }

    #[test]
    fn named_types_resolve() {
        let mood = SqlType::Enum(vec!["sad".into(), "ok".into()]);
        let resolve = |name: &str| (name == "mood").then(|| mood.clone());
        assert_eq!(SqlType::parse_with("mood[]", &resolve).unwrap(), SqlType::List(Box::new(mood.clone())));
    }
}

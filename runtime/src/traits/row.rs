//! [`Row`]: the shape of one result row of a checked query (`duckspec::query_as!`), what
//! `#[derive(duckspec::Row)]` implements. A table is written and read whole; a row is whatever a
//! query returns (an aggregate, a join, a few columns), matched to the struct's fields by name.

use super::Rows;

/// One result row of a checked query. Implement it with `#[derive(duckspec::Row)]`: every field
/// is a column of the query's result, matched **by name** (a field `p95_ms` takes the column
/// `p95_ms`; write `AS p95_ms` in the SQL), in any order. `duckspec::query_as!` checks at compile
/// time that the query returns exactly these columns with these types. `#[column(name = "…")]`
/// on a field names its column when the field's own name is not it (`#[column(name =
/// "Owner Name")] owner: String`). A field's type is one of the type table's, an `Option` of one,
/// a `#[derive(SqlEnum)]` enum or a `Vec`/array of them (`Vec<Status>` reads `ENUM(…)[]`), or a
/// `String` for a type no Rust type holds (a STRUCT, a MAP: DuckDB's text of the value).
///
/// ```
/// #[derive(duckspec::Row, Debug)]
/// pub struct ToolP95 {
///     pub tool: String,
///     pub p95_ms: f64,
///     pub jobs: i64,
///     pub device: Option<String>, // NULL reads as None; into a non-Option field it is an error
/// }
///
/// use duckspec::Row;
/// assert_eq!(ToolP95::COLUMNS[1].name, "p95_ms");
/// assert_eq!(ToolP95::COLUMNS[1].sql_type, "DOUBLE");
/// assert!(ToolP95::COLUMNS[3].nullable);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a query result row",
    label = "not a `#[derive(Row)]` struct",
    note = "derive it: `#[derive(duckspec::Row)] struct …`; its fields are the query's columns, by name"
)]
pub trait Row: Sized + 'static + Rows {
    /// The struct's name (in messages).
    const NAME: &'static str;
    /// Every field, in declaration order.
    const COLUMNS: &'static [RowColumn];
}

/// One field of a [`Row`]: the result column it takes and the SQL type its Rust type holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowColumn {
    /// The column's name (the field's name).
    pub name: &'static str,
    /// The SQL type the field's Rust type holds, as DuckDB spells it (`DOUBLE`, `VARCHAR[]`,
    /// `ENUM('a', 'b')`); `DECIMAL` for a `rust_decimal::Decimal` (any width and scale).
    pub sql_type: &'static str,
    /// The field's Rust type, as written (in messages).
    pub rust_type: &'static str,
    /// Whether the field is an `Option` (a NULL reads as `None`).
    pub nullable: bool,
}

//! The compile-time half of a checked query: `duckspec::query_as!` asked DuckDB, inside the
//! compiler, what the query returns (each column's name and type); the `const` it emits calls
//! [`check_row`] with that answer and the [`Row`]'s fields, and a mismatch stops the build with a
//! message built here, in `const` code, naming the column, the field and what to write. Matching
//! is by name, as sqlx's `FromRow` does: every field is a column of the result, every column is a
//! field, each field's Rust type holds its column's SQL type (a `String` holds DuckDB's text of a
//! type no Rust type of the type table holds).

use crate::traits::{Row, RowColumn};

/// One column of a query's result, as DuckDB reported it when the query was checked. Generated.
#[derive(Clone, Copy, Debug)]
pub struct ResultColumn {
    /// The column's name.
    pub name: &'static str,
    /// Its SQL type, as DuckDB spells it.
    pub sql_type: &'static str,
    /// The Rust type to declare for it (the type table's), for messages; empty when none maps.
    pub suggest: &'static str,
}

/// Panics (a compile error, in a `const`) unless the fields of `R` are exactly the columns of
/// `columns`, by name, each holding its column's type. `listed` is the columns' names, for
/// messages.
pub const fn check_row<R: Row>(columns: &[ResultColumn], listed: &str) {
    let mut i = 0;
    while i < columns.len() {
        let column = &columns[i];
        match field_named::<R>(column.name) {
            Some(field) => {
                // A type with no Rust counterpart (STRUCT, MAP, INTERVAL, an ENUM read without a
                // `SqlEnum`) reads into a `String` as DuckDB's text of the value, as codegen declares
                // such a table column.
                let as_text =
                    column.suggest.is_empty() && crate::__private_0_1_0::str_eq(field.sql_type, "VARCHAR");
                if !as_text && !holds(field.sql_type, column.sql_type) {
                    let message = Message::new()
                        .push(column.name)
                        .push(" is ")
                        .push(column.sql_type)
                        .push(", field ")
                        .push(R::NAME)
                        .push("::")
                        .push(field.name)
                        .push(" is ")
                        .push(field.rust_type);
                    let message = if starts_with(field.sql_type, "ENUM(") {
                        message.push(", which holds ").push(field.sql_type).push(
                            ": the enum's labels are not the column's; make them the same (`#[sql(rename = \"…\")]` on a variant)",
                        )
                    } else if column.suggest.is_empty() {
                        message.push(
                            "; no Rust type of the type table holds it: declare it String (DuckDB's text of the value), or CAST the column in the query",
                        )
                    } else if field.nullable {
                        message.push("; declare it Option<").push(column.suggest).push(">")
                    } else {
                        message.push("; declare it ").push(column.suggest)
                    };
                    message.fail();
                }
            }
            None => {
                let message = Message::new()
                    .push("the query returns column ")
                    .push(column.name)
                    .push(" (")
                    .push(column.sql_type)
                    .push("), which ")
                    .push(R::NAME)
                    .push(" has no field for; add the field")
                    .push(if column.suggest.is_empty() { "" } else { " `pub " })
                    .push(if column.suggest.is_empty() { "" } else { column.name })
                    .push(if column.suggest.is_empty() { "" } else { ": " })
                    .push(column.suggest)
                    .push(if column.suggest.is_empty() { "" } else { "`" })
                    .push(", or leave the column out of the SELECT list");
                message.fail();
            }
        }
        i += 1;
    }
    let mut j = 0;
    while j < R::COLUMNS.len() {
        let field = &R::COLUMNS[j];
        if !returned(columns, field.name) {
            Message::new()
                .push("field ")
                .push(R::NAME)
                .push("::")
                .push(field.name)
                .push(" is not a column of the query's result (")
                .push(listed)
                .push("); select a column named ")
                .push(field.name)
                .push(" (`… AS ")
                .push(field.name)
                .push("`) or remove the field")
                .fail();
        }
        j += 1;
    }
}

const fn field_named<R: Row>(name: &str) -> Option<&'static RowColumn> {
    let mut j = 0;
    while j < R::COLUMNS.len() {
        if crate::__private_0_1_0::str_eq(R::COLUMNS[j].name, name) {
            return Some(&R::COLUMNS[j]);
        }
        j += 1;
    }
    None
}

const fn returned(columns: &[ResultColumn], name: &str) -> bool {
    let mut i = 0;
    while i < columns.len() {
        if crate::__private_0_1_0::str_eq(columns[i].name, name) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a field holding `field` (a [`RowColumn::sql_type`]) reads a column of type `column`:
/// the same spelling, or any DECIMAL for a `rust_decimal::Decimal` field.
pub const fn holds(field: &str, column: &str) -> bool {
    if crate::__private_0_1_0::str_eq(field, column) {
        return true;
    }
    crate::__private_0_1_0::str_eq(field, "DECIMAL") && starts_with(column, "DECIMAL(")
}

const fn starts_with(text: &str, prefix: &str) -> bool {
    let (text, prefix) = (text.as_bytes(), prefix.as_bytes());
    if text.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if text[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A message assembled in `const` code (no allocation there): up to 1 KiB, cut at a character
/// boundary beyond that.
struct Message {
    bytes: [u8; 1024],
    len: usize,
}

impl Message {
    const fn new() -> Message {
        Message { bytes: [0; 1024], len: 0 }
    }

    const fn push(mut self, text: &str) -> Message {
        let text = text.as_bytes();
        let mut i = 0;
        while i < text.len() && self.len < self.bytes.len() {
            self.bytes[self.len] = text[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn fail(&self) -> ! {
        let (mut head, _) = self.bytes.split_at(self.len);
        // Cut back to a character boundary if the buffer filled up mid-character.
        loop {
            match core::str::from_utf8(head) {
                Ok(text) => panic!("{}", text),
                Err(_) => head = head.split_at(head.len() - 1).0,
            }
        }
    }
}

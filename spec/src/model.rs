//! The schema model: what a spec file, a struct, or a live database says a schema is.

use std::fmt;
use std::sync::Arc;

use crate::error::Location;
use crate::types::SqlType;

/// Where a schema came from; names the side in drift messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A spec file, as the user named it.
    Spec(Arc<str>),
    /// A live database file (or `:memory:`).
    Database(String),
    /// Rust definitions (`#[derive(Table)]` structs).
    Code,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Spec(path) => f.write_str(path),
            Origin::Database(path) => write!(f, "database {path}"),
            Origin::Code => f.write_str("code"),
        }
    }
}

/// A whole schema: tables (in declaration order), sequences and indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Where it came from.
    pub origin: Origin,
    /// Tables in the order they were declared.
    pub tables: Vec<TableDef>,
    /// `CREATE SEQUENCE` statements.
    pub sequences: Vec<SequenceDef>,
    /// `CREATE INDEX` statements.
    pub indexes: Vec<IndexDef>,
}

impl Schema {
    /// An empty schema.
    pub fn new(origin: Origin) -> Self {
        Schema { origin, tables: Vec::new(), sequences: Vec::new(), indexes: Vec::new() }
    }

    /// The table called `name` (DuckDB identifiers are case-insensitive).
    pub fn table(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// Tables ordered so that every table comes after the tables its foreign keys reference
    /// (declaration order otherwise), the order in which they can be created.
    pub fn tables_in_dependency_order(&self) -> Vec<&TableDef> {
        let mut ordered: Vec<&TableDef> = Vec::with_capacity(self.tables.len());
        let mut remaining: Vec<&TableDef> = self.tables.iter().collect();
        while !remaining.is_empty() {
            let ready = remaining.iter().position(|table| {
                table.foreign_keys.iter().all(|fk| {
                    fk.table.eq_ignore_ascii_case(&table.name)
                        || ordered.iter().any(|t| t.name.eq_ignore_ascii_case(&fk.table))
                        || !remaining.iter().any(|t| t.name.eq_ignore_ascii_case(&fk.table))
                })
            });
            // A reference cycle cannot be created in any order; keep declaration order for it.
            let index = ready.unwrap_or(0);
            ordered.push(remaining.remove(index));
        }
        ordered
    }
}

/// One table.
#[derive(Clone, Debug)]
pub struct TableDef {
    /// The table name, unquoted.
    pub name: String,
    /// Columns in position order (the appender writes by position, so order matters).
    pub columns: Vec<ColumnDef>,
    /// The primary key, column-level or table-level.
    pub primary_key: Option<Key>,
    /// UNIQUE constraints, sorted by their column lists.
    pub unique: Vec<Key>,
    /// CHECK constraints, sorted by canonical expression.
    pub checks: Vec<Check>,
    /// FOREIGN KEY constraints (kept and rendered; not compared, since a struct cannot declare
    /// them).
    pub foreign_keys: Vec<ForeignKey>,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
    /// Where the table is declared.
    pub location: Option<Location>,
}

impl TableDef {
    /// A table with no columns or constraints yet.
    pub fn new(name: impl Into<String>) -> Self {
        TableDef {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            unique: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            comment: None,
            location: None,
        }
    }

    /// The column called `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Brings the table to canonical form: primary-key columns are NOT NULL, UNIQUE and CHECK
    /// constraints are sorted and deduplicated. Parsers and builders call this last.
    pub fn normalize(&mut self) {
        if let Some(key) = &self.primary_key {
            for column in &mut self.columns {
                if key.contains(&column.name) {
                    column.nullable = false;
                }
            }
        }
        self.unique.sort_by_key(|key| key.lowercase());
        self.unique.dedup_by(|a, b| a.lowercase() == b.lowercase());
        self.checks.sort_by(|a, b| a.expression.cmp(&b.expression));
        self.checks.dedup_by(|a, b| a.expression == b.expression);
    }
}

/// One column.
#[derive(Clone, Debug)]
pub struct ColumnDef {
    /// The column name, unquoted.
    pub name: String,
    /// The canonical type.
    pub sql_type: SqlType,
    /// False for NOT NULL (explicit or implied by the primary key).
    pub nullable: bool,
    /// The canonical DEFAULT expression.
    pub default: Option<String>,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
    /// Where the column is declared.
    pub location: Option<Location>,
}

impl ColumnDef {
    /// A nullable column without default or comment.
    pub fn new(name: impl Into<String>, sql_type: SqlType) -> Self {
        ColumnDef {
            name: name.into(),
            sql_type,
            nullable: true,
            default: None,
            comment: None,
            location: None,
        }
    }

    /// The type with its nullability, as drift messages show it: `BIGINT NOT NULL`.
    pub fn describe_type(&self) -> String {
        if self.nullable {
            self.sql_type.to_string()
        } else {
            format!("{} NOT NULL", self.sql_type)
        }
    }
}

/// A PRIMARY KEY or UNIQUE constraint.
#[derive(Clone, Debug)]
pub struct Key {
    /// The key's columns, in key order.
    pub columns: Vec<String>,
    /// Where the constraint is declared.
    pub location: Option<Location>,
}

impl Key {
    /// A key over `columns`.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Key { columns: columns.into_iter().map(Into::into).collect(), location: None }
    }

    /// True when `column` is part of the key (case-insensitive).
    pub fn contains(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c.eq_ignore_ascii_case(column))
    }

    pub(crate) fn lowercase(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.to_lowercase()).collect()
    }

    /// `(a, b)`, quoted as needed.
    pub fn column_list(&self) -> String {
        let quoted: Vec<String> = self.columns.iter().map(|c| crate::quote_ident(c)).collect();
        format!("({})", quoted.join(", "))
    }
}

/// A CHECK constraint.
#[derive(Clone, Debug)]
pub struct Check {
    /// The canonical expression (see [`crate::normalize_expr`]).
    pub expression: String,
    /// Where the constraint is declared.
    pub location: Option<Location>,
}

/// A FOREIGN KEY constraint.
#[derive(Clone, Debug)]
pub struct ForeignKey {
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub table: String,
    /// The referenced columns (empty: the referenced table's primary key).
    pub referenced: Vec<String>,
    /// Where the constraint is declared.
    pub location: Option<Location>,
}

/// A `CREATE SEQUENCE` statement, kept as its canonical text.
#[derive(Clone, Debug)]
pub struct SequenceDef {
    /// The sequence name.
    pub name: String,
    /// The statement, re-rendered by the parser.
    pub statement: String,
    /// Where it is declared.
    pub location: Option<Location>,
}

/// A `CREATE [UNIQUE] INDEX` statement.
#[derive(Clone, Debug)]
pub struct IndexDef {
    /// The index name.
    pub name: String,
    /// The indexed table.
    pub table: String,
    /// The indexed columns or expressions, canonical.
    pub columns: Vec<String>,
    /// `CREATE UNIQUE INDEX`.
    pub unique: bool,
    /// Where it is declared.
    pub location: Option<Location>,
}

/// Equality of content: `location` is provenance (where a definition was written), so two
/// definitions that say the same thing in different places, or one from a file and one from a
/// database, compare equal.
macro_rules! eq_ignoring_location {
    ($($ty:ident { $($field:ident),* })*) => {
        $(
            impl PartialEq for $ty {
                fn eq(&self, other: &Self) -> bool {
                    true $(&& self.$field == other.$field)*
                }
            }
            impl Eq for $ty {}
        )*
    };
}

eq_ignoring_location! {
    TableDef { name, columns, primary_key, unique, checks, foreign_keys, comment }
    ColumnDef { name, sql_type, nullable, default, comment }
    Key { columns }
    Check { expression }
    ForeignKey { columns, table, referenced }
    SequenceDef { name, statement }
    IndexDef { name, table, columns, unique }
}

//! The schema model: what a spec file, a struct, or a live database says a schema is.

use std::fmt;
use std::sync::Arc;

use crate::error::Location;
use crate::types::SqlType;

/// The schema an object belongs to when its name is not qualified.
pub const DEFAULT_SCHEMA: &str = "main";

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

/// A whole schema: schemas, named types, sequences, tables, views and indexes, each in
/// declaration order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Where it came from.
    pub origin: Origin,
    /// `CREATE SCHEMA` statements (`main` is implied and never listed).
    pub schemas: Vec<SchemaDef>,
    /// `CREATE TYPE` statements.
    pub types: Vec<TypeDef>,
    /// Tables in the order they were declared.
    pub tables: Vec<TableDef>,
    /// `CREATE SEQUENCE` statements.
    pub sequences: Vec<SequenceDef>,
    /// `CREATE VIEW` statements.
    pub views: Vec<ViewDef>,
    /// `CREATE INDEX` statements.
    pub indexes: Vec<IndexDef>,
    /// Objects of a database that duckspec could not read into this model, each with why; every
    /// other object is still here and compared.
    pub unreadable: Vec<Unreadable>,
    /// The statements of a spec file as written, in order (empty for other schemas): what DuckDB
    /// is given when a spec is loaded into it.
    pub statements: Vec<SourceStatement>,
}

/// One statement of a spec file, as written, and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceStatement {
    /// The statement's text, without its `;`.
    pub text: String,
    /// Where it starts.
    pub location: Location,
}

impl Schema {
    /// An empty schema.
    pub fn new(origin: Origin) -> Self {
        Schema {
            origin,
            schemas: Vec::new(),
            types: Vec::new(),
            tables: Vec::new(),
            sequences: Vec::new(),
            views: Vec::new(),
            indexes: Vec::new(),
            unreadable: Vec::new(),
            statements: Vec::new(),
        }
    }

    /// The table called `name` (DuckDB identifiers are case-insensitive); `name` may be
    /// schema-qualified (`analytics.events`), else it is looked up in `main`.
    pub fn table(&self, name: &str) -> Option<&TableDef> {
        let (schema, name) = split_qualified(name);
        self.tables
            .iter()
            .find(|t| t.schema.eq_ignore_ascii_case(schema) && t.name.eq_ignore_ascii_case(name))
    }

    /// The table `name` of schema `schema`.
    pub fn table_in(&self, schema: &str, name: &str) -> Option<&TableDef> {
        self.tables
            .iter()
            .find(|t| t.schema.eq_ignore_ascii_case(schema) && t.name.eq_ignore_ascii_case(name))
    }

    /// Tables ordered so that every table comes after the tables its foreign keys reference
    /// (declaration order otherwise), the order in which they can be created.
    pub fn tables_in_dependency_order(&self) -> Vec<&TableDef> {
        let mut ordered: Vec<&TableDef> = Vec::with_capacity(self.tables.len());
        let mut remaining: Vec<&TableDef> = self.tables.iter().collect();
        let is = |t: &TableDef, fk: &ForeignKey| {
            t.schema.eq_ignore_ascii_case(&fk.schema) && t.name.eq_ignore_ascii_case(&fk.table)
        };
        while !remaining.is_empty() {
            let ready = remaining.iter().position(|table| {
                table.foreign_keys.iter().all(|fk| {
                    is(table, fk) || ordered.iter().any(|t| is(t, fk)) || !remaining.iter().any(|t| is(t, fk))
                })
            });
            // A reference cycle cannot be created in any order; keep declaration order for it.
            let index = ready.unwrap_or(0);
            ordered.push(remaining.remove(index));
        }
        ordered
    }
}

/// `schema.name` → (`schema`, `name`); a bare name is in `main`.
pub fn split_qualified(name: &str) -> (&str, &str) {
    match name.split_once('.') {
        Some((schema, name)) => (schema, name),
        None => (DEFAULT_SCHEMA, name),
    }
}

/// `name`, qualified with its schema unless that is `main`, quoted as DuckDB needs.
pub fn qualified_name(schema: &str, name: &str) -> String {
    if schema.eq_ignore_ascii_case(DEFAULT_SCHEMA) {
        crate::quote_ident(name)
    } else {
        format!("{}.{}", crate::quote_ident(schema), crate::quote_ident(name))
    }
}

/// `name`, qualified with its schema unless that is `main`, unquoted (for messages).
fn display_name(schema: &str, name: &str) -> String {
    if schema.eq_ignore_ascii_case(DEFAULT_SCHEMA) {
        name.to_string()
    } else {
        format!("{schema}.{name}")
    }
}

/// One table.
#[derive(Clone, Debug)]
pub struct TableDef {
    /// The schema it belongs to (`main` unless qualified).
    pub schema: String,
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
    /// FOREIGN KEY constraints, sorted.
    pub foreign_keys: Vec<ForeignKey>,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
    /// Where the table is declared.
    pub location: Option<Location>,
}

impl TableDef {
    /// A table of schema `main` with no columns or constraints yet.
    pub fn new(name: impl Into<String>) -> Self {
        TableDef {
            schema: DEFAULT_SCHEMA.to_string(),
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

    /// The name as messages show it: `events`, or `analytics.events` outside `main`.
    pub fn display_name(&self) -> String {
        display_name(&self.schema, &self.name)
    }

    /// The name as DDL writes it: quoted as needed, qualified outside `main`.
    pub fn qualified_name(&self) -> String {
        qualified_name(&self.schema, &self.name)
    }

    /// Whether this is the table `schema.name` (case-insensitive).
    pub fn is(&self, schema: &str, name: &str) -> bool {
        self.schema.eq_ignore_ascii_case(schema) && self.name.eq_ignore_ascii_case(name)
    }

    /// Brings the table to canonical form: primary-key columns are NOT NULL, UNIQUE, CHECK and
    /// FOREIGN KEY constraints are sorted and deduplicated. Parsers and builders call this last.
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
        self.checks.sort_by_key(Check::key);
        self.checks.dedup_by(|a, b| a.key() == b.key());
        self.foreign_keys.sort_by_key(ForeignKey::key);
        self.foreign_keys.dedup_by(|a, b| a.key() == b.key());
    }
}

/// One column.
#[derive(Clone, Debug)]
pub struct ColumnDef {
    /// The column name, unquoted.
    pub name: String,
    /// The canonical type.
    pub sql_type: SqlType,
    /// The collation (`COLLATE nocase`), lower-case.
    pub collation: Option<String>,
    /// False for NOT NULL (explicit or implied by the primary key).
    pub nullable: bool,
    /// The canonical DEFAULT expression.
    pub default: Option<String>,
    /// The canonical generation expression of a generated column (`GENERATED ALWAYS AS (…)`), as
    /// DuckDB reports it: cast to the column's type. A generated column is never equal to one
    /// with a DEFAULT.
    pub generated: Option<String>,
    /// `USING COMPRESSION …`, upper-case: a storage hint DuckDB records with the table.
    pub compression: Option<String>,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
    /// Where the column is declared.
    pub location: Option<Location>,
}

impl ColumnDef {
    /// A nullable column without default, collation or comment.
    pub fn new(name: impl Into<String>, sql_type: SqlType) -> Self {
        ColumnDef {
            name: name.into(),
            sql_type,
            collation: None,
            nullable: true,
            default: None,
            generated: None,
            compression: None,
            comment: None,
            location: None,
        }
    }

    /// The type with its collation and nullability, as drift messages show it:
    /// `VARCHAR COLLATE nocase NOT NULL`.
    pub fn describe_type(&self) -> String {
        let mut text = self.sql_type.to_string();
        if let Some(collation) = &self.collation {
            text.push_str(&format!(" COLLATE {collation}"));
        }
        if !self.nullable {
            text.push_str(" NOT NULL");
        }
        text
    }

    /// The type with its collation, without nullability.
    pub fn type_with_collation(&self) -> String {
        match &self.collation {
            Some(collation) => format!("{} COLLATE {collation}", self.sql_type),
            None => self.sql_type.to_string(),
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
        self.lowercase_columns()
    }

    /// The key's columns, lower-case: what two keys are compared by.
    pub fn lowercase_columns(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.to_lowercase()).collect()
    }

    /// `(a, b)`, quoted as needed.
    pub fn column_list(&self) -> String {
        column_list(&self.columns)
    }
}

pub(crate) fn column_list(columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| crate::quote_ident(c)).collect();
    format!("({})", quoted.join(", "))
}

/// A CHECK constraint.
#[derive(Clone, Debug)]
pub struct Check {
    /// The canonical expression (see [`crate::normalize_expr`]).
    pub expression: String,
    /// Where the constraint is declared.
    pub location: Option<Location>,
}

impl Check {
    /// What two checks are compared by (see [`crate::expression_key`]).
    pub fn key(&self) -> String {
        crate::expression_key(&self.expression)
    }
}

/// A FOREIGN KEY constraint.
#[derive(Clone, Debug)]
pub struct ForeignKey {
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table's schema.
    pub schema: String,
    /// The referenced table.
    pub table: String,
    /// The referenced columns (empty: the referenced table's primary key, until resolved).
    pub referenced: Vec<String>,
    /// Where the constraint is declared.
    pub location: Option<Location>,
}

impl ForeignKey {
    /// `FOREIGN KEY (a) REFERENCES t(b)`, as drift messages and DDL show it.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "FOREIGN KEY {} REFERENCES {}",
            column_list(&self.columns),
            qualified_name(&self.schema, &self.table)
        );
        if !self.referenced.is_empty() {
            text.push_str(&column_list(&self.referenced));
        }
        text
    }

    /// What two foreign keys are compared by: columns, target table and target columns.
    pub fn key(&self) -> String {
        self.describe().to_lowercase()
    }
}

/// A `CREATE SCHEMA` statement.
#[derive(Clone, Debug)]
pub struct SchemaDef {
    /// The schema name.
    pub name: String,
    /// Where it is declared.
    pub location: Option<Location>,
}

/// A `CREATE TYPE name AS …` statement: a name for a type (an ENUM, a STRUCT, …).
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The schema it belongs to.
    pub schema: String,
    /// The type's name.
    pub name: String,
    /// What it names.
    pub sql_type: SqlType,
    /// Where it is declared.
    pub location: Option<Location>,
}

impl TypeDef {
    /// `mood` or `analytics.mood`.
    pub fn display_name(&self) -> String {
        display_name(&self.schema, &self.name)
    }
}

/// A `CREATE SEQUENCE` statement, its options resolved to the values DuckDB records.
#[derive(Clone, Debug)]
pub struct SequenceDef {
    /// The schema it belongs to.
    pub schema: String,
    /// The sequence name.
    pub name: String,
    /// `START [WITH]`.
    pub start: i64,
    /// `INCREMENT [BY]`.
    pub increment: i64,
    /// `MINVALUE`.
    pub min: i64,
    /// `MAXVALUE`.
    pub max: i64,
    /// `CYCLE`.
    pub cycle: bool,
    /// `COMMENT ON SEQUENCE`.
    pub comment: Option<String>,
    /// Where it is declared.
    pub location: Option<Location>,
}

impl SequenceDef {
    /// A sequence with DuckDB's defaults for `increment` (ascending from 1 or descending from -1).
    pub fn new(schema: impl Into<String>, name: impl Into<String>, increment: i64) -> SequenceDef {
        let (min, max) = if increment < 0 { (i64::MIN, -1) } else { (1, i64::MAX) };
        SequenceDef {
            schema: schema.into(),
            name: name.into(),
            start: if increment < 0 { max } else { min },
            increment,
            min,
            max,
            cycle: false,
            comment: None,
            location: None,
        }
    }

    /// `s` or `analytics.s`.
    pub fn display_name(&self) -> String {
        display_name(&self.schema, &self.name)
    }

    /// The options as DuckDB prints them.
    pub fn describe(&self) -> String {
        format!(
            "INCREMENT BY {} MINVALUE {} MAXVALUE {} START {} {}",
            self.increment,
            self.min,
            self.max,
            self.start,
            if self.cycle { "CYCLE" } else { "NO CYCLE" }
        )
    }
}

/// A `CREATE VIEW` statement.
#[derive(Clone, Debug)]
pub struct ViewDef {
    /// The schema it belongs to.
    pub schema: String,
    /// The view name.
    pub name: String,
    /// The statement as written; [`ViewDef::canonical`] holds DuckDB's rendering once a
    /// database has read it.
    pub sql: String,
    /// DuckDB's own rendering of the statement (`duckdb_views().sql`), which is what views are
    /// compared by; `None` for a view only parsed from a file.
    pub canonical: Option<String>,
    /// `COMMENT ON VIEW`.
    pub comment: Option<String>,
    /// Where it is declared.
    pub location: Option<Location>,
}

impl ViewDef {
    /// `v` or `analytics.v`.
    pub fn display_name(&self) -> String {
        display_name(&self.schema, &self.name)
    }
}

/// A `CREATE [UNIQUE] INDEX` statement.
#[derive(Clone, Debug)]
pub struct IndexDef {
    /// The schema it belongs to (its table's).
    pub schema: String,
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

impl IndexDef {
    /// `i` or `analytics.i`.
    pub fn display_name(&self) -> String {
        display_name(&self.schema, &self.name)
    }

    /// `UNIQUE INDEX ON t (a, (a + b))`, as drift messages show it.
    pub fn describe(&self) -> String {
        format!(
            "{}INDEX ON {} ({})",
            if self.unique { "UNIQUE " } else { "" },
            qualified_name(&self.schema, &self.table),
            self.columns.join(", ")
        )
    }
}

/// An object of a database that duckspec cannot model, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// What kind of object (`table`, `view`, …).
    pub kind: ObjectKind,
    /// Its name, qualified outside `main`.
    pub name: String,
    /// Why it could not be read (the offending type or expression and the reason).
    pub reason: String,
}

/// The kinds of schema objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// A table.
    Table,
    /// A view.
    View,
    /// An index.
    Index,
    /// A sequence.
    Sequence,
    /// A named type.
    Type,
    /// A schema.
    Schema,
}

impl ObjectKind {
    /// `table`, `view`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Table => "table",
            ObjectKind::View => "view",
            ObjectKind::Index => "index",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Type => "type",
            ObjectKind::Schema => "schema",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Equality of content: `location` is provenance (where a definition was written), so two
/// definitions that say the same thing in different places, or one from a file and one from a
/// database, compare equal. Expressions compare by [`crate::expression_key`].
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
    TableDef { schema, name, columns, primary_key, unique, checks, foreign_keys, comment }
    Key { columns }
    SchemaDef { name }
    TypeDef { schema, name, sql_type }
    SequenceDef { schema, name, start, increment, min, max, cycle, comment }
    ViewDef { schema, name, sql, canonical, comment }
    IndexDef { schema, name, table, columns, unique }
}

impl PartialEq for ColumnDef {
    fn eq(&self, other: &Self) -> bool {
        let key = |e: &Option<String>| e.as_deref().map(crate::expression_key);
        self.name == other.name
            && self.sql_type == other.sql_type
            && self.collation == other.collation
            && self.nullable == other.nullable
            && key(&self.default) == key(&other.default)
            && key(&self.generated) == key(&other.generated)
            && self.compression == other.compression
            && self.comment == other.comment
    }
}
impl Eq for ColumnDef {}

impl PartialEq for Check {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Check {}

impl PartialEq for ForeignKey {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for ForeignKey {}

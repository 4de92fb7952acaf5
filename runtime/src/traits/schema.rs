//! [`Schema`]: a set of tables checked as a whole against one spec file.

use duckspec_spec::TableDef;

use super::rows::SchemaOps;

/// A set of tables checked as a whole against one spec file: every table the spec declares is
/// covered by exactly one listed struct. Implement it with `#[derive(duckspec::Schema)]`.
///
/// ```
/// use duckspec::{Schema, Table};
///
/// #[derive(Table)]
/// #[table(name = "jobs", unchecked)]
/// struct Job {
///     id: i64,
/// }
///
/// assert_eq!(Job::NAME, "jobs");
/// ```
pub trait Schema: 'static {
    /// The spec file, as written in `#[schema(spec = "…")]`.
    const SPEC: &'static str;
    /// The table names, in dependency order (a table after the tables it references).
    const TABLES: &'static [&'static str];
    /// The canonical DDL of every table, in dependency order.
    const DDL: &'static str;
    /// Each table's name with the spec's DDL for it (the table, its comments and indexes), in
    /// dependency order.
    const TABLE_DDL: &'static [(&'static str, &'static str)];

    /// The spec's schemas, named types and sequences, one idempotent statement each, created
    /// before the tables.
    const OBJECTS_DDL: &'static [&'static str] = &[];
    /// The spec's views, one idempotent statement each, created after the tables.
    const VIEWS_DDL: &'static [&'static str] = &[];

    /// The listed tables' definitions, in dependency order.
    fn table_defs() -> Vec<&'static TableDef>;

    /// Creates every missing table (and schema, type, sequence, view and index of the spec) and
    /// verifies every existing one, in one transaction; returns how many tables it created.
    /// Idempotent: a second call, or a concurrent one, creates nothing. An existing object that
    /// differs from the code is [`Error::Drift`](crate::Error) with every difference, and nothing
    /// is created or altered. Objects the schema does not declare are left alone. Both sides are
    /// compared as DuckDB records them (the code's DDL is read back from an in-memory database),
    /// comments included: a comment that differs is drift too (`duckspec migrate` fixes it).
    fn load(conn: &duckdb::Connection) -> crate::Result<usize>
    where
        Self: SchemaOps,
    {
        <Self as SchemaOps>::load_tables(conn)
    }

    /// The drift between the code and the database, without changing anything: `Ok(())` when
    /// every existing table matches, [`Error::Drift`](crate::Error) otherwise.
    fn check(conn: &duckdb::Connection) -> crate::Result<()>
    where
        Self: SchemaOps,
    {
        <Self as SchemaOps>::check_tables(conn)
    }
}

//! Additive migrations: the statements that bring a live schema up to a spec without touching a
//! row, or the reasons that cannot be done.

use std::fmt;

use crate::diff::{diff_tables, DriftKind};
use crate::ident::quote_ident;
use crate::model::{Origin, Schema};
use crate::render::{render_comments, render_table_objects};
use crate::RESERVED_TABLE_PREFIX;

/// A change the planner will not make, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The table.
    pub table: String,
    /// The column, for column-level changes.
    pub column: Option<String>,
    /// Why the change is not additive, and what to do instead.
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "column {}.{}: {}", self.table, column, self.reason),
            None => write!(f, "table {}: {}", self.table, self.reason),
        }
    }
}

/// The plan that brings `live` to `spec`: statements to run in one transaction (empty when the
/// two agree), or every change that is not additive. Additive means: a new table, a new nullable
/// column or one with a DEFAULT (appended at the end, so positions of existing columns hold), a
/// new or changed comment. Tables only the live side has are left alone.
///
/// ```
/// use duckspec_spec::{parse_schema, plan_migration};
/// let live = parse_schema("old.sql", "CREATE TABLE t (a INTEGER NOT NULL)").unwrap();
/// let spec = parse_schema("new.sql", "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR DEFAULT 'x')").unwrap();
/// assert_eq!(plan_migration(&spec, &live).unwrap(), ["ALTER TABLE t ADD COLUMN b VARCHAR DEFAULT 'x';"]);
///
/// let spec = parse_schema("new.sql", "CREATE TABLE t (a BIGINT NOT NULL)").unwrap();
/// let refused = plan_migration(&spec, &live).unwrap_err();
/// assert!(refused[0].to_string().starts_with("column t.a: type change"));
/// ```
pub fn plan_migration(spec: &Schema, live: &Schema) -> Result<Vec<String>, Vec<Refusal>> {
    let mut statements = Vec::new();
    let mut refusals = Vec::new();
    for table in spec.tables_in_dependency_order() {
        if table.name.to_lowercase().starts_with(RESERVED_TABLE_PREFIX) {
            continue;
        }
        let Some(existing) = live.table(&table.name) else {
            statements.push(render_table_objects(spec, table).trim_end().to_string());
            continue;
        };
        let refuse = |column: Option<&str>, reason: String| Refusal {
            table: table.name.clone(),
            column: column.map(str::to_string),
            reason,
        };
        let drifts = diff_tables(table, existing, &spec.origin, &Origin::Database(String::new()));
        // A missing column is additive only if every column after it is missing too (appending
        // keeps the positions rows are written by).
        let first_missing = table.columns.iter().position(|c| existing.column(&c.name).is_none());
        for drift in &drifts {
            let column = drift.column.as_deref();
            match drift.kind {
                DriftKind::MissingColumn => {
                    let def = table.column(column.unwrap_or_default()).expect("the spec declares it");
                    let index = table.columns.iter().position(|c| c.name == def.name).unwrap_or(0);
                    let later_exist =
                        table.columns[index..].iter().any(|c| existing.column(&c.name).is_some());
                    if later_exist {
                        refusals.push(refuse(column, "a new column between existing ones would shift positions; add new columns at the end of the table".into()));
                    } else if !def.nullable && def.default.is_none() {
                        refusals.push(refuse(
                            column,
                            "a new NOT NULL column needs a DEFAULT to fill existing rows".into(),
                        ));
                    } else if table.primary_key.as_ref().is_some_and(|k| k.contains(&def.name))
                        || table.unique.iter().any(|k| k.contains(&def.name))
                    {
                        refusals.push(refuse(
                            column,
                            "a new column cannot join a key of an existing table".into(),
                        ));
                    } else {
                        let mut statement = format!(
                            "ALTER TABLE {} ADD COLUMN {} {}",
                            quote_ident(&table.name),
                            quote_ident(&def.name),
                            def.sql_type
                        );
                        if let Some(default) = &def.default {
                            statement.push_str(&format!(" DEFAULT {default}"));
                        }
                        statement.push(';');
                        statements.push(statement);
                        if !def.nullable {
                            statements.push(format!(
                                "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;",
                                quote_ident(&table.name),
                                quote_ident(&def.name)
                            ));
                        }
                    }
                }
                DriftKind::ExtraColumn => refusals.push(refuse(
                    column,
                    "the database has a column the spec does not; dropping it would lose data".into(),
                )),
                DriftKind::ColumnOrder if first_missing.is_none() => {
                    refusals.push(refuse(column, "columns are reordered; that needs a table rebuild".into()))
                }
                DriftKind::ColumnOrder => {}
                DriftKind::Type => refusals.push(refuse(
                    column,
                    format!(
                        "type change from {} to {} is not additive",
                        drift.actual_text(),
                        drift.expected_text()
                    ),
                )),
                DriftKind::Nullability => refusals.push(refuse(
                    column,
                    format!(
                        "nullability change from {} to {} is not additive",
                        drift.actual_text(),
                        drift.expected_text()
                    ),
                )),
                DriftKind::Default => refusals.push(refuse(
                    column,
                    format!(
                        "default change from {} to {} is not additive",
                        drift.actual_text(),
                        drift.expected_text()
                    ),
                )),
                DriftKind::PrimaryKey | DriftKind::Unique | DriftKind::Check => refusals.push(refuse(
                    None,
                    format!(
                        "constraint change ({} in the spec, {} in the database) is not additive",
                        drift.expected_text(),
                        drift.actual_text()
                    ),
                )),
                DriftKind::MissingTable | DriftKind::ExtraTable => {}
            }
        }
        if table.comment != existing.comment
            || table.columns.iter().any(|c| existing.column(&c.name).is_some_and(|e| e.comment != c.comment))
        {
            let comments = render_comments(table);
            if !comments.is_empty() {
                statements.push(comments.trim_end().to_string());
            }
        }
    }
    if refusals.is_empty() {
        Ok(statements)
    } else {
        Err(refusals)
    }
}

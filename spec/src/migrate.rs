//! Additive migrations: the statements that bring a live schema up to a spec without touching a
//! row, or the reasons that cannot be done.

use std::fmt;

use crate::diff::{diff_tables, DriftKind};
use crate::ident::quote_ident;
use crate::model::{ColumnDef, Origin, Schema, SchemaDef, TableDef};
use crate::render::{render_comments, render_index, render_sequence, render_table, render_type, render_view};
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
/// new or changed comment, a new schema, type, sequence, view or index. Objects only the live
/// side has are left alone.
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
    let (before, after) = missing_objects(spec, live);
    statements.extend(before);
    for table in spec.tables_in_dependency_order() {
        if table.name.to_lowercase().starts_with(RESERVED_TABLE_PREFIX) {
            continue;
        }
        let Some(existing) = live.table_in(&table.schema, &table.name) else {
            statements.push(render_table(table).trim_end().to_string());
            continue;
        };
        let refuse = |column: Option<&str>, reason: String| Refusal {
            table: table.display_name(),
            column: column.map(str::to_string),
            reason,
        };
        let drifts = diff_tables(table, existing, &spec.origin, &Origin::Database(String::new()));
        let first_missing = table.columns.iter().position(|c| existing.column(&c.name).is_none());
        let mut comments_changed = false;
        for drift in &drifts {
            let column = drift.column.as_deref();
            let change = |what: &str| {
                format!(
                    "{what} change from {} to {} is not additive",
                    drift.actual_text(),
                    drift.expected_text()
                )
            };
            match drift.kind {
                DriftKind::MissingColumn => {
                    let def = table.column(column.unwrap_or_default()).expect("the spec declares it");
                    match add_column(table, existing, def) {
                        Ok(mut added) => statements.append(&mut added),
                        Err(reason) => refusals.push(refuse(column, reason)),
                    }
                }
                DriftKind::ExtraColumn => refusals.push(refuse(
                    column,
                    "the database has a column the spec does not; dropping it would lose data".into(),
                )),
                // A missing column is additive only if every column after it is missing too
                // (appending keeps the positions rows are written by); that is judged above.
                DriftKind::ColumnOrder if first_missing.is_none() => {
                    refusals.push(refuse(column, "columns are reordered; that needs a table rebuild".into()))
                }
                DriftKind::ColumnOrder => {}
                DriftKind::Type => refusals.push(refuse(column, change("type"))),
                DriftKind::Nullability => refusals.push(refuse(column, change("nullability"))),
                DriftKind::Default => refusals.push(refuse(column, change("default"))),
                DriftKind::Generated => refusals.push(refuse(column, change("generated column"))),
                DriftKind::Compression => refusals.push(refuse(column, change("compression"))),
                DriftKind::PrimaryKey | DriftKind::Unique | DriftKind::Check | DriftKind::ForeignKey => {
                    refusals.push(refuse(
                        None,
                        format!(
                            "constraint change ({} in the spec, {} in the database) is not additive",
                            drift.expected_text(),
                            drift.actual_text()
                        ),
                    ))
                }
                DriftKind::Comment => comments_changed = true,
                DriftKind::MissingTable
                | DriftKind::ExtraTable
                | DriftKind::MissingObject
                | DriftKind::ExtraObject
                | DriftKind::Object
                | DriftKind::Unreadable => {}
            }
        }
        if comments_changed {
            let comments = render_comments(table);
            if !comments.is_empty() {
                statements.push(comments.trim_end().to_string());
            }
            // A comment removed in the spec is removed in the database too.
            if table.comment.is_none() && existing.comment.is_some() {
                statements.push(format!("COMMENT ON TABLE {} IS NULL;", table.qualified_name()));
            }
            for column in &table.columns {
                if column.comment.is_none()
                    && existing.column(&column.name).is_some_and(|c| c.comment.is_some())
                {
                    statements.push(format!(
                        "COMMENT ON COLUMN {}.{} IS NULL;",
                        table.qualified_name(),
                        quote_ident(&column.name)
                    ));
                }
            }
        }
    }
    statements.extend(after);
    // Objects that exist but differ cannot be altered in place without losing what depends on
    // them; what the live side could not read cannot be judged.
    for drift in crate::diff::diff_schemas(spec, live) {
        match drift.kind {
            DriftKind::Object => refusals.push(Refusal {
                table: format!("{} {}", drift.object, drift.table),
                column: None,
                reason: format!(
                    "its definition changed ({} in the database); drop and recreate it by hand",
                    drift.actual_text()
                ),
            }),
            DriftKind::Unreadable => refusals.push(Refusal {
                table: format!("{} {}", drift.object, drift.table),
                column: None,
                reason: format!("duckspec cannot read it ({}); migrate it by hand", drift.actual_text()),
            }),
            _ => {}
        }
    }
    if refusals.is_empty() {
        Ok(statements)
    } else {
        Err(refusals)
    }
}

/// The statements that add column `def` (missing from `existing`) to `table`, or why that is not
/// additive.
fn add_column(table: &TableDef, existing: &TableDef, def: &ColumnDef) -> Result<Vec<String>, String> {
    let index = table.columns.iter().position(|c| c.name == def.name).unwrap_or(0);
    if table.columns[index..].iter().any(|c| existing.column(&c.name).is_some()) {
        return Err("a new column between existing ones would shift positions; add new columns at the end of the table".into());
    }
    if def.generated.is_some() {
        return Err("DuckDB cannot add a generated column to an existing table; rebuild the table".into());
    }
    if !def.nullable && def.default.is_none() {
        return Err("a new NOT NULL column needs a DEFAULT to fill existing rows".into());
    }
    if table.primary_key.as_ref().is_some_and(|k| k.contains(&def.name))
        || table.unique.iter().any(|k| k.contains(&def.name))
    {
        return Err("a new column cannot join a key of an existing table".into());
    }
    let mut statement = format!(
        "ALTER TABLE {} ADD COLUMN {} {}",
        table.qualified_name(),
        quote_ident(&def.name),
        def.sql_type
    );
    if let Some(collation) = &def.collation {
        statement.push_str(&format!(" COLLATE {collation}"));
    }
    if let Some(default) = &def.default {
        statement.push_str(&format!(" DEFAULT {default}"));
    }
    statement.push(';');
    let mut statements = vec![statement];
    if !def.nullable {
        statements.push(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;",
            table.qualified_name(),
            quote_ident(&def.name)
        ));
    }
    if let Some(comment) = &def.comment {
        statements.push(format!(
            "COMMENT ON COLUMN {}.{} IS '{}';",
            table.qualified_name(),
            quote_ident(&def.name),
            comment.replace('\'', "''")
        ));
    }
    Ok(statements)
}

/// The statements that create the schemas, types and sequences (`before` the tables) and the
/// views and indexes (`after` them) the spec declares and the database lacks.
fn missing_objects(spec: &Schema, live: &Schema) -> (Vec<String>, Vec<String>) {
    let missing_schemas: Vec<&SchemaDef> = spec
        .schemas
        .iter()
        .filter(|s| !live.schemas.iter().any(|l| l.name.eq_ignore_ascii_case(&s.name)))
        .collect();
    let mut before: Vec<String> = missing_schemas
        .iter()
        .map(|s| format!("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(&s.name)))
        .collect();
    let same =
        |a: (&str, &str), b: (&str, &str)| a.0.eq_ignore_ascii_case(b.0) && a.1.eq_ignore_ascii_case(b.1);
    for def in &spec.types {
        if !live.types.iter().any(|t| same((&t.schema, &t.name), (&def.schema, &def.name))) {
            before.push(render_type(def).trim_end().to_string());
        }
    }
    for def in &spec.sequences {
        if !live.sequences.iter().any(|s| same((&s.schema, &s.name), (&def.schema, &def.name))) {
            before.push(render_sequence(def).trim_end().to_string());
        }
    }
    let mut after = Vec::new();
    for def in &spec.views {
        if !live.views.iter().any(|v| same((&v.schema, &v.name), (&def.schema, &def.name))) {
            after.push(render_view(def).trim_end().to_string());
        }
    }
    for def in &spec.indexes {
        if !live.indexes.iter().any(|i| same((&i.schema, &i.name), (&def.schema, &def.name))) {
            after.push(render_index(def).trim_end().to_string());
        }
    }
    (before, after)
}

//! Which result columns of a query are never NULL, proven from the query's text and the spec:
//! what `duckspec::query!` and `query_scalar!` use to make a field `T` instead of `Option<T>`.
//! DuckDB's API reports a result column's type but not whether it can be NULL, so this is a
//! deliberately small set of rules, each one a case DuckDB cannot make NULL; everything else is
//! "may be NULL". A wrong "never NULL" would be a run-time error, not a wrong value (the codecs
//! refuse a NULL for a non-`Option` field), but the rules stay conservative anyway.
//!
//! The rules, for a plain `SELECT` (no set operation, no `WITH`, no pipe operators) over exactly
//! one spec table (no join, no subquery, no table function, no column aliases on the table) whose
//! `GROUP BY`, if any, has no `ROLLUP`, `CUBE` or `GROUPING SETS` (they make keys NULL):
//! - a bare column (`x`, `t.x`) of the table declared NOT NULL (explicitly or by the primary
//!   key), and not generated, is never NULL; so is `*` without modifiers, column by column;
//! - `count(…)` (with or without `FILTER` or `OVER`) and `count_star()` are never NULL;
//! - a number, string or boolean literal is never NULL.

use sqlparser::ast::{
    Expr, GroupByExpr, ObjectNamePart, SelectItem, SetExpr, Statement, TableFactor, Value,
    WildcardAdditionalOptions,
};
use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::Parser;

use crate::model::{Schema, TableDef};

/// One result column of a query, as far as its text tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultNullability {
    /// The column's name as the SQL states it (an alias, a bare column, a `*` expansion); `None`
    /// where DuckDB names it (`count_star()`).
    pub name: Option<String>,
    /// Whether the column is never NULL by the rules of this module.
    pub not_null: bool,
}

/// The result columns of `sql` (one statement) in order, each with whether it is proven never
/// NULL; `None` when the statement is not a shape the rules cover (then every column may be
/// NULL). The caller checks the count and the names against what DuckDB reports before using it.
///
/// ```
/// use duckspec_spec::{parse_schema, result_nullability};
/// let spec = parse_schema("spec.sql", "CREATE TABLE t (id BIGINT PRIMARY KEY, tool VARCHAR NOT NULL, note VARCHAR);").unwrap();
/// let columns = result_nullability(&spec, "SELECT tool, note, count(*) AS n FROM t GROUP BY ALL").unwrap();
/// assert_eq!(columns.iter().map(|c| c.not_null).collect::<Vec<_>>(), [true, false, true]);
/// // The nullable side of an outer join is not covered: nothing is claimed.
/// assert!(result_nullability(&spec, "SELECT a.tool FROM t a LEFT JOIN t b ON a.id = b.id").is_none());
/// ```
pub fn result_nullability(schema: &Schema, sql: &str) -> Option<Vec<ResultNullability>> {
    let mut statements = Parser::parse_sql(&DuckDbDialect {}, sql).ok()?;
    if statements.len() != 1 {
        return None;
    }
    let Statement::Query(query) = statements.pop()? else {
        return None;
    };
    if query.with.is_some() || !query.pipe_operators.is_empty() {
        return None;
    }
    let SetExpr::Select(select) = *query.body else {
        return None;
    };
    let [from] = select.from.as_slice() else {
        return None;
    };
    if !from.joins.is_empty() || !select.lateral_views.is_empty() || !select.connect_by.is_empty() {
        return None;
    }
    let TableFactor::Table { name, alias, args: None, .. } = &from.relation else {
        return None;
    };
    let table = spec_table(schema, &name.0)?;
    let qualifier = match alias {
        Some(alias) if !alias.columns.is_empty() => return None,
        Some(alias) => alias.name.value.clone(),
        None => table.name.clone(),
    };
    if !plain_grouping(&select.group_by) {
        return None;
    }
    let mut columns = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::UnnamedExpr(expr) => columns.push(ResultNullability {
                name: bare_column(expr, &qualifier).map(str::to_string),
                not_null: not_null(expr, table, &qualifier),
            }),
            SelectItem::ExprWithAlias { expr, alias } => columns.push(ResultNullability {
                name: Some(alias.value.clone()),
                not_null: not_null(expr, table, &qualifier),
            }),
            SelectItem::Wildcard(options) if plain_wildcard(options) => {
                columns.extend(table.columns.iter().map(|column| ResultNullability {
                    name: Some(column.name.clone()),
                    not_null: !column.nullable && column.generated.is_none(),
                }))
            }
            _ => return None,
        }
    }
    Some(columns)
}

/// The spec table a `FROM` name names: `t` is `main.t`, `s.t` is schema `s`'s.
fn spec_table<'s>(schema: &'s Schema, parts: &[ObjectNamePart]) -> Option<&'s TableDef> {
    let names: Vec<&str> = parts
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(ident) => Some(ident.value.as_str()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (schema_name, table_name) = match names.as_slice() {
        [table] => ("main", *table),
        [schema, table] => (*schema, *table),
        _ => return None,
    };
    schema
        .tables
        .iter()
        .find(|t| t.schema.eq_ignore_ascii_case(schema_name) && t.name.eq_ignore_ascii_case(table_name))
}

/// Whether a `GROUP BY` keeps its keys' values: no `ROLLUP`, `CUBE`, `GROUPING SETS` or `WITH`
/// modifier anywhere in it (read from its text, so a nested one is caught too).
fn plain_grouping(group_by: &GroupByExpr) -> bool {
    let modifiers = match group_by {
        GroupByExpr::All(modifiers) => modifiers,
        GroupByExpr::Expressions(_, modifiers) => modifiers,
    };
    let text = group_by.to_string().to_ascii_uppercase();
    modifiers.is_empty() && !["ROLLUP", "CUBE", "GROUPING"].iter().any(|word| text.contains(word))
}

/// `*` with no `EXCLUDE`, `REPLACE`, `RENAME`, `ILIKE` or alias: every column of the table as is.
fn plain_wildcard(options: &WildcardAdditionalOptions) -> bool {
    options.opt_ilike.is_none()
        && options.opt_exclude.is_none()
        && options.opt_except.is_none()
        && options.opt_replace.is_none()
        && options.opt_rename.is_none()
        && options.opt_alias.is_none()
}

/// The column a bare reference names (`x`, or `q.x` where `q` is the table's name or alias).
fn bare_column<'e>(expr: &'e Expr, qualifier: &str) -> Option<&'e str> {
    match expr {
        Expr::Identifier(ident) => Some(&ident.value),
        Expr::CompoundIdentifier(parts) => match parts.as_slice() {
            [table, column] if table.value.eq_ignore_ascii_case(qualifier) => Some(&column.value),
            _ => None,
        },
        Expr::Nested(inner) => bare_column(inner, qualifier),
        _ => None,
    }
}

/// Whether `expr`, in the select list of a query over `table` alone, is never NULL.
fn not_null(expr: &Expr, table: &TableDef, qualifier: &str) -> bool {
    if let Some(name) = bare_column(expr, qualifier) {
        return table
            .columns
            .iter()
            .find(|column| column.name.eq_ignore_ascii_case(name))
            .is_some_and(|column| !column.nullable && column.generated.is_none());
    }
    match expr {
        Expr::Nested(inner) => not_null(inner, table, qualifier),
        Expr::Function(function) => match function.name.0.as_slice() {
            [ObjectNamePart::Identifier(name)] => {
                name.value.eq_ignore_ascii_case("count") || name.value.eq_ignore_ascii_case("count_star")
            }
            _ => false,
        },
        Expr::Value(value) => {
            matches!(value.value, Value::Number(..) | Value::SingleQuotedString(_) | Value::Boolean(_))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_schema;

    fn spec() -> Schema {
        parse_schema(
            "spec.sql",
            "CREATE TABLE jobs (id BIGINT PRIMARY KEY, tool VARCHAR NOT NULL, note VARCHAR,
               twice BIGINT GENERATED ALWAYS AS (id * 2));
             CREATE SCHEMA ops; CREATE TABLE ops.jobs (id BIGINT, tool VARCHAR);",
        )
        .unwrap()
    }

    fn claims(sql: &str) -> Option<Vec<bool>> {
        result_nullability(&spec(), sql).map(|columns| columns.into_iter().map(|c| c.not_null).collect())
    }

    #[test]
    fn proves_not_null_columns_counts_and_literals() {
        assert_eq!(claims("SELECT id, tool, note, twice FROM jobs"), Some(vec![true, true, false, false]));
        assert_eq!(
            claims("SELECT j.tool AS t, count(note), 1 AS one FROM jobs AS j GROUP BY j.tool"),
            Some(vec![true, true, true])
        );
        assert_eq!(
            claims("SELECT * FROM jobs WHERE note IS NULL ORDER BY id LIMIT 3"),
            Some(vec![true, true, false, false])
        );
        assert_eq!(claims("SELECT count(*) OVER (), TOOL FROM JOBS"), Some(vec![true, true]));
        assert_eq!(claims("SELECT NULL AS x, max(id) AS m FROM jobs"), Some(vec![false, false]));
        // `ops.jobs` is another table, whose columns are nullable.
        assert_eq!(claims("SELECT id FROM ops.jobs"), Some(vec![false]));
    }

    #[test]
    fn claims_nothing_for_shapes_the_rules_do_not_cover() {
        for sql in [
            "SELECT a.id FROM jobs a LEFT JOIN jobs b ON a.id = b.id",
            "SELECT id FROM jobs UNION ALL SELECT NULL",
            "WITH jobs AS (SELECT NULL AS id) SELECT id FROM jobs",
            "SELECT tool FROM jobs GROUP BY ROLLUP (tool)",
            "SELECT tool FROM jobs GROUP BY GROUPING SETS ((tool), ())",
            "SELECT tool FROM jobs GROUP BY CUBE (tool)",
            "SELECT id FROM (SELECT NULL AS id)",
            "SELECT * REPLACE (NULL AS id) FROM jobs",
            "SELECT * EXCLUDE (id) FROM jobs",
            "SELECT x FROM jobs AS j(x)",
            "SELECT id FROM range(3) AS jobs(id)",
            "SELECT id FROM nowhere",
            "SELECT id FROM jobs; SELECT id FROM jobs",
            "INSERT INTO jobs (id, tool) VALUES (1, 'a') RETURNING id",
            "not sql at all",
        ] {
            assert_eq!(claims(sql), None, "{sql}");
        }
    }
}

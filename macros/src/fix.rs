//! What to write to fix a drift, in a form a user can paste: the attribute or field for the
//! struct when the spec is right, and the spec line when the struct is.

use duckspec_spec::{quote_ident, rust_type, ColumnDef, Drift, DriftKind, Key, SqlType, TableDef};
use quote::ToTokens;

use crate::ast::{Container, Field};

/// The fix for `drift` between `spec` (expected) and the struct's table `code` (actual).
pub fn fix(drift: &Drift, container: &Container, spec: &TableDef, code: &TableDef) -> Option<String> {
    let column = drift.column.as_deref();
    let field = column.and_then(|c| container.field_for_column(c));
    let spec_column = column.and_then(|c| spec.column(c));
    let code_column = column.and_then(|c| code.column(c));
    match drift.kind {
        DriftKind::MissingColumn => spec_column.map(|c| missing_field(c, container, spec)),
        DriftKind::ExtraColumn => code_column.map(|c| {
            format!(
                "add `{}` to the spec's table {}, or remove the field",
                column_line(c),
                after_column(&c.name, code)
            )
        }),
        DriftKind::Type => {
            let (spec_column, field) = (spec_column?, field?);
            if spec_column.sql_type == code_column?.sql_type {
                // Only the collation differs.
                return Some(match &spec_column.collation {
                    Some(collation) => format!("add `#[column(collate = \"{collation}\")]`"),
                    None => "remove `collate`, or add the collation to the spec's column".to_string(),
                });
            }
            Some(type_fix(spec_column, field))
        }
        DriftKind::Nullability => {
            let (spec_column, field) = (spec_column?, field?);
            let inner = field.value_ty.to_token_stream().to_string().replace(' ', "");
            Some(if spec_column.nullable {
                format!("change the field's type to `Option<{inner}>`")
            } else {
                format!("change the field's type to `{inner}` (the spec's column is NOT NULL)")
            })
        }
        DriftKind::Default => Some(match (&spec_column?.default, &code_column?.default) {
            (Some(default), _) => format!("write `#[column(default = \"{}\")]`", escape(default)),
            (None, Some(default)) => {
                format!("remove `default`, or add `DEFAULT {default}` to the spec's column")
            }
            (None, None) => return None,
        }),
        DriftKind::Generated => Some(match &spec_column?.generated {
            Some(expression) => {
                format!("write `#[column(generated = \"{}\")]`", escape(unparenthesized(expression)))
            }
            None => "remove `generated`, or make the spec's column generated".to_string(),
        }),
        DriftKind::Compression => Some(match &spec_column?.compression {
            Some(method) => format!("add `#[column(compression = \"{}\")]`", method.to_lowercase()),
            None => "remove `compression`, or add it to the spec's column".to_string(),
        }),
        DriftKind::Comment => Some(match (column, &drift.expected) {
            (Some(_), Some(_)) => {
                format!(
                    "write `#[column(comment = \"{}\")]`",
                    escape(spec_column?.comment.as_deref().unwrap_or_default())
                )
            }
            (None, Some(_)) => format!(
                "write `#[table(comment = \"{}\")]`",
                escape(spec.comment.as_deref().unwrap_or_default())
            ),
            _ => "remove `comment`, or add the comment to the spec (`COMMENT ON …`)".to_string(),
        }),
        DriftKind::ColumnOrder => Some(format!(
            "order the fields as the spec orders its columns: {}",
            spec.columns.iter().map(|c| field_name(container, &c.name)).collect::<Vec<_>>().join(", ")
        )),
        DriftKind::PrimaryKey => Some(match &spec.primary_key {
            Some(key) => key_attribute("primary_key", key, container),
            None => "remove `primary_key`, or add the key to the spec".to_string(),
        }),
        DriftKind::Unique | DriftKind::Check | DriftKind::ForeignKey => constraint_fix(drift, container),
        _ => None,
    }
}

/// `add the field `retries: Option<i32>` after `attempts``, with the attributes it needs.
fn missing_field(column: &ColumnDef, container: &Container, spec: &TableDef) -> String {
    let ident = rust_ident(&column.name);
    let mut attributes = Vec::new();
    if ident != column.name {
        attributes.push(format!("name = \"{}\"", column.name));
    }
    let ty = match rust_type(&column.sql_type) {
        Some(ty) => {
            if let Some(sql_type) = &ty.sql_type {
                attributes.push(format!("sql_type = \"{sql_type}\""));
            }
            ty.nullable(column.nullable).text
        }
        None if matches!(column.sql_type, SqlType::Enum(_)) => {
            let ty = "YourEnum".to_string();
            if column.nullable {
                format!("Option<{ty}>")
            } else {
                ty
            }
        }
        None => {
            attributes.push(format!("sql_type = \"{}\"", column.sql_type));
            let ty = "YourType".to_string();
            if column.nullable {
                format!("Option<{ty}>")
            } else {
                ty
            }
        }
    };
    if let Some(default) = &column.default {
        attributes.push(format!("default = \"{}\"", escape(default)));
    }
    if let Some(expression) = &column.generated {
        attributes.push(format!("generated = \"{}\"", escape(expression)));
    }
    if let Some(collation) = &column.collation {
        attributes.push(format!("collate = \"{collation}\""));
    }
    let attributes =
        if attributes.is_empty() { String::new() } else { format!("#[column({})] ", attributes.join(", ")) };
    let position = spec.columns.iter().position(|c| c.name == column.name).unwrap_or(0);
    let place = match spec.columns[..position].iter().rev().find_map(|c| container.field_for_column(&c.name))
    {
        Some(previous) => format!("after `{}`", previous.ident),
        None => "as the first field".to_string(),
    };
    let note = if matches!(column.sql_type, SqlType::Enum(_)) {
        format!(" (a `#[derive(duckspec::SqlEnum)]` enum with the labels of {})", column.sql_type)
    } else {
        String::new()
    };
    format!("add the field `{attributes}{ident}: {ty}` {place}{note}")
}

fn type_fix(spec_column: &ColumnDef, field: &Field) -> String {
    match rust_type(&spec_column.sql_type) {
        Some(ty) => {
            let sql_type = ty.sql_type.clone();
            let mut fix = format!("change the field's type to `{}`", ty.nullable(spec_column.nullable).text);
            if let Some(sql_type) = sql_type {
                fix.push_str(&format!(" with `#[column(sql_type = \"{sql_type}\")]`"));
            }
            fix
        }
        None if matches!(spec_column.sql_type, SqlType::Enum(_)) => format!(
            "use a `#[derive(duckspec::SqlEnum)]` enum with the labels of {} as the field's type",
            spec_column.sql_type
        ),
        None if spec_column.sql_type == SqlType::Inferred => {
            "give the spec's generated column a type (`name TYPE AS (…)`), so it can be checked at compile time".to_string()
        }
        None => {
            let _ = field;
            format!("write `#[column(sql_type = \"{}\")]` on a field type with duckdb's `ToSql` and `FromSql`", spec_column.sql_type)
        }
    }
}

/// A UNIQUE, CHECK or FOREIGN KEY on one side only.
fn constraint_fix(drift: &Drift, container: &Container) -> Option<String> {
    match (&drift.expected, &drift.actual) {
        (Some(text), None) => {
            if let Some(expression) = text.strip_prefix("CHECK (").and_then(|t| t.strip_suffix(')')) {
                return Some(format!("add `#[table(check = \"{}\")]`", escape(unparenthesized(expression))));
            }
            if let Some(columns) = text.strip_prefix("UNIQUE ") {
                let key = Key::new(split_list(columns));
                return Some(key_attribute("unique", &key, container));
            }
            let rest = text.strip_prefix("FOREIGN KEY ")?;
            let (columns, target) = rest.split_once(" REFERENCES ")?;
            let columns = split_list(columns);
            Some(match columns.as_slice() {
                [one] => format!(
                    "add `#[column(references = \"{target}\")]` to field `{}`",
                    field_name(container, one)
                ),
                _ => format!(
                    "add `#[table(foreign_key(({}), references = \"{target}\"))]`",
                    columns.iter().map(|c| field_name(container, c)).collect::<Vec<_>>().join(", ")
                ),
            })
        }
        (None, Some(text)) => Some(format!("remove it from the struct, or add `{text}` to the spec's table")),
        _ => None,
    }
}

/// `#[table(unique(a, b))]`, or `#[column(unique)]` on the field for a one-column key.
fn key_attribute(name: &str, key: &Key, container: &Container) -> String {
    match key.columns.as_slice() {
        [one] => format!("add `#[column({name})]` to field `{}`", field_name(container, one)),
        columns => format!(
            "add `#[table({name}({}))]`",
            columns.iter().map(|c| field_name(container, c)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `(x > 0)` → `x > 0`, when the outer parentheses enclose the whole expression.
fn unparenthesized(expression: &str) -> &str {
    let Some(inner) = expression.strip_prefix('(').and_then(|e| e.strip_suffix(')')) else {
        return expression;
    };
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return expression;
        }
    }
    inner
}

/// `(a, b)` → `["a", "b"]`.
fn split_list(text: &str) -> Vec<String> {
    text.trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect()
}

/// The struct field that holds column `name`, or the column name.
fn field_name(container: &Container, name: &str) -> String {
    container.field_for_column(name).map(|f| f.ident.to_string()).unwrap_or_else(|| rust_ident(name))
}

/// A column as the spec writes it: `retries INTEGER NOT NULL DEFAULT 0`.
fn column_line(column: &ColumnDef) -> String {
    let mut line = format!("{} {}", quote_ident(&column.name), column.describe_type());
    if let Some(default) = &column.default {
        line.push_str(&format!(" DEFAULT {default}"));
    }
    if let Some(expression) = &column.generated {
        line.push_str(&format!(" GENERATED ALWAYS AS ({expression})"));
    }
    line
}

fn after_column(name: &str, table: &TableDef) -> String {
    let position = table.columns.iter().position(|c| c.name == name).unwrap_or(0);
    match position.checked_sub(1).map(|p| &table.columns[p]) {
        Some(previous) => format!("after `{}`", previous.name),
        None => "as its first column".to_string(),
    }
}

/// A column name as a Rust field name (`field` for a name with no ASCII letter or digit).
fn rust_ident(name: &str) -> String {
    duckspec_spec::names::field_name(name).unwrap_or_else(|| "field".to_string())
}

/// Text inside a Rust string literal.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

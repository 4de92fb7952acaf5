//! Validation: the struct's `TableDef`, each field's SQL type and codec, and the table's drift
//! from the spec, as located errors. Every rule is a function below with the reason it exists;
//! expansion reads only what this returns.

use duckspec_spec::{
    diff_tables, normalize_expr, split_qualified, Check, ColumnDef, Drift, DriftKind, ForeignKey, Key,
    Origin, SqlType, TableDef,
};
use quote::ToTokens;

use crate::ast::{Container, Field};
use crate::codec::Codec;
use crate::ctxt::Ctxt;
use crate::mapping::{is_decimal, map_type, Mapping};
use crate::spec_file::{self, SpecFile};

/// A field whose SQL type was taken from the spec's ENUM: the Rust type must be a `SqlEnum` with
/// exactly these labels, checked in a const assertion.
pub struct EnumAssertion<'a> {
    pub field: &'a Field<'a>,
    pub sql_type: String,
    pub spec_location: String,
}

/// One field as expansion emits it: the field and the codec that writes and reads it. Its column
/// is the entry of `Checked::table.columns` at the same position.
pub struct CheckedColumn<'a> {
    pub field: &'a Field<'a>,
    pub codec: Codec,
}

/// Everything expansion needs from a valid struct.
pub struct Checked<'a> {
    /// The table the struct declares, canonical.
    pub table: TableDef,
    pub spec: Option<SpecFile>,
    pub columns: Vec<CheckedColumn<'a>>,
    pub enums: Vec<EnumAssertion<'a>>,
}

/// Builds the struct's table definition and compares it with the spec; every problem goes into
/// `cx`. Returns what was built even when there are errors (for the stub impl's name).
pub fn check<'a>(cx: &Ctxt, container: &'a Container<'a>) -> Checked<'a> {
    let spec = spec_choice(cx, container);
    let name = container.table_name();
    // `#[table(name = "analytics.events")]` names a table of another schema.
    let spec_table = spec.as_ref().and_then(|file| file.schema.table(&name).cloned());
    if let (Some(file), None) = (&spec, &spec_table) {
        table_not_in_spec(cx, container, file, &name);
    }
    // Without a usable spec table (already an error), a type the spec would have supplied cannot
    // be judged; reporting it would only add noise.
    let spec_unusable = container.attrs.unchecked.is_none() && spec_table.is_none();

    let (schema, bare) = split_qualified(&name);
    let mut table = TableDef::new(bare);
    table.schema = schema.to_string();
    let mut columns = Vec::new();
    let mut enums = Vec::new();
    for field in &container.fields {
        if table.column(&field.column).is_some() {
            cx.error_spanned_by(field.ident, format!("column `{}` is declared twice", field.column));
            continue;
        }
        let spec_column = spec_table.as_ref().and_then(|t| t.column(&field.column));
        let Some(sql_type) = field_type(cx, container, field, spec_column, spec_unusable, &mut enums) else {
            continue;
        };
        let codec =
            Codec::for_field(field.value_ty, field.nullable, &sql_type, field.attrs.sql_type.is_some());
        let column = column_def(cx, field, sql_type, &mut table);
        table.columns.push(column);
        columns.push(CheckedColumn { field, codec });
    }
    table_constraints(cx, container, &mut table);
    table.normalize();

    if let (Some(file), Some(spec_table)) = (&spec, &spec_table) {
        if !cx.has_errors() {
            let origin = Origin::Spec(file.written.as_str().into());
            for drift in diff_tables(spec_table, &table, &origin, &Origin::Code) {
                report(cx, container, spec_table, &table, &drift);
            }
        }
    }
    Checked { table, spec, columns, enums }
}

/// A table names its governance spec or opts out with `unchecked`, never both and never neither:
/// a silent third way would be a table nobody checks.
fn spec_choice(cx: &Ctxt, container: &Container) -> Option<SpecFile> {
    let attrs = &container.attrs;
    match (&attrs.spec, &attrs.unchecked) {
        (Some(spec), None) => cx.handle(&spec.tokens, spec_file::load(&spec.value)),
        (Some(_), Some(unchecked)) => {
            cx.error_spanned_by(
                &unchecked.tokens,
                "a table is either checked against a `spec` or `unchecked`, not both",
            );
            None
        }
        (None, Some(_)) => None,
        (None, None) => {
            cx.error_spanned_by(
                container.ident,
                "a table must name its governance spec, `#[table(spec = \"spec/schema.sql\")]`, or opt out explicitly with `#[table(unchecked)]`",
            );
            None
        }
    }
}

/// A checked table must exist in its spec; the error lists what the spec does declare, since the
/// usual cause is a typo in the name.
fn table_not_in_spec(cx: &Ctxt, container: &Container, file: &SpecFile, name: &str) {
    let declared: Vec<&str> = file.schema.tables.iter().map(|t| t.name.as_str()).collect();
    cx.error_spanned_by(
        container.ident,
        format!(
            "{}: table `{name}` is not declared in the spec (it declares: {}); add it to the spec or fix `#[table(name)]`",
            file.written,
            declared.join(", ")
        ),
    );
}

/// The column a field declares: its type and nullability, its DEFAULT and comment; a field's
/// `check` and `unique` become constraints of `table`. Expressions are normalized the one way the
/// spec's are, so they compare equal when they mean the same.
fn column_def(cx: &Ctxt, field: &Field, sql_type: SqlType, table: &mut TableDef) -> ColumnDef {
    let attrs = &field.attrs;
    let mut column = ColumnDef::new(field.column.clone(), sql_type);
    column.nullable = field.nullable;
    if let Some(default) = &attrs.default {
        column.default = cx.handle(&default.tokens, normalize_expr(&default.value));
    }
    if let Some(generated) = &attrs.generated {
        generated_column(cx, field, generated);
        column.generated = cx.handle(&generated.tokens, normalize_expr(&generated.value));
        // DuckDB's generated columns are always nullable; the field reads a value either way.
        column.nullable = true;
    }
    if let Some(collate) = &attrs.collate {
        column.collation = Some(collate.value.to_lowercase());
    }
    if let Some(compression) = &attrs.compression {
        column.compression = Some(compression.value.to_uppercase());
    }
    if let Some(references) = &attrs.references {
        if let Some((schema, target, referenced)) =
            cx.handle(&references.tokens, reference(&references.value))
        {
            table.foreign_keys.push(ForeignKey {
                columns: vec![field.column.clone()],
                schema,
                table: target,
                referenced,
                location: None,
            });
        }
    }
    if let Some(check) = &attrs.check {
        if let Some(expression) = cx.handle(&check.tokens, normalize_expr(&check.value)) {
            table.checks.push(Check { expression, location: None });
        }
    }
    if attrs.unique.is_some() {
        table.unique.push(Key::new([field.column.clone()]));
    }
    column.comment = attrs.comment.as_ref().map(|c| c.value.clone());
    column
}

/// A generated column is computed by DuckDB, so nothing else may set or constrain it: DuckDB
/// refuses a DEFAULT, keys, CHECK, a collation or a foreign key on one.
fn generated_column(cx: &Ctxt, field: &Field, generated: &crate::attr::Attr<String>) {
    let attrs = &field.attrs;
    let conflicts = [
        ("default", attrs.default.is_some()),
        ("primary_key", attrs.primary_key.is_some()),
        ("unique", attrs.unique.is_some()),
        ("check", attrs.check.is_some()),
        ("collate", attrs.collate.is_some()),
        ("references", attrs.references.is_some()),
    ];
    for (name, present) in conflicts {
        if present {
            cx.error_spanned_by(
                &generated.tokens,
                format!("a `generated` column cannot also have `{name}`: DuckDB computes its value and supports no constraint on it"),
            );
        }
    }
}

/// `table(column, …)`, `table` or `schema.table(…)` as written in `references`.
fn reference(text: &str) -> Result<(String, String, Vec<String>), String> {
    let malformed =
        || format!("`references = \"{text}\"` names a table and its columns: `references = \"users(id)\"`");
    let text = text.trim();
    let (target, columns) = match text.split_once('(') {
        Some((target, rest)) => {
            let columns = rest.strip_suffix(')').ok_or_else(malformed)?;
            let columns: Vec<String> =
                columns.split(',').map(|c| c.trim().trim_matches('"').to_string()).collect();
            if columns.iter().any(String::is_empty) {
                return Err(malformed());
            }
            (target.trim(), columns)
        }
        None => (text, Vec::new()),
    };
    if target.is_empty() || target.contains(char::is_whitespace) {
        return Err(malformed());
    }
    let (schema, table) = split_qualified(target);
    Ok((schema.trim_matches('"').to_string(), table.trim_matches('"').to_string(), columns))
}

/// The table-level constraints: one primary key (on a field or on the struct, not both, and a
/// composite key only on the struct, since field order would silently decide key order), UNIQUE
/// and CHECK lists, the table comment.
fn table_constraints(cx: &Ctxt, container: &Container, table: &mut TableDef) {
    let attrs = &container.attrs;
    let field_keys: Vec<&Field> = container.fields.iter().filter(|f| f.attrs.primary_key.is_some()).collect();
    match (&attrs.primary_key, field_keys.as_slice()) {
        (Some(key), []) => table.primary_key = key_columns(cx, container, &key.value).map(Key::new),
        (None, []) => {}
        (None, [field]) => table.primary_key = Some(Key::new([field.column.clone()])),
        (None, [_, second, ..]) => cx.error_spanned_by(
            second.attrs.primary_key.as_ref().map(|k| k.tokens.clone()).unwrap_or_default(),
            "more than one field says `primary_key`; declare a composite key on the struct: `#[table(primary_key(a, b))]`",
        ),
        (Some(key), [field, ..]) => cx.error_spanned_by(
            &key.tokens,
            format!("the primary key is declared twice: here and on field `{}`", field.ident),
        ),
    }
    for unique in &attrs.unique {
        if let Some(columns) = key_columns(cx, container, &unique.value) {
            table.unique.push(Key::new(columns));
        }
    }
    for check in &attrs.checks {
        if let Some(expression) = cx.handle(&check.tokens, normalize_expr(&check.value)) {
            table.checks.push(Check { expression, location: None });
        }
    }
    for fk in &attrs.foreign_keys {
        let (idents, target) = &fk.value;
        let Some(columns) = key_columns(cx, container, idents) else { continue };
        if let Some((schema, target, referenced)) = cx.handle(&fk.tokens, reference(target)) {
            if !referenced.is_empty() && referenced.len() != columns.len() {
                cx.error_spanned_by(
                    &fk.tokens,
                    format!(
                        "the foreign key lists {} column(s) but references {}",
                        columns.len(),
                        referenced.len()
                    ),
                );
                continue;
            }
            table.foreign_keys.push(ForeignKey {
                columns,
                schema,
                table: target,
                referenced,
                location: None,
            });
        }
    }
    table.comment = attrs.comment.as_ref().map(|c| c.value.clone());
}

/// Key lists name fields (or their columns); a name that is neither is an error on that name.
fn key_columns(cx: &Ctxt, container: &Container, idents: &[syn::Ident]) -> Option<Vec<String>> {
    let mut columns = Vec::new();
    for ident in idents {
        match container.field_named(ident) {
            Some(field) => columns.push(field.column.clone()),
            None => {
                cx.error_spanned_by(ident, format!("no field or column named `{ident}` in this struct"));
                return None;
            }
        }
    }
    Some(columns)
}

/// The field's SQL type: `sql_type`, the Rust type's mapping, or (for a `SqlEnum`) the spec's.
/// A `Decimal` has no width of its own, so it must say one; a type duckspec cannot map is an
/// error at the type, naming the ways out.
fn field_type<'a>(
    cx: &Ctxt,
    container: &Container,
    field: &'a Field<'a>,
    spec_column: Option<&ColumnDef>,
    spec_unusable: bool,
    enums: &mut Vec<EnumAssertion<'a>>,
) -> Option<SqlType> {
    if let Some(sql_type) = &field.attrs.sql_type {
        return cx.handle(&sql_type.tokens, SqlType::parse(&sql_type.value));
    }
    match map_type(field.value_ty) {
        Mapping::Known(ty) => Some(ty),
        Mapping::Unknown if is_decimal(field.value_ty) => {
            cx.error_spanned_by(
                field.ty,
                "`Decimal` needs its precision and scale: add `#[column(sql_type = \"DECIMAL(18,3)\")]` with the spec's width and scale",
            );
            None
        }
        Mapping::Unknown => match spec_column {
            Some(column @ ColumnDef { sql_type: SqlType::Enum(_), .. }) => {
                enums.push(EnumAssertion {
                    field,
                    sql_type: column.sql_type.to_string(),
                    spec_location: column.location.as_ref().map(ToString::to_string).unwrap_or_default(),
                });
                Some(column.sql_type.clone())
            }
            _ if spec_unusable => None,
            _ => {
                let ty = field.value_ty.to_token_stream().to_string().replace(' ', "");
                cx.error_spanned_by(
                    field.value_ty,
                    format!(
                        "unsupported column type `{ty}` for `{}::{}`: duckspec maps bool, integers, floats, String, Vec<u8>, Vec<T>, [T; N], chrono, uuid and serde_json types; \
                         for a unit-only enum derive `duckspec::SqlEnum`; otherwise add `#[column(sql_type = \"…\")]` (the type then needs duckdb's `ToSql` and `FromSql`)",
                        container.ident, field.ident
                    ),
                );
                None
            }
        },
    }
}

/// One drift as a compile error on the field it concerns (or the struct), since a span cannot
/// point into the `.sql` file: the message starts with the spec's `file:line:col`.
fn report(cx: &Ctxt, container: &Container, spec_table: &TableDef, table: &TableDef, drift: &Drift) {
    let location = drift
        .expected_at
        .as_ref()
        .or(spec_table.location.as_ref())
        .map(ToString::to_string)
        .unwrap_or_default();
    let field = drift.column.as_deref().and_then(|c| container.field_for_column(c));
    let code_side = match field {
        Some(field) if drift.kind != DriftKind::ColumnOrder => {
            format!("struct field {}::{}", container.ident, field.ident)
        }
        _ => format!("struct {}", container.ident),
    };
    let mut message = format!(
        "{location}: {}: spec has {}, {code_side} has {}",
        drift.subject(),
        drift.expected_text(),
        drift.actual_text()
    );
    if drift.kind == DriftKind::ColumnOrder {
        message.push_str(" (rows are written by position)");
    }
    if let Some(fix) = crate::fix::fix(drift, container, spec_table, table) {
        message.push_str("; ");
        message.push_str(&fix);
    }
    match (drift.kind, field) {
        (DriftKind::Type | DriftKind::Nullability, Some(field)) => cx.error_spanned_by(field.ty, message),
        (DriftKind::Default, Some(field)) => match &field.attrs.default {
            Some(default) => cx.error_spanned_by(&default.tokens, message),
            None => cx.error_spanned_by(field.ident, message),
        },
        (_, Some(field)) if drift.kind != DriftKind::MissingColumn => {
            cx.error_spanned_by(field.ident, message)
        }
        _ => cx.error_spanned_by(container.ident, message),
    }
}

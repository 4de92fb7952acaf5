//! The differ: what separates two schemas, as a list of located, readable differences.

use std::fmt;

use crate::error::Location;
use crate::expr::expression_key;
use crate::model::{ColumnDef, Key, ObjectKind, Origin, Schema, TableDef};
use crate::RESERVED_TABLE_PREFIX;

/// What kind of difference a [`Drift`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DriftKind {
    /// The expected side declares a table the actual side lacks.
    MissingTable,
    /// The actual side has a table the expected side does not declare.
    ExtraTable,
    /// The expected side declares a column the actual side lacks.
    MissingColumn,
    /// The actual side has a column the expected side does not declare.
    ExtraColumn,
    /// Both sides have the same columns in a different order.
    ColumnOrder,
    /// A column's type (collation included) differs.
    Type,
    /// A column is NOT NULL on one side only.
    Nullability,
    /// A column's DEFAULT differs.
    Default,
    /// A column is generated on one side only, or from different expressions.
    Generated,
    /// A column's `USING COMPRESSION` differs.
    Compression,
    /// The primary keys differ.
    PrimaryKey,
    /// A UNIQUE constraint is on one side only.
    Unique,
    /// A CHECK constraint is on one side only.
    Check,
    /// A FOREIGN KEY (its columns, target table or target columns) is on one side only.
    ForeignKey,
    /// A table's, column's, view's or sequence's comment differs.
    Comment,
    /// The expected side declares a view, index, sequence, type or schema the actual side lacks.
    MissingObject,
    /// The actual side has a view, index, sequence, type or schema the expected side does not
    /// declare.
    ExtraObject,
    /// A view, index, sequence or type is defined differently.
    Object,
    /// duckspec could not read an object of one side, so it cannot say whether it matches.
    Unreadable,
}

impl DriftKind {
    /// A stable snake_case name, for machine-readable output.
    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::MissingTable => "missing_table",
            DriftKind::ExtraTable => "extra_table",
            DriftKind::MissingColumn => "missing_column",
            DriftKind::ExtraColumn => "extra_column",
            DriftKind::ColumnOrder => "column_order",
            DriftKind::Type => "type",
            DriftKind::Nullability => "nullability",
            DriftKind::Default => "default",
            DriftKind::Generated => "generated",
            DriftKind::Compression => "compression",
            DriftKind::PrimaryKey => "primary_key",
            DriftKind::Unique => "unique",
            DriftKind::Check => "check",
            DriftKind::ForeignKey => "foreign_key",
            DriftKind::Comment => "comment",
            DriftKind::MissingObject => "missing_object",
            DriftKind::ExtraObject => "extra_object",
            DriftKind::Object => "object",
            DriftKind::Unreadable => "unreadable",
        }
    }

    /// How a side that lacks the thing is described.
    fn absent(self) -> &'static str {
        match self {
            DriftKind::MissingTable | DriftKind::ExtraTable => "no such table",
            DriftKind::MissingColumn | DriftKind::ExtraColumn => "no such column",
            DriftKind::MissingObject | DriftKind::ExtraObject | DriftKind::Object => "no such object",
            DriftKind::Default => "no default",
            DriftKind::Generated => "no generation expression",
            DriftKind::Compression => "no compression setting",
            DriftKind::PrimaryKey => "no primary key",
            DriftKind::Unique | DriftKind::Check | DriftKind::ForeignKey => "no such constraint",
            DriftKind::Comment => "no comment",
            DriftKind::Unreadable => "nothing duckspec can read",
            DriftKind::ColumnOrder | DriftKind::Type | DriftKind::Nullability => "nothing",
        }
    }
}

/// One difference between an expected schema (usually the spec) and an actual one (a struct or a
/// live database). `Display` gives one readable line:
/// `spec/metrics.sql:14:5: column job_metrics.duration_ms: spec/metrics.sql has BIGINT NOT NULL, database m.duckdb has DOUBLE NOT NULL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// What kind of difference.
    pub kind: DriftKind,
    /// The kind of object `table` names: a table (and then `column` may name one of its columns)
    /// or a view, index, sequence, type or schema.
    pub object: ObjectKind,
    /// The object's name, qualified outside `main`.
    pub table: String,
    /// The column, for column-level differences.
    pub column: Option<String>,
    /// What the expected side says (`None`: it has no such thing).
    pub expected: Option<String>,
    /// What the actual side says (`None`: it has no such thing).
    pub actual: Option<String>,
    /// Which schema is the expected side.
    pub expected_origin: Origin,
    /// Which schema is the actual side.
    pub actual_origin: Origin,
    /// Where the expected side says it.
    pub expected_at: Option<Location>,
    /// Where the actual side says it.
    pub actual_at: Option<Location>,
}

impl Drift {
    /// `table t`, `column t.c`, `view v`, …
    pub fn subject(&self) -> String {
        match &self.column {
            Some(column) => format!("column {}.{}", shown(&self.table, Some('.')), shown(column, None)),
            None => format!("{} {}", self.object, shown(&self.table, Some('.'))),
        }
    }

    /// What the expected side says, or how its absence reads (`no such column`).
    pub fn expected_text(&self) -> &str {
        self.expected.as_deref().unwrap_or(self.kind.absent())
    }

    /// What the actual side says, or how its absence reads.
    pub fn actual_text(&self) -> &str {
        self.actual.as_deref().unwrap_or(self.kind.absent())
    }

    /// The most useful location: the expected side's, else the actual side's.
    pub fn location(&self) -> Option<&Location> {
        self.expected_at.as_ref().or(self.actual_at.as_ref())
    }

    /// The column, and what each side says about it.
    fn column(mut self, column: &str) -> Drift {
        self.column = Some(column.to_string());
        self
    }

    /// What each side says (`None`: it has no such thing).
    fn says(mut self, expected: Option<String>, actual: Option<String>) -> Drift {
        self.expected = expected;
        self.actual = actual;
        self
    }

    /// Where each side says it.
    fn at(mut self, expected: Option<&Location>, actual: Option<&Location>) -> Drift {
        self.expected_at = expected.cloned();
        self.actual_at = actual.cloned();
        self
    }
}

/// A name as a message shows it: as it is when it is plain words joined by `separator` (a
/// table's qualified `main.t` keeps its dot; a column has no parts), else in double quotes with
/// `"` doubled, so a name with a space, a dot or a quote cannot be read as two names.
fn shown(name: &str, separator: Option<char>) -> String {
    let plain = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_');
    let whole = match separator {
        Some(separator) => name.split(separator).all(plain),
        None => plain(name),
    };
    if whole {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        if let Some(location) = self.location() {
            text.push_str(&format!("{location}: "));
        }
        text.push_str(&format!(
            "{}: {} has {}, {} has {}",
            self.subject(),
            self.expected_origin,
            self.expected_text(),
            self.actual_origin,
            self.actual_text()
        ));
        f.write_str(&crate::one_line(&text))
    }
}

/// Every difference between two schemas: tables (in the expected side's order), then views,
/// indexes, sequences, named types and schemas, then what one side could not read. Tables in the
/// `duckspec_` namespace (duckspec's own bookkeeping) are never compared. What is compared, per
/// table: its columns by name, their order, per column the type with its collation,
/// nullability, DEFAULT or generation expression, compression and comment; the primary key,
/// UNIQUE, CHECK and FOREIGN KEY constraints (target table and columns); the table's comment.
///
/// ```
/// use duckspec_spec::{diff_schemas, parse_schema, DriftKind};
/// let spec = parse_schema("spec.sql", "CREATE TABLE t (a BIGINT NOT NULL, b TEXT)").unwrap();
/// let live = parse_schema("live.sql", "CREATE TABLE t (a DOUBLE NOT NULL)").unwrap();
/// let drift = diff_schemas(&spec, &live);
/// assert_eq!(drift.len(), 2);
/// assert_eq!(drift[0].kind, DriftKind::Type);
/// assert_eq!(drift[0].to_string(), "spec.sql:1:17: column t.a: spec.sql has BIGINT NOT NULL, live.sql has DOUBLE NOT NULL");
/// assert_eq!(drift[1].to_string(), "spec.sql:1:36: column t.b: spec.sql has VARCHAR, live.sql has no such column");
/// ```
pub fn diff_schemas(expected: &Schema, actual: &Schema) -> Vec<Drift> {
    let sides = Sides { expected: &expected.origin, actual: &actual.origin };
    let mut drifts = Vec::new();
    let user_table = |t: &&TableDef| !t.name.to_lowercase().starts_with(RESERVED_TABLE_PREFIX);
    let unreadable_table = |schema: &Schema, t: &TableDef| {
        schema
            .unreadable
            .iter()
            .any(|u| u.kind == ObjectKind::Table && u.name.eq_ignore_ascii_case(&t.display_name()))
    };
    for table in expected.tables.iter().filter(user_table) {
        match actual.table_in(&table.schema, &table.name) {
            Some(other) => drifts.extend(sides.tables(table, other)),
            // Reported as unreadable below, not as missing.
            None if unreadable_table(actual, table) => {}
            None => drifts.push(
                sides
                    .drift(DriftKind::MissingTable, ObjectKind::Table, table.display_name())
                    .says(Some("the table".into()), None)
                    .at(table.location.as_ref(), None),
            ),
        }
    }
    for table in actual.tables.iter().filter(user_table) {
        if expected.table_in(&table.schema, &table.name).is_none() && !unreadable_table(expected, table) {
            drifts.push(
                sides
                    .drift(DriftKind::ExtraTable, ObjectKind::Table, table.display_name())
                    .says(None, Some("the table".into()))
                    .at(None, table.location.as_ref()),
            );
        }
    }
    drifts.extend(sides.objects(expected, actual));
    for (schema, expected_side) in [(expected, true), (actual, false)] {
        for unreadable in &schema.unreadable {
            let reason = Some(format!("something duckspec cannot read: {}", unreadable.reason));
            let (e, a) = if expected_side { (reason, None) } else { (None, reason) };
            drifts.push(
                sides.drift(DriftKind::Unreadable, unreadable.kind, unreadable.name.clone()).says(e, a),
            );
        }
    }
    drifts
}

/// Every difference between two definitions of one table (see [`diff_schemas`]); the origins
/// name the two sides in messages.
pub fn diff_tables(
    expected: &TableDef,
    actual: &TableDef,
    expected_origin: &Origin,
    actual_origin: &Origin,
) -> Vec<Drift> {
    Sides { expected: expected_origin, actual: actual_origin }.tables(expected, actual)
}

/// The two sides of a comparison, which name them in every drift.
struct Sides<'a> {
    expected: &'a Origin,
    actual: &'a Origin,
}

impl Sides<'_> {
    fn drift(&self, kind: DriftKind, object: ObjectKind, name: String) -> Drift {
        Drift {
            kind,
            object,
            table: name,
            column: None,
            expected: None,
            actual: None,
            expected_origin: self.expected.clone(),
            actual_origin: self.actual.clone(),
            expected_at: None,
            actual_at: None,
        }
    }

    fn tables(&self, expected: &TableDef, actual: &TableDef) -> Vec<Drift> {
        let name = expected.display_name();
        let table = |kind| self.drift(kind, ObjectKind::Table, name.clone());
        let mut drifts = Vec::new();
        for column in &expected.columns {
            let Some(other) = actual.column(&column.name) else {
                drifts.push(
                    table(DriftKind::MissingColumn)
                        .column(&column.name)
                        .says(Some(column.describe_type()), None)
                        .at(column.location.as_ref(), None),
                );
                continue;
            };
            let at = (column.location.as_ref(), other.location.as_ref());
            let column_drift = |kind, expected: Option<String>, actual: Option<String>| {
                table(kind).column(&column.name).says(expected, actual).at(at.0, at.1)
            };
            if column.sql_type != other.sql_type || column.collation != other.collation {
                drifts.push(column_drift(
                    DriftKind::Type,
                    Some(column.describe_type()),
                    Some(other.describe_type()),
                ));
            } else if column.nullable != other.nullable {
                drifts.push(column_drift(
                    DriftKind::Nullability,
                    Some(column.describe_type()),
                    Some(other.describe_type()),
                ));
            }
            let key = |e: &Option<String>| e.as_deref().map(expression_key);
            if column.generated.is_some() || other.generated.is_some() {
                if key(&column.generated) != key(&other.generated) {
                    drifts.push(column_drift(
                        DriftKind::Generated,
                        value_source(column),
                        value_source(other),
                    ));
                }
            } else if key(&column.default) != key(&other.default) {
                drifts.push(column_drift(DriftKind::Default, value_source(column), value_source(other)));
            }
            if column.compression != other.compression {
                let describe =
                    |c: &ColumnDef| c.compression.as_ref().map(|m| format!("USING COMPRESSION {m}"));
                drifts.push(column_drift(DriftKind::Compression, describe(column), describe(other)));
            }
            if column.comment != other.comment {
                drifts.push(column_drift(
                    DriftKind::Comment,
                    quoted(&column.comment),
                    quoted(&other.comment),
                ));
            }
        }
        for column in &actual.columns {
            if expected.column(&column.name).is_none() {
                drifts.push(
                    table(DriftKind::ExtraColumn)
                        .column(&column.name)
                        .says(None, Some(column.describe_type()))
                        .at(None, column.location.as_ref()),
                );
            }
        }
        // Order matters because rows are appended by position.
        let common = |from: &TableDef, other: &TableDef| -> Vec<String> {
            from.columns
                .iter()
                .filter(|c| other.column(&c.name).is_some())
                .map(|c| c.name.to_lowercase())
                .collect()
        };
        let (expected_order, actual_order) = (common(expected, actual), common(actual, expected));
        if expected_order != actual_order {
            let first = expected_order.iter().zip(&actual_order).position(|(a, b)| a != b).unwrap_or(0);
            let column = expected.column(&expected_order[first]).expect("common columns exist on both sides");
            let order = |t: &TableDef| {
                format!(
                    "columns ({})",
                    t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
                )
            };
            drifts.push(
                table(DriftKind::ColumnOrder)
                    .column(&column.name)
                    .says(Some(order(expected)), Some(order(actual)))
                    .at(
                        column.location.as_ref(),
                        actual.column(&column.name).and_then(|c| c.location.as_ref()),
                    ),
            );
        }
        let same_key = |a: &Key, b: &Key| a.lowercase() == b.lowercase();
        let describe_key = |key: &Key| format!("PRIMARY KEY {}", key.column_list());
        match (&expected.primary_key, &actual.primary_key) {
            (Some(a), Some(b)) if same_key(a, b) => {}
            (None, None) => {}
            (a, b) => drifts.push(
                table(DriftKind::PrimaryKey)
                    .says(a.as_ref().map(describe_key), b.as_ref().map(describe_key))
                    .at(
                        a.as_ref().and_then(|k| k.location.as_ref()).or(expected.location.as_ref()),
                        b.as_ref().and_then(|k| k.location.as_ref()).or(actual.location.as_ref()),
                    ),
            ),
        }
        // Constraints on one side only, both ways.
        let (mine, theirs) = (constraints(expected), constraints(actual));
        for (kind, key, text, at) in &mine {
            if !theirs.iter().any(|(k, other, _, _)| k == kind && other == key) {
                drifts.push(
                    table(*kind)
                        .says(Some(text.clone()), None)
                        .at(at.or(expected.location.as_ref()), actual.location.as_ref()),
                );
            }
        }
        for (kind, key, text, at) in &theirs {
            if !mine.iter().any(|(k, other, _, _)| k == kind && other == key) {
                drifts.push(
                    table(*kind)
                        .says(None, Some(text.clone()))
                        .at(expected.location.as_ref(), at.or(actual.location.as_ref())),
                );
            }
        }
        if expected.comment != actual.comment {
            drifts.push(
                table(DriftKind::Comment)
                    .says(quoted(&expected.comment), quoted(&actual.comment))
                    .at(expected.location.as_ref(), actual.location.as_ref()),
            );
        }
        drifts
    }

    /// Views, indexes, sequences, named types and schemas: by name, then by definition.
    fn objects(&self, expected: &Schema, actual: &Schema) -> Vec<Drift> {
        let mut drifts = Vec::new();
        let views = |s: &Schema| -> Vec<Object> {
            s.views
                .iter()
                .map(|v| Object {
                    name: v.display_name(),
                    definition: expression_key(v.canonical.as_deref().unwrap_or(&v.sql)),
                    text: v.canonical.clone().unwrap_or_else(|| v.sql.clone()),
                    comment: v.comment.clone(),
                    location: v.location.clone(),
                })
                .collect()
        };
        let indexes = |s: &Schema| -> Vec<Object> {
            s.indexes
                .iter()
                .map(|i| Object {
                    name: i.display_name(),
                    definition: expression_key(&i.describe()),
                    text: i.describe(),
                    comment: None,
                    location: i.location.clone(),
                })
                .collect()
        };
        let sequences = |s: &Schema| -> Vec<Object> {
            s.sequences
                .iter()
                .map(|q| Object {
                    name: q.display_name(),
                    definition: q.describe(),
                    text: q.describe(),
                    comment: q.comment.clone(),
                    location: q.location.clone(),
                })
                .collect()
        };
        let types = |s: &Schema| -> Vec<Object> {
            s.types
                .iter()
                .map(|t| Object {
                    name: t.display_name(),
                    definition: t.sql_type.to_string(),
                    text: t.sql_type.to_string(),
                    comment: None,
                    location: t.location.clone(),
                })
                .collect()
        };
        let schemas = |s: &Schema| -> Vec<Object> {
            s.schemas
                .iter()
                .map(|d| Object {
                    name: d.name.clone(),
                    definition: String::new(),
                    text: "the schema".into(),
                    comment: None,
                    location: d.location.clone(),
                })
                .collect()
        };
        let kinds: [(ObjectKind, &ObjectList); 5] = [
            (ObjectKind::View, &views),
            (ObjectKind::Index, &indexes),
            (ObjectKind::Sequence, &sequences),
            (ObjectKind::Type, &types),
            (ObjectKind::Schema, &schemas),
        ];
        for (kind, list) in kinds {
            let (mine, theirs) = (list(expected), list(actual));
            let unreadable = |s: &Schema, name: &str| {
                s.unreadable.iter().any(|u| u.kind == kind && u.name.eq_ignore_ascii_case(name))
            };
            for object in &mine {
                let at = object.location.as_ref();
                match theirs.iter().find(|o| o.name.eq_ignore_ascii_case(&object.name)) {
                    None if unreadable(actual, &object.name) => {}
                    None => drifts.push(
                        self.drift(DriftKind::MissingObject, kind, object.name.clone())
                            .says(Some(object.text.clone()), None)
                            .at(at, None),
                    ),
                    Some(other) => {
                        if object.definition != other.definition {
                            drifts.push(
                                self.drift(DriftKind::Object, kind, object.name.clone())
                                    .says(Some(object.text.clone()), Some(other.text.clone()))
                                    .at(at, other.location.as_ref()),
                            );
                        }
                        if object.comment != other.comment {
                            drifts.push(
                                self.drift(DriftKind::Comment, kind, object.name.clone())
                                    .says(quoted(&object.comment), quoted(&other.comment))
                                    .at(at, other.location.as_ref()),
                            );
                        }
                    }
                }
            }
            for object in &theirs {
                if !mine.iter().any(|o| o.name.eq_ignore_ascii_case(&object.name))
                    && !unreadable(expected, &object.name)
                {
                    drifts.push(
                        self.drift(DriftKind::ExtraObject, kind, object.name.clone())
                            .says(None, Some(object.text.clone()))
                            .at(None, object.location.as_ref()),
                    );
                }
            }
        }
        drifts
    }
}

/// A constraint as the differ compares it: kind, comparison key, text, location.
type Constraint<'t> = (DriftKind, String, String, Option<&'t Location>);

/// The UNIQUE, CHECK and FOREIGN KEY constraints of a table.
fn constraints(t: &TableDef) -> Vec<Constraint<'_>> {
    let mut all: Vec<Constraint> = Vec::new();
    for key in &t.unique {
        let text = format!("UNIQUE {}", key.column_list());
        all.push((DriftKind::Unique, text.to_lowercase(), text, key.location.as_ref()));
    }
    for check in &t.checks {
        all.push((
            DriftKind::Check,
            check.key(),
            format!("CHECK ({})", check.expression),
            check.location.as_ref(),
        ));
    }
    for fk in &t.foreign_keys {
        all.push((DriftKind::ForeignKey, fk.key(), fk.describe(), fk.location.as_ref()));
    }
    all
}

/// The objects of one kind of a schema.
type ObjectList = dyn Fn(&Schema) -> Vec<Object>;

/// A schema-level object as the differ compares it.
struct Object {
    name: String,
    /// What two definitions are compared by.
    definition: String,
    /// What a message shows.
    text: String,
    comment: Option<String>,
    location: Option<Location>,
}

/// Where a column's value comes from when a row does not give it: `DEFAULT x` or
/// `GENERATED ALWAYS AS (x)`, or `None`.
fn value_source(column: &ColumnDef) -> Option<String> {
    match (&column.generated, &column.default) {
        (Some(expression), _) => Some(format!("GENERATED ALWAYS AS ({expression})")),
        (None, Some(default)) => Some(format!("DEFAULT {default}")),
        (None, None) => None,
    }
}

fn quoted(comment: &Option<String>) -> Option<String> {
    comment.as_ref().map(|c| format!("comment '{}'", c.replace('\'', "''")))
}

#[cfg(test)]
mod tests {
    use crate::{diff_schemas, parse_schema};

    /// One line per difference, whatever a name or a comment holds: a hostile database cannot
    /// print a line that reads as another drift, and a name with a space or a dot stays one name.
    #[test]
    fn a_message_is_one_line_and_names_stay_whole() {
        let spec = parse_schema(
            "spec.sql",
            "CREATE TABLE \"t\nspec.sql:1:1: column x.y: spec has A, db has B\" (\"a b\" INTEGER, \"c.d\" INTEGER);\
             COMMENT ON COLUMN \"t\nspec.sql:1:1: column x.y: spec has A, db has B\".\"a b\" IS 'line one\nline two';",
        )
        .unwrap();
        let live = parse_schema(
            "db.sql",
            "CREATE TABLE \"t\nspec.sql:1:1: column x.y: spec has A, db has B\" (\"a b\" BIGINT, \"c.d\" BIGINT);",
        )
        .unwrap();
        let drifts = diff_schemas(&spec, &live);
        assert!(drifts.len() >= 3, "{drifts:#?}");
        for drift in &drifts {
            let text = drift.to_string();
            assert_eq!(text.lines().count(), 1, "{text}");
            assert!(text.contains("\\n"), "the newline is shown escaped: {text}");
        }
        let text: Vec<String> = drifts.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|t| t.contains(".\"a b\": ")), "{text:#?}");
        assert!(text.iter().any(|t| t.contains(".\"c.d\": ")), "{text:#?}");
        // Plain names are shown as they are.
        let plain = diff_schemas(
            &parse_schema("spec.sql", "CREATE TABLE job_metrics (duration_ms BIGINT)").unwrap(),
            &parse_schema("db.sql", "CREATE TABLE job_metrics (duration_ms DOUBLE)").unwrap(),
        );
        assert!(plain[0].to_string().contains("column job_metrics.duration_ms: "), "{}", plain[0]);
    }
}

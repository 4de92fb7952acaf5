//! The differ: what separates two schemas, as a list of located, readable differences.

use std::fmt;

use crate::error::Location;
use crate::model::{Key, Origin, Schema, TableDef};
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
    /// A column's type differs.
    Type,
    /// A column is NOT NULL on one side only.
    Nullability,
    /// A column's DEFAULT differs.
    Default,
    /// The primary keys differ.
    PrimaryKey,
    /// A UNIQUE constraint is on one side only.
    Unique,
    /// A CHECK constraint is on one side only.
    Check,
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
            DriftKind::PrimaryKey => "primary_key",
            DriftKind::Unique => "unique",
            DriftKind::Check => "check",
        }
    }

    /// How a side that lacks the thing is described.
    fn absent(self) -> &'static str {
        match self {
            DriftKind::MissingTable | DriftKind::ExtraTable => "no such table",
            DriftKind::MissingColumn | DriftKind::ExtraColumn => "no such column",
            DriftKind::Default => "no default",
            DriftKind::PrimaryKey => "no primary key",
            DriftKind::Unique | DriftKind::Check => "no such constraint",
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
    /// The table.
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
    /// `table t` or `column t.c`.
    pub fn subject(&self) -> String {
        match &self.column {
            Some(column) => format!("column {}.{}", self.table, column),
            None => format!("table {}", self.table),
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
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = self.location() {
            write!(f, "{location}: ")?;
        }
        write!(
            f,
            "{}: {} has {}, {} has {}",
            self.subject(),
            self.expected_origin,
            self.expected_text(),
            self.actual_origin,
            self.actual_text()
        )
    }
}

/// Every difference between two schemas, tables in the expected side's order. Tables in the
/// `duckspec_` namespace (duckspec's own bookkeeping) are never compared. Comments, sequences,
/// indexes and foreign keys are not part of a table's shape and are not compared.
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
    let bookkeeping = |t: &&TableDef| !t.name.to_lowercase().starts_with(RESERVED_TABLE_PREFIX);
    let mut drifts = Vec::new();
    let sides = Sides { expected: &expected.origin, actual: &actual.origin };
    for table in expected.tables.iter().filter(bookkeeping) {
        match actual.table(&table.name) {
            Some(other) => drifts.extend(sides.tables(table, other)),
            None => drifts.push(sides.drift(
                DriftKind::MissingTable,
                table,
                None,
                Some("the table".into()),
                None,
                table.location.clone(),
                None,
            )),
        }
    }
    for table in actual.tables.iter().filter(bookkeeping) {
        if expected.table(&table.name).is_none() {
            drifts.push(sides.drift(
                DriftKind::ExtraTable,
                table,
                None,
                None,
                Some("the table".into()),
                None,
                table.location.clone(),
            ));
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

struct Sides<'a> {
    expected: &'a Origin,
    actual: &'a Origin,
}

impl Sides<'_> {
    #[allow(clippy::too_many_arguments)]
    fn drift(
        &self,
        kind: DriftKind,
        table: &TableDef,
        column: Option<&str>,
        expected: Option<String>,
        actual: Option<String>,
        expected_at: Option<Location>,
        actual_at: Option<Location>,
    ) -> Drift {
        Drift {
            kind,
            table: table.name.clone(),
            column: column.map(str::to_string),
            expected,
            actual,
            expected_origin: self.expected.clone(),
            actual_origin: self.actual.clone(),
            expected_at,
            actual_at,
        }
    }

    fn tables(&self, expected: &TableDef, actual: &TableDef) -> Vec<Drift> {
        let mut drifts = Vec::new();
        for column in &expected.columns {
            let Some(other) = actual.column(&column.name) else {
                drifts.push(self.drift(
                    DriftKind::MissingColumn,
                    expected,
                    Some(&column.name),
                    Some(column.describe_type()),
                    None,
                    column.location.clone(),
                    None,
                ));
                continue;
            };
            let at = (column.location.clone(), other.location.clone());
            let shape = if column.sql_type != other.sql_type {
                Some(DriftKind::Type)
            } else if column.nullable != other.nullable {
                Some(DriftKind::Nullability)
            } else {
                None
            };
            if let Some(kind) = shape {
                drifts.push(self.drift(
                    kind,
                    expected,
                    Some(&column.name),
                    Some(column.describe_type()),
                    Some(other.describe_type()),
                    at.0.clone(),
                    at.1.clone(),
                ));
            }
            if column.default != other.default {
                let describe = |d: &Option<String>| d.as_ref().map(|d| format!("DEFAULT {d}"));
                drifts.push(self.drift(
                    DriftKind::Default,
                    expected,
                    Some(&column.name),
                    describe(&column.default),
                    describe(&other.default),
                    at.0,
                    at.1,
                ));
            }
        }
        for column in &actual.columns {
            if expected.column(&column.name).is_none() {
                drifts.push(self.drift(
                    DriftKind::ExtraColumn,
                    expected,
                    Some(&column.name),
                    None,
                    Some(column.describe_type()),
                    None,
                    column.location.clone(),
                ));
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
            drifts.push(self.drift(
                DriftKind::ColumnOrder,
                expected,
                Some(&column.name),
                Some(order(expected)),
                Some(order(actual)),
                column.location.clone(),
                actual.column(&column.name).and_then(|c| c.location.clone()),
            ));
        }
        let same_key = |a: &Key, b: &Key| a.lowercase() == b.lowercase();
        let describe_key = |key: &Key| format!("PRIMARY KEY {}", key.column_list());
        match (&expected.primary_key, &actual.primary_key) {
            (Some(a), Some(b)) if same_key(a, b) => {}
            (None, None) => {}
            (a, b) => drifts.push(self.drift(
                DriftKind::PrimaryKey,
                expected,
                None,
                a.as_ref().map(describe_key),
                b.as_ref().map(describe_key),
                a.as_ref().and_then(|k| k.location.clone()).or_else(|| expected.location.clone()),
                b.as_ref().and_then(|k| k.location.clone()).or_else(|| actual.location.clone()),
            )),
        }
        for key in &expected.unique {
            if !actual.unique.iter().any(|k| same_key(k, key)) {
                drifts.push(self.drift(
                    DriftKind::Unique,
                    expected,
                    None,
                    Some(format!("UNIQUE {}", key.column_list())),
                    None,
                    key.location.clone().or_else(|| expected.location.clone()),
                    actual.location.clone(),
                ));
            }
        }
        for key in &actual.unique {
            if !expected.unique.iter().any(|k| same_key(k, key)) {
                drifts.push(self.drift(
                    DriftKind::Unique,
                    expected,
                    None,
                    None,
                    Some(format!("UNIQUE {}", key.column_list())),
                    expected.location.clone(),
                    key.location.clone().or_else(|| actual.location.clone()),
                ));
            }
        }
        for check in &expected.checks {
            if !actual.checks.iter().any(|c| c.expression == check.expression) {
                drifts.push(self.drift(
                    DriftKind::Check,
                    expected,
                    None,
                    Some(format!("CHECK ({})", check.expression)),
                    None,
                    check.location.clone().or_else(|| expected.location.clone()),
                    actual.location.clone(),
                ));
            }
        }
        for check in &actual.checks {
            if !expected.checks.iter().any(|c| c.expression == check.expression) {
                drifts.push(self.drift(
                    DriftKind::Check,
                    expected,
                    None,
                    None,
                    Some(format!("CHECK ({})", check.expression)),
                    expected.location.clone(),
                    check.location.clone().or_else(|| actual.location.clone()),
                ));
            }
        }
        drifts
    }
}

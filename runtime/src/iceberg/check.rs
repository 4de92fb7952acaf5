//! Drift between a spec and an Iceberg catalog: every spec table against the catalog table's
//! *current* schema (names, order, Iceberg types, `required`), its partition spec when one is
//! expected, and the definition duckspec recorded when it created or evolved the table (what
//! `duckspec diff SPEC CATALOG` prints). Iceberg records no keys, CHECKs or DEFAULTs; the
//! recorded definition is how those (and what Iceberg stores alike: VARCHAR, JSON, ENUM) are
//! still compared.

use std::fmt;

use duckspec_spec::{Schema, TableDef, RESERVED_TABLE_PREFIX};
use iceberg::spec::NestedField;
use iceberg::table::Table as IcebergTable;

use super::catalog::{Catalog, DDL_PROPERTY};
use super::types::{column_type, describe, partition_field, same_type};
use crate::error::Error;
use crate::lake::{lake_columns, recorded_drift, Partition};

/// One difference between a spec and an Iceberg catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcebergDrift {
    /// The table, as `namespace.table`.
    pub table: String,
    /// What differs.
    pub message: String,
}

impl fmt::Display for IcebergDrift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&duckspec_spec::one_line(&format!("table {}: {}", self.table, self.message)))
    }
}

/// Compares every table of `spec` with the catalog's table of that name (its current schema and
/// recorded definition, and with `partitions` given, its partition spec: each table partitioned by
/// those levels whose columns it has). A spec table the catalog lacks is a drift, and so is a
/// catalog table (outside `duckspec_…` tables) the spec lacks.
///
/// ```
/// use duckspec::iceberg::{diff_iceberg, Catalog, IcebergOptions, IcebergWriter};
/// use duckspec::Table;
///
/// #[derive(Table)]
/// #[table(name = "job_metrics", unchecked)]
/// struct JobMetric {
///     job_id: String,
///     duration_ms: i64,
/// }
///
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
/// let mut writer = IcebergWriter::<JobMetric>::create(&catalog, IcebergOptions::default())?;
/// writer.write(&[JobMetric { job_id: "j1".into(), duration_ms: 40 }])?;
/// writer.commit()?;
///
/// let spec = |sql| duckspec::spec::parse_schema("spec/metrics.sql", sql);
/// let same = spec("CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, duration_ms BIGINT NOT NULL);")?;
/// assert!(diff_iceberg(&same, &catalog, None)?.is_empty());
///
/// let moved_on = spec("CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, duration_ms DOUBLE NOT NULL);")?;
/// let drifts = diff_iceberg(&moved_on, &catalog, None)?;
/// assert!(drifts[0].message.starts_with("column duration_ms: spec has double"), "{}", drifts[0]);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn diff_iceberg(
    spec: &Schema,
    catalog: &Catalog,
    partitions: Option<&[Partition]>,
) -> Result<Vec<IcebergDrift>, Error> {
    let mut drifts = Vec::new();
    for def in &spec.tables {
        let name = Catalog::name(def);
        let messages = match catalog.load(def)? {
            None => vec!["the catalog has no such table".to_string()],
            Some(table) => table_drift(def, spec, &table, partitions),
        };
        drifts.extend(messages.into_iter().map(|message| IcebergDrift { table: name.clone(), message }));
    }
    for name in catalog.table_names()? {
        let (schema, table) = name.rsplit_once('.').unwrap_or(("", name.as_str()));
        if table.to_lowercase().starts_with(RESERVED_TABLE_PREFIX) || spec.table_in(schema, table).is_some() {
            continue;
        }
        drifts.push(IcebergDrift { table: name.clone(), message: "the spec has no such table".into() });
    }
    Ok(drifts)
}

/// The differences between a spec table and a catalog table, one line each.
pub(crate) fn table_drift(
    def: &TableDef,
    spec: &Schema,
    table: &IcebergTable,
    partitions: Option<&[Partition]>,
) -> Vec<String> {
    let metadata = table.metadata();
    let schema = metadata.current_schema();
    let fields: Vec<&NestedField> = schema.as_struct().fields().iter().map(|f| f.as_ref()).collect();
    let mut out = compare_columns(def, &fields);
    if let Some(partitions) = partitions {
        let expected: Vec<String> = partitions
            .iter()
            .filter(|p| def.column(p.source()).is_some())
            .map(|p| {
                let (name, transform) = partition_field(p);
                format!("{name}={transform}({})", p.source())
            })
            .collect();
        let actual: Vec<String> = metadata
            .default_partition_spec()
            .fields()
            .iter()
            .map(|f| {
                let source = schema.name_by_field_id(f.source_id).unwrap_or("?");
                format!("{}={}({source})", f.name, f.transform)
            })
            .collect();
        if expected != actual {
            out.push(format!(
                "partition spec: expected ({}), catalog has ({})",
                expected.join(", "),
                actual.join(", ")
            ));
        }
    }
    match metadata.properties().get(DDL_PROPERTY) {
        Some(ddl) => out.extend(recorded_drift(def, spec, DDL_PROPERTY, DDL_PROPERTY, ddl)),
        None => {
            // A table another writer created: what its schema shows is all there is to compare.
        }
    }
    out
}

/// A field as messages show it: `long NOT NULL`.
fn describe_field(field: &NestedField) -> String {
    format!("{}{}", describe(&field.field_type), if field.required { " NOT NULL" } else { "" })
}

fn compare_columns(def: &TableDef, fields: &[&NestedField]) -> Vec<String> {
    let mut out = Vec::new();
    let expected: Vec<_> = lake_columns(def).collect();
    for column in &expected {
        let expected_type = match column_type(&column.sql_type) {
            Ok(ty) => ty,
            Err(reason) => {
                out.push(format!("column {}: {reason}", column.name));
                continue;
            }
        };
        let want = format!("{}{}", describe(&expected_type), if column.nullable { "" } else { " NOT NULL" });
        match fields.iter().find(|f| f.name == column.name) {
            None => out.push(format!(
                "column {}: spec has {want} ({}), catalog has no such column",
                column.name, column.sql_type
            )),
            Some(field) => {
                if !same_type(&expected_type, &field.field_type) || field.required == column.nullable {
                    out.push(format!(
                        "column {}: spec has {want} ({}), catalog has {}",
                        column.name,
                        column.sql_type,
                        describe_field(field)
                    ));
                }
            }
        }
    }
    for field in fields {
        if !expected.iter().any(|c| c.name == field.name) {
            out.push(format!(
                "column {}: spec has no such column, catalog has {}",
                field.name,
                describe_field(field)
            ));
        }
    }
    let expected_names: Vec<&str> = expected.iter().map(|c| c.name.as_str()).collect();
    let actual_names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let common_expected: Vec<&str> =
        expected_names.iter().copied().filter(|n| actual_names.contains(n)).collect();
    let common_actual: Vec<&str> =
        actual_names.iter().copied().filter(|n| expected_names.contains(n)).collect();
    if common_expected != common_actual {
        out.push(format!(
            "column order: spec has ({}), catalog has ({})",
            expected_names.join(", "),
            actual_names.join(", ")
        ));
    }
    out
}

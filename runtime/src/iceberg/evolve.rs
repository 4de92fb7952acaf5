//! Additive schema evolution of an Iceberg catalog to a spec (what `duckspec migrate SPEC
//! CATALOG` prints and, with `--apply`, commits): a new table, or new nullable columns at the end
//! of a table, through the catalog's schema update; anything else is refused with the reason,
//! as `migrate` refuses it for a database.

use std::fmt;

use duckspec_spec::{render_table, Schema, TableDef};
use iceberg::transaction::{AddColumn, ApplyTransactionAction, Transaction};

use super::catalog::{reason, Catalog, DDL_PROPERTY};
use super::check::table_drift;
use super::types::{column_type, describe};
use super::writer::IcebergOptions;
use crate::error::Error;
use crate::lake::lake_columns;

/// One step of an Iceberg migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IcebergStep {
    /// Create the table from the spec.
    CreateTable {
        /// `namespace.table`.
        table: String,
    },
    /// Add a nullable column at the end of the table's schema.
    AddColumn {
        /// `namespace.table`.
        table: String,
        /// The column.
        column: String,
        /// Its Iceberg type.
        iceberg_type: String,
    },
}

impl fmt::Display for IcebergStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            IcebergStep::CreateTable { table } => format!("create table {table}"),
            IcebergStep::AddColumn { table, column, iceberg_type } => {
                format!("table {table}: add optional column {column} {iceberg_type}")
            }
        };
        f.write_str(&duckspec_spec::one_line(&text))
    }
}

/// What [`migrate_iceberg`] found: the additive steps, and what it refuses (when anything is
/// refused nothing is applied).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IcebergPlan {
    /// The steps, in spec order.
    pub steps: Vec<IcebergStep>,
    /// One line per change that is not additive.
    pub refused: Vec<String>,
}

/// Plans (and with `apply`, commits, one schema update per table) the additive migration that
/// brings `catalog` to `spec`: missing tables are created (partitioned by `options`), columns
/// the spec adds at the end of a table as nullable are added as optional fields. Everything else
/// (a changed type, a dropped or renamed column, a new NOT NULL column, another order) is
/// refused and nothing is applied.
///
/// ```
/// use duckspec::iceberg::{migrate_iceberg, Catalog, IcebergOptions};
///
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
/// let spec = |sql| duckspec::spec::parse_schema("spec/metrics.sql", sql);
/// let v1 = spec("CREATE TABLE job_metrics (job_id VARCHAR NOT NULL);")?;
/// migrate_iceberg(&v1, &catalog, &IcebergOptions::default(), true)?;
///
/// let v2 = spec("CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, device VARCHAR);")?;
/// let plan = migrate_iceberg(&v2, &catalog, &IcebergOptions::default(), true)?;
/// assert_eq!(plan.steps[0].to_string(), "table main.job_metrics: add optional column device string");
/// assert!(duckspec::iceberg::diff_iceberg(&v2, &catalog, None)?.is_empty());
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn migrate_iceberg(
    spec: &Schema,
    catalog: &Catalog,
    options: &IcebergOptions,
    apply: bool,
) -> Result<IcebergPlan, Error> {
    let mut plan = IcebergPlan::default();
    let mut updates: Vec<(&TableDef, Vec<AddColumn>)> = Vec::new();
    let mut creates: Vec<&TableDef> = Vec::new();
    for def in &spec.tables {
        let name = Catalog::name(def);
        let Some(table) = catalog.load(def)? else {
            if let Err(reason) = super::types::iceberg_schema(def) {
                plan.refused.push(format!("table {name}: {reason}"));
            }
            plan.steps.push(IcebergStep::CreateTable { table: name });
            creates.push(def);
            continue;
        };
        let existing = table.metadata().current_schema().as_struct().fields().len();
        let columns: Vec<_> = lake_columns(def).collect();
        // The table as it was: the spec's first columns, as many as the table has.
        let mut before = def.clone();
        let added: Vec<String> = columns.iter().skip(existing).map(|c| c.name.clone()).collect();
        before.columns.retain(|c| !added.contains(&c.name) || c.generated.is_some());
        let drifts = table_drift(&before, spec, &table, None);
        if !drifts.is_empty() {
            plan.refused.extend(drifts.into_iter().map(|d| format!("table {name}: {d}")));
            continue;
        }
        let mut additions = Vec::new();
        for column in columns.iter().skip(existing) {
            if !column.nullable {
                plan.refused.push(format!(
                    "table {name}: column {} is NOT NULL: rows already in the table have no value for it; add it nullable",
                    column.name
                ));
                continue;
            }
            match column_type(&column.sql_type) {
                Ok(field_type) => {
                    plan.steps.push(IcebergStep::AddColumn {
                        table: name.clone(),
                        column: column.name.clone(),
                        iceberg_type: describe(&field_type),
                    });
                    additions.push(match &column.comment {
                        Some(doc) => AddColumn::builder()
                            .name(&column.name)
                            .field_type(field_type)
                            .doc(doc.clone())
                            .build(),
                        None => AddColumn::optional(&column.name, field_type),
                    });
                }
                Err(reason) => plan.refused.push(format!("table {name}: column {}: {reason}", column.name)),
            }
        }
        if !additions.is_empty() {
            updates.push((def, additions));
        }
    }
    if !apply || !plan.refused.is_empty() {
        return Ok(plan);
    }
    for def in creates {
        catalog.load_or_create(def, &render_table(def), options.partitions())?;
    }
    for (def, additions) in updates {
        let table = catalog
            .load(def)?
            .ok_or_else(|| catalog.error(format!("table {} disappeared", Catalog::name(def))))?;
        let transaction = Transaction::new(&table);
        let mut schema = transaction.update_schema();
        for add in additions {
            schema = schema.add_column(add);
        }
        let table_error = |message: String| catalog.table_error(def, message);
        let failed = |e: iceberg::Error| table_error(reason(&e));
        let transaction = schema.apply(transaction).map_err(failed)?;
        let properties =
            transaction.update_table_properties().set(DDL_PROPERTY.to_string(), render_table(def));
        let transaction = properties.apply(transaction).map_err(failed)?;
        catalog
            .block_on(transaction.commit(catalog.inner()))
            .map_err(|u| u.into_error(table_error))?
            .map_err(failed)?;
    }
    Ok(plan)
}

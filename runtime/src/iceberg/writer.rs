//! [`IcebergWriter`]: the rows of one `#[derive(Table)]` struct into an Iceberg table, one
//! snapshot per commit; [`IcebergOptions`], how new tables are partitioned; and [`export`], a
//! database's tables into a catalog.

use std::marker::PhantomData;

use duckdb::Connection;
use duckspec_spec::render_table;

use super::append::TableAppend;
use super::catalog::Catalog;
use crate::error::Error;
use crate::lake::{encode_rows, export_select, Partition, ENCODE_ROWS};
use crate::traits::Table;

/// How duckspec creates the Iceberg tables it writes (a table that exists keeps its own
/// partition spec; `diff` with partitions compares it).
#[derive(Clone, Debug, Default)]
pub struct IcebergOptions {
    partition_by: Vec<Partition>,
}

impl IcebergOptions {
    /// Adds a partition level, outermost first: `Partition::day(c)` is Iceberg's `day`
    /// transform of `c`, `Partition::column(c)` its `identity`. A table is partitioned by the
    /// levels whose columns it has.
    pub fn partition_by(mut self, partition: Partition) -> Self {
        self.partition_by.push(partition);
        self
    }

    /// The partition levels.
    pub fn partitions(&self) -> &[Partition] {
        &self.partition_by
    }
}

/// Writes the rows of one table into an Iceberg table of a [`Catalog`], creating it from the
/// struct's definition when the catalog lacks it and refusing one that drifted from it. Rows
/// become visible to readers at [`IcebergWriter::commit`], all of them at once (one `append`
/// snapshot); rows written and not committed when the writer is dropped are in no snapshot.
///
/// ```
/// use duckspec::iceberg::{Catalog, IcebergOptions, IcebergWriter};
/// use duckspec::lake::Partition;
/// use duckspec::Table;
///
/// #[derive(Table)]
/// #[table(name = "job_metrics", unchecked)]
/// struct JobMetric {
///     job_id: String,
///     host: String,
///     duration_ms: i64,
/// }
///
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
/// let options = IcebergOptions::default().partition_by(Partition::column("host"));
/// let mut writer = IcebergWriter::<JobMetric>::create(&catalog, options)?;
/// writer.write(&[
///     JobMetric { job_id: "job-1".into(), host: "a".into(), duration_ms: 40 },
///     JobMetric { job_id: "job-2".into(), host: "b".into(), duration_ms: 12 },
/// ])?;
/// assert_eq!(writer.commit()?, 2); // one snapshot with both rows
/// # Ok::<(), duckspec::Error>(())
/// ```
pub struct IcebergWriter<'c, T> {
    catalog: &'c Catalog,
    append: TableAppend,
    rows: PhantomData<fn(&T)>,
}

impl<'c, T: Table> IcebergWriter<'c, T> {
    /// A writer for `T`'s table (`T::NAME` in namespace `main`, or the struct's schema).
    pub fn create(catalog: &'c Catalog, options: IcebergOptions) -> Result<Self, Error> {
        let append = TableAppend::open(catalog, T::table_def(), T::DDL, options.partitions())?;
        Ok(IcebergWriter { catalog, append, rows: PhantomData })
    }

    /// Writes `rows` into data files; returns how many. A value that cannot be stored is an
    /// error naming its row and column. Nothing is visible until [`IcebergWriter::commit`].
    pub fn write(&mut self, rows: &[T]) -> Result<usize, Error> {
        for (chunk_index, chunk) in rows.chunks(ENCODE_ROWS).enumerate() {
            let batch = encode_rows(chunk, chunk_index * ENCODE_ROWS).map_err(|e| self.catalog.error(e))?;
            self.append.write(self.catalog, &batch)?;
        }
        Ok(rows.len())
    }

    /// Commits every row written since the last commit as one snapshot; returns how many. On
    /// failure the written files are kept and the next commit adds them.
    pub fn commit(&mut self) -> Result<usize, Error> {
        self.append.commit(self.catalog)
    }

    /// Commits what is pending and ends the writer.
    pub fn finish(mut self) -> Result<usize, Error> {
        self.commit()
    }
}

impl<T> Drop for IcebergWriter<'_, T> {
    fn drop(&mut self) {
        if self.append.pending() > 0 {
            tracing::warn!(
                rows = self.append.pending(),
                "Iceberg writer dropped without commit: its rows are in no snapshot"
            );
        }
    }
}

/// What [`export`] wrote for one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedTable {
    /// The table.
    pub table: String,
    /// Rows committed (in one snapshot; none for an empty table).
    pub rows: usize,
}

/// Writes every table of `spec` from `conn` into `catalog`, one snapshot per table, creating
/// missing tables with `options`' partitions. Check the database against the spec first
/// (`Schema::check`, or `duckspec export --iceberg`, which does): this reads the tables by the
/// spec's columns.
///
/// ```
/// use duckspec::duckdb::Connection;
/// use duckspec::iceberg::{diff_iceberg, export, Catalog, IcebergOptions};
///
/// let sql = "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, host VARCHAR, duration_ms BIGINT);";
/// let spec = duckspec::spec::parse_schema("spec/metrics.sql", sql)?;
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(sql)?;
/// conn.execute_batch("INSERT INTO job_metrics VALUES ('j1', 'a', 40), ('j2', 'b', 12)")?;
///
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
/// let exported = export(&conn, &spec, &catalog, &IcebergOptions::default())?;
/// assert_eq!(exported[0].rows, 2);
/// assert!(diff_iceberg(&spec, &catalog, None)?.is_empty());
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn export(
    conn: &Connection,
    spec: &duckspec_spec::Schema,
    catalog: &Catalog,
    options: &IcebergOptions,
) -> Result<Vec<ExportedTable>, Error> {
    let mut exported = Vec::new();
    for def in &spec.tables {
        let mut append = TableAppend::open(catalog, def, &render_table(def), options.partitions())?;
        let mut statement = conn.prepare(&export_select(def))?;
        // Streamed, as the lake's export is: no materialized copy of the table.
        for batch in statement.stream_arrow([])? {
            append.write(catalog, &batch?)?;
        }
        exported.push(ExportedTable { table: Catalog::name(def), rows: append.commit(catalog)? });
    }
    Ok(exported)
}

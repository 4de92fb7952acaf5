//! [`IcebergTarget`]: an Iceberg catalog as a [`Sink`]'s target. Each flush appends the rows of
//! every table as one snapshot per table; rows of a table whose commit fails go to the catalog's
//! `main.duckspec_rejects` table with the reason. Also [`Sink::start_iceberg`].

use std::collections::HashMap;

use duckspec_spec::{render_table, TableDef};

use super::append::TableAppend;
use super::catalog::Catalog;
use super::writer::IcebergOptions;
use crate::error::Error;
use crate::rows::{Batch, EncodedTable};
use crate::sink::{
    commit_table_by_table, rejects_batch, rejects_def, Committed, Rejected, SinkTarget, Unwritten,
};
use crate::{Sink, SinkOptions};

/// An Iceberg catalog a [`Sink`] writes: each table created from its struct's definition when
/// missing (partitioned by `options`), refused when it drifted.
///
/// A flush commits one `append` snapshot per table that has rows, so a flush is when rows
/// become visible to readers; Iceberg has no transaction across tables, so a flush that fails
/// for one table has still committed the others. A table whose rows cannot be written or
/// committed (the catalog unreachable, a commit refused after its retries, a drifted table)
/// fails the flush: its rows go to `main.duckspec_rejects` in the same catalog with the reason
/// when that can still be written, and are lost only when that fails too (logged). Iceberg has no
/// keys or CHECKs, so no row is refused one by one.
pub struct IcebergTarget {
    catalog: Catalog,
    options: IcebergOptions,
    rejects: TableDef,
    tables: HashMap<&'static str, TableAppend>,
}

impl IcebergTarget {
    /// The target writing into `catalog`.
    ///
    /// ```
    /// use duckspec::iceberg::{Catalog, IcebergOptions, IcebergTarget};
    /// use duckspec::{Sink, SinkOptions};
    ///
    /// let dir = tempfile::tempdir().expect("a temporary directory");
    /// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
    /// let sink = Sink::start_with(IcebergTarget::new(catalog, IcebergOptions::default())?, SinkOptions::default())?;
    /// assert_eq!(sink.close()?.written, 0);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    pub fn new(catalog: Catalog, options: IcebergOptions) -> Result<IcebergTarget, Error> {
        let rejects = rejects_def()?;
        Ok(IcebergTarget { catalog, options, rejects, tables: HashMap::new() })
    }

    fn write_table(&mut self, table: &EncodedTable<'_>) -> Result<(), Error> {
        let append = match self.tables.get_mut(table.name()) {
            Some(append) => append,
            None => {
                let append =
                    TableAppend::open(&self.catalog, table.def(), table.ddl(), self.options.partitions())?;
                self.tables.entry(table.name()).or_insert(append)
            }
        };
        for batch in table.batches()? {
            append.write(&self.catalog, &batch)?;
        }
        append.commit(&self.catalog).map(drop)
    }
}

impl SinkTarget for IcebergTarget {
    fn commit(&mut self, batch: &mut Batch) -> Result<Committed, Unwritten> {
        commit_table_by_table(batch, |table| {
            let written = self.write_table(table);
            if written.is_err() {
                // Its files are in no snapshot: the next flush starts the table afresh.
                self.tables.remove(table.name());
            }
            written
        })
    }

    /// Appends `rows` to the catalog's `main.duckspec_rejects` table as one snapshot.
    fn set_aside(&mut self, rows: &[Rejected]) -> Result<(), Error> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut append = TableAppend::open(&self.catalog, &self.rejects, &render_table(&self.rejects), &[])?;
        let batch = rejects_batch(rows).map_err(|e| self.catalog.error(e.to_string()))?;
        append.write(&self.catalog, &batch)?;
        append.commit(&self.catalog).map(drop)
    }
}

impl Sink {
    /// Starts a sink that writes into the Iceberg tables of `catalog` (see [`IcebergTarget`]):
    /// `Sink::start_with(IcebergTarget::new(catalog, iceberg_options)?, options)`. Each flush
    /// commits one snapshot per table; set [`SinkOptions::flush_interval`] to the snapshot rate
    /// you want (each snapshot is a metadata file and a manifest list; an engine's
    /// `expire_snapshots` and `rewrite_data_files` keep them few).
    ///
    /// ```
    /// use duckspec::iceberg::{Catalog, IcebergOptions};
    /// use duckspec::{Sink, SinkOptions, Table};
    ///
    /// #[derive(Table)]
    /// #[table(name = "events", unchecked)]
    /// struct Event {
    ///     host: String,
    ///     kind: String,
    /// }
    ///
    /// let dir = tempfile::tempdir().expect("a temporary directory");
    /// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
    /// let sink = Sink::start_iceberg(catalog, IcebergOptions::default(), SinkOptions::default())?;
    /// for host in ["a", "b", "a"] {
    ///     sink.send(Event { host: host.into(), kind: "tick".into() })?;
    /// }
    /// assert_eq!(sink.close()?.written, 3);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    pub fn start_iceberg(
        catalog: Catalog,
        iceberg_options: IcebergOptions,
        options: SinkOptions,
    ) -> Result<Sink, Error> {
        Sink::start_with(IcebergTarget::new(catalog, iceberg_options)?, options)
    }
}

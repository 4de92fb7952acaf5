//! [`LakeTarget`]: a Parquet lake as a [`Sink`]'s target. Each flush writes the rows of every
//! table into files and completes them; rows that cannot be written go to the lake's
//! `duckspec_rejects` table. Also [`Sink::start_lake`], the sink that writes through it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use duckspec_spec::TableDef;

use super::{LakeOptions, TableFiles};
use crate::error::Error;
use crate::rows::{Batch, EncodedTable};
use crate::sink::{
    commit_table_by_table, rejects_batch, rejects_def, Committed, Rejected, SinkTarget, Unwritten,
    REJECTS_DDL,
};
use crate::{Sink, SinkOptions};

/// A lake a [`Sink`] writes: where, partitioned how, and where rejected rows go
/// (`LAKE/duckspec_rejects/`). [`Sink::start_lake`] starts a sink on one.
///
/// Each flush writes the rows held for every table and completes their files, so a flush is
/// when rows become visible to readers and durable. A table whose files cannot be written (a
/// value the lake cannot store, a full disk) fails the flush after the other tables are written;
/// its rows go to `duckspec_rejects` with the reason. Parquet has no keys or CHECKs, so no row is
/// refused one by one.
pub struct LakeTarget {
    lake: PathBuf,
    options: LakeOptions,
    /// The table rejected rows are written to.
    rejects: TableDef,
    /// Each table's files, kept across flushes (its file names go on counting).
    tables: HashMap<&'static str, TableFiles>,
}

impl LakeTarget {
    /// The lake at `lake`, each table partitioned by those of `options`' partitions whose
    /// columns it has.
    ///
    /// ```
    /// use duckspec::lake::{LakeOptions, LakeTarget};
    /// use duckspec::{Sink, SinkOptions};
    ///
    /// let lake = tempfile::tempdir().expect("a temporary directory");
    /// let sink = Sink::start_with(LakeTarget::new(lake.path(), LakeOptions::default())?, SinkOptions::default())?;
    /// assert_eq!(sink.close()?.written, 0);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    pub fn new(lake: impl AsRef<Path>, options: LakeOptions) -> Result<LakeTarget, Error> {
        let rejects = rejects_def()?;
        Ok(LakeTarget { lake: lake.as_ref().to_path_buf(), options, rejects, tables: HashMap::new() })
    }

    /// Writes one table's rows of a flush and completes its files.
    fn write_table(&mut self, table: &EncodedTable<'_>) -> Result<(), Error> {
        let files = match self.tables.get_mut(table.name()) {
            Some(files) => files,
            None => {
                let def = table.def();
                let files = TableFiles::new(
                    &self.lake,
                    def.clone(),
                    table.ddl(),
                    table.spec(),
                    self.options.for_table(def),
                )?;
                self.tables.entry(table.name()).or_insert(files)
            }
        };
        for batch in table.batches()? {
            files.write_batch(&batch)?;
        }
        files.complete().map(drop)
    }
}

impl SinkTarget for LakeTarget {
    fn commit(&mut self, batch: &mut Batch) -> Result<Committed, Unwritten> {
        commit_table_by_table(batch, |table| self.write_table(table))
    }

    /// Writes `rows` as one complete file of the rejects table.
    fn set_aside(&mut self, rows: &[Rejected]) -> Result<(), Error> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut files =
            TableFiles::new(&self.lake, self.rejects.clone(), REJECTS_DDL, None, LakeOptions::default())?;
        let batch = rejects_batch(rows).map_err(|e| files.error(e.to_string()))?;
        files.write_batch(&batch)?;
        files.finish().map(drop)
    }
}

impl Sink {
    /// Starts a sink that writes into the Parquet lake at `lake` (see [`crate::lake`] and
    /// [`LakeTarget`]), each table partitioned by those of `lake_options`' partitions whose
    /// columns it has: `Sink::start_with(LakeTarget::new(lake, lake_options)?, options)`. Each
    /// flush writes the rows held for every table and completes their files, so a flush is when
    /// rows become visible to readers and durable: set [`SinkOptions::flush_interval`] to the
    /// file size and latency you want (one file per table and partition per flush; a catalog
    /// compacts them). Rows whose values cannot be stored go to the lake's `duckspec_rejects`
    /// table; Parquet has no keys or CHECKs to refuse a row.
    ///
    /// ```
    /// use duckspec::lake::{LakeOptions, Partition};
    /// use duckspec::{Sink, SinkOptions, Table};
    ///
    /// #[derive(Table)]
    /// #[table(name = "events", unchecked)]
    /// struct Event {
    ///     host: String,
    ///     kind: String,
    /// }
    ///
    /// let lake = tempfile::tempdir().expect("a temporary directory");
    /// let sink = Sink::start_lake(lake.path(), LakeOptions::default().partition_by(Partition::column("host")), SinkOptions::default())?;
    /// for host in ["a", "b", "a"] {
    ///     sink.send(Event { host: host.into(), kind: "tick".into() })?;
    /// }
    /// sink.flush()?; // the files of both partitions are complete
    /// assert!(lake.path().join("events/host=a").is_dir());
    /// assert_eq!(sink.close()?.written, 3);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    pub fn start_lake(
        lake: impl AsRef<Path>,
        lake_options: LakeOptions,
        options: SinkOptions,
    ) -> Result<Sink, Error> {
        Sink::start_with(LakeTarget::new(lake, lake_options)?, options)
    }
}

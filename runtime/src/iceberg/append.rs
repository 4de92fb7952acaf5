//! One table being appended to: batches become Parquet data files through Iceberg's writers
//! (partitioned by the table's partition spec, files rolled at the table's target size, column
//! statistics and partition values as Iceberg records them), and a commit adds every file
//! written since the last commit as one `append` snapshot. Not generic, so compiled once for all
//! tables; [`IcebergWriter`](super::IcebergWriter), `export` and the sink's target use it.

use std::sync::Arc;

use duckdb::arrow::array::RecordBatch;
use duckspec_spec::{Origin, Schema, TableDef};
use iceberg::arrow::{schema_to_arrow_schema, RecordBatchPartitionSplitter};
use iceberg::spec::{DataFile, DataFileFormat};
use iceberg::table::Table as IcebergTable;
use iceberg::transaction::{ApplyTransactionAction, Transaction};
use iceberg::writer::base_writer::data_file_writer::{DataFileWriter, DataFileWriterBuilder};
use iceberg::writer::file_writer::location_generator::{DefaultFileNameGenerator, DefaultLocationGenerator};
use iceberg::writer::file_writer::rolling_writer::RollingFileWriterBuilder;
use iceberg::writer::file_writer::ParquetWriterBuilder;
use iceberg::writer::partitioning::fanout_writer::FanoutWriter;
use iceberg::writer::partitioning::PartitioningWriter;
use iceberg::writer::{IcebergWriter as _, IcebergWriterBuilder};

use super::bridge::{field_type_to_arrow60, to_arrow58};
use super::catalog::{reason, Catalog};
use super::check::table_drift;
use super::locations::EscapedLocations;
use super::types::to_iceberg;
use crate::error::Error;
use crate::lake::{lake_columns, writer_id, Partition};

/// Runs an Iceberg call for the table of `def` on the catalog's runtime; one that does not
/// finish (a panic inside the Iceberg crates) is an error naming the table.
fn block_on<F>(catalog: &Catalog, def: &TableDef, future: F) -> Result<F::Output, Error>
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    catalog.block_on(future).map_err(|u| u.into_error(|message| catalog.table_error(def, message)))
}

type FileBuilder = DataFileWriterBuilder<ParquetWriterBuilder, EscapedLocations, DefaultFileNameGenerator>;

/// The open data files of a table between two commits.
enum OpenFiles {
    Unpartitioned(Box<DataFileWriter<ParquetWriterBuilder, EscapedLocations, DefaultFileNameGenerator>>),
    Partitioned(Box<FanoutWriter<FileBuilder>>, Box<RecordBatchPartitionSplitter>),
}

/// Appends to one Iceberg table.
pub(crate) struct TableAppend {
    def: TableDef,
    table: IcebergTable,
    /// The table's current schema in the Iceberg crates' Arrow (with its field ids).
    arrow_schema: arrow58_schema::SchemaRef,
    /// Each column's type in that schema, in duckdb's Arrow (what a column is cast to).
    targets: Vec<duckdb::arrow::datatypes::DataType>,
    open: Option<OpenFiles>,
    /// Data files complete but not yet in a snapshot (kept across a failed commit, so the next
    /// commit still adds them).
    done: Vec<DataFile>,
    /// Rows written since the last commit.
    pending: usize,
    /// This writer's file names: a prefix no other writer uses and a counter kept across
    /// commits, so no file of a later commit reuses the name of an earlier one.
    names: DefaultFileNameGenerator,
}

impl TableAppend {
    /// The table of `def` in `catalog`, created from the spec with `partitions` (those whose
    /// columns it has) when missing. A table that exists must have `def`'s columns and
    /// definition: one that drifted is refused with every difference.
    pub fn open(
        catalog: &Catalog,
        def: &TableDef,
        ddl: &str,
        partitions: &[Partition],
    ) -> Result<TableAppend, Error> {
        let table = catalog.load_or_create(def, ddl, partitions)?;
        let mut spec = Schema::new(Origin::Code);
        spec.tables.push(def.clone());
        let drifts = table_drift(def, &spec, &table, None);
        if !drifts.is_empty() {
            return Err(catalog.error(format!(
                "table {} differs from its definition; nothing was written: {}",
                Catalog::name(def),
                drifts.join("; ")
            )));
        }
        let failed = |message: String| catalog.table_error(def, message);
        let arrow_schema =
            schema_to_arrow_schema(table.metadata().current_schema()).map_err(|e| failed(reason(&e)))?;
        let targets = arrow_schema
            .fields()
            .iter()
            .map(|field| field_type_to_arrow60(field))
            .collect::<Result<Vec<_>, String>>()
            .map_err(failed)?;
        Ok(TableAppend {
            def: def.clone(),
            table,
            arrow_schema: Arc::new(arrow_schema),
            targets,
            open: None,
            done: Vec::new(),
            pending: 0,
            names: DefaultFileNameGenerator::new(writer_id(), None, DataFileFormat::Parquet),
        })
    }

    /// Rows written and not yet committed.
    pub fn pending(&self) -> usize {
        self.pending
    }

    fn error(&self, catalog: &Catalog, message: impl std::fmt::Display) -> Error {
        catalog.table_error(&self.def, message)
    }

    fn writer_builder(&self, catalog: &Catalog) -> Result<FileBuilder, Error> {
        let metadata = self.table.metadata();
        let properties = metadata.table_properties().map_err(|e| self.error(catalog, reason(&e)))?;
        let parquet =
            ParquetWriterBuilder::from_table_properties(&properties, metadata.current_schema().clone());
        let locations = EscapedLocations::new(
            &DefaultLocationGenerator::new(metadata).map_err(|e| self.error(catalog, reason(&e)))?,
        );
        let names = self.names.clone();
        let rolling = RollingFileWriterBuilder::new(
            parquet,
            properties.write_target_file_size_bytes,
            self.table.file_io().clone(),
            locations,
            names,
        );
        Ok(DataFileWriterBuilder::new(rolling))
    }

    /// Writes a batch whose columns are the table's stored columns, in order, in any Arrow types
    /// `to_iceberg` converts. Nothing is visible to readers until [`TableAppend::commit`].
    pub fn write(&mut self, catalog: &Catalog, batch: &RecordBatch) -> Result<(), Error> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let columns = lake_columns(&self.def)
            .zip(batch.columns())
            .zip(&self.targets)
            .map(|((column, array), target)| {
                to_iceberg(array, target, column)
                    .and_then(|array| to_arrow58(&array))
                    .map_err(|e| format!("column {}: {e}", column.name))
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| self.error(catalog, e))?;
        let batch = arrow58::RecordBatch::try_new(self.arrow_schema.clone(), columns)
            .map_err(|e| self.error(catalog, e))?;
        if self.open.is_none() {
            let builder = self.writer_builder(catalog)?;
            let metadata = self.table.metadata();
            let spec = metadata.default_partition_spec();
            self.open = Some(if spec.is_unpartitioned() {
                OpenFiles::Unpartitioned(Box::new(
                    block_on(catalog, &self.def, builder.build(None))?
                        .map_err(|e| self.error(catalog, reason(&e)))?,
                ))
            } else {
                let splitter = RecordBatchPartitionSplitter::try_new_with_computed_values(
                    metadata.current_schema().clone(),
                    spec.clone(),
                )
                .map_err(|e| self.error(catalog, reason(&e)))?;
                OpenFiles::Partitioned(Box::new(FanoutWriter::new(builder)), Box::new(splitter))
            });
        }
        let rows = batch.num_rows();
        let written = match self.open.as_mut().expect("opened above") {
            OpenFiles::Unpartitioned(writer) => block_on(catalog, &self.def, writer.write(batch))?,
            OpenFiles::Partitioned(writer, splitter) => match splitter.split(&batch) {
                Ok(parts) => block_on(catalog, &self.def, async {
                    for (key, part) in parts {
                        writer.write(key, part).await?;
                    }
                    Ok(())
                })?,
                Err(e) => Err(e),
            },
        };
        written.map_err(|e| self.error(catalog, reason(&e)))?;
        self.pending += rows;
        Ok(())
    }

    /// Completes the open data files and adds every file not yet committed as one `append`
    /// snapshot (the catalog retries the commit on another writer's newer snapshot). Returns the
    /// rows committed. On failure the files are kept for the next commit; files of a process
    /// that dies before its commit are in no snapshot (orphans, which an engine's
    /// `remove_orphan_files` deletes).
    pub fn commit(&mut self, catalog: &Catalog) -> Result<usize, Error> {
        if let Some(open) = self.open.take() {
            let files = match open {
                OpenFiles::Unpartitioned(mut writer) => block_on(catalog, &self.def, writer.close())?,
                OpenFiles::Partitioned(writer, _) => block_on(catalog, &self.def, writer.close())?,
            };
            self.done.extend(files.map_err(|e| self.error(catalog, reason(&e)))?);
        }
        if self.done.is_empty() {
            return Ok(std::mem::take(&mut self.pending));
        }
        let transaction = Transaction::new(&self.table);
        let action = transaction.fast_append().add_data_files(self.done.clone());
        let transaction = action.apply(transaction).map_err(|e| self.error(catalog, reason(&e)))?;
        let table = block_on(catalog, &self.def, transaction.commit(catalog.inner()))?.map_err(|e| {
            self.error(catalog, format!("the commit failed; its rows are not in the table: {}", reason(&e)))
        })?;
        self.table = table;
        self.done.clear();
        Ok(std::mem::take(&mut self.pending))
    }
}

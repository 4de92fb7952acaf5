//! `duckspec::lake` (cargo feature `lake`): the same rows, written as a hive-partitioned Parquet
//! lake that any engine reads (DuckDB, Spark, Trino, DataFusion, pyarrow), governed by the same
//! spec.
//!
//! A [`LakeWriter`] takes the rows of one `#[derive(Table)]` struct, builds the Arrow batches the
//! bulk insert path builds, and writes them under `LAKE/<table>/<key>=<value>/…/part-<id>.parquet`
//! in Hive's layout as DuckDB's `COPY … (PARTITION_BY …)` and pyarrow write it: a partition
//! column's values are in the directory names only, as text readers infer back to its type
//! ([`Partition`]); [`select_sql`] is the DuckDB query that reads a table back as the spec has it.
//! The spec decides the Parquet schema (see the table in `types.rs`: TIMESTAMPTZ as UTC
//! microseconds, DECIMAL as decimals, UUID and JSON with their logical types, ENUM as dictionary
//! strings, NOT NULL as `REQUIRED`), and every file carries the table's DDL and its SHA-256 in its
//! key-value metadata (`duckspec.ddl`, `duckspec.ddl_sha256`). Files are written under a hidden
//! temporary name and renamed when complete, so a reader never sees half a file; a file rolls
//! over at [`LakeOptions::max_file_bytes`]. Generated columns are not written (an engine computes
//! them from the others).
//!
//! [`export`] moves a database's tables into a lake, [`diff_lake`] checks every file of a lake
//! against a spec (what `duckspec diff SPEC LAKE_DIR` prints), and
//! [`Sink::start_lake`](crate::Sink::start_lake) streams rows of many tables into one from a
//! background thread. Keys, CHECKs and DEFAULTs are not part of Parquet: a lake is governed at
//! write time (rows come from checked structs or a checked database) and by `diff` in CI; a
//! `None` that a database would replace by its column's DEFAULT is NULL in a lake. Each file
//! records the DDL it was written for, so `diff` also tells apart what Parquet stores alike
//! (VARCHAR, JSON and HUGEINT are all strings there; a key that was dropped).
//!
//! Files: this one (options, the writer, export), `types` (the spec's Parquet schema), `partition`
//! (hive directories), `file` (one file: temporary name, rename), `target` (what a sink writes through),
//! `check` (drift), `read` (the query that reads a table back).
//!
//! ```
//! use duckspec::lake::{LakeOptions, LakeWriter, Partition};
//! use duckspec::Table;
//!
//! #[derive(Table)]
//! #[table(name = "job_metrics", unchecked)]
//! struct JobMetric {
//!     job_id: String,
//!     host: String,
//!     duration_ms: i64,
//! }
//!
//! let lake = tempfile::tempdir().expect("a temporary directory");
//! let options = LakeOptions::default().partition_by(Partition::column("host"));
//! let mut writer = LakeWriter::<JobMetric>::create(lake.path(), options)?;
//! writer.write(&[
//!     JobMetric { job_id: "job-1".into(), host: "a".into(), duration_ms: 40 },
//!     JobMetric { job_id: "job-2".into(), host: "b".into(), duration_ms: 12 },
//! ])?;
//! let files = writer.finish()?;
//! assert_eq!(files.len(), 2);
//! assert!(files[0].starts_with(lake.path().join("job_metrics/host=a")));
//! # Ok::<(), duckspec::Error>(())
//! ```

mod check;
mod file;
mod partition;
mod read;
mod readers;
mod target;
mod types;

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use duckdb::arrow::array::RecordBatch;
use duckdb::arrow::datatypes::SchemaRef;
use duckdb::Connection;
use duckspec_spec::{quote_ident, render_table, SqlType, TableDef};
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::TypePtr;
use sha2::{Digest, Sha256};

#[cfg(feature = "iceberg")]
pub(crate) use check::recorded_drift;
pub use check::{diff_lake, LakeDrift};
pub(crate) use partition::escape as escape_path_value;
pub use partition::Partition;
pub use read::select_sql;
pub use target::LakeTarget;
pub(crate) use types::{lake_columns, uuids_from_text};

use crate::codec::columns;
use crate::error::Error;
use crate::traits::Table;
use file::PartFile;

/// How a lake is laid out.
#[derive(Clone, Debug)]
pub struct LakeOptions {
    partition_by: Vec<Partition>,
    max_file_bytes: u64,
    row_group_rows: usize,
}

impl Default for LakeOptions {
    /// No partitions, files of at most 128 MiB, row groups of 122,880 rows (DuckDB's own).
    fn default() -> Self {
        LakeOptions { partition_by: Vec::new(), max_file_bytes: 128 << 20, row_group_rows: 122_880 }
    }
}

impl LakeOptions {
    /// Adds a partition level, outermost first: `partition_by(Partition::day("started_at"))
    /// .partition_by(Partition::column("host"))` writes `day=…/host=…/`.
    pub fn partition_by(mut self, partition: Partition) -> Self {
        self.partition_by.push(partition);
        self
    }

    /// Starts a new file once one holds this many bytes (checked after each batch, so a file
    /// can exceed it by up to one batch).
    pub fn max_file_bytes(mut self, bytes: u64) -> Self {
        self.max_file_bytes = bytes.max(1);
        self
    }

    /// Rows per Parquet row group.
    pub fn row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }

    /// The partition levels.
    pub fn partitions(&self) -> &[Partition] {
        &self.partition_by
    }

    /// These options for one table: only the partitions whose columns it has.
    fn for_table(&self, def: &TableDef) -> LakeOptions {
        let partition_by =
            self.partition_by.iter().filter(|p| def.column(p.source()).is_some()).cloned().collect();
        LakeOptions { partition_by, ..self.clone() }
    }
}

/// Rows encoded per Arrow batch before they are partitioned and written.
pub(crate) const ENCODE_ROWS: usize = 8_192;

/// `rows` (the rows from `first` on of a write) as one Arrow batch of the table's stored columns,
/// as the bulk path encodes them; a value that cannot be stored is an error naming its row and
/// column.
pub(crate) fn encode_rows<T: Table>(rows: &[T], first: usize) -> Result<RecordBatch, String> {
    let mut builders = columns::builders::<T>(rows.len());
    if let Err(e) = columns::encode(rows, 0..rows.len(), builders.as_mut()) {
        let row = e.row.map_or(first, |r| r + first);
        return Err(format!("row {row}, column {}: {}", e.column, e.message));
    }
    RecordBatch::try_new(
        crate::codec::plan::schema(T::table_statics(), T::table_def(), crate::codec::plan::fields::<T>()),
        columns::finish::<T>(builders.as_mut()),
    )
    .map_err(|e| e.to_string())
}

/// Writes the rows of one table into a lake. Nothing is visible to readers until
/// [`LakeWriter::finish`] (or a file's rollover) renames a complete file into place; dropping the
/// writer without `finish` deletes the unfinished files.
pub struct LakeWriter<T> {
    table: TableFiles,
    rows: PhantomData<fn(&T)>,
}

impl<T: Table> LakeWriter<T> {
    /// A writer for `T`'s table under `lake/<table name>/`.
    pub fn create(lake: impl AsRef<Path>, options: LakeOptions) -> Result<Self, Error> {
        let table = TableFiles::new(lake.as_ref(), T::table_def().clone(), T::DDL, T::SPEC, options)?;
        Ok(LakeWriter { table, rows: PhantomData })
    }

    /// Writes `rows`; returns how many. A value that cannot be stored is an error naming its row
    /// and column; the rows of this call before its chunk of 8,192 are written.
    pub fn write(&mut self, rows: &[T]) -> Result<usize, Error> {
        for (chunk_index, chunk) in rows.chunks(ENCODE_ROWS).enumerate() {
            let batch = encode_rows(chunk, chunk_index * ENCODE_ROWS).map_err(|e| self.table.error(e))?;
            self.table.write_batch(&batch)?;
        }
        Ok(rows.len())
    }

    /// Completes every open file, so far, and keeps writing into new ones; returns the files
    /// completed.
    pub fn complete(&mut self) -> Result<Vec<PathBuf>, Error> {
        self.table.complete()
    }

    /// Completes every open file and returns the paths of all files written, in order.
    pub fn finish(self) -> Result<Vec<PathBuf>, Error> {
        self.table.finish()
    }
}

/// What `export` wrote for one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedTable {
    /// The table.
    pub table: String,
    /// Rows written.
    pub rows: usize,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// Writes every table of `spec` from `conn` into `lake` (each table partitioned by those of
/// `options`' partitions whose columns it has). Check the database against the spec first
/// (`Schema::check`, or `duckspec export`, which does): this reads the tables by the spec's
/// columns.
///
/// ```
/// use duckspec::duckdb::Connection;
/// use duckspec::lake::{diff_lake, export, LakeOptions, Partition};
///
/// let sql = "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, host VARCHAR, duration_ms BIGINT);";
/// let spec = duckspec::spec::parse_schema("spec/metrics.sql", sql)?;
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(sql)?;
/// conn.execute_batch("INSERT INTO job_metrics VALUES ('j1', 'a', 40), ('j2', 'b', 12), ('j3', 'a', 7)")?;
///
/// let lake = tempfile::tempdir().expect("a temporary directory");
/// let options = LakeOptions::default().partition_by(Partition::column("host"));
/// let exported = export(&conn, &spec, lake.path(), &options)?;
/// assert_eq!((exported[0].rows, exported[0].files.len()), (3, 2)); // host=a and host=b
/// assert!(diff_lake(&spec, lake.path())?.is_empty());
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn export(
    conn: &Connection,
    spec: &duckspec_spec::Schema,
    lake: &Path,
    options: &LakeOptions,
) -> Result<Vec<ExportedTable>, Error> {
    let mut exported = Vec::new();
    for def in &spec.tables {
        let ddl = render_table(def);
        let mut files = TableFiles::new(lake, def.clone(), &ddl, None, options.for_table(def))?;
        let mut statement = conn.prepare(&export_select(def))?;
        let mut rows = 0;
        // Streamed: DuckDB hands each batch over as it scans instead of materializing the table
        // first (measured: 10M rows export at a peak of 158 MiB instead of 913 MiB, BENCHMARKS.md
        // "Session 20").
        for batch in statement.stream_arrow([])? {
            let batch = batch?;
            rows += batch.num_rows();
            files.write_batch(&batch)?;
        }
        exported.push(ExportedTable { table: def.display_name(), rows, files: files.finish()? });
    }
    Ok(exported)
}

/// The query that reads a table's stored columns for export, each in a form `types::to_lake`
/// (and the Iceberg conversion) converts.
pub(crate) fn export_select(def: &TableDef) -> String {
    let columns: Vec<String> = types::lake_columns(def).map(export_expression).collect();
    format!("SELECT {} FROM {}", columns.join(", "), def.qualified_name())
}

/// The select expression that exports a column in a form `types::to_lake` converts: text for
/// what a lake stores as text (DuckDB would export a HUGEINT as a 38-digit decimal, an ENUM list
/// as dictionaries), the column itself otherwise.
fn export_expression(column: &duckspec_spec::ColumnDef) -> String {
    fn as_text(ty: &SqlType, top: bool) -> Option<SqlType> {
        match ty {
            SqlType::List(inner) => as_text(inner, false).map(|t| SqlType::List(Box::new(t))),
            SqlType::Array(inner, n) => as_text(inner, false).map(|t| SqlType::Array(Box::new(t), *n)),
            SqlType::Struct(fields) => {
                let texts: Vec<Option<SqlType>> = fields.iter().map(|(_, ty)| as_text(ty, false)).collect();
                texts.iter().any(Option::is_some).then(|| {
                    SqlType::Struct(
                        fields
                            .iter()
                            .zip(texts)
                            .map(|((name, ty), text)| (name.clone(), text.unwrap_or_else(|| ty.clone())))
                            .collect(),
                    )
                })
            }
            SqlType::Map(key, value) => match (as_text(key, false), as_text(value, false)) {
                (None, None) => None,
                (k, v) => Some(SqlType::Map(
                    Box::new(k.unwrap_or_else(|| (**key).clone())),
                    Box::new(v.unwrap_or_else(|| (**value).clone())),
                )),
            },
            SqlType::Varchar => None,
            other => types::is_text_in_lake(other, top).then_some(SqlType::Varchar),
        }
    }
    let name = quote_ident(&column.name);
    match as_text(&column.sql_type, true) {
        Some(ty) => format!("CAST({name} AS {ty}) AS {name}"),
        None => name,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key-value metadata entry holding the DDL of the table a file was written for.
const DDL_KEY: &str = "duckspec.ddl";

static WRITERS: AtomicU64 = AtomicU64::new(0);

/// A name no other writer uses: time, process, and a counter within the process.
pub(crate) fn writer_id() -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{nanos:x}-{:x}-{:x}", std::process::id(), WRITERS.fetch_add(1, Ordering::Relaxed))
}

/// The files of one table being written: one open file per partition directory. Not generic, so
/// compiled once for all tables.
struct TableFiles {
    dir: PathBuf,
    def: TableDef,
    columns: Vec<String>,
    /// The table's lake columns, as batches are converted.
    schema: SchemaRef,
    /// The columns a file holds: the lake columns but those in directory names.
    file_schema: SchemaRef,
    parquet: TypePtr,
    properties: WriterProperties,
    options: LakeOptions,
    id: String,
    files_started: usize,
    open: BTreeMap<String, PartFile>,
    done: Vec<PathBuf>,
}

impl TableFiles {
    fn new(
        lake: &Path,
        def: TableDef,
        ddl: &str,
        spec: Option<&str>,
        options: LakeOptions,
    ) -> Result<TableFiles, Error> {
        let lake_error = |message| Error::Lake { path: lake.to_path_buf(), message };
        let columns: Vec<String> = types::lake_columns(&def).map(|c| c.name.clone()).collect();
        let names: Vec<&str> = columns.iter().map(String::as_str).collect();
        partition::check(&def, &names, &options.partition_by).map_err(lake_error)?;
        // The files hold the columns whose values are not in the directory names.
        let mut file_def = def.clone();
        file_def.columns.retain(|c| {
            !partition::path_columns(&options.partition_by).any(|p| p.eq_ignore_ascii_case(&c.name))
        });
        let schema = types::lake_schema(&def);
        let file_schema = types::lake_schema(&file_def);
        let parquet = types::parquet_schema(&file_def, &file_schema).map_err(lake_error)?;
        let mut metadata = vec![
            KeyValue::new("duckspec.table".to_string(), def.display_name()),
            KeyValue::new(DDL_KEY.to_string(), ddl.to_string()),
            KeyValue::new("duckspec.ddl_sha256".to_string(), hex(&Sha256::digest(ddl.as_bytes()))),
        ];
        if let Some(spec) = spec {
            metadata.push(KeyValue::new("duckspec.spec".to_string(), spec.to_string()));
        }
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(options.row_group_rows))
            .set_key_value_metadata(Some(metadata))
            .build();
        Ok(TableFiles {
            dir: lake.join(def.display_name()),
            def,
            columns,
            schema,
            file_schema,
            parquet,
            properties,
            options,
            id: writer_id(),
            files_started: 0,
            open: BTreeMap::new(),
            done: Vec::new(),
        })
    }

    fn error(&self, message: String) -> Error {
        Error::Lake { path: self.dir.clone(), message }
    }

    /// Writes a batch whose columns are the table's lake columns, in order, in any Arrow types
    /// `to_lake` converts.
    fn write_batch(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        let arrays = types::lake_columns(&self.def)
            .zip(batch.columns())
            .map(|(column, array)| {
                types::to_lake(array, column).map_err(|e| format!("column {}: {e}", column.name))
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| self.error(e))?;
        let batch =
            RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| self.error(e.to_string()))?;
        let columns: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let parts =
            partition::split(&batch, &columns, &self.options.partition_by).map_err(|e| self.error(e))?;
        for (path, part) in parts {
            if !self.open.contains_key(&path) {
                let name = format!("part-{}-{:05}.parquet", self.id, self.files_started);
                self.files_started += 1;
                let file = PartFile::create(
                    &self.dir.join(&path),
                    &name,
                    self.file_schema.clone(),
                    self.parquet.clone(),
                    self.properties.clone(),
                )
                .map_err(|e| self.error(e))?;
                self.open.insert(path.clone(), file);
            }
            let file = self.open.get_mut(&path).expect("opened above");
            file.write(&part).map_err(|e| Error::Lake { path: self.dir.clone(), message: e })?;
            if file.size() >= self.options.max_file_bytes {
                let file = self.open.remove(&path).expect("open");
                self.done.push(file.finish().map_err(|e| self.error(e))?);
            }
        }
        Ok(())
    }

    /// Completes the open files (an empty one is deleted) and returns every file completed since
    /// the last call.
    fn complete(&mut self) -> Result<Vec<PathBuf>, Error> {
        let mut open = std::mem::take(&mut self.open).into_values();
        while let Some(file) = open.next() {
            if file.rows() == 0 {
                file.abandon();
                continue;
            }
            match file.finish() {
                Ok(path) => self.done.push(path),
                Err(e) => {
                    // The rest are not completed either: no temporary file is left behind.
                    open.for_each(PartFile::abandon);
                    return Err(self.error(e));
                }
            }
        }
        Ok(std::mem::take(&mut self.done))
    }

    fn finish(mut self) -> Result<Vec<PathBuf>, Error> {
        self.complete()
    }
}

impl Drop for TableFiles {
    fn drop(&mut self) {
        let open = std::mem::take(&mut self.open);
        if !open.is_empty() {
            tracing::warn!(table = %self.def.display_name(), files = open.len(), "lake writer dropped without finish: its unfinished files were deleted");
        }
        for (_, file) in open {
            file.abandon();
        }
    }
}

//! [`Catalog`]: an Iceberg catalog duckspec writes tables through and reads their current
//! schemas from. Today a SQL catalog on a SQLite file (iceberg-catalog-sql, the layout of
//! Iceberg's JDBC catalog, which pyiceberg's `SqlCatalog` and Spark's `JdbcCatalog` read) with a
//! warehouse directory: one file and one directory, nothing to start.

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use duckspec_spec::TableDef;
use iceberg::io::LocalFsStorageFactory;
use iceberg::table::Table as IcebergTable;
use iceberg::{Catalog as _, CatalogBuilder, ErrorKind, NamespaceIdent, TableCreation, TableIdent};
use iceberg_catalog_sql::{
    SqlBindStyle, SqlCatalog, SqlCatalogBuilder, SQL_CATALOG_PROP_BIND_STYLE, SQL_CATALOG_PROP_URI,
    SQL_CATALOG_PROP_WAREHOUSE,
};

use super::types::{iceberg_schema, partition_spec};
use crate::error::Error;
use crate::lake::Partition;

/// The table property holding the canonical DDL a table was created for (the lake records the
/// same in each Parquet file's metadata).
pub(crate) const DDL_PROPERTY: &str = "duckspec.ddl";

/// An Iceberg catalog: where tables are found by name and where each commit swaps a table's
/// metadata atomically (the SQL catalog compares and sets the metadata location in one UPDATE,
/// so of two writers committing at once one wins and the other retries on the new metadata).
///
/// A spec table `schema.name` is the Iceberg table `name` in namespace `schema` (`main` for an
/// unqualified table, DuckDB's default schema).
///
/// ```
/// use duckspec::iceberg::Catalog;
///
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
/// assert!(catalog.table_names()?.is_empty());
/// # Ok::<(), duckspec::Error>(())
/// ```
pub struct Catalog {
    // Both taken in `drop`: the connection pool closes on the runtime, then the runtime stops.
    catalog: Option<SqlCatalog>,
    runtime: Option<tokio::runtime::Runtime>,
    file: PathBuf,
    warehouse: PathBuf,
}

impl Catalog {
    /// The catalog name duckspec registers tables under (the `catalog_name` column of the SQL
    /// catalog): give readers the same, as `SqlCatalog("duckspec", uri=…)` in pyiceberg.
    pub const NAME: &'static str = "duckspec";

    /// The SQL catalog in the SQLite file `file` (created when missing; its directory must exist),
    /// with new tables under
    /// `warehouse/<namespace>/<table>` (the directory is created with the first table).
    pub fn sql(file: impl AsRef<Path>, warehouse: impl AsRef<Path>) -> Result<Catalog, Error> {
        let file = absolute(file.as_ref())?;
        let warehouse = absolute(warehouse.as_ref())?;
        let failed = |message: String| Error::Iceberg { catalog: file.display().to_string(), message };
        if file.is_dir() {
            return Err(failed("is a directory, not a catalog file".to_string()));
        }
        if let Some(parent) = file.parent().filter(|p| !p.is_dir()) {
            return Err(failed(format!("its directory {} does not exist", parent.display())));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("duckspec-iceberg")
            .enable_all()
            .build()
            .map_err(|e| failed(format!("cannot start its I/O runtime: {e}")))?;
        let props = HashMap::from([
            (SQL_CATALOG_PROP_URI.to_string(), format!("sqlite://{}?mode=rwc", file.display())),
            (SQL_CATALOG_PROP_WAREHOUSE.to_string(), format!("file://{}", warehouse.display())),
            (SQL_CATALOG_PROP_BIND_STYLE.to_string(), SqlBindStyle::QMark.to_string()),
        ]);
        let builder = SqlCatalogBuilder::default()
            .with_storage_factory(Arc::new(LocalFsStorageFactory))
            .with_runtime(iceberg::Runtime::new(&runtime));
        let loaded = block_in(&runtime, builder.load(Self::NAME, props));
        let catalog = match loaded {
            Ok(Ok(catalog)) => catalog,
            Ok(Err(e)) => return Err(shut_down(runtime, failed(reason(&e)))),
            Err(unfinished) => return Err(shut_down(runtime, unfinished.into_error(failed))),
        };
        Ok(Catalog { catalog: Some(catalog), runtime: Some(runtime), file, warehouse })
    }

    /// The catalog file.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Whether `path` is a SQLite file (what a SQL catalog is stored in; a DuckDB database file
    /// and a lake directory are not): its first bytes are SQLite's header.
    pub fn is_sql_catalog(path: &Path) -> bool {
        use std::io::Read;
        let mut header = [0u8; 16];
        std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)).is_ok()
            && &header == b"SQLite format 3\0"
    }

    /// Every table of the catalog as `namespace.table`, sorted.
    pub fn table_names(&self) -> Result<Vec<String>, Error> {
        let namespaces = self.run(self.inner().list_namespaces(None))?;
        let mut names = Vec::new();
        for namespace in namespaces {
            for table in self.run(self.inner().list_tables(&namespace))? {
                names.push(format!("{}.{}", namespace.join("."), table.name()));
            }
        }
        names.sort();
        Ok(names)
    }

    /// What the current snapshot of `table` (`namespace.table`, or `table` in `main`) holds, from
    /// the catalog's metadata; `None` when the catalog has no such table.
    ///
    /// ```
    /// use duckspec::iceberg::Catalog;
    ///
    /// let dir = tempfile::tempdir().expect("a temporary directory");
    /// let catalog = Catalog::sql(dir.path().join("catalog.db"), dir.path().join("warehouse"))?;
    /// assert_eq!(catalog.snapshot("job_metrics")?, None);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    pub fn snapshot(&self, table: &str) -> Result<Option<TableSnapshot>, Error> {
        let (schema, name) = table.rsplit_once('.').unwrap_or((duckspec_spec::DEFAULT_SCHEMA, table));
        let mut def = TableDef::new(name);
        def.schema = schema.to_string();
        let Some(table) = self.load(&def)? else { return Ok(None) };
        let metadata = table.metadata();
        let total = |key: &str| -> u64 {
            metadata
                .current_snapshot()
                .and_then(|s| s.summary().additional_properties.get(key).and_then(|v| v.parse().ok()))
                .unwrap_or(0)
        };
        let snapshot = TableSnapshot {
            snapshots: metadata.snapshots().len(),
            snapshot_id: metadata.current_snapshot().map(|s| s.snapshot_id()),
            rows: total("total-records"),
            data_files: total("total-data-files"),
            location: metadata.location().to_string(),
        };
        Ok(Some(snapshot))
    }

    /// Runs an Iceberg call to completion on the catalog's runtime.
    pub(crate) fn run<T: Send>(
        &self,
        future: impl Future<Output = iceberg::Result<T>> + Send,
    ) -> Result<T, Error> {
        self.block_on(future)
            .map_err(|u| u.into_error(|m| self.error(m)))?
            .map_err(|e| self.error(reason(&e)))
    }

    /// The catalog's Iceberg interface.
    pub(crate) fn inner(&self) -> &SqlCatalog {
        self.catalog.as_ref().expect("the catalog is there until the Catalog is dropped")
    }

    /// Runs `future` on the catalog's runtime, blocking the calling thread (like a DuckDB call).
    /// The caller says what the call was for when it did not finish ([`Unfinished::into_error`]).
    pub(crate) fn block_on<F>(&self, future: F) -> Result<F::Output, Unfinished>
    where
        F: Future + Send,
        F::Output: Send,
    {
        block_in(self.runtime.as_ref().expect("the runtime is there until the Catalog is dropped"), future)
    }

    pub(crate) fn error(&self, message: String) -> Error {
        Error::Iceberg { catalog: self.file.display().to_string(), message }
    }

    /// An error of the table of `def`: `Iceberg catalog FILE: table main.job_metrics: MESSAGE`.
    pub(crate) fn table_error(&self, def: &TableDef, message: impl std::fmt::Display) -> Error {
        self.error(format!("table {}: {message}", Self::name(def)))
    }

    /// A spec table's Iceberg name as messages show it: `main.job_metrics`.
    pub(crate) fn name(def: &TableDef) -> String {
        format!("{}.{}", def.schema, def.name)
    }

    /// The Iceberg name of a spec table.
    pub(crate) fn ident(def: &TableDef) -> TableIdent {
        TableIdent::new(NamespaceIdent::new(def.schema.clone()), def.name.clone())
    }

    /// The table of `def`, if the catalog has it.
    pub(crate) fn load(&self, def: &TableDef) -> Result<Option<IcebergTable>, Error> {
        let ident = Self::ident(def);
        let table_error = |message: String| self.error(format!("table {ident}: {message}"));
        match self.block_on(self.inner().load_table(&ident)).map_err(|u| u.into_error(table_error))? {
            Ok(table) => Ok(Some(table)),
            Err(e) if matches!(e.kind(), ErrorKind::TableNotFound | ErrorKind::NamespaceNotFound) => Ok(None),
            Err(e) => Err(table_error(reason(&e))),
        }
    }

    /// The table of `def`, created from the spec when the catalog does not have it (another
    /// writer creating it at the same time is fine: its table is loaded).
    pub(crate) fn load_or_create(
        &self,
        def: &TableDef,
        ddl: &str,
        partitions: &[Partition],
    ) -> Result<IcebergTable, Error> {
        if let Some(table) = self.load(def)? {
            return Ok(table);
        }
        let table_error = |message: String| self.table_error(def, message);
        let schema = iceberg_schema(def).map_err(table_error)?;
        let spec = partition_spec(def, &schema, partitions).map_err(table_error)?;
        std::fs::create_dir_all(&self.warehouse)
            .map_err(|e| self.error(format!("warehouse {}: {e}", self.warehouse.display())))?;
        let namespace = NamespaceIdent::new(def.schema.clone());
        let namespace_error = |message: String| self.error(format!("namespace {}: {message}", def.schema));
        let created = self.block_on(self.inner().create_namespace(&namespace, HashMap::new()));
        match created.map_err(|u| u.into_error(namespace_error))? {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NamespaceAlreadyExists => {}
            Err(e) => return Err(namespace_error(reason(&e))),
        }
        let mut properties = vec![(DDL_PROPERTY.to_string(), ddl.to_string())];
        if let Some(comment) = &def.comment {
            properties.push(("comment".to_string(), comment.clone()));
        }
        let creation = TableCreation::builder()
            .name(def.name.clone())
            .schema(schema)
            .partition_spec(spec)
            .properties(properties)
            .build();
        match self
            .block_on(self.inner().create_table(&namespace, creation))
            .map_err(|u| u.into_error(table_error))?
        {
            Ok(table) => Ok(table),
            Err(e) if e.kind() == ErrorKind::TableAlreadyExists => {
                self.load(def)?.ok_or_else(|| table_error("was created and dropped meanwhile".to_string()))
            }
            Err(e) => Err(table_error(reason(&e))),
        }
    }
}

/// A table's current state in the catalog (see [`Catalog::snapshot`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSnapshot {
    /// Snapshots the table's metadata keeps (one per commit until they are expired).
    pub snapshots: usize,
    /// The current snapshot, `None` before the first commit.
    pub snapshot_id: Option<i64>,
    /// Rows in the current snapshot.
    pub rows: u64,
    /// Data files in the current snapshot.
    pub data_files: u64,
    /// The table's location (its `data/` and `metadata/` directories).
    pub location: String,
}

/// An Iceberg error as one line with its sources (the crate's `Display` spreads them over lines).
pub(crate) fn reason(error: &iceberg::Error) -> String {
    let mut text = format!("{}: {}", error.kind(), error.message());
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        // sqlx's errors repeat their source's message: each message once.
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    crate::spec::one_line(&text)
}

/// Why a call on the catalog's runtime did not finish: the Iceberg crates panicked (the Avro
/// decoder of apache-avro 0.21 unwraps an invalid name in a damaged manifest's schema, for one),
/// or the thread a call from inside an async runtime needs could not start.
#[derive(Debug)]
pub(crate) enum Unfinished {
    /// The panic's message.
    Panicked(String),
    /// Why the thread could not start.
    NoThread(std::io::Error),
}

impl Unfinished {
    /// The error for a call that did not finish: a panic as `error` makes it (the caller's
    /// catalog, table and context), a thread that could not start as [`Error::Thread`].
    pub(crate) fn into_error(self, error: impl FnOnce(String) -> Error) -> Error {
        match self {
            Unfinished::Panicked(message) => error(format!("the Iceberg crates panicked: {message}")),
            Unfinished::NoThread(e) => {
                Error::Thread { thread: CALL_THREAD, reason: format!("could not be started: {e}") }
            }
        }
    }

    fn panicked(payload: Box<dyn std::any::Any + Send>) -> Unfinished {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Unfinished::Panicked(crate::spec::one_line(&message))
    }
}

/// The thread an Iceberg call made from inside an async runtime runs on.
const CALL_THREAD: &str = "duckspec-iceberg-call";

/// Runs `future` to completion on `runtime`; a panic inside it is [`Unfinished::Panicked`], not
/// the caller's (nothing of duckspec's state is changed by a call that did not finish: a commit
/// that panics before the catalog swapped the metadata commits nothing). From inside an async
/// runtime (whose threads may not block on another runtime) it runs on a thread of its own while
/// the caller waits, as a blocking call does.
fn block_in<F>(runtime: &tokio::runtime::Runtime, future: F) -> Result<F::Output, Unfinished>
where
    F: Future + Send,
    F::Output: Send,
{
    let run = || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runtime.block_on(future)))
            .map_err(Unfinished::panicked)
    };
    if tokio::runtime::Handle::try_current().is_err() {
        return run();
    }
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name(CALL_THREAD.into())
            .spawn_scoped(scope, run)
            .map_err(Unfinished::NoThread)?;
        thread.join().unwrap_or_else(|payload| Err(Unfinished::panicked(payload)))
    })
}

/// Stops `runtime` without waiting (it may be inside another runtime) and returns `error`.
fn shut_down(runtime: tokio::runtime::Runtime, error: Error) -> Error {
    runtime.shutdown_background();
    error
}

impl Drop for Catalog {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            {
                let _inside = runtime.enter();
                drop(self.catalog.take());
            }
            // Without waiting for its threads: dropping a runtime inside another one would panic.
            runtime.shutdown_background();
        }
    }
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

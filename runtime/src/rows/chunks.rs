//! DuckDB data chunks converted on the encoding thread and inserted by the connection's thread:
//! the table function `duckspec_chunks(id)` hands DuckDB, chunk by chunk, what another thread
//! converted from Arrow, and `INSERT INTO t (…) SELECT * FROM duckspec_chunks(id)` stores them.
//!
//! An appender converts each Arrow batch into a DuckDB data chunk on the thread that appends
//! (duckdb-rs keeps that conversion inside `Appender::append_record_batch` and the appender's
//! handle private), which leaves half of the per-row work on the connection's thread. Here the
//! conversion runs on the encoding thread; the table function only makes DuckDB's output vectors
//! reference the finished chunk's vectors (`duckdb_vector_reference_vector`, no copy).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};

use duckdb::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::core::{DataChunkHandle, LogicalTypeHandle, LogicalTypeId};
use duckdb::ffi;
use duckdb::vtab::{
    record_batch_to_duckdb_data_chunk, to_duckdb_logical_type_for_field, BindInfo, InitInfo,
    TableFunctionInfo, VTab,
};
use duckdb::Connection;

use super::failure::Failure;
use super::lanes::BatchTarget;

/// The table function's name.
const FUNCTION: &str = "duckspec_chunks";

/// A data chunk on its way from the encoding thread to DuckDB.
pub(crate) struct Chunk(DataChunkHandle);

// SAFETY: a `DataChunkHandle` made by `DataChunkHandle::new` owns its DuckDB data chunk, a heap
// object with no tie to the thread that made it; the chunk is used by one thread at a time (the
// encoder fills it, then moves it through the channel to the thread DuckDB runs the scan on).
unsafe impl Send for Chunk {}

/// The rows of one insert, as the table function finds them.
struct Stream {
    schema: SchemaRef,
    chunks: Mutex<Receiver<Chunk>>,
}

/// The inserts under way, by the id their statement names.
fn streams() -> &'static Mutex<HashMap<u64, Arc<Stream>>> {
    static STREAMS: OnceLock<Mutex<HashMap<u64, Arc<Stream>>>> = OnceLock::new();
    STREAMS.get_or_init(Default::default)
}

/// An insert's entry in [`streams`], removed when dropped (so its receiver goes away once the
/// statement is gone too, and an encoder still sending stops).
pub(crate) struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        streams().lock().unwrap_or_else(|p| p.into_inner()).remove(&self.0);
    }
}

/// Makes `chunks` (of rows with `schema`) available to the table function; returns the entry and
/// the `INSERT` statement's source, `duckspec_chunks(<id>)`.
pub(crate) fn register(schema: SchemaRef, chunks: Receiver<Chunk>) -> (Registered, String) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let stream = Arc::new(Stream { schema, chunks: Mutex::new(chunks) });
    streams().lock().unwrap_or_else(|p| p.into_inner()).insert(id, stream);
    (Registered(id), format!("{FUNCTION}({id})"))
}

/// Registers the table function with `conn`'s database unless it is there already (it is
/// registered once per database, by the first large insert). Call it outside a transaction: the
/// registration is a catalog change.
pub(crate) fn install(conn: &Connection) -> Result<(), Failure> {
    if installed(conn) {
        return Ok(());
    }
    match conn.register_table_function::<ChunkScan>(FUNCTION) {
        Ok(()) => Ok(()),
        // Another connection registered it meanwhile.
        Err(_) if installed(conn) => Ok(()),
        Err(error) => Err(Failure::Open(error)),
    }
}

/// Whether the function is there: a statement naming it with the probe id binds (our own `bind`
/// accepts the probe, with no rows) exactly when it is registered, with no message to read.
/// Cheaper than listing `duckdb_functions()`.
fn installed(conn: &Connection) -> bool {
    conn.prepare(&format!("SELECT * FROM {FUNCTION}({PROBE})")).is_ok()
}

/// The id that names no insert: the table function binds it to an empty stream.
const PROBE: i64 = -1;

/// A conversion DuckDB's Arrow bridge refused: no row is to blame, the table's types are.
fn conversion(error: Box<dyn std::error::Error>) -> Failure {
    Failure::Open(duckdb::Error::ToSqlConversionFailure(error.to_string().into()))
}

/// Where the encoding thread puts batches: converted into data chunks, sent to the inserting side.
pub(crate) struct ChunkSender {
    sender: SyncSender<Chunk>,
    types: Vec<LogicalTypeHandle>,
}

impl ChunkSender {
    pub fn new(schema: &SchemaRef, sender: SyncSender<Chunk>) -> Result<ChunkSender, Failure> {
        let types = logical_types(schema).map_err(conversion)?;
        Ok(ChunkSender { sender, types })
    }
}

impl BatchTarget for ChunkSender {
    fn batch(
        &mut self,
        _lane: usize,
        _projection: Option<&[usize]>,
        batch: RecordBatch,
    ) -> Result<(), Failure> {
        let mut chunk = DataChunkHandle::new(&self.types);
        record_batch_to_duckdb_data_chunk(&batch, &mut chunk).map_err(conversion)?;
        self.sender.send(Chunk(chunk)).map_err(|_| Failure::Stopped)
    }
}

fn logical_types(schema: &SchemaRef) -> Result<Vec<LogicalTypeHandle>, Box<dyn std::error::Error>> {
    schema.fields().iter().map(|field| to_duckdb_logical_type_for_field(field)).collect()
}

/// The table function: bound to one insert's stream by its id.
struct ChunkScan;

impl VTab for ChunkScan {
    type InitData = ();
    type BindData = Arc<Stream>;

    fn bind(bind: &BindInfo) -> Result<Arc<Stream>, Box<dyn std::error::Error>> {
        let id = match bind.get_parameter(0).to_int64() {
            PROBE => {
                // `installed` asking: one column, no rows (the sender is gone at once).
                let (_, chunks) = std::sync::mpsc::sync_channel(0);
                bind.add_result_column("probe", LogicalTypeHandle::from(LogicalTypeId::Boolean));
                let schema = Arc::new(Schema::new(vec![Field::new("probe", DataType::Boolean, true)]));
                return Ok(Arc::new(Stream { schema, chunks: Mutex::new(chunks) }));
            }
            id if id >= 0 => id as u64,
            _ => return Err("duckspec_chunks: the id must not be negative".into()),
        };
        let stream = streams()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .cloned()
            .ok_or("duckspec_chunks: no such insert under way (the function is duckspec's own)")?;
        for (field, logical_type) in stream.schema.fields().iter().zip(logical_types(&stream.schema)?) {
            bind.add_result_column(field.name(), logical_type);
        }
        Ok(stream)
    }

    fn init(init: &InitInfo) -> Result<(), Box<dyn std::error::Error>> {
        // One stream, read in order: the table's order is the rows' order.
        init.set_max_threads(1);
        Ok(())
    }

    fn func(
        info: &TableFunctionInfo<Self>,
        output: &mut DataChunkHandle,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let stream = info.get_bind_data();
        let next = stream.chunks.lock().unwrap_or_else(|p| p.into_inner()).recv();
        match next {
            // The encoder finished (or stopped: its error is reported by the caller).
            Err(_) => output.set_len(0),
            Ok(Chunk(chunk)) => {
                for column in 0..chunk.num_columns() {
                    // SAFETY: both chunks are live and have the same column types (the bind
                    // declared the stream's schema); referencing shares the source vector's
                    // buffers by reference count, so they outlive `chunk`.
                    unsafe {
                        let to = ffi::duckdb_data_chunk_get_vector(output.get_ptr(), column as u64);
                        let from = ffi::duckdb_data_chunk_get_vector(chunk.get_ptr(), column as u64);
                        ffi::duckdb_vector_reference_vector(to, from);
                    }
                }
                output.set_len(chunk.len());
            }
        }
        Ok(())
    }

    fn parameters() -> Option<Vec<LogicalTypeHandle>> {
        Some(vec![LogicalTypeHandle::from(LogicalTypeId::Bigint)])
    }
}

//! DuckDB inside the compiler: the spec loaded into an in-memory database (once per spec file
//! and modification time in this compiler process), and a query prepared against it. DuckDB's
//! binder is the judge of what a query means; what it reports (each result column's name and
//! type, each parameter's type, the statement's kind, or its error) is all the macro uses.
//! Through DuckDB's C API (`libduckdb-sys`), the crate the runtime's `duckdb` links, so one
//! compiled DuckDB serves both.

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::path::PathBuf;
use std::ptr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use duckspec_spec::{
    quote_ident, render_index, render_sequence, render_table, render_type, render_view, Location, Schema,
    SqlType,
};
use libduckdb_sys as ffi;

use super::logical::sql_type;
use crate::spec_file::SpecFile;

/// What DuckDB says a prepared query is.
pub struct Described {
    /// Each result column's name and type, in order.
    pub columns: Vec<(String, SqlType)>,
    /// Each parameter's type, in order; `None` where DuckDB could not tell (`SELECT ?`).
    pub params: Vec<Option<SqlType>>,
    /// Whether the statement is a `SELECT` (a query a projection can wrap).
    pub select: bool,
}

/// An in-memory database holding one spec.
struct Database {
    db: ffi::duckdb_database,
    conn: ffi::duckdb_connection,
}

// SAFETY: DuckDB's database and connection handles may be used from any thread; every use here
// holds the database's mutex, so one thread uses a connection at a time.
unsafe impl Send for Database {}

impl Drop for Database {
    fn drop(&mut self) {
        // SAFETY: both handles were opened by `Database::open` and are closed once, here.
        unsafe {
            ffi::duckdb_disconnect(&mut self.conn);
            ffi::duckdb_close(&mut self.db);
        }
    }
}

type Loaded = Result<Arc<Mutex<Database>>, String>;
type Cache = Mutex<HashMap<PathBuf, (SystemTime, Loaded)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Prepares `sql` against the spec `spec` and describes it; the error is DuckDB's message (a
/// spec DuckDB refuses says so).
pub fn describe(spec: &SpecFile, sql: &str) -> Result<Described, QueryError> {
    let mtime = std::fs::metadata(&spec.absolute)
        .and_then(|m| m.modified())
        .map_err(|e| QueryError::Spec(format!("{}: {e}", spec.written)))?;
    let database = {
        let mut cache = cache().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match cache.get(&spec.absolute) {
            Some((cached, loaded)) if *cached == mtime => loaded.clone(),
            _ => {
                let loaded = Database::open(&spec.schema).map(|db| Arc::new(Mutex::new(db)));
                cache.insert(spec.absolute.clone(), (mtime, loaded.clone()));
                loaded
            }
        }
    }
    .map_err(QueryError::Spec)?;
    let database = database.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    database.describe(sql).map_err(QueryError::Query)
}

/// Why a query could not be described.
pub enum QueryError {
    /// The spec could not be loaded, or DuckDB refused it: the whole message, starting with the
    /// spec file (and the line and column of the statement DuckDB refused).
    Spec(String),
    /// DuckDB refused the query: its message.
    Query(String),
}

impl Database {
    /// An in-memory database holding `schema`, created one statement at a time, so that a
    /// statement DuckDB refuses is reported at its place in the spec file.
    fn open(schema: &Schema) -> Result<Database, String> {
        let mut database = Database { db: ptr::null_mut(), conn: ptr::null_mut() };
        // SAFETY: C API calls with valid out-pointers; every handle made is released on every
        // path (the config here, the database and connection by `Drop`).
        unsafe {
            let mut config: ffi::duckdb_config = ptr::null_mut();
            if ffi::duckdb_create_config(&mut config) != ffi::duckdb_state_DuckDBSuccess {
                return Err("cannot create a DuckDB configuration".to_string());
            }
            // Nothing from the network, nothing loaded behind the spec's back, one thread.
            for (name, value) in [
                ("autoinstall_known_extensions", "false"),
                ("autoload_known_extensions", "false"),
                ("threads", "1"),
            ] {
                let (name, value) = (CString::new(name).unwrap(), CString::new(value).unwrap());
                ffi::duckdb_set_config(config, name.as_ptr(), value.as_ptr());
            }
            let mut error: *mut std::os::raw::c_char = ptr::null_mut();
            let opened = ffi::duckdb_open_ext(ptr::null(), &mut database.db, config, &mut error);
            ffi::duckdb_destroy_config(&mut config);
            if opened != ffi::duckdb_state_DuckDBSuccess {
                let message = take_message(error);
                return Err(format!("cannot open an in-memory DuckDB: {message}"));
            }
            if ffi::duckdb_connect(database.db, &mut database.conn) != ffi::duckdb_state_DuckDBSuccess {
                return Err("cannot connect to an in-memory DuckDB".to_string());
            }
        }
        for statement in statements(schema) {
            database.run(&statement.sql).map_err(|e| statement.refused(&e))?;
        }
        Ok(database)
    }

    /// Runs `sql` (statements that return nothing the macro needs).
    fn run(&self, sql: &str) -> Result<(), String> {
        let text = CString::new(sql).map_err(|_| "the SQL contains a NUL byte".to_string())?;
        // SAFETY: a valid connection and C string; the result is destroyed on every path.
        unsafe {
            let mut result: ffi::duckdb_result = std::mem::zeroed();
            let state = ffi::duckdb_query(self.conn, text.as_ptr(), &mut result);
            let outcome = if state == ffi::duckdb_state_DuckDBSuccess {
                Ok(())
            } else {
                Err(message(ffi::duckdb_result_error(&mut result)))
            };
            ffi::duckdb_destroy_result(&mut result);
            outcome
        }
    }

    fn describe(&self, sql: &str) -> Result<Described, String> {
        let text = CString::new(sql).map_err(|_| "the SQL contains a NUL byte".to_string())?;
        // SAFETY: a valid connection and C string; the prepared statement is destroyed on every
        // path, and each logical type is destroyed by `sql_type`'s guard.
        unsafe {
            let mut statement: ffi::duckdb_prepared_statement = ptr::null_mut();
            let state = ffi::duckdb_prepare(self.conn, text.as_ptr(), &mut statement);
            let described = if state == ffi::duckdb_state_DuckDBSuccess {
                Ok(describe_prepared(statement))
            } else if statement.is_null() {
                Err("DuckDB could not prepare the query".to_string())
            } else {
                Err(message(ffi::duckdb_prepare_error(statement)))
            };
            ffi::duckdb_destroy_prepare(&mut statement);
            described?
        }
    }
}

/// One statement that creates part of a spec, with where the spec declares it.
struct SpecStatement {
    sql: String,
    what: String,
    location: Option<Location>,
}

impl SpecStatement {
    /// DuckDB's refusal `error` of this statement, at its place in the spec file. DuckDB's
    /// `LINE n:` excerpt is dropped: it counts lines of the canonical DDL duckspec ran, not of
    /// the file.
    fn refused(&self, error: &str) -> String {
        let reason = error.split("\nLINE ").next().unwrap_or(error).trim_end();
        let place = self.location.as_ref().map(ToString::to_string).unwrap_or_else(|| "the spec".into());
        format!("{place}: DuckDB refuses {}: {reason}", self.what)
    }
}

/// Every statement that creates `schema`, in an order DuckDB can run (the order of
/// `render_schema`).
fn statements(schema: &Schema) -> Vec<SpecStatement> {
    let statement = |sql: String, what: String, location: &Option<Location>| SpecStatement {
        sql,
        what,
        location: location.clone(),
    };
    let mut out = Vec::new();
    for def in &schema.schemas {
        let sql = format!("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(&def.name));
        out.push(statement(sql, format!("schema {}", def.name), &def.location));
    }
    for def in &schema.types {
        out.push(statement(render_type(def), format!("type {}", def.display_name()), &def.location));
    }
    for def in &schema.sequences {
        out.push(statement(render_sequence(def), format!("sequence {}", def.display_name()), &def.location));
    }
    for table in schema.tables_in_dependency_order() {
        out.push(statement(render_table(table), format!("table {}", table.display_name()), &table.location));
    }
    for def in &schema.views {
        out.push(statement(render_view(def), format!("view {}", def.display_name()), &def.location));
    }
    for def in &schema.indexes {
        out.push(statement(render_index(def), format!("index {}", def.display_name()), &def.location));
    }
    out
}

/// The columns, parameters and kind of a prepared statement.
///
/// # Safety
/// `statement` is a successfully prepared statement.
unsafe fn describe_prepared(statement: ffi::duckdb_prepared_statement) -> Result<Described, String> {
    let mut columns = Vec::new();
    for i in 0..ffi::duckdb_prepared_statement_column_count(statement) {
        let name = take_message(ffi::duckdb_prepared_statement_column_name(statement, i).cast_mut());
        let ty = sql_type(ffi::duckdb_prepared_statement_column_logical_type(statement, i)).map_err(|e| {
            // With a type it cannot tell, DuckDB reports one placeholder column: no name to give.
            if e.starts_with("DuckDB cannot tell") {
                format!("the result's columns: {e}")
            } else {
                format!("result column {name}: {e}")
            }
        })?;
        columns.push((name, ty));
    }
    let mut params = Vec::new();
    for i in 1..=ffi::duckdb_nparams(statement) {
        let ty = ffi::duckdb_param_logical_type(statement, i);
        params.push(if ty.is_null() { None } else { sql_type(ty).ok().filter(|ty| *ty != SqlType::Null) });
    }
    let select = ffi::duckdb_prepared_statement_type(statement)
        == ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_SELECT;
    Ok(Described { columns, params, select })
}

/// A C string DuckDB owns, copied (empty for NULL).
///
/// # Safety
/// `text` is NULL or a NUL-terminated string.
unsafe fn message(text: *const std::os::raw::c_char) -> String {
    if text.is_null() {
        return String::new();
    }
    CStr::from_ptr(text).to_string_lossy().into_owned()
}

/// A C string DuckDB allocated for the caller, copied and freed.
///
/// # Safety
/// `text` is NULL or a string DuckDB allocated with its allocator.
pub(super) unsafe fn take_message(text: *mut std::os::raw::c_char) -> String {
    let copied = message(text);
    if !text.is_null() {
        ffi::duckdb_free(text.cast());
    }
    copied
}

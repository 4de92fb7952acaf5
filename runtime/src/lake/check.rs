//! Drift between a spec and a Parquet lake: every file of every table directory, its columns'
//! names, order, types and nullability against the spec table's, their Parquet annotations
//! against those duckspec writes, its footer as DuckDB reads it against the parquet crate's
//! reading (`readers`), and its partition directories' keys and values against the columns they
//! stand for (what `duckspec diff SPEC LAKE_DIR` prints). Parquet records no keys, CHECKs or
//! DEFAULTs, so those are not compared.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use duckdb::arrow::datatypes::Field;
use duckspec_spec::{
    diff_tables, parse_schema, render_table, Schema, SqlType, TableDef, RESERVED_TABLE_PREFIX,
};
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
use parquet::basic::{ConvertedType, LogicalType};
use parquet::schema::types::{Type as ParquetType, TypePtr};

use super::types::{expected_type, lake_columns, lake_schema, parquet_schema, same_type};
use super::{partition, readers};
use crate::error::Error;

/// One difference between a spec and a lake file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LakeDrift {
    /// The file (or table directory) it concerns.
    pub path: PathBuf,
    /// The table, as the spec names it (or the directory's name when the spec has no such table).
    pub table: String,
    /// What differs.
    pub message: String,
}

impl fmt::Display for LakeDrift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line per difference, whatever a directory or file name holds.
        let text = format!("{}: table {}: {}", self.path.display(), self.table, self.message);
        f.write_str(&duckspec_spec::one_line(&text))
    }
}

/// Compares every Parquet file under `lake/<table>/` (partition directories included, unfinished
/// `.…tmp` files skipped) with `spec`'s table of that name. A directory the spec has no table for
/// is one drift; a spec table without files in a lake that has files of other spec tables is none
/// (it has no rows yet), but a lake with no file of any spec table (an empty directory, a directory
/// that is no lake) never agrees: each spec table is a drift. Directories named `duckspec_…` are
/// duckspec's own (a lake sink's rejected rows) and are not compared.
///
/// ```
/// use duckspec::lake::{diff_lake, LakeOptions, LakeWriter};
/// use duckspec::Table;
///
/// #[derive(Table)]
/// #[table(name = "job_metrics", unchecked)]
/// struct JobMetric {
///     job_id: String,
///     duration_ms: i64,
/// }
///
/// let lake = tempfile::tempdir().expect("a temporary directory");
/// let mut writer = LakeWriter::<JobMetric>::create(lake.path(), LakeOptions::default())?;
/// writer.write(&[JobMetric { job_id: "j1".into(), duration_ms: 40 }])?;
/// writer.finish()?;
///
/// let spec = |sql| duckspec::spec::parse_schema("spec/metrics.sql", sql);
/// let same = spec("CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, duration_ms BIGINT NOT NULL);")?;
/// assert!(diff_lake(&same, lake.path())?.is_empty());
///
/// let moved_on = spec("CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, duration_ms DOUBLE NOT NULL);")?;
/// let drifts = diff_lake(&moved_on, lake.path())?;
/// assert!(drifts[0].message.starts_with("column duration_ms: spec has DOUBLE"), "{}", drifts[0]);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn diff_lake(spec: &Schema, lake: &Path) -> Result<Vec<LakeDrift>, Error> {
    let io =
        |path: &Path, e: std::io::Error| Error::Lake { path: path.to_path_buf(), message: e.to_string() };
    let mut drifts = Vec::new();
    // DuckDB's reading of each footer, beside the parquet crate's (`readers`).
    let duckdb = duckdb::Connection::open_in_memory().map_err(|e| Error::Lake {
        path: lake.to_path_buf(),
        message: format!("cannot start DuckDB: {e}"),
    })?;
    // Whether the lake has a file of any table of the spec.
    let mut any_table = false;
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(lake).map_err(|e| io(lake, e))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for dir in entries.into_iter().filter(|p| p.is_dir()) {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Hidden directories, and duckspec's own tables (a lake sink's `duckspec_rejects`), as
        // `diff` leaves a database's.
        if name.starts_with('.') || name.to_lowercase().starts_with(RESERVED_TABLE_PREFIX) {
            continue;
        }
        let Some(def) = spec.table(&name) else {
            drifts.push(LakeDrift { path: dir, table: name, message: "the spec has no such table".into() });
            continue;
        };
        // The Parquet schema duckspec writes for the table, whose annotations each file must carry
        // (none when the spec's table has no Parquet schema: its types were compared already).
        let written = parquet_schema(def, &lake_schema(def)).ok();
        let mut files = Vec::new();
        parquet_files(&dir, &mut files).map_err(|e| io(&dir, e))?;
        files.sort();
        any_table |= !files.is_empty();
        for file in files {
            let read = read_file(&file)?;
            let (in_path, mut messages) = check_directories(def, &dir, &file);
            match readers::disagreement(&duckdb, &file, &read.root) {
                Ok(None) => {}
                Ok(Some(how)) => messages.push(format!("its footer is damaged: {how}")),
                Err(e) => {
                    return Err(Error::Lake {
                        path: file,
                        message: format!("not a Parquet file DuckDB can read: {e}"),
                    })
                }
            }
            messages.extend(compare(def, written.as_deref(), &read.columns, &in_path));
            if let Some(ddl) = &read.ddl {
                messages.extend(recorded_drift(def, spec, &file.display().to_string(), super::DDL_KEY, ddl));
            }
            drifts.extend(messages.into_iter().map(|message| LakeDrift {
                path: file.clone(),
                table: def.display_name(),
                message,
            }));
        }
    }
    // An empty directory (or a directory that is no lake) never agrees with a spec.
    for def in spec.tables.iter().filter(|_| !any_table) {
        let name = def.display_name();
        drifts.push(LakeDrift {
            path: lake.join(&name),
            table: name,
            message: "the lake has no file of any table of the spec".into(),
        });
    }
    Ok(drifts)
}

fn parquet_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            parquet_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "parquet") {
            out.push(path);
        }
    }
    Ok(())
}

/// The columns whose values the directory names between `table_dir` and `file` hold
/// (`host=a/`), and what is wrong with those names: a key that is no column of the spec table
/// (readers would add it as one), a value that is not one of its column's type (readers would
/// infer another type, or fail to cast), NULL in a NOT NULL column. A `day=` key the table has
/// no column for is `Partition::day`'s, derived from a timestamp: its values must be days. Names
/// that are no `key=value` are no partition and are left alone, as readers do.
fn check_directories(def: &TableDef, table_dir: &Path, file: &Path) -> (Vec<String>, Vec<String>) {
    let mut in_path = Vec::new();
    let mut messages = Vec::new();
    let levels = file.parent().and_then(|p| p.strip_prefix(table_dir).ok()).into_iter().flat_map(Path::iter);
    for level in levels {
        let raw = level.to_string_lossy();
        let Some((key, value)) = partition::parse_level(&raw) else { continue };
        let directory = format!("directory {raw}");
        match lake_columns(def).find(|c| c.name.eq_ignore_ascii_case(&key)) {
            Some(column) => {
                in_path.push(column.name.clone());
                match value {
                    None if !column.nullable => messages.push(format!(
                        "{directory}: NULL (Hive's default partition) in column {}, which the spec declares NOT NULL",
                        column.name
                    )),
                    Some(_) if !partition::partitionable(&column.sql_type) => messages.push(format!(
                        "{directory}: column {} is {} in the spec, whose values do not read back from directory names",
                        column.name, column.sql_type
                    )),
                    Some(value) if !partition::value_fits(&column.sql_type, &value) => messages.push(format!(
                        "{directory}: `{value}` is not a value of column {} ({} in the spec)",
                        column.name, column.sql_type
                    )),
                    _ => {}
                }
            }
            None if key.eq_ignore_ascii_case("day") => {
                if let Some(value) = value.filter(|v| !partition::is_date(v)) {
                    messages.push(format!("{directory}: `{value}` is not a day (YYYY-MM-DD)"));
                }
            }
            None => messages.push(format!(
                "{directory}: the spec table has no column {key} (readers add the directory key as a column)"
            )),
        }
    }
    (in_path, messages)
}

/// A file's top-level column as a reader sees it.
struct FileColumn {
    /// Its Arrow field, inferred from the Parquet schema alone (not from an Arrow schema a writer
    /// embedded, which other engines ignore and which could disagree with the data).
    field: Field,
    /// Its Parquet type, annotations and all.
    parquet: TypePtr,
}

/// What a lake file says about itself: its columns, and the DDL its writer recorded (files
/// duckspec writes carry `duckspec.ddl`; files from other writers do not).
struct LakeFile {
    columns: Vec<FileColumn>,
    ddl: Option<String>,
    /// The footer's schema, as the parquet crate reads it.
    root: TypePtr,
}

fn read_file(path: &Path) -> Result<LakeFile, Error> {
    let lake_error = |message: String| Error::Lake { path: path.to_path_buf(), message };
    let file = File::open(path).map_err(|e| lake_error(e.to_string()))?;
    let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new().with_skip_arrow_metadata(true))
        .map_err(|e| lake_error(format!("not a readable Parquet file: {e}")))?;
    let file_metadata = metadata.metadata().file_metadata();
    let ddl = file_metadata
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|kv| kv.key == super::DDL_KEY))
        .and_then(|kv| kv.value.clone());
    let parquet = file_metadata.schema_descr().root_schema();
    let columns = metadata
        .schema()
        .fields()
        .iter()
        .zip(parquet.get_fields())
        .map(|(field, parquet)| FileColumn { field: field.as_ref().clone(), parquet: parquet.clone() })
        .collect();
    Ok(LakeFile { columns, ddl, root: file_metadata.schema_descr().root_schema_ptr() })
}

/// The differences between the spec's table and the definition a file's writer recorded: what
/// Parquet cannot tell apart (VARCHAR, HUGEINT and JSON are all strings there; keys, CHECKs and
/// DEFAULTs are not stored) is still drift when the file was written for another definition.
/// The differences between a spec table and the definition a lake file or an Iceberg table
/// recorded (the canonical DDL under `key`, read from `source`), one line each.
pub(crate) fn recorded_drift(
    def: &TableDef,
    spec: &Schema,
    source: &str,
    key: &str,
    ddl: &str,
) -> Vec<String> {
    if ddl == render_table(def) {
        return Vec::new();
    }
    let recorded = match parse_schema(source, ddl) {
        Ok(recorded) => recorded,
        Err(e) => return vec![format!("its recorded definition ({key}) cannot be read: {e}")],
    };
    let Some(table) = recorded.tables.first() else {
        return vec![format!("its recorded definition ({key}) holds no table")];
    };
    diff_tables(def, table, &spec.origin, &recorded.origin)
        .into_iter()
        .map(|drift| format!("written for another definition: {drift}"))
        .collect()
}

fn describe(field: &Field) -> String {
    format!("{}{}", field.data_type(), if field.is_nullable() { "" } else { " NOT NULL" })
}

/// The differences between a spec table's lake columns and a file's fields, one line each; the
/// columns `in_path` are in the file's directory names and must not be inside it, and `written`
/// is the table's Parquet schema as duckspec writes it.
fn compare(
    def: &TableDef,
    written: Option<&ParquetType>,
    columns: &[FileColumn],
    in_path: &[String],
) -> Vec<String> {
    let fields: Vec<&Field> = columns.iter().map(|c| &c.field).collect();
    let mut out = Vec::new();
    let is_in_path = |name: &str| in_path.iter().any(|p| p.eq_ignore_ascii_case(name));
    let expected: Vec<_> = lake_columns(def).filter(|c| !is_in_path(&c.name)).collect();
    let expected_names: Vec<&str> = expected.iter().map(|c| c.name.as_str()).collect();
    let actual_names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
    for column in &expected {
        let want = format!(
            "{} ({}{})",
            column.sql_type,
            expected_type(column),
            if column.nullable { "" } else { " NOT NULL" }
        );
        match columns.iter().find(|c| c.field.name().eq_ignore_ascii_case(&column.name)) {
            None => out.push(format!("column {}: spec has {want}, file has no such column", column.name)),
            Some(FileColumn { field, parquet }) => {
                // 16 bytes without Parquet's UUID logical type are a BLOB to DuckDB and Spark.
                let uuid = matches!(parquet.get_basic_info().logical_type_ref(), Some(LogicalType::Uuid));
                let uuid_ok = column.sql_type != SqlType::Uuid || uuid;
                let type_ok = uuid_ok && same_type(&expected_type(column), field.data_type());
                if !type_ok || field.is_nullable() != column.nullable {
                    let note = if uuid_ok { "" } else { " without Parquet's UUID logical type" };
                    out.push(format!(
                        "column {}: spec has {want}, file has {}{note}",
                        column.name,
                        describe(field)
                    ));
                } else if let Some(written) = written {
                    let node =
                        written.get_fields().iter().find(|f| f.name().eq_ignore_ascii_case(&column.name));
                    if let Some(node) = node {
                        out.extend(annotations(column, parquet, node));
                    }
                }
            }
        }
    }
    for field in &fields {
        if is_in_path(field.name()) {
            out.push(format!(
                "column {}: in the directory names and inside the file too (pyarrow, Spark and DataFusion refuse or mistype a column that is both)",
                field.name()
            ));
        } else if !expected.iter().any(|c| c.name.eq_ignore_ascii_case(field.name())) {
            out.push(format!(
                "column {}: spec has no such column, file has {}",
                field.name(),
                describe(field)
            ));
        }
    }
    let common_expected: Vec<&str> = expected_names
        .iter()
        .copied()
        .filter(|n| actual_names.iter().any(|a| a.eq_ignore_ascii_case(n)))
        .collect();
    let common_actual: Vec<&str> = actual_names
        .iter()
        .copied()
        .filter(|n| expected_names.iter().any(|e| e.eq_ignore_ascii_case(n)))
        .collect();
    let same_order = common_expected.len() == common_actual.len()
        && common_expected.iter().zip(&common_actual).all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same_order {
        out.push(format!(
            "column order: spec has ({}), file has ({})",
            expected_names.join(", "),
            actual_names.join(", ")
        ));
    }
    out
}

/// The differences between the Parquet annotations of a file's column (`file`) and those duckspec
/// writes for it (`written`), node by node where the two have the same shape, one line each.
///
/// The Arrow types parquet-rs derives can agree while the annotations do not: a file whose
/// logical type is missing or damaged but whose legacy converted type is intact reads as the
/// spec's type here and as another in DuckDB (a TIMESTAMPTZ as TIMESTAMP, a VARCHAR as BLOB, a
/// DECIMAL as BIGINT; found by mutating a lake file's footer, tests/lake.rs), and DuckDB reads
/// some types from the legacy converted type alone (a TINYINT without `INT_8` is an INTEGER to
/// it). So every node's logical and converted types must be the ones written.
fn annotations(column: &duckspec_spec::ColumnDef, file: &ParquetType, written: &ParquetType) -> Vec<String> {
    let mut out = Vec::new();
    let mut path = vec![column.name.clone()];
    walk_annotations(column, file, written, &mut path, &mut out);
    out
}

fn walk_annotations(
    column: &duckspec_spec::ColumnDef,
    file: &ParquetType,
    written: &ParquetType,
    path: &mut Vec<String>,
    out: &mut Vec<String>,
) {
    let (have, want) = (file.get_basic_info(), written.get_basic_info());
    let converted_ok =
        have.converted_type() == want.converted_type() || have.converted_type() == ConvertedType::NONE;
    if have.logical_type_ref() != want.logical_type_ref() || !converted_ok {
        let show = |logical: Option<&LogicalType>, converted: ConvertedType| match logical {
            Some(logical) => format!("logical type {logical:?}, converted type {converted}"),
            None => format!("no logical type, converted type {converted}"),
        };
        out.push(format!(
            "column {}: spec has {}, which duckspec writes with {} at {}; the file has {} (readers may take it for another type)",
            column.name,
            column.sql_type,
            show(want.logical_type_ref(), want.converted_type()),
            path.join("."),
            show(have.logical_type_ref(), have.converted_type()),
        ));
        return;
    }
    if file.is_group() && written.is_group() && file.get_fields().len() == written.get_fields().len() {
        for (file, written) in file.get_fields().iter().zip(written.get_fields()) {
            path.push(file.name().to_string());
            walk_annotations(column, file, written, path, out);
            path.pop();
        }
    }
}

//! Whether two Parquet readers read a file's schema alike: the bundled DuckDB (`parquet_schema()`,
//! what the lake's queries see) and the parquet crate (what the lake check compares with the
//! spec). A well-formed footer reads the same in both; a damaged one can read differently, and
//! then a check made through one reader says nothing about the other. Found by mutating the
//! footer of a lake file (tests/lake.rs): a field header whose Thrift type was changed is
//! skipped by DuckDB (so a TINYINT column loses its `INT_8` and DuckDB reads an INTEGER) and
//! decoded anyway by the parquet crate, which still sees `INT_8`.

use std::path::Path;

use duckdb::Connection;
use parquet::basic::ConvertedType;
use parquet::schema::types::Type as ParquetType;

/// One schema element as both readers can describe it: name, physical type (none for a group),
/// repetition (none for the root), converted type, child count, and whether it has a logical
/// type.
type Element = (String, Option<String>, Option<String>, Option<String>, Option<i64>, bool);

/// The first schema element the two readers read differently, described for a drift message;
/// `None` when they agree. An error when DuckDB cannot read the footer at all.
pub(crate) fn disagreement(
    conn: &Connection,
    path: &Path,
    root: &ParquetType,
) -> Result<Option<String>, String> {
    let duckdb = duckdb_elements(conn, path)?;
    let mut parquet = Vec::new();
    parquet_elements(root, true, &mut parquet);
    if duckdb.len() != parquet.len() {
        return Ok(Some(format!(
            "DuckDB reads {} schema elements, the parquet crate {}",
            duckdb.len(),
            parquet.len()
        )));
    }
    Ok(duckdb.iter().zip(&parquet).find(|(a, b)| a != b).map(|(a, b)| {
        format!("DuckDB reads schema element {} as {}, the parquet crate as {}", b.0, show(a), show(b))
    }))
}

fn show(element: &Element) -> String {
    let (name, physical, repetition, converted, children, logical) = element;
    let mut parts = vec![name.clone()];
    parts.extend(physical.clone());
    parts.extend(repetition.clone());
    parts.push(match converted {
        Some(converted) => format!("converted type {converted}"),
        None => "no converted type".to_string(),
    });
    if let Some(children) = children {
        parts.push(format!("{children} children"));
    }
    parts.push(if *logical { "a logical type" } else { "no logical type" }.to_string());
    parts.join(", ")
}

fn duckdb_elements(conn: &Connection, path: &Path) -> Result<Vec<Element>, String> {
    let mut statement = conn
        .prepare(
            "SELECT name, type, repetition_type, converted_type, num_children, logical_type IS NOT NULL
             FROM parquet_schema(?)",
        )
        .map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([path.to_string_lossy()], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
        })
        .map_err(|e| e.to_string())?;
    rows.collect::<Result<Vec<Element>, _>>().map_err(|e| e.to_string())
}

/// `node` and its descendants in the footer's order (depth first), as DuckDB lists them.
fn parquet_elements(node: &ParquetType, root: bool, out: &mut Vec<Element>) {
    let info = node.get_basic_info();
    let converted = match info.converted_type() {
        ConvertedType::NONE => None,
        converted => Some(converted.to_string()),
    };
    let (physical, children) = match node {
        ParquetType::PrimitiveType { physical_type, .. } => (Some(physical_type.to_string()), None),
        ParquetType::GroupType { fields, .. } => (None, Some(fields.len() as i64)),
    };
    let repetition = (!root && info.has_repetition()).then(|| info.repetition().to_string());
    out.push((
        info.name().to_string(),
        physical,
        repetition,
        converted,
        children,
        info.logical_type_ref().is_some(),
    ));
    if let ParquetType::GroupType { fields, .. } = node {
        for field in fields {
            parquet_elements(field, false, out);
        }
    }
}

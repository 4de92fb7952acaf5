//! Reading a lake table back: the DuckDB query that gives a table's rows from its Parquet files
//! with the spec's columns, in the spec's order and types, partition columns taken from the
//! directory names.

use std::path::Path;

use duckspec_spec::{quote_ident, TableDef};

use super::partition::path_columns;
use super::types::lake_columns;
use super::LakeOptions;

/// The query that reads table `def` of the lake at `lake` (written with `options`) as the spec
/// declares it: every stored column, in the spec's order, cast to its spec type (a lake keeps
/// HUGEINT or INTERVAL as text, an ENUM as strings: the cast gives them back), the columns of
/// `Partition::column` read from the directory names as text first (so `host=007` stays
/// `'007'`, not the integer DuckDB would infer). Run it on any DuckDB with Parquet (duckspec's
/// bundled one has it). The path is written as a SQL string literal; DuckDB reads `*`, `?` and
/// `[` in it as glob characters.
///
/// ```
/// use duckspec::duckdb::Connection;
/// use duckspec::lake::{export, select_sql, LakeOptions, Partition};
///
/// let sql = "CREATE TABLE job_metrics (job_id VARCHAR NOT NULL, host VARCHAR, duration_ms HUGEINT);";
/// let spec = duckspec::spec::parse_schema("spec/metrics.sql", sql)?;
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch(sql)?;
/// conn.execute_batch("INSERT INTO job_metrics VALUES ('j1', '007', 40), ('j2', NULL, 12)")?;
///
/// let lake = tempfile::tempdir().expect("a temporary directory");
/// let options = LakeOptions::default().partition_by(Partition::column("host"));
/// export(&conn, &spec, lake.path(), &options)?;
///
/// let query = select_sql(spec.table("job_metrics").unwrap(), lake.path(), &options);
/// let back: Vec<(String, Option<String>, String)> = conn
///     .prepare(&format!("SELECT job_id, host, typeof(duration_ms) FROM ({query}) ORDER BY job_id"))?
///     .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
///     .collect::<Result<_, _>>()?;
/// assert_eq!(back, [("j1".into(), Some("007".into()), "HUGEINT".into()), ("j2".into(), None, "HUGEINT".into())]);
/// # Ok::<(), duckspec::Error>(())
/// ```
pub fn select_sql(def: &TableDef, lake: &Path, options: &LakeOptions) -> String {
    let options = options.for_table(def);
    let in_path: Vec<&str> = path_columns(options.partitions()).collect();
    let columns: Vec<String> = lake_columns(def)
        .map(|c| format!("CAST({0} AS {1}) AS {0}", quote_ident(&c.name), c.sql_type))
        .collect();
    let glob = lake.join(def.display_name()).join("**").join("*.parquet");
    let mut arguments = vec![literal(&glob.to_string_lossy()), "hive_partitioning = true".to_string()];
    if !in_path.is_empty() {
        let types: Vec<String> = in_path.iter().map(|c| format!("{}: 'VARCHAR'", literal(c))).collect();
        arguments.push(format!("hive_types = {{{}}}", types.join(", ")));
    }
    format!("SELECT {} FROM read_parquet({})", columns.join(", "), arguments.join(", "))
}

/// `text` as a SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

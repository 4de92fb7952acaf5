//! Hive partitioning: which directory each row of a batch goes to (`day=2026-11-26/host=a`), and
//! the batch split by it.

use std::collections::BTreeMap;

use duckdb::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, UInt32Array};
use duckdb::arrow::compute::take_record_batch;
use duckdb::arrow::datatypes::{DataType, TimeUnit, TimestampMicrosecondType};
use duckdb::arrow::temporal_conversions::timestamp_us_to_datetime;
use duckdb::arrow::util::display::{ArrayFormatter, FormatOptions};

/// One level of a lake's directory tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Partition {
    /// `column=value`, the column's value as text (`host=a`).
    Column(String),
    /// `day=YYYY-MM-DD`, the UTC day of a TIMESTAMP or TIMESTAMPTZ column.
    Day(String),
}

impl Partition {
    /// Partition by a column's value. NULL and the empty string both go to Hive's
    /// `__HIVE_DEFAULT_PARTITION__` directory and read back as NULL; a value whose directory name
    /// would be longer than 255 bytes is an error before anything is written.
    pub fn column(name: impl Into<String>) -> Partition {
        Partition::Column(name.into())
    }

    /// Partition by the UTC day of a timestamp column.
    pub fn day(column: impl Into<String>) -> Partition {
        Partition::Day(column.into())
    }

    /// The column it reads.
    pub fn source(&self) -> &str {
        match self {
            Partition::Column(name) | Partition::Day(name) => name,
        }
    }

    /// The directory key (`host`, `day`).
    fn key(&self) -> &str {
        match self {
            Partition::Column(name) => name,
            Partition::Day(_) => "day",
        }
    }
}

/// Hive's name for the directory of NULL values, which engines read back as NULL. An empty
/// string has no directory name of its own in Hive's layout: it lands here too and reads back as
/// NULL (Spark and pyarrow write it the same way).
const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The longest directory name (in bytes) common file systems allow.
const MAX_NAME_BYTES: usize = 255;

/// A directory name component: characters that would break the path or the `key=value` split are
/// percent-encoded, as Hive and the engines that read its layout expect.
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control()
            || matches!(c, '/' | '\\' | '=' | '%' | ':' | '#' | '?' | '*' | '"' | '<' | '>' | '|')
        {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    match out.as_str() {
        "" => NULL_PARTITION.to_string(),
        "." | ".." => out.replace('.', "%2E"),
        _ => out,
    }
}

/// The value of `partition` for each row, as directory text.
fn values(partition: &Partition, column: &ArrayRef) -> Result<Vec<String>, String> {
    let mut out = Vec::with_capacity(column.len());
    match partition {
        Partition::Column(name) => {
            let formatter = ArrayFormatter::try_new(column.as_ref(), &FormatOptions::default())
                .map_err(|e| format!("cannot partition by `{name}`: {e}"))?;
            for row in 0..column.len() {
                out.push(if column.is_null(row) {
                    NULL_PARTITION.to_string()
                } else {
                    escape(&formatter.value(row).to_string())
                });
            }
        }
        Partition::Day(name) => {
            let micros = match column.data_type() {
                DataType::Timestamp(TimeUnit::Microsecond, _) => {
                    column.as_primitive::<TimestampMicrosecondType>()
                }
                other => {
                    return Err(format!(
                    "cannot partition by the day of `{name}`: it is {other}, not a TIMESTAMP or TIMESTAMPTZ"
                ))
                }
            };
            for row in 0..column.len() {
                out.push(if micros.is_null(row) {
                    NULL_PARTITION.to_string()
                } else {
                    civil_day(micros.value(row))
                });
            }
        }
    }
    Ok(out)
}

/// The UTC calendar day (`YYYY-MM-DD`) of microseconds since the epoch.
fn civil_day(micros: i64) -> String {
    timestamp_us_to_datetime(micros)
        .map(|t| t.date().to_string())
        .unwrap_or_else(|| NULL_PARTITION.to_string())
}

/// `batch` split by partition directory (`day=2026-11-26/host=a`), rows in their order within
/// each; `columns` are the batch's column names.
pub(crate) fn split(
    batch: &RecordBatch,
    columns: &[&str],
    partitions: &[Partition],
) -> Result<Vec<(String, RecordBatch)>, String> {
    if partitions.is_empty() {
        return Ok(vec![(String::new(), batch.clone())]);
    }
    let mut per_level = Vec::with_capacity(partitions.len());
    for partition in partitions {
        let index =
            columns.iter().position(|c| c.eq_ignore_ascii_case(partition.source())).ok_or_else(|| {
                format!("cannot partition by `{}`: the table has no such column", partition.source())
            })?;
        per_level.push(values(partition, batch.column(index))?);
    }
    let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for row in 0..batch.num_rows() {
        let mut levels = Vec::with_capacity(partitions.len());
        for (partition, values) in partitions.iter().zip(&per_level) {
            let level = format!("{}={}", escape(partition.key()), values[row]);
            // Checked before any directory is made: a name the file system refuses would fail
            // midway and leave empty directories behind.
            if level.len() > MAX_NAME_BYTES {
                return Err(format!(
                    "row {row}: the partition directory for `{}` would be {} bytes (`{}…`); file systems allow {MAX_NAME_BYTES}: partition by a shorter column",
                    partition.source(),
                    level.len(),
                    level.chars().take(40).collect::<String>()
                ));
            }
            levels.push(level);
        }
        groups.entry(levels.join("/")).or_default().push(row as u32);
    }
    groups
        .into_iter()
        .map(|(path, rows)| {
            let rows = UInt32Array::from(rows);
            take_record_batch(batch, &rows).map(|part| (path, part)).map_err(|e| e.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use duckdb::arrow::array::{Int64Array, StringArray, TimestampMicrosecondArray};
    use std::sync::Arc;

    #[test]
    fn days_are_utc_calendar_days() {
        let day = 86_400_000_000i64;
        assert_eq!(civil_day(0), "1970-01-01");
        assert_eq!(civil_day(-1), "1969-12-31");
        assert_eq!(civil_day(19_782 * day + 1), "2024-02-29");
        assert_eq!(civil_day(20_418 * day + day - 1), "2025-11-26");
    }

    #[test]
    fn rows_split_by_day_then_value_with_nulls_and_odd_text_escaped() {
        let day = 86_400_000_000i64;
        let batch = RecordBatch::try_from_iter([
            ("id", Arc::new(Int64Array::from(vec![1, 2, 3, 4])) as ArrayRef),
            ("host", Arc::new(StringArray::from(vec![Some("a"), Some("b/c"), None, Some("a")])) as ArrayRef),
            (
                "ts",
                Arc::new(TimestampMicrosecondArray::from(vec![0, day + 5, 0, day - 1]).with_timezone("UTC"))
                    as ArrayRef,
            ),
        ])
        .unwrap();
        let parts =
            split(&batch, &["id", "host", "ts"], &[Partition::day("ts"), Partition::column("host")]).unwrap();
        let layout: Vec<(String, usize)> =
            parts.iter().map(|(path, b)| (path.clone(), b.num_rows())).collect();
        assert_eq!(
            layout,
            [
                ("day=1970-01-01/host=__HIVE_DEFAULT_PARTITION__".to_string(), 1),
                ("day=1970-01-01/host=a".to_string(), 2),
                ("day=1970-01-02/host=b%2Fc".to_string(), 1),
            ]
        );
        let err = split(&batch, &["id", "host", "ts"], &[Partition::day("id")]).unwrap_err();
        assert!(err.contains("not a TIMESTAMP"), "{err}");
        assert!(split(&batch, &["id", "host", "ts"], &[Partition::column("nope")]).is_err());
    }

    #[test]
    fn a_value_too_long_for_a_directory_name_is_an_error_naming_the_row() {
        let long = "x".repeat(300);
        let batch = RecordBatch::try_from_iter([(
            "host",
            Arc::new(StringArray::from(vec![Some("a"), Some(long.as_str()), Some("")])) as ArrayRef,
        )])
        .unwrap();
        let err = split(&batch, &["host"], &[Partition::column("host")]).unwrap_err();
        assert!(err.starts_with("row 1: the partition directory for `host` would be 305 bytes"), "{err}");
        // The empty string is Hive's default partition (it reads back as NULL).
        let parts = split(&batch.slice(2, 1), &["host"], &[Partition::column("host")]).unwrap();
        assert_eq!(parts[0].0, "host=__HIVE_DEFAULT_PARTITION__");
    }
}

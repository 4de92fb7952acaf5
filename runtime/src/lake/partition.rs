//! Hive partitioning: which directory each row of a batch goes to (`day=2026-11-26/host=a`), the
//! batch split by it, which columns a table may be partitioned by, and reading a directory name
//! back (what `diff` checks).
//!
//! The layout is the one DuckDB's `COPY … (PARTITION_BY …)` and pyarrow's `write_dataset` write:
//! a column partition's values are in the directory names only, not inside the files (pyarrow,
//! Spark and DataFusion refuse or mistype a column that is both), and each value is written as
//! the text readers infer back to its type (`n=42` an integer, `d=2026-11-01` a date). The day of
//! `Partition::day` is derived from a timestamp column, which stays in the files.

use std::collections::BTreeMap;

use duckdb::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, UInt32Array};
use duckdb::arrow::compute::take_record_batch;
use duckdb::arrow::datatypes::{DataType, TimeUnit, TimestampMicrosecondType};
use duckdb::arrow::temporal_conversions::timestamp_us_to_datetime;
use duckdb::arrow::util::display::{ArrayFormatter, FormatOptions};
use duckspec_spec::{SqlType, TableDef};

/// One level of a lake's directory tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Partition {
    /// `column=value`, the column's value as text (`host=a`).
    Column(String),
    /// `day=YYYY-MM-DD`, the UTC day of a TIMESTAMP or TIMESTAMPTZ column.
    Day(String),
}

impl Partition {
    /// Partition by a column's value: `host=a/`. The column is then in the directory names only,
    /// not inside the files, as Hive's layout has it (read it back with `hive_partitioning` in
    /// DuckDB, `partitioning="hive"` in pyarrow, partition discovery in Spark,
    /// `table_partition_cols` in DataFusion). Columns of these types can be partitioned by:
    /// VARCHAR, ENUM, UUID, BOOLEAN, the integers, DECIMAL and DATE (a timestamp is partitioned by
    /// its [`day`](Partition::day)). NULL and the empty string both go to Hive's
    /// `__HIVE_DEFAULT_PARTITION__` directory and read back as NULL (DataFusion reads that
    /// directory's name as text); a value whose directory name would be longer than 255 bytes is
    /// an error before anything is written.
    pub fn column(name: impl Into<String>) -> Partition {
        Partition::Column(name.into())
    }

    /// Partition by the UTC day of a timestamp column: `day=2026-11-26/`, which readers infer back
    /// as a DATE column `day`. The timestamp column stays in the files; the table must have no
    /// column named `day`.
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
    pub(crate) fn key(&self) -> &str {
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

/// Whether a column partition's values of type `ty` can be written as directory names that read
/// back as the same values.
pub(crate) fn partitionable(ty: &SqlType) -> bool {
    use SqlType::*;
    matches!(
        ty,
        Varchar
            | Enum(_)
            | Uuid
            | Boolean
            | TinyInt
            | SmallInt
            | Integer
            | BigInt
            | HugeInt
            | UTinyInt
            | USmallInt
            | UInteger
            | UBigInt
            | UHugeInt
            | Decimal { .. }
            | Date
    )
}

/// Checks `partitions` for `def`, whose lake columns are `columns`: each reads a column the table
/// has, of a type it can partition by; no two write the same key; a day key does not hide a
/// column named `day`.
pub(crate) fn check(def: &TableDef, columns: &[&str], partitions: &[Partition]) -> Result<(), String> {
    let table = def.display_name();
    for (index, partition) in partitions.iter().enumerate() {
        let source = partition.source();
        let Some(column) = def.columns.iter().find(|c| {
            c.name.eq_ignore_ascii_case(source) && columns.iter().any(|n| n.eq_ignore_ascii_case(source))
        }) else {
            return Err(format!("table {table} has no column `{source}` to partition by"));
        };
        match partition {
            Partition::Column(_) if !partitionable(&column.sql_type) => {
                return Err(format!(
                    "cannot partition table {table} by `{source}`: a {} value does not read back from a directory name as the same value (partition by VARCHAR, ENUM, UUID, BOOLEAN, integer, DECIMAL or DATE columns{})",
                    column.sql_type,
                    if matches!(column.sql_type, SqlType::Timestamp | SqlType::TimestampTz) {
                        ", or by Partition::day of a timestamp"
                    } else {
                        ""
                    }
                ))
            }
            Partition::Day(_) => {
                if let Some(day) = def.columns.iter().find(|c| c.name.eq_ignore_ascii_case("day")) {
                    return Err(format!(
                        "cannot partition table {table} by the day of `{source}`: its `day=` directories would hide the table's column `{}` from readers",
                        day.name
                    ));
                }
            }
            Partition::Column(_) => {}
        }
        if let Some(earlier) =
            partitions[..index].iter().find(|p| p.key().eq_ignore_ascii_case(partition.key()))
        {
            return Err(format!(
                "cannot partition table {table} by {partition:?} after {earlier:?}: both write `{}=` directories",
                partition.key()
            ));
        }
    }
    if columns.iter().all(|c| path_columns(partitions).any(|p| p.eq_ignore_ascii_case(c))) {
        return Err(format!(
            "cannot partition table {table} by all its columns: its files would hold no column"
        ));
    }
    Ok(())
}

/// The columns `partitions` write into directory names only (the column partitions' sources).
pub(crate) fn path_columns(partitions: &[Partition]) -> impl Iterator<Item = &str> {
    partitions.iter().filter_map(|p| match p {
        Partition::Column(name) => Some(name.as_str()),
        Partition::Day(_) => None,
    })
}

/// A directory name read back: `key=value` with both percent-decoded, and the value `None` for
/// Hive's NULL directory; `None` for a name that is no `key=value`.
pub(crate) fn parse_level(name: &str) -> Option<(String, Option<String>)> {
    let (key, value) = name.split_once('=')?;
    let value = (value != NULL_PARTITION).then(|| unescape(value));
    Some((unescape(key), value))
}

/// Undoes [`escape`] (and any other writer's `%XX`); a `%` not followed by two hex digits, or
/// bytes that are no UTF-8, are kept as they are.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Whether `value`, read back from a directory name, is a value of `ty` (what a reader casting
/// the directory's text to the spec's type accepts).
pub(crate) fn value_fits(ty: &SqlType, value: &str) -> bool {
    use SqlType::*;
    let integer = |min: i128, max: i128| value.parse::<i128>().is_ok_and(|v| (min..=max).contains(&v));
    match ty {
        Varchar => true,
        Enum(labels) => labels.iter().any(|l| l == value),
        Uuid => {
            value.len() == 36
                && value.chars().enumerate().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                })
        }
        Boolean => matches!(value, "true" | "false"),
        TinyInt => integer(i8::MIN.into(), i8::MAX.into()),
        SmallInt => integer(i16::MIN.into(), i16::MAX.into()),
        Integer => integer(i32::MIN.into(), i32::MAX.into()),
        BigInt => integer(i64::MIN.into(), i64::MAX.into()),
        UTinyInt => integer(0, u8::MAX.into()),
        USmallInt => integer(0, u16::MAX.into()),
        UInteger => integer(0, u32::MAX.into()),
        UBigInt => integer(0, u64::MAX.into()),
        HugeInt => value.parse::<i128>().is_ok(),
        UHugeInt => value.parse::<u128>().is_ok(),
        Decimal { width, scale } => {
            let digits = value.strip_prefix('-').unwrap_or(value);
            let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
            !int.is_empty()
                && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
                && frac.len() <= *scale as usize
                && int.trim_start_matches('0').len() <= (*width - *scale) as usize
        }
        Date => is_date(value),
        _ => false,
    }
}

/// Whether `text` is a `YYYY-MM-DD` calendar day.
pub(crate) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    let all_digits = b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let (Some(year), Some(month), Some(day), true) = (number(0..4), number(5..7), number(8..10), all_digits)
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The value of `partition` for each row, as directory text.
fn values(partition: &Partition, column: &ArrayRef) -> Result<Vec<String>, String> {
    let mut out = Vec::with_capacity(column.len());
    match partition {
        Partition::Column(_) if matches!(column.data_type(), DataType::FixedSizeBinary(16)) => {
            // A UUID: its hyphenated text, as DuckDB casts it back.
            let uuids = column.as_fixed_size_binary();
            for row in 0..column.len() {
                out.push(if uuids.is_null(row) {
                    NULL_PARTITION.to_string()
                } else {
                    uuid_text(uuids.value(row))
                });
            }
        }
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

/// The hyphenated text of a UUID's 16 bytes.
fn uuid_text(bytes: &[u8]) -> String {
    let hex = super::hex(bytes);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The UTC calendar day (`YYYY-MM-DD`) of microseconds since the epoch.
fn civil_day(micros: i64) -> String {
    timestamp_us_to_datetime(micros)
        .map(|t| t.date().to_string())
        .unwrap_or_else(|| NULL_PARTITION.to_string())
}

/// `batch` split by partition directory (`day=2026-11-26/host=a`), rows in their order within
/// each, without the columns whose values are in the directory names; `columns` are the batch's
/// column names.
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
    let kept: Vec<usize> = (0..columns.len())
        .filter(|&i| !path_columns(partitions).any(|c| c.eq_ignore_ascii_case(columns[i])))
        .collect();
    let files = batch.project(&kept).map_err(|e| e.to_string())?;
    groups
        .into_iter()
        .map(|(path, rows)| {
            let rows = UInt32Array::from(rows);
            take_record_batch(&files, &rows).map(|part| (path, part)).map_err(|e| e.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use duckdb::arrow::array::{Int64Array, StringArray, TimestampMicrosecondArray};
    use std::sync::Arc;

    #[test]
    fn uuid_directories_are_hyphenated_text_and_fit_their_type() {
        let bytes: Vec<u8> = (0..16).collect();
        let text = uuid_text(&bytes);
        assert_eq!(text, "00010203-0405-0607-0809-0a0b0c0d0e0f");
        assert!(value_fits(&SqlType::Uuid, &text));
        assert!(!value_fits(&SqlType::Uuid, &text.replace('-', "")));
    }

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

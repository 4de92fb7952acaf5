//! chrono's dates, times and timestamps, as DuckDB's integers (days, microseconds).

use super::*;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use duckdb::arrow::array::{Date32Array, Time64MicrosecondArray, TimestampMicrosecondArray};
use duckdb::types::TimeUnit as DuckTimeUnit;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_DAY_FROM_CE: i32 = 719_163;

impl Codec<NaiveDate> for Native {
    type Builder = Date32Builder;
    type Reader = Date32Array;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Date32
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Date
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        Date32Builder::with_capacity(capacity)
    }
    #[inline]
    fn append(value: &NaiveDate, builder: &mut Self::Builder) -> Result<(), String> {
        use chrono::Datelike;
        builder.append_value(value.num_days_from_ce() - UNIX_EPOCH_DAY_FROM_CE);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &NaiveDate, _: &SqlType) -> Result<Value, String> {
        use chrono::Datelike;
        Ok(Value::Date32(value.num_days_from_ce() - UNIX_EPOCH_DAY_FROM_CE))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "DATE"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<NaiveDate, String> {
        let days = reader.value(index);
        NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_DAY_FROM_CE)
            .ok_or_else(|| format!("date {days} days from 1970-01-01 is out of chrono's range"))
    }
}

impl Codec<NaiveTime> for Native {
    type Builder = Time64MicrosecondBuilder;
    type Reader = Time64MicrosecondArray;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Time64(TimeUnit::Microsecond)
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Time
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        Time64MicrosecondBuilder::with_capacity(capacity)
    }
    #[inline]
    fn append(value: &NaiveTime, builder: &mut Self::Builder) -> Result<(), String> {
        // A leap second (nanosecond >= 1e9) is stored as the last microsecond of its second.
        let micros = (value.nanosecond() / 1_000).min(999_999);
        builder.append_value(i64::from(value.num_seconds_from_midnight()) * 1_000_000 + i64::from(micros));
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &NaiveTime, _: &SqlType) -> Result<Value, String> {
        let micros = (value.nanosecond() / 1_000).min(999_999);
        let micros = i64::from(value.num_seconds_from_midnight()) * 1_000_000 + i64::from(micros);
        Ok(Value::Time64(DuckTimeUnit::Microsecond, micros))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "TIME"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<NaiveTime, String> {
        let micros = reader.value(index);
        NaiveTime::from_num_seconds_from_midnight_opt(
            (micros / 1_000_000) as u32,
            (micros % 1_000_000) as u32 * 1_000,
        )
        .ok_or_else(|| format!("time {micros} µs after midnight is out of range"))
    }
}

fn from_micros(micros: i64) -> Result<DateTime<Utc>, String> {
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| format!("timestamp {micros} µs from 1970-01-01 is out of chrono's range"))
}

impl Codec<NaiveDateTime> for Native {
    type Builder = TimestampMicrosecondBuilder;
    type Reader = TimestampMicrosecondArray;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Timestamp(TimeUnit::Microsecond, None)
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Timestamp
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        TimestampMicrosecondBuilder::with_capacity(capacity)
    }
    #[inline]
    fn append(value: &NaiveDateTime, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value.and_utc().timestamp_micros());
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &NaiveDateTime, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Timestamp(DuckTimeUnit::Microsecond, value.and_utc().timestamp_micros()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        timestamp_reader(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<NaiveDateTime, String> {
        from_micros(reader.value(index)).map(|t| t.naive_utc())
    }
}

impl Codec<DateTime<Utc>> for Native {
    type Builder = TimestampMicrosecondBuilder;
    type Reader = TimestampMicrosecondArray;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::TimestampTz
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        TimestampMicrosecondBuilder::with_capacity(capacity).with_timezone("UTC")
    }
    #[inline]
    fn append(value: &DateTime<Utc>, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value.timestamp_micros());
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &DateTime<Utc>, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Timestamp(DuckTimeUnit::Microsecond, value.timestamp_micros()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        timestamp_reader(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<DateTime<Utc>, String> {
        from_micros(reader.value(index))
    }
}

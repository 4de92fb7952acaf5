//! The `time` crate's dates, times and timestamps (feature `time`), as DuckDB's integers (days,
//! microseconds) — the same columns chrono's types write. `time` holds years -9999 to 9999; a
//! value DuckDB stores outside that range is an error when read, naming the value.

use super::*;
use duckdb::arrow::array::{Date32Array, Time64MicrosecondArray, TimestampMicrosecondArray};
use duckdb::types::TimeUnit as DuckTimeUnit;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// The Julian day of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

fn days(value: &Date) -> i32 {
    value.to_julian_day() - UNIX_EPOCH_JULIAN_DAY
}

fn date(days: i32) -> Result<Date, String> {
    days.checked_add(UNIX_EPOCH_JULIAN_DAY)
        .and_then(|julian| Date::from_julian_day(julian).ok())
        .ok_or_else(|| format!("date {days} days from 1970-01-01 is out of the time crate's range"))
}

fn micros_of_day(value: &Time) -> i64 {
    let (hour, minute, second, micro) = value.as_hms_micro();
    ((i64::from(hour) * 60 + i64::from(minute)) * 60 + i64::from(second)) * 1_000_000 + i64::from(micro)
}

fn time_of_day(micros: i64) -> Result<Time, String> {
    let out_of_range = || format!("time {micros} µs after midnight is out of range");
    if !(0..86_400_000_000).contains(&micros) {
        return Err(out_of_range());
    }
    let seconds = micros / 1_000_000;
    Time::from_hms_micro(
        (seconds / 3600) as u8,
        (seconds / 60 % 60) as u8,
        (seconds % 60) as u8,
        (micros % 1_000_000) as u32,
    )
    .map_err(|_| out_of_range())
}

fn unix_micros(value: &OffsetDateTime) -> Result<i64, String> {
    // Floor division: an instant before 1970 with a sub-microsecond part rounds down, as a
    // microsecond clock would show it.
    i64::try_from(value.unix_timestamp_nanos().div_euclid(1_000))
        .map_err(|_| format!("timestamp {value} is out of DuckDB's range"))
}

fn instant(micros: i64) -> Result<OffsetDateTime, String> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .map_err(|_| format!("timestamp {micros} µs from 1970-01-01 is out of the time crate's range"))
}

impl Codec<Date> for Native {
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
    fn append(value: &Date, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(days(value));
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &Date, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Date32(days(value)))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "DATE"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<Date, String> {
        date(reader.value(index))
    }
}

impl Codec<Time> for Native {
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
    fn append(value: &Time, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(micros_of_day(value));
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &Time, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Time64(DuckTimeUnit::Microsecond, micros_of_day(value)))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "TIME"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<Time, String> {
        time_of_day(reader.value(index))
    }
}

impl Codec<PrimitiveDateTime> for Native {
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
    fn append(value: &PrimitiveDateTime, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(unix_micros(&value.assume_utc())?);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &PrimitiveDateTime, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Timestamp(DuckTimeUnit::Microsecond, unix_micros(&value.assume_utc())?))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        timestamp_reader(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<PrimitiveDateTime, String> {
        instant(reader.value(index)).map(|t| PrimitiveDateTime::new(t.date(), t.time()))
    }
}

/// An instant, stored in UTC (what DuckDB's TIMESTAMPTZ holds); it reads back with offset UTC.
impl Codec<OffsetDateTime> for Native {
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
    fn append(value: &OffsetDateTime, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(unix_micros(value)?);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &OffsetDateTime, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Timestamp(DuckTimeUnit::Microsecond, unix_micros(value)?))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        timestamp_reader(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<OffsetDateTime, String> {
        instant(reader.value(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_microseconds_match_chronos_epoch_arithmetic() {
        assert_eq!(days(&Date::from_calendar_date(1970, time::Month::January, 1).unwrap()), 0);
        assert_eq!(days(&Date::from_calendar_date(1969, time::Month::December, 31).unwrap()), -1);
        assert_eq!(date(-719_162).unwrap(), Date::from_calendar_date(1, time::Month::January, 1).unwrap());
        assert!(date(i32::MAX).is_err() && date(i32::MIN).is_err());
        let t = Time::from_hms_micro(23, 59, 59, 999_999).unwrap();
        assert_eq!(time_of_day(micros_of_day(&t)).unwrap(), t);
        assert!(time_of_day(86_400_000_000).is_err() && time_of_day(-1).is_err());
        // Half a microsecond before the epoch is the microsecond before it.
        let before = OffsetDateTime::from_unix_timestamp_nanos(-500).unwrap();
        assert_eq!(unix_micros(&before).unwrap(), -1);
        assert!(instant(i64::MAX).is_err());
    }
}

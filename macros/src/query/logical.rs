//! DuckDB's logical types (what its C API reports for a result column or a parameter) as
//! duckspec's [`SqlType`], the model the spec, the type table and every message use.

use duckspec_spec::SqlType;
use libduckdb_sys as ffi;

use super::oracle::take_message;

/// A logical type DuckDB handed over, destroyed when dropped.
struct Owned(ffi::duckdb_logical_type);

impl Drop for Owned {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: an owned logical type, destroyed once.
            unsafe { ffi::duckdb_destroy_logical_type(&mut self.0) };
        }
    }
}

/// `ty`, which this call takes ownership of (and destroys), as a [`SqlType`].
///
/// # Safety
/// `ty` is NULL or a logical type the caller owns.
pub unsafe fn sql_type(ty: ffi::duckdb_logical_type) -> Result<SqlType, String> {
    let ty = Owned(ty);
    if ty.0.is_null() {
        return Err("DuckDB reported no type".to_string());
    }
    convert(&ty)
}

unsafe fn convert(ty: &Owned) -> Result<SqlType, String> {
    let t = ty.0;
    let alias = take_message(ffi::duckdb_logical_type_get_alias(t));
    if alias.eq_ignore_ascii_case("JSON") {
        return Ok(SqlType::Json);
    }
    let id = ffi::duckdb_get_type_id(t);
    Ok(match id {
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_BOOLEAN => SqlType::Boolean,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TINYINT => SqlType::TinyInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_SMALLINT => SqlType::SmallInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_INTEGER => SqlType::Integer,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIGINT => SqlType::BigInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_HUGEINT => SqlType::HugeInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_UTINYINT => SqlType::UTinyInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_USMALLINT => SqlType::USmallInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_UINTEGER => SqlType::UInteger,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_UBIGINT => SqlType::UBigInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_UHUGEINT => SqlType::UHugeInt,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_FLOAT => SqlType::Float,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_DOUBLE => SqlType::Double,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_DECIMAL => {
            SqlType::Decimal { width: ffi::duckdb_decimal_width(t), scale: ffi::duckdb_decimal_scale(t) }
        }
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_VARCHAR => SqlType::Varchar,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_BLOB => SqlType::Blob,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIT => SqlType::Bit,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIGNUM => SqlType::BigNum,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_DATE => SqlType::Date,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIME => SqlType::Time,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIME_TZ => SqlType::TimeTz,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIME_NS => SqlType::TimeNs,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP => SqlType::Timestamp,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_S => SqlType::TimestampS,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_MS => SqlType::TimestampMs,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_NS => SqlType::TimestampNs,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_TZ => SqlType::TimestampTz,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_TZ_NS => SqlType::TimestampTzNs,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_INTERVAL => SqlType::Interval,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_UUID => SqlType::Uuid,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_VARIANT => SqlType::Variant,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_GEOMETRY => SqlType::Geometry(None),
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_SQLNULL => SqlType::Null,
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_ENUM => {
            let labels = (0..ffi::duckdb_enum_dictionary_size(t))
                .map(|i| take_message(ffi::duckdb_enum_dictionary_value(t, i as u64)))
                .collect();
            SqlType::Enum(labels)
        }
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_LIST => {
            SqlType::List(Box::new(child(ffi::duckdb_list_type_child_type(t))?))
        }
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_ARRAY => {
            let size = u32::try_from(ffi::duckdb_array_type_array_size(t))
                .map_err(|_| "an ARRAY too long".to_string())?;
            SqlType::Array(Box::new(child(ffi::duckdb_array_type_child_type(t))?), size)
        }
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_MAP => SqlType::Map(
            Box::new(child(ffi::duckdb_map_type_key_type(t))?),
            Box::new(child(ffi::duckdb_map_type_value_type(t))?),
        ),
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_STRUCT => {
            let mut fields = Vec::new();
            for i in 0..ffi::duckdb_struct_type_child_count(t) {
                let name = take_message(ffi::duckdb_struct_type_child_name(t, i));
                fields.push((name, child(ffi::duckdb_struct_type_child_type(t, i))?));
            }
            SqlType::Struct(fields)
        }
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_UNION => {
            let mut members = Vec::new();
            for i in 0..ffi::duckdb_union_type_member_count(t) {
                let name = take_message(ffi::duckdb_union_type_member_name(t, i));
                members.push((name, child(ffi::duckdb_union_type_member_type(t, i))?));
            }
            SqlType::Union(members)
        }
        ffi::DUCKDB_TYPE_DUCKDB_TYPE_INVALID => {
            return Err("DuckDB cannot tell their types before the parameters are bound (a table function's argument, or a parameter whose type it cannot infer, decides them): write a literal there, or cast the parameter (`?::BIGINT`)".to_string())
        }
        other => return Err(format!("DuckDB reported a type duckspec does not know (type id {other})")),
    })
}

unsafe fn child(ty: ffi::duckdb_logical_type) -> Result<SqlType, String> {
    sql_type(ty)
}

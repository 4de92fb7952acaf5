//! Arrow arrays from duckdb's arrow-rs (60) to the Iceberg crates' (58), through the Arrow C
//! data interface: the same buffers, handed over by the interface's ownership rules, not copied.
//! The two releases are separate crates to the compiler, and the C data interface is how Arrow
//! implementations of any language or version exchange arrays.

use arrow58::ffi::{from_ffi, FFI_ArrowArray as Array58, FFI_ArrowSchema as Schema58};
use duckdb::arrow::array::{Array, ArrayRef};
use duckdb::arrow::ffi::{to_ffi, FFI_ArrowArray as Array60, FFI_ArrowSchema as Schema60};

/// `array` as an arrow 58 array over the same buffers.
pub(crate) fn to_arrow58(array: &ArrayRef) -> Result<arrow58::ArrayRef, String> {
    let (mut ffi_array, mut ffi_schema): (Array60, Schema60) = to_ffi(&array.to_data())
        .map_err(|e| format!("cannot export {} through the C data interface: {e}", array.data_type()))?;
    // SAFETY: both structs are `#[repr(C)]` definitions of the C data interface's ArrowArray and
    // ArrowSchema, so a pointer to one is a valid pointer to the other. `from_raw` moves the
    // structs out (leaving released, empty ones behind, whose drop does nothing), so the release
    // callbacks run exactly once, when the arrow 58 array is dropped.
    let (ffi_array, ffi_schema) = unsafe {
        (
            Array58::from_raw(&mut ffi_array as *mut Array60 as *mut Array58),
            Schema58::from_raw(&mut ffi_schema as *mut Schema60 as *mut Schema58),
        )
    };
    // SAFETY: the array and schema were just exported by arrow-rs itself and describe each other.
    let data = unsafe { from_ffi(ffi_array, &ffi_schema) }
        .map_err(|e| format!("cannot import {} through the C data interface: {e}", array.data_type()))?;
    Ok(arrow58::make_array(data))
}

/// The Arrow type of a field of the Iceberg crates' Arrow (with the field ids Iceberg puts in
/// nested fields' metadata) in duckdb's Arrow: what `to_iceberg` casts a column to, so the
/// arrays built on this side match Iceberg's schema exactly on the other.
pub(crate) fn field_type_to_arrow60(
    field: &arrow58_schema::Field,
) -> Result<duckdb::arrow::datatypes::DataType, String> {
    let mut ffi = arrow58_schema::ffi::FFI_ArrowSchema::try_from(field)
        .map_err(|e| format!("cannot export field {}: {e}", field.name()))?;
    // SAFETY: as in `to_arrow58`, the same C struct; `from_raw` moves it out of `ffi`, whose
    // drop then does nothing, and the moved struct is released when `moved` is dropped.
    let moved =
        unsafe { Schema60::from_raw(&mut ffi as *mut arrow58_schema::ffi::FFI_ArrowSchema as *mut Schema60) };
    duckdb::arrow::datatypes::Field::try_from(&moved)
        .map(|f| f.data_type().clone())
        .map_err(|e| format!("cannot import field {}: {e}", field.name()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use duckdb::arrow::array::{Int64Array, StringArray};

    #[test]
    fn values_and_nulls_cross_unchanged() {
        let strings: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), None, Some("ccc")]));
        let moved = to_arrow58(&strings).unwrap();
        let moved = moved.as_any().downcast_ref::<arrow58::StringArray>().unwrap();
        assert_eq!(moved.iter().collect::<Vec<_>>(), vec![Some("a"), None, Some("ccc")]);

        let numbers: ArrayRef = Arc::new(Int64Array::from(vec![1, -2, i64::MAX]).slice(1, 2));
        let moved = to_arrow58(&numbers).unwrap();
        let moved = moved.as_any().downcast_ref::<arrow58::Int64Array>().unwrap();
        assert_eq!(moved.values().to_vec(), vec![-2, i64::MAX]);
    }
}

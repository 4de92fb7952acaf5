//! `rust_decimal::Decimal` as DECIMAL(width, scale): scaled 128-bit integers.

use super::*;
use duckdb::arrow::array::{Decimal128Array, Decimal128Builder};
use rust_decimal::Decimal;

/// The width and scale written for a column; a non-DECIMAL `sql_type` gets the widest.
fn width_scale(column: &SqlType) -> (u8, u8) {
    match column {
        SqlType::Decimal { width, scale } => (*width, *scale),
        _ => (38, 10),
    }
}

/// `value` at the column's scale, checked against its width. Extra digits round like
/// DuckDB's own cast (half away from zero).
fn fit(value: &Decimal, width: u8, scale: u8) -> Result<Decimal, String> {
    let mut scaled = *value;
    scaled.rescale(u32::from(scale));
    if scaled.scale() != u32::from(scale) || scaled.mantissa().unsigned_abs() >= 10u128.pow(u32::from(width))
    {
        return Err(format!("{value} does not fit DECIMAL({width},{scale})"));
    }
    Ok(scaled)
}

/// A `Decimal128Builder` that remembers its column's width and scale.
pub struct DecimalBuilder {
    inner: Decimal128Builder,
    width: u8,
    scale: u8,
}

impl ArrayBuilder for DecimalBuilder {
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.inner.finish())
    }
    fn finish_cloned(&self) -> ArrayRef {
        Arc::new(self.inner.finish_cloned())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn into_box_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

impl Codec<Decimal> for Native {
    type Builder = DecimalBuilder;
    type Reader = Decimal128Array;

    fn data_type(column: &SqlType) -> DataType {
        let (width, scale) = width_scale(column);
        DataType::Decimal128(width, scale as i8)
    }
    fn read_type(column: &SqlType) -> SqlType {
        let (width, scale) = width_scale(column);
        SqlType::Decimal { width, scale }
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        let (width, scale) = width_scale(column);
        let inner = Decimal128Builder::with_capacity(capacity)
            .with_precision_and_scale(width, scale as i8)
            .expect("DECIMAL width and scale were validated when the type was parsed");
        DecimalBuilder { inner, width, scale }
    }
    #[inline]
    fn append(value: &Decimal, builder: &mut Self::Builder) -> Result<(), String> {
        let scaled = fit(value, builder.width, builder.scale)?;
        builder.inner.append_value(scaled.mantissa());
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.inner.append_null();
    }
    fn to_value(value: &Decimal, column: &SqlType) -> Result<Value, String> {
        let (width, scale) = width_scale(column);
        // Exact text at the column's scale; DuckDB casts it without rounding.
        Ok(Value::Text(fit(value, width, scale)?.to_string()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        array.as_primitive_opt().cloned().ok_or_else(|| mismatch(array, "DECIMAL"))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<Decimal, String> {
        let (mantissa, scale) = (reader.value(index), reader.scale());
        Decimal::try_from_i128_with_scale(mantissa, scale as u32)
            .map_err(|e| format!("{mantissa}e-{scale} does not fit rust_decimal::Decimal: {e}"))
    }
}

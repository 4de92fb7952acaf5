//! `Option<T>`, `Vec<T>`, `[T; N]` and `SqlEnum` enums, built on the codec of their parts.

use super::*;

impl<T, C: Codec<T>> Codec<Option<T>> for Nullable<C> {
    type Builder = C::Builder;
    type Reader = (Option<NullBuffer>, C::Reader);
    const NULLABLE: bool = true;

    fn data_type(column: &SqlType) -> DataType {
        C::data_type(column)
    }
    fn field(name: &str, column: &SqlType, nullable: bool) -> Field {
        C::field(name, column, nullable)
    }
    fn read_type(column: &SqlType) -> SqlType {
        C::read_type(column)
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        C::builder(column, capacity)
    }
    #[inline]
    fn append(value: &Option<T>, builder: &mut Self::Builder) -> Result<(), String> {
        match value {
            Some(value) => C::append(value, builder),
            None => {
                C::append_null(builder);
                Ok(())
            }
        }
    }
    fn append_null(builder: &mut Self::Builder) {
        C::append_null(builder);
    }
    fn to_value(value: &Option<T>, column: &SqlType) -> Result<Value, String> {
        match value {
            Some(value) => C::to_value(value, column),
            None => Ok(Value::Null),
        }
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        // The validity taken once: asking the array per value is a dynamic call.
        Ok((array.nulls().cloned(), C::reader(array)?))
    }
    #[inline]
    fn read(reader: &Self::Reader, index: usize) -> Result<Option<T>, String> {
        if reader.0.as_ref().is_some_and(|nulls| nulls.is_null(index)) {
            Ok(None)
        } else {
            C::read(&reader.1, index).map(Some)
        }
    }
}

fn element_type(column: &SqlType) -> &SqlType {
    match column {
        SqlType::List(inner) | SqlType::Array(inner, _) => inner,
        other => other,
    }
}

fn item_field<T, C: Codec<T>>(column: &SqlType) -> Arc<Field> {
    Arc::new(C::field("item", element_type(column), true))
}

fn read_elements<T, C: Codec<T>>(
    values: &ArrayRef,
    reader: &C::Reader,
    range: std::ops::Range<usize>,
) -> Result<Vec<T>, String> {
    range
        .map(|j| {
            if !C::NULLABLE && values.is_null(j) {
                Err("a list element is NULL; declare the element type as Option<T>".to_string())
            } else {
                C::read(reader, j)
            }
        })
        .collect()
}

impl<T, C: Codec<T>> Codec<Vec<T>> for List<C> {
    type Builder = ListBuilder<C::Builder>;
    type Reader = (ListArray, ArrayRef, C::Reader);

    fn data_type(column: &SqlType) -> DataType {
        DataType::List(item_field::<T, C>(column))
    }
    fn read_type(column: &SqlType) -> SqlType {
        SqlType::List(Box::new(C::read_type(element_type(column))))
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        ListBuilder::with_capacity(C::builder(element_type(column), capacity * 4), capacity)
            .with_field(item_field::<T, C>(column))
    }
    fn append(value: &Vec<T>, builder: &mut Self::Builder) -> Result<(), String> {
        for item in value {
            C::append(item, builder.values())?;
        }
        builder.append(true);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append(false);
    }
    fn to_value(value: &Vec<T>, column: &SqlType) -> Result<Value, String> {
        let element = element_type(column);
        value.iter().map(|item| C::to_value(item, element)).collect::<Result<_, _>>().map(Value::List)
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        let list = array.as_list_opt::<i32>().cloned().ok_or_else(|| mismatch(array, "LIST"))?;
        let values = list.values().clone();
        let reader = C::reader(&values)?;
        Ok((list, values, reader))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<Vec<T>, String> {
        let offsets = reader.0.value_offsets();
        read_elements::<T, C>(&reader.1, &reader.2, offsets[index] as usize..offsets[index + 1] as usize)
    }
}

impl<T, C: Codec<T>, const N: usize> Codec<[T; N]> for FixedList<C> {
    type Builder = FixedSizeListBuilder<C::Builder>;
    type Reader = (FixedSizeListArray, ArrayRef, C::Reader);

    fn data_type(column: &SqlType) -> DataType {
        DataType::FixedSizeList(item_field::<T, C>(column), N as i32)
    }
    fn read_type(column: &SqlType) -> SqlType {
        SqlType::Array(Box::new(C::read_type(element_type(column))), N as u32)
    }
    fn builder(column: &SqlType, capacity: usize) -> Self::Builder {
        FixedSizeListBuilder::with_capacity(
            C::builder(element_type(column), capacity * N),
            N as i32,
            capacity,
        )
        .with_field(item_field::<T, C>(column))
    }
    fn append(value: &[T; N], builder: &mut Self::Builder) -> Result<(), String> {
        for item in value {
            C::append(item, builder.values())?;
        }
        builder.append(true);
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        for _ in 0..N {
            C::append_null(builder.values());
        }
        builder.append(false);
    }
    fn to_value(value: &[T; N], column: &SqlType) -> Result<Value, String> {
        let element = element_type(column);
        value.iter().map(|item| C::to_value(item, element)).collect::<Result<_, _>>().map(Value::Array)
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        let list = array.as_fixed_size_list_opt().cloned().ok_or_else(|| mismatch(array, "ARRAY"))?;
        if list.value_length() as usize != N {
            return Err(format!(
                "expected arrays of {N} elements, the database returned {}",
                list.value_length()
            ));
        }
        let values = list.values().clone();
        let reader = C::reader(&values)?;
        Ok((list, values, reader))
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<[T; N], String> {
        let start = reader.0.value_offset_at(index);
        let items = read_elements::<T, C>(&reader.1, &reader.2, start..start + N)?;
        items.try_into().map_err(|_| format!("expected {N} elements"))
    }
}

impl<E: SqlEnum> Codec<E> for Enum {
    type Builder = StringBuilder;
    type Reader = Strings;

    fn data_type(_: &SqlType) -> DataType {
        DataType::Utf8
    }
    fn read_type(_: &SqlType) -> SqlType {
        SqlType::Varchar
    }
    fn builder(_: &SqlType, capacity: usize) -> Self::Builder {
        StringBuilder::with_capacity(capacity, capacity * 8)
    }
    #[inline]
    fn append(value: &E, builder: &mut Self::Builder) -> Result<(), String> {
        builder.append_value(value.as_sql_str());
        Ok(())
    }
    fn append_null(builder: &mut Self::Builder) {
        builder.append_null();
    }
    fn to_value(value: &E, _: &SqlType) -> Result<Value, String> {
        Ok(Value::Text(value.as_sql_str().to_string()))
    }
    fn reader(array: &ArrayRef) -> Result<Self::Reader, String> {
        Strings::new(array)
    }
    fn read(reader: &Self::Reader, index: usize) -> Result<E, String> {
        let label = reader.get(index);
        E::from_sql_str(label).ok_or_else(|| format!("`{label}` is not a label of {}", E::SQL_TYPE))
    }
}

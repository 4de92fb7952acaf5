//! The one field visitor of job logging: every field of a span or event, typed as `tracing`
//! recorded it. The context layer, the JSON format, the capture helper, the log table and the span
//! rows all read fields through it.

use std::fmt;

use tracing::field::{Field, Visit};

/// One recorded field value.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FieldValue {
    /// Recorded with `record_str` (a `&str` or `String` field, `%display` is `Debug` text).
    Str(String),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A float.
    F64(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else, as its `Debug` text (including `message`, which is `format_args!`).
    Debug(String),
}

impl FieldValue {
    /// The value as text: a string as itself, anything else as it prints.
    pub fn text(&self) -> String {
        match self {
            FieldValue::Str(text) | FieldValue::Debug(text) => text.clone(),
            FieldValue::I64(value) => value.to_string(),
            FieldValue::U64(value) => value.to_string(),
            FieldValue::F64(value) => value.to_string(),
            FieldValue::Bool(value) => value.to_string(),
        }
    }
}

/// The fields of one span or event, in the order they were recorded; a field recorded twice
/// (`span.record`) keeps its latest value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields(pub Vec<(&'static str, FieldValue)>);

impl Fields {
    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.0.iter().find(|(field, _)| *field == name).map(|(_, value)| value)
    }

    /// The event's message (the `message` field), or an empty string.
    pub fn message(&self) -> String {
        self.get("message").map(FieldValue::text).unwrap_or_default()
    }

    fn set(&mut self, field: &Field, value: FieldValue) {
        let name = field.name();
        match self.0.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((name, value)),
        }
    }
}

impl Visit for Fields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.set(field, FieldValue::F64(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.set(field, FieldValue::I64(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.set(field, FieldValue::U64(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.set(field, FieldValue::Bool(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field, FieldValue::Str(value.to_string()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.set(field, FieldValue::Debug(format!("{value:?}")));
    }
}

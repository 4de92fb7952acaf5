//! Where a data file goes: `<table>/data/<field>=<value>/…/<file>`, as Iceberg's default location
//! generator lays it out, with each partition name and value percent-encoded as the lake escapes
//! hive directory names. The default writes a value as it is, so an identity partition on a
//! string holding `/` or `../` would spread files over other directories, or out of the table's.

use iceberg::spec::PartitionKey;
use iceberg::writer::file_writer::location_generator::{DefaultLocationGenerator, LocationGenerator};

use crate::lake::escape_path_value;

/// Iceberg's default layout, with escaped partition directories.
#[derive(Clone, Debug)]
pub(crate) struct EscapedLocations {
    /// `<table>/data` (or the table's `write.data.path`).
    data: String,
}

impl EscapedLocations {
    pub fn new(default: &DefaultLocationGenerator) -> EscapedLocations {
        // The default's location of an unpartitioned file named "" is its data directory and "/".
        let data = default.generate_location(None, "");
        EscapedLocations { data: data.strip_suffix('/').unwrap_or(&data).to_string() }
    }
}

impl LocationGenerator for EscapedLocations {
    fn generate_location(&self, partition_key: Option<&PartitionKey>, file_name: &str) -> String {
        let Some(key) = partition_key.filter(|k| !k.spec().is_unpartitioned()) else {
            return format!("{}/{file_name}", self.data);
        };
        let types = key.spec().partition_type(key.schema()).ok();
        let mut path = self.data.clone();
        for (index, field) in key.spec().fields().iter().enumerate() {
            let value = key.data()[index].as_ref();
            let text = match types.as_ref().map(|t| &t.fields()[index].field_type) {
                Some(ty) => field.transform.to_human_string(ty, value),
                None => "null".to_string(),
            };
            path.push('/');
            path.push_str(&escape_path_value(&field.name));
            path.push('=');
            path.push_str(&escape_path_value(&text));
        }
        format!("{path}/{file_name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unpartitioned_file_is_in_the_data_directory() {
        let locations =
            EscapedLocations::new(&DefaultLocationGenerator::with_data_location("file:///w/t/data".into()));
        assert_eq!(locations.generate_location(None, "f.parquet"), "file:///w/t/data/f.parquet");
    }
}

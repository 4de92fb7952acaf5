//! One Parquet file of a lake while it is written: under a hidden temporary name beside its final
//! one until it is complete and synced, then renamed, so a reader never sees half a file.

use std::fs::File;
use std::path::{Path, PathBuf};

use duckdb::arrow::array::RecordBatch;
use duckdb::arrow::datatypes::SchemaRef;
use parquet::arrow::arrow_writer::ArrowWriterOptions;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::{SchemaDescriptor, TypePtr};

pub(crate) struct PartFile {
    path: PathBuf,
    temp: PathBuf,
    writer: ArrowWriter<File>,
    rows: usize,
}

impl PartFile {
    /// Starts `dir/name` (creating `dir`), written as `dir/.name.tmp` until [`PartFile::finish`],
    /// with Arrow schema `schema` stored as Parquet schema `parquet`.
    pub fn create(
        dir: &Path,
        name: &str,
        schema: SchemaRef,
        parquet: TypePtr,
        properties: WriterProperties,
    ) -> Result<PartFile, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(name);
        let temp = dir.join(format!(".{name}.tmp"));
        let file = File::create(&temp).map_err(|e| format!("{}: {e}", temp.display()))?;
        let options = ArrowWriterOptions::new()
            .with_properties(properties)
            .with_parquet_schema(SchemaDescriptor::new(parquet));
        let writer = ArrowWriter::try_new_with_options(file, schema, options).map_err(|e| e.to_string())?;
        Ok(PartFile { path, temp, writer, rows: 0 })
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        self.writer.write(batch).map_err(|e| format!("{}: {e}", self.temp.display()))?;
        self.rows += batch.num_rows();
        Ok(())
    }

    /// Bytes written so far, and buffered for the row group in progress.
    pub fn size(&self) -> u64 {
        (self.writer.bytes_written() + self.writer.in_progress_size()) as u64
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes the footer, syncs the file and gives it its final name.
    /// On failure the temporary file is deleted: a file is complete under its final name or gone.
    pub fn finish(self) -> Result<PathBuf, String> {
        let PartFile { path, temp, writer, .. } = self;
        let finished = writer
            .into_inner()
            .map_err(|e| format!("{}: {e}", temp.display()))
            .and_then(|file| file.sync_all().map_err(|e| format!("{}: {e}", temp.display())))
            .and_then(|()| std::fs::rename(&temp, &path).map_err(|e| format!("{}: {e}", path.display())));
        match finished {
            Ok(()) => Ok(path),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    /// Drops the unfinished file.
    pub fn abandon(self) {
        drop(self.writer);
        let _ = std::fs::remove_file(&self.temp);
    }
}

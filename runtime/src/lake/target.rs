//! What a [`Sink`](crate::Sink) started with `Sink::start_lake` writes through: the lake's place
//! and layout, each table's rows written with the unstorable ones set aside, and the lake's
//! `duckspec_rejects` table. The sink holds the rows per table; this writes them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use duckdb::arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
use duckspec_spec::{parse_schema, TableDef};

use super::{LakeOptions, LakeWriter, TableFiles};
use crate::error::Error;
use crate::rows::Rejected;
use crate::traits::Table;

/// A flush that failed as a whole: why, and every row it did not write (each a [`Rejected`]).
pub(crate) struct Unwritten {
    pub error: Box<Error>,
    pub rows: Vec<Rejected>,
}

/// A lake a sink writes: where, partitioned how, and where rejected rows go.
pub(crate) struct LakeTarget {
    lake: PathBuf,
    options: LakeOptions,
    /// The table rejected rows are written to, and its DDL.
    rejects: (TableDef, &'static str),
}

impl LakeTarget {
    /// The lake at `lake`; rejected rows go to its table `rejects_ddl` declares.
    pub fn new(lake: &Path, options: LakeOptions, rejects_ddl: &'static str) -> Result<LakeTarget, Error> {
        let def = parse_schema("duckspec_rejects", rejects_ddl)?
            .tables
            .into_iter()
            .next()
            .expect("the rejects DDL declares a table");
        Ok(LakeTarget { lake: lake.to_path_buf(), options, rejects: (def, rejects_ddl) })
    }

    /// A writer for `T`'s table in this lake.
    pub fn writer<T: Table>(&self) -> Result<LakeWriter<T>, Error> {
        LakeWriter::create(&self.lake, self.options.for_table(T::table_def()))
    }

    /// Writes `rows` as one complete file of the rejects table.
    pub fn write_rejects(&self, rows: &[Rejected]) -> Result<(), Error> {
        if rows.is_empty() {
            return Ok(());
        }
        let (def, ddl) = &self.rejects;
        let mut files = TableFiles::new(&self.lake, def.clone(), ddl, None, LakeOptions::default())?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as i64)
            .unwrap_or(0);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(TimestampMicrosecondArray::from(vec![now; rows.len()]).with_timezone("UTC")),
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.table))),
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.message.as_str()))),
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.values.as_str()))),
        ];
        let batch =
            RecordBatch::try_new(files.schema.clone(), columns).map_err(|e| files.error(e.to_string()))?;
        files.write_batch(&batch)?;
        files.finish().map(drop)
    }
}

impl<T: Table> LakeWriter<T> {
    /// Writes `rows` (leaving it empty) and completes the files: rows written, and the rows whose
    /// values cannot be stored, set aside while their neighbours are written. When the table
    /// cannot be written at all, the error and every row not written.
    pub(crate) fn write_setting_aside(
        &mut self,
        rows: &mut Vec<T>,
    ) -> Result<(usize, Vec<Rejected>), Unwritten> {
        let mut written = 0;
        let mut rejected = Vec::new();
        loop {
            match self.write_rows(rows) {
                Ok(()) => {
                    written += rows.len();
                    rows.clear();
                    break;
                }
                Err(failure) => {
                    // The rows before the failing chunk are in a file.
                    rows.drain(..failure.written);
                    let message = failure.error.to_string();
                    let Some(bad) = failure.row else {
                        rejected.extend(rows.drain(..).map(|row| Rejected::of(&row, message.clone())));
                        return Err(Unwritten { error: failure.error, rows: rejected });
                    };
                    // Write the rest without the bad one.
                    written += failure.written;
                    let row = rows.remove(bad - failure.written);
                    rejected.push(Rejected::of(&row, message));
                }
            }
        }
        match self.complete() {
            Ok(_) => Ok((written, rejected)),
            Err(error) => Err(Unwritten { error: Box::new(error), rows: rejected }),
        }
    }
}

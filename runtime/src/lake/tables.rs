//! Rows of many tables held per table until a flush writes them into a lake and completes the
//! files: what a [`Sink`](crate::Sink) started with `Sink::start_lake` writes through. A row
//! whose value cannot be stored is set aside (as a [`Rejected`]) and the rest of its table's rows
//! are still written.

use std::any::{Any, TypeId};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use duckdb::arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
use duckspec_spec::parse_schema;

use super::{LakeOptions, LakeWriter, TableFiles};
use crate::error::Error;
use crate::rows::Rejected;
use crate::traits::Rows;

/// A flush that failed as a whole: why, and every row it did not write (each a [`Rejected`]).
pub(crate) struct Unwritten {
    pub error: Box<Error>,
    pub rows: Vec<Rejected>,
}

/// One table's rows waiting for the next flush, its type erased.
trait Pending: Send {
    fn as_any(&mut self) -> &mut dyn Any;
    /// Writes the waiting rows and completes the files: rows written and rows set aside. When
    /// the table cannot be written at all, the error and every row not written.
    fn flush(&mut self) -> Result<(usize, Vec<Rejected>), Unwritten>;
}

struct PendingRows<T> {
    rows: Vec<T>,
    writer: LakeWriter<T>,
}

impl<T: Rows + Send + 'static> Pending for PendingRows<T> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn flush(&mut self) -> Result<(usize, Vec<Rejected>), Unwritten> {
        let mut rows = std::mem::take(&mut self.rows);
        let mut written = 0;
        let mut rejected = Vec::new();
        loop {
            match self.writer.write_rows(&rows) {
                Ok(()) => {
                    written += rows.len();
                    break;
                }
                Err(failure) => {
                    // The rows before the failing chunk are in a file.
                    rows.drain(..failure.written);
                    let message = failure.error.to_string();
                    let Some(bad) = failure.row else {
                        rejected.extend(rows.iter().map(|row| Rejected::of(row, message.clone())));
                        return Err(Unwritten { error: failure.error, rows: rejected });
                    };
                    // Write the rest without the bad one.
                    written += failure.written;
                    let row = rows.remove(bad - failure.written);
                    rejected.push(Rejected::of(&row, message.clone()));
                }
            }
        }
        match self.writer.complete() {
            Ok(_) => Ok((written, rejected)),
            Err(error) => Err(Unwritten { error: Box::new(error), rows: rejected }),
        }
    }
}

/// The tables a lake sink writes, created on their first row.
pub(crate) struct LakeTables {
    lake: PathBuf,
    options: LakeOptions,
    tables: Vec<(TypeId, Box<dyn Pending>)>,
    /// The DDL of the table rejected rows are written to (`duckspec_rejects`).
    rejects_ddl: &'static str,
}

impl LakeTables {
    /// Tables under `lake`, each partitioned by those of `options`' partitions whose columns it
    /// has; rejected rows go to the lake's table `rejects_ddl` declares.
    pub fn new(lake: &Path, options: LakeOptions, rejects_ddl: &'static str) -> LakeTables {
        LakeTables { lake: lake.to_path_buf(), options, tables: Vec::new(), rejects_ddl }
    }

    /// Holds `row` for the next flush. Only a table that cannot be written at all (a partition
    /// column it lacks, a directory that cannot be created) is an error.
    pub fn push<T: Rows + Send + 'static>(&mut self, row: T) -> Result<(), Error> {
        let key = TypeId::of::<T>();
        let index = match self.tables.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let partitions = self
                    .options
                    .partition_by
                    .iter()
                    .filter(|p| T::table_def().column(p.source()).is_some())
                    .cloned();
                let options = LakeOptions { partition_by: partitions.collect(), ..self.options.clone() };
                let writer = LakeWriter::<T>::create(&self.lake, options)?;
                self.tables.push((key, Box::new(PendingRows { rows: Vec::new(), writer })));
                self.tables.len() - 1
            }
        };
        let pending =
            self.tables[index].1.as_any().downcast_mut::<PendingRows<T>>().expect("keyed by its type");
        pending.rows.push(row);
        Ok(())
    }

    /// Writes every table's waiting rows and completes the files: rows written, rows set aside.
    /// A table that fails as a whole is the error, after the other tables are written, with
    /// every row set aside or not written.
    pub fn flush(&mut self) -> Result<(usize, Vec<Rejected>), Unwritten> {
        let mut written = 0;
        let mut rejected = Vec::new();
        let mut failure = None;
        for (_, table) in &mut self.tables {
            match table.flush() {
                Ok((rows, set_aside)) => {
                    written += rows;
                    rejected.extend(set_aside);
                }
                Err(unwritten) => {
                    rejected.extend(unwritten.rows);
                    failure = Some(unwritten.error);
                }
            }
        }
        match failure {
            Some(error) => Err(Unwritten { error, rows: rejected }),
            None => Ok((written, rejected)),
        }
    }

    /// Writes `rows` as one complete file of the rejects table.
    pub fn write_rejects(&mut self, rows: &[Rejected]) -> Result<(), Error> {
        if rows.is_empty() {
            return Ok(());
        }
        let schema = parse_schema("duckspec_rejects", self.rejects_ddl)?;
        let def = schema.tables.into_iter().next().expect("the rejects DDL declares a table");
        let mut files = TableFiles::new(&self.lake, def, self.rejects_ddl, None, LakeOptions::default())?;
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

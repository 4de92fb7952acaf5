//! The columnar write path shared by `insert_all`, `Writer` and `Batch`: an [`Encoder`] turns
//! rows into 2,048-row Arrow record batches (one DuckDB data chunk each), in one lane per pattern
//! of columns left to their DEFAULT; [`Appenders`] hands a lane's batches to a DuckDB appender
//! that names only the columns those rows carry, so DuckDB fills the rest with their DEFAULT.

use std::any::Any;
use std::ops::Range;

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::{Appender, Connection};

use super::failure::Failure;
use super::source::{RowSource, TableShape};

pub(crate) use crate::tuning::BATCH_ROWS;

/// Whether a row whose DEFAULT mask is `mask` carries column `column`.
pub(crate) fn carries(mask: &[u64], column: usize) -> bool {
    mask[column / 64] & (1 << (column % 64)) == 0
}

/// The builders of the rows that leave the same columns to their DEFAULT.
struct Lane {
    mask: Vec<u64>,
    /// The columns these rows carry, when they do not carry them all.
    projection: Option<Vec<usize>>,
    builders: Box<dyn Any + Send>,
    /// Rows in `builders`.
    buffered: usize,
}

/// Where encoded batches go: straight to appenders, or kept for a later commit.
pub(crate) trait BatchTarget {
    /// Rows `rows` of the source were encoded into lane `lane` (in this order).
    fn run(&mut self, _lane: usize, _rows: Range<usize>) {}

    /// A full (or final) batch of lane `lane`, projected to `projection`.
    fn batch(&mut self, lane: usize, projection: Option<&[usize]>, batch: RecordBatch)
        -> Result<(), Failure>;
}

/// Encodes one table's rows into record batches, lane by lane.
pub(crate) struct Encoder {
    shape: TableShape,
    schema: SchemaRef,
    lanes: Vec<Lane>,
    /// Scratch space for one row's DEFAULT mask.
    mask: Vec<u64>,
}

impl Encoder {
    pub fn new(shape: TableShape) -> Encoder {
        let words = shape.mask_words();
        let first = Lane {
            mask: vec![0; words],
            projection: None,
            builders: (shape.builders)(BATCH_ROWS),
            buffered: 0,
        };
        Encoder { shape, schema: shape.schema(), lanes: vec![first], mask: vec![0; words] }
    }

    pub fn shape(&self) -> &TableShape {
        &self.shape
    }

    /// Encodes rows `rows` of `source` into their lanes, in runs of rows that leave the same
    /// columns to their DEFAULT, handing every full batch to `target`.
    pub fn push(
        &mut self,
        source: &dyn RowSource,
        rows: Range<usize>,
        target: &mut dyn BatchTarget,
    ) -> Result<(), Failure> {
        if !self.shape.omittable {
            return self.push_run(0, source, rows, target);
        }
        let mut run_start = rows.start;
        let mut run_lane = None;
        for row in rows.clone() {
            self.mask.iter_mut().for_each(|word| *word = 0);
            source.omitted(row, &mut self.mask);
            let lane = self.lane_for_mask();
            if run_lane != Some(lane) {
                if let Some(previous) = run_lane {
                    self.push_run(previous, source, run_start..row, target)?;
                }
                run_start = row;
                run_lane = Some(lane);
            }
        }
        match run_lane {
            Some(lane) => self.push_run(lane, source, run_start..rows.end, target),
            None => Ok(()),
        }
    }

    fn push_run(
        &mut self,
        lane: usize,
        source: &dyn RowSource,
        mut rows: Range<usize>,
        target: &mut dyn BatchTarget,
    ) -> Result<(), Failure> {
        target.run(lane, rows.clone());
        while !rows.is_empty() {
            let take = rows.len().min(BATCH_ROWS - self.lanes[lane].buffered);
            if let Err(e) = source.encode(rows.start..rows.start + take, &mut *self.lanes[lane].builders) {
                self.salvage(lane, target)?;
                return Err(Failure::Value(e));
            }
            self.lanes[lane].buffered += take;
            rows.start += take;
            if self.lanes[lane].buffered == BATCH_ROWS {
                self.send(lane, target)?;
            }
        }
        Ok(())
    }

    /// The lane for the mask in `self.mask`, made on first use.
    fn lane_for_mask(&mut self) -> usize {
        if let Some(lane) = self.lanes.iter().position(|lane| lane.mask == self.mask) {
            return lane;
        }
        // Positions in the batch (the written columns) whose column the rows carry.
        let projection =
            (0..self.shape.written.len()).filter(|&p| carries(&self.mask, self.shape.written[p])).collect();
        self.lanes.push(Lane {
            mask: self.mask.clone(),
            projection: Some(projection),
            builders: (self.shape.builders)(BATCH_ROWS),
            buffered: 0,
        });
        self.lanes.len() - 1
    }

    /// Hands lane `lane`'s buffered rows to `target` as one record batch.
    fn send(&mut self, lane: usize, target: &mut dyn BatchTarget) -> Result<(), Failure> {
        let shape = self.shape;
        let lane_state = &mut self.lanes[lane];
        if lane_state.buffered == 0 {
            return Ok(());
        }
        let columns = (shape.finish)(&mut *lane_state.builders);
        // A finished builder restarts from zero capacity; start the next batch at full size.
        lane_state.builders = (shape.builders)(BATCH_ROWS);
        lane_state.buffered = 0;
        let batch = RecordBatch::try_new(self.schema.clone(), columns).unwrap_or_else(|e| {
            panic!("duckspec bug: generated columns of {} do not form a batch: {e}", shape.name)
        });
        let batch = match &lane_state.projection {
            Some(kept) => batch.project(kept).expect("projected columns exist"),
            None => batch,
        };
        target.batch(lane, lane_state.projection.as_deref(), batch)
    }

    /// After a value failed to encode, the lane's builders hold the rows before it plus some
    /// columns of the failing row: hands the complete rows to `target` and starts afresh, so the
    /// encoder stays usable (a `Batch` drops the failed call's rows; a `Sink` keeps the others).
    fn salvage(&mut self, lane: usize, target: &mut dyn BatchTarget) -> Result<(), Failure> {
        let shape = self.shape;
        let lane_state = &mut self.lanes[lane];
        let columns = (shape.finish)(&mut *lane_state.builders);
        lane_state.builders = (shape.builders)(BATCH_ROWS);
        lane_state.buffered = 0;
        let complete = columns.iter().map(|column| column.len()).min().unwrap_or(0);
        if complete == 0 {
            return Ok(());
        }
        let columns = columns.into_iter().map(|column| column.slice(0, complete)).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns).unwrap_or_else(|e| {
            panic!("duckspec bug: generated columns of {} do not form a batch: {e}", shape.name)
        });
        let batch = match &lane_state.projection {
            Some(kept) => batch.project(kept).expect("projected columns exist"),
            None => batch,
        };
        target.batch(lane, lane_state.projection.as_deref(), batch)
    }

    /// Hands every lane's buffered rows to `target`.
    pub fn finish(&mut self, target: &mut dyn BatchTarget) -> Result<(), Failure> {
        (0..self.lanes.len()).try_for_each(|lane| self.send(lane, target))
    }
}

/// One appender per lane of one table, opened on first use; the first, for rows that leave
/// nothing to a DEFAULT, up front (so a missing table fails before any row is encoded).
pub(crate) struct Appenders<'conn> {
    conn: &'conn Connection,
    shape: TableShape,
    appenders: Vec<Option<Appender<'conn>>>,
}

impl<'conn> Appenders<'conn> {
    pub fn open(conn: &'conn Connection, shape: TableShape) -> Result<Self, Failure> {
        let (schema, table) = (shape.def.schema.as_str(), shape.def.name.as_str());
        let first = if shape.writes_all() {
            conn.appender_to_db(table, schema)
        } else {
            let names: Vec<&str> =
                shape.written.iter().map(|&i| shape.def.columns[i].name.as_str()).collect();
            conn.appender_with_columns_to_db(table, schema, &names)
        };
        Ok(Appenders { conn, shape, appenders: vec![Some(first.map_err(Failure::Open)?)] })
    }

    /// Flushes every appender: constraint violations surface here.
    pub fn flush(&mut self) -> Result<(), Failure> {
        for appender in self.appenders.iter_mut().flatten() {
            appender.flush()?;
        }
        Ok(())
    }
}

impl BatchTarget for Appenders<'_> {
    fn batch(
        &mut self,
        lane: usize,
        projection: Option<&[usize]>,
        batch: RecordBatch,
    ) -> Result<(), Failure> {
        if self.appenders.len() <= lane {
            self.appenders.resize_with(lane + 1, || None);
        }
        let appender = match &mut self.appenders[lane] {
            Some(appender) => appender,
            slot => {
                let columns = &self.shape.def.columns;
                let written = self.shape.written;
                let names: Vec<&str> = match projection {
                    Some(kept) => kept.iter().map(|&p| columns[written[p]].name.as_str()).collect(),
                    None => written.iter().map(|&i| columns[i].name.as_str()).collect(),
                };
                let def = self.shape.def;
                slot.insert(
                    self.conn
                        .appender_with_columns_to_db(&def.name, &def.schema, &names)
                        .map_err(Failure::Open)?,
                )
            }
        };
        appender.append_record_batch(batch)?;
        Ok(())
    }
}

/// Encodes and appends rows `rows` of `source`, then flushes, inside whatever transaction is
/// open. The appenders are dropped before this returns, so nothing of them is flushed after a
/// rollback.
pub(crate) fn write(conn: &Connection, source: &dyn RowSource, rows: Range<usize>) -> Result<(), Failure> {
    let shape = source.shape();
    let mut appenders = Appenders::open(conn, shape)?;
    let mut encoder = Encoder::new(shape);
    encoder.push(source, rows, &mut appenders)?;
    encoder.finish(&mut appenders)?;
    appenders.flush()
}

//! [`Stored`]: one table's encoded rows inside a [`Batch`](super::Batch), lane by lane (a lane per
//! pattern of columns left to their DEFAULT), with which added row each one is, so a refused row
//! can be named, described and left out.

use std::ops::Range;
use std::sync::Arc;

use duckdb::arrow::array::{new_null_array, ArrayRef};
use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::arrow::util::display::{ArrayFormatter, FormatOptions};

use super::failure::Failure;
use super::lanes::{Appenders, BatchTarget};

/// Encoded rows, lane by lane, and which added row each of them is.
#[derive(Default)]
pub(crate) struct Stored {
    lanes: Vec<StoredLane>,
    /// The index (among the table's added rows) of row 0 of the rows being encoded.
    pub(super) first: usize,
}

#[derive(Default)]
struct StoredLane {
    projection: Option<Vec<usize>>,
    batches: Vec<RecordBatch>,
    /// The added-row index of every row encoded into this lane, in order; the batches hold a
    /// prefix of them (the rest are still in the encoder's builders).
    rows: Vec<usize>,
}

impl Stored {
    fn lane(&mut self, lane: usize) -> &mut StoredLane {
        if self.lanes.len() <= lane {
            self.lanes.resize_with(lane + 1, StoredLane::default);
        }
        &mut self.lanes[lane]
    }

    fn stored_rows(lane: &StoredLane) -> usize {
        lane.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Drops every row after the first `keep[lane]` of each lane.
    pub(super) fn truncate(&mut self, keep: &[usize]) {
        for (lane, state) in self.lanes.iter_mut().enumerate() {
            let keep = keep.get(lane).copied().unwrap_or(0);
            let mut remaining = keep;
            state.batches.retain_mut(|batch| {
                if remaining == 0 {
                    return false;
                }
                if batch.num_rows() > remaining {
                    *batch = batch.slice(0, remaining);
                }
                remaining -= batch.num_rows();
                true
            });
            state.rows.truncate(keep);
        }
    }

    /// Every stored row in append order, as (lane, batch index).
    pub(super) fn batches(&self) -> impl Iterator<Item = (usize, &RecordBatch)> {
        self.lanes.iter().enumerate().flat_map(|(lane, state)| state.batches.iter().map(move |b| (lane, b)))
    }

    /// Rows encoded into each lane so far (stored or still in the encoder's builders).
    pub(super) fn lane_rows(&self) -> Vec<usize> {
        self.lanes.iter().map(|lane| lane.rows.len()).collect()
    }

    pub(super) fn len(&self) -> usize {
        self.lanes.iter().map(Stored::stored_rows).sum()
    }

    /// The added-row index of the `position`-th row in append order.
    pub(super) fn row_at(&self, mut position: usize) -> Option<usize> {
        for state in &self.lanes {
            let stored = Stored::stored_rows(state);
            if position < stored {
                return state.rows.get(position).copied();
            }
            position -= stored;
        }
        None
    }

    /// Appends the stored rows at positions `range` (in append order) through `appenders`,
    /// leaving out the positions in `excluded` (sorted). Positions are relative to this table.
    pub(super) fn append(
        &self,
        appenders: &mut Appenders<'_>,
        range: Range<usize>,
        excluded: &[usize],
    ) -> Result<(), Failure> {
        let mut position = 0;
        for (lane, batch) in self.batches() {
            let (start, end) = (position, position + batch.num_rows());
            position = end;
            let (from, to) = (start.max(range.start), end.min(range.end));
            if from >= to {
                continue;
            }
            // The runs of kept rows between excluded ones.
            let mut run_start = from;
            let skipped = excluded.iter().copied().filter(|&e| e >= from && e < to);
            for cut in skipped.chain(std::iter::once(to)) {
                if cut > run_start {
                    let piece = batch.slice(run_start - start, cut - run_start);
                    appenders.batch(lane, self.lanes[lane].projection.as_deref(), piece)?;
                }
                run_start = cut + 1;
            }
        }
        Ok(())
    }

    /// Every stored batch with all of `schema`'s columns (the columns the table writes): a
    /// column a lane's rows left to their DEFAULT is NULL, as a target without DEFAULTs stores it.
    pub(super) fn full_batches(&self, schema: &SchemaRef) -> Result<Vec<RecordBatch>, String> {
        self.batches()
            .map(|(lane, batch)| match &self.lanes[lane].projection {
                None => Ok(batch.clone()),
                Some(kept) => {
                    let columns: Vec<ArrayRef> = (0..schema.fields().len())
                        .map(|p| match kept.iter().position(|&k| k == p) {
                            Some(i) => batch.column(i).clone(),
                            None => new_null_array(schema.field(p).data_type(), batch.num_rows()),
                        })
                        .collect();
                    RecordBatch::try_new(Arc::clone(schema), columns).map_err(|e| e.to_string())
                }
            })
            .collect()
    }

    /// The row at position `position` (in append order) as `{"column": "value", …}`.
    pub(super) fn describe(
        &self,
        def: &duckspec_spec::TableDef,
        written: &[usize],
        mut position: usize,
    ) -> String {
        for (lane, batch) in self.batches() {
            if position >= batch.num_rows() {
                position -= batch.num_rows();
                continue;
            }
            let projection: Vec<usize> = match &self.lanes[lane].projection {
                Some(kept) => kept.iter().map(|&p| written[p]).collect(),
                None => written.to_vec(),
            };
            let mut object = serde_json::Map::new();
            for (column, array) in projection.iter().zip(batch.columns()) {
                let options = FormatOptions::default().with_null("NULL");
                let text = ArrayFormatter::try_new(array.as_ref(), &options)
                    .map(|f| f.value(position).to_string())
                    .unwrap_or_else(|e| format!("<{e}>"));
                object.insert(def.columns[*column].name.clone(), text.into());
            }
            return serde_json::Value::Object(object).to_string();
        }
        "{}".to_string()
    }
}

impl BatchTarget for Stored {
    fn run(&mut self, lane: usize, rows: Range<usize>) {
        let first = self.first;
        self.lane(lane).rows.extend(rows.map(|row| first + row));
    }

    fn batch(
        &mut self,
        lane: usize,
        projection: Option<&[usize]>,
        batch: RecordBatch,
    ) -> Result<(), Failure> {
        let state = self.lane(lane);
        state.projection = projection.map(<[usize]>::to_vec);
        state.batches.push(batch);
        Ok(())
    }
}

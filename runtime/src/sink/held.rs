//! Rows a sink holds, typed, per table: in its queue until the writer takes them, then in the
//! writer until they are encoded into the flush's batch — many rows of a table with one call
//! (column by column, as `insert_all` does), never one call per row.

use std::any::{Any, TypeId};

use crate::rows::{Batch, Rejected};
use crate::traits::Table;

/// One table's held rows, their type erased.
trait Held: Send {
    fn as_any(&mut self) -> &mut dyn Any;

    /// Moves up to `max` rows, oldest first, to the same table's rows in `into`; returns how many.
    fn move_into(&mut self, into: &mut HeldTables, max: usize) -> usize;

    /// Adds the rows to `batch` and forgets them; a row whose value cannot be stored is returned
    /// instead, and its neighbours are still added.
    fn encode_into(&mut self, batch: &mut Batch) -> Vec<Rejected>;
}

struct HeldRows<T> {
    rows: Vec<T>,
}

impl<T: Table + Send + 'static> Held for HeldRows<T> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn move_into(&mut self, into: &mut HeldTables, max: usize) -> usize {
        let count = self.rows.len().min(max);
        let target = &mut into.rows_of::<T>().rows;
        if count == self.rows.len() && target.is_empty() {
            // Whole: swap, so both sides keep their allocations.
            std::mem::swap(&mut self.rows, target);
        } else {
            target.extend(self.rows.drain(..count));
        }
        count
    }

    fn encode_into(&mut self, batch: &mut Batch) -> Vec<Rejected> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let rejected = match batch.extend(&self.rows) {
            Ok(_) => Vec::new(),
            // `extend` added none of them: row by row, setting aside the ones that fail.
            Err(_) => self
                .rows
                .iter()
                .filter_map(|row| batch.push(row).err().map(|e| Rejected::of(row, e.to_string())))
                .collect(),
        };
        self.rows.clear();
        rejected
    }
}

/// Every table's held rows, in the order their tables first appeared.
#[derive(Default)]
pub(super) struct HeldTables(Vec<(TypeId, Box<dyn Held>)>);

impl HeldTables {
    pub fn push<T: Table + Send + 'static>(&mut self, row: T) {
        self.rows_of::<T>().rows.push(row);
    }

    /// Moves up to `max` rows, table by table, into `into`; returns how many.
    pub fn move_into(&mut self, into: &mut HeldTables, max: usize) -> usize {
        let mut moved = 0;
        for (_, held) in &mut self.0 {
            if moved == max {
                break;
            }
            moved += held.move_into(into, max - moved);
        }
        moved
    }

    fn rows_of<T: Table + Send + 'static>(&mut self) -> &mut HeldRows<T> {
        let key = TypeId::of::<T>();
        let index = match self.0.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let held = HeldRows::<T> { rows: Vec::new() };
                self.0.push((key, Box::new(held)));
                self.0.len() - 1
            }
        };
        self.0[index].1.as_any().downcast_mut::<HeldRows<T>>().expect("keyed by its type")
    }

    /// Adds every held row to `batch`; returns the rows whose values cannot be stored.
    pub fn encode_into(&mut self, batch: &mut Batch) -> Vec<Rejected> {
        self.0.iter_mut().flat_map(|(_, held)| held.encode_into(batch)).collect()
    }
}

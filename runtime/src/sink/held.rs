//! Rows a database sink holds between flushes, typed, per table: a flush encodes each table's rows
//! with one call (column by column over all of them, as `insert_all` does) instead of one call per
//! row as they arrive.

use std::any::{Any, TypeId};

use crate::rows::{Batch, Rejected};
use crate::traits::Rows;

/// One table's held rows, their type erased.
trait Held: Send {
    fn as_any(&mut self) -> &mut dyn Any;
    /// Adds the rows to `batch` and forgets them; a row whose value cannot be stored is returned
    /// instead, and its neighbours are still added.
    fn encode_into(&mut self, batch: &mut Batch) -> Vec<Rejected>;
}

struct HeldRows<T>(Vec<T>);

impl<T: Rows + Send + 'static> Held for HeldRows<T> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn encode_into(&mut self, batch: &mut Batch) -> Vec<Rejected> {
        if self.0.is_empty() {
            return Vec::new();
        }
        let rejected = match batch.extend(&self.0) {
            Ok(_) => Vec::new(),
            // `extend` added none of them: row by row, setting aside the ones that fail.
            Err(_) => self
                .0
                .iter()
                .filter_map(|row| batch.push(row).err().map(|e| Rejected::of(row, e.to_string())))
                .collect(),
        };
        self.0.clear();
        rejected
    }
}

/// Every table's held rows, in the order their tables first appeared.
#[derive(Default)]
pub(super) struct HeldTables(Vec<(TypeId, Box<dyn Held>)>);

impl HeldTables {
    pub fn push<T: Rows + Send + 'static>(&mut self, row: T) {
        let key = TypeId::of::<T>();
        let index = match self.0.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                self.0.push((key, Box::new(HeldRows::<T>(Vec::new()))));
                self.0.len() - 1
            }
        };
        let held = self.0[index].1.as_any().downcast_mut::<HeldRows<T>>().expect("keyed by its type");
        held.0.push(row);
    }

    /// Adds every held row to `batch`; returns the rows whose values cannot be stored.
    pub fn encode_into(&mut self, batch: &mut Batch) -> Vec<Rejected> {
        self.0.iter_mut().flat_map(|(_, held)| held.encode_into(batch)).collect()
    }
}

//! A [`Batch`] committed the way a sink commits it: every row DuckDB accepts is written, each row
//! DuckDB refuses is found, left out and described (a [`Rejected`]), so a bad row never costs its
//! neighbours. A caller's own `Batch::commit` is all or nothing instead.

use duckdb::Connection;

use super::batch::Batch;
use super::failure::{locate_failing, Failure};
use super::rejected::Rejected;
use crate::error::Error;
use crate::transaction;

impl Batch {
    /// Commits every row DuckDB accepts, in one transaction; each row that makes the transaction
    /// fail is found (as [`Batch::commit`] finds one), left out, and returned with DuckDB's message
    /// and its values; the rest is tried again. `extra` runs inside the transaction that commits,
    /// with the rows left out so far (a sink writes them to `duckspec_rejects` there). A failure no
    /// single row explains is the error. Afterwards the batch is empty either way.
    pub(crate) fn commit_rejecting(
        &mut self,
        conn: &Connection,
        extra: &mut dyn FnMut(&Connection, &[Rejected]) -> duckdb::Result<()>,
    ) -> Result<(usize, Vec<Rejected>), Error> {
        self.finish_encoding()?;
        self.prepare(conn)?;
        let total = self.stored_len();
        let mut excluded: Vec<usize> = Vec::new();
        let mut rejected: Vec<Rejected> = Vec::new();
        let outcome = loop {
            let attempt = (|| -> Result<(), Failure> {
                let transaction = transaction::begin(conn)?;
                self.append(conn, total, &excluded)?;
                extra(conn, &rejected)?;
                transaction::commit(transaction).map_err(Failure::Engine)
            })();
            match attempt {
                Ok(()) => break Ok((total - excluded.len(), rejected)),
                Err(Failure::Engine(error)) => {
                    match locate_failing(conn, total, |len| self.append(conn, len, &excluded)) {
                        Some((position, error)) if !excluded.contains(&position) => {
                            rejected.push(self.describe(position, error.to_string()));
                            excluded.push(position);
                            excluded.sort_unstable();
                        }
                        // Not one row's fault (the table is gone, the disk is full, …).
                        _ => break Err(Error::DuckDb(error)),
                    }
                }
                Err(failure) => break Err(failure.into_error(self.first_table(), None, 0..total)),
            }
        };
        if outcome.is_ok() {
            self.parts.clear();
        }
        outcome
    }

    /// Every row of the batch as a rejected row with `message`, for a flush that failed as a
    /// whole; the batch is empty afterwards.
    pub(crate) fn reject_all(&mut self, message: &str) -> Vec<Rejected> {
        let _ = self.finish_encoding();
        let all =
            (0..self.stored_len()).map(|position| self.describe(position, message.to_string())).collect();
        self.parts.clear();
        all
    }

    /// The row at `position` of the whole batch (tables in order, then lanes), refused for
    /// `message`.
    fn describe(&self, position: usize, message: String) -> Rejected {
        let (part, local) = self.part_at(position).expect("positions lie within the batch");
        part.rejected(local, message)
    }
}

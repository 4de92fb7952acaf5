//! [`EncodedTable`]: what a [`Batch`] holds for one table, readable by a sink target that stores
//! rows elsewhere than DuckDB (a Parquet lake, a table format): the table's definition and its
//! rows as Arrow record batches.

use duckdb::arrow::record_batch::RecordBatch;
use duckspec_spec::TableDef;

use super::batch::{Batch, Part};
use super::rejected::Rejected;
use crate::error::Error;

/// One table's rows in a [`Batch`], encoded: see [`Batch::tables`].
pub struct EncodedTable<'a> {
    part: &'a Part,
}

impl EncodedTable<'_> {
    /// The table's name (`Table::NAME`).
    pub fn name(&self) -> &'static str {
        self.part.encoder.shape().name
    }

    /// The table's definition, as the struct declares it.
    pub fn def(&self) -> &'static TableDef {
        self.part.encoder.shape().def
    }

    /// The table's canonical DDL (`Table::DDL`).
    pub fn ddl(&self) -> &'static str {
        self.part.encoder.shape().ddl
    }

    /// The spec file the struct was checked against (`Table::SPEC`).
    pub fn spec(&self) -> Option<&'static str> {
        self.part.encoder.shape().spec
    }

    /// The rows held for this table.
    pub fn len(&self) -> usize {
        self.part.stored.len()
    }

    /// Whether no row is held for this table.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows as Arrow record batches of every column the table writes (generated columns
    /// left out), in the table's order and in the Arrow types the bulk insert path uses; a
    /// column a row left to its DEFAULT (`None` in an `Option` field whose column has one) is
    /// NULL there. Rows come lane by lane, so their order can differ from the order they were
    /// added in.
    pub fn batches(&self) -> Result<Vec<RecordBatch>, Error> {
        let shape = self.part.encoder.shape();
        self.part.stored.full_batches(&shape.schema()).map_err(|message| Error::Value {
            table: shape.name,
            row: 0,
            column: "",
            message,
        })
    }

    /// Every row of this table as a rejected row with `message` and its values, for a target
    /// that could not store the table: what it hands back so the sink keeps the rows aside.
    pub fn reject_all(&self, message: &str) -> Vec<Rejected> {
        (0..self.len()).map(|local| self.part.rejected(local, message.to_string())).collect()
    }
}

impl Batch {
    /// The rows added so far, table by table in the order the tables were first added: what a
    /// [`SinkTarget`](crate::sink::SinkTarget) that stores rows outside DuckDB writes. A value
    /// that cannot be encoded was already refused by `push`/`extend`, so this fails only on a
    /// duckspec bug.
    ///
    /// ```
    /// use duckspec::{Batch, Table};
    ///
    /// #[derive(Table)]
    /// #[table(name = "events", unchecked)]
    /// struct Event {
    ///     id: i64,
    ///     kind: Option<String>,
    /// }
    ///
    /// let mut batch = Batch::new();
    /// batch.extend(&[Event { id: 1, kind: None }, Event { id: 2, kind: Some("tick".into()) }])?;
    /// let tables = batch.tables()?;
    /// assert_eq!((tables[0].name(), tables[0].len()), ("events", 2));
    /// let batches = tables[0].batches()?;
    /// assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 2);
    /// assert_eq!(batches[0].num_columns(), 2);
    /// # Ok::<(), duckspec::Error>(())
    /// ```
    pub fn tables(&mut self) -> Result<Vec<EncodedTable<'_>>, Error> {
        self.finish_encoding()?;
        Ok(self.parts.iter().map(|part| EncodedTable { part }).collect())
    }

    /// Forgets every row (after a target stored them).
    pub fn clear(&mut self) {
        self.parts.clear();
    }
}

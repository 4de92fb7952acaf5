//! The schema layer: a live database's schema read through DuckDB's catalog ([`read_schema`]),
//! `Schema::load` / `Schema::check` (create what is missing, refuse what drifted) and additive
//! migrations ([`migrate`]).

mod engine;
mod introspect;
mod load;
pub mod migrate;

use duckdb::Connection;

pub use engine::{ddl_in_engine, spec_in_engine};
pub use introspect::read_schema;
pub use load::{diff_database, ObjectSources, TableSource};

use crate::error::{DriftReport, Error};
use crate::traits::{Schema, SchemaOps};

impl<S: Schema> SchemaOps for S {
    fn load_tables(conn: &Connection) -> crate::Result<usize> {
        load::load(conn, &table_sources::<S>(), &object_sources::<S>())
    }

    fn check_tables(conn: &Connection) -> crate::Result<()> {
        let drifts = load::check(conn, &table_sources::<S>(), &object_sources::<S>())?;
        if drifts.is_empty() {
            Ok(())
        } else {
            Err(Error::Drift(DriftReport { drifts }))
        }
    }
}

/// The spec's objects other than tables, as `S` carries them.
fn object_sources<S: Schema>() -> ObjectSources {
    ObjectSources { before: S::OBJECTS_DDL, after: S::VIEWS_DDL }
}

/// Each table of `S` with the spec's DDL for it, in dependency order.
fn table_sources<S: Schema>() -> Vec<TableSource> {
    S::table_defs()
        .into_iter()
        .map(|def| {
            let ddl = S::TABLE_DDL
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&def.name))
                .map(|(_, ddl)| *ddl)
                .unwrap_or_else(|| panic!("duckspec bug: no DDL for table {}", def.name));
            TableSource { def, ddl }
        })
        .collect()
}

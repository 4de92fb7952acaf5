//! duckspec
pub use duckdb;

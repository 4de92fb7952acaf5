//! What the CLI's test files share: a scratch directory with files and databases, and running
//! the `duckspec` binary.

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use duckspec::duckdb::Connection;

/// The spec most CLI tests run against: one table with a key, a DEFAULT and a CHECK.
pub const SPEC: &str = "\
CREATE TABLE job_metrics (
    job_id VARCHAR PRIMARY KEY,
    tool VARCHAR NOT NULL,
    duration_ms BIGINT NOT NULL,
    cost DECIMAL(10,2) DEFAULT 0,
    CHECK (duration_ms >= 0)
);
";

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace { dir: tempfile::tempdir().unwrap() }
    }

    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn database(&self, name: &str, sql: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        path
    }
}

pub fn duckspec(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duckspec")).args(args).output().unwrap()
}

pub fn duckspec_args(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duckspec")).args(args).output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

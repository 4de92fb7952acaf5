//! A user's crate of many tables, as the compile-cost measurement builds it (see
//! `src/bin/measure.rs` and BENCHMARKS.md): the structs and calls `build.rs` generated for this
//! build's features. Without features it is empty.

#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/tables.rs"));

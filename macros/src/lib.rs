//! duckspec-macros

//! The DuckDB messages duckspec reads (it has no error type to match for these; see
//! `runtime/src/engine_messages.rs`), produced by a real DuckDB: an upgrade that rewords one fails
//! here instead of silently changing what duckspec does.

use duckspec::__private_0_1_0::lost_a_race;
use duckspec::duckdb::Connection;

/// `Schema::load` retries when DuckDB says another connection won a race to create a table; DuckDB
/// reports that only in its message, so this pins the messages it gives: an upgrade that changes
/// them fails here rather than turning a benign race into an error.
#[test]
fn duckdb_reports_a_lost_creation_race_in_the_words_load_expects() {
    let first = Connection::open_in_memory().unwrap();
    let second = first.try_clone().unwrap();
    first.execute_batch("BEGIN TRANSACTION; CREATE TABLE raced (a INTEGER);").unwrap();
    // DuckDB refuses the second creation at once or at its commit, depending on timing.
    let lost = second
        .execute_batch("BEGIN TRANSACTION; CREATE TABLE raced (a INTEGER);")
        .and_then(|()| {
            first.execute_batch("COMMIT")?;
            second.execute_batch("COMMIT")
        })
        .unwrap_err();
    let _ = second.execute_batch("ROLLBACK");
    let _ = first.execute_batch("COMMIT");
    assert!(lost_a_race(&lost), "{lost}");
    // Created meanwhile, outside any transaction: the other message.
    let again = first.execute_batch("CREATE TABLE raced (a INTEGER)").unwrap_err();
    assert!(lost_a_race(&again), "{again}");
    // And a constraint failure is no race.
    first.execute_batch("CREATE TABLE keyed (a INTEGER PRIMARY KEY); INSERT INTO keyed VALUES (1)").unwrap();
    let duplicate = first.execute_batch("INSERT INTO keyed VALUES (1)").unwrap_err();
    assert!(!lost_a_race(&duplicate), "{duplicate}");
}

/// A spec with an ICU collation (22 of DuckDB's own test specs have one) is refused at its
/// statement with the collation named and why the bundled DuckDB lacks it — never a download
/// attempt (extensions are neither installed nor loaded by the engine duckspec compares in).
#[test]
fn an_icu_collation_is_a_clear_refusal_naming_the_collation() {
    let spec = duckspec::spec::parse_schema(
        "spec.sql",
        "CREATE TABLE t (a INTEGER);\nCREATE TABLE u (s VARCHAR COLLATE af);",
    )
    .unwrap();
    let error = duckspec::spec_in_engine(&spec).unwrap_err().to_string();
    assert!(error.starts_with("spec.sql:2:1: DuckDB refuses this statement"), "{error}");
    assert!(error.contains("af") && error.contains("ICU"), "{error}");
    assert!(!error.to_lowercase().contains("http"), "no network attempt: {error}");
}

/// A statement DuckDB refuses is reported at the token DuckDB names (its error's position,
/// relative to the statement), not at the statement's start: a spec of several statements,
/// a refusal on the third line of one, after non-ASCII text on that line.
#[test]
fn a_refusal_points_at_the_token_duckdb_names() {
    let sql = "CREATE TABLE t (a INTEGER);\n\nCREATE TABLE \"é\" (\n    x INTEGER,\n    \"ü\" INTEGER DEFAULT nosuchfn(1)\n);";
    let spec = duckspec::spec::parse_schema("spec.sql", sql).unwrap();
    let error = duckspec::spec_in_engine(&spec).unwrap_err().to_string();
    // Line 5; `nosuchfn` starts at character 25 of it (`"ü"` is three characters, four bytes).
    assert!(error.starts_with("spec.sql:5:25: DuckDB refuses this statement: Catalog Error: Scalar Function with name nosuchfn does not exist"), "{error}");
    // DuckDB's text, not its JSON.
    assert!(!error.contains("exception_type"), "{error}");
    // A refusal DuckDB gives no position for (an unknown collation) stays at the statement's start.
    let spec = duckspec::spec::parse_schema(
        "spec.sql",
        "CREATE TABLE t (a INTEGER);\n  CREATE TABLE u (s VARCHAR COLLATE klingon);",
    )
    .unwrap();
    let error = duckspec::spec_in_engine(&spec).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "spec.sql:2:3: DuckDB refuses this statement: Catalog Error: Collation with name klingon"
        ),
        "{error}"
    );
}

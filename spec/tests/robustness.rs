//! Random and mutated DDL never panics the parser or normalizer: every input gives a model or a
//! located error, and every model survives render → parse unchanged.

use duckspec_spec::{normalize_expr, parse_schema, render_schema, SqlType};
use proptest::prelude::*;

const CORPUS: &str = r#"
-- governance spec
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE IF NOT EXISTS job_metrics (
    job_id VARCHAR PRIMARY KEY,
    tool TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    duration_ms INT8 NOT NULL CHECK (duration_ms >= 0),
    cost DECIMAL(10,2),
    feeling mood,
    tags VARCHAR[],
    dims INTEGER[3],
    meta STRUCT(a INT, "b c" MAP(TEXT, DOUBLE)),
    "group" UNION(n INT, s TEXT) DEFAULT (1),
    UNIQUE (tool, started_at)
);
/* a block comment */
CREATE TABLE plugin_metrics (job_id VARCHAR REFERENCES job_metrics (job_id), plugin TEXT, CHECK (plugin <> ''));
COMMENT ON TABLE job_metrics IS 'one row per job';
COMMENT ON COLUMN job_metrics.tool IS 'the tool''s name';
CREATE SEQUENCE seq START 1;
CREATE UNIQUE INDEX by_tool ON job_metrics (tool);
"#;

const TOKENS: &[&str] = &[
    "CREATE",
    "TABLE",
    "TYPE",
    "AS",
    "ENUM",
    "COMMENT",
    "ON",
    "COLUMN",
    "IS",
    "INDEX",
    "UNIQUE",
    "SEQUENCE",
    "PRIMARY",
    "KEY",
    "NOT",
    "NULL",
    "DEFAULT",
    "CHECK",
    "REFERENCES",
    "IF",
    "EXISTS",
    "STRUCT",
    "MAP",
    "UNION",
    "INTEGER",
    "VARCHAR",
    "DECIMAL",
    "TIMESTAMP",
    "WITH",
    "TIME",
    "ZONE",
    "t",
    "a",
    "b",
    "\"order\"",
    "(",
    ")",
    ",",
    ";",
    "[",
    "]",
    "[3]",
    "'x'",
    "'",
    "\"",
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "+",
    ">",
    "AND",
    "--",
    "/*",
    "*/",
    "\n",
    "::",
    ".",
    "*",
    "DROP",
    "SELECT",
    "$$",
    "\\",
    "é",
    "\u{0}",
];

fn random_sql() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|tokens| tokens.join(" "))
}

fn mutated_corpus() -> impl Strategy<Value = String> {
    let len = CORPUS.len();
    (0..len, 0..len, prop::sample::select(TOKENS), 0..3u8).prop_map(|(a, b, token, kind)| {
        let (start, end) = (a.min(b), a.max(b));
        let boundary = |mut i: usize| {
            while !CORPUS.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (start, end) = (boundary(start), boundary(end));
        match kind {
            0 => format!("{}{}", &CORPUS[..start], &CORPUS[end..]),
            1 => format!("{}{token}{}", &CORPUS[..start], &CORPUS[start..]),
            _ => format!("{}{}{}", &CORPUS[..end], &CORPUS[start..end], &CORPUS[end..]),
        }
    })
}

fn check(sql: &str) -> Result<(), TestCaseError> {
    match parse_schema("fuzz.sql", sql) {
        Ok(schema) => {
            let rendered = render_schema(&schema);
            let again = parse_schema("rendered.sql", &rendered)
                .map_err(|e| TestCaseError::fail(format!("rendered DDL does not parse: {e}\n{rendered}")))?;
            prop_assert_eq!(
                &again.tables,
                &schema.tables,
                "render/parse round trip changed the tables:\n{}",
                rendered
            );
        }
        Err(error) => {
            let location = error.location().expect("parse errors are located");
            prop_assert!(location.line >= 1 && location.column >= 1, "bad location {}", location);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_sql_never_panics(sql in random_sql()) {
        check(&sql)?;
    }

    #[test]
    fn mutated_specs_never_panic(sql in mutated_corpus()) {
        check(&sql)?;
    }

    #[test]
    fn random_types_and_expressions_never_panic(text in random_sql()) {
        let _ = SqlType::parse(&text);
        let _ = normalize_expr(&text);
    }
}

#[test]
fn the_corpus_itself_parses_and_round_trips() {
    check(CORPUS).unwrap();
    assert_eq!(parse_schema("c.sql", CORPUS).unwrap().tables.len(), 2);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}INT{}", "STRUCT(a ".repeat(500), ")".repeat(500));
    assert!(SqlType::parse(&deep).is_err());
    let sql = format!("CREATE TABLE t (a INT DEFAULT {}1{})", "(".repeat(500), ")".repeat(500));
    assert!(parse_schema("deep.sql", &sql).is_err());
}

//! `duckspec::spec::result_nullability` — the proof `query!` and `query_scalar!` use to type a
//! column `T` rather than `Option<T>` — checked against a real DuckDB: over a few thousand
//! queries generated from select items, `FROM` clauses, groupings and filters (joins, subqueries,
//! `ROLLUP`, `CUBE`, `GROUPING SETS`, `* REPLACE`, CTEs that shadow the table), every column
//! claimed never NULL holds no NULL on tables with NULLs in every nullable column, on tables whose
//! outer joins have no partner, and on empty tables; and the claims' count and names are DuckDB's.

use duckspec::duckdb::arrow::array::Array;
use duckspec::duckdb::Connection;
use duckspec::spec::{parse_schema, result_nullability};

const SPEC: &str = "CREATE TABLE t (id BIGINT PRIMARY KEY, tool VARCHAR NOT NULL, note VARCHAR,
    twice BIGINT GENERATED ALWAYS AS (id * 2));
CREATE TABLE u (id BIGINT NOT NULL, tag VARCHAR NOT NULL);";

const ITEMS: [&str; 14] = [
    "id",
    "t.id",
    "tool",
    "TOOL AS renamed",
    "note",
    "twice",
    "count(*)",
    "count(note) AS c",
    "1 AS one",
    "'x'",
    "NULL AS nothing",
    "max(id) AS m",
    "tool || 'x' AS tx",
    "*",
];

const FROMS: [&str; 9] = [
    "t",
    "t AS t",
    "main.t",
    "t LEFT JOIN u USING (id)",
    "u RIGHT JOIN t USING (id)",
    "t FULL JOIN u USING (id)",
    "(SELECT * FROM t WHERE false UNION ALL SELECT NULL, NULL, NULL, NULL) AS t",
    "t, u",
    "t AS t(a, b, c, d)",
];

const GROUPS: [&str; 6] = [
    "",
    "GROUP BY ALL",
    "GROUP BY ROLLUP (id, tool, note, twice)",
    "GROUP BY CUBE (id, tool, note, twice)",
    "GROUP BY GROUPING SETS ((id, tool, note, twice), ())",
    "GROUP BY id, tool, note, twice",
];

const WHERES: [&str; 2] = ["", "WHERE note IS NULL OR id > 0"];

/// Every generated query, and a few written out that the generator does not make.
fn corpus() -> Vec<String> {
    let mut lists: Vec<String> = ITEMS.iter().map(|item| item.to_string()).collect();
    for (i, a) in ITEMS.iter().enumerate() {
        for (j, b) in ITEMS.iter().enumerate() {
            if (i + j) % 3 == 0 && i != j {
                lists.push(format!("{a}, {b}"));
            }
        }
    }
    let mut queries = Vec::new();
    for list in &lists {
        for from in FROMS {
            for group in GROUPS {
                for filter in WHERES {
                    queries.push(format!("SELECT {list} FROM {from} {filter} {group}"));
                }
            }
        }
    }
    queries.extend(
        [
            "WITH t AS (SELECT NULL::BIGINT AS id, NULL::VARCHAR AS tool) SELECT id, tool FROM t",
            "SELECT * REPLACE (NULL AS tool) FROM t",
            "SELECT * EXCLUDE (note) FROM t",
            "SELECT tool FROM t UNION ALL SELECT NULL",
            "SELECT id FROM t INTERSECT SELECT id FROM u",
            "SELECT DISTINCT tool FROM t ORDER BY tool LIMIT 1",
            "SELECT tool, count(*) OVER (PARTITION BY tool) AS n FROM t QUALIFY n > 0",
            "SELECT tool FROM t GROUP BY tool HAVING count(*) > 0",
            "FROM t SELECT tool",
            "SELECT (tool) AS p FROM t",
            "SELECT id FROM t WHERE id IN (SELECT id FROM u)",
        ]
        .map(str::to_string),
    );
    queries
}

fn database(rows: &str) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SPEC).unwrap();
    conn.execute_batch(rows).unwrap();
    conn
}

#[test]
fn every_column_claimed_never_null_holds_no_null_in_duckdb() {
    let spec = parse_schema("nullability.sql", SPEC).unwrap();
    let databases = [
        // Every nullable column NULL somewhere; `u` has no partner for t's rows.
        database("INSERT INTO t (id, tool, note) VALUES (1, 'a', NULL), (2, 'b', 'n'); INSERT INTO u VALUES (9, 'z');"),
        // Nothing at all: aggregates over no rows.
        database(""),
    ];
    let (mut bound, mut claimed, mut covered) = (0, 0, 0);
    for sql in corpus() {
        // Queries DuckDB refuses (an ungrouped column beside an aggregate) are not queries.
        let Ok(mut statement) = databases[0].prepare(&sql) else { continue };
        bound += 1;
        let batches: Vec<_> = statement.query_arrow([]).unwrap().collect();
        let names: Vec<String> = batches
            .first()
            .map(|b| b.schema().fields().iter().map(|f| f.name().clone()).collect())
            .unwrap_or_default();
        let Some(columns) = result_nullability(&spec, &sql) else { continue };
        covered += 1;
        // The macro keeps claims only where their count and names are DuckDB's; for this corpus
        // they always are (a disagreement would be a bug in the rules' reading of the SQL).
        if !names.is_empty() {
            assert_eq!(columns.len(), names.len(), "{sql}: {columns:?} vs {names:?}");
            for (column, name) in columns.iter().zip(&names) {
                if let Some(stated) = &column.name {
                    assert!(stated.eq_ignore_ascii_case(name), "{sql}: {stated} is DuckDB's {name}");
                }
            }
        }
        for conn in &databases {
            let batches: Vec<_> = conn.prepare(&sql).unwrap().query_arrow([]).unwrap().collect();
            for (i, _) in columns.iter().enumerate().filter(|(_, c)| c.not_null) {
                for batch in &batches {
                    assert_eq!(batch.column(i).null_count(), 0, "{sql}: column {i} claimed never NULL");
                }
            }
        }
        claimed += columns.iter().filter(|c| c.not_null).count();
    }
    eprintln!("{bound} queries bound, {covered} covered by the rules, {claimed} columns claimed never NULL");
    // The corpus is not vacuous: most queries bind, many are covered, and claims are made.
    assert!(bound > 1500, "{bound} queries bound");
    assert!(covered > 300, "{covered} queries covered");
    assert!(claimed > 500, "{claimed} claims");
}

#[test]
fn shapes_that_make_nulls_are_never_covered() {
    let spec = parse_schema("nullability.sql", SPEC).unwrap();
    for sql in corpus() {
        let nullable_shape =
            ["JOIN", ", u", "ROLLUP", "CUBE", "GROUPING", "UNION", "INTERSECT", "WITH", "REPLACE", "t(a"]
                .iter()
                .any(|word| sql.contains(word));
        if nullable_shape {
            assert!(result_nullability(&spec, &sql).is_none(), "{sql}");
        }
    }
}

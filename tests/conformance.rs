//! The engine is the oracle: every type spelling and constraint form in the corpus is created in
//! a real in-memory DuckDB, and the normalizer's canonical form must equal what DuckDB reports in
//! `duckdb_columns()` / `duckdb_constraints()`, character for character.

use duckspec::duckdb::Connection;
use duckspec::spec::{
    normalize_expr, parse_schema, render_schema, KeywordCategory, Origin, SqlType, KEYWORDS,
};

/// Type spellings, each used as the type of one column.
const TYPE_SPELLINGS: &[&str] = &[
    // Booleans and integers.
    "BOOLEAN",
    "BOOL",
    "LOGICAL",
    "boolean",
    "TINYINT",
    "INT1",
    "SMALLINT",
    "INT2",
    "SHORT",
    "INTEGER",
    "INT",
    "INT4",
    "SIGNED",
    "integer",
    "BIGINT",
    "INT8",
    "LONG",
    "HUGEINT",
    "INT128",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    // Floating point and decimals.
    "FLOAT",
    "FLOAT4",
    "REAL",
    "FLOAT(10)",
    "FLOAT(24)",
    "FLOAT(25)",
    "FLOAT(40)",
    "FLOAT(53)",
    "DOUBLE",
    "FLOAT8",
    "DOUBLE PRECISION",
    "DECIMAL",
    "NUMERIC",
    "DECIMAL(4)",
    "DECIMAL(10,2)",
    "NUMERIC(18,3)",
    "DECIMAL(38,10)",
    "DECIMAL(1,0)",
    "DEC(5,1)",
    // Strings and bytes.
    "VARCHAR",
    "VARCHAR(20)",
    "TEXT",
    "STRING",
    "CHAR",
    "CHAR(3)",
    "BPCHAR",
    "NVARCHAR",
    "CHARACTER VARYING(10)",
    "BLOB",
    "BYTEA",
    "BINARY",
    "VARBINARY",
    "BIT",
    "BITSTRING",
    "BIGNUM",
    "VARINT",
    // Time.
    "DATE",
    "TIME",
    "TIMETZ",
    "TIME WITH TIME ZONE",
    "TIMESTAMP",
    "DATETIME",
    "TIMESTAMP WITHOUT TIME ZONE",
    "TIMESTAMP_S",
    "TIMESTAMP_MS",
    "TIMESTAMP_NS",
    "TIMESTAMP_US",
    "TIMESTAMPTZ",
    "TIMESTAMP WITH TIME ZONE",
    "TIMESTAMP(0)",
    "TIMESTAMP(3)",
    "TIMESTAMP(6)",
    "TIMESTAMP(9)",
    "INTERVAL",
    // Other scalars.
    "UUID",
    "JSON",
    // Nested.
    "INTEGER[]",
    "INT[][]",
    "TEXT[]",
    "INTEGER[3]",
    "INT4[2][]",
    "VARCHAR[][2]",
    "INTEGER ARRAY",
    "STRUCT(a INTEGER, b VARCHAR)",
    "STRUCT(a INT, \"B c\" TEXT)",
    "STRUCT(\"group\" INT)",
    "STRUCT(x STRUCT(y INT[]))",
    "ROW(a INT)",
    "STRUCT(a INT)[]",
    "MAP(VARCHAR, INTEGER)",
    "MAP(INT, TEXT[])",
    "MAP(VARCHAR, MAP(INT, DOUBLE))",
    "UNION(num INTEGER, s VARCHAR)",
    "UNION(a INT, b STRUCT(c TEXT))",
    "ENUM('a', 'b')",
    "ENUM('it''s', 'x y')",
    "ENUM('sad', 'ok')[]",
    "MAP(VARCHAR, INT[])",
    "MAP(INT[], INT)",
    "MAP(VARCHAR, STRUCT(a INT))",
    "STRUCT(m MAP(VARCHAR, INT[]))",
    "MAP(INT, VARCHAR)[]",
    // DuckDB 2.0.
    "GEOMETRY",
    "GEOMETRY('OGC:CRS84')",
    "VARIANT",
    "TIME_NS",
    "TIMESTAMPTZ_NS",
    "TUPLE(INT, VARCHAR)",
    "TUPLE(INT[], STRUCT(a INT))",
    "\"NULL\"",
    "INT64",
    "INT32",
    "INT16",
    "OID",
    "GUID",
    "INTEGRAL",
    "DECIMAL()",
    "NUMERIC()",
    "\"integer\"",
    "INTERVAL YEAR",
    "INTERVAL YEAR TO MONTH",
    "VARCHAR(10)[]",
];

fn engine_type(conn: &Connection, spelling: &str) -> Result<String, duckspec::duckdb::Error> {
    conn.execute_batch(&format!("DROP TABLE IF EXISTS probe; CREATE TABLE probe (c {spelling})"))?;
    conn.query_row("SELECT data_type FROM duckdb_columns() WHERE table_name = 'probe'", [], |row| row.get(0))
}

#[test]
fn every_type_spelling_normalizes_as_duckdb_does() {
    assert!(TYPE_SPELLINGS.len() >= 80, "the corpus has {} spellings", TYPE_SPELLINGS.len());
    let conn = Connection::open_in_memory().unwrap();
    let mut failures = Vec::new();
    for spelling in TYPE_SPELLINGS {
        let engine = match engine_type(&conn, spelling) {
            Ok(engine) => engine,
            Err(e) => {
                failures.push(format!("{spelling}: DuckDB rejects it: {e}"));
                continue;
            }
        };
        match SqlType::parse(spelling) {
            Ok(ours) if ours.to_string() == engine => {
                // The engine's own spelling must be a fixed point.
                let again = SqlType::parse(&engine).map(|t| t.to_string());
                if again.as_deref() != Ok(engine.as_str()) {
                    failures.push(format!("{spelling}: engine spelling {engine} reparses as {again:?}"));
                }
            }
            Ok(ours) => failures.push(format!("{spelling}: duckdb says {engine}, we say {ours}")),
            Err(e) => failures.push(format!("{spelling}: duckdb says {engine}, we fail: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} spellings disagree:\n{}",
        failures.len(),
        TYPE_SPELLINGS.len(),
        failures.join("\n")
    );
}

/// Every type name and alias DuckDB lists in `duckdb_types()` that stands on its own as a column
/// type (the nested kinds and ENUM need arguments and are in `TYPE_SPELLINGS`).
#[test]
fn every_type_and_alias_duckdb_lists_normalizes_as_duckdb_does() {
    let conn = Connection::open_in_memory().unwrap();
    let names: Vec<(String, String)> = conn
        .prepare(
            "SELECT DISTINCT type_name, logical_type FROM duckdb_types() WHERE database_name = 'system' \
             AND logical_type NOT IN ('ENUM', 'LIST', 'MAP', 'STRUCT', 'UNION', 'ARRAY', 'TYPE', 'TUPLE') ORDER BY 1",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(names.len() >= 60, "duckdb_types() lists {} names", names.len());
    let mut failures = Vec::new();
    for (name, logical) in &names {
        let engine = match engine_type(&conn, name) {
            Ok(engine) => engine,
            // A type DuckDB lists but will not store in a table is not a column type.
            Err(_) => continue,
        };
        match SqlType::parse(name) {
            Ok(ours) if ours.to_string() == engine => {}
            Ok(ours) => failures.push(format!("{name} ({logical}): duckdb says {engine}, we say {ours}")),
            Err(e) => failures.push(format!("{name} ({logical}): duckdb says {engine}, we fail: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} names disagree:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// A keyword is accepted as an unquoted column or table name exactly when DuckDB accepts it.
#[test]
fn reserved_words_are_refused_exactly_where_duckdb_refuses_them() {
    let mut failures = Vec::new();
    for (keyword, _) in KEYWORDS {
        for sql in
            [format!("CREATE TABLE t ({keyword} INTEGER)"), format!("CREATE TABLE {keyword} (a INTEGER)")]
        {
            let conn = Connection::open_in_memory().unwrap();
            let engine = conn.execute_batch(&sql).is_ok();
            let ours = parse_schema("spec.sql", &sql).is_ok();
            if engine != ours {
                failures.push(format!("{sql}: duckdb {}, duckspec {}", verdict(engine), verdict(ours)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn verdict(accepted: bool) -> &'static str {
    if accepted {
        "accepts it"
    } else {
        "refuses it"
    }
}

#[test]
fn named_enums_expand_as_duckdb_reports_them() {
    let conn = Connection::open_in_memory().unwrap();
    let sql = "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood, ms mood[]);";
    conn.execute_batch(sql).unwrap();
    let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
    let spec = parse_schema("spec.sql", sql).unwrap();
    assert_eq!(live.tables, spec.tables);
}

/// Column clauses and table constraints; each becomes one table.
const TABLE_FORMS: &[&str] = &[
    "a INTEGER NOT NULL",
    "a INTEGER NULL",
    "a INTEGER PRIMARY KEY",
    "a INTEGER, b VARCHAR, PRIMARY KEY (a, b)",
    "a INTEGER UNIQUE",
    "a INTEGER, b INTEGER, UNIQUE (a, b)",
    "a INTEGER, b INTEGER, UNIQUE (b), UNIQUE (a)",
    "a INTEGER CHECK (a > 0)",
    "a INTEGER CHECK ((a > 0))",
    "a INTEGER, b INTEGER, CHECK (a < b)",
    "a INTEGER CHECK (a > 0 AND a < 10 AND a <> 5)",
    "a INTEGER CHECK (a BETWEEN 1 AND 10)",
    "a INTEGER CHECK (a IN (1, 2, 3))",
    "a INTEGER CHECK (a IS NOT NULL)",
    "a VARCHAR CHECK (length(a) > 2)",
    "a VARCHAR CHECK (a LIKE 'x%')",
    "a VARCHAR CHECK (a <> '')",
    "a INTEGER DEFAULT 0",
    "a INTEGER DEFAULT (0)",
    "a INTEGER DEFAULT -1",
    "a DOUBLE DEFAULT 1.5",
    "a VARCHAR DEFAULT 'it''s'",
    "a BOOLEAN DEFAULT true",
    "a BOOLEAN DEFAULT FALSE",
    "a INTEGER DEFAULT NULL",
    "a INTEGER DEFAULT 1 + 2",
    "a TIMESTAMPTZ DEFAULT current_timestamp",
    "a TIMESTAMPTZ DEFAULT now()",
    "a VARCHAR DEFAULT 'x'::VARCHAR",
    "a TIMESTAMP DEFAULT TIMESTAMP '2020-01-01 00:00:00'",
    "a INTEGER[] DEFAULT [1, 2]",
    "\"group\" INTEGER PRIMARY KEY, \"order\" VARCHAR NOT NULL CHECK (\"order\" <> '')",
    "\"Mixed Case\" INTEGER DEFAULT 3",
    "a TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP",
    "a STRUCT(a INT) DEFAULT struct_pack(a := 1)",
    "a STRUCT(a INT) DEFAULT {'a': 1}",
    "a MAP(VARCHAR, INT) DEFAULT MAP {'a': 1}",
    "a DECIMAL(4,1) DEFAULT CAST(1 AS DECIMAL(4,1))",
    "a INTEGER, b INTEGER GENERATED ALWAYS AS (a + 1) VIRTUAL",
    "a INTEGER, b BIGINT AS (a * 2)",
    "a INTEGER, b VARCHAR AS (a::VARCHAR)",
    "a DOUBLE, b DOUBLE GENERATED ALWAYS AS (a / 2)",
    "s VARCHAR COLLATE NOCASE",
    "s VARCHAR COLLATE noaccent.nocase UNIQUE",
    "a INTEGER USING COMPRESSION rle",
    "a INTEGER, b INTEGER, CHECK (a < b), CONSTRAINT named CHECK (b > 0)",
];

#[test]
fn constraints_and_defaults_normalize_as_duckdb_does() {
    let mut failures = Vec::new();
    for form in TABLE_FORMS {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!("CREATE TABLE t ({form});");
        if let Err(e) = conn.execute_batch(&sql) {
            failures.push(format!("{form}: DuckDB rejects it: {e}"));
            continue;
        }
        let spec = match parse_schema("spec.sql", &sql) {
            Ok(spec) => spec,
            Err(e) => {
                failures.push(format!("{form}: we fail: {e}"));
                continue;
            }
        };
        let live = duckspec::read_schema(&conn, Origin::Database("memory".into())).unwrap();
        let ours = &spec.tables[0];
        // Raw engine text, before our normalizer sees it: our canonical form must be its spelling.
        let raw_defaults: Vec<Option<String>> = conn
            .prepare(
                "SELECT CASE WHEN is_generated THEN NULL ELSE column_default END FROM duckdb_columns() \
                 WHERE table_name = 't' ORDER BY column_index",
            )
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let our_defaults: Vec<Option<String>> = ours.columns.iter().map(|c| c.default.clone()).collect();
        // Generated columns: DuckDB's expression is ours cast to the column's type.
        let raw_generated: Vec<Option<String>> = conn
            .prepare("SELECT generation_expression FROM duckdb_columns() WHERE table_name = 't' ORDER BY column_index")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let our_generated: Vec<Option<String>> = ours
            .columns
            .iter()
            .map(|c| {
                c.generated
                    .as_ref()
                    .map(|e| format!("CAST({e} AS {})", duckspec::spec::cast_type(&c.sql_type)))
            })
            .collect();
        if raw_generated != our_generated {
            failures.push(format!("{form}: duckdb generates {raw_generated:?}, ours {our_generated:?}"));
        }
        if raw_defaults != our_defaults {
            failures.push(format!("{form}: duckdb defaults {raw_defaults:?}, ours {our_defaults:?}"));
        }
        let mut raw_checks: Vec<String> = conn
            .prepare("SELECT expression FROM duckdb_constraints() WHERE table_name = 't' AND constraint_type = 'CHECK'")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        raw_checks.sort();
        let our_checks: Vec<String> = ours.checks.iter().map(|c| c.expression.clone()).collect();
        if raw_checks != our_checks {
            failures.push(format!("{form}: duckdb checks {raw_checks:?}, ours {our_checks:?}"));
        }
        if live.tables != spec.tables {
            failures.push(format!("{form}: introspected {:?}\n  parsed {:?}", live.tables, spec.tables));
        }
        // The canonical DDL creates the same table again.
        let rendered = render_schema(&spec);
        let again = Connection::open_in_memory().unwrap();
        match again.execute_batch(&rendered) {
            Ok(()) => {
                let reread = duckspec::read_schema(&again, Origin::Database("memory".into())).unwrap();
                if reread.tables != spec.tables {
                    failures.push(format!("{form}: rendered DDL creates a different table:\n{rendered}"));
                }
            }
            Err(e) => failures.push(format!("{form}: rendered DDL is rejected: {e}\n{rendered}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} forms disagree:\n{}",
        failures.len(),
        TABLE_FORMS.len(),
        failures.join("\n")
    );
}

#[test]
fn normalizer_is_idempotent_on_engine_output() {
    for form in TABLE_FORMS {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!("CREATE TABLE t ({form});")).unwrap();
        let mut stmt = conn
            .prepare("SELECT column_default FROM duckdb_columns() WHERE table_name = 't' AND column_default IS NOT NULL")
            .unwrap();
        for default in stmt.query_map([], |row| row.get::<_, String>(0)).unwrap() {
            let default = default.unwrap();
            assert_eq!(
                normalize_expr(&default).unwrap(),
                normalize_expr(&normalize_expr(&default).unwrap()).unwrap()
            );
        }
    }
}

/// The keyword list that decides identifier quoting is DuckDB's own. Run with `DUCKSPEC_BLESS=1`
/// to regenerate `spec/src/keywords.rs` after a DuckDB upgrade.
#[test]
fn keyword_list_matches_duckdb_keywords() {
    let conn = Connection::open_in_memory().unwrap();
    let engine: Vec<(String, String)> = conn
        .prepare("SELECT lower(keyword_name), keyword_category FROM duckdb_keywords() ORDER BY 1, 2")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let ours: Vec<(String, String)> =
        KEYWORDS.iter().map(|(k, c)| (k.to_string(), c.as_str().to_string())).collect();
    if engine != ours && std::env::var_os("DUCKSPEC_BLESS").is_some() {
        bless_keywords(&engine);
        return;
    }
    assert_eq!(ours, engine, "spec/src/keywords.rs is stale; rerun with DUCKSPEC_BLESS=1");
}

fn bless_keywords(engine: &[(String, String)]) {
    let path =
        format!("{}/../spec/src/keywords.rs", std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let source = std::fs::read_to_string(&path).unwrap();
    let start = source.find("pub static KEYWORDS").unwrap();
    let mut table = String::from("pub static KEYWORDS: &[(&str, KeywordCategory)] = &[\n");
    for (keyword, category) in engine {
        let short = match category.as_str() {
            "reserved" => "R",
            "unreserved" => "U",
            "column_name" => "C",
            "type_function" => "T",
            other => panic!("unknown keyword category {other}"),
        };
        table.push_str(&format!("    ({keyword:?}, {short}),\n"));
    }
    table.push_str("];\n");
    std::fs::write(path, format!("{}{table}", &source[..start])).unwrap();
}

#[test]
fn reserved_words_round_trip_through_the_engine() {
    // Every reserved and type-function keyword as a table and a column name, through our quoting.
    let conn = Connection::open_in_memory().unwrap();
    for (keyword, category) in KEYWORDS {
        if !matches!(category, KeywordCategory::Reserved | KeywordCategory::TypeFunction) {
            continue;
        }
        let mut table = duckspec::spec::TableDef::new(*keyword);
        table.columns.push(duckspec::spec::ColumnDef::new(*keyword, SqlType::Integer));
        let ddl = duckspec::spec::render_table(&table);
        conn.execute_batch(&ddl).unwrap_or_else(|e| panic!("{keyword}: {e}\n{ddl}"));
        conn.execute_batch(&format!("DROP TABLE {}", duckspec::spec::quote_ident(keyword))).unwrap();
    }
}

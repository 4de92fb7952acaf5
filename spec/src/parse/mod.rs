//! Spec files: DuckDB DDL read into the [`Schema`] model. Statements are split and read by
//! duckspec's own recursive descent over `sqlparser`'s tokens (DuckDB's DDL has more than a
//! generic SQL parser knows: nested types, generated columns, collations, …); expressions are
//! parsed by `sqlparser` and written canonically by [`crate::normalize_expr`]'s code. Every error
//! is located at the token it is about.
//!
//! Files: `cursor` (tokens, names, types, expressions), `table` (`CREATE TABLE`), `objects`
//! (schemas, types, sequences, views, indexes, comments).

mod cursor;
mod objects;
mod table;

use std::sync::Arc;

use sqlparser::dialect::DuckDbDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::error::{Error, Location};
use crate::model::{Origin, Schema, SourceStatement, TableDef, DEFAULT_SCHEMA};
use crate::types::SqlType;
use cursor::{Cursor, Source};

/// Parses a spec file's text. `file` is the name used in locations (as the user wrote it).
///
/// Accepts any number of `;`-separated statements with `--` and `/* */` comments:
/// `CREATE TABLE [IF NOT EXISTS]`, `CREATE SCHEMA`, `CREATE TYPE … AS …`, `CREATE SEQUENCE`,
/// `CREATE VIEW`, `CREATE [UNIQUE] INDEX` and `COMMENT ON TABLE/COLUMN/VIEW/SEQUENCE`, in the
/// syntax DuckDB accepts. Anything else, and anything DuckDB would refuse that duckspec can tell
/// (a reserved word as a name, two primary keys, a STORED generated column, …), is an error with
/// its `file:line:col` and, where there is one, the fix.
///
/// ```
/// let schema = duckspec_spec::parse_schema(
///     "spec.sql",
///     "CREATE TYPE mood AS ENUM ('sad', 'ok');\n\
///      CREATE TABLE \"order\" (\"group\" INT PRIMARY KEY, feeling mood DEFAULT 'ok');",
/// )
/// .unwrap();
/// let table = schema.table("order").unwrap();
/// assert_eq!(table.columns[1].sql_type.to_string(), "ENUM('sad', 'ok')");
///
/// let error = duckspec_spec::parse_schema("spec.sql", "\n\nDROP TABLE t;").unwrap_err();
/// assert_eq!(error.to_string(), "spec.sql:3:1: unsupported statement `DROP TABLE`; a spec declares tables with CREATE TABLE");
///
/// let error = duckspec_spec::parse_schema("spec.sql", "CREATE TABLE t (at TIMESTAMP)").unwrap_err();
/// assert_eq!(error.to_string(), "spec.sql:1:17: `at` is a reserved word in DuckDB and cannot be a column name as written; quote it: `\"at\"`");
/// ```
pub fn parse_schema(file: &str, sql: &str) -> Result<Schema, Error> {
    // A byte-order mark (editors on Windows write one) is no part of the SQL.
    let sql = sql.strip_prefix('\u{feff}').unwrap_or(sql);
    let file: Arc<str> = Arc::from(file);
    let tokens =
        Tokenizer::new(&DuckDbDialect {}, sql).tokenize_with_location().map_err(|e| Error::Syntax {
            location: Location::new(
                file.clone(),
                e.location.line.max(1) as u32,
                e.location.column.max(1) as u32,
            ),
            message: e.message.to_lowercase(),
        })?;
    let source = Source::new(sql);
    let mut builder = SchemaBuilder::new(&file, false);
    for statement in split_statements(tokens) {
        let mut cursor = Cursor::new(&statement, &file, &source);
        let start = cursor.location();
        builder.statement(&mut cursor)?;
        let text = match (statement.first(), statement.last()) {
            (Some(first), Some(last)) => source.text(first.span.start, last.span.end),
            _ => String::new(),
        };
        builder.schema.statements.push(SourceStatement { text, location: start });
    }
    for table in &mut builder.schema.tables {
        table.normalize();
    }
    builder.check_references()?;
    Ok(builder.schema)
}

/// Parses one `CREATE TABLE` statement on its own (with the `COMMENT ON` statements that may
/// follow it), as DuckDB prints a table (`duckdb_tables().sql`) or a derive renders one: the
/// schemas, types and tables it names need not be declared.
pub fn parse_table_statement(file: &str, sql: &str) -> Result<TableDef, Error> {
    let file: Arc<str> = Arc::from(file);
    let tokens =
        Tokenizer::new(&DuckDbDialect {}, sql).tokenize_with_location().map_err(|e| Error::Syntax {
            location: Location::new(
                file.clone(),
                e.location.line.max(1) as u32,
                e.location.column.max(1) as u32,
            ),
            message: e.message.to_lowercase(),
        })?;
    let source = Source::new(sql);
    let mut builder = SchemaBuilder::new(&file, true);
    for statement in split_statements(tokens) {
        let mut cursor = Cursor::new(&statement, &file, &source);
        builder.statement(&mut cursor)?;
    }
    let mut tables = std::mem::take(&mut builder.schema.tables);
    match (tables.pop(), tables.is_empty()) {
        (Some(mut table), true) => {
            table.normalize();
            Ok(table)
        }
        _ => Err(Error::Invalid {
            location: Location::new(file, 1, 1),
            message: "expected one CREATE TABLE statement".into(),
        }),
    }
}

/// Splits a token stream at `;` into statements of significant tokens (no whitespace or
/// comments), dropping empty ones.
fn split_statements(tokens: Vec<TokenWithSpan>) -> Vec<Vec<TokenWithSpan>> {
    let mut statements = Vec::new();
    let mut current = Vec::new();
    for token in escape_strings(tokens) {
        match token.token {
            Token::SemiColon | Token::EOF => {
                if !current.is_empty() {
                    statements.push(std::mem::take(&mut current));
                }
            }
            Token::Whitespace(_) => {}
            _ => current.push(token),
        }
    }
    if !current.is_empty() {
        statements.push(current);
    }
    statements
}

/// DuckDB's escape-string literals, `E'x\ny'` (sqlparser's DuckDB dialect reads them as the word
/// `E` next to a string), as the string they denote: the two tokens, when nothing stands between
/// them, become one string with its backslash escapes applied.
fn escape_strings(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if let (Token::SingleQuotedString(text), Some(previous)) = (&token.token, out.last()) {
            let is_e = matches!(&previous.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("e"));
            if is_e && previous.span.end == token.span.start {
                let start = previous.span.start;
                let text = unescape(text);
                out.pop();
                out.push(TokenWithSpan::new(
                    Token::SingleQuotedString(text),
                    sqlparser::tokenizer::Span::new(start, token.span.end),
                ));
                continue;
            }
        }
        out.push(token);
    }
    out
}

/// The text of an escape string: `\n`, `\t`, `\r`, `\b`, `\f`, `\\`, `\'`, `\"` and
/// `\xHH` / `\uXXXX` / `\UXXXXXXXX` as C does; any other escaped character stands for itself.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(next) = chars.next() else {
            out.push('\\');
            break;
        };
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars>, digits: usize| {
            let code: String = (0..digits).map_while(|_| chars.next_if(char::is_ascii_hexdigit)).collect();
            u32::from_str_radix(&code, 16).ok().and_then(char::from_u32)
        };
        match next {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'x' => out.extend(hex(&mut chars, 2)),
            'u' => out.extend(hex(&mut chars, 4)),
            'U' => out.extend(hex(&mut chars, 8)),
            other => out.push(other),
        }
    }
    out
}

/// The schema read so far.
pub(super) struct SchemaBuilder {
    schema: Schema,
    /// Reading one statement on its own: names of schemas and types need not be declared.
    standalone: bool,
    /// The position in `schema.tables` of each table by (schema, name), ASCII-lowercased: a spec
    /// of n tables is checked for duplicates and references in n lookups, not n² comparisons.
    table_index: std::collections::HashMap<(String, String), usize>,
}

impl SchemaBuilder {
    fn new(file: &Arc<str>, standalone: bool) -> SchemaBuilder {
        SchemaBuilder {
            schema: Schema::new(Origin::Spec(file.clone())),
            standalone,
            table_index: std::collections::HashMap::new(),
        }
    }

    /// The table `schema.name` declared so far (names compared as DuckDB does, ASCII case aside).
    fn declared_table(&self, schema: &str, name: &str) -> Option<&TableDef> {
        let key = (schema.to_ascii_lowercase(), name.to_ascii_lowercase());
        self.table_index.get(&key).map(|&i| &self.schema.tables[i])
    }

    /// Declares `table`.
    fn push_table(&mut self, table: TableDef) {
        let key = (table.schema.to_ascii_lowercase(), table.name.to_ascii_lowercase());
        self.table_index.insert(key, self.schema.tables.len());
        self.schema.tables.push(table);
    }

    fn statement(&mut self, cursor: &mut Cursor) -> Result<(), Error> {
        let start = cursor.location();
        let head = statement_head(cursor);
        if cursor.eat_keyword("CREATE") {
            let or_replace = cursor.eat_keywords(&["OR", "REPLACE"]);
            let temporary = cursor.eat_keyword("TEMP") || cursor.eat_keyword("TEMPORARY");
            let unique = cursor.eat_keyword("UNIQUE");
            if cursor.eat_keyword("TABLE") {
                if temporary {
                    return Err(
                        cursor.invalid(&start, "a temporary table is not part of a schema; drop `TEMPORARY`")
                    );
                }
                return self.create_table(cursor, start);
            }
            if temporary {
                return Err(
                    cursor.invalid(&start, format!("a temporary object is not part of a schema: `{head}`"))
                );
            }
            if unique || cursor.is_keyword("INDEX") {
                cursor.expect_keyword("INDEX")?;
                return self.create_index(cursor, start, unique);
            }
            if cursor.eat_keyword("SCHEMA") && !or_replace {
                return self.create_schema(cursor, start);
            }
            if cursor.eat_keyword("TYPE") {
                return self.create_type(cursor, start);
            }
            if cursor.eat_keyword("SEQUENCE") {
                return self.create_sequence(cursor, start);
            }
            if cursor.eat_keyword("VIEW") {
                return self.create_view(cursor, start);
            }
        } else if cursor.eat_keywords(&["COMMENT", "ON"]) {
            return self.comment(cursor, start);
        }
        Err(Error::Invalid {
            location: start,
            message: format!("unsupported statement `{head}`; a spec declares tables with CREATE TABLE"),
        })
    }

    /// The named types declared so far, for type resolution: a bare name (in `main`) or a
    /// `schema.name`.
    fn resolve(&self) -> impl Fn(&str) -> Option<SqlType> + '_ {
        move |name: &str| {
            let (schema, name) = name.split_once('.').unwrap_or((DEFAULT_SCHEMA, name));
            self.schema
                .types
                .iter()
                .find(|t| t.schema.eq_ignore_ascii_case(schema) && t.name.eq_ignore_ascii_case(name))
                .map(|t| t.sql_type.clone())
        }
    }

    /// A qualified name's schema, which must be declared (or `main`).
    fn schema_of(&self, schema: Option<String>, location: &Location) -> Result<String, Error> {
        let Some(schema) = schema else { return Ok(DEFAULT_SCHEMA.to_string()) };
        let known = self.standalone
            || schema.eq_ignore_ascii_case(DEFAULT_SCHEMA)
            || self.schema.schemas.iter().any(|s| s.name.eq_ignore_ascii_case(&schema));
        if known {
            Ok(self
                .schema
                .schemas
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(&schema))
                .map_or(schema, |s| s.name.clone()))
        } else {
            Err(Error::Invalid {
                location: location.clone(),
                message: format!("schema `{schema}` is not declared before it is used; add `CREATE SCHEMA {schema};` above"),
            })
        }
    }

    /// Foreign keys must reference declared tables and columns.
    fn check_references(&self) -> Result<(), Error> {
        for table in &self.schema.tables {
            for fk in &table.foreign_keys {
                let at = fk
                    .location
                    .clone()
                    .or_else(|| table.location.clone())
                    .expect("parsed nodes have locations");
                let Some(target) = self.declared_table(&fk.schema, &fk.table) else {
                    return Err(Error::Invalid {
                        location: at,
                        message: format!(
                            "table `{}` references table `{}`, which the spec does not declare",
                            table.display_name(),
                            fk.table
                        ),
                    });
                };
                for column in &fk.referenced {
                    if target.column(column).is_none() {
                        return Err(Error::Invalid {
                            location: at,
                            message: format!(
                                "a FOREIGN KEY of table `{}` references column `{column}` of `{}`, which that table does not have",
                                table.display_name(),
                                target.display_name()
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// The first words of a statement, upper-cased, to name it in errors (`DROP TABLE`).
fn statement_head(cursor: &Cursor) -> String {
    let mut words = Vec::new();
    for ahead in 0..2 {
        match cursor.peek_at(ahead) {
            Some(Token::Word(w)) if w.quote_style.is_none() => words.push(w.value.to_uppercase()),
            _ => break,
        }
    }
    if words.is_empty() {
        cursor.peek().map(ToString::to_string).unwrap_or_default()
    } else {
        words.join(" ")
    }
}

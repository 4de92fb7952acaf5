//! Spec files: DuckDB DDL read into the [`Schema`] model. Statements are split and read by
//! duckspec's own recursive descent over `sqlparser`'s tokens (DuckDB's DDL has more than a
//! generic SQL parser knows: nested types, generated columns, collations, …); expressions are
//! parsed by `sqlparser` and written canonically by [`crate::normalize_expr`]'s code. Every error
//! is located at the token it is about.
//!
//! Files: `tokens` (the text's significant tokens, a bounded chunk at a time), `source`
//! (token locations back to text), `cursor` (tokens, names, types, expressions), `table`
//! (`CREATE TABLE`), `objects` (schemas, types, sequences, views, indexes, comments).

mod cursor;
mod objects;
mod source;
mod table;
mod tokens;

use std::sync::Arc;

use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::error::{Error, Location};
use crate::model::{Origin, Schema, SourceStatement, TableDef, DEFAULT_SCHEMA};
use crate::types::SqlType;
use cursor::Cursor;
use source::Source;
use tokens::Tokens;

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
    let source = Source::new(sql);
    let mut builder = SchemaBuilder::new(&file, false);
    let mut statements = Statements::new(sql, &file);
    while let Some(statement) = statements.next()? {
        let mut cursor = Cursor::new(&statement, &file, &source);
        let start = cursor.location();
        // Offsets are found in the text's order: the statement's start before its expressions.
        let (Some(first), Some(last)) = (statement.first(), statement.last()) else { continue };
        let from = source.offset(first.span.start);
        builder.statement(&mut cursor)?;
        let text = source.slice(from, source.offset(last.span.end)).to_string();
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
    let source = Source::new(sql);
    let mut builder = SchemaBuilder::new(&file, true);
    let mut statements = Statements::new(sql, &file);
    while let Some(statement) = statements.next()? {
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

/// The most significant tokens one statement may have (88 bytes each while it is read: ~90 MB);
/// DuckDB's own test specs stay below 10,000, a 100,000-label ENUM is 200,000.
const MAX_STATEMENT_TOKENS: usize = 1_000_000;

/// A text's statements one at a time, each its significant tokens up to a `;` (empty ones
/// dropped): only the statement being read is held, not the whole file's tokens.
struct Statements<'a> {
    tokens: Tokens<'a>,
    file: &'a Arc<str>,
    pending: std::vec::IntoIter<TokenWithSpan>,
    current: Vec<TokenWithSpan>,
}

impl<'a> Statements<'a> {
    fn new(sql: &'a str, file: &'a Arc<str>) -> Statements<'a> {
        Statements { tokens: Tokens::new(sql), file, pending: Vec::new().into_iter(), current: Vec::new() }
    }

    fn next(&mut self) -> Result<Option<Vec<TokenWithSpan>>, Error> {
        loop {
            let Some(token) = self.pending.next() else {
                let chunk = self.tokens.next_chunk().map_err(|e| Error::Syntax {
                    location: located(self.file, e.location),
                    message: e.message.to_lowercase(),
                })?;
                match chunk {
                    Some(tokens) => {
                        self.pending = tokens.into_iter();
                        continue;
                    }
                    None if self.current.is_empty() => return Ok(None),
                    None => return Ok(Some(std::mem::take(&mut self.current))),
                }
            };
            match token.token {
                Token::SemiColon | Token::EOF => {
                    if !self.current.is_empty() {
                        return Ok(Some(std::mem::take(&mut self.current)));
                    }
                }
                _ => {
                    if self.current.len() >= MAX_STATEMENT_TOKENS {
                        return Err(Error::Invalid {
                            location: located(self.file, self.current[0].span.start),
                            message: format!(
                                "the statement has more than {MAX_STATEMENT_TOKENS} tokens (names, literals, \
                                 punctuation); duckspec reads statements up to that size"
                            ),
                        });
                    }
                    push_escaped(&mut self.current, token)
                }
            }
        }
    }
}

/// A tokenizer location as a location in `file`.
fn located(file: &Arc<str>, location: sqlparser::tokenizer::Location) -> Location {
    let part = |n: u64| n.clamp(1, u32::MAX as u64) as u32;
    Location::new(file.clone(), part(location.line), part(location.column))
}

/// Appends `token`, reading DuckDB's escape-string literals, `E'x\ny'` (sqlparser's DuckDB
/// dialect reads them as the word `E` next to a string), as the string they denote: the two
/// tokens, when nothing stands between them, become one string with its backslash escapes
/// applied.
fn push_escaped(out: &mut Vec<TokenWithSpan>, token: TokenWithSpan) {
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
            return;
        }
    }
    out.push(token);
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
        } else if cursor.eat_phrase(&["COMMENT", "ON"])? {
            return self.comment(cursor, start);
        }
        Err(Error::Invalid {
            location: start,
            message: format!("unsupported statement `{head}`; a spec declares tables with CREATE TABLE"),
        })
    }

    /// The named types declared so far, for type resolution: a `schema.name`, or a bare name,
    /// looked up in `schema` first and then in `main` (DuckDB's rule for a table's columns: a
    /// table of schema `s` sees `s`'s types unqualified; a type's own definition is given `main`).
    fn resolve<'s>(&'s self, schema: &'s str) -> impl Fn(&str) -> Option<SqlType> + 's {
        move |name: &str| {
            let find = |schema: &str, name: &str| {
                self.schema
                    .types
                    .iter()
                    .find(|t| t.schema.eq_ignore_ascii_case(schema) && t.name.eq_ignore_ascii_case(name))
                    .map(|t| t.sql_type.clone())
            };
            match name.split_once('.') {
                Some((schema, name)) => find(schema, name),
                None => find(schema, name).or_else(|| find(DEFAULT_SCHEMA, name)),
            }
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

//! Spec files: DuckDB DDL parsed with `sqlparser` into the [`Schema`] model.

use std::sync::Arc;

use sqlparser::ast::{
    ColumnOption, CommentObject, CreateIndex, CreateTable, Expr, ObjectName, ObjectNamePart, Spanned,
    Statement, TableConstraint, UserDefinedTypeRepresentation,
};
use sqlparser::dialect::{Dialect, DuckDbDialect, PostgreSqlDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::error::{Error, Location};
use crate::expr::canonical_expr;
use crate::model::{Check, ColumnDef, ForeignKey, IndexDef, Key, Origin, Schema, SequenceDef, TableDef};
use crate::types::SqlType;

/// Parses a spec file's text. `file` is the name used in locations (as the user wrote it).
///
/// Accepts any number of `;`-separated statements with `--` and `/* */` comments:
/// `CREATE TABLE [IF NOT EXISTS]`, `CREATE TYPE … AS ENUM`, `COMMENT ON TABLE/COLUMN`,
/// `CREATE SEQUENCE` and `CREATE [UNIQUE] INDEX`. Anything else is an error naming the statement
/// and its line.
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
/// ```
pub fn parse_schema(file: &str, sql: &str) -> Result<Schema, Error> {
    let file: Arc<str> = Arc::from(file);
    let mut builder = SchemaBuilder {
        file: file.clone(),
        schema: Schema::new(Origin::Spec(file.clone())),
        enums: Vec::new(),
    };
    let tokens =
        Tokenizer::new(&DuckDbDialect {}, sql).tokenize_with_location().map_err(|e| Error::Syntax {
            location: Location::new(file.clone(), e.location.line as u32, e.location.column as u32),
            message: e.message.to_lowercase(),
        })?;
    for statement_tokens in split_statements(tokens) {
        builder.statement(statement_tokens)?;
    }
    for table in &mut builder.schema.tables {
        table.normalize();
    }
    builder.check_references()?;
    Ok(builder.schema)
}

/// Splits a token stream at `;`, dropping statements that hold only whitespace and comments.
fn split_statements(tokens: Vec<TokenWithSpan>) -> Vec<Vec<TokenWithSpan>> {
    let mut statements = Vec::new();
    let mut current = Vec::new();
    for token in tokens {
        match token.token {
            Token::SemiColon | Token::EOF => {
                if current.iter().any(is_significant) {
                    statements.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
            }
            _ => current.push(token),
        }
    }
    if current.iter().any(is_significant) {
        statements.push(current);
    }
    statements
}

fn is_significant(token: &TokenWithSpan) -> bool {
    !matches!(token.token, Token::Whitespace(_))
}

struct SchemaBuilder {
    file: Arc<str>,
    schema: Schema,
    /// Named enum types declared so far, in order.
    enums: Vec<(String, SqlType)>,
}

impl SchemaBuilder {
    fn location(&self, location: sqlparser::tokenizer::Location) -> Location {
        Location::new(self.file.clone(), location.line as u32, location.column as u32)
    }

    /// The location of a node, or `fallback` when sqlparser has no span for it.
    fn location_of(&self, node: &impl Spanned, fallback: &Location) -> Location {
        let span = node.span();
        if span.start.line == 0 {
            fallback.clone()
        } else {
            self.location(span.start)
        }
    }

    fn ident_location(&self, ident: &sqlparser::ast::Ident, fallback: &Location) -> Location {
        if ident.span.start.line == 0 {
            fallback.clone()
        } else {
            self.location(ident.span.start)
        }
    }

    fn invalid(&self, location: &Location, message: impl Into<String>) -> Error {
        Error::Invalid { location: location.clone(), message: message.into() }
    }

    fn statement(&mut self, tokens: Vec<TokenWithSpan>) -> Result<(), Error> {
        let first = tokens.iter().find(|t| is_significant(t)).expect("statements are non-empty");
        let start = self.location(first.span.start);
        // DuckDB accepts COMMENT ON; sqlparser's DuckDB dialect does not, its PostgreSQL one does.
        let is_comment = matches!(&first.token, Token::Word(w) if w.value.eq_ignore_ascii_case("COMMENT"));
        let dialect: &dyn Dialect = if is_comment { &PostgreSqlDialect {} } else { &DuckDbDialect {} };
        let leading = statement_head(&tokens);
        let mut parser = Parser::new(dialect).with_tokens_with_locations(tokens);
        let statement = parser.parse_statement().map_err(|e| self.parser_error(e, &start, &leading))?;
        let rest = parser.peek_token();
        if rest.token != Token::EOF {
            return Err(Error::Syntax {
                location: self.location(rest.span.start),
                message: format!("expected the end of the statement, found `{}`", rest.token),
            });
        }
        match statement {
            Statement::CreateTable(create) => self.create_table(create, start),
            Statement::CreateType { name, representation } => self.create_type(name, representation, start),
            Statement::Comment { object_type, object_name, comment, .. } => {
                self.comment(object_type, object_name, comment, start)
            }
            statement @ Statement::CreateSequence { .. } => {
                let Statement::CreateSequence { name, .. } = &statement else { unreachable!() };
                let name = self.object_name(name, &start)?;
                self.schema.sequences.push(SequenceDef {
                    name,
                    statement: statement.to_string(),
                    location: Some(start),
                });
                Ok(())
            }
            Statement::CreateIndex(index) => self.create_index(index, start),
            _ => Err(self.invalid(
                &start,
                format!("unsupported statement `{leading}`; a spec declares tables with CREATE TABLE"),
            )),
        }
    }

    fn parser_error(&self, error: ParserError, start: &Location, leading: &str) -> Error {
        let message = match error {
            ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
            ParserError::RecursionLimitExceeded => "the statement nests too deeply".to_string(),
        };
        // sqlparser appends " at Line: L, Column: C"; turn it into a real location.
        if let Some(at) = message.rfind(" at Line: ") {
            let position = &message[at + " at Line: ".len()..];
            if let Some((line, column)) = position.split_once(", Column: ") {
                if let (Ok(line), Ok(column)) = (line.trim().parse(), column.trim().parse()) {
                    return Error::Syntax {
                        location: Location::new(self.file.clone(), line, column),
                        message: lower_first(&message[..at]),
                    };
                }
            }
        }
        if message.starts_with("Expected: an SQL statement") {
            return self.invalid(start, format!("unsupported statement `{leading}`"));
        }
        Error::Syntax { location: start.clone(), message: lower_first(&message) }
    }

    fn object_name(&self, name: &ObjectName, at: &Location) -> Result<String, Error> {
        let parts: Vec<&str> = name
            .0
            .iter()
            .map(|part| match part {
                ObjectNamePart::Identifier(ident) => Ok(ident.value.as_str()),
                ObjectNamePart::Function(_) => Err(self.invalid(at, format!("unsupported name `{name}`"))),
            })
            .collect::<Result<_, _>>()?;
        match parts.as_slice() {
            [name] => Ok(name.to_string()),
            [schema, name] if schema.eq_ignore_ascii_case("main") => Ok(name.to_string()),
            _ => Err(self.invalid(at, format!("`{name}`: a spec declares tables of the `main` schema only"))),
        }
    }

    fn resolve_type(&self, spelling: &str) -> Result<SqlType, Error> {
        SqlType::parse_with(spelling, &|name| {
            self.enums.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, ty)| ty.clone())
        })
    }

    fn create_type(
        &mut self,
        name: ObjectName,
        representation: Option<UserDefinedTypeRepresentation>,
        start: Location,
    ) -> Result<(), Error> {
        let name = self.object_name(&name, &start)?;
        let Some(UserDefinedTypeRepresentation::Enum { labels }) = representation else {
            return Err(
                self.invalid(&start, format!("type `{name}`: only `CREATE TYPE … AS ENUM (…)` is supported"))
            );
        };
        if self.enums.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            return Err(self.invalid(&start, format!("type `{name}` is declared twice")));
        }
        let mut values: Vec<String> = Vec::new();
        for label in labels {
            if values.contains(&label.value) {
                return Err(self.invalid(&start, format!("type `{name}`: duplicate value '{}'", label.value)));
            }
            values.push(label.value);
        }
        self.enums.push((name, SqlType::Enum(values)));
        Ok(())
    }

    fn column_list(
        &self,
        table: &TableDef,
        columns: &[String],
        at: &Location,
        what: &str,
    ) -> Result<(), Error> {
        for column in columns {
            if table.column(column).is_none() {
                return Err(self.invalid(
                    at,
                    format!(
                        "{what} of table `{}` names column `{column}`, which the table does not have",
                        table.name
                    ),
                ));
            }
        }
        Ok(())
    }

    fn create_table(&mut self, create: CreateTable, start: Location) -> Result<(), Error> {
        let name = self.object_name(&create.name, &start)?;
        let location = self.location_of(&create.name, &start);
        if create.query.is_some() || create.like.is_some() || create.clone.is_some() {
            return Err(self.invalid(&location, format!("table `{name}`: a spec declares columns; CREATE TABLE … AS/LIKE/CLONE is not a declaration")));
        }
        if create.temporary {
            return Err(
                self.invalid(&location, format!("table `{name}`: a temporary table is not part of a schema"))
            );
        }
        if self.schema.table(&name).is_some() {
            return Err(self.invalid(&location, format!("table `{name}` is declared twice")));
        }
        let mut table = TableDef::new(name.clone());
        table.location = Some(location.clone());
        let mut column_checks = Vec::new();
        for column in &create.columns {
            let at = self.ident_location(&column.name, &location);
            let column_name = column.name.value.clone();
            if table.column(&column_name).is_some() {
                return Err(self.invalid(&at, format!("column `{name}.{column_name}` is declared twice")));
            }
            let sql_type = self
                .resolve_type(&column.data_type.to_string())
                .map_err(|e| self.invalid(&at, format!("column `{name}.{column_name}`: {}", e.message())))?;
            let mut def = ColumnDef::new(column_name.clone(), sql_type);
            def.location = Some(at.clone());
            for option in &column.options {
                let option_at = self.location_of(&option.option, &at);
                match &option.option {
                    ColumnOption::Null => def.nullable = true,
                    ColumnOption::NotNull => def.nullable = false,
                    ColumnOption::Default(expr) => {
                        def.default = Some(self.expression(expr, &option_at, &name)?);
                    }
                    ColumnOption::PrimaryKey(_) => {
                        if table.primary_key.is_some() {
                            return Err(self.invalid(
                                &option_at,
                                format!("table `{name}` has more than one primary key"),
                            ));
                        }
                        table.primary_key =
                            Some(Key { columns: vec![column_name.clone()], location: Some(option_at) });
                    }
                    ColumnOption::Unique(_) => table
                        .unique
                        .push(Key { columns: vec![column_name.clone()], location: Some(option_at) }),
                    ColumnOption::Check(check) => column_checks.push(Check {
                        expression: self.expression(&check.expr, &option_at, &name)?,
                        location: Some(option_at),
                    }),
                    ColumnOption::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
                        columns: vec![column_name.clone()],
                        table: self.object_name(&fk.foreign_table, &option_at)?,
                        referenced: fk.referred_columns.iter().map(|c| c.value.clone()).collect(),
                        location: Some(option_at),
                    }),
                    ColumnOption::Comment(comment) => def.comment = Some(comment.clone()),
                    other => {
                        return Err(self.invalid(
                            &option_at,
                            format!("column `{name}.{column_name}`: unsupported column option `{other}`"),
                        ))
                    }
                }
            }
            table.columns.push(def);
        }
        if table.columns.is_empty() {
            return Err(self.invalid(&location, format!("table `{name}` has no columns")));
        }
        table.checks.extend(column_checks);
        for constraint in &create.constraints {
            let at = self.location_of(constraint, &location);
            match constraint {
                TableConstraint::PrimaryKey(pk) => {
                    if table.primary_key.is_some() {
                        return Err(
                            self.invalid(&at, format!("table `{name}` has more than one primary key"))
                        );
                    }
                    let columns = self.index_columns(&pk.columns, &at)?;
                    self.column_list(&table, &columns, &at, "the primary key")?;
                    table.primary_key = Some(Key { columns, location: Some(at) });
                }
                TableConstraint::Unique(unique) => {
                    let columns = self.index_columns(&unique.columns, &at)?;
                    self.column_list(&table, &columns, &at, "a UNIQUE constraint")?;
                    table.unique.push(Key { columns, location: Some(at) });
                }
                TableConstraint::Check(check) => {
                    let expression = self.expression(&check.expr, &at, &name)?;
                    table.checks.push(Check { expression, location: Some(at) });
                }
                TableConstraint::ForeignKey(fk) => {
                    let columns: Vec<String> = fk.columns.iter().map(|c| c.value.clone()).collect();
                    self.column_list(&table, &columns, &at, "a FOREIGN KEY")?;
                    table.foreign_keys.push(ForeignKey {
                        columns,
                        table: self.object_name(&fk.foreign_table, &at)?,
                        referenced: fk.referred_columns.iter().map(|c| c.value.clone()).collect(),
                        location: Some(at),
                    });
                }
                other => {
                    return Err(self.invalid(&at, format!("table `{name}`: unsupported constraint `{other}`")))
                }
            }
        }
        if let Some(comment) = &create.comment {
            table.comment = Some(comment_text(comment));
        }
        self.schema.tables.push(table);
        Ok(())
    }

    fn index_columns(
        &self,
        columns: &[sqlparser::ast::IndexColumn],
        at: &Location,
    ) -> Result<Vec<String>, Error> {
        columns
            .iter()
            .map(|column| match &column.column.expr {
                Expr::Identifier(ident) => Ok(ident.value.clone()),
                other => Err(self.invalid(at, format!("a key lists column names, not `{other}`"))),
            })
            .collect()
    }

    fn expression(&self, expr: &Expr, at: &Location, table: &str) -> Result<String, Error> {
        canonical_expr(expr).map_err(|message| self.invalid(at, format!("table `{table}`: {message}")))
    }

    fn comment(
        &mut self,
        object_type: CommentObject,
        object_name: ObjectName,
        comment: Option<String>,
        start: Location,
    ) -> Result<(), Error> {
        let parts: Vec<String> =
            object_name.0.iter().filter_map(|part| part.as_ident().map(|i| i.value.clone())).collect();
        match object_type {
            CommentObject::Table => {
                let name = self.object_name(&object_name, &start)?;
                let Some(table) = self.schema.tables.iter_mut().find(|t| t.name.eq_ignore_ascii_case(&name))
                else {
                    return Err(self.invalid(
                        &start,
                        format!("COMMENT ON TABLE names `{name}`, which is not declared before it"),
                    ));
                };
                table.comment = comment;
                Ok(())
            }
            CommentObject::Column => {
                let (table_name, column_name) = match parts.as_slice() {
                    [table, column] => (table.clone(), column.clone()),
                    [schema, table, column] if schema.eq_ignore_ascii_case("main") => {
                        (table.clone(), column.clone())
                    }
                    _ => {
                        return Err(self.invalid(
                            &start,
                            format!("COMMENT ON COLUMN needs `table.column`, found `{object_name}`"),
                        ))
                    }
                };
                let column = self
                    .schema
                    .tables
                    .iter_mut()
                    .find(|t| t.name.eq_ignore_ascii_case(&table_name))
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name.eq_ignore_ascii_case(&column_name)));
                let Some(column) = column else {
                    return Err(self.invalid(&start, format!("COMMENT ON COLUMN names `{table_name}.{column_name}`, which is not declared before it")));
                };
                column.comment = comment;
                Ok(())
            }
            other => Err(self.invalid(
                &start,
                format!("unsupported statement `COMMENT ON {other}`; only tables and columns take comments"),
            )),
        }
    }

    fn create_index(&mut self, index: CreateIndex, start: Location) -> Result<(), Error> {
        let Some(name) = &index.name else {
            return Err(self.invalid(&start, "an index in a spec needs a name"));
        };
        let name = self.object_name(name, &start)?;
        let table = self.object_name(&index.table_name, &start)?;
        let Some(table_def) = self.schema.table(&table) else {
            return Err(self.invalid(
                &start,
                format!("index `{name}` is on table `{table}`, which is not declared before it"),
            ));
        };
        let mut columns = Vec::new();
        for column in &index.columns {
            let expr = &column.column.expr;
            if let Expr::Identifier(ident) = expr {
                self.column_list(
                    table_def,
                    std::slice::from_ref(&ident.value),
                    &start,
                    &format!("index `{name}`"),
                )?;
            }
            columns.push(self.expression(expr, &start, &table)?);
        }
        self.schema.indexes.push(IndexDef {
            name,
            table,
            columns,
            unique: index.unique,
            location: Some(start),
        });
        Ok(())
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
                let Some(target) = self.schema.table(&fk.table) else {
                    return Err(self.invalid(
                        &at,
                        format!(
                            "table `{}` references table `{}`, which the spec does not declare",
                            table.name, fk.table
                        ),
                    ));
                };
                self.column_list(target, &fk.referenced, &at, "a FOREIGN KEY reference")?;
            }
        }
        Ok(())
    }
}

fn comment_text(comment: &sqlparser::ast::CommentDef) -> String {
    match comment {
        sqlparser::ast::CommentDef::WithEq(text) | sqlparser::ast::CommentDef::WithoutEq(text) => {
            text.clone()
        }
    }
}

/// The first words of a statement, upper-cased, to name it in errors (`DROP TABLE`).
fn statement_head(tokens: &[TokenWithSpan]) -> String {
    let words: Vec<String> = tokens
        .iter()
        .filter(|t| is_significant(t))
        .take(2)
        .map_while(|t| match &t.token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_uppercase()),
            _ => None,
        })
        .collect();
    if words.is_empty() {
        tokens.iter().find(|t| is_significant(t)).map(|t| t.token.to_string()).unwrap_or_default()
    } else {
        words.join(" ")
    }
}

fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

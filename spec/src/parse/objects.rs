//! The schema-level statements: `CREATE SCHEMA`, `CREATE TYPE`, `CREATE SEQUENCE`,
//! `CREATE VIEW`, `CREATE INDEX`, and `COMMENT ON`.

use sqlparser::tokenizer::Token;

use super::cursor::Cursor;
use super::SchemaBuilder;
use crate::error::{Error, Location};
use crate::model::{IndexDef, SchemaDef, SequenceDef, TypeDef, ViewDef, DEFAULT_SCHEMA};

impl SchemaBuilder {
    pub(super) fn create_schema(&mut self, cursor: &mut Cursor, start: Location) -> Result<(), Error> {
        cursor.eat_keywords(&["IF", "NOT", "EXISTS"]);
        let (name, location) = match cursor.created_name("schema name")? {
            (None, name, location) => (name, location),
            (Some(_), _, location) => return Err(cursor.invalid(&location, "a schema name is not qualified")),
        };
        cursor.expect_end()?;
        let exists = name.eq_ignore_ascii_case(DEFAULT_SCHEMA)
            || self.schema.schemas.iter().any(|s| s.name.eq_ignore_ascii_case(&name));
        if exists {
            return Err(cursor.invalid(&location, format!("schema `{name}` is declared twice")));
        }
        self.schema.schemas.push(SchemaDef { name, location: Some(start) });
        Ok(())
    }

    pub(super) fn create_type(&mut self, cursor: &mut Cursor, start: Location) -> Result<(), Error> {
        cursor.eat_keywords(&["IF", "NOT", "EXISTS"]);
        let (schema, name, location) = cursor.created_name("type name")?;
        let schema = self.schema_of(schema, &location)?;
        cursor.expect_keyword("AS")?;
        let sql_type = {
            let resolve = self.resolve(DEFAULT_SCHEMA);
            cursor.sql_type(&resolve)?
        };
        cursor.expect_end()?;
        let exists = self
            .schema
            .types
            .iter()
            .any(|t| t.schema.eq_ignore_ascii_case(&schema) && t.name.eq_ignore_ascii_case(&name));
        if exists {
            return Err(cursor.invalid(&location, format!("type `{name}` is declared twice")));
        }
        self.schema.types.push(TypeDef { schema, name, sql_type, location: Some(start) });
        Ok(())
    }

    /// `CREATE SEQUENCE name [INCREMENT [BY] n] [MINVALUE n | NO MINVALUE] [MAXVALUE n | NO
    /// MAXVALUE] [START [WITH] n] [[NO] CYCLE]`, options resolved as DuckDB resolves them.
    pub(super) fn create_sequence(&mut self, cursor: &mut Cursor, start: Location) -> Result<(), Error> {
        cursor.eat_keywords(&["IF", "NOT", "EXISTS"]);
        let (schema, name, location) = cursor.created_name("sequence name")?;
        let schema = self.schema_of(schema, &location)?;
        let (mut increment, mut min, mut max, mut first, mut cycle) = (None, None, None, None, false);
        while !cursor.at_end() {
            if cursor.eat_keyword("INCREMENT") {
                cursor.eat_keyword("BY");
                increment = Some(cursor.integer("an increment")?);
            } else if cursor.eat_keyword("MINVALUE") {
                min = Some(cursor.integer("a minimum value")?);
            } else if cursor.eat_keyword("MAXVALUE") {
                max = Some(cursor.integer("a maximum value")?);
            } else if cursor.eat_keywords(&["NO", "MINVALUE"]) || cursor.eat_keywords(&["NO", "MAXVALUE"]) {
            } else if cursor.eat_keyword("START") {
                cursor.eat_keyword("WITH");
                first = Some(cursor.integer("a start value")?);
            } else if cursor.eat_keywords(&["NO", "CYCLE"]) {
                cycle = false;
            } else if cursor.eat_keyword("CYCLE") {
                cycle = true;
            } else {
                return Err(
                    cursor.expected("a sequence option (INCREMENT, MINVALUE, MAXVALUE, START, CYCLE)")
                );
            }
        }
        let increment = increment.unwrap_or(1);
        if increment == 0 {
            return Err(cursor.invalid(&location, format!("sequence `{name}`: the increment cannot be 0")));
        }
        let mut sequence = SequenceDef::new(schema, name.clone(), increment);
        sequence.min = min.unwrap_or(sequence.min);
        sequence.max = max.unwrap_or(sequence.max);
        sequence.start = first.unwrap_or(if increment < 0 { sequence.max } else { sequence.min });
        sequence.cycle = cycle;
        sequence.location = Some(start);
        if sequence.min > sequence.max || sequence.start < sequence.min || sequence.start > sequence.max {
            return Err(cursor.invalid(
                &location,
                format!(
                    "sequence `{name}`: START {} must lie within MINVALUE {} and MAXVALUE {}",
                    sequence.start, sequence.min, sequence.max
                ),
            ));
        }
        self.schema.sequences.push(sequence);
        Ok(())
    }

    /// `CREATE VIEW name [(columns)] AS query`: the query is kept as written (a database reports
    /// DuckDB's own rendering, which views are compared by).
    pub(super) fn create_view(&mut self, cursor: &mut Cursor, start: Location) -> Result<(), Error> {
        cursor.eat_keywords(&["IF", "NOT", "EXISTS"]);
        let (schema, name, location) = cursor.created_name("view name")?;
        let schema = self.schema_of(schema, &location)?;
        let columns = if cursor.peek() == Some(&Token::LParen) { cursor.column_list()? } else { Vec::new() };
        cursor.expect_keyword("AS")?;
        let query = cursor.rest_as_written()?;
        let exists = self
            .schema
            .views
            .iter()
            .any(|v| v.schema.eq_ignore_ascii_case(&schema) && v.name.eq_ignore_ascii_case(&name))
            || self.declared_table(&schema, &name).is_some();
        if exists {
            return Err(
                cursor.invalid(&location, format!("view `{name}` is declared twice (or names a table)"))
            );
        }
        let columns = if columns.is_empty() {
            String::new()
        } else {
            format!(" ({})", columns.iter().map(|c| crate::quote_ident(c)).collect::<Vec<_>>().join(", "))
        };
        let sql = format!("CREATE VIEW {}{columns} AS {query}", crate::model::qualified_name(&schema, &name));
        self.schema.views.push(ViewDef {
            schema,
            name,
            sql,
            canonical: None,
            comment: None,
            location: Some(start),
        });
        Ok(())
    }

    /// `CREATE [UNIQUE] INDEX name ON table [USING method] (expressions)`.
    pub(super) fn create_index(
        &mut self,
        cursor: &mut Cursor,
        start: Location,
        unique: bool,
    ) -> Result<(), Error> {
        cursor.eat_keywords(&["IF", "NOT", "EXISTS"]);
        if cursor.is_keyword("ON") {
            return Err(cursor.invalid(&start, "an index in a spec needs a name"));
        }
        let (name, _) = cursor.identifier("index name")?;
        cursor.expect_keyword("ON")?;
        let (schema, table, location) = cursor.qualified_name("table name")?;
        let schema = self.schema_of(schema, &location)?;
        if cursor.eat_keyword("USING") {
            cursor.identifier("index method")?;
        }
        let Some(table_def) = self.declared_table(&schema, &table) else {
            return Err(cursor.invalid(
                &location,
                format!("index `{name}` is on table `{table}`, which is not declared before it"),
            ));
        };
        cursor.expect(&Token::LParen)?;
        let mut columns = Vec::new();
        loop {
            let at = cursor.location();
            let (expression, _) = cursor.expr()?;
            let bare = expression.trim_matches('"');
            if !expression.contains('(') && !expression.contains(' ') && table_def.column(bare).is_none() {
                return Err(cursor.invalid(
                    &at,
                    format!("index `{name}` names column `{bare}`, which table `{table}` does not have"),
                ));
            }
            columns.push(expression);
            if !cursor.eat(&Token::Comma) {
                break;
            }
        }
        cursor.expect(&Token::RParen)?;
        cursor.expect_end()?;
        if self
            .schema
            .indexes
            .iter()
            .any(|i| i.schema.eq_ignore_ascii_case(&schema) && i.name.eq_ignore_ascii_case(&name))
        {
            return Err(cursor.invalid(&start, format!("index `{name}` is declared twice")));
        }
        self.schema.indexes.push(IndexDef {
            schema,
            name,
            table: table_def.name.clone(),
            columns,
            unique,
            location: Some(start),
        });
        Ok(())
    }

    /// `COMMENT ON TABLE|COLUMN|VIEW|SEQUENCE name IS 'text' | NULL`, on an object declared above.
    pub(super) fn comment(&mut self, cursor: &mut Cursor, start: Location) -> Result<(), Error> {
        let kind_at = cursor.location();
        let kind = ["TABLE", "COLUMN", "VIEW", "SEQUENCE"].into_iter().find(|k| cursor.eat_keyword(k));
        let Some(kind) = kind else {
            return Err(cursor.invalid(
                &kind_at,
                "unsupported statement `COMMENT ON …`: DuckDB keeps comments on tables, columns, views and sequences",
            ));
        };
        // A dotted name of one to three parts.
        let (first, location) = cursor.identifier("name")?;
        let mut parts = vec![first];
        while cursor.eat(&Token::Period) {
            parts.push(cursor.identifier("name")?.0);
        }
        cursor.expect_keyword("IS")?;
        let text =
            if cursor.eat_keyword("NULL") { None } else { Some(cursor.string("a comment string or NULL")?) };
        cursor.expect_end()?;
        let undeclared = |what: &str| Error::Invalid {
            location: start.clone(),
            message: format!(
                "COMMENT ON {kind} names `{}`, which is not declared before it{what}",
                parts.join(".")
            ),
        };
        let split = |parts: &[String]| -> Option<(String, String)> {
            match parts {
                [name] => Some((DEFAULT_SCHEMA.to_string(), name.clone())),
                [schema, name] => Some((schema.clone(), name.clone())),
                _ => None,
            }
        };
        match kind {
            "COLUMN" => {
                let (table_parts, column) = parts.split_at(parts.len() - 1);
                let Some((schema, table)) = split(table_parts).filter(|_| !table_parts.is_empty()) else {
                    return Err(cursor.invalid(&location, "COMMENT ON COLUMN needs `table.column`"));
                };
                let column = self
                    .schema
                    .tables
                    .iter_mut()
                    .find(|t| t.is(&schema, &table))
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name.eq_ignore_ascii_case(&column[0])));
                column.ok_or_else(|| undeclared(""))?.comment = text;
            }
            "TABLE" => {
                let (schema, name) = split(&parts).ok_or_else(|| undeclared(""))?;
                let table = self.schema.tables.iter_mut().find(|t| t.is(&schema, &name));
                table.ok_or_else(|| undeclared(""))?.comment = text;
            }
            "VIEW" => {
                let (schema, name) = split(&parts).ok_or_else(|| undeclared(""))?;
                let view =
                    self.schema.views.iter_mut().find(|v| {
                        v.schema.eq_ignore_ascii_case(&schema) && v.name.eq_ignore_ascii_case(&name)
                    });
                view.ok_or_else(|| undeclared(""))?.comment = text;
            }
            _ => {
                let (schema, name) = split(&parts).ok_or_else(|| undeclared(""))?;
                let sequence =
                    self.schema.sequences.iter_mut().find(|s| {
                        s.schema.eq_ignore_ascii_case(&schema) && s.name.eq_ignore_ascii_case(&name)
                    });
                sequence.ok_or_else(|| undeclared(""))?.comment = text;
            }
        }
        Ok(())
    }
}

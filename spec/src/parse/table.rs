//! `CREATE TABLE`: columns with their types and constraints, and table constraints.

use std::collections::HashSet;

use sqlparser::tokenizer::Token;

use super::cursor::Cursor;
use super::SchemaBuilder;
use crate::error::{Error, Location};
use crate::model::{Check, ColumnDef, ForeignKey, Key, TableDef};
use crate::types::SqlType;

impl SchemaBuilder {
    pub(super) fn create_table(&mut self, cursor: &mut Cursor, start: Location) -> Result<(), Error> {
        cursor.eat_keywords(&["IF", "NOT", "EXISTS"]);
        let (schema, name, location) = cursor.created_name("table name")?;
        let schema = self.schema_of(schema, &location)?;
        if cursor.is_keyword("AS") {
            return Err(cursor.invalid(
                &location,
                format!("table `{name}`: a spec declares columns; CREATE TABLE … AS is not a declaration"),
            ));
        }
        if self.declared_table(&schema, &name).is_some() {
            return Err(cursor.invalid(&location, format!("table `{name}` is declared twice")));
        }
        let mut table = TableDef::new(name.clone());
        table.schema = schema;
        table.location = Some(location.clone());
        cursor.expect(&Token::LParen)?;
        // The column names so far, ASCII-lowercased: a set, so a table of n columns is checked for
        // duplicates in n steps, not n² (`TableDef::column` is a list search).
        let mut names = HashSet::new();
        loop {
            if cursor.peek() == Some(&Token::RParen) {
                break;
            }
            self.table_element(cursor, &mut table, &mut names)?;
            if !cursor.eat(&Token::Comma) {
                break;
            }
        }
        cursor.expect(&Token::RParen)?;
        cursor.expect_end()?;
        if table.columns.is_empty() {
            return Err(cursor.invalid(&location, format!("table `{name}` has no columns")));
        }
        let _ = start;
        self.push_table(table);
        Ok(())
    }

    /// One column definition or table constraint.
    fn table_element(
        &mut self,
        cursor: &mut Cursor,
        table: &mut TableDef,
        names: &mut HashSet<String>,
    ) -> Result<(), Error> {
        let at = cursor.location();
        if cursor.eat_keyword("CONSTRAINT") {
            cursor.identifier("constraint name")?;
            return self.table_constraint(cursor, table, at);
        }
        let is_constraint = ["PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].iter().any(|k| cursor.is_keyword(k))
            && (cursor.peek_at(1) == Some(&Token::LParen) || cursor.is_keyword_at(1, "KEY"));
        if is_constraint {
            return self.table_constraint(cursor, table, at);
        }
        self.column(cursor, table, names)
    }

    fn table_constraint(
        &mut self,
        cursor: &mut Cursor,
        table: &mut TableDef,
        at: Location,
    ) -> Result<(), Error> {
        let name = table.display_name();
        if cursor.eat_phrase(&["PRIMARY", "KEY"])? {
            let columns = cursor.column_list()?;
            check_columns(cursor, table, &columns, &at, "the primary key")?;
            if table.primary_key.is_some() {
                return Err(cursor.invalid(&at, format!("table `{name}` has more than one primary key")));
            }
            table.primary_key = Some(Key { columns, location: Some(at) });
        } else if cursor.eat_keyword("UNIQUE") {
            let columns = cursor.column_list()?;
            check_columns(cursor, table, &columns, &at, "a UNIQUE constraint")?;
            table.unique.push(Key { columns, location: Some(at) });
        } else if cursor.eat_keyword("CHECK") {
            let (expression, _) = cursor.parenthesized_expr()?;
            table.checks.push(Check { expression, location: Some(at) });
        } else if cursor.eat_phrase(&["FOREIGN", "KEY"])? {
            let columns = cursor.column_list()?;
            check_columns(cursor, table, &columns, &at, "a FOREIGN KEY")?;
            let fk = self.references(cursor, columns, at)?;
            table.foreign_keys.push(fk);
        } else {
            return Err(cursor.expected("a constraint (PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY)"));
        }
        Ok(())
    }

    /// `REFERENCES table [(columns)] [ON DELETE|UPDATE NO ACTION|RESTRICT]`, after the keyword.
    fn references(
        &mut self,
        cursor: &mut Cursor,
        columns: Vec<String>,
        at: Location,
    ) -> Result<ForeignKey, Error> {
        cursor.expect_keyword("REFERENCES")?;
        let (schema, target, location) = cursor.qualified_name("table name")?;
        let schema = self.schema_of(schema, &location)?;
        let referenced =
            if cursor.peek() == Some(&Token::LParen) { cursor.column_list()? } else { Vec::new() };
        while cursor.eat_keyword("ON") {
            if !(cursor.eat_keyword("DELETE") || cursor.eat_keyword("UPDATE")) {
                return Err(cursor.expected("DELETE or UPDATE"));
            }
            let action_at = cursor.location();
            if cursor.eat_keywords(&["NO", "ACTION"]) || cursor.eat_keyword("RESTRICT") {
                continue;
            }
            return Err(cursor.invalid(
                &action_at,
                "DuckDB's foreign keys cannot CASCADE, SET NULL or SET DEFAULT; use NO ACTION (the default) or RESTRICT",
            ));
        }
        if !referenced.is_empty() && referenced.len() != columns.len() {
            return Err(cursor.invalid(
                &at,
                format!(
                    "the foreign key lists {} column(s) but references {}",
                    columns.len(),
                    referenced.len()
                ),
            ));
        }
        Ok(ForeignKey { columns, schema, table: target, referenced, location: Some(at) })
    }

    /// A column: name, type (absent for `name AS (expr)`), then its constraints in any order.
    fn column(
        &mut self,
        cursor: &mut Cursor,
        table: &mut TableDef,
        names: &mut HashSet<String>,
    ) -> Result<(), Error> {
        let (name, at) = cursor.identifier("column name")?;
        let table_name = table.display_name();
        if !names.insert(name.to_ascii_lowercase()) {
            return Err(cursor.invalid(&at, format!("column `{table_name}.{name}` is declared twice")));
        }
        let declared = !(cursor.is_keyword("GENERATED") || cursor.is_keyword("AS"));
        let sql_type = if declared {
            let resolve = self.resolve(&table.schema);
            cursor.sql_type(&resolve).map_err(|e| Error::Invalid {
                location: e.location().cloned().unwrap_or(at.clone()),
                message: format!("column `{table_name}.{name}`: {}", e.message()),
            })?
        } else {
            SqlType::Inferred
        };
        let mut column = ColumnDef::new(name.clone(), sql_type);
        column.location = Some(at.clone());
        let mut nullability: Option<bool> = None;
        // Constraints DuckDB refuses on a generated column (NOT NULL, keys, CHECK, REFERENCES,
        // COLLATE), with where the first one is.
        let mut constrained: Option<Location> = None;
        loop {
            let option_at = cursor.location();
            if cursor.eat_keyword("CONSTRAINT") {
                cursor.identifier("constraint name")?;
                continue;
            }
            let constraint = ["NOT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "COLLATE"]
                .iter()
                .any(|k| cursor.is_keyword(k));
            if constraint && constrained.is_none() {
                constrained = Some(option_at.clone());
            }
            // Like DuckDB, the last of NULL / NOT NULL wins.
            if cursor.eat_phrase(&["NOT", "NULL"])? {
                nullability = Some(false);
            } else if cursor.eat_keyword("NULL") {
                nullability = Some(true);
            } else if cursor.eat_keyword("DEFAULT") {
                if column.default.is_some() {
                    return Err(
                        cursor.invalid(&option_at, format!("column `{table_name}.{name}` has two defaults"))
                    );
                }
                column.default = Some(cursor.default_expr()?.0);
            } else if cursor.eat_phrase(&["PRIMARY", "KEY"])? {
                if table.primary_key.is_some() {
                    return Err(cursor
                        .invalid(&option_at, format!("table `{table_name}` has more than one primary key")));
                }
                table.primary_key = Some(Key { columns: vec![name.clone()], location: Some(option_at) });
            } else if cursor.eat_keyword("UNIQUE") {
                table.unique.push(Key { columns: vec![name.clone()], location: Some(option_at) });
            } else if cursor.eat_keyword("CHECK") {
                let (expression, _) = cursor.parenthesized_expr()?;
                table.checks.push(Check { expression, location: Some(option_at) });
            } else if cursor.is_keyword("REFERENCES") {
                let fk = self.references(cursor, vec![name.clone()], option_at)?;
                table.foreign_keys.push(fk);
            } else if cursor.eat_keyword("COLLATE") {
                if column.collation.is_some() {
                    return Err(cursor.invalid(&option_at, "multiple COLLATE clauses are not allowed"));
                }
                let (mut collation, _) = cursor.identifier("collation")?;
                while cursor.eat(&Token::Period) {
                    collation = format!("{collation}.{}", cursor.identifier("collation")?.0);
                }
                column.collation = Some(collation.to_lowercase());
            } else if cursor.eat_phrase(&["GENERATED", "ALWAYS", "AS"])? || cursor.eat_keyword("AS") {
                let (expression, _) = cursor.parenthesized_expr()?;
                if cursor.eat_keyword("STORED") {
                    return Err(cursor.invalid(
                        &option_at,
                        "DuckDB cannot create a STORED generated column; write VIRTUAL (or nothing)",
                    ));
                }
                cursor.eat_keyword("VIRTUAL");
                column.generated = Some(expression);
            } else if cursor.eat_phrase(&["USING", "COMPRESSION"])? {
                // A name or a string: `rle`, `'dict_fsst'`.
                let method = match cursor.peek() {
                    Some(Token::SingleQuotedString(_)) => cursor.string("a compression method")?,
                    _ => cursor.identifier("compression method")?.0,
                };
                column.compression = Some(method.to_uppercase());
            } else {
                break;
            }
        }
        if !matches!(cursor.peek(), None | Some(Token::Comma) | Some(Token::RParen)) {
            return Err(cursor.expected(&format!("a constraint of column `{name}`, `,` or `)`")));
        }
        if column.generated.is_some() {
            if column.default.is_some() {
                return Err(cursor.invalid(&at, format!("column `{table_name}.{name}` is generated and has a DEFAULT; a generated column has no default")));
            }
            if let Some(constraint_at) = constrained {
                return Err(cursor.invalid(
                    &constraint_at,
                    format!("column `{table_name}.{name}` is generated; DuckDB supports no constraint or collation on a generated column"),
                ));
            }
        }
        column.nullable = nullability.unwrap_or(true);
        table.columns.push(column);
        Ok(())
    }
}

fn check_columns(
    cursor: &Cursor,
    table: &TableDef,
    columns: &[String],
    at: &Location,
    what: &str,
) -> Result<(), Error> {
    for column in columns {
        if table.column(column).is_none() {
            return Err(cursor.invalid(
                at,
                format!(
                    "{what} of table `{}` names column `{column}`, which the table does not have",
                    table.display_name()
                ),
            ));
        }
    }
    Ok(())
}

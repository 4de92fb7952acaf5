//! A cursor over the significant tokens of one statement: keywords, identifiers (with DuckDB's
//! reserved-word rule), types and expressions, every error located at the token it is about.

use std::sync::Arc;

use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::error::{Error, Location};
use crate::expr::canonical_expr;
use crate::keywords::{keyword_categories, KeywordCategory};
use crate::types::{parse_type_prefix, SqlType};

use super::source::Source;

pub(super) struct Cursor<'a> {
    /// The statement's tokens without whitespace and comments.
    tokens: &'a [TokenWithSpan],
    pos: usize,
    file: &'a Arc<str>,
    /// The source text, for what is kept as written (a view's query).
    source: &'a Source<'a>,
}

impl<'a> Cursor<'a> {
    pub fn new(tokens: &'a [TokenWithSpan], file: &'a Arc<str>, source: &'a Source<'a>) -> Self {
        Cursor { tokens, pos: 0, file, source }
    }

    pub fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|t| &t.token)
    }

    pub fn peek_at(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.pos + ahead).map(|t| &t.token)
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// The location of the current token (or just after the last one).
    pub fn location(&self) -> Location {
        self.location_at(self.pos)
    }

    pub fn location_at(&self, index: usize) -> Location {
        let span = match self.tokens.get(index) {
            Some(token) => token.span.start,
            None => {
                self.tokens.last().map(|t| t.span.end).unwrap_or(sqlparser::tokenizer::Location::new(1, 1))
            }
        };
        super::located(self.file, span)
    }

    /// A syntax error at the current token: `expected X, found Y`.
    pub fn expected(&self, what: &str) -> Error {
        let found = match self.peek() {
            Some(token) => format!("`{token}`"),
            None => "the end of the statement".to_string(),
        };
        Error::Syntax { location: self.location(), message: format!("expected {what}, found {found}") }
    }

    pub fn invalid(&self, location: &Location, message: impl Into<String>) -> Error {
        Error::Invalid { location: location.clone(), message: message.into() }
    }

    /// Whether the current token is the unquoted keyword `keyword`.
    pub fn is_keyword(&self, keyword: &str) -> bool {
        self.is_keyword_at(0, keyword)
    }

    pub fn is_keyword_at(&self, ahead: usize, keyword: &str) -> bool {
        matches!(self.peek_at(ahead), Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(keyword))
    }

    pub fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.is_keyword(keyword);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Eats `keywords` when all of them come next, in order.
    pub fn eat_keywords(&mut self, keywords: &[&str]) -> bool {
        let all = keywords.iter().enumerate().all(|(i, k)| self.is_keyword_at(i, k));
        if all {
            self.pos += keywords.len();
        }
        all
    }

    /// A phrase of keywords that only has one meaning once its first word is there (`NOT NULL`,
    /// `PRIMARY KEY`, `GENERATED ALWAYS AS`): `false` when the first word is not next; when it is,
    /// the rest must follow, and a missing word is an error at that word naming what it follows
    /// (`expected \`NULL\` after \`NOT\`, found \`NUL\``). Only for a first word that starts no
    /// other alternative where it is called.
    pub fn eat_phrase(&mut self, phrase: &[&str]) -> Result<bool, Error> {
        let Some((first, rest)) = phrase.split_first() else { return Ok(false) };
        if !self.eat_keyword(first) {
            return Ok(false);
        }
        for (i, keyword) in rest.iter().enumerate() {
            if !self.eat_keyword(keyword) {
                let before = phrase[..=i].join(" ");
                return Err(self.expected(&format!("`{keyword}` after `{before}`")));
            }
        }
        Ok(true)
    }

    pub fn expect_keyword(&mut self, keyword: &str) -> Result<(), Error> {
        if self.eat_keyword(keyword) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{keyword}`")))
        }
    }

    pub fn eat(&mut self, token: &Token) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.pos += 1;
        }
        found
    }

    pub fn expect(&mut self, token: &Token) -> Result<(), Error> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{token}`")))
        }
    }

    /// An identifier: a quoted name, or an unquoted word DuckDB accepts as a name (not a
    /// reserved keyword). `what` names it in errors (`column name`).
    pub fn identifier(&mut self, what: &str) -> Result<(String, Location), Error> {
        let location = self.location();
        if let Some(name) = self.unicode_identifier() {
            return Ok((name, location));
        }
        match self.peek() {
            Some(Token::Word(word)) if word.quote_style.is_some() => {
                let name = word.value.clone();
                self.pos += 1;
                Ok((name, location))
            }
            Some(Token::Word(word)) => {
                let name = word.value.clone();
                if is_reserved_name(&name) {
                    return Err(self.invalid(
                        &location,
                        format!("`{name}` is a reserved word in DuckDB and cannot be a {what} as written; quote it: `\"{name}\"`"),
                    ));
                }
                self.pos += 1;
                Ok((name, location))
            }
            _ => Err(self.expected(&format!("a {what}"))),
        }
    }

    /// An unquoted identifier with characters outside ASCII that the tokenizer splits (`👤`,
    /// `✍_x`): DuckDB reads such a run of adjacent characters and words as one name.
    fn unicode_identifier(&mut self) -> Option<String> {
        let is_part = |token: &Token| match token {
            Token::Char(c) => !c.is_ascii(),
            Token::Word(w) => w.quote_style.is_none(),
            Token::Number(..) => true,
            _ => false,
        };
        let first = self.tokens.get(self.pos)?;
        if !matches!(first.token, Token::Char(c) if !c.is_ascii()) {
            return None;
        }
        let mut name = String::new();
        let mut end = first.span.start;
        while let Some(token) = self.tokens.get(self.pos) {
            if !is_part(&token.token) || (token.span.start != end && !name.is_empty()) {
                break;
            }
            name.push_str(&match &token.token {
                Token::Char(c) => c.to_string(),
                other => other.to_string(),
            });
            end = token.span.end;
            self.pos += 1;
        }
        Some(name)
    }

    /// `name`, `schema.name` (a `catalog.` prefix is refused: a spec describes the database it is
    /// loaded into). Returns the schema when one was written.
    pub fn qualified_name(&mut self, what: &str) -> Result<(Option<String>, String, Location), Error> {
        let (first, location) = self.identifier(what)?;
        if !self.eat(&Token::Period) {
            return Ok((None, first, location));
        }
        let (second, _) = self.identifier(what)?;
        if self.eat(&Token::Period) {
            let (third, _) = self.identifier(what)?;
            return Err(self.invalid(
                &location,
                format!("`{first}.{second}.{third}`: a spec describes the database it is loaded into; drop the catalog `{first}.`"),
            ));
        }
        Ok((Some(first), second, location))
    }

    /// The name a `CREATE TABLE`, `TYPE`, `SEQUENCE`, `VIEW` or `SCHEMA` statement creates: a
    /// (qualified) identifier, or — as DuckDB also accepts there — a single-quoted string
    /// (`CREATE TABLE 'language' (…)`), which cannot be qualified.
    pub fn created_name(&mut self, what: &str) -> Result<(Option<String>, String, Location), Error> {
        if matches!(self.peek(), Some(Token::SingleQuotedString(_))) {
            let location = self.location();
            let name = self.string(what)?;
            if self.peek() == Some(&Token::Period) {
                return Err(self.invalid(
                    &location,
                    format!("'{name}': a quoted string names an object only unqualified; write \"{name}\""),
                ));
            }
            return Ok((None, name, location));
        }
        self.qualified_name(what)
    }

    /// A column list `(a, b)`.
    pub fn column_list(&mut self) -> Result<Vec<String>, Error> {
        self.expect(&Token::LParen)?;
        let mut columns = vec![self.identifier("column name")?.0];
        while self.eat(&Token::Comma) {
            columns.push(self.identifier("column name")?.0);
        }
        self.expect(&Token::RParen)?;
        Ok(columns)
    }

    /// A type, resolving names through `resolve` (the types the spec declares).
    pub fn sql_type(&mut self, resolve: &dyn Fn(&str) -> Option<SqlType>) -> Result<SqlType, Error> {
        let location = self.location();
        let tokens: Vec<Token> =
            self.tokens[self.pos..self.element_end()].iter().map(|t| t.token.clone()).collect();
        let (ty, used) =
            parse_type_prefix(&tokens, resolve).map_err(|message| self.invalid(&location, message))?;
        self.pos += used;
        Ok(ty)
    }

    /// An expression, canonical, and where it starts.
    pub fn expr(&mut self) -> Result<(String, Location), Error> {
        let location = self.location();
        let tokens = self.tokens[self.pos..self.element_end()].to_vec();
        let dialect = DuckDbDialect {};
        let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
        let expr = parser.parse_expr().map_err(|e| {
            let message = match e {
                ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
                ParserError::RecursionLimitExceeded => "the expression nests too deeply".to_string(),
            };
            // The location is the token the parser stopped at; its text may also carry one.
            let message = match message.find(" at Line: ") {
                Some(at) => message[..at].to_string(),
                None => message,
            };
            Error::Syntax {
                location: self.location_at(self.pos + parser.index()),
                message: lower_first(&message),
            }
        })?;
        let text = canonical_expr(&expr).map_err(|message| self.invalid(&location, message))?;
        self.pos += parser.index();
        Ok((text, location))
    }

    /// A DEFAULT expression: up to the next column constraint (`NOT NULL`, `PRIMARY KEY`, …), `,`
    /// or the closing `)`. Bounded by duckspec, because a generic expression parser reads
    /// `42 NOT NULL` as `42 IS NOT NULL`.
    pub fn default_expr(&mut self) -> Result<(String, Location), Error> {
        let location = self.location();
        let end = self.expression_end();
        if end == self.pos {
            return Err(self.expected("a DEFAULT expression"));
        }
        let slice = &self.tokens[..end];
        let mut bounded = Cursor { tokens: slice, pos: self.pos, file: self.file, source: self.source };
        let (text, _) = bounded.expr()?;
        if bounded.pos != end {
            return Err(Error::Syntax {
                location: bounded.location(),
                message: format!("unexpected `{}` in the DEFAULT expression", self.tokens[bounded.pos].token),
            });
        }
        self.pos = end;
        Ok((text, location))
    }

    /// The end (exclusive) of the tokens a type or an expression starting here can use: up to and
    /// including the first `,` or unmatched closing bracket at nesting depth zero, which no type
    /// or expression reaches past. Handing the parsers only these tokens keeps a statement's
    /// parse linear in its length (a copy of the whole rest per column made a table of n
    /// columns cost n² token copies); the terminator is included so that errors name it as
    /// before.
    fn element_end(&self) -> usize {
        let mut depth = 0usize;
        for (i, token) in self.tokens.iter().enumerate().skip(self.pos) {
            match token.token {
                Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
                Token::RParen | Token::RBracket | Token::RBrace | Token::Comma if depth == 0 => return i + 1,
                Token::RParen | Token::RBracket | Token::RBrace => depth -= 1,
                _ => {}
            }
        }
        self.tokens.len()
    }

    /// Where a column's DEFAULT expression ends: the first token, at nesting depth zero (outside
    /// parentheses, brackets and CASE … END), that starts a column constraint or ends the column.
    fn expression_end(&self) -> usize {
        let mut depth = 0i32;
        let word = |i: usize| match self.tokens.get(i).map(|t| &t.token) {
            Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_uppercase()),
            _ => None,
        };
        let mut i = self.pos;
        while i < self.tokens.len() {
            let token = &self.tokens[i].token;
            let first = i == self.pos;
            match token {
                Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
                Token::RParen | Token::RBracket | Token::RBrace => {
                    if depth == 0 {
                        return i;
                    }
                    depth -= 1;
                }
                Token::Comma if depth == 0 => return i,
                _ => {}
            }
            match word(i).as_deref() {
                Some("CASE") => depth += 1,
                Some("END") => depth -= 1,
                Some(keyword) if depth == 0 && !first => {
                    let previous = word(i - 1);
                    let after_is = matches!(previous.as_deref(), Some("IS") | Some("IS NOT"));
                    let next = word(i + 1);
                    let starts_constraint = match keyword {
                        "NOT" => next.as_deref() == Some("NULL") && !after_is,
                        "NULL" => !after_is && previous.as_deref() != Some("NOT"),
                        "PRIMARY" => next.as_deref() == Some("KEY"),
                        // `DEFAULT 'x' COLLATE nocase` is DuckDB's default `'x' COLLATE nocase`, not
                        // a collation of the column (found by tests/real_schemas.rs).
                        "UNIQUE" | "REFERENCES" | "CONSTRAINT" | "DEFAULT" => true,
                        "CHECK" => self.tokens.get(i + 1).map(|t| &t.token) == Some(&Token::LParen),
                        "GENERATED" => next.as_deref() == Some("ALWAYS"),
                        "USING" => next.as_deref() == Some("COMPRESSION"),
                        _ => false,
                    };
                    if starts_constraint {
                        return i;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// `( expr )`.
    pub fn parenthesized_expr(&mut self) -> Result<(String, Location), Error> {
        self.expect(&Token::LParen)?;
        let expr = self.expr()?;
        self.expect(&Token::RParen)?;
        Ok(expr)
    }

    /// The rest of the statement as written (a view's query).
    pub fn rest_as_written(&mut self) -> Result<String, Error> {
        let (Some(first), Some(last)) = (self.tokens.get(self.pos), self.tokens.last()) else {
            return Err(self.expected("a query"));
        };
        let text = self.source.text(first.span.start, last.span.end);
        self.pos = self.tokens.len();
        Ok(text)
    }

    /// A string literal.
    pub fn string(&mut self, what: &str) -> Result<String, Error> {
        match self.peek() {
            Some(Token::SingleQuotedString(text)) => {
                let text = text.clone();
                self.pos += 1;
                Ok(text)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// A whole number, possibly negative.
    pub fn integer(&mut self, what: &str) -> Result<i64, Error> {
        let negative = self.eat(&Token::Minus);
        match self.peek() {
            Some(Token::Number(digits, _)) => {
                let location = self.location();
                let value: i64 = digits.parse().map_err(|_| {
                    self.invalid(&location, format!("`{digits}` is not a whole number in range"))
                })?;
                self.pos += 1;
                Ok(if negative { -value } else { value })
            }
            _ => Err(self.expected(what)),
        }
    }

    /// The statement must end here.
    pub fn expect_end(&self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(token) => Err(Error::Syntax {
                location: self.location(),
                message: format!("expected the end of the statement, found `{token}`"),
            }),
        }
    }
}

/// Whether DuckDB refuses `word`, unquoted, as a table or column name: a reserved or
/// type-function keyword (its grammar's ColId takes unreserved and column-name keywords only).
pub(crate) fn is_reserved_name(word: &str) -> bool {
    let mut categories = keyword_categories(word).peekable();
    categories.peek().is_some()
        && categories.all(|c| matches!(c, KeywordCategory::Reserved | KeywordCategory::TypeFunction))
}

pub(super) fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

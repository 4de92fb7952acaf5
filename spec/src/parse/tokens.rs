//! A spec's significant tokens, read in bounded chunks. sqlparser's tokenizer makes a token
//! (~80 bytes) of every whitespace character, so tokenizing a whole file at once cost ~90 bytes
//! per byte of indentation (10 MB of spaces: ~1 GB); here a chunk of the text is tokenized at a
//! time and only what the parser reads (no whitespace, no comments) is kept.
//!
//! A chunk ends just after a separator character (a space, tab, newline, `,`, `(` or `)`) and is
//! kept only up to its last separator *token*: a token is never cut (a string, quoted name or
//! comment cut in two is not a separator token, so the next chunk starts before it), and no token
//! before a separator looks past it (sqlparser's lookahead stops at such characters). The next
//! chunk is tokenized with the last token and the last non-whitespace token before it as context,
//! as sqlparser does within one text (`t.1` is a field access, `1.5` a number). A chunk without a
//! separator token is doubled and read again. Tokens and errors are those of tokenizing the whole
//! text at once (tested below with chunks down to one byte).

use sqlparser::dialect::DuckDbDialect;
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Tokenizer, TokenizerError, Whitespace};

/// Bytes tokenized at once: at most ~0.4 MB of tokens in flight (88 bytes each), whatever the
/// file's size.
const CHUNK_BYTES: usize = 4 * 1024;

/// The significant tokens of a text, a chunk at a time.
pub(super) struct Tokens<'a> {
    text: &'a str,
    chunk_bytes: usize,
    /// Where the next chunk starts: a byte offset and the tokenizer's line and column there.
    at: usize,
    line: u64,
    column: u64,
    /// The last non-whitespace token and the last token before `at` (the tokenizer's context).
    context: Vec<TokenWithSpan>,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Tokens<'a> {
        Tokens::with_chunk(text, CHUNK_BYTES)
    }

    fn with_chunk(text: &'a str, chunk_bytes: usize) -> Tokens<'a> {
        Tokens { text, chunk_bytes: chunk_bytes.max(1), at: 0, line: 1, column: 1, context: Vec::new() }
    }

    /// The next chunk's significant tokens with their locations in the whole text, `None` at its
    /// end. An error is the tokenizer's, located in the whole text.
    pub fn next_chunk(&mut self) -> Result<Option<Vec<TokenWithSpan>>, TokenizerError> {
        if self.at >= self.text.len() {
            return Ok(None);
        }
        let mut len = self.chunk_bytes;
        loop {
            let end = self.cut(len);
            let chunk = &self.text[self.at..end];
            let mut buf = self.context.clone();
            let seeded = buf.len();
            let result = Tokenizer::new(&DuckDbDialect {}, chunk).tokenize_with_location_into_buf(&mut buf);
            let kept = if end == self.text.len() {
                if let Err(error) = result {
                    return Err(TokenizerError {
                        message: error.message,
                        location: self.global(error.location),
                    });
                }
                buf.len()
            } else {
                match buf[seeded..].iter().rposition(|t| is_separator(&t.token)) {
                    Some(last) => seeded + last + 1,
                    None => {
                        len = len.saturating_mul(2);
                        continue;
                    }
                }
            };
            buf.truncate(kept);
            let Some(last) = buf.get(seeded..).and_then(<[TokenWithSpan]>::last).cloned() else {
                self.at = end;
                return Ok(Some(Vec::new()));
            };
            let next = if end == self.text.len() { end } else { self.at + byte_offset(chunk, last.span.end) };
            let resume = self.global(last.span.end);
            // The context for the next chunk, in the order sqlparser reads it from its buffer.
            let is_whitespace = |t: &&TokenWithSpan| matches!(t.token, Token::Whitespace(_));
            let mut context = Vec::with_capacity(2);
            if is_whitespace(&&last) {
                context.extend(buf.iter().rev().find(|t| !is_whitespace(t)).cloned());
            }
            context.push(last);
            let tokens: Vec<TokenWithSpan> = buf
                .drain(seeded..)
                .filter(|t| !matches!(t.token, Token::Whitespace(_)))
                .map(|t| {
                    TokenWithSpan::new(t.token, Span::new(self.global(t.span.start), self.global(t.span.end)))
                })
                .collect();
            self.context = context;
            self.at = next;
            (self.line, self.column) = (resume.line, resume.column);
            return Ok(Some(tokens));
        }
    }

    /// The end of a chunk of about `len` bytes from `at`: just after the last separator
    /// character in it, else at a character boundary (the whole rest if that is shorter).
    fn cut(&self, len: usize) -> usize {
        let limit = self.at.saturating_add(len);
        if limit >= self.text.len() {
            return self.text.len();
        }
        let window = &self.text.as_bytes()[self.at..limit];
        match window.iter().rposition(|b| matches!(b, b' ' | b'\t' | b'\n' | b',' | b'(' | b')')) {
            Some(i) => self.at + i + 1,
            None => {
                let mut end = limit;
                while !self.text.is_char_boundary(end) {
                    end += 1;
                }
                end
            }
        }
    }

    /// A location in the current chunk as a location in the whole text.
    fn global(&self, local: Location) -> Location {
        if local.line <= 1 {
            Location::new(self.line, self.column + local.column.saturating_sub(1))
        } else {
            Location::new(self.line + local.line - 1, local.column)
        }
    }
}

/// A token after which a chunk may end: one character no token extends over and no lookahead
/// passes.
fn is_separator(token: &Token) -> bool {
    matches!(
        token,
        Token::Whitespace(Whitespace::Space | Whitespace::Tab | Whitespace::Newline)
            | Token::Comma
            | Token::LParen
            | Token::RParen
    )
}

/// The byte offset in `text` of a tokenizer location in it (lines count `\n`, columns
/// characters, both from 1).
fn byte_offset(text: &str, location: Location) -> usize {
    let mut line = 1;
    let mut column = 1;
    for (i, c) in text.char_indices() {
        if line == location.line && column == location.column {
            return i;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every significant token of `text` tokenized at once, or the error.
    fn whole(text: &str) -> Result<Vec<TokenWithSpan>, TokenizerError> {
        let tokens = Tokenizer::new(&DuckDbDialect {}, text).tokenize_with_location()?;
        Ok(tokens.into_iter().filter(|t| !matches!(t.token, Token::Whitespace(_))).collect())
    }

    fn chunked(text: &str, chunk: usize) -> Result<Vec<TokenWithSpan>, TokenizerError> {
        let mut tokens = Tokens::with_chunk(text, chunk);
        let mut out = Vec::new();
        while let Some(part) = tokens.next_chunk()? {
            out.extend(part);
        }
        Ok(out)
    }

    fn same(text: &str, chunk: usize) -> Result<(), TestCaseError> {
        let expected = whole(text);
        let got = chunked(text, chunk);
        match (&expected, &got) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.len(), b.len(), "token count, chunk {}", chunk);
                for (a, b) in a.iter().zip(b) {
                    prop_assert_eq!(&a.token, &b.token, "chunk {}", chunk);
                    prop_assert_eq!(a.span, b.span, "span of {}, chunk {}", a.token, chunk);
                }
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(&a.message, &b.message);
                prop_assert_eq!(a.location, b.location, "error location, chunk {}", chunk);
            }
            _ => prop_assert!(
                false,
                "chunk {}: {:?} vs {:?}",
                chunk,
                expected.map(|t| t.len()),
                got.map(|t| t.len())
            ),
        }
        Ok(())
    }

    /// Texts where a cut in the wrong place would change a token: strings, names and comments
    /// across separators and lines, numbers with exponents, `t.1`, escape strings, `$$`.
    const TRICKY: &[&str] = &[
        "CREATE TABLE t (a VARCHAR DEFAULT 'x, (y) z', \"b c\" INT); -- a, comment (here)\nSELECT 1",
        "/* a (block, comment)\n spanning */ CREATE TABLE t(a INT) /* another */",
        "SELECT 1e+5, 1e, 2E-3 ,t.1, (1, 2).1, .5, x._y, 1_000, 0x1F",
        // `._` is a field access after a word, even past whitespace, and an error elsewhere.
        "SELECT x ._y, x\n\t._z FROM t",
        "SELECT (1) ._y",
        "SELECT E'a\\nb', e'c', $$dollar (quoted, text)$$, $tag$ x $tag$, U&'d\\0061t'",
        "SELECT 'unterminated, string (here)",
        "CREATE TABLE \"unterminated (name",
        "/* unterminated ( , comment",
        "SELECT a <-> b, a <= b, a::INT, a->>'x', [1, 2][1:2]",
        "CREATE TABLE t (a INT);\r\nCREATE TABLE u (b INT);\r\n-- last\r\n",
        "CREATE TABLE é (ü VARCHAR DEFAULT 'ß, ü', \"日本 語\" INT)",
        "SELECT 'it''s, (ok)', \"a\"\"b, c\"",
        "SELECT ?, $1, :name, @x, #y",
        "-- only a comment, ( here",
        "",
        "   \n\t  ",
    ];

    #[test]
    fn chunks_of_any_size_give_the_tokens_of_the_whole_text() {
        for text in TRICKY {
            for chunk in 1..=text.len() + 1 {
                same(text, chunk).unwrap();
            }
        }
    }

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            " ", "\n", "\t", ",", "(", ")", "'", "\"", "--", "/*", "*/", "$$", "1", "e", "E", "+", ".", "_",
            "x", "t", "SELECT", "é", "\r", "\r\n", "::", "<", "-", ">", "[", "]", "U&", ";", "\\",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn random_texts_tokenize_alike_in_chunks(text in pieces(), chunk in 1usize..24) {
            same(&text, chunk)?;
        }
    }
}

//! A spec's text seen through the tokenizer's locations: the text between two token locations
//! (a statement as written, a view's query). Borrows the text and keeps one byte offset per 256
//! lines, so a file of newlines costs 1/32 byte per line, not 9 bytes.

use std::cell::Cell;

use sqlparser::tokenizer::Location;

/// Lines between two remembered line starts.
const LINES_PER_CHECKPOINT: u64 = 256;

pub(super) struct Source<'a> {
    text: &'a str,
    /// The byte offset of line 1, 257, 513, … .
    checkpoints: Vec<usize>,
    /// The last location found and its byte offset: locations are asked for in the text's order,
    /// so each search goes on from the previous one and a file costs one pass, however many
    /// statements share a line.
    last: Cell<(u64, u64, usize)>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let mut checkpoints = vec![0];
        checkpoints.extend(
            text.match_indices('\n')
                .map(|(i, _)| i + 1)
                .skip(LINES_PER_CHECKPOINT as usize - 1)
                .step_by(LINES_PER_CHECKPOINT as usize),
        );
        Source { text, checkpoints, last: Cell::new((1, 1, 0)) }
    }

    /// The text from `start` to `end`.
    pub fn text(&self, start: Location, end: Location) -> String {
        let start = self.offset(start);
        let end = self.offset(end);
        self.slice(start, end).to_string()
    }

    /// The text between two byte offsets (from [`Source::offset`]).
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end.max(start)).unwrap_or_default()
    }

    /// The byte offset of a 1-based line and (character) column; the text's end past it.
    pub fn offset(&self, location: Location) -> usize {
        let (line, column) = (location.line.max(1), location.column.max(1));
        let (mut at_line, mut at_column, mut at) = self.last.get();
        if (line, column) < (at_line, at_column) {
            let index = ((line - 1) / LINES_PER_CHECKPOINT) as usize;
            let Some(&start) = self.checkpoints.get(index) else {
                return self.text.len();
            };
            (at_line, at_column, at) = (index as u64 * LINES_PER_CHECKPOINT + 1, 1, start);
        }
        while at_line < line {
            match self.text[at..].find('\n') {
                Some(i) => {
                    at += i + 1;
                    at_line += 1;
                    at_column = 1;
                }
                None => return self.text.len(),
            }
        }
        let rest = &self.text[at..];
        let ahead = (column - at_column) as usize;
        at += rest.char_indices().nth(ahead).map_or(rest.len(), |(i, _)| i);
        self.last.set((line, column, at));
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_found_in_any_order() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!("line {i} é x\n"));
        }
        let source = Source::new(&text);
        let expected = |line: usize, column: usize| {
            let start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
            start + text[start..].char_indices().nth(column - 1).map_or(text.len() - start, |(i, _)| i)
        };
        let order = [(1, 1), (5, 3), (5, 9), (200, 2), (64, 8), (65, 1), (129, 4), (3, 1), (300, 10), (2, 7)];
        for (line, column) in order {
            assert_eq!(source.offset(Location::new(line, column)), expected(line as usize, column as usize));
        }
        assert_eq!(source.offset(Location::new(1000, 1)), text.len());
        assert_eq!(source.text(Location::new(2, 1), Location::new(2, 7)), "line 1");
    }
}

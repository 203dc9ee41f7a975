//! Byte offsets to LSP positions and back. LSP counts columns in UTF-16 code units
//! (the default `positionEncoding`); `ally`'s spans are byte offsets.

use lsp_types::{Position, Range};

use ally_core::span::Span;

pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col: usize = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, col as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position; past the end of a line means its end.
    pub fn offset(&self, p: Position) -> usize {
        let Some(&start) = self.starts.get(p.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(p.line as usize + 1)
            .map_or(self.text.len(), |&e| e - 1);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= p.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The range of the whole text.
    pub fn all(&self) -> Range {
        Range::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let text = "state \"Côte\"\nwhy \"Côte😀\"?\n";
        let ix = LineIndex::new(text);
        let q = text.find('?').unwrap();
        let p = ix.position(q);
        assert_eq!(p, Position::new(1, 12)); // 😀 is two UTF-16 units
        assert_eq!(ix.offset(p), q);
        assert_eq!(ix.offset(Position::new(0, 99)), text.find('\n').unwrap());
        assert_eq!(ix.offset(Position::new(9, 0)), text.len());
        assert_eq!(ix.position(text.len()), Position::new(2, 0));
    }
}

//! A small lossless lexer for `.ally` text: every byte of the input belongs to exactly
//! one token, so the formatter can find comments (and tell a `//` inside a quoted name
//! from a comment) and the language server can find the word under the cursor. The
//! grammar (`grammar/ally.pest`) stays the only definition of what is valid; this only
//! cuts text into pieces.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// An identifier or a keyword (letters and digits of any script, `_`).
    Word,
    /// A quoted name, quotes included; an unterminated one ends at the line's end.
    Quoted,
    /// A number or a fraction (`-0.5`, `.5`, `1e3`, `3/4`).
    Number,
    /// `// …` up to (not including) the end of the line.
    Comment,
    Newline,
    /// Spaces, tabs and carriage returns.
    Space,
    /// Any other single character: `{ } , ; ~ = ? : > -` and `->`.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Cuts `src` into tokens covering it exactly, in order.
pub fn lex(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i..].chars().next().unwrap_or(' ');
        let start = i;
        let kind = if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(src.len(), |n| i + n);
            TokenKind::Comment
        } else if c == '\n' {
            i += 1;
            TokenKind::Newline
        } else if c == ' ' || c == '\t' || c == '\r' {
            while i < src.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
                i += 1;
            }
            TokenKind::Space
        } else if c == '"' {
            i = match src[i + 1..].find(['"', '\n']) {
                Some(n) if bytes[i + 1 + n] == b'"' => i + n + 2,
                Some(n) => i + 1 + n,
                None => src.len(),
            };
            TokenKind::Quoted
        } else if c.is_ascii_digit()
            || (matches!(c, '-' | '.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
            || (src[i..].starts_with("-.") && bytes.get(i + 2).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < src.len() {
                let b = bytes[i];
                let exp_sign = (b == b'+' || b == b'-') && matches!(bytes[i - 1], b'e' | b'E');
                if b.is_ascii_digit()
                    || b == b'.'
                    || b == b'/'
                    || b == b'e'
                    || b == b'E'
                    || exp_sign
                {
                    i += 1;
                } else {
                    break;
                }
            }
            TokenKind::Number
        } else if crate::syntax::is_name_char(c) {
            while let Some(d) = src[i..].chars().next() {
                if crate::syntax::is_name_char(d) {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            TokenKind::Word
        } else if src[i..].starts_with("->") {
            i += 2;
            TokenKind::Punct
        } else {
            i += c.len_utf8();
            TokenKind::Punct
        };
        out.push(Token {
            kind,
            span: Span::new(start, i),
        });
    }
    out
}

/// The comments of `src`, in order.
pub fn comments(src: &str) -> Vec<Span> {
    lex(src)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Comment)
        .map(|t| t.span)
        .collect()
}

/// The texts of the comments of `src` without trailing white space: what formatting
/// must keep, in order.
pub fn comment_texts(src: &str) -> Vec<String> {
    comments(src)
        .into_iter()
        .map(|s| src[s.start..s.end].trim_end().to_string())
        .collect()
}

/// The word or quoted name (or number) that contains `offset`, or ends at it.
pub fn token_at(tokens: &[Token], offset: usize) -> Option<Token> {
    let named = |t: &&Token| {
        matches!(
            t.kind,
            TokenKind::Word | TokenKind::Quoted | TokenKind::Number
        )
    };
    tokens
        .iter()
        .filter(named)
        .find(|t| t.span.start <= offset && offset < t.span.end)
        .or_else(|| tokens.iter().filter(named).find(|t| t.span.end == offset))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_the_text_exactly() {
        let src = "state \"A // b\" { power 1e-3 } // c\r\nthreat A->B -0.5;x?\n\"open";
        let toks = lex(src);
        let mut pos = 0;
        for t in &toks {
            assert_eq!(t.span.start, pos);
            pos = t.span.end;
        }
        assert_eq!(pos, src.len());
        assert_eq!(comment_texts(src), vec!["// c".to_string()]);
        let kinds: Vec<_> = toks
            .iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| (t.kind, &src[t.span.start..t.span.end]))
            .collect();
        assert!(kinds.contains(&(TokenKind::Quoted, "\"A // b\"")));
        assert!(kinds.contains(&(TokenKind::Number, "1e-3")));
        assert!(kinds.contains(&(TokenKind::Punct, "->")));
        assert!(kinds.contains(&(TokenKind::Number, "-0.5")));
        assert!(kinds.contains(&(TokenKind::Quoted, "\"open")));
    }

    #[test]
    fn token_at_finds_the_word_under_the_cursor() {
        let src = "why Italy?";
        let toks = lex(src);
        let t = token_at(&toks, 6).unwrap();
        assert_eq!(&src[t.span.start..t.span.end], "Italy");
        let t = token_at(&toks, 9).unwrap();
        assert_eq!(&src[t.span.start..t.span.end], "Italy");
        assert!(token_at(&toks, 3).is_some_and(|t| &src[t.span.start..t.span.end] == "why"));
    }
}

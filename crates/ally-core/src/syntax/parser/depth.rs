//! Nesting is capped before pest runs: pest and the builders recurse once per `{`, so a
//! tree nested thousands deep would exhaust the stack of a worker thread (the REPL's,
//! the server's). Braces inside quoted names and comments do not count.

use crate::diagnostics::{Diag, codes};
use crate::span::Span;

/// The deepest `{ … }` nesting accepted: a game tree 95 moves deep (the `game` and its
/// root take the rest). Parsing this deep takes well under 1 MiB of stack.
pub const MAX_NESTING: usize = 100;

/// The byte of the first `{` nested deeper than [`MAX_NESTING`], if any.
pub(super) fn too_deep(src: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A quoted name ends at its closing quote or at the end of the line.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

pub(super) fn diag(pos: usize) -> Diag {
    Diag::error(
        codes::TOO_DEEP,
        Span::new(pos, pos + 1),
        format!("blocks are nested more than {MAX_NESTING} deep"),
    )
    .label("too deep")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_in_names_and_comments_do_not_count() {
        let deep = "{".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&deep), Some(MAX_NESTING));
        assert_eq!(too_deep(&format!("\"{deep}\"")), None);
        assert_eq!(too_deep(&format!("// {deep}\nx")), None);
        let balanced = "{}".repeat(10 * MAX_NESTING);
        assert_eq!(too_deep(&balanced), None);
    }
}

//! `ally fmt`: the canonical layout of a `.ally` file.
//!
//! The text is parsed with [`crate::syntax`]; the statements are printed back from the
//! AST by [`printer`] (names and numbers copied from the source as written, comments
//! placed back by position using [`lexer`]), then [`layout`] aligns the columns. The
//! result is parsed again and compared with the original ([`verify`]): if the
//! statements or the comments differ, formatting is refused with an internal error
//! rather than risk changing the meaning.

pub mod layout;
pub mod lexer;
mod printer;
mod verify;

use crate::diagnostics::Diag;
use crate::span::Span;
use crate::syntax::ast::StateAttr;

/// The code of the error raised when the safety net catches a formatter bug.
pub const INTERNAL: &str = crate::diagnostics::codes::FORMAT_INTERNAL;

#[derive(Debug)]
pub enum Error {
    /// The file does not parse: its diagnostics, and it is left as it is.
    Syntax(Vec<Diag>),
    /// The formatted text would not mean the same: a bug in the formatter.
    Internal(Diag),
}

/// The formatted text of `src`.
pub fn format_source(src: &str) -> Result<String, Error> {
    let (stmts, diags) = crate::syntax::parse(src);
    if !diags.is_empty() {
        return Err(Error::Syntax(diags));
    }
    let out = layout::render(&printer::print(src, &stmts));
    verified(src, &stmts, out)
}

/// `out`, the formatting of `src` (whose statements are `stmts`), once it reads back as
/// the same statements with the same comments; else the bug, reported.
fn verified(src: &str, stmts: &[crate::syntax::ast::Stmt], out: String) -> Result<String, Error> {
    let internal = |what: &str| {
        Error::Internal(Diag::error(
            INTERNAL,
            Span::new(0, 0),
            format!("formatting would change the file's {what}; the file is left as it is"),
        ))
    };
    let (again, diags) = crate::syntax::parse(&out);
    if !diags.is_empty() {
        return Err(internal("syntax"));
    }
    if !verify::same(&again, stmts) {
        return Err(internal("statements"));
    }
    if lexer::comment_texts(&out) != lexer::comment_texts(src) {
        return Err(internal("comments"));
    }
    Ok(out)
}

fn printer_rank(a: &StateAttr) -> u8 {
    printer::rank(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The safety net refuses an output that lost a statement or a comment.
    #[test]
    fn an_output_that_reads_differently_is_refused() {
        let src = "state A // first\nstate B\n";
        let (stmts, _) = crate::syntax::parse(src);
        for wrong in ["state A // first\n", "state A\nstate B\n", "state A {\n"] {
            match verified(src, &stmts, wrong.to_string()) {
                Err(Error::Internal(d)) => {
                    assert_eq!(d.code, crate::diagnostics::codes::FORMAT_INTERNAL);
                    assert!(d.help.is_some_and(|h| h.contains("bug in `ally fmt`")));
                }
                other => panic!("{wrong:?} accepted: {other:?}"),
            }
        }
        assert!(verified(src, &stmts, "state A  // first\nstate B\n".into()).is_ok());
    }
}

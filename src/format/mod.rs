//! `ally fmt`: the canonical layout of a `.ally` file.
//!
//! The text is parsed with [`crate::syntax`]; the statements are printed back from the
//! AST by [`printer`] (names and numbers copied from the source as written, comments
//! placed back by position using [`lexer`]), then [`layout`] aligns the columns. The
//! result is parsed again and compared with the original ([`verify`]): if the
//! statements or the comments differ, formatting is refused with an internal error
//! rather than risk changing the meaning.

pub mod cli;
pub mod layout;
pub mod lexer;
mod printer;
mod verify;

use crate::diagnostics::Diag;
use crate::span::Span;
use crate::syntax::ast::StateAttr;

/// The code of the error raised when the safety net catches a formatter bug.
pub const INTERNAL: &str = "ally::format_internal";

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
    let internal = |what: &str| {
        Error::Internal(
            Diag::error(
                INTERNAL,
                Span::new(0, 0),
                format!("formatting would change the file's {what}; the file is left as it is"),
            )
            .help("this is a bug in `ally fmt`: please report it with the file"),
        )
    };
    let (again, diags) = crate::syntax::parse(&out);
    if !diags.is_empty() {
        return Err(internal("syntax"));
    }
    if verify::shape(&again) != verify::shape(&stmts) {
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

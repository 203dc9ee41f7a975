//! Moving a parsed entry into the session's coordinates.
//!
//! Every entry of a session (a typed line, a block, a loaded file) is appended to one
//! growing text, and its statements are parsed on their own and then shifted by the
//! entry's offset. The checker keeps spans across entries ("first declared here"), so
//! they must all point into the same text.

use ally_core::diagnostics::Diag;
use ally_core::span::Span;
use ally_core::syntax::ast::Stmt;
use ally_core::syntax::visit;

pub fn diag(d: &mut Diag, by: usize) {
    span(&mut d.span, by);
    for (s, _) in &mut d.related {
        span(s, by);
    }
}

/// Every span of `s` (the AST's one walk reaches them all, names' and numbers' too).
pub fn stmt(s: &mut Stmt, by: usize) {
    visit::spans_mut(s, |sp| span(sp, by));
}

fn span(s: &mut Span, by: usize) {
    s.start += by;
    s.end += by;
}

//! What a statement with a syntax error still declares (issue 26 item 4): the names of
//! its head (`state X`, `game G`, `alliance A`, `ideology a, b`), read from the statement
//! as written or, when a repair was found, as repaired (`state Côte d'Ivoire {` declares
//! `Côte d'Ivoire`). The checker takes them as declared, so that one mistake is reported
//! once, not again at every later use of the name.

use pest::Parser as _;

use super::build::name;
use super::{AllyParser, Rule};
use crate::span::Span;
use crate::syntax::ast::{Declares, Name, Stmt, StmtKind};

/// The declarations of the broken statement `text` (which spans `span` of the file), as
/// an [`StmtKind::Unreadable`] statement; `None` when it declares nothing.
pub(super) fn declared(text: &str, span: Span) -> Option<Stmt> {
    let head = AllyParser::parse(Rule::decl_head, text.trim_start())
        .ok()?
        .next()?;
    let mut kind = None;
    let mut names = Vec::new();
    for p in head.into_inner() {
        match p.as_rule() {
            Rule::kw_state => kind = Some(Declares::State),
            Rule::kw_game => kind = Some(Declares::Game),
            Rule::kw_alliance => kind = Some(Declares::Alliance),
            Rule::kw_ideology => kind = Some(Declares::Ideology),
            Rule::name => {
                if let Some(k) = kind {
                    // Spans point at the statement: the repaired text is not the file's.
                    let n = name(p, 0);
                    names.push((k, Name { text: n.text, span }));
                }
            }
            _ => {}
        }
    }
    (!names.is_empty()).then_some(Stmt {
        kind: StmtKind::Unreadable(names),
        span,
    })
}

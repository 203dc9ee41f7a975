//! The formatter's safety net: the formatted text must parse to the same statements
//! (spans aside) with the same comments, or the formatter refuses to write it.

use crate::span::Span;
use crate::syntax::ast::{QueryKind, Stmt, StmtKind};

/// Whether two parses say the same thing: equal statements once what formatting may
/// change is made uniform — byte spans, the spelling of a query's keywords (case,
/// spaces) and numbers, and the order of a state's attributes of different kinds (the
/// printer sorts them stably).
pub fn same(a: &[Stmt], b: &[Stmt]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| shape(x) == shape(y))
}

/// `s` normalised, every span blanked (the walk reaches them all).
fn shape(s: &Stmt) -> Stmt {
    let mut s = s.clone();
    normalize(&mut s);
    crate::syntax::visit::spans_mut(&mut s, |span| *span = Span::new(0, 0));
    s
}

fn normalize(s: &mut Stmt) {
    match &mut s.kind {
        StmtKind::Query(q) => {
            // Numbers as the printer writes them (`.5` is `0.5`).
            let canonical = |w: &str| match crate::syntax::literal::exact(w) {
                Some(_) => crate::syntax::literal::canonical(w),
                None => w.to_string(),
            };
            q.text = q
                .text
                .split_whitespace()
                .map(canonical)
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if let QueryKind::WhatIf(e) = &mut q.kind {
                normalize(e);
            }
        }
        StmtKind::State(d) => d.attrs.sort_by_key(|a| super::printer_rank(&a.0)),
        StmtKind::At { events, .. } => events.iter_mut().for_each(normalize),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    fn parse(src: &str) -> Vec<crate::syntax::ast::Stmt> {
        let (stmts, diags) = crate::syntax::parse(src);
        assert!(diags.is_empty(), "{diags:?}");
        stmts
    }

    /// Moved spans, a query's spelling and a state's attribute order are not differences.
    #[test]
    fn what_formatting_changes_is_ignored() {
        let src = "state A { ideology red  power .5 }\nat 2 {  power A = 0.3 }\n\
                   WHAT   IF  power A = .5?\ngame G { players P, Q\n strategies S\n S, S -> 1, 2 }\n";
        let out = "\n\nstate A { power .5 ideology red }\n\nat 2 {\n  power A = 0.3\n}\n\
                   what if power A = .5?\n\ngame G {\n  players P, Q\n  strategies S\n  S, S -> 1, 2\n}\n";
        assert!(same(&parse(src), &parse(out)));
    }

    /// Any other difference is one: a name, a number, a payoff, a statement.
    #[test]
    fn a_changed_statement_is_a_difference() {
        let src = "state A { power 0.5 }\nat 2 { power A = 0.3 }\nwhy A?\n\
                   game G { players P, Q\n strategies S\n S, S -> 1, 2 }\n";
        let wrong = [
            "state B { power 0.5 }\nat 2 { power A = 0.3 }\nwhy A?\n",
            "state A { power 0.6 }\nat 2 { power A = 0.3 }\nwhy A?\n",
            "state A { power 0.5 }\nat 3 { power A = 0.3 }\nwhy A?\n",
            "state A { power 0.5 }\nat 2 { power A = 0.4 }\nwhy A?\n",
            "state A { power 0.5 }\nat 2 { power A = 0.3 }\nwhy B?\n",
            "state A { power 0.5 }\nat 2 { power A = 0.3 }\n",
        ];
        let game = "game G { players P, Q\n strategies S\n S, S -> 1, 2 }\n";
        let (stmts, other_game) = (
            parse(src),
            "game G { players P, Q\n strategies S\n S, S -> 2, 1 }\n",
        );
        for w in wrong {
            assert!(
                !same(&stmts, &parse(&format!("{w}{game}"))),
                "{w:?} accepted"
            );
        }
        let changed = src.replace(game, other_game);
        assert!(!same(&stmts, &parse(&changed)), "a changed payoff accepted");
    }
}

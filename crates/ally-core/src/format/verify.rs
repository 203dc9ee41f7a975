//! The formatter's safety net: the formatted text must parse to the same statements
//! (spans aside) with the same comments, or the formatter refuses to write it.

use crate::syntax::ast::{Stmt, StmtKind};

/// The statements as a string that ignores what formatting may change: byte spans,
/// the spelling of a query's keywords (case, spaces) and numbers, and the order of a state's
/// attributes of different kinds (the printer sorts them stably).
pub fn shape(stmts: &[Stmt]) -> String {
    let mut stmts = stmts.to_vec();
    for s in &mut stmts {
        normalize(s);
    }
    strip_spans(&format!("{stmts:?}"))
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
            if let crate::syntax::ast::QueryKind::WhatIf(e) = &mut q.kind {
                normalize(e);
            }
        }
        StmtKind::State(d) => d.attrs.sort_by_key(|a| super::printer_rank(&a.0)),
        StmtKind::At { events, .. } => events.iter_mut().for_each(normalize),
        _ => {}
    }
}

/// `Span { start: 1, end: 2 }` → `Span`.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("Span { start: ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i..];
        rest = rest.find('}').map_or("", |j| &rest[j + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn spans_are_ignored_and_nothing_else() {
        assert_eq!(
            super::strip_spans("Name { text: \"A\", span: Span { start: 1, end: 2 } }, x"),
            "Name { text: \"A\", span: Span }, x"
        );
    }
}

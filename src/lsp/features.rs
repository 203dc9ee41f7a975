//! The answers to the editor's requests, from a [`Document`]: completion, definition,
//! references, rename, document symbols and formatting.

use std::collections::HashMap;

use lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, Location, Position, Range, SymbolKind,
    TextEdit, Uri, WorkspaceEdit,
};

use super::document::Document;
use super::position::LineIndex;
use super::symbols::{self, Kind};
use crate::repl::helper::complete_text;
use ally_core::syntax::KEYWORDS;
use ally_core::syntax::ast::{Stmt, StmtKind};

pub fn completion(doc: &Document, pos: Position) -> Vec<CompletionItem> {
    let ix = LineIndex::new(doc.text());
    let offset = ix.offset(pos);
    let names = &doc.names;
    let (start, pairs) = complete_text(names, doc.text(), offset);
    let range = Range::new(ix.position(start), pos);
    let kind_of = |label: &str| {
        if KEYWORDS.contains(&label.to_lowercase().as_str()) {
            CompletionItemKind::KEYWORD
        } else if names.states.iter().any(|s| s == label) {
            CompletionItemKind::CLASS
        } else if names.games.iter().any(|s| s == label) {
            CompletionItemKind::MODULE
        } else {
            CompletionItemKind::VALUE
        }
    };
    pairs
        .into_iter()
        .map(|p| CompletionItem {
            kind: Some(kind_of(&p.display)),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit::new(
                range,
                p.replacement.clone(),
            ))),
            filter_text: Some(p.replacement),
            label: p.display,
            ..Default::default()
        })
        .collect()
}

pub fn definition(doc: &Document, uri: &Uri, pos: Position) -> Option<Location> {
    let ix = LineIndex::new(doc.text());
    let occ = symbols::at(&doc.occurrences, ix.offset(pos))?;
    let def = symbols::definition(&doc.occurrences, occ)?;
    Some(Location::new(uri.clone(), ix.range(def.span)))
}

pub fn references(doc: &Document, uri: &Uri, pos: Position, declaration: bool) -> Vec<Location> {
    let ix = LineIndex::new(doc.text());
    let Some(occ) = symbols::at(&doc.occurrences, ix.offset(pos)) else {
        return Vec::new();
    };
    symbols::references(&doc.occurrences, occ)
        .filter(|o| declaration || !o.declares)
        .map(|o| Location::new(uri.clone(), ix.range(o.span)))
        .collect()
}

/// Every occurrence renamed; the new name quoted when it must be. `Err` says why a
/// rename is refused.
// `WorkspaceEdit::changes` is keyed by `Uri`, whose parsed form caches data inside; the
// map is built once and never mutated through a key.
#[allow(clippy::mutable_key_type)]
pub fn rename(
    doc: &Document,
    uri: &Uri,
    pos: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let new_name = new_name.trim_matches('"');
    if new_name.trim().is_empty() || new_name.contains(['"', '\n', '\r']) {
        return Err(format!("`{new_name}` cannot be a name"));
    }
    let ix = LineIndex::new(doc.text());
    let Some(occ) = symbols::at(&doc.occurrences, ix.offset(pos)) else {
        return Ok(None);
    };
    let text = ally_core::model::check::quote(new_name);
    let edits: Vec<TextEdit> = symbols::references(&doc.occurrences, occ)
        .map(|o| TextEdit::new(ix.range(o.span), text.clone()))
        .collect();
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

/// `ally fmt` of the whole document, as one edit (none when already formatted or
/// when the text has syntax errors: the diagnostics say why).
pub fn formatting(doc: &Document) -> Vec<TextEdit> {
    match ally_core::format::format_source(doc.text()) {
        Ok(out) if out != doc.text() => vec![TextEdit::new(LineIndex::new(doc.text()).all(), out)],
        _ => Vec::new(),
    }
}

/// States, alliances, games and `at` blocks (with their events' states and alliances).
pub fn document_symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let ix = LineIndex::new(doc.text());
    doc.stmts()
        .iter()
        .filter_map(|s| symbol(&ix, doc.text(), s))
        .collect()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as None.
fn make(
    name: String,
    kind: SymbolKind,
    range: Range,
    selection: Range,
    detail: Option<String>,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children,
    }
}

fn symbol(ix: &LineIndex, text: &str, s: &Stmt) -> Option<DocumentSymbol> {
    let range = ix.range(s.span);
    match &s.kind {
        StmtKind::State(d) => Some(make(
            d.name.text.clone(),
            SymbolKind::CLASS,
            range,
            ix.range(d.name.span),
            Some(Kind::State.noun().into()),
            None,
        )),
        StmtKind::Alliance { name, members, .. } => {
            let label = match name {
                Some(n) => n.text.clone(),
                None => format!(
                    "alliance {{ {} }}",
                    members
                        .iter()
                        .map(|m| m.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let sel = name.as_ref().map_or(range, |n| ix.range(n.span));
            Some(make(
                label,
                SymbolKind::STRUCT,
                range,
                sel,
                Some(Kind::Alliance.noun().into()),
                None,
            ))
        }
        StmtKind::Game(g) => Some(make(
            g.name.text.clone(),
            SymbolKind::MODULE,
            range,
            ix.range(g.name.span),
            Some(Kind::Game.noun().into()),
            None,
        )),
        StmtKind::At { time, events } => {
            let children: Vec<DocumentSymbol> =
                events.iter().filter_map(|e| symbol(ix, text, e)).collect();
            let t = &text[time.span.start.min(text.len())..time.span.end.min(text.len())];
            Some(make(
                format!("at {t}"),
                SymbolKind::EVENT,
                range,
                ix.range(time.span),
                Some(format!("{} events", events.len())),
                Some(children),
            ))
        }
        _ => None,
    }
}

//! An open document and what the server knows about it: the names indexed on every
//! change, from the one parse and check of `ally_core::document::Document`; answered
//! (every query run, from the same check) only when a hover asks.

use ally_core::diagnostics::Diag;
use ally_core::model::check::Checker;
use ally_core::query::file::FileResult;
use ally_core::syntax::ast::Stmt;

use super::symbols::{self, Occurrence};
use crate::repl::helper::Names;

fn merge(into: &mut Vec<String>, from: &[String]) {
    for n in from {
        if !into.contains(n) {
            into.push(n.clone());
        }
    }
}

pub struct Document {
    /// The text, parsed, checked and answered at most once each.
    pub source: ally_core::document::Document,
    pub occurrences: Vec<Occurrence>,
    /// The names completion offers: this version's, and while it does not parse (a
    /// statement being typed) the previous version's too.
    pub names: Names,
}

impl Document {
    /// The document for `text`, following `previous` (the same document before the
    /// change), if any.
    pub fn new(text: String, previous: Option<&Document>) -> Self {
        let source = ally_core::document::Document::new("document", text);
        let occurrences = symbols::occurrences(source.statements());
        let mut names = Names::of(source.scenario());
        if let Some(p) = previous.filter(|_| !source.syntax_errors().is_empty()) {
            merge(&mut names.states, &p.names.states);
            merge(&mut names.ideologies, &p.names.ideologies);
            merge(&mut names.games, &p.names.games);
            merge(&mut names.alliances, &p.names.alliances);
            merge(&mut names.strategies, &p.names.strategies);
        }
        Document {
            source,
            occurrences,
            names,
        }
    }

    pub fn text(&self) -> &str {
        self.source.text()
    }

    pub fn stmts(&self) -> &[Stmt] {
        self.source.statements()
    }

    pub fn checker(&self) -> &Checker {
        self.source.checker()
    }

    /// Parse and check diagnostics, sorted by position (as `ally check` prints them).
    pub fn diags(&self) -> &[Diag] {
        &self.source.report().diags
    }

    /// Every query and expectation answered, computed once per version.
    pub fn answers(&self) -> &FileResult {
        self.source.answers()
    }
}

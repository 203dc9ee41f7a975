//! An open document and what the server knows about it: parsed, checked and the
//! names indexed on every change; answered (every query run) only when a hover asks.

use ally_core::diagnostics::Diag;
use ally_core::model::check::Checker;
use ally_core::run::{self, FileResult};
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
    pub text: String,
    pub stmts: Vec<Stmt>,
    pub checker: Checker,
    /// Parse and check diagnostics, sorted by position (as `ally check` prints them).
    pub diags: Vec<Diag>,
    pub occurrences: Vec<Occurrence>,
    /// The names completion offers: this version's, and while it does not parse (a
    /// statement being typed) the previous version's too.
    pub names: Names,
    answers: Option<FileResult>,
}

impl Document {
    /// The document for `text`, following `previous` (the same document before the
    /// change), if any.
    pub fn new(text: String, previous: Option<&Document>) -> Self {
        let (stmts, syntax) = ally_core::syntax::parse(&text);
        let (checker, report) = run::check_source("document", &text);
        let occurrences = symbols::occurrences(&stmts);
        let mut names = Names::of(checker.scenario());
        if let Some(p) = previous.filter(|_| !syntax.is_empty()) {
            merge(&mut names.states, &p.names.states);
            merge(&mut names.ideologies, &p.names.ideologies);
            merge(&mut names.games, &p.names.games);
            merge(&mut names.alliances, &p.names.alliances);
            merge(&mut names.strategies, &p.names.strategies);
        }
        Document {
            names,
            diags: report.diags,
            text,
            stmts,
            checker,
            occurrences,
            answers: None,
        }
    }

    /// Every query and expectation answered, computed once per version.
    pub fn answers(&mut self) -> &FileResult {
        let text = &self.text;
        self.answers
            .get_or_insert_with(|| run::run_source("document", text, None))
    }
}

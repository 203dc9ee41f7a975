//! An open document and what the server knows about it: parsed, checked and the
//! names indexed on every change; answered (every query run) only when a hover asks.

use crate::diagnostics::Diag;
use crate::model::check::Checker;
use crate::run::{self, FileResult};
use crate::syntax::ast::Stmt;

use super::symbols::{self, Occurrence};

pub struct Document {
    pub text: String,
    pub stmts: Vec<Stmt>,
    pub checker: Checker,
    /// Parse and check diagnostics, sorted by position (as `ally check` prints them).
    pub diags: Vec<Diag>,
    pub occurrences: Vec<Occurrence>,
    answers: Option<FileResult>,
}

impl Document {
    pub fn new(text: String) -> Self {
        let (stmts, _) = crate::syntax::parse(&text);
        let (checker, report) = run::check_source("document", &text);
        let occurrences = symbols::occurrences(&stmts);
        Document {
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

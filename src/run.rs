//! A whole file from text to answers: parse, check, then evaluate every query and
//! expectation in order.

use serde::Serialize;

use crate::diagnostics::{Diag, Report};
use crate::model::Model;
use crate::model::check::{Action, Checker};
use crate::query::expect::{self, Outcome};
use crate::query::{Answer, Evaluator};
use crate::syntax;

#[derive(Debug, Serialize)]
pub struct QueryResult {
    pub query: String,
    pub line: usize,
    pub kind: &'static str,
    pub answer: Option<Box<Answer>>,
    /// The diagnostic message when the query could not be answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ExpectResult {
    pub line: usize,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Entry {
    Query(QueryResult),
    Expect(ExpectResult),
}

#[derive(Debug)]
pub struct FileResult {
    pub file: String,
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    /// Parse and check diagnostics, then any raised while answering.
    pub report: Report,
}

impl FileResult {
    pub fn failed_expectations(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e, Entry::Expect(x) if !x.outcome.passed))
            .count()
    }
    pub fn expectations(&self) -> impl Iterator<Item = &ExpectResult> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Expect(x) => Some(x),
            _ => None,
        })
    }
    /// Whether the file is free of errors and every expectation holds.
    pub fn ok(&self) -> bool {
        !self.report.has_errors() && self.failed_expectations() == 0
    }
}

/// 1-based line of a byte offset.
pub fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses and checks only.
pub fn check_source(name: &str, src: &str) -> (Checker, Report) {
    let (stmts, mut diags) = syntax::parse(src);
    let mut checker = Checker::new();
    checker.check_all(&stmts);
    diags.append(&mut checker.diags);
    if !diags.iter().any(Diag::is_error) {
        diags.extend(crate::model::notes::weighs_nothing(&stmts, &checker));
    }
    diags.sort_by_key(|d| d.span.start);
    (checker, Report::new(name, src, diags))
}

/// Runs a file: checks it, and when it is free of errors answers every query and
/// expectation in order.
pub fn run_source(name: &str, src: &str, model: Option<&Model>) -> FileResult {
    let (checker, mut report) = check_source(name, src);
    let mut entries = Vec::new();
    if !report.has_errors() {
        let mut ev = Evaluator::new(model.cloned());
        let mut late: Vec<Diag> = Vec::new();
        for item in &checker.items {
            let line = line_of(src, item.span.start);
            match &item.action {
                Action::Query(q) => {
                    let (answer, error) = match ev.answer(item, &q.kind) {
                        Ok(a) => (Some(Box::new(a)), None),
                        Err(d) => {
                            let msg = d.message.clone();
                            late.push(d);
                            (None, Some(msg))
                        }
                    };
                    entries.push(Entry::Query(QueryResult {
                        query: format!("{}?", q.text),
                        line,
                        kind: q.kind.id(),
                        answer,
                        error,
                    }));
                }
                Action::Expect(e) => match expect::evaluate(&mut ev, item, e) {
                    Ok(outcome) => entries.push(Entry::Expect(ExpectResult { line, outcome })),
                    Err(d) => {
                        entries.push(Entry::Expect(ExpectResult {
                            line,
                            outcome: Outcome {
                                expect: expect::describe(e),
                                passed: false,
                                actual: d.message.clone(),
                            },
                        }));
                        late.push(d);
                    }
                },
            }
        }
        report.diags.append(&mut late);
    }
    FileResult {
        file: name.to_string(),
        title: checker.scenario.title.clone(),
        entries,
        report,
    }
}

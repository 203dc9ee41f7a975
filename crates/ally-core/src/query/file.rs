//! The results of a whole file, as `ally run` reports them: every answer and every
//! expectation in order, with the diagnostics. Plain data that the renderers read.

use serde::Serialize;

use super::Answer;
use super::expect::Outcome;
use crate::diagnostics::Report;

#[derive(Debug, Serialize)]
pub struct QueryResult {
    pub query: String,
    pub line: usize,
    pub kind: &'static str,
    pub answer: Option<Box<Answer>>,
    /// For a question not about chances asked of a scenario with ranges: how many
    /// uncertain inputs it was answered at the middle of (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_middle: Option<usize>,
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
    /// Whether its questions were answered: `false` when errors in the file (reported
    /// in `report`) stopped it before any answer.
    pub answered: bool,
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
    /// How many errors kept a file from being answered; `None` when it was answered.
    pub fn silenced_by(&self) -> Option<usize> {
        (!self.answered).then(|| self.report.diags.iter().filter(|d| d.is_error()).count())
    }
    /// Whether the file is free of errors and every expectation holds.
    pub fn ok(&self) -> bool {
        !self.report.has_errors() && self.failed_expectations() == 0
    }
}

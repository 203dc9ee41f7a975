//! One text from parse to answers: a [`Document`] parses its text once, checks the
//! statements once and answers every query and expectation once, each stage on demand,
//! so that every entry point — `ally run`, `check`, `test`, `graph`, `report`, the
//! language server, `ally serve` — asks the same document for what it needs instead of
//! parsing and checking the text again.

use std::sync::{Arc, OnceLock};

use crate::cancel::Cancelled;
use crate::diagnostics::{Diag, Report, codes};
use crate::engine::Limits;
use crate::model::check::{Action, Checker, Item};
use crate::model::{Model, Scenario};
use crate::query::Evaluator;
use crate::query::expect::{self, Outcome};
use crate::query::file::{Entry, ExpectResult, FileResult, QueryResult};
use crate::span::{Span, line_of};
use crate::syntax::{self, ast::Stmt};

/// A text and what is known of it, each computed at most once.
pub struct Document {
    name: String,
    text: String,
    parsed: OnceLock<Parsed>,
    checked: OnceLock<Checked>,
    answers: OnceLock<FileResult>,
}

struct Parsed {
    stmts: Vec<Stmt>,
    diags: Vec<Diag>,
}

struct Checked {
    checker: Checker,
    /// Parse and check diagnostics with the notes, sorted by position.
    report: Report,
}

impl Document {
    /// The document of `text`, named `name` in its diagnostics and results.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            name: name.into(),
            text: text.into(),
            parsed: OnceLock::new(),
            checked: OnceLock::new(),
            answers: OnceLock::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| parse(&self.text))
    }

    /// The statements the parser read (a broken statement recovered as far as it could).
    pub fn statements(&self) -> &[Stmt] {
        &self.parsed().stmts
    }

    /// The syntax errors alone.
    pub fn syntax_errors(&self) -> &[Diag] {
        &self.parsed().diags
    }

    fn checked(&self) -> &Checked {
        self.checked
            .get_or_init(|| check(&self.name, &self.text, self.parsed()))
    }

    /// The checker after every statement: the final scenario and the items to answer.
    pub fn checker(&self) -> &Checker {
        &self.checked().checker
    }

    /// Every diagnostic of parsing and checking, with the notes, by position (as
    /// `ally check` prints them).
    pub fn report(&self) -> &Report {
        &self.checked().report
    }

    pub fn has_errors(&self) -> bool {
        self.report().has_errors()
    }

    /// The scenario after the last statement.
    pub fn scenario(&self) -> &Scenario {
        &self.checker().state.scenario
    }

    /// Every query and expectation answered under the file's own models and the
    /// default limits, computed once.
    pub fn answers(&self) -> &FileResult {
        self.answers
            .get_or_init(|| self.answer(None, Limits::default(), None))
    }

    /// Every query and expectation answered with `model` in place of the file's (when
    /// given), under `limits`, and at time `at` (`ally run --at T`: every item sees the
    /// scenario at its line with the `at` blocks up to `at` applied, in time order as
    /// `timeline?` applies them, and only the later blocks left as its timeline; an
    /// event that cannot happen then is a diagnostic and nothing is answered). `at`
    /// must be finite (the command line checks it). Once `limits.cancel` reports
    /// cancellation the run stops: the item it stopped at gets an `ally::timeout` (or
    /// `ally::interrupted`) diagnostic and the items after it are not answered.
    pub fn answer(&self, model: Option<&Model>, limits: Limits, at: Option<f64>) -> FileResult {
        let src = &self.text;
        let mut report = Report::new(&self.name, src, self.report().diags.clone());
        let mut moved = None;
        if let Some(t) = at
            && !report.has_errors()
        {
            match items_at_time(&self.checker().items, t) {
                Ok(items) => moved = Some(items),
                Err(d) => report = Report::new(&self.name, src, vec![d]),
            }
        }
        let items = moved.as_deref().unwrap_or(&self.checker().items);
        let mut entries = Vec::new();
        let answered = !report.has_errors();
        if answered {
            let mut ev = Evaluator::new(model.cloned());
            ev.limits = limits;
            let mut late: Vec<Diag> = Vec::new();
            for item in items {
                if let Err(why) = ev.limits.cancel.check() {
                    late.push(stopped(item.span, why));
                    break;
                }
                let line = line_of(src, item.span.start);
                match &item.action {
                    Action::Query(q) => {
                        let (answer, error) = match crate::query::answer(&mut ev, item, &q.kind) {
                            Ok(a) => (Some(Box::new(a)), None),
                            Err(d) => {
                                // A search stopped by the handle reports why, whatever
                                // diagnostic the stage wrapped it in.
                                let d = match ev.limits.cancel.check() {
                                    Err(why) => stopped(item.span, why),
                                    Ok(()) => d,
                                };
                                let msg = d.message.clone();
                                late.push(d);
                                (None, Some(msg))
                            }
                        };
                        entries.push(Entry::Query(QueryResult {
                            query: format!("{}?", q.text),
                            line,
                            kind: q.kind.id(),
                            at_middle: crate::query::at_middle(item, &q.kind),
                            answer,
                            error,
                        }));
                    }
                    Action::Expect(e) => match expect::evaluate(&mut ev, item, e) {
                        Ok(outcome) => entries.push(Entry::Expect(ExpectResult { line, outcome })),
                        Err(d) => {
                            let d = match ev.limits.cancel.check() {
                                Err(why) => stopped(item.span, why),
                                Ok(()) => d,
                            };
                            entries.push(Entry::Expect(ExpectResult {
                                line,
                                outcome: Outcome {
                                    expect: expect::describe(&item.scenario, e),
                                    passed: false,
                                    actual: d.message.clone(),
                                    number: None,
                                },
                            }));
                            late.push(d);
                        }
                    },
                }
            }
            report.diags.append(&mut late);
        }
        let title = self.scenario().title.clone();
        FileResult {
            file: self.name.clone(),
            title: match at {
                Some(t) => Some(format!(
                    "{} (at {})",
                    title.as_deref().unwrap_or("Scenario"),
                    crate::model::fmt_num(t)
                )),
                None => title,
            },
            entries,
            report,
            answered,
        }
    }

    /// The checked queries and expectations, each with its snapshot as
    /// [`Document::answer`] answers it at `at`; empty when the file has errors or an
    /// event cannot happen at `at`.
    pub fn items_at(&self, at: Option<f64>) -> Vec<Item> {
        if self.has_errors() {
            return Vec::new();
        }
        let items = &self.checker().items;
        match at {
            None => items.clone(),
            Some(t) => items_at_time(items, t).unwrap_or_default(),
        }
    }
}

/// How many texts this process has parsed and checked, for the tests that hold every
/// entry point to one parse and one check per text (`syntax::parse` and
/// `Checker::check_all` count themselves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Work {
    pub parses: u64,
    pub checks: u64,
}

/// The parses and checks done so far.
pub fn work() -> Work {
    Work {
        parses: syntax::parses(),
        checks: crate::model::check::checks(),
    }
}

fn parse(text: &str) -> Parsed {
    let (stmts, diags) = syntax::parse(text);
    Parsed { stmts, diags }
}

/// Checks the parsed statements: the checker, and every diagnostic of parsing and
/// checking with the notes (only when there is no error), by position.
fn check(name: &str, text: &str, parsed: &Parsed) -> Checked {
    let mut diags = parsed.diags.clone();
    let mut checker = Checker::new();
    // Suggestions for the diagnostics that will be shown, not for 16,000 of them.
    crate::diagnostics::with_suggestion_budget(2 * crate::diagnostics::MAX_REPORTED, || {
        checker.check_all(&parsed.stmts)
    });
    diags.append(&mut checker.diags);
    if !diags.iter().any(Diag::is_error) {
        diags.extend(crate::model::notes::weighs_nothing(&parsed.stmts, &checker));
        diags.extend(crate::model::notes::default_affinity(
            &parsed.stmts,
            &checker,
        ));
    }
    diags.sort_by_key(|d| d.span.start);
    let report = Report::new(name, text, diags);
    Checked { checker, report }
}

/// Parses and checks only, for a caller that keeps the checker to itself (the graph of
/// a file's final scenario, `--model`'s one statement).
pub fn check_source(name: &str, src: &str) -> (Checker, Report) {
    let Checked { checker, report } = check(name, src, &parse(src));
    (checker, report)
}

/// Runs a file once: [`Document::answer`] under the default limits.
pub fn run_source(name: &str, src: &str, model: Option<&Model>) -> FileResult {
    Document::new(name, src).answer(model, Limits::default(), None)
}

/// [`run_source`] under `limits`.
pub fn run_source_with(name: &str, src: &str, model: Option<&Model>, limits: Limits) -> FileResult {
    Document::new(name, src).answer(model, limits, None)
}

/// The diagnostic of a run stopped through its cancel handle at the item at `span`.
pub fn stopped(span: Span, why: Cancelled) -> Diag {
    match why {
        Cancelled::TimedOut => Diag::error(
            codes::TIMEOUT,
            span,
            "the time budget ran out before this question was answered",
        )
        .label("stopped here"),
        Cancelled::Interrupted => Diag::error(
            codes::INTERRUPTED,
            span,
            "interrupted before this question was answered",
        )
        .label("stopped here"),
    }
}

/// The items moved to time `t`: items sharing a snapshot share the moved one, so a file
/// with one scenario is moved once.
fn items_at_time(items: &[Item], t: f64) -> Result<Vec<Item>, Diag> {
    let mut moved: Vec<(Arc<Scenario>, Arc<Scenario>)> = Vec::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let now = match moved.iter().find(|(k, _)| Arc::ptr_eq(k, &item.scenario)) {
            Some((_, s)) => s.clone(),
            None => {
                let mut s = crate::dynamics::scenario_at(&item.scenario, t)?;
                s.timeline = item
                    .scenario
                    .timeline
                    .iter()
                    .filter(|b| b.time > t)
                    .cloned()
                    .collect();
                let s = Arc::new(s);
                moved.push((item.scenario.clone(), s.clone()));
                s
            }
        };
        out.push(Item {
            scenario: now,
            ..item.clone()
        });
    }
    Ok(out)
}

//! A whole file from text to answers: parse, check, then evaluate every query and
//! expectation in order.

use crate::cancel::Cancelled;
use crate::diagnostics::{Diag, Report, codes};
use crate::engine::Limits;
use std::sync::Arc;

use crate::model::check::{Action, Checker};
use crate::model::{Model, Scenario};
use crate::query::Evaluator;
use crate::query::expect::{self, Outcome};
pub use crate::query::file::{Entry, ExpectResult, FileResult, QueryResult};
pub use crate::span::line_of;
use crate::syntax;

/// Parses and checks only.
pub fn check_source(name: &str, src: &str) -> (Checker, Report) {
    let (stmts, mut diags) = syntax::parse(src);
    let mut checker = Checker::new();
    // Suggestions for the diagnostics that will be shown, not for 16,000 of them.
    crate::diagnostics::with_suggestion_budget(2 * crate::diagnostics::MAX_REPORTED, || {
        checker.check_all(&stmts)
    });
    diags.append(&mut checker.diags);
    if !diags.iter().any(Diag::is_error) {
        diags.extend(crate::model::notes::weighs_nothing(&stmts, &checker));
        diags.extend(crate::model::notes::default_affinity(&stmts, &checker));
    }
    diags.sort_by_key(|d| d.span.start);
    (checker, Report::new(name, src, diags))
}

/// Runs a file: checks it, and when it is free of errors answers every query and
/// expectation in order.
pub fn run_source(name: &str, src: &str, model: Option<&Model>) -> FileResult {
    run_source_with(name, src, model, Limits::default())
}

/// [`run_source`] with the engine's limits given, for callers that bound the work (the
/// web server gives each request a time budget in `limits.cancel`). Once the handle
/// reports cancellation the run stops: the item it stopped at gets an `ally::timeout`
/// (or `ally::interrupted`) diagnostic and the items after it are not answered.
pub fn run_source_with(name: &str, src: &str, model: Option<&Model>, limits: Limits) -> FileResult {
    run_source_at(name, src, model, limits, None)
}

/// [`run_source_with`] answering at time `at` (`ally run --at T`): every question and
/// expectation sees the scenario at its line with the `at` blocks up to `at` applied
/// (in time order, as `timeline?` applies them) and only the later blocks left as its
/// timeline. An event that cannot happen then is a diagnostic and nothing is answered.
/// `at` must be finite (the command line checks it).
pub fn run_source_at(
    name: &str,
    src: &str,
    model: Option<&Model>,
    limits: Limits,
    at: Option<f64>,
) -> FileResult {
    let (mut checker, mut report) = check_source(name, src);
    if let Some(t) = at
        && !report.has_errors()
        && let Err(d) = at_time(&mut checker, t)
    {
        report = Report::new(name, src, vec![d]);
    }
    let mut entries = Vec::new();
    let answered = !report.has_errors();
    if answered {
        let mut ev = Evaluator::new(model.cloned());
        ev.limits = limits;
        let mut late: Vec<Diag> = Vec::new();
        for item in &checker.items {
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
    let title = checker.state.scenario.title.clone();
    FileResult {
        file: name.to_string(),
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

/// The checked queries and expectations of `src`, each with its snapshot as
/// [`run_source_at`] answers it (moved to `at`); empty when the file has errors.
pub fn items_at(name: &str, src: &str, at: Option<f64>) -> Vec<crate::model::check::Item> {
    let (mut checker, report) = check_source(name, src);
    if report.has_errors() {
        return Vec::new();
    }
    if let Some(t) = at
        && at_time(&mut checker, t).is_err()
    {
        return Vec::new();
    }
    checker.items
}

/// The diagnostic of a run stopped through its cancel handle at the item at `span`.
pub fn stopped(span: crate::span::Span, why: Cancelled) -> Diag {
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

/// Moves every item of `checker` to time `t`: items sharing a snapshot share the moved
/// one, so a file with one scenario is moved once.
fn at_time(checker: &mut Checker, t: f64) -> Result<(), Diag> {
    let mut moved: Vec<(Arc<Scenario>, Arc<Scenario>)> = Vec::new();
    for item in &mut checker.items {
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
        item.scenario = now;
    }
    Ok(())
}

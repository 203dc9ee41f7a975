//! Notes on declarations that weigh nothing: an `offer` under pure `balancing` changes no
//! answer, and a user who wrote it should hear so, with the model term that would use it.
//!
//! "Weighs nothing" is judged against every model the file's answers use (the model in
//! force at each query and `expect`, or the file's model when it asks nothing); a file
//! that asks `compare models?` uses every model, so it gets no note.

use super::check::{Action, Checker};
use super::question::{Expectation, Quantity, Question};
use super::{Model, ModelKind};
use crate::diagnostics::{Diag, codes};
use crate::syntax::ast::{Stmt, StmtKind};

/// One note per kind of declaration that no answer of the file gives any weight, at its
/// first occurrence (top level or inside an `at` block).
pub fn weighs_nothing(stmts: &[Stmt], checker: &Checker) -> Vec<Diag> {
    let mut models: Vec<&Model> = checker.items.iter().map(|i| &i.scenario.model).collect();
    if models.is_empty() {
        models.push(&checker.scenario().model);
    }
    let asks = |pred: &dyn Fn(&Action) -> bool| checker.items.iter().any(|i| pred(&i.action));
    if asks(&|a| matches!(a, Action::Query(q) if matches!(q.kind, Question::Compare))) {
        return Vec::new();
    }
    let weighed = |kinds: &[ModelKind]| {
        models
            .iter()
            .any(|m| kinds.iter().any(|k| m.weight(*k) > 0.0))
    };
    let threats_asked = asks(&|a| match a {
        Action::Query(q) => matches!(q.kind, Question::ThreatsTo(_) | Question::BiggestThreat(_)),
        Action::Expect(e) => matches!(
            e,
            Expectation::BiggestThreat { .. }
                | Expectation::Value {
                    quantity: Quantity::Threat { .. } | Quantity::Weight { .. },
                    ..
                }
        ),
    });
    let model_words = describe(&models);
    let mut out = Vec::new();
    let mut note = |first: Option<&Stmt>, what: &str, term: &str, example: &str| {
        if let Some(stmt) = first {
            out.push(
                Diag::note(
                    codes::WEIGHS_NOTHING,
                    stmt.span,
                    format!("note: {what} weighs nothing under {model_words}"),
                )
                .label("changes no answer")
                .help(format!("{term} — e.g. `model {example}`")),
            );
        }
    };
    if !weighed(&[ModelKind::Aid]) {
        let first = find(stmts, &|k| matches!(k, StmtKind::Offer { .. }));
        note(
            first,
            "an `offer`",
            "aid counts only in the `aid` model",
            &mix(&models, "aid"),
        );
    }
    if !weighed(&[ModelKind::Ideology]) {
        let first = find(stmts, &|k| matches!(k, StmtKind::Ideology(_)));
        note(
            first,
            "ideology",
            "ideologies count only in the `ideology` model",
            &mix(&models, "ideology"),
        );
    }
    if !weighed(&[ModelKind::Landscape]) {
        let first = find(stmts, &|k| matches!(k, StmtKind::Propensity { .. }));
        note(
            first,
            "a `propensity`",
            "declared propensities count only in the `landscape` model",
            &mix(&models, "landscape"),
        );
    }
    if !weighed(&[ModelKind::Balancing, ModelKind::Bandwagoning]) && !threats_asked {
        let first = find(stmts, &|k| matches!(k, StmtKind::Threat { .. }));
        note(
            first,
            "a `threat`",
            "threats count only in the `balancing` and `bandwagoning` models",
            &mix(&models, "balancing"),
        );
    }
    out
}

/// The first statement of a kind, looking inside `at` blocks too.
fn find<'a>(stmts: &'a [Stmt], pred: &dyn Fn(&StmtKind) -> bool) -> Option<&'a Stmt> {
    stmts.iter().find_map(|s| match &s.kind {
        k if pred(k) => Some(s),
        StmtKind::At { events, .. } => find(events, pred),
        _ => None,
    })
}

/// "`model balancing`", or "every model this file uses (`model a`, `model b`)".
fn describe(models: &[&Model]) -> String {
    let mut names: Vec<String> = Vec::new();
    for m in models {
        let d = format!("`model {}`", m.describe());
        if !names.contains(&d) {
            names.push(d);
        }
    }
    match names.as_slice() {
        [one] => one.clone(),
        many => format!("any model this file uses ({})", many.join(", ")),
    }
}

/// The last model used, with the missing term added at weight 1.
fn mix(models: &[&Model], term: &str) -> String {
    match models.last() {
        Some(m) => format!("{}, {term} 1", with_weights(m)),
        None => format!("{term} 1"),
    }
}

fn with_weights(m: &Model) -> String {
    m.terms
        .iter()
        .map(|(k, w)| format!("{} {}", k.name(), super::fmt_num(*w)))
        .collect::<Vec<_>>()
        .join(", ")
}

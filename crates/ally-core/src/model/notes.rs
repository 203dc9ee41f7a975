//! Notes on declarations that weigh nothing: an `offer` under pure `balancing` changes no
//! answer, and a user who wrote it should hear so, with the model term that would use it.
//!
//! "Weighs nothing" is judged against every model the file's answers use (the model in
//! force at each query and `expect`, or the file's model when it asks nothing); a file
//! that asks `compare models?` uses every model, so it gets no note.
//!
//! Also here: the note on the default affinity (`ally::default_affinity`), said wherever
//! an answer weighs ideologies and two different ones in use have no `affinity` line.

use std::collections::BTreeSet;

use super::check::{Action, Checker};
use super::events::Event;
use super::question::{Expectation, Quantity, Question};
use super::{DEFAULT_AFFINITY, Model, ModelKind, Scenario, fmt_num};
use crate::diagnostics::{Diag, codes};
use crate::syntax::ast::{Stmt, StmtKind};
use crate::syntax::quote;

/// At most this many pairs are named in the default-affinity note; the rest are counted.
const MAX_PAIRS_NAMED: usize = 12;

/// One note per kind of declaration that no answer of the file gives any weight, at its
/// first occurrence (top level or inside an `at` block).
pub fn weighs_nothing(stmts: &[Stmt], checker: &Checker) -> Vec<Diag> {
    let models = models_used(checker);
    let asks = |pred: &dyn Fn(&Action) -> bool| checker.items.iter().any(|i| pred(&i.action));
    if asks_compare(checker) {
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
    // Under a threat model an offer still makes two states aid partners, with no latent
    // threat between them: only its amount weighs nothing.
    let latent = checker
        .items
        .iter()
        .map(|i| &*i.scenario)
        .chain([checker.scenario()])
        .any(|s| s.latent_intent != Some(0.0));
    if !weighed(&[ModelKind::Aid]) {
        let first = find(stmts, &|k| matches!(k, StmtKind::Offer { .. }));
        if weighed(&[ModelKind::Balancing, ModelKind::Bandwagoning]) && latent {
            note(
                first,
                "the amount of an `offer`",
                "an offer only makes the two aid partners, with no latent threat between them; its amount counts only in the `aid` model",
                &mix(&models, "aid"),
            );
        } else {
            note(
                first,
                "an `offer`",
                "aid counts only in the `aid` model",
                &mix(&models, "aid"),
            );
        }
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

/// The model of every answer of the file, or the file's model when it asks nothing.
fn models_used(checker: &Checker) -> Vec<&Model> {
    let mut models: Vec<&Model> = checker.items.iter().map(|i| &i.scenario.model).collect();
    if models.is_empty() {
        models.push(&checker.scenario().model);
    }
    models
}

/// Whether the file asks `compare models?`, which uses every model.
fn asks_compare(checker: &Checker) -> bool {
    checker
        .items
        .iter()
        .any(|i| matches!(&i.action, Action::Query(q) if matches!(q.kind, Question::Compare)))
}

/// One note when some answer weighs ideologies and two different ideologies in use
/// (held by a state at a query, or taken in turmoil) have no `affinity` line anywhere
/// in the file: they take [`DEFAULT_AFFINITY`], and the note names the pairs.
pub fn default_affinity(stmts: &[Stmt], checker: &Checker) -> Vec<Diag> {
    let models = models_used(checker);
    if !asks_compare(checker) && !models.iter().any(|m| m.weight(ModelKind::Ideology) > 0.0) {
        return Vec::new();
    }
    let mut snapshots: Vec<&Scenario> = checker.items.iter().map(|i| &*i.scenario).collect();
    snapshots.push(checker.scenario());
    let mut used = BTreeSet::new();
    let mut declared = BTreeSet::new();
    let event = |e: &Event, used: &mut BTreeSet<usize>, declared: &mut BTreeSet<_>| match e {
        Event::Turmoil { ideology, .. } => {
            used.insert(*ideology);
        }
        Event::Enter(info) => used.extend(info.ideology),
        Event::Affinity(a, b, _) => {
            declared.insert((*a.min(b), *a.max(b)));
        }
        _ => {}
    };
    for s in &snapshots {
        used.extend(s.states.iter().filter_map(|st| st.ideology));
        declared.extend(s.affinities.keys().copied());
        for block in &s.timeline {
            for e in &block.events {
                event(&e.event, &mut used, &mut declared);
            }
        }
    }
    for item in &checker.items {
        if let Action::Query(q) = &item.action
            && let Question::WhatIf(e) = &q.kind
        {
            event(&e.event, &mut used, &mut declared);
        }
    }
    let names = &checker.scenario().ideologies;
    let used: Vec<usize> = used.into_iter().collect();
    let pairs: Vec<String> = used
        .iter()
        .enumerate()
        .flat_map(|(k, &a)| used[k + 1..].iter().map(move |&b| (a, b)))
        .filter(|p| !declared.contains(p))
        .filter_map(|(a, b)| {
            Some(format!(
                "{} ~ {}",
                quote(names.get(a)?),
                quote(names.get(b)?)
            ))
        })
        .collect();
    let Some(first) = find(stmts, &|k| matches!(k, StmtKind::Ideology(_))) else {
        return Vec::new();
    };
    if pairs.is_empty() {
        return Vec::new();
    }
    let shown = pairs.len().min(MAX_PAIRS_NAMED);
    let more = match pairs.len() - shown {
        0 => String::new(),
        k => format!(" and {k} more"),
    };
    let (count, them) = match pairs.len() {
        1 => ("1 pair of ideologies has".to_string(), "it"),
        k => (format!("{k} pairs of ideologies have"), "them"),
    };
    vec![
        Diag::note(
            codes::DEFAULT_AFFINITY,
            first.span,
            format!(
                "note: {count} no `affinity` line and take the default affinity {}: {}{more}",
                fmt_num(DEFAULT_AFFINITY),
                pairs[..shown].join(", ")
            ),
        )
        .label("different ideologies, no declared affinity")
        .help(format!(
            "the default {} means a difference of ideology neither attracts nor repels; declare {them} to say otherwise, e.g. `affinity {} = -1` for enmity",
            fmt_num(DEFAULT_AFFINITY),
            pairs[0]
        )),
    ]
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

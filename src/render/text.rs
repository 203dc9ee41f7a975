//! Answers as text for people: the same data the JSON output carries.

use std::fmt::Write;

pub use super::words::{alignment_lines, num};
use crate::query::file::{Entry, FileResult};
use crate::query::*;

/// How many terms of each direction `why` prints; the JSON answer has them all.
const WHY_HOLDS_SHOWN: usize = 10;
const WHY_PULLS_SHOWN: usize = 6;

/// Whether the prediction is proven and, if not, how far from the optimum it can be.
pub(super) fn how_exact(al: &Alignment) -> String {
    match (al.exact, al.gap_percent, al.bound) {
        // A gap is only ever computed from a bound, so it comes with one.
        (false, Some(g), Some(b)) => format!(
            "approximate, within {} % of the optimum (proven bound {})",
            num(g),
            num(b)
        ),
        (false, None, Some(b)) => {
            format!(
                "approximate, the least energy is at least {} (proven bound)",
                num(b)
            )
        }
        (exact, _, _) => approx(exact).to_string(),
    }
}

fn approx(exact: bool) -> &'static str {
    if exact {
        "exact"
    } else {
        "approximate (heuristic search)"
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

pub fn answer(out: &mut String, a: &Answer) {
    match a {
        Answer::Alignment(al) => {
            alignment_lines(out, &al.blocs, &al.indifferent);
            if al.ties > 1 {
                let _ = writeln!(
                    out,
                    "  note: {} stable alignments share this least energy (ask `stable alignments?`)",
                    al.ties
                );
            }
            let _ = writeln!(
                out,
                "  energy {} · model {} · {}",
                num(al.energy),
                al.model,
                how_exact(al)
            );
        }
        Answer::Side(s) => {
            if s.indifferent {
                let _ = writeln!(
                    out,
                    "  {} is indifferent: no bloc holds it (model {})",
                    s.state, s.model
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {} ({} bloc): {}",
                    s.state,
                    s.bloc.clone().unwrap_or_default(),
                    list(&s.states)
                );
            }
            if !s.exact {
                let _ = writeln!(out, "  {}", approx(false));
            }
        }
        Answer::Why(w) => {
            match &w.bloc {
                Some(b) if !w.indifferent => {
                    let _ = writeln!(
                        out,
                        "  {} is in the {b} bloc under {}; its best move, {}, would raise the energy by {}",
                        w.state,
                        w.model,
                        destination(&w.move_to),
                        num(w.cost_of_leaving)
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "  {} is indifferent under {}: its forces cancel out; moving {} costs nothing",
                        w.state,
                        w.model,
                        destination(&w.move_to)
                    );
                }
            }
            if w.terms.is_empty() {
                let _ = writeln!(out, "  no force acts on {} under this model", w.state);
            }
            // Forces that hold, largest first, then those that pull away, largest first:
            // a big pull must never hide behind many small holds.
            let holds: Vec<&WhyTerm> = w.terms.iter().filter(|t| t.hold > 0.0).collect();
            let mut pulls: Vec<&WhyTerm> = w.terms.iter().filter(|t| t.hold < 0.0).collect();
            pulls.sort_by(|a, b| a.hold.total_cmp(&b.hold));
            for (group, dir, limit) in [
                (&holds, "holds", WHY_HOLDS_SHOWN),
                (&pulls, "pulls away", WHY_PULLS_SHOWN),
            ] {
                for t in group.iter().take(limit) {
                    let _ = writeln!(
                        out,
                        "  {:>9}  {dir:<10}  {:<13} {}",
                        num(t.hold),
                        t.source,
                        t.reason
                    );
                }
                if group.len() > limit {
                    let rest: f64 = group.iter().skip(limit).map(|t| t.hold).sum();
                    let _ = writeln!(
                        out,
                        "  {:>9}  {dir:<10}  … {} smaller terms",
                        num(rest),
                        group.len() - limit
                    );
                }
            }
            if w.by_source.len() > 1 {
                let parts: Vec<String> = w
                    .by_source
                    .iter()
                    .map(|(k, v)| format!("{k} {}", num(*v)))
                    .collect();
                let _ = writeln!(out, "  by model: {}", parts.join(", "));
            }
        }
        Answer::Threats(t) => {
            if t.threats.is_empty() {
                let _ = writeln!(out, "  nothing threatens {}", t.state);
            }
            for r in &t.threats {
                // Walt's product, then the weight the energy gives it (power of X ×
                // threat × the model's threat weight), so the ranking read is the one
                // the alignment obeys.
                let weight = match threat_response(&t.state, r.response) {
                    None => "no weight in the energy (the model gives threats none)".to_string(),
                    Some(how) => format!("weight {} ({how})", num(r.weight)),
                };
                let _ = writeln!(
                    out,
                    "  {:<16} threat {:<8} = power {} × proximity {} × offense {} × intent {}{} · {weight}",
                    r.from,
                    num(r.threat),
                    num(r.power),
                    num(r.proximity),
                    num(r.offense),
                    num(r.intent),
                    if r.declared { "" } else { " (baseline)" }
                );
            }
        }
        Answer::Stable(s) => {
            let _ = writeln!(
                out,
                "  {} stable alignment{} · model {} · {}",
                s.total,
                if s.total == 1 { "" } else { "s" },
                s.model,
                approx(s.exact)
            );
            for (i, a) in s.alignments.iter().enumerate() {
                let unit = if s.exact {
                    "configurations"
                } else {
                    "descents"
                };
                let _ = writeln!(
                    out,
                    "  #{} energy {} · basin {} ({} of {} {unit})",
                    i + 1,
                    num(a.energy),
                    num(a.basin),
                    a.basin_count,
                    s.configurations
                );
                alignment_lines(out, &a.blocs, &[]);
                if !a.placement.is_empty() {
                    let parts: Vec<String> = a
                        .placement
                        .iter()
                        .map(|(st, with)| match with {
                            Some(b) => format!("{st} (sits with the {b} bloc)"),
                            None => format!("{st} (alone)"),
                        })
                        .collect();
                    let _ = writeln!(out, "  indifferent: {}", parts.join(", "));
                }
            }
            let hidden = s.total.saturating_sub(s.alignments.len() as u64);
            if hidden > 0 {
                let _ = writeln!(out, "  … and {hidden} more with higher energy (not listed)");
            }
        }
        Answer::Compare(c) => {
            let w0 = c
                .rows
                .iter()
                .map(|r| r.state.chars().count())
                .max()
                .unwrap_or(5)
                .max(5);
            let widths: Vec<usize> = c
                .models
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    c.rows
                        .iter()
                        .map(|r| {
                            r.blocs[k]
                                .as_deref()
                                .unwrap_or("indifferent")
                                .chars()
                                .count()
                        })
                        .max()
                        .unwrap_or(0)
                        .max(m.chars().count())
                })
                .collect();
            let mut header = format!("  {:<w0$}", "state");
            for (m, w) in c.models.iter().zip(&widths) {
                let _ = write!(header, "  {m:<w$}");
            }
            let _ = writeln!(out, "{}", header.trim_end());
            for r in &c.rows {
                let mut line = format!("  {:<w0$}", r.state);
                for (b, w) in r.blocs.iter().zip(&widths) {
                    let _ = write!(line, "  {:<w$}", b.as_deref().unwrap_or("indifferent"));
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
            let _ = writeln!(
                out,
                "  (each cell names the state's bloc after its most powerful member)"
            );
        }
        Answer::Balance(b) => {
            for bl in &b.blocs {
                let _ = writeln!(out, "  {} bloc  power {}", bl.name, num(bl.power));
            }
            match b.ratio {
                Some(r) => {
                    let _ = writeln!(out, "  ratio {} : 1 — {}", num(r), b.verdict);
                }
                None => {
                    let _ = writeln!(out, "  one bloc holds every state — {}", b.verdict);
                }
            }
        }
        Answer::Equilibria(e) => super::games::equilibria(out, e),
        Answer::Dominance(d) => super::games::dominance(out, d),
        Answer::BestResponses(b) => super::games::best_responses(out, b),
        Answer::WhatIf(w) => super::dynamics::what_if(out, w),
        Answer::Timeline(t) => super::dynamics::timeline(out, t),
        Answer::Price(p) => super::dynamics::price(out, p),
        Answer::Deterrence(d) => super::dynamics::deterrence(out, d),
        Answer::Likelihood(l) => super::chance::likelihood(out, l),
        Answer::Chances(c) => super::chance::chances(out, c),
        Answer::Decides(d) => super::chance::decides(out, d),
    }
}

/// How `state` answers a threat, in words (`France balances`); `None` when the model
/// gives threats no weight.
pub(super) fn threat_response(state: &str, response: &str) -> Option<String> {
    match response {
        "none" => None,
        "balancing" => Some(format!("{state} balances")),
        _ => Some(format!("{state} bandwagons")),
    }
}

/// The line that says an answer is at the middle of every range, for a question not
/// about chances asked of a scenario with ranges.
pub fn at_middle(out: &mut String, inputs: Option<usize>) {
    if let Some(n) = inputs {
        let _ = writeln!(out, "{}", at_middle_words(n));
    }
}

/// The words of that line, indented as an answer's lines are.
pub fn at_middle_words(n: usize) -> String {
    format!(
        "  at the middle of every range ({n} uncertain input{}); `chances of alignments?` gives the chances",
        if n == 1 { "" } else { "s" }
    )
}

/// The text of one file's results. Diagnostics are rendered separately (stderr).
pub fn file(result: &FileResult, show_title: bool) -> String {
    let mut out = String::new();
    if show_title {
        let title = result.title.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "== {}{}{}",
            result.file,
            if title.is_empty() { "" } else { " — " },
            title
        );
    }
    for e in &result.entries {
        match e {
            Entry::Query(q) => {
                let _ = writeln!(out, "{}", q.query);
                if q.answer.is_some() {
                    at_middle(&mut out, q.at_middle);
                }
                match (&q.answer, &q.error) {
                    (Some(a), _) => answer(&mut out, a),
                    (None, Some(err)) => {
                        let _ = writeln!(out, "  error: {err} (line {})", q.line);
                    }
                    (None, None) => {}
                }
            }
            Entry::Expect(x) => {
                if x.outcome.passed {
                    // The actual answer beside the verdict, as for a failure: a
                    // handout or a golden file shows what was checked.
                    let _ = writeln!(
                        out,
                        "expect {} … ok — {}",
                        x.outcome.expect, x.outcome.actual
                    );
                } else {
                    let _ = writeln!(out, "expect {} … FAILED", x.outcome.expect);
                    let _ = writeln!(out, "  actual: {} (line {})", x.outcome.actual, x.line);
                }
            }
        }
    }
    out
}

/// Where a state's best move in `why` goes, in words.
fn destination(to: &Option<String>) -> String {
    match to {
        Some(b) => format!("to the {b} bloc"),
        None => "to a bloc of its own".to_string(),
    }
}

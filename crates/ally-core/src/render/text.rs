//! Answers as text for people: the same data the JSON output carries.

use std::fmt::Write;

use super::words::intent_mark;
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

/// A heuristic stable list's head: the least energy proven, or the bound proven on it.
pub(super) fn least_line(s: &Stable) -> Option<String> {
    let b = s.bound?;
    Some(if s.least_proven {
        format!(
            "the least energy, {}, is proven (first below); the rest of the list is the heuristic's",
            num(b)
        )
    } else {
        format!(
            "the least energy is at least {} (proven bound); the list is the heuristic's",
            num(b)
        )
    })
}

/// How far a listed alignment is above the least energy, in words.
pub(super) fn above_least(s: &Stable, a: &StableAlignment) -> Option<String> {
    let x = a.above_least?;
    Some(if s.least_proven {
        format!("{} above the least", num(x))
    } else {
        format!("at most {} above the least", num(x))
    })
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
            alignment_lines(out, &al.blocs, &al.neutral, &al.indifferent);
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
            if s.neutral {
                let _ = writeln!(
                    out,
                    "  {} is neutral: it stays out of every bloc, with no allies and no enemies (model {})",
                    s.state, s.model
                );
            } else if s.indifferent {
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
        Answer::Why(w) if w.neutral => why_neutral(out, w),
        Answer::Why(w) => {
            let to = destination(&w.move_to, w.to_neutral);
            match &w.bloc {
                Some(b) if !w.indifferent => {
                    let _ = writeln!(
                        out,
                        "  {} is in the {b} bloc under {}; its best move, {to}, would raise the energy by {}",
                        w.state,
                        w.model,
                        num(w.cost_of_leaving)
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "  {} is indifferent under {}: its forces cancel out; moving {to} costs nothing",
                        w.state, w.model,
                    );
                }
            }
            if w.terms.is_empty() {
                let _ = writeln!(out, "  no force acts on {} under this model", w.state);
            }
            why_terms(out, &w.terms, ["holds", "pulls away"]);
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
                    intent_mark(r.latent, r.partners)
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
            if let Some(line) = least_line(s) {
                let _ = writeln!(out, "  {line}");
            }
            for (i, a) in s.alignments.iter().enumerate() {
                let unit = if s.exact {
                    "configurations"
                } else {
                    "descents"
                };
                let _ = writeln!(
                    out,
                    "  #{} energy {}{} · basin {} ({} of {} {unit})",
                    i + 1,
                    num(a.energy),
                    above_least(s, a).map_or(String::new(), |x| format!(" ({x})")),
                    num(a.basin),
                    a.basin_count,
                    s.configurations
                );
                alignment_lines(out, &a.blocs, &a.neutral, &[]);
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
                        .map(|r| cell(r, k).chars().count())
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
                for (k, w) in widths.iter().enumerate() {
                    let _ = write!(line, "  {:<w$}", cell(r, k));
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
            let _ = writeln!(
                out,
                "  (each cell names the state's bloc after its most powerful member)"
            );
            for n in &c.notes {
                let _ = writeln!(out, "  note: {n}");
            }
        }
        Answer::Balance(b) => {
            for bl in &b.blocs {
                let _ = writeln!(out, "  {} bloc  power {}", bl.name, num(bl.power));
            }
            if let Some(p) = b.neutral_power {
                let _ = writeln!(
                    out,
                    "  neutral: {}  power {} (outside the balance)",
                    b.neutral.join(", "),
                    num(p)
                );
            }
            match b.ratio {
                Some(r) => {
                    let _ = writeln!(out, "  ratio {} : 1 — {}", num(r), b.verdict);
                }
                None if b.neutral.is_empty() => {
                    let _ = writeln!(out, "  one bloc holds every state — {}", b.verdict);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  fewer than two blocs: the others stay out — {}",
                        b.verdict
                    );
                }
            }
        }
        Answer::Equilibria(e) => super::games::equilibria(out, e),
        Answer::Dominance(d) => super::games::dominance(out, d),
        Answer::BestResponses(b) => super::games::best_responses(out, b),
        Answer::TreeEquilibria(e) => super::trees::equilibria(out, e),
        Answer::Paths(p) => super::trees::paths(out, p),
        Answer::StrategicForm(f) => super::trees::strategic_form(out, f),
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
/// The closing line of a file that errors kept silent (issue 26 item 5), printed after
/// its diagnostics.
pub fn no_answers(errors: usize) -> String {
    match errors {
        1 => "no answers: 1 error above — fix it and run again".to_string(),
        n => format!("no answers: {n} errors above — fix them and run again"),
    }
}

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
    if let Some(errors) = result.silenced_by() {
        let _ = writeln!(out, "{}", no_answers(errors));
    }
    out
}

/// A state's cell of `compare models?` under the `k`th model: its bloc, `neutral` or
/// `indifferent`.
pub(super) fn cell(r: &CompareRow, k: usize) -> &str {
    match r.blocs.get(k).and_then(|b| b.as_deref()) {
        Some(b) => b,
        None if r.neutral.get(k).copied().unwrap_or(false) => "neutral",
        None => "indifferent",
    }
}

/// Where a state's best move in `why` goes, in words.
fn destination(to: &Option<String>, to_neutral: bool) -> String {
    match to {
        Some(b) => format!("to the {b} bloc"),
        None if to_neutral => "to neutrality".to_string(),
        None => "to a bloc of its own".to_string(),
    }
}

/// The terms of a move, those that keep the state where it is (largest first), then
/// those that pull it away (largest first): a big pull must never hide behind many
/// small holds. `words` names the two directions.
fn why_terms(out: &mut String, terms: &[WhyTerm], words: [&str; 2]) {
    let holds: Vec<&WhyTerm> = terms.iter().filter(|t| t.hold > 0.0).collect();
    let mut pulls: Vec<&WhyTerm> = terms.iter().filter(|t| t.hold < 0.0).collect();
    pulls.sort_by(|a, b| a.hold.total_cmp(&b.hold));
    for (group, dir, limit) in [
        (&holds, words[0], WHY_HOLDS_SHOWN),
        (&pulls, words[1], WHY_PULLS_SHOWN),
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
}

/// `why X?` for a state that stays out: what joining each bloc would cost, term by term.
fn why_neutral(out: &mut String, w: &Why) {
    let _ = writeln!(
        out,
        "  {} is neutral under {}: no bloc gives it a net gain, so it stays out",
        w.state, w.model
    );
    for j in &w.joins {
        let bloc = j.bloc.as_ref().map_or_else(
            || "a bloc of its own".to_string(),
            |b| format!("the {b} bloc"),
        );
        let change = if j.cost > 0.0 {
            format!("would raise the energy by {}", num(j.cost))
        } else {
            // Within the tolerance of a tie: the rule keeps it out.
            "would change the energy by nothing".to_string()
        };
        let _ = writeln!(out, "  joining {bloc} {change}");
        why_terms(out, &j.terms, ["keeps out", "draws in"]);
    }
}

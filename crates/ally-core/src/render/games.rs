//! Game answers as text for people (called from `render::text`): probabilities and
//! payoffs as exact fractions (`3/4`).

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::games::report::{BestResponses, Dominance, Equilibria, Risk};

pub(super) fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `Alice 3, Jack 3`.
pub(super) fn pairs(m: &Map<String, Value>) -> String {
    let parts: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k} {}", str_of(v)))
        .collect();
    parts.join(", ")
}

/// `Alice Stag 3/4 + Rabbit 1/4 · Jack Stag 3/4 + Rabbit 1/4`.
pub(super) fn mixes(m: &Map<String, Value>) -> String {
    let parts: Vec<String> = m
        .iter()
        .map(|(player, strat)| {
            let inner: Vec<String> = strat
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(s, p)| format!("{s} {}", str_of(p)))
                        .collect()
                })
                .unwrap_or_default();
            format!("{player} {}", inner.join(" + "))
        })
        .collect();
    parts.join(" · ")
}

pub fn equilibria(out: &mut String, e: &Equilibria) {
    let n = e.equilibria.len();
    let what = if e.mixed_searched {
        "equilibri"
    } else {
        "pure equilibri"
    };
    let status = match e.degenerate {
        Some(false) => "non-degenerate game: this is all of them".to_string(),
        Some(true) => "DEGENERATE game: the extreme equilibria (see the note)".to_string(),
        None if e.payoffs_are == "outcome ranking" => "outcomes ranked, not valued".to_string(),
        None => format!("{} players", e.players.len()),
    };
    let _ = writeln!(
        out,
        "  {n} {what}{} · {status}",
        if n == 1 { "um" } else { "a" }
    );
    for (i, q) in e.equilibria.iter().enumerate() {
        let mut tags = Vec::new();
        if q.strict == Some(true) {
            tags.push("strict".to_string());
        }
        if q.payoff_dominant {
            tags.push("payoff dominant".to_string());
        }
        if q.risk_dominant == Risk::Value(true) {
            tags.push("risk dominant".to_string());
        }
        if !q.pareto_dominated_by.is_empty() {
            tags.push(format!(
                "Pareto-dominated by {}",
                q.pareto_dominated_by.join(", ")
            ));
        }
        let payoff_word = if e.payoffs_are == "outcome ranking" {
            "ranks"
        } else {
            "payoffs"
        };
        let outcomes = q
            .outcomes
            .as_ref()
            .map(|o| {
                let names: Vec<String> = o.values().map(str_of).collect();
                format!(" ({})", names.join(", "))
            })
            .unwrap_or_default();
        let head = if q.pure {
            format!("pure  {}", q.label)
        } else {
            format!("mixed {}", mixes(&q.probabilities))
        };
        let _ = writeln!(
            out,
            "  #{} {head} · {payoff_word} {}{outcomes}{}",
            i + 1,
            pairs(&q.payoffs_exact),
            if tags.is_empty() {
                String::new()
            } else {
                format!(" · {}", tags.join(" · "))
            }
        );
    }
    for [a, b] in &e.segments {
        let _ = writeln!(
            out,
            "  #{a} and #{b} are joined by a segment of equilibria: every mix of the two is one too"
        );
    }
    let _ = writeln!(out, "  payoff dominance: {}", e.payoff_dominance);
    if let Some(r) = &e.risk_dominance {
        let _ = writeln!(out, "  risk dominance: {r}");
    }
    for note in &e.notes {
        let _ = writeln!(out, "  note: {note}");
    }
}

pub fn dominance(out: &mut String, d: &Dominance) {
    for p in &d.players {
        match (&p.strictly_dominant, &p.weakly_dominant) {
            (Some(s), _) => {
                let _ = writeln!(
                    out,
                    "  {}: {s} is strictly dominant (better than every other strategy whatever the others do)",
                    p.player
                );
            }
            (None, Some(s)) => {
                let _ = writeln!(
                    out,
                    "  {}: {s} is weakly dominant (never worse than another strategy, and better than each somewhere)",
                    p.player
                );
            }
            (None, None) => {
                let _ = writeln!(out, "  {}: no dominant strategy", p.player);
            }
        }
        for x in &p.dominated {
            let _ = writeln!(
                out,
                "    {} is {} dominated by {}",
                x.strategy,
                if x.strictly { "strictly" } else { "weakly" },
                x.by
            );
        }
    }
    if d.elimination.is_empty() {
        let _ = writeln!(
            out,
            "  iterated elimination of strictly dominated strategies removes nothing"
        );
    } else {
        let _ = writeln!(
            out,
            "  iterated elimination of strictly dominated strategies:"
        );
        for s in &d.elimination {
            let _ = writeln!(
                out,
                "    round {}: {} drops {} (strictly dominated by {})",
                s.round, s.player, s.strategy, s.by
            );
        }
    }
    let left: Vec<String> = d
        .survivors
        .iter()
        .map(|(p, v)| {
            let names: Vec<String> = v
                .as_array()
                .map(|a| a.iter().map(str_of).collect())
                .unwrap_or_default();
            format!("{p} {}", names.join(", "))
        })
        .collect();
    let _ = writeln!(out, "  survivors: {}", left.join(" · "));
    if let Some(s) = &d.solution {
        let _ = writeln!(out, "  solved by iterated dominance: {s}");
    }
    let _ = writeln!(out, "  note: {}", d.note);
}

pub fn best_responses(out: &mut String, b: &BestResponses) {
    for p in &b.players {
        let _ = writeln!(out, "  {}:", p.player);
        let width = p
            .responses
            .iter()
            .map(|r| r.against.chars().count())
            .max()
            .unwrap_or(0);
        for r in &p.responses {
            let _ = writeln!(
                out,
                "    against {:<width$}  → {} (payoff {})",
                r.against,
                r.best.join(", "),
                r.payoff
            );
        }
    }
    if b.mutual.is_empty() {
        let _ = writeln!(
            out,
            "  no profile is a best response for everyone: no pure equilibrium"
        );
    } else {
        let _ = writeln!(
            out,
            "  mutual best responses (the pure equilibria): {}",
            b.mutual.join(", ")
        );
    }
}

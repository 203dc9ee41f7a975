//! Answers about games in extensive form as text for people (called from
//! `render::text`): moves at each information set, paths, and the reduced strategic
//! form, every number an exact fraction.

use std::fmt::Write;

use serde_json::{Map, Value};

use super::games::{pairs, str_of};
use crate::games::extensive::{Paths, Reached, SetMoves, StrategicForm, TreeEquilibria};

/// `Fight`, `Fight 1/2 + Yield 1/2`, `any (never reached)`.
fn moves(m: &SetMoves) -> String {
    match &m.moves {
        None => "any (never reached)".to_string(),
        Some(map) if map.len() == 1 => map.keys().next().cloned().unwrap_or_default(),
        Some(map) => map
            .iter()
            .map(|(a, p)| format!("{a} {}", str_of(p)))
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// `-1, 2` (or the outcome names) in the order of the players.
fn leaf(payoffs: &Map<String, Value>, outcomes: &Option<Map<String, Value>>) -> String {
    let values: Vec<String> = match outcomes {
        Some(o) => o.values().map(str_of).collect(),
        None => payoffs.values().map(str_of).collect(),
    };
    values.join(", ")
}

/// `Attack, Yield → 1, -2`, with the probability when it is not 1.
fn reached(r: &Reached) -> String {
    let path = if r.moves.is_empty() {
        "(no move)".to_string()
    } else {
        r.moves.join(", ")
    };
    let p = if r.probability == "1" {
        String::new()
    } else {
        format!(" ({})", r.probability)
    };
    format!("{path}{p} → {}", leaf(&r.payoffs, &r.outcomes))
}

pub fn equilibria(out: &mut String, e: &TreeEquilibria) {
    let n = e.equilibria.len();
    let what = if e.subgame_perfect {
        "subgame-perfect equilibri"
    } else {
        "Nash equilibri"
    };
    let info = if e.perfect_information {
        "perfect information".to_string()
    } else {
        "information sets".to_string()
    };
    let _ = writeln!(
        out,
        "  {n} {what}{} · {info} · {} proper subgame{} · {} payoff vector{}",
        if n == 1 { "um" } else { "a" },
        e.proper_subgames,
        if e.proper_subgames == 1 { "" } else { "s" },
        e.payoff_vectors.len(),
        if e.payoff_vectors.len() == 1 { "" } else { "s" },
    );
    for (i, q) in e.equilibria.iter().enumerate() {
        let parts: Vec<String> = q
            .moves
            .iter()
            .map(|m| format!("{}: {}", m.at, moves(m)))
            .collect();
        let _ = writeln!(
            out,
            "  #{} {}{} · payoffs {}",
            i + 1,
            if q.pure { "" } else { "mixed · " },
            parts.join(" · "),
            pairs(&q.payoffs_exact)
        );
        let paths: Vec<String> = q.path.iter().map(reached).collect();
        let _ = writeln!(out, "     path: {}", paths.join("; "));
    }
    for note in &e.notes {
        let _ = writeln!(out, "  note: {note}");
    }
}

pub fn paths(out: &mut String, p: &Paths) {
    for path in &p.paths {
        let which: Vec<String> = path.equilibria.iter().map(|k| format!("#{k}")).collect();
        let _ = writeln!(
            out,
            "  subgame-perfect equilibri{} {}:",
            if which.len() == 1 { "um" } else { "a" },
            which.join(", ")
        );
        for r in &path.reached {
            let _ = writeln!(out, "    {}", reached(r));
        }
    }
    if p.paths.is_empty() {
        let _ = writeln!(out, "  no subgame-perfect equilibrium");
    }
}

pub fn strategic_form(out: &mut String, f: &StrategicForm) {
    let _ = writeln!(
        out,
        "  reduced strategic form: {} · payoffs in the order {}",
        f.movers
            .iter()
            .zip(&f.plans)
            .map(|(m, p)| format!(
                "{m} {} plan{}",
                p.len(),
                if p.len() == 1 { "" } else { "s" }
            ))
            .collect::<Vec<_>>()
            .join(" × "),
        f.players.join(", ")
    );
    for (m, plans) in f.movers.iter().zip(&f.plans) {
        let _ = writeln!(out, "  {m}: {}", plans.join(", "));
    }
    let table = super::table::strategic_form(f);
    let mut rows = vec![table.header];
    rows.extend(table.rows);
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "    {}", cells.join("  ").trim_end());
    }
    for note in &table.notes {
        let _ = writeln!(out, "  note: {note}");
    }
}

//! Text for the answers about change: what if, timeline, price, deterrence.

use std::fmt::Write;

use super::words::{alignment_lines, num};
use crate::dynamics::{Deterrence, Price, Switch, Timeline, WhatIf};

/// One switch in words: who, from which bloc to which, and after which event
/// (`Italy switches from the Germany bloc to the Britain bloc after: Britain offers Italy
/// 300`); the text and the tables of handouts share it.
pub(super) fn switch_words(sw: &Switch) -> String {
    // Blocs keep their names through time (`dynamics::names`), so the two differ.
    let mut s = if let Some(words) = sw.neutral_words() {
        words
    } else {
        format!(
            "{} switches from the {} bloc to the {} bloc",
            sw.state, sw.from, sw.to
        )
    };
    if let Some(e) = &sw.event {
        let _ = write!(s, " after: {e}");
    }
    s
}

fn switches(out: &mut String, switched: &[Switch]) {
    if switched.is_empty() {
        let _ = writeln!(out, "  nobody switches sides");
    }
    for sw in switched {
        let _ = writeln!(out, "  {}", switch_words(sw));
        if !sw.because.is_empty() {
            let _ = writeln!(out, "    because {}", sw.because.join("; "));
        }
    }
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "one bloc".to_string(), |r| format!("{} : 1", num(r)))
}

pub fn what_if(out: &mut String, w: &WhatIf) {
    let _ = writeln!(out, "  if {}:", w.event);
    let _ = writeln!(out, "  before");
    alignment_lines(
        out,
        &w.before.blocs,
        &w.before.neutral,
        &w.before.indifferent,
    );
    let _ = writeln!(out, "  after");
    alignment_lines(out, &w.after.blocs, &w.after.neutral, &w.after.indifferent);
    switches(out, &w.switched);
    let _ = writeln!(
        out,
        "  balance of power {} → {}{}",
        ratio(w.balance.before),
        ratio(w.balance.after),
        if w.after.exact {
            ""
        } else {
            " · approximate (heuristic search)"
        }
    );
}

pub fn timeline(out: &mut String, t: &Timeline) {
    for step in &t.steps {
        match step.time {
            None => {
                let _ = writeln!(out, "  start");
            }
            Some(time) => {
                let _ = writeln!(out, "  at {}: {}", num(time), step.events.join("; "));
            }
        }
        let a = &step.alignment;
        alignment_lines(out, &a.blocs, &a.neutral, &a.indifferent);
        if step.time.is_some() {
            switches(out, &step.switched);
        }
    }
    if t.summary.is_empty() {
        let _ = writeln!(out, "  summary: no state switched sides");
    } else {
        let parts: Vec<String> = t
            .summary
            .iter()
            .map(|(k, n)| format!("{n} after {}", k.word()))
            .collect();
        let _ = writeln!(out, "  summary: switches {}", parts.join(", "));
    }
    if !t.exact {
        let _ = writeln!(out, "  approximate (heuristic search)");
    }
}

pub fn price(out: &mut String, p: &Price) {
    match (p.price, &p.reason) {
        (_, Some(reason)) => {
            let _ = writeln!(
                out,
                "  no offer can buy {} for {}: {reason}",
                p.target, p.buyer
            );
        }
        (Some(_), None) if p.already => {
            let _ = writeln!(
                out,
                "  {} is already in {}'s bloc (offer now {})",
                p.target,
                p.buyer,
                num(p.current_offer)
            );
        }
        (Some(price), None) => {
            let _ = writeln!(
                out,
                "  {} joins {}'s bloc for an offer above {} (offer now {})",
                p.target,
                p.buyer,
                num(price),
                num(p.current_offer)
            );
            if p.cascade.is_empty() {
                let _ = writeln!(out, "  nobody else follows");
            } else {
                let verb = if p.cascade.len() == 1 {
                    "follows"
                } else {
                    "follow"
                };
                let _ = writeln!(out, "  cascade: {} {verb}", p.cascade.join(", "));
            }
        }
        (None, None) => {}
    }
    if !p.exact {
        let _ = writeln!(out, "  approximate (heuristic search)");
    }
}

pub fn deterrence(out: &mut String, d: &Deterrence) {
    for (who, side, total) in [
        (&d.attacker, &d.attacker_side, d.attacker_power),
        (&d.target, &d.target_side, d.target_power),
    ] {
        let parts: Vec<String> = side
            .iter()
            .map(|s| {
                let pact = s.pact.map_or(String::new(), |p| format!(" ({p})"));
                if s.reliability == 1.0 {
                    format!("{} {}{pact}", s.state, num(s.power))
                } else {
                    format!(
                        "{} {} × {}{pact}",
                        s.state,
                        num(s.power),
                        num(s.reliability)
                    )
                }
            })
            .collect();
        let _ = writeln!(out, "  {who}'s side {}: {}", num(total), parts.join(" + "));
    }
    for (who, mates) in [
        (&d.attacker, &d.attacker_uncommitted),
        (&d.target, &d.target_uncommitted),
    ] {
        if !mates.is_empty() {
            let _ = writeln!(
                out,
                "  also in {who}'s predicted bloc, without a commitment (not counted): {}",
                mates.join(", ")
            );
        }
    }
    for (who, bound) in [
        (&d.attacker, &d.attacker_bound),
        (&d.target, &d.target_bound),
    ] {
        if !bound.is_empty() {
            let list: Vec<String> = bound
                .iter()
                .map(|b| format!("{} ({})", b.state, b.pacts))
                .collect();
            let _ = writeln!(
                out,
                "  bound to {who} by pacts that do not commit them to this war (not counted): {}",
                list.join(", ")
            );
        }
    }
    if !d.neutral.is_empty() {
        let _ = writeln!(
            out,
            "  predicted neutral, outside both sides (not counted): {}",
            d.neutral.join(", ")
        );
    }
    let verdict = if d.deterred {
        format!(
            "deterred: {} cannot count on overwhelming superiority",
            d.attacker
        )
    } else {
        format!("not deterred: {}'s side is overwhelming", d.attacker)
    };
    let _ = writeln!(out, "  ratio {} : 1 — {verdict}", num(d.ratio));
    for g in &d.games {
        let _ = write!(
            out,
            "  the game {} models this decision ({}; cited, not counted): ",
            g.game,
            g.players.join(", ")
        );
        match &g.refused {
            Some(why) => {
                let _ = writeln!(out, "no answer ({why})");
            }
            None => {
                let outcomes: Vec<String> = g
                    .paths
                    .iter()
                    .map(|leaves| {
                        leaves
                            .iter()
                            .map(|l| {
                                let moves = l.moves.join(" → ");
                                if l.probability == "1" {
                                    moves
                                } else {
                                    format!("{moves} ({})", l.probability)
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
                let what = if outcomes.len() == 1 {
                    "its subgame-perfect path"
                } else {
                    "the paths of its subgame-perfect equilibria"
                };
                let _ = writeln!(out, "{what}: {}", outcomes.join("; or "));
            }
        }
    }
}

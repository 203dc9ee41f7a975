//! Events change a scenario: a threat made, aid offered, a battle lost, a regime fallen,
//! an alliance made or ended, a state entering or leaving. Applying one never touches
//! the original: callers apply events to a copy.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::diagnostics::{Diag, codes};
use crate::model::check::Checker;
use crate::model::{AllianceInfo, DEFAULT_RELIABILITY, DEFAULT_THREAT_LEVEL, Relation, Scenario};
use crate::syntax::ast::{Name, Stmt, StmtKind};

/// Share of its power a state loses in a lost battle unless `loss X` says otherwise.
pub const DEFAULT_BATTLE_LOSS: f64 = 0.2;

/// The kinds of event, for counting what moved states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Threat,
    Offer,
    Battle,
    Turmoil,
    Alliance,
    EndAlliance,
    Enter,
    Leave,
    Other,
}

impl EventKind {
    pub fn of(stmt: &Stmt) -> EventKind {
        match &stmt.kind {
            StmtKind::Threat { .. } => EventKind::Threat,
            StmtKind::Offer { .. } => EventKind::Offer,
            StmtKind::Battle { .. } => EventKind::Battle,
            StmtKind::Turmoil { .. } => EventKind::Turmoil,
            StmtKind::Alliance { .. } => EventKind::Alliance,
            StmtKind::EndAlliance(_) => EventKind::EndAlliance,
            StmtKind::State(_) => EventKind::Enter,
            StmtKind::Leave(_) => EventKind::Leave,
            _ => EventKind::Other,
        }
    }
    /// The kind in words, with its article: "after a battle".
    pub fn word(self) -> &'static str {
        match self {
            EventKind::Threat => "a new threat",
            EventKind::Offer => "an offer of aid",
            EventKind::Battle => "a battle",
            EventKind::Turmoil => "domestic turmoil",
            EventKind::Alliance => "an alliance made",
            EventKind::EndAlliance => "an alliance ended",
            EventKind::Enter => "a state entering",
            EventKind::Leave => "a state leaving",
            EventKind::Other => "a change",
        }
    }
}

fn state(s: &Scenario, n: &Name) -> Result<usize, Diag> {
    s.state(&n.text).ok_or_else(|| {
        Diag::error(
            codes::UNDECLARED_STATE,
            n.span,
            format!("state `{}` is not in the scenario at this point", n.text),
        )
        .label("not present")
        .help(
            "a state must be declared, or enter in an earlier `at` block, before an event names it",
        )
    })
}

/// Sets the directed relation of `kind` from `a` to `b`, replacing an earlier one.
fn set_directed(s: &mut Scenario, a: usize, b: usize, rel: Relation) {
    let same_kind = |r: &Relation| std::mem::discriminant(r) == std::mem::discriminant(&rel);
    let edge = s
        .graph
        .edges_connecting(NodeIndex::new(a), NodeIndex::new(b))
        .find(|e| same_kind(e.weight()))
        .map(|e| petgraph::visit::EdgeRef::id(&e));
    match edge.and_then(|e| s.graph.edge_weight_mut(e)) {
        Some(w) => *w = rel,
        None => s.relate(a, b, rel),
    }
}

/// A one-line description of an event, as a user would write it.
pub fn describe(stmt: &Stmt) -> String {
    use crate::model::check::quote;
    use crate::model::fmt_num;
    match &stmt.kind {
        StmtKind::Threat { from, to, level } => format!(
            "{} threatens {}{}",
            quote(&from.text),
            quote(&to.text),
            level
                .as_ref()
                .map_or(String::new(), |l| format!(" ({})", fmt_num(l.value)))
        ),
        StmtKind::Offer { from, to, amount } => format!(
            "{} offers {} {}",
            quote(&from.text),
            quote(&to.text),
            fmt_num(amount.value)
        ),
        StmtKind::Battle { winner, loser, .. } => {
            format!("{} defeats {}", quote(&winner.text), quote(&loser.text))
        }
        StmtKind::Turmoil { state, ideology } => {
            format!(
                "turmoil in {}: now {}",
                quote(&state.text),
                quote(&ideology.text)
            )
        }
        StmtKind::Alliance { name, members, .. } => format!(
            "alliance {}{{ {} }}",
            name.as_ref()
                .map_or(String::new(), |n| format!("{} ", quote(&n.text))),
            members
                .iter()
                .map(|m| quote(&m.text))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        StmtKind::EndAlliance(n) => format!("end of alliance {}", quote(&n.text)),
        StmtKind::State(d) => format!("{} enters", quote(&d.name.text)),
        StmtKind::Leave(n) => format!("{} leaves", quote(&n.text)),
        StmtKind::Border { a, b } => format!("border {} ~ {}", quote(&a.text), quote(&b.text)),
        StmtKind::Distance { a, b, value } => {
            format!(
                "distance {} ~ {} = {}",
                quote(&a.text),
                quote(&b.text),
                fmt_num(value.value)
            )
        }
        StmtKind::Affinity { a, b, value } => {
            format!(
                "affinity {} ~ {} = {}",
                quote(&a.text),
                quote(&b.text),
                fmt_num(value.value)
            )
        }
        StmtKind::Propensity { a, b, value } => {
            format!(
                "propensity {} ~ {} = {}",
                quote(&a.text),
                quote(&b.text),
                fmt_num(value.value)
            )
        }
        _ => "a change".to_string(),
    }
}

/// Applies one event to `s` in place.
pub fn apply(s: &mut Scenario, event: &Stmt) -> Result<(), Diag> {
    match &event.kind {
        StmtKind::Threat { from, to, level } => {
            let (a, b) = (state(s, from)?, state(s, to)?);
            let lv = level.as_ref().map_or(DEFAULT_THREAT_LEVEL, |l| l.value);
            set_directed(s, a, b, Relation::Threat(lv));
        }
        StmtKind::Offer { from, to, amount } => {
            let (a, b) = (state(s, from)?, state(s, to)?);
            set_directed(s, a, b, Relation::Offer(amount.value));
        }
        StmtKind::Battle {
            winner,
            loser,
            loss,
        } => {
            state(s, winner)?;
            let l = state(s, loser)?;
            let share = loss.as_ref().map_or(DEFAULT_BATTLE_LOSS, |x| x.value);
            // A state never loses all of its power: it stays a (weak) actor.
            s.states[l].power *= (1.0 - share).max(1e-6);
        }
        StmtKind::Turmoil {
            state: st,
            ideology,
        } => {
            let i = state(s, st)?;
            let id = s.ideology(&ideology.text).ok_or_else(|| {
                Diag::error(
                    codes::UNDECLARED_IDEOLOGY,
                    ideology.span,
                    format!("ideology `{}` is never declared", ideology.text),
                )
                .label("unknown ideology")
            })?;
            s.states[i].ideology = Some(id);
        }
        StmtKind::Alliance {
            name,
            members,
            reliability,
        } => {
            let mut idx = Vec::new();
            for m in members {
                idx.push(state(s, m)?);
            }
            let aname = name.as_ref().map_or_else(
                || {
                    idx.iter()
                        .map(|&i| s.states[i].name.clone())
                        .collect::<Vec<_>>()
                        .join("–")
                },
                |n| n.text.clone(),
            );
            let rel = reliability
                .as_ref()
                .map_or(DEFAULT_RELIABILITY, |r| r.value);
            // Re-making an ended alliance of the same name revives it.
            if let Some(existing) = s.alliances.iter_mut().find(|a| a.name == aname) {
                existing.active = true;
                existing.reliability = rel;
                existing.members = idx.clone();
            } else {
                s.alliances.push(AllianceInfo {
                    name: aname,
                    members: idx.clone(),
                    reliability: rel,
                    active: true,
                });
            }
            let number = s.alliances.len() - 1;
            for (k, &a) in idx.iter().enumerate() {
                for &b in &idx[k + 1..] {
                    s.relate(a, b, Relation::Alliance(number));
                }
            }
        }
        StmtKind::EndAlliance(n) => match s.alliances.iter_mut().find(|a| a.name == n.text) {
            Some(a) => a.active = false,
            None => {
                return Err(Diag::error(
                    codes::UNDECLARED_ALLIANCE,
                    n.span,
                    format!("alliance `{}` does not exist at this point", n.text),
                )
                .label("unknown alliance"));
            }
        },
        StmtKind::Leave(n) => {
            let i = state(s, n)?;
            *s = without(s, i);
        }
        // Declarations (a state entering, a border, …) go through the checker, so that
        // they are validated exactly as at top level.
        _ => {
            let mut checker = Checker::new();
            checker.scenario = std::mem::take(s);
            let diags = checker.try_statement(event);
            *s = std::mem::take(&mut checker.scenario);
            if let Some(d) = diags.into_iter().find(Diag::is_error) {
                return Err(d);
            }
        }
    }
    Ok(())
}

/// The scenario without state `gone`: indices above it shift down by one.
pub fn without(s: &Scenario, gone: usize) -> Scenario {
    let map = |i: usize| if i > gone { i - 1 } else { i };
    let mut out = Scenario {
        title: s.title.clone(),
        ideologies: s.ideologies.clone(),
        affinities: s.affinities.clone(),
        model: s.model.clone(),
        blocs: s.blocs,
        timeline: s.timeline.clone(),
        games: s.games.clone(),
        ..Scenario::new()
    };
    for (i, st) in s.states.iter().enumerate() {
        if i != gone {
            out.add_state(st.clone());
        }
    }
    out.alliances = s
        .alliances
        .iter()
        .map(|a| AllianceInfo {
            name: a.name.clone(),
            members: a
                .members
                .iter()
                .filter(|&&m| m != gone)
                .map(|&m| map(m))
                .collect(),
            reliability: a.reliability,
            active: a.active && a.members.iter().filter(|&&m| m != gone).count() >= 2,
        })
        .collect();
    for e in s.graph.raw_edges() {
        let (a, b) = (e.source().index(), e.target().index());
        if a != gone && b != gone {
            out.graph.add_edge(
                NodeIndex::new(map(a)),
                NodeIndex::new(map(b)),
                e.weight.clone(),
            );
        }
    }
    out
}

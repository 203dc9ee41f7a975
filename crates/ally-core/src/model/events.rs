//! Events change a scenario: a threat made, aid offered, a battle lost, a regime fallen,
//! an alliance made or ended, a state entering or leaving, a relation declared. The
//! checker turns each event it reads into an [`Event`] of ids; [`apply`] carries one
//! out on a scenario, in place, needing nothing but the scenario. Callers that must
//! keep the original apply events to a copy.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::pacts::{Obligation, type_text};
use super::uncertain::{EventRange, Field, Slot};
use super::{AllianceInfo, DEFAULT_THREAT_LEVEL, Relation, Scenario, StateId, StateInfo, fmt_num};
use crate::diagnostics::{Diag, codes};
use crate::span::Span;

/// Share of its power a state loses in a lost battle unless `loss X` says otherwise.
pub const DEFAULT_BATTLE_LOSS: f64 = 0.2;

/// A checked event: states by their [`StateId`], ideologies and alliances by index.
/// Values the user left out stay `None` where the description of the event shows
/// whether they were written.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Threat {
        from: StateId,
        to: StateId,
        /// The intent as written; [`DEFAULT_THREAT_LEVEL`] when `None`.
        level: Option<f64>,
    },
    /// `end threat A -> B`: the declared threat goes, and A's intent towards B returns
    /// to the latent level.
    EndThreat {
        from: StateId,
        to: StateId,
    },
    Offer {
        from: StateId,
        to: StateId,
        amount: f64,
    },
    Battle {
        winner: StateId,
        loser: StateId,
        /// Share of the loser's power lost.
        loss: f64,
    },
    Turmoil {
        state: StateId,
        ideology: usize,
    },
    Alliance {
        /// The name as written; unnamed alliances are named after their members.
        name: Option<String>,
        members: Vec<StateId>,
        reliability: f64,
        /// Its `type`; empty when untyped.
        obligations: Vec<Obligation>,
    },
    /// The alliance of this index ends.
    EndAlliance(usize),
    /// The alliance of this name, made in an earlier `at` block (so with no index when
    /// the file is checked), ends.
    EndMadeAlliance(String),
    /// A state enters, as declared.
    Enter(StateInfo),
    Leave(StateId),
    /// The state's power becomes this (`power X = v`).
    Power(StateId, f64),
    Border(StateId, StateId),
    Distance(StateId, StateId, f64),
    Affinity(usize, usize, f64),
    Propensity(StateId, StateId, f64),
}

/// A checked event with the span of its text, for diagnostics raised when it is applied,
/// and the ranges written in it (its numbers are held at their middles).
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub event: Event,
    pub span: Span,
    pub ranges: Vec<EventRange>,
}

/// Applies a located event: [`apply_ranged`] with its ranges.
pub fn apply_located(s: &mut Scenario, e: &Located) -> Result<(), Diag> {
    apply_ranged(s, &e.event, e.span, &e.ranges)
}

/// The kinds of event, for counting what moved states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Threat,
    /// A threat ended (`end threat`): back to the latent level.
    Withdrawal,
    /// A threat declared at intent 0: no hostile intent, below the latent level.
    NoHostileIntent,
    Offer,
    /// An offer set to 0: the aid ends, and with it the partnership.
    AidEnded,
    Battle,
    Turmoil,
    Alliance,
    EndAlliance,
    Enter,
    Leave,
    Other,
}

impl EventKind {
    pub fn of(event: &Event) -> EventKind {
        match event {
            Event::Threat { level: Some(l), .. } if *l == 0.0 => EventKind::NoHostileIntent,
            Event::Threat { .. } => EventKind::Threat,
            Event::EndThreat { .. } => EventKind::Withdrawal,
            Event::Offer { amount, .. } if *amount == 0.0 => EventKind::AidEnded,
            Event::Offer { .. } => EventKind::Offer,
            Event::Battle { .. } => EventKind::Battle,
            Event::Turmoil { .. } => EventKind::Turmoil,
            Event::Alliance { .. } => EventKind::Alliance,
            Event::EndAlliance(_) | Event::EndMadeAlliance(_) => EventKind::EndAlliance,
            Event::Enter(_) => EventKind::Enter,
            Event::Leave(_) => EventKind::Leave,
            _ => EventKind::Other,
        }
    }
    /// The kind in words, with its article: "after a battle".
    pub fn word(self) -> &'static str {
        match self {
            EventKind::Threat => "a new threat",
            EventKind::Withdrawal => "a threat withdrawn",
            EventKind::NoHostileIntent => "a declaration of no hostile intent",
            EventKind::Offer => "an offer of aid",
            EventKind::AidEnded => "aid ended",
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

/// A one-line description of an event. Names are written bare, as the bloc lines and
/// `why` write them (`Austria-Hungary threatens Serbia`), so one answer never spells a
/// name two ways; a threat set to 0 declares no hostile intent (below the latent level),
/// `end threat` withdraws one (back to it), and an alliance keeps its reliability.
pub fn describe(s: &Scenario, event: &Event) -> String {
    let n = |id: StateId| s.name_of(id).to_string();
    let ideology = |i: usize| s.ideologies.get(i).cloned().unwrap_or_default();
    match event {
        Event::Threat {
            from,
            to,
            level: Some(l),
        } if *l == 0.0 => format!("{} declares no hostile intent towards {}", n(*from), n(*to)),
        Event::EndThreat { from, to } => {
            format!("{} withdraws its threat to {}", n(*from), n(*to))
        }
        Event::Threat { from, to, level } => format!(
            "{} threatens {}{}",
            n(*from),
            n(*to),
            level.map_or(String::new(), |l| format!(" ({})", fmt_num(l)))
        ),
        Event::Offer { from, to, amount } if *amount == 0.0 => {
            format!("{} ends its aid to {}", n(*from), n(*to))
        }
        Event::Offer { from, to, amount } => {
            format!("{} offers {} {}", n(*from), n(*to), fmt_num(*amount))
        }
        Event::Battle { winner, loser, .. } => format!("{} defeats {}", n(*winner), n(*loser)),
        Event::Turmoil { state, ideology: i } => {
            format!("turmoil in {}: now {}", n(*state), ideology(*i))
        }
        Event::Alliance {
            name,
            members,
            reliability,
            obligations,
        } => format!(
            "alliance {}{{ {} }}{}{}",
            name.as_ref().map_or(String::new(), |x| format!("{x} ")),
            members.iter().map(|&m| n(m)).collect::<Vec<_>>().join(", "),
            if obligations.is_empty() {
                String::new()
            } else {
                format!(" type {}", type_text(obligations, n))
            },
            if *reliability == super::DEFAULT_RELIABILITY {
                String::new()
            } else {
                format!(" reliability {}", fmt_num(*reliability))
            }
        ),
        Event::EndAlliance(k) => format!(
            "end of alliance {}",
            s.alliances.get(*k).map_or("", |a| a.name.as_str())
        ),
        Event::EndMadeAlliance(name) => format!("end of alliance {name}"),
        Event::Enter(info) => format!("{} enters", info.name),
        Event::Leave(id) => format!("{} leaves", n(*id)),
        Event::Power(id, v) => format!("power {} = {}", n(*id), fmt_num(*v)),
        Event::Border(a, b) => format!("border {} ~ {}", n(*a), n(*b)),
        Event::Distance(a, b, v) => format!("distance {} ~ {} = {}", n(*a), n(*b), fmt_num(*v)),
        Event::Affinity(a, b, v) => format!(
            "affinity {} ~ {} = {}",
            ideology(*a),
            ideology(*b),
            fmt_num(*v)
        ),
        Event::Propensity(a, b, v) => {
            format!("propensity {} ~ {} = {}", n(*a), n(*b), fmt_num(*v))
        }
    }
}

/// The index of a state that must be present when the event happens.
fn present(s: &Scenario, id: StateId, span: Span) -> Result<usize, Diag> {
    s.index_of(id).ok_or_else(|| {
        Diag::error(
            codes::UNDECLARED_STATE,
            span,
            format!(
                "state `{}` is not in the scenario at this point",
                s.name_of(id)
            ),
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

/// Makes an alliance of `members` (state indices) and returns its number: the one
/// builder for declared alliances and alliances made by events. An alliance of the same
/// name as an earlier one (ended or not) revives it under its own number, with the new
/// members; the links of its old membership go.
pub fn make_alliance(
    s: &mut Scenario,
    name: Option<&str>,
    members: &[usize],
    reliability: f64,
    obligations: &[Obligation],
) -> usize {
    let name = name.map_or_else(
        || {
            members
                .iter()
                .map(|&i| s.states[i].name.clone())
                .collect::<Vec<_>>()
                .join("–")
        },
        str::to_string,
    );
    let info = AllianceInfo {
        name,
        members: members.to_vec(),
        reliability,
        active: true,
        obligations: obligations.to_vec(),
    };
    let number = match s.alliances.iter().position(|a| a.name == info.name) {
        Some(k) => {
            s.graph.retain_edges(|g, e| g[e] != Relation::Alliance(k));
            s.alliances[k] = info;
            k
        }
        None => {
            s.alliances.push(info);
            s.alliances.len() - 1
        }
    };
    for (k, &a) in members.iter().enumerate() {
        for &b in &members[k + 1..] {
            s.relate(a, b, Relation::Alliance(number));
        }
    }
    number
}

/// Applies one event to `s` in place; `span` is where it is written. Every number it
/// sets is certain from now on ([`apply_ranged`] with no range).
pub fn apply(s: &mut Scenario, event: &Event, span: Span) -> Result<(), Diag> {
    apply_ranged(s, event, span, &[])
}

/// Applies one event whose numbers may be ranges: each number the event sets becomes
/// uncertain on its range in `ranges`, or certain ([`Scenario::set_uncertain`]); a lost
/// battle scales the range of the loser's power with the power.
pub fn apply_ranged(
    s: &mut Scenario,
    event: &Event,
    span: Span,
    ranges: &[EventRange],
) -> Result<(), Diag> {
    let mut set: Vec<(Field, Slot)> = Vec::new();
    match event {
        Event::Threat { from, to, level } => {
            let (a, b) = (present(s, *from, span)?, present(s, *to, span)?);
            let lv = level.unwrap_or(DEFAULT_THREAT_LEVEL);
            set_directed(s, a, b, Relation::Threat(lv));
            set.push((Field::Value, Slot::Threat(*from, *to)));
        }
        Event::EndThreat { from, to } => {
            let (a, b) = (present(s, *from, span)?, present(s, *to, span)?);
            let edge = s
                .graph
                .edges_connecting(NodeIndex::new(a), NodeIndex::new(b))
                .find(|e| matches!(e.weight(), Relation::Threat(_)))
                .map(|e| petgraph::visit::EdgeRef::id(&e));
            match edge {
                Some(e) => {
                    s.graph.remove_edge(e);
                    // An ended threat's intent is the latent level again: no range.
                    set.push((Field::Value, Slot::Threat(*from, *to)));
                }
                None => {
                    return Err(Diag::error(
                        codes::UNDECLARED_THREAT,
                        span,
                        format!(
                            "no threat from `{}` to `{}` is declared when it ends",
                            s.states[a].name, s.states[b].name
                        ),
                    )
                    .label("nothing to withdraw"));
                }
            }
        }
        Event::Offer { from, to, amount } => {
            let (a, b) = (present(s, *from, span)?, present(s, *to, span)?);
            set_directed(s, a, b, Relation::Offer(*amount));
            set.push((Field::Value, Slot::Offer(*from, *to)));
        }
        Event::Battle {
            winner,
            loser,
            loss,
        } => {
            present(s, *winner, span)?;
            let l = present(s, *loser, span)?;
            // A state never loses all of its power: it stays a (weak) actor.
            let kept = (1.0 - loss).max(1e-6);
            s.states[l].power *= kept;
            for u in &mut s.uncertain {
                if u.slot == Slot::Power(*loser) {
                    u.low *= kept;
                    u.high *= kept;
                }
            }
        }
        Event::Turmoil { state, ideology } => {
            let i = present(s, *state, span)?;
            s.states[i].ideology = Some(*ideology);
        }
        Event::Alliance {
            name,
            members,
            reliability,
            obligations,
        } => {
            let mut idx = Vec::new();
            for &m in members {
                idx.push(present(s, m, span)?);
            }
            let k = make_alliance(s, name.as_deref(), &idx, *reliability, obligations);
            set.push((Field::Value, Slot::Reliability(k)));
        }
        Event::EndAlliance(k) => {
            if let Some(a) = s.alliances.get_mut(*k) {
                a.active = false;
            }
        }
        Event::EndMadeAlliance(name) => match s.alliances.iter_mut().find(|a| &a.name == name) {
            Some(a) => a.active = false,
            // Made in a block that comes later in time than this one.
            None => {
                return Err(Diag::error(
                    codes::UNDECLARED_ALLIANCE,
                    span,
                    format!("alliance `{name}` is not made before it ends"),
                )
                .label("ended before it is made"));
            }
        },
        Event::Power(id, v) => {
            let i = present(s, *id, span)?;
            s.states[i].power = *v;
            set.push((Field::Value, Slot::Power(*id)));
        }
        Event::Leave(id) => {
            let i = present(s, *id, span)?;
            *s = without(s, i);
        }
        Event::Enter(info) => {
            if let Some(prev) = s.state(&info.name) {
                return Err(Diag::error(
                    codes::DUPLICATE,
                    info.span,
                    format!("state `{}` is declared twice", info.name),
                )
                .label("declared again here")
                .also(s.states[prev].span, "first declared here")
                .help("merge the two declarations into one `state … { … }` block"));
            }
            s.add_state(info.clone());
            set.push((Field::Value, Slot::Power(info.id)));
            set.push((Field::Offense, Slot::Offense(info.id)));
        }
        Event::Border(a, b) => {
            let (x, y) = (present(s, *a, span)?, present(s, *b, span)?);
            s.relate(x, y, Relation::Border);
        }
        Event::Distance(a, b, v) => {
            let (x, y) = (present(s, *a, span)?, present(s, *b, span)?);
            s.relate(x, y, Relation::Distance(*v));
            set.push((Field::Value, Slot::distance(*a, *b)));
        }
        Event::Propensity(a, b, v) => {
            let (x, y) = (present(s, *a, span)?, present(s, *b, span)?);
            s.relate(x, y, Relation::Propensity(*v));
            set.push((Field::Value, Slot::propensity(*a, *b)));
        }
        Event::Affinity(a, b, v) => {
            s.affinities.insert((*a.min(b), *a.max(b)), *v);
            set.push((Field::Value, Slot::affinity(*a, *b)));
        }
    }
    for (field, slot) in set {
        let range = ranges
            .iter()
            .find(|r| r.field == field)
            .map(|r| (r.low, r.high, r.span));
        s.set_uncertain(slot, range);
    }
    Ok(())
}

/// The scenario without state `gone`: indices above it shift down by one.
pub fn without(s: &Scenario, gone: usize) -> Scenario {
    let map = |i: usize| if i > gone { i - 1 } else { i };
    let mut out = Scenario {
        title: s.title.clone(),
        names: s.names.clone(),
        ideologies: s.ideologies.clone(),
        affinities: s.affinities.clone(),
        model: s.model.clone(),
        blocs: s.blocs,
        timeline: s.timeline.clone(),
        games: s.games.clone(),
        trees: s.trees.clone(),
        default_proximity: s.default_proximity,
        draws: s.draws,
        seed: s.seed,
        uncertain: s
            .uncertain
            .iter()
            .filter(|u| !u.slot.involves(s.states[gone].id))
            .cloned()
            .collect(),
        latent_intent: s.latent_intent,
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
            obligations: a.obligations.clone(),
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

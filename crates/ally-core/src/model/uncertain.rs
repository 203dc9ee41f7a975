//! Uncertain inputs (SPEC §1.2): numbers written as ranges `a..b`, uniform on the range.
//!
//! The checked scenario holds every number at the middle of its range, so every question
//! but those about chances reads it as it stands. Beside it, [`Scenario::uncertain`] lists
//! the uncertain numbers as [`Slot`]s — which number of the scenario a draw replaces — with
//! their ranges; a draw ([`write`]) puts one value into each slot. A slot names states by
//! their identity and alliances by their number, so it survives states entering and
//! leaving, and an event that sets a number settles its slot ([`Scenario::set_uncertain`]).

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Relation, Scenario, StateId};
use crate::span::Span;

/// The draws a question about chances takes unless `draws N` says otherwise.
pub const DEFAULT_DRAWS: usize = 1000;
/// The most draws a file may ask for (`ally::bad_draws` above): at 30 states a draw
/// takes about 0.1 ms of CPU (docs/book/src/performance.md), so this many is seconds of
/// work a question, and past 30 states up to 0.1 s of search a draw.
pub const MAX_DRAWS: usize = 100_000;
/// The seed of the draws unless `seed S` says otherwise.
pub const DEFAULT_SEED: u64 = 2024;

/// A number of the scenario that a draw may replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Power(StateId),
    Offense(StateId),
    /// The intent of the threat from the first to the second.
    Threat(StateId, StateId),
    /// The aid offered by the first to the second.
    Offer(StateId, StateId),
    /// The declared proximity of the pair (the smaller identity first).
    Distance(StateId, StateId),
    /// The declared landscape propensity of the pair (the smaller identity first).
    Propensity(StateId, StateId),
    /// The affinity of two ideologies (the smaller index first).
    Affinity(usize, usize),
    /// The reliability of the alliance of this number.
    Reliability(usize),
    /// `latent intent x`: the intent of every pair with no declared threat.
    LatentIntent,
}

impl Slot {
    /// The slot of a symmetric relation, its pair in a fixed order.
    pub fn distance(a: StateId, b: StateId) -> Slot {
        Slot::Distance(a.min(b), a.max(b))
    }
    pub fn propensity(a: StateId, b: StateId) -> Slot {
        Slot::Propensity(a.min(b), a.max(b))
    }
    pub fn affinity(a: usize, b: usize) -> Slot {
        Slot::Affinity(a.min(b), a.max(b))
    }

    /// Whether the slot is a number of state `id` or of a relation of it.
    pub fn involves(self, id: StateId) -> bool {
        match self {
            Slot::Power(x) | Slot::Offense(x) => x == id,
            Slot::Threat(a, b)
            | Slot::Offer(a, b)
            | Slot::Distance(a, b)
            | Slot::Propensity(a, b) => a == id || b == id,
            Slot::Affinity(..) | Slot::Reliability(_) | Slot::LatentIntent => false,
        }
    }

    /// The slot as a file writes the number (`threat Germany -> France`, `power of
    /// Russia`), with names as the answers write them.
    pub fn describe(self, s: &Scenario) -> String {
        let n = |id: StateId| s.name_of(id).to_string();
        let ideology = |i: usize| s.ideologies.get(i).cloned().unwrap_or_default();
        match self {
            Slot::Power(x) => format!("power of {}", n(x)),
            Slot::Offense(x) => format!("offense of {}", n(x)),
            Slot::Threat(a, b) => format!("threat {} -> {}", n(a), n(b)),
            Slot::Offer(a, b) => format!("offer {} -> {}", n(a), n(b)),
            Slot::Distance(a, b) => format!("distance {} ~ {}", n(a), n(b)),
            Slot::Propensity(a, b) => format!("propensity {} ~ {}", n(a), n(b)),
            Slot::Affinity(a, b) => format!("affinity {} ~ {}", ideology(a), ideology(b)),
            Slot::Reliability(k) => format!(
                "reliability of {}",
                s.alliances.get(k).map_or("", |a| a.name.as_str())
            ),
            Slot::LatentIntent => "latent intent".to_string(),
        }
    }
}

/// One uncertain number: uniform on `[low, high]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    pub slot: Slot,
    pub low: f64,
    pub high: f64,
    /// Where the range is written.
    pub span: Span,
}

impl Uncertain {
    /// The value a draw at `u` in `[0, 1)` gives: `low + u·(high − low)`, exactly `low`
    /// for a range of zero width.
    pub fn at(&self, u: f64) -> f64 {
        self.low + u * (self.high - self.low)
    }

    pub fn width(&self) -> f64 {
        self.high - self.low
    }

    /// The middle, the value every question but those about chances sees.
    pub fn mid(&self) -> f64 {
        crate::syntax::middle(self.low, self.high)
    }
}

/// Which number of an event a range belongs to: the event's own number (a threat's
/// intent, an offer, a power, a distance, an affinity, a propensity, an alliance's
/// reliability, an entering state's power), or an entering state's offense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Value,
    Offense,
}

/// A range written in an event; its [`Slot`] is known when the event happens (an
/// alliance's number is given then).
#[derive(Clone, Debug, PartialEq)]
pub struct EventRange {
    pub field: Field,
    pub low: f64,
    pub high: f64,
    pub span: Span,
}

impl Scenario {
    /// Settles `slot`: uncertain on `range` (`low, high, where written`) from now on, or
    /// certain (`None`) — a number set without a range replaces the range before it.
    pub fn set_uncertain(&mut self, slot: Slot, range: Option<(f64, f64, Span)>) {
        self.uncertain.retain(|u| u.slot != slot);
        if let Some((low, high, span)) = range {
            self.uncertain.push(Uncertain {
                slot,
                low,
                high,
                span,
            });
        }
    }

    /// The uncertain inputs a draw varies: those of positive width (a range of zero
    /// width is its number).
    pub fn varied(&self) -> impl Iterator<Item = &Uncertain> {
        self.uncertain.iter().filter(|u| u.width() > 0.0)
    }
}

/// The first edge between `a` and `b` (either way) that `pick` selects, in the order
/// [`Scenario::find`] reads them, so a draw writes the very number the theory reads.
pub fn edge(
    s: &Scenario,
    a: usize,
    b: usize,
    directed: bool,
    pick: impl Fn(&Relation) -> bool,
) -> Option<petgraph::graph::EdgeIndex> {
    let (x, y) = (NodeIndex::new(a), NodeIndex::new(b));
    let forward = s.graph.edges_connecting(x, y);
    if directed {
        return forward.filter(|e| pick(e.weight())).map(|e| e.id()).next();
    }
    forward
        .chain(s.graph.edges_connecting(y, x))
        .find(|e| pick(e.weight()))
        .map(|e| e.id())
}

/// Where a slot's number lives in one scenario, found once so that each draw writes it
/// directly; `None` when the scenario does not hold it now (a state that left).
#[derive(Clone, Copy, Debug)]
pub enum Target {
    Power(usize),
    Offense(usize),
    Edge(petgraph::graph::EdgeIndex),
    Affinity(usize, usize),
    Reliability(usize),
    LatentIntent,
}

impl Target {
    pub fn of(s: &Scenario, slot: Slot) -> Option<Target> {
        let pair = |a: StateId, b: StateId| Some((s.index_of(a)?, s.index_of(b)?));
        Some(match slot {
            Slot::Power(x) => Target::Power(s.index_of(x)?),
            Slot::Offense(x) => Target::Offense(s.index_of(x)?),
            Slot::Threat(a, b) => {
                let (i, j) = pair(a, b)?;
                Target::Edge(edge(s, i, j, true, |r| matches!(r, Relation::Threat(_)))?)
            }
            Slot::Offer(a, b) => {
                let (i, j) = pair(a, b)?;
                Target::Edge(edge(s, i, j, true, |r| matches!(r, Relation::Offer(_)))?)
            }
            Slot::Distance(a, b) => {
                let (i, j) = pair(a, b)?;
                Target::Edge(edge(s, i, j, false, |r| {
                    matches!(r, Relation::Distance(_))
                })?)
            }
            Slot::Propensity(a, b) => {
                let (i, j) = pair(a, b)?;
                Target::Edge(edge(s, i, j, false, |r| {
                    matches!(r, Relation::Propensity(_))
                })?)
            }
            Slot::Affinity(a, b) => Target::Affinity(a, b),
            Slot::Reliability(k) => {
                s.alliances.get(k)?;
                Target::Reliability(k)
            }
            Slot::LatentIntent => Target::LatentIntent,
        })
    }

    /// Writes `v` where the number lives.
    pub fn write(self, s: &mut Scenario, v: f64) {
        match self {
            Target::Power(i) => s.states[i].power = v,
            Target::Offense(i) => s.states[i].offense = v,
            Target::Edge(e) => {
                if let Some(w) = s.graph.edge_weight_mut(e) {
                    match w {
                        Relation::Threat(x)
                        | Relation::Offer(x)
                        | Relation::Distance(x)
                        | Relation::Propensity(x) => *x = v,
                        Relation::Border | Relation::Alliance(_) => {}
                    }
                }
            }
            Target::Affinity(a, b) => {
                s.affinities.insert((a, b), v);
            }
            Target::Reliability(k) => {
                if let Some(a) = s.alliances.get_mut(k) {
                    a.reliability = v;
                }
            }
            Target::LatentIntent => s.latent_intent = Some(v),
        }
    }

    /// The pairs of states (indices, `i < j`) whose propensity may read the number,
    /// added to `out`: a state's own numbers reach every pair it is in, a relation's its
    /// pair, an affinity the pairs holding its two ideologies, a reliability the pairs
    /// of its members, the latent intent every pair.
    pub fn pairs(self, s: &Scenario, out: &mut Vec<(usize, usize)>) {
        let n = s.states.len();
        let mut add = |i: usize, j: usize| {
            if i != j {
                out.push((i.min(j), i.max(j)));
            }
        };
        match self {
            Target::Power(i) | Target::Offense(i) => (0..n).for_each(|j| add(i, j)),
            // Every pair with no declared threat either way may read it.
            Target::LatentIntent => (0..n).for_each(|i| (i + 1..n).for_each(|j| add(i, j))),
            Target::Edge(e) => {
                if let Some((a, b)) = s.graph.edge_endpoints(e) {
                    add(a.index(), b.index());
                }
            }
            Target::Affinity(a, b) => {
                let holds = |i: usize, x: usize| s.states[i].ideology == Some(x);
                for i in 0..n {
                    for j in i + 1..n {
                        if (holds(i, a) && holds(j, b)) || (holds(i, b) && holds(j, a)) {
                            add(i, j);
                        }
                    }
                }
            }
            Target::Reliability(k) => {
                if let Some(al) = s.alliances.get(k) {
                    for (x, &i) in al.members.iter().enumerate() {
                        for &j in &al.members[x + 1..] {
                            add(i, j);
                        }
                    }
                }
            }
        }
    }
}

/// Writes `v` into `slot` of `s` (nothing when the scenario does not hold it).
pub fn write(s: &mut Scenario, slot: Slot, v: f64) {
    if let Some(t) = Target::of(s, slot) {
        t.write(s, v);
    }
}

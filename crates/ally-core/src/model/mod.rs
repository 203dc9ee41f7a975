//! The checked scenario: states as nodes of a petgraph graph, relations as typed edges.

pub mod check;
pub mod events;
pub mod notes;
pub mod pacts;
pub mod question;
pub mod uncertain;

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::games::Game;
use crate::span::Span;

pub use events::{Event, Located};

/// Reliability of a declared alliance when none is given: alliances are honoured about
/// 74.5 % of the time (Leeds, Long & Mitchell 2000).
pub const DEFAULT_RELIABILITY: f64 = 0.745;
/// Power of a state declared without one.
pub const DEFAULT_POWER: f64 = 1.0;
/// Intent of a declared `threat` written without a level.
pub const DEFAULT_THREAT_LEVEL: f64 = 1.0;
/// Affinity of two different ideologies without an `affinity` line: 0, neither
/// attraction nor enmity. Walt finds that similarity attracts, but a difference of
/// ideology need not make enemies (docs/book/src/models.md, "Default affinity"); a file that relies on it
/// gets the note `ally::default_affinity`.
pub const DEFAULT_AFFINITY: f64 = 0.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    Balancing,
    Bandwagoning,
    Ideology,
    Aid,
    Landscape,
}

impl ModelKind {
    pub const ALL: [ModelKind; 5] = [
        ModelKind::Balancing,
        ModelKind::Bandwagoning,
        ModelKind::Ideology,
        ModelKind::Aid,
        ModelKind::Landscape,
    ];
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Balancing => "balancing",
            ModelKind::Bandwagoning => "bandwagoning",
            ModelKind::Ideology => "ideology",
            ModelKind::Aid => "aid",
            ModelKind::Landscape => "landscape",
        }
    }
    pub fn parse(s: &str) -> Option<ModelKind> {
        ModelKind::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
    }
}

/// A weighted mixture of models; `model balancing` is `[(Balancing, 1.0)]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Model {
    pub terms: Vec<(ModelKind, f64)>,
}

impl Model {
    pub fn single(kind: ModelKind) -> Self {
        Model {
            terms: vec![(kind, 1.0)],
        }
    }
    pub fn weight(&self, kind: ModelKind) -> f64 {
        self.terms
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, w)| w)
            .sum()
    }
    /// How the model is written in a file: `balancing` or `balancing 0.7, ideology 0.3`.
    pub fn describe(&self) -> String {
        if let [(k, w)] = self.terms.as_slice()
            && *w == 1.0
        {
            return k.name().to_string();
        }
        self.terms
            .iter()
            .map(|(k, w)| format!("{} {}", k.name(), fmt_num(*w)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::single(ModelKind::Balancing)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Doctrine {
    Balancing,
    Bandwagoning,
}

/// A state's identity for the whole scenario: an index into [`Scenario::names`] that,
/// unlike its place in [`Scenario::states`], stays the same when other states enter or
/// leave. Checked events and queries name states by it.
pub type StateId = usize;

#[derive(Clone, Debug, PartialEq)]
pub struct StateInfo {
    pub id: StateId,
    pub name: String,
    pub power: f64,
    pub ideology: Option<usize>,
    pub offense: f64,
    /// Latitude and longitude in degrees.
    pub at: Option<(f64, f64)>,
    pub doctrine: Option<Doctrine>,
    pub span: Span,
}

/// The typed edges of the scenario graph. Symmetric relations are stored once, from
/// the state declared first to the other.
#[derive(Clone, Debug, PartialEq)]
pub enum Relation {
    Border,
    /// Declared proximity of a non-neighbouring pair, in [0, 1].
    Distance(f64),
    /// Declared intent of a threat, in [0, 1].
    Threat(f64),
    /// Aid offered, in the scenario's money units.
    Offer(f64),
    /// Membership of both ends in alliance number `.0`.
    Alliance(usize),
    /// A declared landscape propensity.
    Propensity(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AllianceInfo {
    pub name: String,
    pub members: Vec<usize>,
    pub reliability: f64,
    pub active: bool,
    /// What the members owe each other (`type …`); empty for an untyped alliance.
    pub obligations: Vec<pacts::Obligation>,
}

/// A time-stamped block of events (`at 1915 { … }`), kept for the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct EventBlock {
    pub time: f64,
    pub events: Vec<Located>,
}

#[derive(Clone, Debug, Default)]
pub struct Scenario {
    pub title: Option<String>,
    /// The name of every state identity ever given out ([`StateId`]), present or not:
    /// states that have left and states that enter later in an `at` block.
    pub names: Vec<String>,
    pub states: Vec<StateInfo>,
    pub by_name: HashMap<String, usize>,
    pub ideologies: Vec<String>,
    /// Affinity between two ideologies, keyed with the smaller index first.
    pub affinities: BTreeMap<(usize, usize), f64>,
    pub alliances: Vec<AllianceInfo>,
    pub graph: DiGraph<usize, Relation>,
    pub model: Model,
    pub blocs: usize,
    /// `blocs N, neutral`: a state may stay out of every bloc.
    pub neutral: bool,
    pub timeline: Vec<EventBlock>,
    /// Checked games, in declaration order.
    pub games: Vec<Game>,
    /// Checked games in extensive form (a `tree` in the block), in declaration order;
    /// shared, since every snapshot of the scenario holds them.
    pub trees: Vec<std::sync::Arc<crate::games::tree::Tree>>,
    /// `proximity default x`: the proximity of pairs with no border, distance or
    /// coordinates (else the theory's default).
    pub default_proximity: Option<f64>,
    /// The numbers written as ranges, in the order written: each is held above at the
    /// middle of its range, and a draw replaces it ([`uncertain`]).
    pub uncertain: Vec<uncertain::Uncertain>,
    /// `draws N`: how many draws a question about chances takes.
    pub draws: usize,
    /// `seed S`: the seed of the draws' random streams.
    pub seed: u64,
    /// `latent intent x`: the intent of a pair with no declared threat (else the
    /// theory's default).
    pub latent_intent: Option<f64>,
}

impl Scenario {
    pub fn new() -> Self {
        Scenario {
            blocs: 2,
            draws: uncertain::DEFAULT_DRAWS,
            seed: uncertain::DEFAULT_SEED,
            ..Default::default()
        }
    }

    pub fn state(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// A new state identity for `name` (declared, or entering later).
    pub fn new_id(&mut self, name: &str) -> StateId {
        self.names.push(name.to_string());
        self.names.len() - 1
    }

    /// Where the state of identity `id` is now, if it is present.
    pub fn index_of(&self, id: StateId) -> Option<usize> {
        self.states.iter().position(|s| s.id == id)
    }

    /// The name of a state identity ("" for an id this scenario never gave out).
    pub fn name_of(&self, id: StateId) -> &str {
        self.names.get(id).map_or("", String::as_str)
    }

    /// The game of this name.
    pub fn game(&self, name: &str) -> Option<usize> {
        self.games.iter().position(|g| g.name == name)
    }

    /// The game in extensive form of this name.
    pub fn tree(&self, name: &str) -> Option<usize> {
        self.trees.iter().position(|g| g.name == name)
    }

    pub fn ideology(&self, name: &str) -> Option<usize> {
        self.ideologies.iter().position(|i| i == name)
    }

    pub fn add_state(&mut self, info: StateInfo) -> usize {
        let idx = self.states.len();
        self.by_name.insert(info.name.clone(), idx);
        self.states.push(info);
        let node = self.graph.add_node(idx);
        debug_assert_eq!(node.index(), idx);
        idx
    }

    /// Adds a relation; symmetric ones are normalised to (smaller, larger) index.
    pub fn relate(&mut self, a: usize, b: usize, rel: Relation) {
        let (from, to) = match rel {
            Relation::Threat(_) | Relation::Offer(_) => (a, b),
            _ => (a.min(b), a.max(b)),
        };
        self.graph
            .add_edge(NodeIndex::new(from), NodeIndex::new(to), rel);
    }

    /// The relation of one kind between two states, if declared.
    pub fn find(&self, a: usize, b: usize, pred: impl Fn(&Relation) -> bool) -> Option<&Relation> {
        let (x, y) = (NodeIndex::new(a), NodeIndex::new(b));
        self.graph
            .edges_connecting(x, y)
            .chain(self.graph.edges_connecting(y, x))
            .map(|e| e.weight())
            .find(|r| pred(r))
    }

    /// The value of the directed relation from `a` to `b` that `pick` selects (a
    /// threat's intent, an offer's amount), if declared.
    pub fn directed(
        &self,
        a: usize,
        b: usize,
        pick: impl Fn(&Relation) -> Option<f64>,
    ) -> Option<f64> {
        self.graph
            .edges_connecting(NodeIndex::new(a), NodeIndex::new(b))
            .find_map(|e| pick(e.weight()))
    }

    /// Aid offered from `a` to `b` (0 when none).
    pub fn offer(&self, a: usize, b: usize) -> f64 {
        self.directed(a, b, |r| match r {
            Relation::Offer(v) => Some(*v),
            _ => None,
        })
        .unwrap_or(0.0)
    }

    /// Affinity of two ideologies: +1 for the same, [`DEFAULT_AFFINITY`] for different
    /// ones unless declared.
    pub fn affinity(&self, a: usize, b: usize) -> f64 {
        let key = (a.min(b), a.max(b));
        match self.affinities.get(&key) {
            Some(v) => *v,
            None if a == b => 1.0,
            None => DEFAULT_AFFINITY,
        }
    }

    /// Whether an active alliance (of any type) holds both states, or either offers
    /// the other aid: partners are no latent threat to each other.
    pub fn partners(&self, a: usize, b: usize) -> bool {
        self.offer(a, b) > 0.0
            || self.offer(b, a) > 0.0
            || self
                .alliances
                .iter()
                .any(|al| al.active && al.members.contains(&a) && al.members.contains(&b))
    }

    pub fn total_power(&self) -> f64 {
        self.states.iter().map(|s| s.power).sum()
    }
}

/// Numbers as a person writes them: no trailing zeros, at most 6 decimals.
pub fn fmt_num(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}
